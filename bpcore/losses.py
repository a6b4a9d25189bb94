r"""Loss functions (损失函数) of the output ``A`` (shape ``(m, n_out)``) and targets ``Y`` (same shape).

Each loss gives its value and its gradient :math:`\partial L / \partial A` (same shape as ``A``).
``reduction="sum"`` adds over every entry; ``"mean"`` divides that sum by ``N = Y.size``
(for one output unit, by the number of samples ``m``: Ng's :math:`1/m`), except
``cross_entropy``, whose ``"mean"`` divides by the number of samples ``m`` (each sample's loss
is already a sum over the classes; PyTorch's ``F.cross_entropy`` does the same).

========== ================================================ ================= ======================
name       per entry :math:`\ell(a, y)`                     default reduction :math:`\partial\ell/\partial a`
========== ================================================ ================= ======================
half_sse   :math:`\tfrac12 (y-a)^2` (the seeds' loss)        sum               :math:`a - y`
mse        :math:`(y-a)^2`                                   mean              :math:`2(a - y)`
bce        :math:`-y\ln a-(1-y)\ln(1-a)` (cross-entropy)     mean              :math:`(a-y)/(a(1-a))`
abs_error  :math:`|y-a|`                                     sum               :math:`\operatorname{sign}(a-y)`
perceptron :math:`-(y-\operatorname{step}(a))\,a` (seed 001) mean              :math:`-(y-\operatorname{step}(a))`
========== ================================================ ================= ======================

``cross_entropy`` (categorical cross-entropy, 交叉熵) is :math:`-\sum_k y_k \ln a_k` per sample,
default reduction mean over the m samples, :math:`\partial\ell/\partial a_k = -y_k/a_k`; with
one-hot ``y`` it is the negative log-likelihood (负对数似然) of the true class. It expects ``A``
to be a softmax output. Its targets follow one rule (:func:`class_targets`): an ``(m, n_out)``
array is used as given and each row must be one-hot or a probability vector (entries >= 0
summing to 1); with ``n_out >= 2``, an ``(m,)`` or ``(m, 1)`` array holds class labels, whole
numbers in ``0 .. n_out-1``, and becomes one-hot rows. Anything else is a ValueError naming ``Y``.
:class:`bpcore.network.Network` accepts it only after a softmax output layer, and there it never
takes a log of ``A``: it computes the loss from the logits ``Z`` (:func:`softmax_cross_entropy`,
log-sum-exp) and uses :math:`dL/dZ = A - Y`.
Called directly on ``A``, :meth:`Loss.value` clips ``A`` at 1e-15 like ``bce``.

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
from typing import Callable, Optional

import numpy as np

from ._validate import as_array, as_matrix, choice

BCE_CLIP = 1e-15

# What a loss needs besides matching shapes, checked before any training (Network and Loss.value):
# bce takes logs of a and 1 - a, so it is defined for a sigmoid output and targets in [0, 1].
# (cross_entropy, from softmax outputs, will need the same target rule.) The perceptron
# criterion is >= 0 only for targets in [0, 1]: with y = 5 it falls without bound.
OUTPUT_ACTIVATION = {"bce": "sigmoid", "cross_entropy": "softmax"}
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


def _cross_entropy(A, Y):
    P = np.maximum(A, BCE_CLIP)
    return -np.sum(Y * np.log(P)), -Y / P


def softmax_cross_entropy(Z, Y):
    r"""Summed cross-entropy of A = softmax(Z) against Y, from the logits, and dL/dZ.

    Z: (m, n) logits; Y: (m, n) rows summing to 1 (see :func:`class_targets`).
    Returns ``(total, A - Y)``. With :math:`c = \max_k z_k` (log-sum-exp),

    .. math:: -\ln a_k = \ln \textstyle\sum_j e^{z_j - c} - (z_k - c),

    finite for logits of any size: a wrong class at z = -1000 costs about 1000, where
    ``log(softmax(Z))`` would give ``log(0) = -inf``. The gradient is exact because each row of
    Y sums to 1: :math:`\partial L/\partial z_j = a_j \sum_k y_k - y_j = a_j - y_j`.
    """
    S = Z - np.max(Z, axis=-1, keepdims=True)
    log_A = S - np.log(np.sum(np.exp(S), axis=-1, keepdims=True))
    return -np.sum(Y * log_A), np.exp(log_A) - Y


def class_targets(Y, n_classes):
    """Targets for ``cross_entropy`` as an (m, n_classes) float64 array of probability rows.

    The rule: with ``n_classes >= 2``, an (m,) or (m, 1) array holds class labels (whole numbers
    0 .. n_classes-1; integer or float dtype) and becomes one-hot rows; an (m, n_classes) array
    is used as given and each row must be one-hot or probabilities (entries >= 0, sum 1 within
    1e-9). Anything else raises a ValueError naming Y.
    """
    try:
        arr = np.asarray(Y, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"Y must be numeric array-like; got {type(Y).__name__}") from exc
    if n_classes >= 2 and (arr.ndim == 1 or (arr.ndim == 2 and arr.shape[1] == 1)):
        labels = arr.reshape(-1)
        if labels.size == 0:
            raise ValueError("Y is empty; need at least one class label")
        if not (np.all(np.isfinite(labels)) and np.all(labels == np.round(labels))
                and labels.min() >= 0 and labels.max() <= n_classes - 1):
            raise ValueError(f"Y as class labels must be whole numbers 0..{n_classes - 1} "
                             f"(one per sample, shape (m,) or (m, 1)); got values outside that")
        return np.eye(n_classes)[labels.astype(int)]
    arr = as_matrix(arr, "Y", cols=n_classes)
    if np.any(arr < 0) or np.any(np.abs(arr.sum(axis=1) - 1.0) > 1e-9):
        raise ValueError(f"Y for cross_entropy must be one-hot rows (or probabilities summing to 1) "
                         f"of shape (m, {n_classes}), or class labels 0..{n_classes - 1} of shape (m,)")
    return arr


def _abs_error(A, Y):
    E = A - Y
    return np.sum(np.abs(E)), np.sign(E)


def _perceptron(A, Y):
    wrong = Y - (A > 0)
    return -np.vdot(wrong, A), -wrong


@dataclass(frozen=True)
class Loss:
    """A loss: ``summed(A, Y)`` gives the summed value and its gradient dL/dA together
    (they share work, e.g. ``E = A - Y``); ``reduction`` is the default reduction.
    ``per_sample``: "mean" divides by the number of samples, not entries (cross_entropy).
    ``targets(Y, n_out)``, if set, converts and checks Y (cross_entropy's class labels)."""

    name: str
    summed: Callable
    reduction: str
    per_sample: bool = False
    targets: Optional[Callable] = None

    def scale(self, Y, reduction=None):
        """The factor applied to the sum: 1 for "sum", 1 / Y.size (or 1 / m) for "mean"."""
        reduction = self.reduction if reduction is None else reduction
        choice(reduction, "reduction", ("sum", "mean"))
        if reduction == "sum":
            return 1.0
        return 1.0 / (np.shape(Y)[0] if self.per_sample else np.size(Y))

    def _targets(self, A, Y):
        return Y if self.targets is None else self.targets(Y, np.shape(A)[-1])

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
        A, Y = self._check(A, self._targets(A, Y))
        with np.errstate(all="ignore"):  # an infinite output has an infinite loss, said once
            return float(self.summed(A, Y)[0]) * self.scale(Y, reduction)

    def grad(self, A, Y, reduction=None):
        """dL/dA, shape ``(m, n_out)``."""
        A, Y = self._check(A, self._targets(A, Y))
        scale = self.scale(Y, reduction)
        G = self.summed(A, Y)[1]
        return G if scale == 1.0 else G * scale


LOSSES = {
    "half_sse": Loss("half_sse", _half_sse, "sum"),
    "mse": Loss("mse", _mse, "mean"),
    "bce": Loss("bce", _bce, "mean"),
    "abs_error": Loss("abs_error", _abs_error, "sum"),
    "perceptron": Loss("perceptron", _perceptron, "mean"),
    "cross_entropy": Loss("cross_entropy", _cross_entropy, "mean", per_sample=True, targets=class_targets),
}


def get(name):
    """The :class:`Loss` called `name`; a Loss passes through unchanged."""
    if isinstance(name, Loss):
        return name
    return LOSSES[choice(name, "loss", LOSSES)]


# In-place twins of ``summed`` for the tight loop of Network.fit: the same operations in the same
# order, so the same numbers bit for bit, with dL/dA written into ``out`` (not A or Y). They
# return the summed loss as a float; a loss without a twin goes through ``summed``.
_TWO = np.array(2.0)
_TWO.flags.writeable = False


def _half_sse_into(A, Y, out):
    np.subtract(A, Y, out=out)
    return 0.5 * float(np.vdot(out, out))  # the same product as 0.5 * np.vdot(...), as a float


def _mse_into(A, Y, out):
    np.subtract(A, Y, out=out)
    total = float(np.vdot(out, out))
    np.multiply(_TWO, out, out=out)
    return total


IN_PLACE = {"half_sse": _half_sse_into, "mse": _mse_into}
