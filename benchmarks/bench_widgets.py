"""How long a slider move takes in the kernel: set ``slider.value``, wait for the new picture.

For each default panel of bpcore.panels and a few sliders, moves the slider back and forth
N times and reports the median time from the assignment to the redrawn ``panel.image``, split
into compute (the pure function) and draw (update the artists + encode the PNG), against the
50 ms target of issue 15 (for the whole trip: the browser's share comes on top). The XOR panel
keeps its recent results (a slider moved back needs no training): its rows forget them before
each move, so they time the training a new value costs; "xor (kept)" times a move back. Browser time
(sending the PNG, painting it) is not included: bench_widgets_browser.py measures key press ->
new picture in a real JupyterLab.

Run:  .venv/bin/python benchmarks/bench_widgets.py [N]      (not run by the tests)
"""
import statistics
import sys
import time

import matplotlib

matplotlib.use("Agg")

from bpcore import panels  # noqa: E402

TARGET_MS = 50.0  # issue 15: key press -> new picture in the browser; the kernel's share is less

MOVES = {
    "perceptron": [("lr", 0.9, 1.5), ("w1", 1.0, -0.5), ("w2", 1.0, 2.0), ("b", 0.0, 0.5),
                   ("max_epochs", 20, 3)],
    "xor": [("lr", 1.0, 10 ** 0.25), ("scale", 1.0, 10 ** 0.25), ("seed", 1, 2), ("hidden", 4, 8),
            ("epochs", 2000, 2100)],
}


def bench(name, make, moves, n, forget=False):
    panel = make()
    rows = []
    for key, a, b in moves:
        slider = panel.controls[key]
        total, compute, draw, cpu = [], [], [], []
        for i in range(n):
            before = bytes(panel.image.value)
            if forget:  # the XOR panel keeps its recent results: time the compute it does on a miss
                panel.ahead.clear()
            t0, c0 = time.perf_counter(), time.process_time()
            slider.value = b if i % 2 == 0 else a
            t1, c1 = time.perf_counter(), time.process_time()
            assert bytes(panel.image.value) != before, f"{name}.{key}: the picture did not change"
            total.append(1e3 * (t1 - t0))
            cpu.append(1e3 * (c1 - c0))
            compute.append(panel.timings["compute_ms"])
            draw.append(panel.timings["draw_ms"])
        rows.append((name + (" (kept)" if getattr(panel, "ahead", None) and not forget else ""),
                     slider.description, statistics.median(compute),
                     statistics.median(draw), statistics.median(total), statistics.median(cpu)))
        slider.value = a
    return rows


def main(n=11):
    rows = bench("perceptron", panels.perceptron_panel, MOVES["perceptron"], n)
    rows += bench("xor", panels.xor_panel, MOVES["xor"], n, forget=True)
    rows += bench("xor", panels.xor_panel, MOVES["xor"][:1], n)  # back and forth: results kept
    print(f"slider move -> new picture, in-kernel, median of {n} (ms); target {TARGET_MS:.0f} ms")
    print("(cpu: the kernel's own CPU time for the whole move; on a busy machine wall > cpu)")
    print(f"{'panel':<12} {'slider':<14} {'compute':>8} {'draw':>8} {'total':>8} {'cpu':>8} {'/target':>8}")
    worst = 0.0
    for panel, slider, c, d, t, u in rows:
        worst = max(worst, t)
        print(f"{panel:<12} {slider:<14} {c:8.1f} {d:8.1f} {t:8.1f} {u:8.1f} {t / TARGET_MS:8.2f}")
    print(f"worst median {worst:.1f} ms: {'within' if worst < TARGET_MS else 'OVER'} the target")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 11)
