"""Memory one student's kernel needs: the resident set size (RSS) of a fresh kernel after it has
run each notebook top to bottom, and its peak (high-water mark) during the run.

    python benchmarks/bench_kernel_memory.py                 # lecturer and student editions
    python benchmarks/bench_kernel_memory.py notebooks/07_playground.ipynb

The kernel measures itself: a last cell appended to the notebook reads VmRSS and VmHWM from
/proc/self/status (Linux), after ``gc.collect()`` and ``plt.close("all")`` (what a student's
kernel holds once the notebook is done, figures closed), and before that, as a second reading,
with every figure still open. The largest peak is the figure to plan a JupyterHub with. A
baseline row runs an empty notebook that only imports numpy, matplotlib, ipywidgets and bpcore.
Cells that raise are counted, not fatal (a notebook that fails on this machine still gets a row).
"""
import argparse
import json
import pathlib
import sys
import time

import nbformat
from nbclient import NotebookClient

ROOT = pathlib.Path(__file__).resolve().parent.parent / "notebooks"

PROBE = """\
import gc as _gc, json as _json
def _bp_status():
    fields = dict(line.split(":", 1) for line in open("/proc/self/status"))
    return {k: int(fields[k].split()[0]) / 1024 for k in ("VmRSS", "VmHWM")}   # MiB
_bp_open = _bp_status()
try:
    import matplotlib.pyplot as _plt
    _plt.close("all")
except ImportError:
    pass
_gc.collect()
print("bpcore-memory:" + _json.dumps({"open": _bp_open, "closed": _bp_status()}))
"""
BASELINE = "import numpy, matplotlib.pyplot, ipywidgets, bpcore\nfrom bpcore import widgets, exercises"


def measure(nb, cwd):
    """``(rss with figures open, rss after closing them, peak, errors, seconds)``, MiB."""
    nb.cells.append(nbformat.v4.new_code_cell(PROBE))
    start = time.perf_counter()
    NotebookClient(nb, timeout=300, kernel_name="python3", allow_errors=True,
                   resources={"metadata": {"path": str(cwd)}}).execute()
    seconds = time.perf_counter() - start
    text = "".join(o.get("text", "") for o in nb.cells[-1].outputs if o.get("output_type") == "stream")
    found = json.loads(text.split("bpcore-memory:", 1)[1])
    errors = sum(o.get("output_type") == "error" for c in nb.cells[:-1] for o in c.get("outputs", []))
    return found["open"]["VmRSS"], found["closed"]["VmRSS"], found["closed"]["VmHWM"], errors, seconds


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("notebooks", nargs="*", help="default: every notebook of both editions, and the dashboards")
    args = parser.parse_args(argv)
    paths = [pathlib.Path(p) for p in args.notebooks] or (
        sorted(ROOT.glob("*.ipynb")) + sorted((ROOT / "student").glob("*.ipynb"))
        + sorted((ROOT / "dashboards").glob("*.ipynb")))
    rows = [("baseline (imports only)", *measure(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(BASELINE)]), ROOT))]
    for path in paths:
        rows.append((str(path.relative_to(ROOT.parent)) if path.is_relative_to(ROOT.parent) else str(path),
                     *measure(nbformat.read(str(path), as_version=4), path.parent)))
        print(f"  {rows[-1][0]}: peak {rows[-1][3]:.0f} MiB", file=sys.stderr)
    print("| notebook | RSS after the run, figures open (MiB) | figures closed (MiB) | peak RSS (MiB) | cells that raised | run time (s) |")
    print("| --- | --- | --- | --- | --- | --- |")
    for name, rss_open, rss, peak, errors, seconds in rows:
        print(f"| {name} | {rss_open:.0f} | {rss:.0f} | {peak:.0f} | {errors} | {seconds:.1f} |")
    worst = max(rows[1:] or rows, key=lambda r: r[3])
    print(f"\nlargest peak: {worst[3]:.0f} MiB ({worst[0]})")


if __name__ == "__main__":
    main()
