"""Tiny datasets: the seeds' own data and a few 2-D toy problems.

Every function returns ``(X, Y)`` with ``X`` of shape (m, n_in) and ``Y`` of shape (m, 1) in
{0, 1} (the perceptron data returns ``t`` of shape (m,) as in seed 001). Random ones are
deterministic given ``seed`` (``np.random.default_rng(seed)``).
"""
import numbers

import numpy as np

from ._validate import positive_int, real_number


def seed001():
    """Seed 001's four points and targets: X (4, 2), t (4,)."""
    X = np.array([[1, 1], [-1, 1], [-1, -0.5], [-1, 1.5]], dtype=np.float64)
    t = np.array([0, 1, 0, 1], dtype=np.float64)
    return X, t


def seed003():
    """Seed 003's XOR with a constant third input (the bias column): X (4, 3), Y (4, 1)."""
    X = np.array([[0, 0, 1], [0, 1, 1], [1, 0, 1], [1, 1, 1]], dtype=np.float64)
    Y = np.array([[0], [1], [1], [0]], dtype=np.float64)
    return X, Y


# Bounds on what a caller may ask for: a million points (16 MB of X) is far past any toy problem,
# and noise beyond a million times the data's unit scale leaves nothing but noise (the bound also
# keeps every coordinate finite).
MAX_N = 1_000_000
MAX_NOISE = 1e6


def _rng(seed):
    """default_rng(seed) for an int seed >= 0; a np.random.Generator passes through."""
    if isinstance(seed, np.random.Generator):
        return seed
    if isinstance(seed, (bool, np.bool_)) or not isinstance(seed, numbers.Integral) or seed < 0:
        raise ValueError(f"seed must be an int >= 0 or a np.random.Generator; got {seed!r}")
    return np.random.default_rng(int(seed))


def _noise(noise):
    noise = real_number(noise, "noise")
    if not 0 <= noise <= MAX_NOISE:
        raise ValueError(f"noise must be a number from 0 to {MAX_NOISE:g}; got {noise!r}")
    return noise


def _column(y):
    return y.astype(np.float64).reshape(-1, 1)


def xor(n=200, noise=0.1, seed=0):
    """n points in the square [-1, 1]^2; label 1 where x1 * x2 < 0 (opposite quadrants)."""
    n, noise, rng = positive_int(n, "n", maximum=MAX_N), _noise(noise), _rng(seed)
    X = rng.uniform(-1, 1, size=(n, 2))
    y = X[:, 0] * X[:, 1] < 0
    return X + noise * rng.standard_normal((n, 2)), _column(y)


def blobs(n=200, noise=0.3, seed=0):
    """Two Gaussian blobs centred at (-1, -1) (label 0) and (1, 1) (label 1)."""
    n, noise, rng = positive_int(n, "n", maximum=MAX_N), _noise(noise), _rng(seed)
    y = np.arange(n) % 2
    centres = np.where(y[:, None] == 1, 1.0, -1.0)
    return centres + noise * rng.standard_normal((n, 2)) * 2, _column(y)


def moons(n=200, noise=0.1, seed=0):
    """Two interleaving half circles (label 0 upper, 1 lower)."""
    n, noise, rng = positive_int(n, "n", maximum=MAX_N), _noise(noise), _rng(seed)
    y = np.arange(n) % 2
    angle = rng.uniform(0, np.pi, size=n)
    X = np.column_stack([np.cos(angle), np.sin(angle)])
    X[y == 1] = np.column_stack([1 - np.cos(angle[y == 1]), 0.5 - np.sin(angle[y == 1])])
    return X + noise * rng.standard_normal((n, 2)), _column(y)


def circles(n=200, noise=0.1, seed=0):
    """An inner disc (label 1, radius < 0.5) inside a ring (label 0, radius 0.7..1)."""
    n, noise, rng = positive_int(n, "n", maximum=MAX_N), _noise(noise), _rng(seed)
    y = np.arange(n) % 2
    radius = np.where(y == 1, rng.uniform(0, 0.5, n), rng.uniform(0.7, 1.0, n))
    angle = rng.uniform(0, 2 * np.pi, size=n)
    X = radius[:, None] * np.column_stack([np.cos(angle), np.sin(angle)])
    return X + noise * rng.standard_normal((n, 2)), _column(y)


def spiral(n=200, noise=0.1, seed=0):
    """Two interleaved spirals, one turn and a half each."""
    n, noise, rng = positive_int(n, "n", maximum=MAX_N), _noise(noise), _rng(seed)
    y = np.arange(n) % 2
    r = rng.uniform(0.05, 1.0, size=n)
    angle = 3 * np.pi * r + np.pi * y
    X = r[:, None] * np.column_stack([np.cos(angle), np.sin(angle)])
    return X + noise * rng.standard_normal((n, 2)), _column(y)


DATASETS = {"xor": xor, "blobs": blobs, "moons": moons, "circles": circles, "spiral": spiral}
