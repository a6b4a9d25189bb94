"""The full Jacobian against the vector-Jacobian product, for one layer of 512 units (notebook 09).

For a batch of m samples of n = 512 units, times (best of 5 repeats, in one run, so the ratios
compare like with like):

- softmax: forming the per-sample Jacobians diag(a) - a a^T, (m, n, n), then dA @ J, against the
  VJP a * (dA - sum(dA * a));
- an elementwise activation (tanh): forming diag(f'(z)) per sample, then dA @ J, against dA * f'(z);
- a dense layer's input gradient: the batch Jacobian dZ/dA_prev is block-diagonal with W^T on the
  diagonal, (m n) x (m n); forming it (np.kron(I_m, W^T)) and multiplying, against dZ @ W^T
  (only for m <= 16: at m = 64 it would need 8 GiB).

Also prints the memory of each Jacobian against its VJP's result (exact counts). Notebook 09 prints
only the claim "VJP at least 10x faster"; this script gives the numbers.

Run:  python benchmarks/bench_vjp.py [m ...]      (default m = 1 8; not run by the tests)
"""
import sys
import timeit

import numpy as np

from bpcore import activations

N = 512


def best(f, number):
    return min(timeit.repeat(f, number=number, repeat=5)) / number


def cases(m, rng):
    Z, dA = rng.standard_normal((m, N)), rng.standard_normal((m, N))
    W = rng.standard_normal((N, N)) / np.sqrt(N)
    A = activations.softmax(Z)
    eye = np.eye(N)
    T = 1 - np.tanh(Z) ** 2
    out = {
        "softmax": (lambda: np.einsum("mk,mkj->mj", dA, A[:, :, None] * eye - A[:, :, None] * A[:, None, :]),
                    lambda: activations.softmax_vjp(dA, A), m * N * N),
        "tanh (elementwise)": (lambda: np.einsum("mk,mkj->mj", dA, T[:, :, None] * eye),
                               lambda: dA * T, m * N * N),
    }
    if m <= 16:
        out["dense, dZ/dA_prev"] = (lambda: (dA.reshape(1, -1) @ np.kron(np.eye(m), W.T)).reshape(m, N),
                                    lambda: dA @ W.T, (m * N) ** 2)
    for name, (full, vjp, _) in out.items():
        assert np.allclose(full(), vjp(), rtol=1e-9, atol=1e-12), name
    return out


def main(ms):
    rng = np.random.default_rng(0)
    print(f"one layer of {N} units, float64; best of 5 repeats (a loaded machine gives noisy absolute times)")
    print(f"{'m':>3}  {'layer':<20}{'Jacobian + product':>20}{'VJP':>12}{'ratio':>9}{'Jacobian memory':>18}{'vs VJP result':>15}")
    for m in ms:
        for name, (full, vjp, entries) in cases(m, rng).items():
            t_full, t_vjp = best(full, 1), best(vjp, 100)
            print(f"{m:>3}  {name:<20}{t_full * 1e3:>17.3f} ms{t_vjp * 1e6:>9.1f} us{t_full / t_vjp:>8.0f}x"
                  f"{entries * 8 / 2**20:>14.1f} MiB{entries // (m * N):>14,}x")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [1, 8])
