"""How long each notebook takes top to bottom in a fresh kernel (target: under 10 s on 2 cores).

Run on demand:  python benchmarks/bench_notebooks.py [--suite]
--suite also times the whole `pytest` run (target: under 120 s on 2 cores).
Executes copies in memory: the stored notebooks are not touched.
"""
import argparse
import pathlib
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


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--suite", action="store_true", help="also time the whole pytest run")
    args = parser.parse_args()
    print(f"{'notebook':36s} {'seconds':>8s} {'/target':>8s}   (kernel start included)")
    worst = 0.0
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        seconds = run_notebook(path)
        worst = max(worst, seconds)
        print(f"{path.name:36s} {seconds:8.2f} {seconds / NOTEBOOK_TARGET:8.2f}")
    print(f"slowest notebook {worst:.1f} s: {'within' if worst < NOTEBOOK_TARGET else 'OVER'} the {NOTEBOOK_TARGET:.0f} s target")
    if args.suite:
        start = time.perf_counter()
        result = subprocess.run([sys.executable, "-m", "pytest", "-q"], cwd=ROOT,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        seconds = time.perf_counter() - start
        summary = result.stdout.strip().splitlines()[-1] if result.stdout.strip() else "(no output)"
        print(f"\nwhole pytest: {seconds:.1f} s ({seconds / SUITE_TARGET:.2f} of the {SUITE_TARGET:.0f} s target): {summary}")


if __name__ == "__main__":
    main()
