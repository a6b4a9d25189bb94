"""Notebook 03's vectorised gradients against its loop over samples (column convention, 2-4-1).

Run on demand:  python benchmarks/bench_vectorise.py [--m 2000] [--repeats 5]
Prints seconds per gradient (best of --repeats) for each, side by side, and the ratio. The
notebook itself prints only the number of NumPy calls (machine-independent); the time is here.
"""
import argparse
import time

import numpy as np

from bpcore import datasets


def sigmoid(Z):
    return 1.0 / (1.0 + np.exp(-Z))


def forward(X, P):
    Z1 = P["W1"] @ X + P["b1"]
    A1 = sigmoid(Z1)
    Z2 = P["W2"] @ A1 + P["b2"]
    return Z1, A1, Z2, sigmoid(Z2)


def backward_one(x, y, P):
    z1, a1, z2, a2 = forward(x, P)
    dz2 = a2 - y
    dz1 = (P["W2"].T @ dz2) * a1 * (1 - a1)
    return {"W1": dz1 @ x.T, "b1": dz1, "W2": dz2 @ a1.T, "b2": dz2}


def gradients(X, Y, P):
    m = X.shape[1]
    Z1, A1, Z2, A2 = forward(X, P)
    dZ2 = A2 - Y
    dZ1 = (P["W2"].T @ dZ2) * A1 * (1 - A1)
    return {"W1": dZ1 @ X.T / m, "b1": dZ1.sum(axis=1, keepdims=True) / m,
            "W2": dZ2 @ A1.T / m, "b2": dZ2.sum(axis=1, keepdims=True) / m}


def gradients_loop(X, Y, P):
    m = X.shape[1]
    total = {k: np.zeros_like(v) for k, v in P.items()}
    for i in range(m):
        g = backward_one(X[:, [i]], Y[:, [i]], P)
        for k in total:
            total[k] += g[k] / m
    return total


def best(fn, repeats):
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--m", type=int, default=2000)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    rng = np.random.default_rng(0)
    P = {"W1": rng.normal(0, 1, (4, 2)), "b1": rng.normal(0, 0.5, (4, 1)),
         "W2": rng.normal(0, 1, (1, 4)), "b2": rng.normal(0, 0.5, (1, 1))}
    X, Y = (a.T for a in datasets.moons(n=args.m, seed=1))
    t_loop = best(lambda: gradients_loop(X, Y, P), args.repeats)
    t_vec = best(lambda: gradients(X, Y, P), args.repeats)
    print(f"m = {args.m}: loop {t_loop * 1e3:.2f} ms, vectorised {t_vec * 1e3:.3f} ms, "
          f"loop / vectorised = {t_loop / t_vec:.0f}x")


if __name__ == "__main__":
    main()
