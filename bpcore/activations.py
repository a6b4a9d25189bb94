r"""Activation functions :math:`a = f(z)` and their derivatives.

Every activation works elementwise on an array ``Z`` of any shape (a layer's pre-activation,
shape ``(m, n_out)``) and has three parts:

- ``f(Z)``: the value ``A``;
- ``df(Z)``: the derivative :math:`f'(z)`, computed from ``Z``;
- ``df_from_a(A)``: the same derivative written through the output ``A = f(Z)`` where that is
  possible (sigmoid: :math:`a(1-a)`, tanh: :math:`1-a^2`). Backprop code such as the iamtrask
  seed uses this form (``nonlin(k2, deriv=True) = k2*(1-k2)``), and it saves recomputing ``f``.

Use :func:`get` to look one up by name: ``sigmoid``, ``tanh``, ``relu``, ``step``, ``identity``.
"""
from dataclasses import dataclass
from typing import Callable, Optional

import numpy as np

from ._validate import choice

# exp(709.78) is the largest finite float64 exponential. Clamping z at -709 keeps exp(-z)
# finite, so sigmoid never overflows or warns, and for z >= -709 the result is bit-for-bit
# the textbook 1 / (1 + exp(-z)) the seeds use. Below that the true value is < 1.2e-308.
_SIGMOID_FLOOR = -709.0


def sigmoid(Z):
    r""":math:`\sigma(z) = 1 / (1 + e^{-z})`, logistic function (逻辑斯蒂函数), no overflow for any z."""
    return 1.0 / (1.0 + np.exp(-np.maximum(Z, _SIGMOID_FLOOR)))


def sigmoid_prime(Z):
    r""":math:`\sigma'(z) = \sigma(z)\,(1 - \sigma(z))`."""
    S = sigmoid(Z)
    return S * (1.0 - S)


def tanh(Z):
    r""":math:`\tanh z`."""
    return np.tanh(Z)


def tanh_prime(Z):
    r""":math:`1 - \tanh^2 z`."""
    T = np.tanh(Z)
    return 1.0 - T * T


def relu(Z):
    r""":math:`\max(0, z)`."""
    return np.maximum(Z, 0.0)


def relu_prime(Z):
    """1 where z > 0, else 0 (we take the derivative at exactly 0 to be 0)."""
    return (np.asarray(Z) > 0).astype(np.float64)


def step(Z):
    """The perceptron's threshold: 1 where z > 0, else 0 (seed 001: ``val > 0 -> 1``)."""
    return (np.asarray(Z) > 0).astype(np.float64)


def step_prime(Z):
    """0 everywhere it exists: why a step network cannot learn by gradient descent."""
    return np.zeros_like(np.asarray(Z, dtype=np.float64))


def identity(Z):
    """:math:`f(z) = z` (a linear output layer)."""
    return np.asarray(Z, dtype=np.float64)


def identity_prime(Z):
    return np.ones_like(np.asarray(Z, dtype=np.float64))


@dataclass(frozen=True)
class Activation:
    """An activation: its name, value ``f``, derivative ``df`` from Z, and ``df_from_a`` from A."""

    name: str
    f: Callable
    df: Callable
    df_from_a: Optional[Callable] = None

    def __call__(self, Z):
        return self.f(Z)


ACTIVATIONS = {
    "sigmoid": Activation("sigmoid", sigmoid, sigmoid_prime, lambda A: A * (1.0 - A)),
    "tanh": Activation("tanh", tanh, tanh_prime, lambda A: 1.0 - A * A),
    "relu": Activation("relu", relu, relu_prime, lambda A: (A > 0).astype(np.float64)),
    "step": Activation("step", step, step_prime, lambda A: np.zeros_like(A)),
    "identity": Activation("identity", identity, identity_prime, lambda A: np.ones_like(A)),
}


def get(name):
    """The :class:`Activation` called `name`; an Activation passes through unchanged."""
    if isinstance(name, Activation):
        return name
    return ACTIVATIONS[choice(name, "activation", ACTIVATIONS)]


# In-place twins for the tight loop of Network.fit: the same NumPy operations in the same order
# as ``f`` and as ``activation_backward`` (``dA * df_from_a(A)``), so the same numbers bit for
# bit, written into an array allocated once. An activation without a twin (relu, step, and
# softmax, which is not elementwise) goes through ``f`` and ``activation_backward`` as they are.
# The constants are 0-d arrays: the same float64 values as the literals above, but NumPy skips
# converting a Python scalar on every call (a third of a small ufunc's time).
def _constant(value):
    c = np.array(value, dtype=np.float64)
    c.flags.writeable = False
    return c


_ONE, _FLOOR = _constant(1.0), _constant(_SIGMOID_FLOOR)


def sigmoid_into(Z, out):
    """sigmoid(Z) into ``out`` (same shape as Z, not Z itself)."""
    np.maximum(Z, _FLOOR, out=out)
    np.negative(out, out=out)
    np.exp(out, out=out)
    np.add(_ONE, out, out=out)
    return np.divide(_ONE, out, out=out)


def sigmoid_backward_into(dA, A, out):
    """dA * (A * (1 - A)) into ``out`` (not dA or A)."""
    np.subtract(_ONE, A, out=out)
    np.multiply(A, out, out=out)
    return np.multiply(dA, out, out=out)


def tanh_into(Z, out):
    """tanh(Z) into ``out``."""
    return np.tanh(Z, out=out)


def tanh_backward_into(dA, A, out):
    """dA * (1 - A * A) into ``out`` (not dA or A)."""
    np.multiply(A, A, out=out)
    np.subtract(_ONE, out, out=out)
    return np.multiply(dA, out, out=out)


IN_PLACE = {"sigmoid": (sigmoid_into, sigmoid_backward_into), "tanh": (tanh_into, tanh_backward_into)}
