"""Softmax and cross_entropy: PyTorch as the independent reference (the tests taking the `torch`
fixture skip without it; the rest run anyway), extreme logits, bad input.

The gradient-check grid for every softmax/cross_entropy combination is in test_gradients.py.
"""
import warnings

import numpy as np
import pytest

from bpcore import Network, activations, losses

def three_class_case(m, bias=True, seed=0):
    rng = np.random.default_rng(seed)
    Ws = [rng.standard_normal((3, 5)), rng.standard_normal((5, 4))]
    bs = [rng.standard_normal(5), rng.standard_normal(4)] if bias else None
    X, labels = rng.standard_normal((m, 3)), rng.integers(0, 4, size=m)
    return Ws, bs, X, labels


def torch_reference(torch, Ws, bs, X, target, reduction):
    """The same tanh -> softmax network in PyTorch, float64; F.cross_entropy takes the logits."""
    W = [torch.tensor(w, requires_grad=True) for w in Ws]
    b = [torch.tensor(v, requires_grad=True) for v in bs] if bs is not None else [None, None]
    Z1 = torch.tensor(X) @ W[0] + (b[0] if b[0] is not None else 0)
    Z2 = torch.tanh(Z1) @ W[1] + (b[1] if b[1] is not None else 0)
    L = torch.nn.functional.cross_entropy(Z2, target, reduction=reduction)
    L.backward()
    return L.item(), [w.grad.numpy() for w in W], [v.grad.numpy() for v in b if v is not None]


@pytest.mark.parametrize("m", [1, 7])
@pytest.mark.parametrize("reduction", ["sum", "mean"])
@pytest.mark.parametrize("bias", [True, False])
@pytest.mark.parametrize("targets", ["labels", "one-hot"])
def test_cross_entropy_matches_pytorch(m, reduction, bias, targets, torch):
    Ws, bs, X, labels = three_class_case(m, bias, seed=m)
    net = Network.from_weights(Ws, bs, activation=["tanh", "softmax"])
    Y = labels if targets == "labels" else np.eye(4)[labels]
    # PyTorch takes class indices (long) or class probabilities (float) as the target.
    target = torch.tensor(labels) if targets == "labels" else torch.tensor(np.eye(4)[labels])
    value, dW, db = torch_reference(torch, Ws, bs, X, target, reduction)
    assert np.isclose(net.loss(X, Y, loss="cross_entropy", reduction=reduction), value, rtol=1e-12)
    grads = net.backward(net.forward(X), Y, loss="cross_entropy", reduction=reduction)
    for ours, theirs in zip(grads.dW, dW):
        assert np.allclose(ours, theirs, rtol=1e-10, atol=1e-13)
    for ours, theirs in zip([g for g in grads.db if g is not None], db):
        assert np.allclose(ours, theirs, rtol=1e-10, atol=1e-13)


def test_softmax_matches_pytorch(torch):
    Z = np.random.default_rng(3).standard_normal((6, 5)) * 10
    assert np.allclose(activations.softmax(Z), torch.softmax(torch.tensor(Z), dim=1).numpy(), rtol=1e-13, atol=0)


@pytest.mark.parametrize("reduction", ["sum", "mean"])
def test_logits_of_plus_minus_1000(reduction):
    """Logits of +-1000: a finite loss equal to the closed form, dZ = A - Y, no warning at all."""
    # One input of 1 and W = [[1000, -1000, 0]]: the logits of each sample are (1000, -1000, 0).
    net = Network.from_weights([np.array([[1000.0, -1000.0, 0.0]])], activation="softmax")
    X, labels = np.ones((3, 1)), np.array([0, 1, 2])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        value = net.loss(X, labels, loss="cross_entropy", reduction="sum")
        trace = net.forward(X)
        grads = net.backward(trace, labels, loss="cross_entropy", reduction=reduction)
        hist = net.fit(X, labels, lr=1e-3, epochs=3, loss="cross_entropy")
    # By hand: -ln a_0 = ln(1 + e^-2000 + e^-1000) ~ 0; -ln a_1 = 2000 + ...; -ln a_2 = 1000 + ...
    assert value == pytest.approx(3000.0, rel=1e-15)
    A = trace.output
    assert np.array_equal(A, np.tile([1.0, 0.0, 0.0], (3, 1)))  # e^-1000 underflows to 0 in float64
    expected_dZ = (A - np.eye(3)) / (1.0 if reduction == "sum" else 3.0)
    assert np.array_equal(grads.dZ[0], expected_dZ)
    assert not hist.diverged and np.all(np.isfinite(hist.loss))


def test_softmax_does_not_overflow():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        A = activations.softmax(np.array([[1000.0, -1000.0, 999.0], [-1e300, 0.0, 1e300]]))
    assert np.allclose(A[0], [1 / (1 + np.exp(-1)), 0, np.exp(-1) / (1 + np.exp(-1))], rtol=1e-15)
    assert np.array_equal(A[1], [0.0, 0.0, 1.0])


def test_softmax_with_other_losses_uses_the_exact_vjp():
    """half_sse after softmax: dZ of each sample is dA @ J with J = diag(a) - a a^T, formed here."""
    Ws, bs, X, labels = three_class_case(5, seed=4)
    net = Network.from_weights(Ws, bs, activation=["tanh", "softmax"])
    Y = np.eye(4)[labels]
    trace = net.forward(X)
    dZ = net.backward(trace, Y, loss="half_sse").dZ[-1]
    J = activations.softmax_jacobian(trace.Z[-1])
    assert np.allclose(dZ, np.einsum("mk,mkj->mj", trace.output - Y, J), rtol=1e-12, atol=1e-15)


def test_cross_entropy_mean_divides_by_samples():
    Ws, bs, X, labels = three_class_case(6, seed=5)
    net = Network.from_weights(Ws, bs, activation=["tanh", "softmax"])
    total = net.loss(X, labels, loss="cross_entropy", reduction="sum")
    assert net.loss(X, labels, loss="cross_entropy") == pytest.approx(total / 6, rel=1e-15)


def test_fit_learns_three_classes():
    rng = np.random.default_rng(0)
    centres = np.array([[2.0, 0.0], [-1.0, 1.7], [-1.0, -1.7]])
    labels = np.arange(90) % 3
    X = centres[labels] + 0.3 * rng.standard_normal((90, 2))
    net = Network([2, 3], activation="softmax", init="xavier", seed=0)
    hist = net.fit(X, labels, lr=0.5, epochs=200, loss="cross_entropy")
    assert hist.loss[-1] < 0.1 * hist.loss[0]
    assert np.mean(net.predict(X).argmax(axis=1) == labels) > 0.95


# -- bad input: a ValueError naming the argument --------------------------------------------
def test_softmax_on_a_hidden_layer_is_refused():
    with pytest.raises(ValueError, match="activation 'softmax' is allowed on the output layer only"):
        Network([2, 3, 3], activation=["softmax", "softmax"])
    with pytest.raises(ValueError, match="activation 'softmax' is allowed on the output layer only"):
        Network([2, 3, 3], activation="softmax")
    with pytest.raises(ValueError, match="activation"):
        Network.from_weights([np.ones((2, 3)), np.ones((3, 2))], activation=["softmax", "tanh"])


def test_softmax_over_one_unit_is_refused():
    with pytest.raises(ValueError, match="activation 'softmax' needs at least 2 output units"):
        Network([2, 1], activation="softmax")


@pytest.mark.parametrize("out", ["sigmoid", "identity", "tanh"])
def test_cross_entropy_needs_a_softmax_output(out):
    net = Network([2, 3], activation=out)
    X, Y = np.ones((2, 2)), np.eye(3)[[0, 1]]
    for call in (lambda: net.loss(X, Y, loss="cross_entropy"),
                 lambda: net.backward(net.forward(X), Y, loss="cross_entropy"),
                 lambda: net.fit(X, Y, loss="cross_entropy", epochs=1)):
        with pytest.raises(ValueError, match=r"cross_entropy\W+needs a softmax output layer"):
            call()


@pytest.mark.parametrize("Y", [
    np.array([0, 1, 3]),                  # label out of range
    np.array([0, -1, 2]),                 # negative label
    np.array([0.0, 1.5, 2.0]),            # not a whole number
    np.array([0.0, np.nan, 2.0]),         # NaN
    np.array([[0, 1], [1, 0], [1, 0]]),   # neither labels nor (m, 3) rows
    np.array([[1, 1, 0], [1, 0, 0], [0, 0, 1]]),        # a row summing to 2
    np.array([[1.5, -0.5, 0], [1, 0, 0], [0, 0, 1]]),   # a negative "probability"
    np.array([0, 1]),                     # 2 labels for 3 samples
    np.array([], dtype=int),              # empty
    "abc",                                # not numeric
])
def test_bad_cross_entropy_targets(Y):
    net = Network([2, 3], activation="softmax")
    with pytest.raises(ValueError, match=r"\bY\b"):
        net.loss(np.ones((3, 2)), Y, loss="cross_entropy")


def test_label_rule():
    """(m,) and (m, 1) labels, int or whole floats, become one-hot rows; (m, K) rows pass as given."""
    expected = np.eye(3)[[2, 0, 1]]
    for Y in ([2, 0, 1], np.array([[2], [0], [1]]), np.array([2.0, 0.0, 1.0])):
        assert np.array_equal(losses.class_targets(Y, 3), expected)
    soft = np.array([[0.2, 0.3, 0.5]])
    assert np.array_equal(losses.class_targets(soft, 3), soft)


def test_three_class_spiral():
    from bpcore import datasets
    X, Y = datasets.spiral(n=300, seed=0, classes=3)
    assert X.shape == (300, 2) and Y.shape == (300, 1)
    assert np.array_equal(np.bincount(Y.ravel().astype(int)), [100, 100, 100])
    # Without noise, sample i lies at radius r and angle 3 pi r + 2 pi y / 3 (arms 120 deg apart).
    X0, Y0 = datasets.spiral(n=30, noise=0.0, seed=1, classes=3)
    r, y = np.hypot(X0[:, 0], X0[:, 1]), Y0.ravel()
    expected = np.column_stack([np.cos(3 * np.pi * r + 2 * np.pi * y / 3), np.sin(3 * np.pi * r + 2 * np.pi * y / 3)])
    assert np.allclose(X0 / r[:, None], expected, atol=1e-12)
    for bad in (1, 0, 2.5):
        with pytest.raises(ValueError, match="classes"):
            datasets.spiral(n=10, classes=bad)
