"""Bad input (issue 9 §3) for the core package: a ValueError naming the argument, every time.

Each case of the issue's list is one parametrised row: wrong types that used to be accepted,
errors of the wrong type (OverflowError, TypeError, AttributeError, IndexError), NumPy's own
messages, silently wrong results and unbounded requests. Then property tests of the public API
(hypothesis): any finite float64 input of the right shape trains or raises ValueError.
"""
import warnings

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from bpcore import Network, Trace, datasets, gradcheck, init, losses, perceptron
from bpcore.network import DIVERGENCE_FACTOR, MAX_EPOCHS, blew_up
from bpcore.perceptron import MAX_EPOCHS as PERCEPTRON_MAX_EPOCHS


@pytest.fixture(autouse=True)
def no_warnings():
    """ComplexWarning, overflow RuntimeWarnings, DeprecationWarnings: all are failures here."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        yield


X3, Y3 = datasets.seed003()
NET = Network([3, 4, 1], seed=0)
OTHER = Network([3, 5, 1], seed=0)
masked = np.ma.array(X3, mask=np.zeros_like(X3, dtype=bool))
masked.mask[0, 0] = True
X1, t1 = datasets.seed001()

CASES = [
    # -- wrong types accepted by as_matrix: X, Y, the weights, the perceptron's X --------------
    ("numeric strings", lambda: NET.forward([["0", "0", "1"]]), "X must be numeric"),
    ("numeric strings in Y", lambda: NET.fit(X3, [["0"], ["1"], ["1"], ["0"]]), "Y must be numeric"),
    ("complex X", lambda: NET.predict(X3 + 1j), "X must be numeric"),
    ("complex Y", lambda: NET.loss(X3, Y3.astype(complex)), "Y must be numeric"),
    ("datetime64", lambda: NET.forward(np.array([["2020-01-01"] * 3], dtype="datetime64[D]")), "X must be numeric"),
    ("NaT", lambda: NET.forward(np.array([["NaT"] * 3], dtype="datetime64[D]")), "X must be numeric"),
    ("masked X", lambda: NET.fit(masked, Y3), "X is a masked array"),
    ("masked weights", lambda: Network.from_weights([np.ma.array(np.ones((3, 1)))]), r"weights\[0\] is a masked"),
    ("string weights", lambda: Network.from_weights([[["1"], ["2"], ["3"]]]), r"weights\[0\] must be numeric"),
    ("complex weights", lambda: Network.from_weights([np.ones((3, 1)) * 1j]), r"weights\[0\] must be numeric"),
    ("perceptron masked X", lambda: perceptron.train(np.ma.array(X1), t1), "X is a masked array"),
    ("perceptron string X", lambda: perceptron.train(X1.astype(str), t1), "X must be numeric"),
    ("ragged X", lambda: NET.forward([[0, 0, 1], [0, 1]]), "X must be a numeric array-like"),
    ("None in X", lambda: NET.forward([[0, None, 1]]), "X must contain real numbers"),
    # -- OverflowError ------------------------------------------------------------------------
    ("huge int in X", lambda: NET.predict([[10**400, 0, 0]]), "X has an entry too large"),
    ("huge int lr", lambda: NET.fit(X3, Y3, lr=10**400), "lr must be a positive finite number"),
    ("huge int scale", lambda: Network([3, 4, 1], scale=10**400), "scale must be a number"),
    # -- TypeError ----------------------------------------------------------------------------
    ("biases=0.5", lambda: Network.from_weights([np.ones((3, 1))], biases=0.5), "biases must be None or a list"),
    ("fit(X, None)", lambda: NET.fit(X3, None), "Y must be given"),
    ("loss(X, None)", lambda: NET.loss(X3, None), "Y must be given"),
    ("backward(trace, None)", lambda: NET.backward(NET.forward(X3), None), "Y must be given"),
    ("moons(noise=None)", lambda: datasets.moons(noise=None), "noise must be a number"),
    ("moons(noise='0.1')", lambda: datasets.moons(noise="0.1"), "noise must be a number"),
    ("moons(seed=1.5)", lambda: datasets.moons(seed=1.5), "seed must be an int"),
    ("perceptron complex w", lambda: perceptron.train(X1, t1, w=[1 + 1j, 1]), "w must be numeric"),
    # -- AttributeError -----------------------------------------------------------------------
    ("check_network('net')", lambda: gradcheck.check_network("net", X3, Y3), "net must be a bpcore Network"),
    ("mse value(A, list)", lambda: losses.get("mse").value(np.ones((4, 1)), list), "Y must"),
    ("mse grad(list, Y)", lambda: losses.get("mse").grad([[1.0]], "Y"), "Y must be numeric"),
    # -- IndexError ---------------------------------------------------------------------------
    ("empty trace", lambda: NET.backward(Trace([], [X3]), Y3), "trace must hold 2 Z and 3 A"),
    # -- NumPy's messages ---------------------------------------------------------------------
    ("seed=2**32", lambda: Network([3, 4, 1], seed=2**32), r"seed must be an int in \[0, 2\*\*32 - 1\]"),
    ("init seed=2**32", lambda: init.make_rng(2**32), "seed must be an int"),
    ("moons(seed=-1)", lambda: datasets.moons(seed=-1), "seed must be an int >= 0"),
    ("trace of another net", lambda: NET.backward(OTHER.forward(X3), Y3), r"trace.A\[1\] must have shape \(m, 4\)"),
    ("numerical_gradient of empty x", lambda: gradcheck.numerical_gradient(lambda x: 0.0, np.ones(0)), "x is empty"),
    ("numerical_gradient f not callable", lambda: gradcheck.numerical_gradient(3.0, np.ones(2)), "f must be a function"),
    ("numerical_gradient f returns a vector", lambda: gradcheck.numerical_gradient(lambda x: x, np.ones(2)), "f must return one real number"),
    ("rel_error of strings", lambda: gradcheck.rel_error(["a"], ["b"]), "a must be numeric"),
    # -- silently wrong results ---------------------------------------------------------------
    ("step(grads of another net)", lambda: NET.step(OTHER.backward(OTHER.forward(X3), Y3)), r"grads.dW\[0\] must have shape \(3, 4\)"),
    ("step(grads without bias)", lambda: NET.step(Network([3, 4, 1], bias=False).backward(NET.forward(X3), Y3)), r"grads.db\[0\] must be shape \(4,\)"),
    ("mse (4,1) against (4,)", lambda: losses.get("mse").value(np.full((4, 1), .3), np.array([0, 1, 1, 0.])), "A and Y must have the same shape"),
    ("perceptron criterion Y outside [0, 1]", lambda: NET.fit(X3, Y3 * 5, loss="perceptron"), r"Y must lie in \[0, 1\]"),
    ("bce Y outside [0, 1]", lambda: losses.get("bce").value(np.full((2, 1), .5), [[0.0], [2.0]]), r"Y must lie in \[0, 1\]"),
    ("perceptron t (2, 2)", lambda: perceptron.train(X1, t1.reshape(2, 2)), "t must have one target per row"),
    ("perceptron t strings", lambda: perceptron.train(X1, ["0", "1", "0", "1"]), "t must be numeric"),
    ("perceptron b='1.5'", lambda: perceptron.train(X1, t1, b="1.5"), "b must be a number"),
    ("perceptron w string", lambda: perceptron.train(X1, t1, w="11"), "w must be numeric"),
    ("Network(bias='False')", lambda: Network([3, 4, 1], bias="False"), "bias must be True or False"),
    ("Network(bias=0)", lambda: Network([3, 4, 1], bias=0), "bias must be True or False"),
    # -- unbounded requests -------------------------------------------------------------------
    ("fit(epochs=10**18)", lambda: NET.fit(X3, Y3, epochs=10**18), f"epochs must be <= {MAX_EPOCHS}"),
    ("perceptron max_epochs=10**6", lambda: perceptron.train(X1, t1, max_epochs=10**6),
     f"max_epochs must be <= {PERCEPTRON_MAX_EPOCHS}"),
]


@pytest.mark.parametrize("call,match", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_input_is_a_value_error_naming_the_argument(call, match):
    with pytest.raises(ValueError, match=match):
        call()


def test_the_refusals_leave_good_input_alone():
    """The same calls with good input still work (so the rows above test the check, not a crash)."""
    assert NET.forward(X3.astype(np.int64).tolist()).output.shape == (4, 1)
    assert NET.loss(X3, Y3.astype(bool)) == NET.loss(X3, Y3)
    assert NET.predict([[10**20, 0, 0]]).shape == (1, 1)
    assert np.isfinite(losses.get("mse").value(np.full((4, 1), .3), np.array([[0], [1], [1], [0.]])))
    # The numbers: 0.29 is the mean of (0.3 - y)^2 over y = 0, 1, 1, 0.
    assert losses.get("mse").value(np.full((4, 1), .3), np.array([[0], [1], [1], [0.]])) == pytest.approx(0.29)
    assert perceptron.train(X1, t1.reshape(4, 1)).converged  # a column of targets is unambiguous
    assert perceptron.train(X1, t1, b=np.float64(0.5)).converged is not None
    Network([3, 4, 1], bias=np.bool_(False))
    datasets.moons(seed=np.random.default_rng(0))
    NET.fit(X3, Y3, epochs=np.int64(3))
    net = Network([3, 4, 1], seed=0)
    grads = net.backward(net.forward(X3), Y3)
    before = net.weights
    net.step(grads, lr=0.1)
    assert all(not np.array_equal(a, b) for a, b in zip(before, net.weights))  # every layer moved
    assert Network([3, 4, 1], seed=2**32 - 1).sizes == [3, 4, 1]


def test_caps_are_the_documented_constants():
    net = Network([1, 1], activation="identity", seed=0)
    for epochs in (MAX_EPOCHS + 1, 10**18):
        with pytest.raises(ValueError, match=f"epochs must be <= {MAX_EPOCHS}"):
            net.fit([[1.0]], [[1.0]], epochs=epochs)
    with pytest.raises(ValueError, match=f"n must be <= {datasets.MAX_N}"):
        datasets.xor(n=datasets.MAX_N + 1)
    with pytest.raises(ValueError, match="noise must be a number from 0 to"):
        datasets.xor(noise=1e300)
    assert perceptron.train(X1, t1, max_epochs=PERCEPTRON_MAX_EPOCHS).converged


# -- properties (hypothesis) ----------------------------------------------------------------------
ACTS = ["sigmoid", "tanh", "relu", "identity", "step"]
LOSSES = ["half_sse", "mse", "abs_error", "perceptron", "bce"]
finite = st.floats(allow_nan=False, allow_infinity=False, width=64)


@st.composite
def problems(draw):
    sizes = draw(st.lists(st.integers(1, 4), min_size=2, max_size=4))
    m = draw(st.integers(1, 5))
    X = draw(hnp.arrays(np.float64, (m, sizes[0]), elements=finite))
    Y = draw(hnp.arrays(np.float64, (m, sizes[-1]), elements=finite))
    acts = draw(st.lists(st.sampled_from(ACTS), min_size=len(sizes) - 1, max_size=len(sizes) - 1))
    loss = draw(st.sampled_from(LOSSES))
    lr = draw(st.floats(min_value=1e-300, max_value=1e300))
    bias = draw(st.booleans())
    return sizes, X, Y, acts, loss, lr, bias


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems())
def test_any_finite_input_trains_or_raises_value_error(problem):
    """Any finite float64 X, Y of the right shapes, any activations, loss, lr and bias: fit either
    returns a History whose fields obey the divergence rule, or raises ValueError (bce on a
    non-sigmoid output, targets outside [0, 1]). Never another exception, never a warning."""
    sizes, X, Y, acts, loss, lr, bias = problem
    net = Network(sizes, activation=acts, seed=0, bias=bias)
    try:
        hist = net.fit(X, Y, lr=lr, epochs=5, loss=loss, record_every=2)
    except ValueError as exc:
        assert (loss == "bce" and "loss='bce' needs a sigmoid output" in str(exc)
                or loss in ("bce", "perceptron") and "Y must lie in [0, 1]" in str(exc))
        return
    assert 0 <= hist.epoch <= 5 and hist.diverged == (hist.reason is not None)
    assert np.all(np.isfinite(hist.loss)) and list(hist.epochs) == list(range(0, 5, 2))[:len(hist.loss)]
    if not hist.diverged:
        assert hist.epoch == 5 and np.isfinite(hist.final_loss)
        assert all(np.all(np.isfinite(p)) for p in net.parameters())
        if hist.start_loss > 0:
            assert hist.peak_loss <= DIVERGENCE_FACTOR * hist.start_loss
    else:
        assert hist.reason == "a weight not finite" or blew_up(hist.start_loss, hist.peak_loss)


@settings(max_examples=100, deadline=None)
@given(st.one_of(st.text(max_size=3), st.none(), st.complex_numbers(), st.lists(st.text(), min_size=1, max_size=3),
                 st.floats(), st.integers(min_value=-10**400, max_value=10**400), st.booleans()))
def test_any_learning_rate_is_valid_or_a_value_error(lr):
    try:
        Network([3, 4, 1], seed=0).fit(X3, Y3, lr=lr, epochs=1)
    except ValueError as exc:
        assert "lr" in str(exc)


@settings(max_examples=100, deadline=None)
@given(hnp.arrays(st.sampled_from([np.float64, np.int64, np.complex128, np.bool_, np.str_, np.float32]),
                  hnp.array_shapes(min_dims=0, max_dims=3, max_side=4)))
def test_any_array_as_x_is_valid_or_a_value_error(X):
    """Types and shapes only: a huge finite X may overflow inside the forward pass (a warning
    there is NumPy's honest report of an infinite output), so warnings are not this test's claim."""
    try:
        with np.errstate(all="ignore"):
            out = NET.predict(X)
    except ValueError as exc:
        assert str(exc).startswith("X ")
    else:
        assert out.shape == (X.shape[0], 1) and X.dtype.kind in "biuf"


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(list(datasets.DATASETS)),
       st.one_of(st.integers(-3, 300), st.floats(), st.none(), st.text(max_size=2)),
       st.one_of(st.floats(), st.integers(-2, 2), st.none()),
       st.one_of(st.integers(-2, 2**70), st.floats(), st.none()))
def test_any_dataset_arguments_are_valid_or_a_value_error(name, n, noise, seed):
    try:
        X, Y = datasets.DATASETS[name](n=n, noise=noise, seed=seed)
    except ValueError as exc:
        assert str(exc).split()[0] in ("n", "noise", "seed")
    else:
        assert X.shape == (n, 2) and np.all(np.isfinite(X))
