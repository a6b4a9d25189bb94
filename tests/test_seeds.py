"""bpcore reproduces the seeds. Expected values come from the seeds' own code (tests/seeds/),
run here, or from a hand derivation; never from bpcore itself."""
import numpy as np
import pytest

from bpcore import Network, datasets, gradcheck, init, perceptron
from seeds import seed001_perceptron, seed003_iamtrask


@pytest.fixture(scope="module")
def iamtrask():
    return seed003_iamtrask.run(60000)


def test_seed003_initial_weights_from_network_seed(iamtrask):
    """Network(..., init="uniform", seed=1, bias=False) draws exactly the seed's syn0, syn1."""
    net = Network([3, 4, 1], activation="sigmoid", init="uniform", seed=1, bias=False)
    assert np.array_equal(net.weights[0], iamtrask["syn0_init"])
    assert np.array_equal(net.weights[1], iamtrask["syn1_init"])


def test_seed003_printed_errors_and_outputs(iamtrask):
    X, Y = datasets.seed003()
    net = Network.from_weights([iamtrask["syn0_init"], iamtrask["syn1_init"]], activation="sigmoid")
    printed = []
    for _ in range(6):  # the seed prints mean |y - k2| before the update of epochs 0, 10000, ...
        printed.append("Error:" + str(net.loss(X, Y, loss="abs_error", reduction="mean")))
        hist = net.fit(X, Y, lr=1.0, epochs=10000, loss="half_sse", record_every=10000)
        assert not hist.diverged and hist.epoch == 10000
    expected = [float(line.split(":")[1]) for line in iamtrask["printed"]]
    got = [float(line.split(":")[1]) for line in printed]
    assert np.allclose(got, expected, rtol=0, atol=1e-10)
    assert np.allclose(net.weights[0], iamtrask["syn0"], rtol=0, atol=1e-10)
    assert np.allclose(net.weights[1], iamtrask["syn1"], rtol=0, atol=1e-10)
    assert np.allclose(net.predict(X), iamtrask["final_output"], rtol=0, atol=1e-10)


def test_seed003_one_fit_call_equals_the_loop(iamtrask):
    X, Y = datasets.seed003()
    net = Network([3, 4, 1], init="uniform", seed=1, bias=False)
    hist = net.fit(X, Y, lr=1.0, epochs=60000, record_every=10000)
    assert list(hist.epochs) == [0, 10000, 20000, 30000, 40000, 50000]
    assert np.allclose(net.predict(X), iamtrask["final_output"], rtol=0, atol=1e-10)
    # The recorded loss is 1/2 sum (y - k2)^2 at the same epochs; recompute it from the seed.
    first = 0.5 * np.sum((Y - 1 / (1 + np.exp(-(1 / (1 + np.exp(-X @ iamtrask["syn0_init"]))) @ iamtrask["syn1_init"]))) ** 2)
    assert hist.loss[0] == pytest.approx(first, rel=1e-12)


def test_seed003_k2_delta_is_minus_the_half_sse_gradient():
    """k2_delta = (y - k2) k2 (1 - k2) = -dE/dz2 for E = 1/2 sum (y - k2)^2."""
    X, Y = datasets.seed003()
    net = Network([3, 4, 1], init="uniform", seed=1, bias=False)
    trace = net.forward(X)
    k2 = trace.output
    k2_delta = (Y - k2) * (k2 * (1 - k2))
    z2 = trace.Z[1].copy()
    numeric = gradcheck.numerical_gradient(
        lambda z: 0.5 * np.sum((Y - 1 / (1 + np.exp(-z))) ** 2), z2)
    assert gradcheck.rel_error(-k2_delta, numeric) < 1e-7
    assert gradcheck.rel_error(net.backward(trace, Y, loss="half_sse").dZ[1], -k2_delta) < 1e-15


def test_seed001_epoch_by_epoch():
    X, t = datasets.seed001()
    expected = seed001_perceptron.run()
    res = perceptron.train(X, t, w=[1, 1], b=0, lr=0.9, max_epochs=100, stop="loss")
    assert len(res.history) == len(expected) == 5
    for got, want in zip(res.history, expected):
        assert got.epoch == want["epoch"]
        assert np.array_equal(got.w, want["w"])
        assert got.b == want["b"]
        assert np.array_equal(got.val, want["val"])
        assert np.array_equal(got.y_pre, want["y_pre"])
        assert got.loss == want["loss"]
    assert res.converged and res.epochs == 4


def test_seed001_default_stop_rule_agrees_on_the_posts_data():
    X, t = datasets.seed001()
    res = perceptron.train(X, t, w=[1, 1], b=0, lr=0.9)
    assert res.converged and res.stopped_by == "misclassified" and res.epochs == 4
    assert res.history[-1].errors == 0


def test_seed001_loss_rule_stops_too_early_from_zero_weights():
    """From w = 0, b = 0 every val is 0: the post's loss is 0 at once, yet the two t = 1 points are wrong."""
    X, t = datasets.seed001()
    post = seed001_perceptron.run(w_init=np.array([0, 0]), b_init=0)
    assert len(post) == 1 and post[0]["loss"] == 0
    res = perceptron.train(X, t, w=[0, 0], b=0, stop="loss")
    assert res.epochs == 0 and res.stopped_by == "loss" and not res.converged
    assert res.history[0].errors == 2
    fixed = perceptron.train(X, t, w=[0, 0], b=0)
    assert fixed.converged and fixed.history[-1].errors == 0


def test_perceptron_on_non_separable_data_is_bounded():
    X, t = datasets.seed003()[0][:, :2], datasets.seed003()[1].ravel()  # XOR: no line separates it
    for stop in ("misclassified", "loss"):
        res = perceptron.train(X, t, w=[1, 1], b=0, lr=0.9, max_epochs=50, stop=stop)
        assert not res.converged and res.stopped_by == "max_epochs" and res.epochs == 50
        assert len(res.history) == 51


def test_seed002_sigmoid_plus_log_likelihood_gives_A_minus_Y():
    """Ng's output rule: for A = sigmoid(Z) and J = -1/m sum(y ln a + (1-y) ln(1-a)), dJ/dZ = (A - Y)/m."""
    rng = np.random.default_rng(2)
    Z = rng.standard_normal((6, 1))
    Y = (rng.random((6, 1)) > 0.5).astype(float)
    J = lambda z: -np.mean(Y * np.log(1 / (1 + np.exp(-z))) + (1 - Y) * np.log(1 - 1 / (1 + np.exp(-z))))
    numeric = gradcheck.numerical_gradient(J, Z.copy())
    A = 1 / (1 + np.exp(-Z))
    assert gradcheck.rel_error((A - Y) / 6, numeric) < 1e-7
    # and bpcore's backward uses it for its output layer
    net = Network([2, 3, 1], activation="sigmoid", init="xavier", seed=4)
    X = rng.standard_normal((6, 2))
    trace = net.forward(X)
    dZ = net.backward(trace, Y, loss="bce").dZ[-1]
    assert gradcheck.rel_error(dZ, (trace.output - Y) / 6) < 1e-15
    assert gradcheck.check_network(net, X, Y, loss="bce") < 1e-7


def test_init_uniform_matches_global_numpy_seed():
    np.random.seed(7)
    a = 2 * np.random.random((2, 5)) - 1
    b = 2 * np.random.random((5, 3)) - 1
    weights, _ = init.init_params([2, 5, 3], "uniform", seed=7, bias=False)
    assert np.array_equal(weights[0], a) and np.array_equal(weights[1], b)
