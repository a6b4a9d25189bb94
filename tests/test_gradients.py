"""Every backward pass against central differences, in float64, relative error < 1e-7.

The grid: every activation x every loss x batch size 1 and 7 x with/without bias x depth 1..3.
bce needs probabilities, so with bce the output layer is sigmoid, and cross_entropy needs a
softmax output layer (the hidden layers still use the activation under test). A second grid puts
softmax on the output layer (3 classes) under every loss that makes sense on it and every hidden
activation: its backward pass is the exact vector-Jacobian product, or A - Y with cross_entropy.
Cases are drawn away from kinks (relu/step at 0, |a - y| at 0, the perceptron criterion at a = 0),
where no derivative exists for either side to agree on.
"""
import itertools

import numpy as np
import pytest

from bpcore import Network, activations, gradcheck, layers, losses

ACTS = sorted(n for n, a in activations.ACTIVATIONS.items() if a.elementwise)  # hidden-layer ones
LOSSES = sorted(losses.LOSSES)
TOL = 1e-7
KINK = 1e-3


def away_from_kinks(values):
    return bool(np.all((values == 0) | (np.abs(values) > KINK)))


def output_activation(act, loss):
    return {"bce": "sigmoid", "cross_entropy": "softmax"}.get(loss, act)


def draw_targets(rng, loss, m, n_out, out):
    if out == "softmax":
        # Targets a softmax can reach: one-hot rows, or probability rows (Dirichlet). Not the
        # independent uniforms used elsewhere: with every a_k < y_k, sign(a - y) is a constant
        # vector, which the softmax VJP maps to exactly 0, and a zero gradient checks nothing.
        if loss in ("cross_entropy", "perceptron"):
            return np.eye(n_out)[rng.integers(0, n_out, size=m)]
        return rng.dirichlet(np.ones(n_out), size=m)
    if loss == "perceptron":
        return (rng.random((m, n_out)) > 0.5).astype(float)
    if loss == "cross_entropy":
        return np.eye(n_out)[rng.integers(0, n_out, size=m)]
    return rng.random((m, n_out))


def draw_case(act, loss, m, bias, depth, seed, out=None):
    rng = np.random.default_rng(seed)
    out = out or output_activation(act, loss)
    acts = [act] * (depth - 1) + [out]
    n_out = 3 if out == "softmax" else 2
    sizes = [3] + [4] * (depth - 1) + [n_out]
    for _ in range(1000):
        net = Network(sizes, activation=acts, init="uniform", seed=rng, bias=bias)
        X = rng.standard_normal((m, 3))
        Y = draw_targets(rng, loss, m, n_out, out)
        trace = net.forward(X)
        ok = all(away_from_kinks(Z) for Z, a in zip(trace.Z, acts) if a in ("relu", "step"))
        if loss == "abs_error":
            ok = ok and away_from_kinks(trace.output - Y)
        if loss == "perceptron":
            ok = ok and away_from_kinks(trace.output)
        if out == "softmax":  # no sample whose last hidden layer is all dead relus: dW[-1] = 0 checks nothing
            ok = ok and bool(np.all(np.any(trace.A[-2] != 0, axis=1)))
        if ok:
            return net, X, Y
    raise AssertionError("no kink-free case found")


GRID = list(itertools.product(ACTS, LOSSES, [1, 7], [True, False], [1, 2, 3]))


@pytest.mark.parametrize("act,loss,m,bias,depth", GRID)
def test_backward_matches_central_differences(act, loss, m, bias, depth):
    net, X, Y = draw_case(act, loss, m, bias, depth, seed=GRID.index((act, loss, m, bias, depth)))
    assert gradcheck.check_network(net, X, Y, loss=loss) < TOL


# The losses that make sense on a softmax output. Left out: bce (one independent probability per
# output, the sigmoid's loss) and perceptron (step(a) of a softmax output is always 1). bpcore
# computes both exactly through the same VJP, but they teach nothing here.
SOFTMAX_LOSSES = ["abs_error", "cross_entropy", "half_sse", "mse"]
SOFTMAX_GRID = list(itertools.product(ACTS, SOFTMAX_LOSSES, [1, 7], [True, False], [1, 2, 3]))


@pytest.mark.parametrize("act,loss,m,bias,depth", SOFTMAX_GRID)
def test_softmax_output_matches_central_differences(act, loss, m, bias, depth):
    """Softmax output (3 classes) under every loss; act is the hidden layers' activation."""
    seed = 10_000 + SOFTMAX_GRID.index((act, loss, m, bias, depth))
    net, X, Y = draw_case(act, loss, m, bias, depth, seed=seed, out="softmax")
    assert gradcheck.check_network(net, X, Y, loss=loss) < TOL
    assert np.abs(net.backward(net.forward(X), Y, loss=loss).dW[-1]).max() > 1e-6  # not a 0 = 0 pass


@pytest.mark.parametrize("m", [1, 7])
@pytest.mark.parametrize("shape", ["(m,)", "(m, 1)"])
def test_cross_entropy_with_integer_labels(m, shape):
    """Labels 0..K-1 give the same gradients as their one-hot rows, and both pass the check."""
    net, X, Y = draw_case("tanh", "cross_entropy", m, True, 2, seed=m)
    labels = Y.argmax(axis=1) if shape == "(m,)" else Y.argmax(axis=1).reshape(-1, 1)
    assert gradcheck.check_network(net, X, labels, loss="cross_entropy") < TOL
    g_labels = net.backward(net.forward(X), labels, loss="cross_entropy")
    g_onehot = net.backward(net.forward(X), Y, loss="cross_entropy")
    assert all(np.array_equal(a, b) for a, b in zip(g_labels.dW, g_onehot.dW))


@pytest.mark.parametrize("loss", LOSSES)
@pytest.mark.parametrize("reduction", ["sum", "mean"])
def test_both_reductions(loss, reduction):
    net, X, Y = draw_case("tanh", loss, 5, True, 2, seed=99)
    assert gradcheck.check_network(net, X, Y, loss=loss, reduction=reduction) < TOL


def test_gradients_are_not_trivially_zero():
    """Guard against a grid of zeros agreeing with zeros: the sigmoid cases have real gradients."""
    net, X, Y = draw_case("sigmoid", "half_sse", 7, True, 3, seed=1)
    grads = net.backward(net.forward(X), Y)
    assert all(np.abs(dW).max() > 1e-4 for dW in grads.dW)


def test_a_wrong_gradient_is_caught():
    """The checker can fail: a backward pass that drops sigma' is flagged."""
    net, X, Y = draw_case("sigmoid", "half_sse", 7, True, 2, seed=3)
    analytic, numeric = gradcheck.network_gradients(net, X, Y)
    trace = net.forward(X)
    wrong = trace.A[1].T @ (trace.output - Y)  # forgot the sigmoid derivative
    assert gradcheck.rel_error(wrong, numeric["dW[1]"]) > 1e-2
    assert gradcheck.rel_error(analytic["dW[1]"], numeric["dW[1]"]) < TOL


@pytest.mark.parametrize("name", ACTS)
def test_activation_derivatives(name):
    act = activations.get(name)
    Z = np.linspace(-3, 3, 13) + 0.05  # avoids z = 0, the relu/step kink
    numeric = np.array([gradcheck.numerical_gradient(lambda z: act.f(z).item(), np.array([z]))[0] for z in Z])
    assert np.allclose(act.df(Z), numeric, rtol=1e-8, atol=1e-9)
    assert np.allclose(act.df_from_a(act.f(Z)), act.df(Z), rtol=1e-12, atol=1e-15)


def test_sigmoid_derivative_matches_the_posts_formula():
    """Seed 000 writes f'(z) = e^{-z} / (1 + e^{-z})^2; bpcore uses sigma (1 - sigma)."""
    Z = np.linspace(-20, 20, 81)
    assert np.allclose(activations.sigmoid_prime(Z), np.exp(-Z) / (1 + np.exp(-Z)) ** 2, rtol=1e-12)


@pytest.mark.parametrize("name", LOSSES)
@pytest.mark.parametrize("reduction", ["sum", "mean"])
def test_loss_gradients(name, reduction):
    loss = losses.get(name)
    rng = np.random.default_rng(5)
    A = rng.uniform(0.05, 0.95, size=(4, 3)) * rng.choice([-1, 1], size=(4, 3)) if name == "perceptron" \
        else rng.uniform(0.05, 0.95, size=(4, 3))
    Y = (rng.random((4, 3)) > 0.5).astype(float) if name in ("perceptron", "bce") else rng.random((4, 3))
    if name == "cross_entropy":
        Y = np.eye(3)[[0, 2, 1, 2]]
    numeric = gradcheck.numerical_gradient(lambda a: loss.value(a, Y, reduction), A.copy())
    assert gradcheck.rel_error(loss.grad(A, Y, reduction), numeric) < TOL


@pytest.mark.parametrize("m", [1, 6])
def test_dense_backward(m):
    rng = np.random.default_rng(m)
    A_prev, W, b = rng.standard_normal((m, 3)), rng.standard_normal((3, 2)), rng.standard_normal(2)
    G = rng.standard_normal((m, 2))  # L = sum(G * Z), so dL/dZ = G
    dW, db, dA_prev = layers.dense_backward(G, A_prev, W)
    f = lambda _: np.sum(G * layers.dense_forward(A_prev, W, b))
    assert gradcheck.rel_error(dW, gradcheck.numerical_gradient(f, W)) < TOL
    assert gradcheck.rel_error(db, gradcheck.numerical_gradient(f, b)) < TOL
    assert gradcheck.rel_error(dA_prev, gradcheck.numerical_gradient(f, A_prev)) < TOL


def test_numerical_gradient_of_a_closed_form():
    """d/dx sum(sin(x) * x^2) = cos(x) x^2 + 2 x sin(x)."""
    x = np.linspace(-2, 2, 9)
    numeric = gradcheck.numerical_gradient(lambda v: np.sum(np.sin(v) * v ** 2), x.copy())
    assert np.allclose(numeric, np.cos(x) * x ** 2 + 2 * x * np.sin(x), rtol=1e-8, atol=1e-9)


@pytest.mark.parametrize("m", [1, 5])
def test_softmax_jacobian_and_vjp(m):
    """The Jacobian diag(a) - a a^T against central differences, and the VJP against dA @ J."""
    rng = np.random.default_rng(40 + m)
    Z, dA = rng.standard_normal((m, 4)) * 2, rng.standard_normal((m, 4))
    J = activations.softmax_jacobian(Z)
    for i in range(m):
        for k in range(4):
            f = lambda z: activations.softmax(z)[k]
            numeric = gradcheck.numerical_gradient(f, Z[i].copy())
            assert gradcheck.rel_error(J[i, k], numeric) < TOL
    A = activations.softmax(Z)
    assert np.allclose(activations.softmax_vjp(dA, A), np.einsum("mk,mkj->mj", dA, J), rtol=1e-12, atol=1e-15)


def test_softmax_vjp_against_central_differences():
    """L = sum(G * softmax(Z)) has dL/dZ = softmax_vjp(G, A), checked without any Jacobian."""
    rng = np.random.default_rng(8)
    Z, G = rng.standard_normal((6, 5)), rng.standard_normal((6, 5))
    numeric = gradcheck.numerical_gradient(lambda z: np.sum(G * activations.softmax(z)), Z.copy())
    assert gradcheck.rel_error(activations.softmax_vjp(G, activations.softmax(Z)), numeric) < TOL


def test_softmax_cross_entropy_from_logits_against_central_differences():
    rng = np.random.default_rng(9)
    Z, Y = rng.standard_normal((7, 4)) * 3, np.eye(4)[rng.integers(0, 4, size=7)]
    total, dZ = losses.softmax_cross_entropy(Z, Y)
    numeric = gradcheck.numerical_gradient(lambda z: losses.softmax_cross_entropy(z, Y)[0], Z.copy())
    assert gradcheck.rel_error(dZ, numeric) < TOL
    assert np.isclose(total, -np.sum(Y * np.log(activations.softmax(Z))), rtol=1e-12)


# -- per_layer=True ---------------------------------------------------------------------------
@pytest.mark.parametrize("act,loss,bias,depth", [("sigmoid", "half_sse", True, 3), ("tanh", "cross_entropy", False, 2),
                                                 ("relu", "mse", True, 1), ("tanh", "bce", True, 3)])
def test_per_layer_errors_of_a_correct_network(act, loss, bias, depth):
    net, X, Y = draw_case(act, loss, 7, bias, depth, seed=7)
    rows = gradcheck.check_network(net, X, Y, loss=loss, per_layer=True)
    assert [r["layer"] for r in rows] == list(range(depth))
    assert all(r["dW"] < TOL and (r["db"] < TOL if bias else r["db"] is None) for r in rows)
    assert isinstance(gradcheck.check_network(net, X, Y, loss=loss), float)  # the default: one number


class FirstLayerBug(Network):
    """A backward pass whose first-layer dW is 50 % too large: a bug gradcheck must find."""

    def backward(self, trace, Y, loss="half_sse", reduction=None):
        grads = super().backward(trace, Y, loss, reduction)
        grads.dW[0] = 1.5 * grads.dW[0]
        return grads


def test_per_layer_finds_an_early_layer_bug_the_global_check_misses():
    """12 sigmoid layers: dW[0] is ~1e-8 of dW[11] in size, so a 50 % error in it moves the
    global relative error by ~1e-8 (it passes < 1e-7); on its own scale it is 0.5 / 2.5 = 0.2."""
    rng = np.random.default_rng(0)
    good = Network([2] + [3] * 11 + [1], activation="sigmoid", init="uniform", seed=0)
    net = FirstLayerBug.from_weights(good.weights, good.biases, activation="sigmoid")
    X, Y = rng.standard_normal((5, 2)), rng.random((5, 1))
    assert gradcheck.check_network(net, X, Y) < TOL  # blind
    rows = gradcheck.check_network(net, X, Y, per_layer=True)
    assert rows[0]["dW"] == pytest.approx(0.2, rel=1e-3)
    assert all(r["dW"] < 1e-2 for r in rows[1:])
    assert max(r["dW"] for r in gradcheck.check_network(good, X, Y, per_layer=True)) < 1e-2
