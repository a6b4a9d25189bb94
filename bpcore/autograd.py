r"""A scalar reverse-mode automatic differentiation (自动微分) engine, built in notebook 08.

A :class:`Value` holds one float and remembers how it was made: the values it was computed
from (``parents``), the name of the operation (``op``) and a small closure, its *local backward*,
that pushes its gradient to its parents with the chain rule (链式法则):

.. math::

    \texttt{parent.grad} \mathrel{+}= \frac{\partial\,\texttt{out}}{\partial\,\texttt{parent}}
    \cdot \texttt{out.grad}.

The closure receives ``out`` as its argument (``out._backward(out)``) rather than capturing it:
a closure stored on ``out`` that captured ``out`` would be a reference cycle (循环引用), which
Python frees only in garbage-collector passes; without cycles a graph is freed by reference
counting as soon as the next epoch drops it.

The ``+=`` is the sum over paths of notebook 01: a value used twice receives one term per use.
:meth:`Value.backward` sorts the graph topologically (拓扑排序) once, without recursion (a chain
of 10,000 operations works), sets the output's gradient to 1 and runs every local backward from
the output back to the inputs. Like micrograd and PyTorch, gradients accumulate: call
:meth:`Value.zero_grad` (or :meth:`MLP.zero_grad`) before a second backward pass.

:class:`Neuron`, :class:`Layer` and :class:`MLP` are a small network of Values in bpcore's
layout: ``MLP.from_weights(net.weights, net.biases, activation)`` computes exactly what
:class:`bpcore.Network` computes, one scalar at a time.

Bad input raises ``ValueError`` naming the operation: non-finite data, ``log`` of a number
<= 0, an exponent that is not a constant number, ``backward`` on a list of outputs.
"""
import math
import numbers

import numpy as np

from .i18n import tr

__all__ = ["Value", "backward", "half_sse", "Neuron", "Layer", "MLP", "ACTIVATIONS",
           "compare_with_reference", "Comparison"]


def _finite(x, op):
    """``x`` as a float, or a ValueError naming ``op`` when it is not a finite real number."""
    if type(x) is not float:  # the common case skips the slower abstract-class checks
        if isinstance(x, bool) or not isinstance(x, numbers.Real):
            raise ValueError(f"{op}: expected a real number; got {type(x).__name__} {x!r}")
        x = float(x)
    if not math.isfinite(x):
        raise ValueError(f"{op}: the result is {x}, not a finite number")
    return x


def _as_value(x, op):
    """A Value stays itself; a plain number becomes a leaf Value (a constant of the graph)."""
    if type(x) is Value or isinstance(x, Value):
        return x
    if isinstance(x, bool) or not isinstance(x, numbers.Real):
        raise ValueError(f"{op}: expected a Value or a plain number; got {type(x).__name__}")
    return Value(x)


class Value:
    """One float64 number of a computational graph (计算图), and ``grad``: dL/d(this number).

    data: a finite real number. label: a name for drawings (``"w1"``); optional.
    """

    __slots__ = ("data", "grad", "label", "parents", "op", "_backward")
    __array_ufunc__ = None  # np.float64(2) * v calls v.__rmul__ instead of building an array

    def __init__(self, data, label="", _parents=(), _op=""):
        self.data = _finite(data, _op or "Value")
        self.grad = 0.0
        self.label = str(label)
        self.parents = tuple(_parents)  # the Values this one was computed from
        self.op = _op                   # "+", "*", "exp", ... ("" for a leaf)
        self._backward = _leaf_backward

    def __repr__(self):
        name = f"label={self.label!r}, " if self.label else ""
        return f"Value({name}data={self.data:.6g}, grad={self.grad:.6g})"

    # -- + and * -----------------------------------------------------------------------------
    def __add__(self, other):
        r"""out = a + b. Local derivatives :math:`\partial out/\partial a = 1`, :math:`\partial out/\partial b = 1`."""
        other = _as_value(other, "+")
        out = Value(self.data + other.data, _parents=(self, other), _op="+")

        def _backward(out):
            self.grad += 1.0 * out.grad
            other.grad += 1.0 * out.grad
        out._backward = _backward
        return out

    def __mul__(self, other):
        r"""out = a b. Local derivatives :math:`\partial out/\partial a = b`, :math:`\partial out/\partial b = a`."""
        other = _as_value(other, "*")
        out = Value(self.data * other.data, _parents=(self, other), _op="*")

        def _backward(out):
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad
        out._backward = _backward
        return out

    # -- the rest of the arithmetic ------------------------------------------------------------
    def __neg__(self):
        r"""out = -a: :math:`\partial out/\partial a = -1`."""
        out = Value(-self.data, _parents=(self,), _op="neg")

        def _backward(out):
            self.grad += -1.0 * out.grad
        out._backward = _backward
        return out

    def __sub__(self, other):
        r"""out = a - b. Local derivatives :math:`\partial out/\partial a = 1`, :math:`\partial out/\partial b = -1`."""
        other = _as_value(other, "-")
        out = Value(self.data - other.data, _parents=(self, other), _op="-")

        def _backward(out):
            self.grad += 1.0 * out.grad
            other.grad += -1.0 * out.grad
        out._backward = _backward
        return out

    def __truediv__(self, other):
        r"""out = a / b. Local derivatives :math:`\partial out/\partial a = 1/b`, :math:`\partial out/\partial b = -a/b^2`."""
        other = _as_value(other, "/")
        if other.data == 0.0:
            raise ValueError("/: division by zero (the divisor's data is 0)")
        out = Value(self.data / other.data, _parents=(self, other), _op="/")

        def _backward(out):
            self.grad += (1.0 / other.data) * out.grad
            other.grad += (-self.data / other.data ** 2) * out.grad
        out._backward = _backward
        return out

    def __pow__(self, k):
        r"""out = a^k for a constant number k: :math:`\partial out/\partial a = k\,a^{k-1}`."""
        if isinstance(k, Value) or isinstance(k, bool) or not isinstance(k, numbers.Real) \
                or not math.isfinite(k):
            raise ValueError(f"**: the exponent must be a constant finite number; got {k!r}")
        k = float(k)
        if self.data == 0.0 and k < 0:
            raise ValueError(f"**: 0 to the power {k} is not finite")
        if self.data < 0.0 and not k.is_integer():
            raise ValueError(f"**: a negative base ({self.data}) needs an integer exponent; got {k}")
        try:
            data = self.data ** k
        except OverflowError:
            raise ValueError(f"**: {self.data} ** {k} overflows float64") from None
        out = Value(data, _parents=(self,), _op=f"**{k:g}")

        def _backward(out):
            if k == 0.0:
                return  # a constant: derivative 0
            if self.data == 0.0 and k < 1.0:
                raise ValueError(f"**: the derivative of a ** {k:g} at a = 0 is infinite")
            self.grad += k * self.data ** (k - 1.0) * out.grad
        out._backward = _backward
        return out

    def __radd__(self, other):  # 2 + v
        return self + other

    def __rmul__(self, other):  # 2 * v
        return self * other

    def __rsub__(self, other):  # 2 - v
        return _as_value(other, "-") - self

    def __rtruediv__(self, other):  # 2 / v
        return _as_value(other, "/") / self

    # -- functions of one value ------------------------------------------------------------------
    def exp(self):
        r""":math:`out = e^a`: :math:`\partial out/\partial a = e^a`, the output itself."""
        try:
            data = math.exp(self.data)
        except OverflowError:
            raise ValueError(f"exp: exp({self.data}) overflows float64") from None
        out = Value(data, _parents=(self,), _op="exp")

        def _backward(out):
            self.grad += out.data * out.grad
        out._backward = _backward
        return out

    def log(self):
        r""":math:`out = \ln a` for :math:`a > 0`: :math:`\partial out/\partial a = 1/a`."""
        if self.data <= 0.0:
            raise ValueError(f"log: needs a positive number; got {self.data}")
        out = Value(math.log(self.data), _parents=(self,), _op="log")

        def _backward(out):
            self.grad += (1.0 / self.data) * out.grad
        out._backward = _backward
        return out

    def tanh(self):
        r""":math:`out = \tanh a`: :math:`\partial out/\partial a = 1 - \tanh^2 a = 1 - out^2`."""
        out = Value(math.tanh(self.data), _parents=(self,), _op="tanh")

        def _backward(out):
            self.grad += (1.0 - out.data ** 2) * out.grad
        out._backward = _backward
        return out

    def sigmoid(self):
        r""":math:`out = \sigma(a) = 1/(1+e^{-a})`: :math:`\partial out/\partial a = \sigma(a)(1-\sigma(a)) = out(1-out)`."""
        # exp(-a) overflows for a < -709; there the result is below 1e-308 and the same
        # floor as bpcore.activations.sigmoid keeps both engines equal bit for bit elsewhere.
        s = 1.0 / (1.0 + math.exp(-max(self.data, -709.0)))
        out = Value(s, _parents=(self,), _op="sigmoid")

        def _backward(out):
            self.grad += out.data * (1.0 - out.data) * out.grad
        out._backward = _backward
        return out

    def relu(self):
        r""":math:`out = \max(0, a)`: :math:`\partial out/\partial a = 1` for :math:`a > 0`, else 0."""
        out = Value(max(self.data, 0.0), _parents=(self,), _op="relu")

        def _backward(out):
            self.grad += (1.0 if self.data > 0.0 else 0.0) * out.grad
        out._backward = _backward
        return out

    def identity(self):
        """The value itself (a linear output layer): no new node."""
        return self

    # -- the graph ----------------------------------------------------------------------------
    def local_grads(self):
        r"""``[(parent, d self / d parent), ...]``, one entry per distinct parent.

        Read off the local backward itself: with ``self.grad = 1`` and the parents' gradients at
        0, one call leaves :math:`\partial\,self/\partial\,parent` in each parent (a parent used
        twice, as in ``x * x``, gets the sum, :math:`2x`). Every gradient is restored afterwards.
        """
        unique = list({id(p): p for p in self.parents}.values())
        saved = [(v, v.grad) for v in [self] + unique]
        try:
            for p in unique:
                p.grad = 0.0
            self.grad = 1.0
            self._backward(self)
            return [(p, p.grad) for p in unique]
        finally:
            for v, g in saved:
                v.grad = g

    def topological_order(self):
        """Every Value this one depends on, each after all its parents, ``self`` last.

        An explicit stack instead of recursion, so any depth works.
        """
        order, seen = [], set()
        stack = [(self, False)]
        while stack:
            v, parents_done = stack.pop()
            if parents_done:
                order.append(v)
                continue
            if id(v) in seen:
                continue
            seen.add(id(v))
            stack.append((v, True))          # comes back after all its parents
            # reversed: the stack pops the first parent first, so the order reads left to right
            stack.extend((p, False) for p in reversed(v.parents) if id(p) not in seen)
        return order

    def backward(self):
        """Set d self/d self = 1 and push gradients to every Value of the graph (see :func:`backward`)."""
        return backward(self)

    def zero_grad(self):
        """Set ``grad = 0`` on every Value of this one's graph."""
        for v in self.topological_order():
            v.grad = 0.0


def _leaf_backward(out):
    """A leaf has no parents: nothing to push."""


def backward(output):
    """Reverse-mode pass from the scalar ``output`` (a Value: the loss L).

    Sets ``output.grad = 1`` and runs each node's local backward in reverse topological order,
    so every node's gradient is complete before it is pushed on. Returns the topological order.
    Raises ValueError for anything but one Value (e.g. the list an MLP returns: sum it into a
    loss first) and for a gradient that is not finite.
    """
    if not isinstance(output, Value):
        n = f" of {len(output)} Values" if isinstance(output, (list, tuple)) else ""
        raise ValueError(f"backward: needs one scalar Value (the loss); got a "
                         f"{type(output).__name__}{n}: combine the outputs into a loss first")
    order = output.topological_order()
    output.grad = 1.0
    for v in reversed(order):
        v._backward(v)
    for v in order:
        if not math.isfinite(v.grad):
            raise ValueError(f"backward: the gradient of a {v.op or 'leaf'} node "
                             f"{v.label or ''} is {v.grad}, not finite".replace("  ", " "))
    return order


def half_sse(outputs, targets):
    r""":math:`L = \tfrac12 \sum_k (\hat y_k - y_k)^2`, bpcore's ``half_sse`` for one sample or many.

    outputs: the Values an MLP returned (a list, or a list of lists for several samples);
    targets: numbers of the same nesting.
    """
    if isinstance(outputs, Value):
        outputs, targets = [outputs], [targets]
    if len(outputs) != len(targets):
        raise ValueError(f"half_sse: {len(outputs)} outputs but {len(targets)} targets")
    total = 0.0
    for yhat, y in zip(outputs, targets):
        if isinstance(yhat, (list, tuple)):
            total = total + half_sse(yhat, y)
        else:
            total = total + 0.5 * (yhat - y) ** 2
    return total


# -- a network of Values ------------------------------------------------------------------------
ACTIVATIONS = ("sigmoid", "tanh", "relu", "identity")


def _activation(name):
    if name not in ACTIVATIONS:
        raise ValueError(f"activation must be one of {ACTIVATIONS}; got {name!r}")
    return name


class Neuron:
    r"""One unit: :math:`a = f(\sum_k w_k x_k + b)`.

    w: its ``n_in`` starting weights (numbers); b: its bias (a number, or None for none);
    activation: ``"sigmoid"``, ``"tanh"``, ``"relu"`` or ``"identity"``.
    """

    def __init__(self, w, b=0.0, activation="tanh"):
        self.w = [Value(wk, label=f"w{k + 1}") for k, wk in enumerate(w)]
        self.b = None if b is None else Value(b, label="b")
        self.activation = _activation(activation)
        if not self.w:
            raise ValueError("w must hold at least one weight")

    def __call__(self, x):
        """x: ``n_in`` numbers or Values. Returns the Value a."""
        if len(x) != len(self.w):
            raise ValueError(f"x must have {len(self.w)} entries (one per weight); got {len(x)}")
        z = self.w[0] * x[0]
        for wk, xk in zip(self.w[1:], x[1:]):
            z = z + wk * xk
        if self.b is not None:
            z = z + self.b
        return getattr(z, self.activation)()

    def parameters(self):
        return self.w + ([] if self.b is None else [self.b])


class Layer:
    """``n_out`` neurons reading the same inputs. W: ``(n_in, n_out)`` (bpcore's layout, column j
    holds the weights into unit j); b: ``(n_out,)`` or None."""

    def __init__(self, W, b=None, activation="tanh"):
        W = np.asarray(W, dtype=np.float64)
        if W.ndim != 2 or W.size == 0:
            raise ValueError(f"W must be a non-empty 2-D array (n_in, n_out); got shape {W.shape}")
        bs = [None] * W.shape[1] if b is None else list(np.asarray(b, dtype=np.float64).reshape(-1))
        if len(bs) != W.shape[1]:
            raise ValueError(f"b must have {W.shape[1]} entries; got {len(bs)}")
        self.neurons = [Neuron(W[:, j], bs[j], activation) for j in range(W.shape[1])]

    def __call__(self, x):
        """x: ``n_in`` numbers or Values. Returns a list of ``n_out`` Values."""
        return [n(x) for n in self.neurons]

    def parameters(self):
        return [p for n in self.neurons for p in n.parameters()]


class MLP:
    """A multi-layer perceptron of Values with sizes ``[n_in, ..., n_out]``.

    ``MLP(sizes, activation, init, seed)`` starts from the same weights as
    ``bpcore.Network(sizes, activation, init, seed)``; :meth:`from_weights` takes them from
    arrays. ``activation`` is one name or one per layer.
    """

    def __init__(self, sizes, activation="tanh", init="uniform", seed=0, bias=True, scale=1.0):
        from .init import init_params  # only here: the engine itself needs nothing of bpcore
        sizes = list(sizes)
        if len(sizes) < 2 or not all(isinstance(n, numbers.Integral) and n > 0 for n in sizes):
            raise ValueError(f"sizes must be a list of at least 2 positive ints; got {sizes!r}")
        weights, biases = init_params(sizes, init, seed=seed, bias=bias, scale=scale)
        self._build(weights, biases, activation)

    @classmethod
    def from_weights(cls, weights, biases=None, activation="tanh"):
        """weights[i]: ``(n_i, n_{i+1})``; biases[i]: ``(n_{i+1},)`` or None (or biases=None)."""
        mlp = cls.__new__(cls)
        mlp._build(list(weights), [None] * len(weights) if biases is None else list(biases),
                   activation)
        return mlp

    def _build(self, weights, biases, activation):
        names = list(activation) if isinstance(activation, (list, tuple)) else [activation] * len(weights)
        if len(names) != len(weights) or len(biases) != len(weights):
            raise ValueError(f"need one activation and one bias entry per layer ({len(weights)})")
        self.layers = [Layer(W, b, a) for W, b, a in zip(weights, biases, names)]

    def __call__(self, x):
        """x: ``n_in`` numbers (one sample). Returns the list of ``n_out`` output Values."""
        for layer in self.layers:
            x = layer(x)
        return x

    def parameters(self):
        """Every weight and bias Value, layer by layer, neuron by neuron (weights, then bias)."""
        return [p for layer in self.layers for p in layer.parameters()]

    def zero_grad(self):
        for p in self.parameters():
            p.grad = 0.0

    def step(self, lr):
        """Gradient descent in place: ``p.data -= lr * p.grad`` for every parameter."""
        for p in self.parameters():
            p.data -= lr * p.grad

    def _arrays(self, attr):
        Ws, bs = [], []
        for layer in self.layers:
            Ws.append(np.array([[getattr(w, attr) for w in n.w] for n in layer.neurons]).T)
            has_b = layer.neurons[0].b is not None
            bs.append(np.array([getattr(n.b, attr) for n in layer.neurons]) if has_b else None)
        return Ws, bs

    def weights(self):
        """``(weights, biases)`` as NumPy arrays in bpcore's layout (data)."""
        return self._arrays("data")

    def grads(self):
        """``(dW, db)`` as NumPy arrays in bpcore's layout, to compare with ``Network.backward``."""
        return self._arrays("grad")


# -- an independent reference ---------------------------------------------------------------------
class Comparison:
    """The engine's gradient next to a reference gradient (see :func:`compare_with_reference`)."""

    def __init__(self, engine, reference, source, tol):
        from .gradcheck import rel_error
        self.engine, self.reference, self.source, self.tol = engine, reference, source, tol
        self.rel_error = rel_error(engine, reference)
        self.ok = self.rel_error < tol

    @property
    def message(self):
        where = (tr("PyTorch installed: compared with torch.autograd") if self.source == "torch"
                 else tr("PyTorch not installed: compared with central differences"))
        return tr("{where}; relative error < {tol:g}: {ok}", where=where, tol=self.tol, ok=self.ok)


def compare_with_reference(f, x):
    """Gradient of ``f`` at the numbers ``x``: the engine's next to an independent reference.

    f: a function of a list of inputs written with ``+ - * / **`` and the methods ``exp``, ``log``,
    ``tanh``, ``sigmoid``, ``relu``, returning one scalar. Values and PyTorch tensors both
    have them, so the same ``f`` runs on both. The reference is ``torch.autograd`` in float64
    (tolerance 1e-12) when PyTorch can be imported, else central differences (tolerance 1e-7).
    Returns a :class:`Comparison` (``.ok``, ``.rel_error``, ``.source``, ``.message``).
    """
    x = np.array([_finite(v, "compare_with_reference: x") for v in x], dtype=np.float64)
    inputs = [Value(v) for v in x]
    out = f(inputs)
    backward(out)
    engine = np.array([v.grad for v in inputs])
    try:
        import torch
    except ImportError:
        torch = None
    if torch is not None:
        ts = [torch.tensor(v, dtype=torch.float64, requires_grad=True) for v in x]
        f(ts).backward()
        reference = np.array([0.0 if t.grad is None else float(t.grad) for t in ts])
        return Comparison(engine, reference, "torch", 1e-12)
    from .gradcheck import numerical_gradient
    reference = numerical_gradient(lambda v: f([Value(vi) for vi in v]).data, x.copy())
    return Comparison(engine, reference, "central differences", 1e-7)
