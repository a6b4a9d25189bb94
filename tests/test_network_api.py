"""The public API of DESIGN.md: behaviour, bad input, divergence, numerical edge cases."""
import warnings

import numpy as np
import pytest

from bpcore import Network, activations, datasets, gradcheck, losses, perceptron


@pytest.fixture
def xor():
    return datasets.seed003()


@pytest.fixture
def no_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        yield


# -- behaviour --------------------------------------------------------------------------------
def test_shapes_and_trace_indexing(xor):
    X, Y = xor
    net = Network([3, 5, 2, 1], activation=["tanh", "relu", "sigmoid"], seed=0)
    trace = net.forward(X)
    assert [A.shape for A in trace.A] == [(4, 3), (4, 5), (4, 2), (4, 1)]
    assert [Z.shape for Z in trace.Z] == [(4, 5), (4, 2), (4, 1)]
    assert trace.A[0] is not None and np.array_equal(trace.A[0], X)
    assert np.array_equal(trace.A[1], np.tanh(X @ net.weights[0] + net.biases[0]))
    grads = net.backward(trace, Y)
    assert [dW.shape for dW in grads.dW] == [(3, 5), (5, 2), (2, 1)]
    assert [db.shape for db in grads.db] == [(5,), (2,), (1,)]
    assert net.activations == ["tanh", "relu", "sigmoid"] and net.sizes == [3, 5, 2, 1]


def test_weights_are_copies(xor):
    net = Network([3, 4, 1], seed=0)
    net.weights[0][:] = 99
    net.biases[0][:] = 99
    assert not np.any(net.weights[0] == 99) and not np.any(net.biases[0] == 99)


def test_from_weights_copies_and_has_no_bias():
    W1, W2 = np.ones((2, 3)), np.ones((3, 1))
    net = Network.from_weights([W1, W2])
    W1[:] = 5
    assert np.all(net.weights[0] == 1) and net.biases == [None, None]
    # no bias: hidden = sigmoid(0) = 0.5 each, output = sigmoid(3 * 0.5)
    assert np.allclose(net.predict([[0.0, 0.0]]), 1 / (1 + np.exp(-1.5)), rtol=1e-15)


def test_step_is_gradient_descent(xor):
    X, Y = xor
    net = Network([3, 4, 1], seed=2)
    before = net.weights[0]
    grads = net.backward(net.forward(X), Y)
    net.step(grads, lr=0.5)
    assert np.allclose(net.weights[0], before - 0.5 * grads.dW[0], rtol=0, atol=1e-15)


def test_fit_records_and_continues(xor):
    X, Y = xor
    net = Network([3, 4, 1], seed=1, bias=False)
    h1 = net.fit(X, Y, lr=1.0, epochs=1000, record_every=100)
    assert list(h1.epochs) == list(range(0, 1000, 100)) and h1.epoch == 1000
    assert np.all(np.diff(h1.loss) < 0)  # this run descends monotonically
    h2 = net.fit(X, Y, lr=1.0, epochs=10)
    assert h2.loss[0] == pytest.approx(h1.final_loss, rel=1e-12)  # continued, did not restart
    h0 = net.fit(X, Y, epochs=0)
    assert h0.epoch == 0 and len(h0.loss) == 0 and h0.final_loss == pytest.approx(h2.final_loss)


def test_network_seeds_are_deterministic():
    a = Network([2, 3, 1], init="xavier", seed=5).weights
    b = Network([2, 3, 1], init="xavier", seed=np.random.RandomState(5)).weights
    c = Network([2, 3, 1], init="he", seed=np.random.default_rng(5)).weights
    assert all(np.array_equal(x, y) for x, y in zip(a, b))
    assert c[0].shape == (2, 3)


@pytest.mark.parametrize("scheme", ["uniform", "rand01", "xavier", "he", "zeros", "constant"])
def test_init_schemes_and_scale(scheme):
    net = Network([4, 3, 2], init=scheme, seed=0, scale=0.5)
    W = net.weights[0]
    if scheme == "uniform":
        assert W.min() >= -0.5 and W.max() <= 0.5
    elif scheme == "rand01":
        assert W.min() >= 0 and W.max() <= 0.5
    elif scheme == "zeros":
        assert np.all(W == 0)
    elif scheme == "constant":
        assert np.all(W == 0.5) and np.all(net.biases[0] == 0.5)
    else:
        assert np.all(net.biases[0] == 0)


# -- numerics -----------------------------------------------------------------------------------
def test_sigmoid_extremes_do_not_overflow(no_warnings):
    Z = np.array([-1e4, -800.0, -30.0, 0.0, 30.0, 800.0, 1e4])
    S = activations.sigmoid(Z)
    assert np.all(np.isfinite(S)) and S[0] < 1e-300 and S[-1] == 1.0 and S[3] == 0.5
    assert np.all(np.isfinite(activations.sigmoid_prime(Z)))
    assert activations.sigmoid(np.array([-40.0]))[0] == pytest.approx(np.exp(-40.0), rel=1e-12)


def test_bce_finite_when_outputs_saturate(no_warnings):
    bce = losses.get("bce")
    A = np.array([[0.0], [1.0], [1e-300], [1 - 1e-17]])
    Y = np.array([[1.0], [0.0], [1.0], [0.0]])
    assert np.isfinite(bce.value(A, Y)) and bce.value(A, Y) > 30
    assert np.all(np.isfinite(bce.grad(A, Y)))
    net = Network.from_weights([np.array([[1e4]])], biases=[np.array([0.0])])
    assert np.isfinite(net.loss([[1.0], [-1.0]], [[0.0], [1.0]], loss="bce"))


def test_huge_learning_rate_diverges_cleanly(no_warnings):
    rng = np.random.default_rng(0)
    X = rng.standard_normal((20, 2))
    Y = X @ np.array([[2.0], [-1.0]])
    net = Network([2, 8, 1], activation=["relu", "identity"], init="he", seed=0)
    hist = net.fit(X, Y, lr=1e3, epochs=10000, loss="mse")
    assert hist.diverged and 0 < hist.epoch < 10000
    # the blown-up loss is recorded when it is still finite (x1e13 here), not when it is inf/NaN
    recorded = hist.epoch + (hist.reason != "loss not finite")
    assert len(hist.loss) == recorded and np.all(np.isfinite(hist.loss))


def test_sigmoid_with_huge_learning_rate_stays_finite(xor, no_warnings):
    X, Y = xor
    hist = Network([3, 4, 1], seed=0).fit(X, Y, lr=1e4, epochs=500)
    assert not hist.diverged and np.isfinite(hist.final_loss)


# -- bad input: ValueError naming the argument ----------------------------------------------------
@pytest.mark.parametrize("call,match", [
    (lambda net, X, Y: net.forward(X[:, :2]), "X must have 3 column"),
    (lambda net, X, Y: net.forward(X[0]), "X must be 2-D"),
    (lambda net, X, Y: net.forward(np.empty((0, 3))), "X is empty"),
    (lambda net, X, Y: net.forward([["a", "b", "c"]]), "X must be numeric"),
    (lambda net, X, Y: net.loss(X, Y[:3]), "X has 4 samples but Y has 3"),
    (lambda net, X, Y: net.loss(X, np.ones((4, 2))), "Y must have 1 column"),
    (lambda net, X, Y: net.fit(np.where(X == 1, np.nan, X), Y), "X contains NaN or inf"),
    (lambda net, X, Y: net.fit(X, np.where(Y == 1, np.inf, Y)), "Y contains NaN or inf"),
    (lambda net, X, Y: net.fit(X, Y, lr=0), "lr must be a positive"),
    (lambda net, X, Y: net.fit(X, Y, lr=-1), "lr must be a positive"),
    (lambda net, X, Y: net.fit(X, Y, lr=float("nan")), "lr must be a positive"),
    (lambda net, X, Y: net.fit(X, Y, epochs=-1), "epochs must be >= 0"),
    (lambda net, X, Y: net.fit(X, Y, epochs=2.5), "epochs must be an integer"),
    (lambda net, X, Y: net.fit(X, Y, record_every=0), "record_every must be >= 1"),
    (lambda net, X, Y: net.fit(X, Y, loss="cross_entropy"), "unknown loss 'cross_entropy'"),
    (lambda net, X, Y: net.fit(X, Y, reduction="avg"), "unknown reduction 'avg'"),
    (lambda net, X, Y: net.step(net.backward(net.forward(X), Y), lr=0), "lr must be a positive"),
    (lambda net, X, Y: net.step("grads"), "grads must be"),
    (lambda net, X, Y: net.backward("trace", Y), "trace must be"),
    (lambda net, X, Y: Network([3, 4, 1], activation="softsign"), "unknown activation 'softsign'"),
    (lambda net, X, Y: Network([3, 4, 1], activation=["tanh"]), "activation must be one name or a list of 2"),
    (lambda net, X, Y: Network([3, 4, 1], init="glorot"), "unknown init 'glorot'"),
    (lambda net, X, Y: Network([3]), "sizes must be a list"),
    (lambda net, X, Y: Network([3, 0, 1]), r"sizes\[1\] must be >= 1"),
    (lambda net, X, Y: Network([3, 4, 1], seed=-1), "seed must be"),
    (lambda net, X, Y: Network.from_weights([np.ones((3, 4)), np.ones((3, 1))]), r"weights\[1\] has shape"),
    (lambda net, X, Y: Network.from_weights([np.ones((3, 4))], biases=[np.ones(3)]), r"biases\[0\] must be 4"),
    (lambda net, X, Y: Network.from_weights([]), "weights must be a non-empty list"),
    (lambda net, X, Y: gradcheck.numerical_gradient(lambda x: 0.0, np.ones(3, dtype=int)), "x must be a float64"),
    (lambda net, X, Y: gradcheck.rel_error(np.ones(2), np.ones(3)), "same shape"),
])
def test_bad_input_raises_clear_value_error(xor, call, match, no_warnings):
    X, Y = xor
    net = Network([3, 4, 1], seed=0)
    with pytest.raises(ValueError, match=match):
        call(net, X, Y)


def test_one_dimensional_targets_are_a_column(xor):
    X, Y = xor
    net = Network([3, 4, 1], seed=0)
    assert net.loss(X, Y.ravel()) == net.loss(X, Y)


@pytest.mark.parametrize("kwargs,match", [
    (dict(t=[0, 1, 2, 1]), "t must contain only 0 and 1"),
    (dict(t=[0, 1]), "t must have one target per row"),
    (dict(w=[1, 1, 1]), "w must be 2 finite numbers"),
    (dict(b="zero"), "b must be a number"),
    (dict(lr=0), "lr must be a positive"),
    (dict(max_epochs=-3), "max_epochs must be >= 0"),
    (dict(stop="never"), "unknown stop 'never'"),
])
def test_perceptron_bad_input(kwargs, match):
    X, t = datasets.seed001()
    args = dict(X=X, t=t, **{k: v for k, v in kwargs.items() if k not in ("t",)})
    if "t" in kwargs:
        args["t"] = kwargs["t"]
    with pytest.raises(ValueError, match=match):
        perceptron.train(**args)


@pytest.mark.parametrize("name", ["xor", "blobs", "moons", "circles", "spiral"])
def test_datasets_are_deterministic_and_shaped(name):
    fn = datasets.DATASETS[name]
    X1, Y1 = fn(n=50, seed=3)
    X2, Y2 = fn(n=50, seed=3)
    assert X1.shape == (50, 2) and Y1.shape == (50, 1)
    assert np.array_equal(X1, X2) and np.array_equal(Y1, Y2)
    assert set(np.unique(Y1)) == {0.0, 1.0}
    with pytest.raises(ValueError, match="noise"):
        fn(n=10, noise=-1)
    with pytest.raises(ValueError, match="n must be"):
        fn(n=0)
