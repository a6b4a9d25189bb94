"""The scalar autograd engine (bpcore.autograd) against Network.fit, on notebook 08's moons task.

Run on demand:  python benchmarks/bench_autograd.py [--epochs 150] [--repeats 3]

Both train the same 2-6-1 tanh/sigmoid network from the same starting weights with mean binary
cross-entropy and lr 2 on 32 moons samples (notebook 08), and end with the same weights (checked).
Also: the engine with Python's garbage collector switched off (what the allocation of a graph per
epoch costs), PyTorch autograd on the same scalar-free problem if installed, and the count of
Python objects per epoch. Prints seconds per run (best of --repeats) and ratios to Network.fit;
all in one run, so the ratios hold on a loaded machine even where the seconds do not.

A second table: notebook 08's stepper drawing a picture it has not drawn before (in the kernel:
the overlays blitted on the cached graph, plus the PNG), next to the perceptron panel's redraw
in the same run. The panel draws each (graph, step) once and the next step ahead, so in the
browser "next" is usually faster than this (benchmarks/bench_widgets_browser.py measures that).
"""
import argparse
import gc
import time

import numpy as np

from bpcore import Network, datasets
from bpcore.autograd import MLP, backward

SIZES, ACTS, LR = [2, 6, 1], ["tanh", "sigmoid"], 2.0


def data(n):
    X, Y = datasets.moons(n=n, noise=0.1, seed=0)
    return X, Y


def bce(mlp, X, y):
    total = 0.0
    for x, yi in zip(X, y):
        y_hat = mlp(list(x))[0]
        total = total - (yi * y_hat.log() + (1 - yi) * (1 - y_hat).log())
    return total / len(y)


def run_engine(X, Y, epochs):
    mlp = MLP(SIZES, activation=ACTS, seed=0)
    y = list(Y[:, 0])
    for _ in range(epochs):
        L = bce(mlp, X, y)
        mlp.zero_grad()
        backward(L)
        mlp.step(LR)
    return mlp.weights()


def run_engine_nogc(X, Y, epochs):
    gc.disable()
    try:
        return run_engine(X, Y, epochs)
    finally:
        gc.enable()


def run_network(X, Y, epochs):
    net = Network(SIZES, activation=ACTS, seed=0)
    net.fit(X, Y, lr=LR, epochs=epochs, loss="bce", record_every=epochs)
    return net.weights, net.biases


def run_torch(X, Y, epochs):
    import torch

    torch.set_num_threads(1)
    net = Network(SIZES, activation=ACTS, seed=0)
    Ws = [torch.tensor(W, requires_grad=True) for W in net.weights]
    bs = [torch.tensor(b, requires_grad=True) for b in net.biases]
    Xt, Yt = torch.tensor(X), torch.tensor(Y)
    for _ in range(epochs):
        A = torch.sigmoid(torch.tanh(Xt @ Ws[0] + bs[0]) @ Ws[1] + bs[1])
        L = -(Yt * torch.log(A) + (1 - Yt) * torch.log(1 - A)).mean()
        for p in Ws + bs:
            p.grad = None
        L.backward()
        with torch.no_grad():
            for p in Ws + bs:
                p -= LR * p.grad
    return [W.detach().numpy() for W in Ws], [b.detach().numpy() for b in bs]


def best_of(fn, repeats, *args):
    times, out = [], None
    for _ in range(repeats):
        t0 = time.perf_counter()
        out = fn(*args)
        times.append(time.perf_counter() - t0)
    return min(times), out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--epochs", type=int, default=150)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--samples", type=int, default=32)
    args = ap.parse_args()
    X, Y = data(args.samples)

    graph = bce(MLP(SIZES, activation=ACTS, seed=0), X, list(Y[:, 0])).topological_order()
    print(f"moons, {args.samples} samples, {SIZES} {ACTS}, {args.epochs} epochs; per epoch the engine "
          f"builds {len(graph)} Values ({sum(1 for v in graph if v.parents)} closures)")

    rows = [("Network.fit", run_network), ("autograd engine", run_engine),
            ("autograd engine, gc off", run_engine_nogc)]
    results = {}
    for name, fn in rows:
        results[name] = best_of(fn, args.repeats, X, Y, args.epochs)
    # PyTorch last: importing it adds ~10^5 long-lived objects that every full garbage
    # collection then walks, which slows the engine (its graphs trigger many collections)
    try:
        import torch  # noqa: F401
    except ImportError:
        print("PyTorch not installed: its row is skipped")
    else:
        name = "PyTorch autograd (matrices, 1 thread)"
        results[name] = best_of(run_torch, args.repeats, X, Y, args.epochs)
        results["autograd engine, after import torch"] = best_of(run_engine, args.repeats, X, Y,
                                                                 args.epochs)
    ref_W, ref_b = results["Network.fit"][1]
    base = results["Network.fit"][0]
    print(f"{'':40} {'seconds':>9} {'x Network.fit':>14} {'ms/epoch':>9}  same weights")
    for name, (t, (W, b)) in results.items():
        same = all(np.allclose(P, Q, rtol=1e-9, atol=1e-9) for P, Q in zip(W + b, ref_W + ref_b))
        print(f"{name:40} {t:9.3f} {t / base:14.0f} {1e3 * t / args.epochs:9.2f}  {same}")


def bench_stepper_kernel(n=3):
    """Median ms to draw one stepper step not drawn before, and one perceptron panel redraw."""
    import statistics

    import matplotlib

    matplotlib.use("Agg")
    from bpcore import panels

    ms = []
    for graph in panels.STEPPER_GRAPHS:
        for _ in range(n):
            view = panels.StepperView()
            for k in range(len(panels.stepper_run(graph, 0).steps)):
                t0 = time.perf_counter()
                view.update(panels.stepper_run(graph, k))
                view.png()
                ms.append(1e3 * (time.perf_counter() - t0))
    perceptron = panels.perceptron_panel()
    slider, pms = perceptron.controls["w1"], []
    for i in range(2 * n * 5):
        t0 = time.perf_counter()
        slider.value = 1.0 if i % 2 else -0.5
        pms.append(1e3 * (time.perf_counter() - t0))
    print(f"\nin the kernel, median ms: stepper, a step not drawn before {statistics.median(ms):.0f} "
          f"(first step of a graph, which draws the whole graph, included; {len(ms)} steps); "
          f"perceptron panel redraw {statistics.median(pms):.0f}")


if __name__ == "__main__":
    main()
    bench_stepper_kernel()
