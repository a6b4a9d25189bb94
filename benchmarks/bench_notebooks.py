"""How long each notebook takes top to bottom in a fresh kernel (target: under 10 s on 2 cores).

Run on demand:  python benchmarks/bench_notebooks.py [--suite [--repeat N]]
--suite also times the whole `pytest` run (target: under 120 s on 2 cores), N times (default 1),
each with the machine's busy CPU seconds in that time (Linux). On the shared virtual machine this
was written on, the same suite took 223-262 s of CPU from one run to the next, and 114-133 s of
wall time with it: compare medians.
Executes copies in memory: the stored notebooks are not touched.
"""
import argparse
import pathlib
import statistics
import subprocess
import sys
import time

import nbformat
from nbclient import NotebookClient

ROOT = pathlib.Path(__file__).resolve().parent.parent
NOTEBOOK_TARGET, SUITE_TARGET = 10.0, 120.0


def run_notebook(path):
    nb = nbformat.read(str(path), as_version=4)
    client = NotebookClient(nb, timeout=300, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}})
    start = time.perf_counter()
    client.execute()
    return time.perf_counter() - start


def machine_cpu_seconds():
    """Busy CPU seconds of the whole machine so far (user, nice, system, irq, softirq, steal), or
    None where /proc/stat is missing: the suite's own processes, its kernels, servers and browser."""
    try:
        with open("/proc/stat") as f:
            fields = f.readline().split()
    except OSError:
        return None
    busy = sum(int(fields[i]) for i in (1, 2, 3, 6, 7, 8))
    return busy / 100   # USER_HZ, 100 on Linux


def time_suite(repeat):
    """Time the whole `pytest` `repeat` times; print each run and the median."""
    walls = []
    for run in range(1, repeat + 1):
        cpu0, start = machine_cpu_seconds(), time.perf_counter()
        result = subprocess.run([sys.executable, "-m", "pytest", "-q"], cwd=ROOT,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        seconds, cpu1 = time.perf_counter() - start, machine_cpu_seconds()
        walls.append(seconds)
        summary = result.stdout.strip().splitlines()[-1] if result.stdout.strip() else "(no output)"
        cpu = f", machine CPU {cpu1 - cpu0:.0f} s" if cpu0 is not None else ""
        print(f"whole pytest, run {run}: {seconds:.1f} s ({seconds / SUITE_TARGET:.2f} of the "
              f"{SUITE_TARGET:.0f} s target{cpu}): {summary}")
    if repeat > 1:
        median = statistics.median(walls)
        print(f"median of {repeat}: {median:.1f} s ({median / SUITE_TARGET:.2f} of the target); "
              f"range {min(walls):.1f}-{max(walls):.1f} s")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--suite", action="store_true", help="also time the whole pytest run")
    parser.add_argument("--repeat", type=int, default=1, metavar="N",
                        help="with --suite: time the whole pytest N times (default 1)")
    args = parser.parse_args()
    if args.repeat < 1:
        parser.error(f"--repeat: expected a whole number of at least 1, got {args.repeat}")
    print(f"{'notebook':36s} {'seconds':>8s} {'/target':>8s}   (kernel start included)")
    worst = 0.0
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        seconds = run_notebook(path)
        worst = max(worst, seconds)
        print(f"{path.name:36s} {seconds:8.2f} {seconds / NOTEBOOK_TARGET:8.2f}")
    print(f"slowest notebook {worst:.1f} s: {'within' if worst < NOTEBOOK_TARGET else 'OVER'} the {NOTEBOOK_TARGET:.0f} s target")
    if args.suite:
        print()
        time_suite(args.repeat)


if __name__ == "__main__":
    main()
