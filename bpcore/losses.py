r"""Loss functions (损失函数) of the output ``A`` (shape ``(m, n_out)``) and targets ``Y`` (same shape).

Each loss gives its value and its gradient :math:`\partial L / \partial A` (same shape as ``A``).
``reduction="sum"`` adds over every entry; ``"mean"`` divides that sum by ``N = Y.size``
(for one output unit, by the number of samples ``m``: Ng's :math:`1/m`).

========== ================================================ ================= ======================
name       per entry :math:`\ell(a, y)`                     default reduction :math:`\partial\ell/\partial a`
========== ================================================ ================= ======================
half_sse   :math:`\tfrac12 (y-a)^2` (the seeds' loss)        sum               :math:`a - y`
mse        :math:`(y-a)^2`                                   mean              :math:`2(a - y)`
bce        :math:`-y\ln a-(1-y)\ln(1-a)` (cross-entropy)     mean              :math:`(a-y)/(a(1-a))`
abs_error  :math:`|y-a|`                                     sum               :math:`\operatorname{sign}(a-y)`
perceptron :math:`-(y-\operatorname{step}(a))\,a` (seed 001) mean              :math:`-(y-\operatorname{step}(a))`
========== ================================================ ================= ======================

``bce`` is the binary cross-entropy (二元交叉熵), the negative log-likelihood (负对数似然) of the
labels; seed 002 calls it the log-likelihood (对数似然函数). It clips ``A`` into
``[1e-15, 1 - 1e-15]`` before taking logs, so its value stays finite when a sigmoid output
saturates to exactly 0 or 1. With a sigmoid output layer the network
does not use ``grad`` at all: it uses the exact shortcut :math:`\partial L/\partial Z = (A-Y)/N`
(see :mod:`bpcore.network`), which is also exact when ``A`` saturates.
The perceptron criterion treats ``step(a)`` as a constant: it is piecewise constant, so this is
the exact derivative everywhere except on the decision boundary itself.
"""
from dataclasses import dataclass
from typing import Callable

import numpy as np

from ._validate import as_array, choice

BCE_CLIP = 1e-15

# What a loss needs besides matching shapes, checked before any training (Network and Loss.value):
# bce takes logs of a and 1 - a, so it is defined for a sigmoid output and targets in [0, 1].
# (cross_entropy, from softmax outputs, will need the same target rule.) The perceptron
# criterion is >= 0 only for targets in [0, 1]: with y = 5 it falls without bound.
OUTPUT_ACTIVATION = {"bce": "sigmoid"}
TARGET_RANGE = {"bce": (0.0, 1.0), "perceptron": (0.0, 1.0)}


def _half_sse(A, Y):
    E = A - Y
    return 0.5 * np.vdot(E, E), E


def _mse(A, Y):
    E = A - Y
    return np.vdot(E, E), 2.0 * E


def _bce(A, Y):
    P = np.clip(A, BCE_CLIP, 1.0 - BCE_CLIP)
    return -np.sum(Y * np.log(P) + (1.0 - Y) * np.log(1.0 - P)), (P - Y) / (P * (1.0 - P))


def _abs_error(A, Y):
    E = A - Y
    return np.sum(np.abs(E)), np.sign(E)


def _perceptron(A, Y):
    wrong = Y - (A > 0)
    return -np.vdot(wrong, A), -wrong


@dataclass(frozen=True)
class Loss:
    """A loss: ``summed(A, Y)`` gives the summed value and its gradient dL/dA together
    (they share work, e.g. ``E = A - Y``); ``reduction`` is the default reduction."""

    name: str
    summed: Callable
    reduction: str

    def scale(self, Y, reduction=None):
        """The factor applied to the sum: 1 for "sum", 1 / Y.size for "mean"."""
        reduction = self.reduction if reduction is None else reduction
        choice(reduction, "reduction", ("sum", "mean"))
        return 1.0 if reduction == "sum" else 1.0 / np.size(Y)

    def check_targets(self, Y):
        """Raise a ValueError naming ``Y`` when its entries are outside this loss's target range."""
        low, high = TARGET_RANGE.get(self.name, (-np.inf, np.inf))
        if Y.size and (Y.min() < low or Y.max() > high):
            raise ValueError(f"Y must lie in [{low:g}, {high:g}] for loss={self.name!r} (labels or "
                             f"probabilities); got values from {Y.min():g} to {Y.max():g}")

    def _check(self, A, Y):
        """A and Y as float64 arrays of one shape: NumPy would broadcast (4, 1) against (4,) to
        (4, 4) and return a wrong number. A may hold inf or NaN (an overflowed output has an
        infinite loss); Y may not."""
        A, Y = as_array(A, "A"), as_array(Y, "Y")
        if A.shape != Y.shape:
            raise ValueError(f"A and Y must have the same shape; got A {A.shape} and Y {Y.shape}")
        if Y.size == 0:
            raise ValueError("Y is empty; need at least one target")
        if not np.all(np.isfinite(Y)):
            raise ValueError("Y contains NaN or inf")
        self.check_targets(Y)
        return A, Y

    def value(self, A, Y, reduction=None):
        """Scalar loss of outputs ``A`` against targets ``Y`` (the same shape, e.g. ``(m, n_out)``)."""
        A, Y = self._check(A, Y)
        with np.errstate(all="ignore"):  # an infinite output has an infinite loss, said once
            return float(self.summed(A, Y)[0]) * self.scale(Y, reduction)

    def grad(self, A, Y, reduction=None):
        """dL/dA, shape ``(m, n_out)``."""
        A, Y = self._check(A, Y)
        scale = self.scale(Y, reduction)
        G = self.summed(A, Y)[1]
        return G if scale == 1.0 else G * scale


LOSSES = {
    "half_sse": Loss("half_sse", _half_sse, "sum"),
    "mse": Loss("mse", _mse, "mean"),
    "bce": Loss("bce", _bce, "mean"),
    "abs_error": Loss("abs_error", _abs_error, "sum"),
    "perceptron": Loss("perceptron", _perceptron, "mean"),
}


def get(name):
    """The :class:`Loss` called `name`; a Loss passes through unchanged."""
    if isinstance(name, Loss):
        return name
    return LOSSES[choice(name, "loss", LOSSES)]


# In-place twins of ``summed`` for the tight loop of Network.fit: the same operations in the same
# order, so the same numbers bit for bit, with dL/dA written into ``out`` (not A or Y). They
# return the summed loss; a loss without a twin goes through ``summed``.
_TWO = np.array(2.0)
_TWO.flags.writeable = False


def _half_sse_into(A, Y, out):
    np.subtract(A, Y, out=out)
    return 0.5 * np.vdot(out, out)


def _mse_into(A, Y, out):
    np.subtract(A, Y, out=out)
    total = np.vdot(out, out)
    np.multiply(_TWO, out, out=out)
    return total


IN_PLACE = {"half_sse": _half_sse_into, "mse": _mse_into}
