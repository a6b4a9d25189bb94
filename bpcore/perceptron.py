r"""The classic perceptron (感知机) of seed 001, exactly, but with a bound on the epochs.

For inputs ``X`` (m, n) and targets ``t`` in {0, 1} (m,), with ``val = X w + b``:

.. math::

    \hat y = \mathbb 1[\mathrm{val} > 0], \qquad
    \mathrm{loss} = -\tfrac1m (t - \hat y)\cdot \mathrm{val}, \qquad
    \nabla_w = -\tfrac1m (t - \hat y)^T X, \qquad \nabla_b = -\tfrac1m \textstyle\sum (t - \hat y)

and the update ``w <- w - lr * grad_w``, ``b <- b - lr * grad_b``, as in the post.

Two stop rules:

- ``stop="misclassified"`` (default): stop when no point is misclassified (``converged``).
- ``stop="loss"``: the post's own ``while loss != 0``. It can stop with points still wrong:
  a point exactly on the boundary (``val == 0``) is predicted 0 yet adds 0 to the loss, so from
  ``w = [0, 0], b = 0`` the loss is 0 at once. ``converged`` still reports the truth.

Either way training stops after ``max_epochs`` updates: on data no line separates, the post's
loop would run forever. ``max_epochs`` is at most ``MAX_EPOCHS`` (10 000).
"""
from dataclasses import dataclass
from typing import List

import numpy as np

from ._validate import as_array, as_matrix, as_vector, choice, positive_int, positive_number, real_number

# train stores one record per epoch; on data no line separates it runs to max_epochs, so the
# bound keeps memory small (a record of seed 001's 4 points is about 600 bytes).
MAX_EPOCHS = 10_000


@dataclass
class EpochRecord:
    """The state printed by the post at one epoch (epoch 0 is before any update)."""

    epoch: int
    w: np.ndarray
    b: float
    val: np.ndarray
    y_pre: np.ndarray
    loss: float
    errors: int


@dataclass
class PerceptronResult:
    w: np.ndarray
    b: float
    epochs: int  # updates made
    converged: bool  # True when no point is misclassified at the end
    history: List[EpochRecord]
    stopped_by: str  # "misclassified", "loss" or "max_epochs"


def forward(X, w, b):
    """val = X w + b (m,), and y_pre = 1 where val > 0 else 0 (m,)."""
    val = X @ w + b
    return (val > 0).astype(np.float64), val


def loss(X, t, y_pre, w, b):
    """Seed 001's loss: -(t - y_pre) . val / m."""
    val = X @ w + b
    return float(-((t - y_pre) @ val) / X.shape[0])


def gradients(X, t, y_pre):
    """grad_w = -(t - y_pre) X / m (n,), grad_b = -sum(t - y_pre) / m."""
    m = X.shape[0]
    return -((t - y_pre) @ X) / m, float(-np.sum(t - y_pre) / m)


def _check(X, t, w, b):
    X = as_matrix(X, "X")
    t = as_array(t, "t")
    if t.shape not in ((X.shape[0],), (X.shape[0], 1)):
        raise ValueError(f"t must have one target per row of X, shape ({X.shape[0]},); got shape {t.shape}")
    t = t.reshape(-1)
    if not np.all((t == 0) | (t == 1)):
        raise ValueError("t must contain only 0 and 1")
    w = as_vector(w, "w", X.shape[1])
    b = real_number(b, "b")
    return X, t, w.copy(), b


def train(X, t, w=(1.0, 1.0), b=0.0, lr=0.9, max_epochs=100, stop="misclassified"):
    """Train seed 001's perceptron; returns a :class:`PerceptronResult` with one record per epoch."""
    X, t, w, b = _check(X, t, w, b)
    lr = positive_number(lr, "lr")
    max_epochs = positive_int(max_epochs, "max_epochs", allow_zero=True, maximum=MAX_EPOCHS)
    choice(stop, "stop", ("misclassified", "loss"))

    def record(epoch):
        y_pre, val = forward(X, w, b)
        rec = EpochRecord(epoch, w.copy(), b, val, y_pre, loss(X, t, y_pre, w, b),
                          int(np.sum(y_pre != t)))
        history.append(rec)
        return rec

    history = []
    rec = record(0)
    epoch = 0
    while True:
        done = rec.errors == 0 if stop == "misclassified" else rec.loss == 0
        if done or epoch >= max_epochs:
            break
        epoch += 1
        grad_w, grad_b = gradients(X, t, rec.y_pre)
        w = w - lr * grad_w
        b = b - lr * grad_b
        rec = record(epoch)
    stopped_by = stop if done else "max_epochs"
    return PerceptronResult(w, b, epoch, rec.errors == 0, history, stopped_by)
