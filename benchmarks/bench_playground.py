"""How long one chunk of the playground takes in the kernel: train, snapshot, draw.

For the default panel (circles, 200 points, 2 hidden layers of 8, chunks of 25 epochs, a 60 x 60
grid) and for the largest network the controls allow (6 hidden layers of 16), presses Step N
times and reports the median time per chunk, split into training (the pure stepper), snapshot
(the surface on the grid, the accuracy) and draw (update the artists + encode the PNG), against
the 50 ms target of issue 15 (for the whole trip: the browser's share comes on top). During Run
the panel also sleeps PLAYGROUND_PAUSE between chunks (not counted here); browser time (sending
the PNG, painting it) is not included either.

Run:  .venv/bin/python benchmarks/bench_playground.py [N]      (not run by the tests)
"""
import statistics
import sys
import time

import matplotlib

matplotlib.use("Agg")

from bpcore import panels  # noqa: E402

TARGET_MS = 50.0  # issue 15: key press -> new picture in the browser; the kernel's share is less
CASES = {"default (2 x 8 tanh)": {},
         "largest (6 x 16 sigmoid)": {"layers": 6, "neurons": 16, "activation": "sigmoid"}}


def bench(overrides, n):
    panel = panels.playground(**overrides)
    panel.controls["epochs"].value = 5000
    panel.buttons["step"].click()                      # warm-up: first draws are slower
    rows = {"train": [], "snapshot": [], "draw": [], "total": [], "cpu": []}
    for _ in range(n):
        before = bytes(panel.image.value)
        t0, c0 = time.perf_counter(), time.process_time()
        panel.buttons["step"].click()
        t1, c1 = time.perf_counter(), time.process_time()
        assert bytes(panel.image.value) != before, "the picture did not change"
        rows["train"].append(panel.timings["train_ms"])
        rows["snapshot"].append(panel.timings["snapshot_ms"])
        rows["draw"].append(panel.timings["draw_ms"])
        rows["total"].append(1e3 * (t1 - t0))
        rows["cpu"].append(1e3 * (c1 - c0))
    return {k: statistics.median(v) for k, v in rows.items()}, panel.chunk


def main(n=15):
    print(f"one chunk (Step) -> new picture, in-kernel, median of {n} (ms); target {TARGET_MS:.0f} ms")
    print("(cpu: the kernel's own CPU time for the whole step; on a busy machine wall > cpu)")
    print(f"{'network':<26} {'epochs':>6} {'train':>7} {'snapshot':>9} {'draw':>7} {'total':>7} "
          f"{'cpu':>7} {'/target':>8}")
    worst = 0.0
    for name, overrides in CASES.items():
        m, chunk = bench(overrides, n)
        worst = max(worst, m["total"]) if name.startswith("default") else worst
        print(f"{name:<26} {chunk:>6} {m['train']:7.1f} {m['snapshot']:9.1f} {m['draw']:7.1f} "
              f"{m['total']:7.1f} {m['cpu']:7.1f} {m['total'] / TARGET_MS:8.2f}")
    print(f"default panel: median {worst:.1f} ms per chunk: "
          f"{'within' if worst < TARGET_MS else 'OVER'} the target")
    pause_ms = 1e3 * panels.PLAYGROUND_PAUSE
    print(f"run mode in the kernel (chunk + {pause_ms:.0f} ms pause): at most "
          f"{1e3 / (worst + pause_ms):.1f} pictures a second (target 20; "
          "bench_widgets_browser.py measures them in the browser)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 15)
