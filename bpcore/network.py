r"""A feed-forward network: a stack of dense layers trained by backpropagation (反向传播).

Indexing, used by every list below (``L`` layers, layer ``i = 0 .. L-1``):

- ``weights[i]``: ``W`` of layer ``i``, shape ``(n_i, n_{i+1})``; ``biases[i]``: ``(n_{i+1},)`` or None
- ``trace.A[0] = X`` (m, n_0); layer ``i`` maps ``trace.A[i]`` to ``trace.Z[i]`` and
  ``trace.A[i+1] = f_i(trace.Z[i])``, shape ``(m, n_{i+1})``; ``trace.output = trace.A[L]``
- ``grads.dZ[i]``, ``grads.dW[i]``, ``grads.db[i]``: dL/dZ, dL/dW, dL/db of layer ``i``

The backward pass is the recursion of notebook 02, for all samples at once:

.. math::

    dZ_{L-1} = \frac{\partial L}{\partial A_L} \odot f'(Z_{L-1}), \qquad
    dZ_{i-1} = (dZ_i\, W_i^T) \odot f'(Z_{i-1}).

A softmax output layer (allowed on the output layer only) replaces the first product by its
vector-Jacobian product, and with ``loss="cross_entropy"`` (allowed after softmax only; class
labels become one-hot rows, see :func:`bpcore.losses.class_targets`) the loss is computed from the
logits and :math:`dZ_{L-1} = A_L - Y`, the same shortcut as sigmoid + bce.
"""
import math
from dataclasses import dataclass
from typing import List, Optional

import numpy as np

from . import activations, losses
from ._validate import as_matrix, positive_int, positive_number
from .init import init_params
from .layers import activation_backward, dense_backward, dense_forward


@dataclass
class Trace:
    """What the forward pass remembers for the backward pass (see the module docstring)."""

    Z: List[np.ndarray]
    A: List[np.ndarray]

    @property
    def output(self):
        """The network's output A[L], shape (m, n_out)."""
        return self.A[-1]


@dataclass
class Grads:
    """dL/dW, dL/db (None for a layer without bias) and dL/dZ for every layer."""

    dW: List[np.ndarray]
    db: List[Optional[np.ndarray]]
    dZ: List[np.ndarray]


@dataclass
class History:
    """What ``fit`` recorded.

    loss: losses at the recorded epochs, each computed before that epoch's update
    epochs: the epoch numbers recorded (0, record_every, 2*record_every, ...)
    epoch: epochs completed; when ``diverged``, the epoch at which the loss stopped being finite
    final_loss: the loss after the last update (NaN if diverged)
    """

    loss: np.ndarray
    epochs: np.ndarray
    epoch: int
    diverged: bool = False
    final_loss: float = float("nan")


class Network:
    """A dense network with sizes ``[n_in, n_hidden..., n_out]``.

    ``activation`` is one name for every layer or a list with one name per layer.
    ``init`` is a scheme of :mod:`bpcore.init`, drawn from ``seed`` (an int, a Generator or a
    RandomState) and multiplied by ``scale``. ``bias=False`` builds layers without ``b``.
    """

    def __init__(self, sizes, activation="sigmoid", init="uniform", seed=0, bias=True, scale=1.0):
        sizes = self._check_sizes(sizes)
        weights, biases = init_params(sizes, init, seed=seed, bias=bias, scale=scale)
        self._set(weights, biases, activation)

    @classmethod
    def from_weights(cls, weights, biases=None, activation="sigmoid"):
        """A network with the given weights (copied); ``biases=None`` means no bias at all."""
        if not isinstance(weights, (list, tuple)) or len(weights) == 0:
            raise ValueError("weights must be a non-empty list of 2-D arrays, one per layer")
        weights = [as_matrix(W, f"weights[{i}]").copy() for i, W in enumerate(weights)]
        for i in range(1, len(weights)):
            if weights[i].shape[0] != weights[i - 1].shape[1]:
                raise ValueError(
                    f"weights[{i}] has shape {weights[i].shape} but weights[{i-1}] outputs "
                    f"{weights[i - 1].shape[1]} values; need {weights[i - 1].shape[1]} rows")
        if biases is None:
            biases = [None] * len(weights)
        else:
            if len(biases) != len(weights):
                raise ValueError(f"biases must have one entry per layer ({len(weights)}); got {len(biases)}")
            biases = [None if b is None else cls._check_bias(b, W, i)
                      for i, (b, W) in enumerate(zip(biases, weights))]
        net = cls.__new__(cls)
        net._set(weights, biases, activation)
        return net

    # -- construction helpers -------------------------------------------------------------
    @staticmethod
    def _check_sizes(sizes):
        if not isinstance(sizes, (list, tuple)) or len(sizes) < 2:
            raise ValueError(f"sizes must be a list like [n_in, ..., n_out] with at least 2 entries; got {sizes!r}")
        return [positive_int(n, f"sizes[{i}]") for i, n in enumerate(sizes)]

    @staticmethod
    def _check_bias(b, W, i):
        b = np.asarray(b, dtype=np.float64).reshape(-1).copy()
        if b.shape != (W.shape[1],) or not np.all(np.isfinite(b)):
            raise ValueError(f"biases[{i}] must be {W.shape[1]} finite numbers; got shape {b.shape}")
        return b

    def _set(self, weights, biases, activation):
        self._W = weights
        self._b = biases
        names = activation if isinstance(activation, (list, tuple)) else [activation] * len(weights)
        if len(names) != len(weights):
            raise ValueError(f"activation must be one name or a list of {len(weights)} (one per layer); got {len(names)}")
        self._act = [activations.get(a) for a in names]
        for i, act in enumerate(self._act):
            if act.name in activations.OUTPUT_ONLY and i < len(self._act) - 1:
                raise ValueError(f"activation {act.name!r} is allowed on the output layer only; "
                                 f"got it for layer {i} of {len(self._act)}")
        if self._act[-1].name == "softmax" and weights[-1].shape[1] < 2:
            raise ValueError("activation 'softmax' needs at least 2 output units (over one unit it "
                             "is the constant 1); use 'sigmoid' for one unit")

    # -- read-only views ------------------------------------------------------------------
    @property
    def sizes(self):
        return [self._W[0].shape[0]] + [W.shape[1] for W in self._W]

    @property
    def activations(self):
        return [a.name for a in self._act]

    @property
    def weights(self):
        """Copies of the weight matrices, ``weights[i]`` of shape ``(n_i, n_{i+1})``."""
        return [W.copy() for W in self._W]

    @property
    def biases(self):
        """Copies of the bias vectors (None for a layer without bias)."""
        return [None if b is None else b.copy() for b in self._b]

    def parameters(self):
        """The live parameter arrays (no copies), weights then biases: what gradcheck perturbs."""
        return list(self._W) + [b for b in self._b if b is not None]

    def __repr__(self):
        return f"Network(sizes={self.sizes}, activation={self.activations}, bias={self._b[0] is not None})"

    # -- the maths ------------------------------------------------------------------------
    def _get_loss(self, loss):
        loss = losses.get(loss)
        if loss.name == "cross_entropy" and self._act[-1].name != "softmax":
            raise ValueError(f"loss 'cross_entropy' needs a softmax output layer; this network's output "
                             f"is {self._act[-1].name!r} (for one sigmoid unit use loss='bce')")
        return loss

    def _check_xy(self, X, Y, loss=None):
        X = as_matrix(X, "X", cols=self.sizes[0])
        if Y is None:
            return X, None
        if loss is not None and loss.targets is not None:
            Y = loss.targets(Y, self.sizes[-1])
        Y = as_matrix(Y, "Y", cols=self.sizes[-1])
        if Y.shape[0] != X.shape[0]:
            raise ValueError(f"X has {X.shape[0]} samples but Y has {Y.shape[0]}; need one target row per sample")
        return X, Y

    def _forward(self, X):
        Z, A = [], [X]
        for W, b, act in zip(self._W, self._b, self._act):
            Z.append(dense_forward(A[-1], W, b))
            A.append(act.f(Z[-1]))
        return Trace(Z, A)

    def forward(self, X):
        """Forward pass (正向传播) of X (m, n_in); returns a :class:`Trace`."""
        X, _ = self._check_xy(X, None)
        return self._forward(X)

    def predict(self, X):
        """The output A[L] for X (m, n_in): shape (m, n_out)."""
        return self.forward(X).output

    def _output_dZ(self, trace, Y, loss, scale):
        """The loss value and dL/dZ of the output layer (they share work, e.g. E = A - Y)."""
        A, Z, act = trace.A[-1], trace.Z[-1], self._act[-1]
        if loss.name == "cross_entropy" and act.name == "softmax":
            # From the logits (log-sum-exp): finite for any Z; the softmax Jacobian cancels the
            # -y/a of dL/dA, leaving dZ = A - Y.
            total, dZ = losses.softmax_cross_entropy(Z, Y)
            return float(total) * scale, (dZ * scale if scale != 1.0 else dZ)
        total, dA = loss.summed(A, Y)
        if loss.name == "bce" and act.name == "sigmoid":
            # sigma'(z) cancels the 1/(a(1-a)) of dL/dA: dZ = A - Y, exact even when A saturates.
            dZ = A - Y
        else:
            dZ = activation_backward(dA, Z, A, act)
        if scale != 1.0:
            dZ = dZ * scale
        return float(total) * scale, dZ

    def _backward(self, trace, Y, loss, scale):
        L = len(self._W)
        dW, db, dZ = [None] * L, [None] * L, [None] * L
        value, dZ[L - 1] = self._output_dZ(trace, Y, loss, scale)
        for i in range(L - 1, -1, -1):
            dW[i], db[i], dA_prev = dense_backward(dZ[i], trace.A[i], self._W[i],
                                                   need_db=self._b[i] is not None, need_dA_prev=i > 0)
            if i > 0:
                dZ[i - 1] = activation_backward(dA_prev, trace.Z[i - 1], trace.A[i], self._act[i - 1])
        return value, Grads(dW, db, dZ)

    def _value(self, trace, Y, loss, reduction):
        """The scalar loss at the state in ``trace``; softmax + cross_entropy from the logits."""
        scale = loss.scale(Y, reduction)
        if loss.name == "cross_entropy" and self._act[-1].name == "softmax":
            return float(losses.softmax_cross_entropy(trace.Z[-1], Y)[0]) * scale
        return float(loss.summed(trace.output, Y)[0]) * scale

    def backward(self, trace, Y, loss="half_sse", reduction=None):
        """Backward pass: gradients of ``loss`` at the state in ``trace`` for targets Y (m, n_out)."""
        if not isinstance(trace, Trace):
            raise ValueError("trace must be the Trace returned by Network.forward")
        loss = self._get_loss(loss)
        _, Y = self._check_xy(trace.A[0], Y, loss)
        return self._backward(trace, Y, loss, loss.scale(Y, reduction))[1]

    def _step(self, grads, lr):
        for W, dW in zip(self._W, grads.dW):
            W -= lr * dW
        for b, db in zip(self._b, grads.db):
            if b is not None:
                b -= lr * db

    def step(self, grads, lr=1.0):
        """Plain gradient descent (梯度下降), in place: W <- W - lr * dW, b <- b - lr * db."""
        if not isinstance(grads, Grads):
            raise ValueError("grads must be the Grads returned by Network.backward")
        self._step(grads, positive_number(lr, "lr"))

    def loss(self, X, Y, loss="half_sse", reduction=None):
        """The scalar loss of the network's output on X (m, n_in) against Y (m, n_out)."""
        loss = self._get_loss(loss)
        X, Y = self._check_xy(X, Y, loss)
        return self._value(self._forward(X), Y, loss, reduction)

    def fit(self, X, Y, lr=1.0, epochs=1000, loss="half_sse", record_every=1, reduction=None):
        """Full-batch gradient descent for ``epochs`` epochs; continues from the current weights.

        Records the loss every ``record_every`` epochs (before that epoch's update). Stops early,
        with ``history.diverged`` set, the first epoch the loss is not finite (an overflow).
        """
        loss_fn = self._get_loss(loss)
        X, Y = self._check_xy(X, Y, loss_fn)
        lr = positive_number(lr, "lr")
        epochs = positive_int(epochs, "epochs", allow_zero=True)
        record_every = positive_int(record_every, "record_every")
        scale = loss_fn.scale(Y, reduction)
        recorded, at = [], []
        epoch, diverged = 0, False
        # Overflow is how divergence shows itself; we detect it from the loss, so NumPy's
        # warnings would only be noise.
        with np.errstate(all="ignore"):
            for epoch in range(epochs):
                value, grads = self._backward(self._forward(X), Y, loss_fn, scale)
                if not math.isfinite(value):
                    diverged = True
                    break
                if epoch % record_every == 0:
                    recorded.append(value)
                    at.append(epoch)
                self._step(grads, lr)
            else:
                epoch = epochs
            final = self._value(self._forward(X), Y, loss_fn, reduction) if not diverged else float("nan")
        if not math.isfinite(final) and not diverged:
            diverged = True
        return History(np.array(recorded), np.array(at, dtype=int), epoch, diverged, final)
