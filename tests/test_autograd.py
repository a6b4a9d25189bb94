"""bpcore.autograd: every operation against central differences, the engine against Network
(same weights), a 10,000-operation graph, the refusals, and PyTorch where it is installed."""
import math
import sys

import numpy as np
import pytest

from bpcore import Network, gradcheck
from bpcore.autograd import MLP, Neuron, Value, backward, compare_with_reference, half_sse

RTOL = 1e-7


def engine_grad(f, x):
    """Gradient of f at x by the engine."""
    vs = [Value(v) for v in x]
    backward(f(vs))
    return np.array([v.grad for v in vs])


def numeric_grad(f, x):
    """Central differences of f's forward pass (data only, no backward)."""
    return gradcheck.numerical_gradient(lambda v: f([Value(a) for a in v]).data, np.array(x, dtype=float))


# Each op on random inputs from its domain; relu away from its kink at 0.
UNARY = {
    "exp": (lambda v: v[0].exp(), lambda r: r.uniform(-3, 3)),
    "log": (lambda v: v[0].log(), lambda r: r.uniform(0.1, 5)),
    "tanh": (lambda v: v[0].tanh(), lambda r: r.uniform(-3, 3)),
    "sigmoid": (lambda v: v[0].sigmoid(), lambda r: r.uniform(-6, 6)),
    "relu": (lambda v: v[0].relu(), lambda r: r.choice([-1, 1]) * r.uniform(0.1, 3)),
    "neg": (lambda v: -v[0], lambda r: r.uniform(-3, 3)),
    "pow2": (lambda v: v[0] ** 2, lambda r: r.uniform(-3, 3)),
    "pow3": (lambda v: v[0] ** 3, lambda r: r.uniform(-3, 3)),
    "pow-1": (lambda v: v[0] ** -1, lambda r: r.choice([-1, 1]) * r.uniform(0.5, 3)),
    "pow0.5": (lambda v: v[0] ** 0.5, lambda r: r.uniform(0.2, 4)),
    "pow-2.5": (lambda v: v[0] ** -2.5, lambda r: r.uniform(0.5, 3)),
    "identity": (lambda v: v[0].identity() * 1.0, lambda r: r.uniform(-3, 3)),
}
BINARY = {
    "+": lambda v: v[0] + v[1],
    "-": lambda v: v[0] - v[1],
    "*": lambda v: v[0] * v[1],
    "/": lambda v: v[0] / v[1],
    "number+": lambda v: 2.5 + v[0] + v[1] * 0,
    "+number": lambda v: v[0] + 2.5 + v[1] * 0,
    "number-": lambda v: 2.5 - v[0] - v[1],
    "-number": lambda v: v[0] - 2.5 - v[1],
    "number*": lambda v: -1.5 * v[0] * v[1],
    "*number": lambda v: v[0] * -1.5 * v[1],
    "number/": lambda v: 2.5 / v[0] + v[1],
    "/number": lambda v: v[0] / 2.5 + v[1],
    "np.float64*": lambda v: np.float64(3.0) * v[0] + v[1],
}


@pytest.mark.parametrize("name", sorted(UNARY))
def test_unary_op_matches_central_differences(name):
    f, draw = UNARY[name]
    rng = np.random.default_rng(sum(map(ord, name)))
    for _ in range(20):
        x = [float(draw(rng))]
        g, n = engine_grad(f, x), numeric_grad(f, x)
        assert gradcheck.rel_error(g, n) < RTOL, (name, x, g, n)


@pytest.mark.parametrize("name", sorted(BINARY))
def test_binary_op_matches_central_differences(name):
    f = BINARY[name]
    rng = np.random.default_rng(sum(map(ord, name)))
    for _ in range(20):
        x = [float(rng.choice([-1, 1]) * rng.uniform(0.5, 3)) for _ in range(2)]
        g, n = engine_grad(f, x), numeric_grad(f, x)
        assert gradcheck.rel_error(g, n) < RTOL, (name, x, g, n)


def test_random_expressions_match_central_differences():
    """Random compositions of every op: the sum over paths in a graph where inputs repeat."""
    rng = np.random.default_rng(7)

    def f(v):
        a, b, c = v
        h = (a * b + c.tanh()) / (1.0 + b ** 2)
        return (h.sigmoid() * a - (c * c).exp().log() + (a - b).relu() * h) ** 2

    for _ in range(50):
        x = list(rng.uniform(-2, 2, size=3))
        g, n = engine_grad(f, x), numeric_grad(f, x)
        assert gradcheck.rel_error(g, n) < RTOL, (x, g, n)


def test_input_used_twice_sums_over_paths():
    """d/dx (x*x + x) = 2x + 1 (closed form); d/ds s^2 e^s = (2s + s^2) e^s."""
    x = Value(1.7)
    backward(x * x + x)
    assert x.grad == pytest.approx(2 * 1.7 + 1, rel=1e-15)
    s = Value(1.2)
    backward(s ** 2 * s.exp())
    assert s.grad == pytest.approx((2 * 1.2 + 1.2 ** 2) * math.exp(1.2), rel=1e-14)


def test_gradients_accumulate_and_zero_grad_resets():
    a, b = Value(2.0), Value(3.0)
    out = a * b
    backward(out)
    backward(out)
    assert a.grad == 2 * 3.0 and b.grad == 2 * 2.0     # += adds the term twice (notebook 01)
    out.zero_grad()
    assert a.grad == b.grad == out.grad == 0.0
    backward(out)
    assert (a.grad, b.grad) == (3.0, 2.0)


def test_deep_graph_of_10000_operations():
    """No recursion anywhere: 10,000 chained operations, ten times Python's recursion limit."""
    assert sys.getrecursionlimit() < 10_000
    c = 1.0001
    x = Value(0.5)
    y = x
    for _ in range(5_000):
        y = (y * c) + 0.0               # two operations per round
    order = backward(y)
    assert len(order) == 1 + 2 * 5_000 + 2 * 5_000   # x, the ops, and each constant leaf
    assert x.grad == pytest.approx(c ** 5_000, rel=1e-12)
    y.zero_grad()
    assert x.grad == 0.0
    del y, order                        # freeing the chain must not recurse either


def test_local_grads_read_off_the_closure():
    a, b = Value(2.0, "a"), Value(-3.0, "b")
    assert [(p.label, g) for p, g in (a * b).local_grads()] == [("a", -3.0), ("b", 2.0)]
    sq = a * a
    assert [(p.label, g) for p, g in sq.local_grads()] == [("a", 4.0)]   # both uses summed
    assert a.grad == 0.0 and sq.grad == 0.0                               # restored


def test_topological_order_puts_parents_first():
    a, b = Value(1.0), Value(2.0)
    c = a * b
    d = c + a
    e = d.tanh() * c
    order = e.topological_order()
    pos = {id(v): i for i, v in enumerate(order)}
    assert order[-1] is e and len(order) == len(pos) == 6
    for v in order:
        assert all(pos[id(p)] < pos[id(v)] for p in v.parents)


# -- refusals -------------------------------------------------------------------------------------
@pytest.mark.parametrize("make, op", [
    (lambda: Value(float("nan")), "Value"),
    (lambda: Value(float("inf")), "Value"),
    (lambda: Value("1.0"), "Value"),
    (lambda: Value(True), "Value"),
    (lambda: Value(1e200) * 1e200, r"\*"),
    (lambda: Value(1e308) + 1e308, r"\+"),
    (lambda: Value(1000.0).exp(), "exp"),
    (lambda: Value(0.0).log(), "log"),
    (lambda: Value(-2.0).log(), "log"),
    (lambda: Value(1.0) / 0.0, "/"),
    (lambda: 1.0 / Value(0.0), "/"),
    (lambda: Value(2.0) ** Value(2.0), r"\*\*"),
    (lambda: Value(-2.0) ** 0.5, r"\*\*"),
    (lambda: Value(0.0) ** -1, r"\*\*"),
    (lambda: Value(1e200) ** 2, r"\*\*"),
    (lambda: Value(1.0) + "a", r"\+"),
    (lambda: Value(1.0) * [1.0], r"\*"),
])
def test_bad_input_raises_value_error_naming_the_operation(make, op):
    with pytest.raises(ValueError, match=f"^{op}"):
        make()


def test_backward_refuses_a_non_scalar():
    mlp = MLP([2, 3, 2], activation="tanh", seed=0)
    out = mlp([0.5, -0.2])
    assert len(out) == 2
    with pytest.raises(ValueError, match="^backward: needs one scalar Value.*list of 2"):
        backward(out)
    with pytest.raises(ValueError, match="^backward"):
        backward(np.array([1.0, 2.0]))


def test_backward_refuses_an_infinite_gradient():
    x = Value(0.0)
    with pytest.raises(ValueError, match=r"^\*\*"):
        backward(x ** 0.5)   # d sqrt(x)/dx at 0 is infinite
    y = Value(1e-200)
    out = y.log() * 1e300               # finite (-4.6e302), but d out/dy = 1e300 / 1e-200
    with pytest.raises(ValueError, match="^backward: the gradient of a leaf node"):
        backward(out)


# -- the engine against Network ---------------------------------------------------------------------
def network_and_mlp(rng):
    depth = int(rng.integers(1, 4))
    sizes = [int(n) for n in rng.integers(1, 6, size=depth + 1)]
    acts = [str(a) for a in rng.choice(["sigmoid", "tanh", "relu", "identity"], size=depth)]
    bias = bool(rng.integers(0, 2))
    weights = [rng.normal(size=(a, b)) for a, b in zip(sizes[:-1], sizes[1:])]
    biases = [rng.normal(size=b) for b in sizes[1:]] if bias else None
    return (Network.from_weights(weights, biases, activation=acts),
            MLP.from_weights(weights, biases, activation=acts), sizes)


@pytest.mark.parametrize("seed", range(25))
def test_engine_equals_network_on_random_architectures(seed):
    rng = np.random.default_rng(seed)
    net, mlp, sizes = network_and_mlp(rng)
    m = int(rng.integers(1, 6))                      # batch 1 .. 5
    X, Y = rng.normal(size=(m, sizes[0])), rng.normal(size=(m, sizes[-1]))
    loss = half_sse([mlp(list(x)) for x in X], Y.tolist())
    backward(loss)
    assert loss.data == pytest.approx(net.loss(X, Y, loss="half_sse"), rel=1e-12)
    grads = net.backward(net.forward(X), Y, loss="half_sse")
    dW, db = mlp.grads()
    for i in range(len(sizes) - 1):
        assert np.allclose(dW[i], grads.dW[i], rtol=1e-12, atol=1e-12), (i, dW[i], grads.dW[i])
        if grads.db[i] is None:
            assert db[i] is None
        else:
            assert np.allclose(db[i], grads.db[i], rtol=1e-12, atol=1e-12)


def test_mlp_starts_from_networks_weights_and_steps_like_it():
    net = Network([2, 4, 1], activation=["tanh", "sigmoid"], init="uniform", seed=3)
    mlp = MLP([2, 4, 1], activation=["tanh", "sigmoid"], init="uniform", seed=3)
    W, b = mlp.weights()
    assert all(np.array_equal(P, Q) for P, Q in zip(W + b, net.weights + net.biases))
    assert len(mlp.parameters()) == sum(p.size for p in net.parameters()) == 17
    X, Y = np.array([[0.3, -0.8], [1.0, 0.2]]), np.array([[1.0], [0.0]])
    for _ in range(3):
        mlp.zero_grad()
        backward(half_sse([mlp(list(x)) for x in X], Y.tolist()))
        mlp.step(0.5)
        net.step(net.backward(net.forward(X), Y, loss="half_sse"), lr=0.5)
    W, b = mlp.weights()
    assert all(np.allclose(P, Q, rtol=1e-12, atol=1e-14) for P, Q in zip(W + b, net.weights + net.biases))


def test_neuron_and_mlp_refuse_bad_shapes():
    with pytest.raises(ValueError, match="x must have 3"):
        Neuron([1.0, 2.0, 3.0])([1.0])
    with pytest.raises(ValueError, match="activation"):
        Neuron([1.0], activation="softplus")
    with pytest.raises(ValueError, match="sizes"):
        MLP([2])


# -- PyTorch, where installed; the same call without it --------------------------------------------
def expression(v):
    a, b, c = v
    return ((a * b).tanh() + (c ** 2 + 1.0).log() - a / (1.0 + c.exp()) + b.sigmoid() * c.relu()) ** 2


def test_compare_with_torch():
    pytest.importorskip("torch")
    rng = np.random.default_rng(11)
    for _ in range(20):
        x = rng.uniform(-2, 2, size=3)
        cmp = compare_with_reference(expression, x)
        assert cmp.source == "torch" and cmp.tol == 1e-12
        assert cmp.ok, (x, cmp.engine, cmp.reference)
        assert cmp.message == "PyTorch installed: compared with torch.autograd; relative error < 1e-12: True"


def test_compare_without_torch_uses_central_differences(monkeypatch):
    monkeypatch.setitem(sys.modules, "torch", None)   # `import torch` now raises ImportError
    rng = np.random.default_rng(12)
    for _ in range(20):
        x = rng.uniform(-2, 2, size=3)
        cmp = compare_with_reference(expression, x)
        assert cmp.source == "central differences" and cmp.ok
        assert cmp.message == ("PyTorch not installed: compared with central differences; "
                               "relative error < 1e-07: True")


def test_compare_catches_a_wrong_backward(monkeypatch):
    """The comparison can fail: a * with the wrong local derivative is caught on both paths."""
    def wrong_mul(self, other):
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data * other.data, _parents=(self, other), _op="*")

        def _backward(out):
            self.grad += other.data * out.grad
            other.grad += other.data * out.grad    # the bug: should be self.data
        out._backward = _backward
        return out

    monkeypatch.setattr(Value, "__mul__", wrong_mul)
    x = [0.7, -1.3, 0.4]
    assert not compare_with_reference(lambda v: v[0] * v[1] + v[2], x).ok
    monkeypatch.setitem(sys.modules, "torch", None)
    assert not compare_with_reference(lambda v: v[0] * v[1] + v[2], x).ok


def test_mlp_against_torch():
    """A 3-4-2 tanh/sigmoid MLP and its half_sse: torch.autograd on the same weights."""
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(5)
    Ws = [rng.normal(size=(3, 4)), rng.normal(size=(4, 2))]
    bs = [rng.normal(size=4), rng.normal(size=2)]
    X, Y = rng.normal(size=(4, 3)), rng.normal(size=(4, 2))
    mlp = MLP.from_weights(Ws, bs, activation=["tanh", "sigmoid"])
    backward(half_sse([mlp(list(x)) for x in X], Y.tolist()))
    tW = [torch.tensor(W, requires_grad=True) for W in Ws]
    tb = [torch.tensor(b, requires_grad=True) for b in bs]
    A = torch.tensor(X)
    A = torch.tanh(A @ tW[0] + tb[0])
    A = torch.sigmoid(A @ tW[1] + tb[1])
    (0.5 * ((A - torch.tensor(Y)) ** 2).sum()).backward()
    dW, db = mlp.grads()
    for i in range(2):
        assert np.allclose(dW[i], tW[i].grad.numpy(), rtol=1e-12, atol=1e-14)
        assert np.allclose(db[i], tb[i].grad.numpy(), rtol=1e-12, atol=1e-14)
