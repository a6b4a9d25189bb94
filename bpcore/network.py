r"""A feed-forward network: a stack of dense layers trained by backpropagation (反向传播).

Indexing, used by every list below (``K`` layers, layer ``i = 0 .. K-1``):

- ``weights[i]``: ``W`` of layer ``i``, shape ``(n_i, n_{i+1})``; ``biases[i]``: ``(n_{i+1},)`` or None
- ``trace.A[0] = X`` (m, n_0); layer ``i`` maps ``trace.A[i]`` to ``trace.Z[i]`` and
  ``trace.A[i+1] = f_i(trace.Z[i])``, shape ``(m, n_{i+1})``; ``trace.output = trace.A[K]``
- ``grads.dZ[i]``, ``grads.dW[i]``, ``grads.db[i]``: dL/dZ, dL/dW, dL/db of layer ``i``

The backward pass is the recursion of notebook 02, for all samples at once:

.. math::

    dZ_{K-1} = \frac{\partial L}{\partial A_K} \odot f'(Z_{K-1}), \qquad
    dZ_{i-1} = (dZ_i\, W_i^T) \odot f'(Z_{i-1}).

A softmax output layer (allowed on the output layer only) replaces the first product by its
vector-Jacobian product, and with ``loss="cross_entropy"`` (allowed after softmax only; class
labels become one-hot rows, see :func:`bpcore.losses.class_targets`) the loss is computed from the
logits and :math:`dZ_{K-1} = A_K - Y`, the same shortcut as sigmoid + bce.
"""
import math
import numbers
from dataclasses import dataclass
from typing import List, Optional

import numpy as np

from . import activations, losses
from ._validate import as_array, as_matrix, flag, positive_int, positive_number
from .init import init_params
from .layers import activation_backward, dense_backward, dense_forward


@dataclass
class Trace:
    """What the forward pass remembers for the backward pass (see the module docstring)."""

    Z: List[np.ndarray]
    A: List[np.ndarray]

    @property
    def output(self):
        """The network's output A[K], shape (m, n_out)."""
        return self.A[-1]


@dataclass
class Grads:
    """dL/dW, dL/db (None for a layer without bias) and dL/dZ for every layer."""

    dW: List[np.ndarray]
    db: List[Optional[np.ndarray]]
    dZ: List[np.ndarray]


# fit refuses more epochs than this: a million epochs of seed 003's 3-4-1 net take about 10 s;
# 10**18 (a typo, or inf cast to int) would take longer than anyone waits.
MAX_EPOCHS = 1_000_000

_DBL_MAX = float(np.finfo(np.float64).max)

# A run is diverged when its loss rises above this multiple of its epoch-0 loss (see blew_up).
DIVERGENCE_FACTOR = 10.0


def _loss_number(value, name):
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ValueError(f"{name} must be a real number (a loss value); got {value!r}")
    return float(value)


def divergence_reason(start_loss, loss):
    """Why ``loss`` counts as a blow-up against the epoch-0 ``start_loss``, or None if it does not.

    The rule of :func:`blew_up`: "loss not finite", or "loss ×24.5 of its start" when the loss
    is above ``DIVERGENCE_FACTOR * start_loss`` (for a start loss > 0).
    """
    start_loss, loss = _loss_number(start_loss, "start_loss"), _loss_number(loss, "loss")
    if not (math.isfinite(loss) and math.isfinite(start_loss)):
        return "loss not finite"
    if start_loss > 0 and loss > DIVERGENCE_FACTOR * start_loss:
        return f"loss ×{loss / start_loss:.3g} of its start"
    return None


def blew_up(start_loss, loss):
    r"""True when a training run with epoch-0 loss ``start_loss`` has blown up at ``loss``.

    .. math::

        \text{blew up} \iff L \text{ not finite} \;\lor\; (L_0 > 0 \,\land\, L > F L_0),
        \qquad F = \texttt{DIVERGENCE\_FACTOR} = 10.

    Every training loop uses it at every epoch (``Network.fit``, the playground), together with
    the check that no weight became non-finite (a non-finite output or gradient shows up as one
    of the two: see ``Network.fit``). :func:`divergence_reason` gives the phrase.

    Why :math:`F = 10`: full-batch gradient descent with a small enough step never raises the
    loss, and the overshoots of a large step that still works stay within a few times the start
    (×3.5 for a 2-8-1 relu regression at lr=0.3, which then falls to 0.13 of its start; ×2 for
    seed 003's sigmoid net at lr=1e4, which stays finite). Every blow-up of issue 9 rises ×22 or
    more: the playground at lr=10 ×22, bce at lr=1e300 ×25 (the clipped loss stays finite while
    the weights reach 4e299), dead relus ×4e32. For bce from a sigmoid output near 0.5 (loss
    ln 2), ×10 means an average :math:`-\ln p` of 6.9: outputs confidently wrong, p < 1e-3.
    A start loss of 0 (a perfect fit: nothing to scale by) or below leaves only the non-finite
    test; a non-finite start loss has blown up already.
    """
    return divergence_reason(start_loss, loss) is not None


@dataclass
class History:
    """What ``fit`` recorded.

    loss: losses at the recorded epochs, each computed before that epoch's update
    epochs: the epoch numbers recorded (0, record_every, 2*record_every, ...)
    epoch: epochs completed (updates made); when ``diverged``, the epoch whose state blew up
    diverged: True when the run blew up (see :func:`blew_up`); training stopped there
    final_loss: the loss of the weights as returned (after the last update); NaN when that loss
        or a weight is not finite
    start_loss: the loss at epoch 0 of this call (before any update)
    peak_loss, peak_epoch: the largest loss of this call, over every epoch whatever
        ``record_every`` is (the loss after the last update included); a non-finite loss counts
        as the largest
    reason: None, or why the run counts as diverged ("loss not finite", "a weight not finite",
        "loss ×24.5 of its start")
    """

    loss: np.ndarray
    epochs: np.ndarray
    epoch: int
    diverged: bool = False
    final_loss: float = float("nan")
    start_loss: float = float("nan")
    peak_loss: float = float("nan")
    peak_epoch: int = 0
    reason: Optional[str] = None


def _views(flat, shapes):
    """Consecutive pieces of the 1-D array ``flat`` as views of the given shapes."""
    views, start = [], 0
    for shape in shapes:
        size = int(np.prod(shape))
        views.append(flat[start:start + size].reshape(shape))
        start += size
    return views


def _pack(weights, biases):
    """Copies of the weights and biases (None stays None) that are views into one flat array,
    weights first, returned with it: fit updates every parameter in one operation and checks
    them all in one product. Code that reads ``_W`` and ``_b`` sees ordinary arrays."""
    params = list(weights) + [b for b in biases if b is not None]
    flat = np.empty(sum(p.size for p in params))
    views = _views(flat, [p.shape for p in params])
    for view, p in zip(views, params):
        view[...] = p
    W, rest = views[:len(weights)], iter(views[len(weights):])
    return W, [None if b is None else next(rest) for b in biases], flat


class Network:
    """A dense network with sizes ``[n_in, n_hidden..., n_out]``.

    ``activation`` is one name for every layer or a list with one name per layer.
    ``init`` is a scheme of :mod:`bpcore.init`, drawn from ``seed`` (an int, a Generator or a
    RandomState) and multiplied by ``scale``. ``bias=False`` builds layers without ``b``.
    """

    def __init__(self, sizes, activation="sigmoid", init="uniform", seed=0, bias=True, scale=1.0):
        sizes = self._check_sizes(sizes)
        weights, biases = init_params(sizes, init, seed=seed, bias=flag(bias, "bias"), scale=scale)
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
            if not isinstance(biases, (list, tuple)):
                raise ValueError(f"biases must be None or a list with one vector (or None) per layer; "
                                 f"got {type(biases).__name__}")
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
        b = as_array(b, f"biases[{i}]").reshape(-1).copy()
        if b.shape != (W.shape[1],) or not np.all(np.isfinite(b)):
            raise ValueError(f"biases[{i}] must be {W.shape[1]} finite numbers; got shape {b.shape}")
        return b

    def _set(self, weights, biases, activation):
        self._W, self._b, self._flat = _pack(weights, biases)
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

    def _check_trace(self, trace):
        """A Trace of this network: K pre-activations and K + 1 activations of its shapes."""
        if not isinstance(trace, Trace):
            raise ValueError("trace must be the Trace returned by Network.forward")
        K, sizes = len(self._W), self.sizes
        if (not isinstance(trace.Z, list) or not isinstance(trace.A, list)
                or len(trace.Z) != K or len(trace.A) != K + 1):
            raise ValueError(f"trace must hold {K} Z and {K + 1} A arrays (this network has {K} layers); "
                             "pass the Trace of this network's forward()")
        m = np.shape(trace.A[0])[0] if np.ndim(trace.A[0]) == 2 else -1
        for i, A in enumerate(trace.A):
            if not isinstance(A, np.ndarray) or A.shape != (m, sizes[i]):
                raise ValueError(f"trace.A[{i}] must have shape (m, {sizes[i]}) for this network; got "
                                 f"{np.shape(A)}: pass the Trace of this network's forward()")
        for i, Z in enumerate(trace.Z):
            if not isinstance(Z, np.ndarray) or Z.shape != (m, sizes[i + 1]):
                raise ValueError(f"trace.Z[{i}] must have shape (m, {sizes[i + 1]}) for this network; got "
                                 f"{np.shape(Z)}: pass the Trace of this network's forward()")

    def _check_grads(self, grads):
        """Grads shaped like this network's parameters (one dW and db per layer)."""
        if not isinstance(grads, Grads):
            raise ValueError("grads must be the Grads returned by Network.backward")
        K = len(self._W)
        if len(grads.dW) != K or len(grads.db) != K:
            raise ValueError(f"grads must hold one dW and one db per layer ({K}); got {len(grads.dW)} "
                             f"and {len(grads.db)}: pass the Grads of this network's backward()")
        for i, (W, b, dW, db) in enumerate(zip(self._W, self._b, grads.dW, grads.db)):
            if not isinstance(dW, np.ndarray) or dW.shape != W.shape:
                raise ValueError(f"grads.dW[{i}] must have shape {W.shape} like weights[{i}]; got "
                                 f"{np.shape(dW)}: pass the Grads of this network's backward()")
            if (b is None) != (db is None) or (db is not None and np.shape(db) != b.shape):
                want = "None (no bias)" if b is None else f"shape {b.shape}"
                raise ValueError(f"grads.db[{i}] must be {want} like biases[{i}]; got "
                                 f"{None if db is None else np.shape(db)}")

    def _check_loss(self, loss):
        """The Loss called ``loss``, after checking it suits this network's output layer."""
        loss = losses.get(loss)
        # On an output it is not defined for, bce's clipping keeps the loss finite while the
        # weights run off to infinity (issue 9); cross_entropy is computed from softmax's logits.
        need = losses.OUTPUT_ACTIVATION.get(loss.name)
        if need is not None and self._act[-1].name != need:
            raise ValueError(f"loss={loss.name!r} needs a {need} output layer; this network's output "
                             f"layer is {self._act[-1].name!r}: use a {need} output or another loss "
                             "such as 'half_sse'")
        return loss

    def _check_data(self, X, Y, loss):
        """X, Y and the Loss, checked for this network (class labels become one-hot rows)."""
        if Y is None:
            raise ValueError("Y must be given: the targets, shape (m, n_out)")
        loss = self._check_loss(loss)
        X, Y = self._check_xy(X, Y, loss)
        loss.check_targets(Y)
        return X, Y, loss

    def _forward(self, X):
        Z, A = [], [X]
        for W, b, act in zip(self._W, self._b, self._act):
            Z.append(dense_forward(A[-1], W, b))
            A.append(act.f(Z[-1]))
        return Trace(Z, A)

    def forward(self, X):
        """Forward pass (前向传播) of X (m, n_in); returns a :class:`Trace`."""
        X, _ = self._check_xy(X, None)
        return self._forward(X)

    def predict(self, X):
        """The output A[K] for X (m, n_in): shape (m, n_out)."""
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
        self._check_trace(trace)
        _, Y, loss = self._check_data(trace.A[0], Y, loss)
        return self._backward(trace, Y, loss, loss.scale(Y, reduction))[1]

    def _step(self, grads, lr):
        for W, dW in zip(self._W, grads.dW):
            W -= lr * dW
        for b, db in zip(self._b, grads.db):
            if b is not None:
                b -= lr * db

    def step(self, grads, lr=1.0):
        """Plain gradient descent (梯度下降), in place: W <- W - lr * dW, b <- b - lr * db."""
        self._check_grads(grads)
        self._step(grads, positive_number(lr, "lr"))

    def loss(self, X, Y, loss="half_sse", reduction=None):
        """The scalar loss of the network's output on X (m, n_in) against Y (m, n_out)."""
        X, Y, loss = self._check_data(X, Y, loss)
        with np.errstate(all="ignore"):  # an overflowed output has an infinite loss: no warning
            return self._value(self._forward(X), Y, loss, reduction)

    def fit(self, X, Y, lr=1.0, epochs=1000, loss="half_sse", record_every=1, reduction=None):
        """Full-batch gradient descent for ``epochs`` epochs; continues from the current weights.

        At most ``MAX_EPOCHS`` (a million) epochs per call; call again to continue.
        Records the loss every ``record_every`` epochs (before that epoch's update), and the
        start and peak loss of every epoch. Stops early, with ``history.diverged`` and
        ``history.reason`` set, at the first epoch whose state has blown up: a loss that is not
        finite or above ``DIVERGENCE_FACTOR`` times the epoch-0 loss (:func:`blew_up`), or a
        weight that is not finite. A non-finite output gives a non-finite loss, and a non-finite
        gradient a non-finite weight, so those two tests cover all four.
        """
        X, Y, loss_fn = self._check_data(X, Y, loss)
        lr = positive_number(lr, "lr")
        epochs = positive_int(epochs, "epochs", allow_zero=True, maximum=MAX_EPOCHS)
        record_every = positive_int(record_every, "record_every")
        scale = loss_fn.scale(Y, reduction)
        # Overflow is how divergence shows itself; we detect it from the loss and the weights,
        # so NumPy's warnings would only be noise.
        with np.errstate(all="ignore"):
            return self._train(X, Y, lr, epochs, loss_fn, scale, record_every)

    def _train(self, X, Y, lr, epochs, loss, scale, record_every):
        """fit's loop, for checked arguments: the arithmetic of ``_forward``, ``_backward`` and
        ``_step``, operation for operation, so the same numbers bit for bit, through the same
        hooks (``act.f`` or its in-place twin in ``activations.IN_PLACE``, ``activation_backward``,
        ``_output_dZ``), minus their overhead: no Trace or Grads per epoch, every array allocated
        once and written in place, transposes taken once, and all parameters updated and checked
        as one flat array. tests/test_fit_fast.py checks it against forward/backward/step.
        """
        params = self.parameters()
        if not all(p.base is self._flat for p in params):
            # copy.deepcopy and pickle copy each array on its own, so the parameters are no longer
            # views of _flat: pack them again (same values) before updating _flat in place.
            self._W, self._b, self._flat = _pack(self._W, self._b)
        K, m = len(self._W), X.shape[0]
        Ws, bs, acts = self._W, self._b, self._act
        shapes = [W.shape for W in Ws] + [b.shape for b in bs if b is not None]
        grad_flat = np.empty_like(self._flat)
        grad_views = _views(grad_flat, shapes)
        dWs, rest = grad_views[:K], iter(grad_views[K:])
        dbs = [None if b is None else next(rest) for b in bs]
        Zs = [np.empty((m, W.shape[1])) for W in Ws]
        As = [X] + [np.empty((m, W.shape[1])) for W in Ws]
        trace = Trace(Zs, As)  # what _output_dZ reads: this epoch's A[K] and Z[K-1]
        forward = []
        for i, (W, b, act) in enumerate(zip(Ws, bs, acts)):
            into = activations.IN_PLACE.get(act.name)
            forward.append((W, b, Zs[i], i + 1, into[0] if into else None, act.f))
        # backward over layers K-1 .. 1: (i, dW, db, W^T, dA_prev, dZ_prev, twin, activation below,
        # A_prev^T when A_prev is an array written in place, else None)
        backward = []
        for i in range(K - 1, 0, -1):
            into = activations.IN_PLACE.get(acts[i - 1].name)
            backward.append((i, dWs[i], dbs[i], Ws[i].T, np.empty((m, Ws[i].shape[0])),
                             np.empty((m, Ws[i].shape[0])), into[1] if into else None, acts[i - 1],
                             As[i].T if into else None))
        XT, dW0, db0 = X.T, dWs[0], dbs[0]
        # The output layer in place when the loss and the activation have twins; _output_dZ
        # handles such a pair with its generic branch (summed, then activation_backward), and
        # every shortcut pair (bce + sigmoid, ...) has no loss twin, so it goes to _output_dZ.
        loss_into = losses.IN_PLACE.get(loss.name)
        out_into = activations.IN_PLACE.get(acts[-1].name)
        if loss_into is not None and out_into is not None:
            out_back, out_A = out_into[1], As[K]
            out_dA, out_dZ = np.empty_like(Zs[-1]), np.empty_like(Zs[-1])
        else:
            loss_into = None
        flat, zeros = self._flat, np.zeros(self._flat.size)
        output_dZ, dot, unit_lr = self._output_dZ, np.dot, lr == 1.0

        recorded, at = [], []
        start = peak = final = float("nan")
        epoch, peak_epoch, reason, limit = 0, 0, None, _DBL_MAX
        # A number is finite iff 0 * it is 0: the dot product with zeros is NaN iff some
        # parameter is not finite (and exactly 0 otherwise).
        if dot(flat, zeros) != 0.0:
            reason = "a weight not finite"
        # Epoch `epochs` is the state after the last update: its loss is checked too.
        while reason is None:
            A = X
            for W, b, Z, i, f_into, f in forward:
                dot(A, W, out=Z)
                if b is not None:
                    Z += b
                if f_into is not None:
                    A = f_into(Z, As[i])
                else:
                    A = As[i] = f(Z)
            if loss_into is not None:
                value = loss_into(out_A, Y, out_dA) * scale
                dZ = out_back(out_dA, out_A, out_dZ)
                if scale != 1.0:
                    dZ *= scale
            else:
                value, dZ = output_dZ(trace, Y, loss, scale)
            if epoch == 0:
                start = peak = value
                if start > 0:  # above this the loss has blown up (blew_up's rule, precomputed)
                    limit = min(DIVERGENCE_FACTOR * start, _DBL_MAX)
            elif not value <= peak:  # a non-finite loss counts as the largest
                peak, peak_epoch = value, epoch
            if not value <= limit:  # NaN, inf, or above the factor
                reason = divergence_reason(start, value)
                final = value if math.isfinite(value) else float("nan")
                if epoch < epochs and epoch % record_every == 0 and math.isfinite(value):
                    recorded.append(value)
                    at.append(epoch)
                break
            final = value
            if epoch == epochs:
                break
            if epoch % record_every == 0:
                recorded.append(value)
                at.append(epoch)
            for i, dW, db, WT, dA, dZ_prev, backward_into, act, AT in backward:
                dot(As[i].T if AT is None else AT, dZ, out=dW)
                if db is not None:
                    dZ.sum(axis=0, out=db)
                dot(dZ, WT, out=dA)
                if backward_into is not None:
                    dZ = backward_into(dA, As[i], dZ_prev)
                else:
                    dZ = activation_backward(dA, Zs[i - 1], As[i], act)
            dot(XT, dZ, out=dW0)
            if db0 is not None:
                dZ.sum(axis=0, out=db0)
            if unit_lr:  # lr * g is g exactly when lr is 1: skip the product
                flat -= grad_flat
            else:
                flat -= lr * grad_flat
            epoch += 1
            if dot(flat, zeros) != 0.0:
                reason, final = "a weight not finite", float("nan")
        return History(np.array(recorded), np.array(at, dtype=int), epoch, reason is not None,
                       final, start, peak, peak_epoch, reason)
