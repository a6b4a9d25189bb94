r"""Weight initialisation schemes. Every scheme draws from a seed or a Generator, never global state.

``sizes = [n_0, n_1, ..., n_L]`` gives layer ``l`` a weight matrix of shape ``(n_{l-1}, n_l)``.
Weights are drawn layer by layer, first to last, then the biases (where the scheme draws them):

============ ========================================== ===================================
scheme       weights                                    biases
============ ========================================== ===================================
uniform      ``2 * rand - 1``, in [-1, 1) (iamtrask)     same as the weights
rand01       ``rand``, in [0, 1) (seed 000's code)       same as the weights
xavier       normal, std ``sqrt(2 / (n_in + n_out))``    zeros
he           normal, std ``sqrt(2 / n_in)``              zeros
zeros        zeros                                      zeros
constant     all ``scale``                              all ``scale``
============ ========================================== ===================================

Every drawn value is multiplied by ``scale`` (1 by default; for ``constant`` it *is* the value).

An ``int`` seed means ``np.random.RandomState(seed)``, so
``init_params([3, 4, 1], "uniform", seed=1, bias=False)`` gives exactly the iamtrask seed's
``np.random.seed(1); syn0 = 2*np.random.random((3,4)) - 1; syn1 = 2*np.random.random((4,1)) - 1``.
A ``np.random.Generator`` or ``RandomState`` may be passed instead and is used as it is.
"""
import numbers

import numpy as np

from ._validate import choice, flag, real_number

SCHEMES = ("uniform", "rand01", "xavier", "he", "zeros", "constant")


def make_rng(seed):
    """A RandomState from an int seed; a Generator or RandomState passes through."""
    if isinstance(seed, (np.random.Generator, np.random.RandomState)):
        return seed
    if isinstance(seed, (bool, np.bool_)) or not isinstance(seed, numbers.Integral) or not 0 <= seed < 2**32:
        raise ValueError(f"seed must be an int in [0, 2**32 - 1] (RandomState's range), a "
                         f"np.random.Generator or RandomState; got {seed!r}")
    return np.random.RandomState(int(seed))


def _draw(rng, scheme, shape, n_in, n_out):
    if scheme == "uniform":
        return 2.0 * rng.random(shape) - 1.0
    if scheme == "rand01":
        return rng.random(shape)
    if scheme == "xavier":
        return rng.standard_normal(shape) * np.sqrt(2.0 / (n_in + n_out))
    if scheme == "he":
        return rng.standard_normal(shape) * np.sqrt(2.0 / n_in)
    return np.zeros(shape)  # zeros, and constant before scaling


def init_params(sizes, scheme="uniform", seed=0, bias=True, scale=1.0):
    """Return ``(weights, biases)``: lists of arrays ``(n_in, n_out)`` and ``(n_out,)`` (or None)."""
    choice(scheme, "init", SCHEMES)
    scale = real_number(scale, "scale")
    bias = flag(bias, "bias")
    rng = make_rng(seed)
    pairs = list(zip(sizes[:-1], sizes[1:]))
    if scheme == "constant":
        weights = [np.full((n_in, n_out), float(scale)) for n_in, n_out in pairs]
        biases = [np.full(n_out, float(scale)) for _, n_out in pairs]
    else:
        weights = [scale * _draw(rng, scheme, (n_in, n_out), n_in, n_out) for n_in, n_out in pairs]
        if scheme in ("uniform", "rand01"):
            biases = [scale * _draw(rng, scheme, (n_out,), 1, n_out) for _, n_out in pairs]
        else:
            biases = [np.zeros(n_out) for _, n_out in pairs]
    if not bias:
        biases = [None] * len(weights)
    return weights, biases
