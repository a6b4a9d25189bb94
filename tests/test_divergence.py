"""Divergence (issue 9 §2): a run that blows up is called diverged even when its loss comes back.

The rule (bpcore.network.blew_up): a non-finite loss, output, gradient or weight, or the loss at
any epoch above DIVERGENCE_FACTOR times the epoch-0 loss. Every run listed in the issue is here.
Expected losses come from a plain NumPy loop written in this file, not from bpcore.
"""
import warnings

import numpy as np
import pytest

from bpcore import Network, datasets
from bpcore.network import DIVERGENCE_FACTOR, blew_up, divergence_reason


@pytest.fixture(autouse=True)
def no_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        yield


def raw_relu_losses(X, Y, W0, b0, W1, b1, lr, epochs, mean, out_relu=False):
    """Losses of a relu -> identity (or relu -> relu) net under plain gradient descent, by hand.
    mean=True: mse (1/N sum (a - y)^2); False: half_sse (1/2 sum (a - y)^2)."""
    W0, b0, W1, b1 = (p.copy() for p in (W0, b0, W1, b1))
    out = []
    with np.errstate(all="ignore"):
        for _ in range(epochs):
            Z0 = X @ W0 + b0
            H = np.maximum(Z0, 0)
            Z1 = H @ W1 + b1
            E = (np.maximum(Z1, 0) if out_relu else Z1) - Y
            out.append(np.sum(E * E) / Y.size if mean else 0.5 * np.sum(E * E))
            dZ1 = 2 * E / Y.size if mean else E
            if out_relu:
                dZ1 = dZ1 * (Z1 > 0)
            dZ0 = (dZ1 @ W1.T) * (Z0 > 0)
            W1 -= lr * (H.T @ dZ1)
            b1 -= lr * dZ1.sum(0)
            W0 -= lr * (X.T @ dZ0)
            b0 -= lr * dZ0.sum(0)
    return np.array(out)


# -- the rule ----------------------------------------------------------------------------------
def test_blew_up_is_the_stated_rule():
    F = DIVERGENCE_FACTOR
    assert not blew_up(1.0, F * 1.0) and blew_up(1.0, np.nextafter(F, np.inf))
    assert blew_up(2.0, float("inf")) and blew_up(2.0, float("nan")) and blew_up(float("nan"), 1.0)
    assert not blew_up(2.0, 0.0) and not blew_up(3e-300, 2e-299)
    # A start loss of 0 (a perfect fit) has no scale: only a non-finite loss counts.
    assert not blew_up(0.0, 1e300) and blew_up(0.0, float("inf"))
    assert divergence_reason(1.0, 24.5) == "loss ×24.5 of its start"
    assert divergence_reason(1.0, float("inf")) == "loss not finite"
    assert divergence_reason(1.0, 5.0) is None
    with pytest.raises(ValueError, match="start_loss"):
        blew_up("1", 2.0)
    with pytest.raises(ValueError, match="loss"):
        blew_up(1.0, None)


def test_history_start_peak_whatever_record_every():
    """Dead ReLUs (issue 9): 7.8e6 -> 3.2e39 at epoch 1, then the ReLUs die and the loss comes back
    to 8e6, finite, so the old rule (non-finite loss only) called it fine. With record_every=50
    the recorded losses never show the peak; peak_loss does."""
    rng = np.random.default_rng(0)
    X, Y = rng.normal(size=(16, 2)) * 100, np.ones((16, 1)) * 1e3
    net = Network([2, 8, 1], activation="relu", init="he", seed=0)
    (W0, W1), (b0, b1) = net.weights, net.biases
    raw = raw_relu_losses(X, Y, W0, b0, W1, b1, 1e3, 200, mean=False, out_relu=True)
    assert raw[0] == pytest.approx(7.8e6, rel=0.01) and raw[1] == pytest.approx(3.24e39, rel=0.01)
    assert np.all(np.isfinite(raw)) and raw[-1] == pytest.approx(8e6, rel=0.01)
    hist = net.fit(X, Y, lr=1e3, epochs=200, loss="half_sse", record_every=50)
    assert hist.diverged and hist.epoch == 1 and hist.reason.startswith("loss ×")
    assert hist.start_loss == pytest.approx(raw[0], rel=1e-12)
    assert hist.peak_epoch == 1 and hist.peak_loss == pytest.approx(raw[1], rel=1e-9)
    assert list(hist.epochs) == [0] and hist.final_loss == hist.peak_loss


def test_bce_needs_a_sigmoid_output_and_targets_in_0_1():
    """BCE on a linear output (issue 9): the clipping kept the loss finite while the weights ran
    to -inf. Now refused, naming the argument."""
    X = np.random.default_rng(4).standard_normal((1, 1))
    Y = (np.random.default_rng(4).random((1, 1)) > .5) * 1.
    net = Network([1, 1, 1, 1], activation="identity", seed=0, bias=False)
    for call in (lambda: net.fit(X, Y, loss="bce", epochs=6), lambda: net.loss(X, Y, loss="bce"),
                 lambda: net.backward(net.forward(X), Y, loss="bce")):
        with pytest.raises(ValueError, match="loss='bce' needs a sigmoid output"):
            call()
    sig = Network([1, 2, 1], seed=0)
    for bad in (np.array([[2.0]]), np.array([[-0.5]])):
        with pytest.raises(ValueError, match=r"Y must lie in \[0, 1\]"):
            sig.fit(X, bad, loss="bce", epochs=1)
        with pytest.raises(ValueError, match=r"Y must lie in \[0, 1\]"):
            sig.loss(X, bad, loss="bce")
    assert np.isfinite(sig.loss(X, [[0.3]], loss="bce"))  # probabilities are fine targets


def test_still_climbing_is_flagged():
    """relu -> identity, mse, lr=0.45: the loss grows x1e10 in 5 epochs and is still finite,
    so the old rule let it through. The first epoch above 10x the start is where fit stops."""
    rng = np.random.default_rng(0)
    X = rng.standard_normal((20, 2))
    Y = X @ np.array([[2.0], [-1.0]])
    net = Network([2, 8, 1], activation=["relu", "identity"], init="he", seed=0)
    (W0, W1), (b0, b1) = net.weights, net.biases
    raw = raw_relu_losses(X, Y, W0, b0, W1, b1, 0.45, 6, mean=True)
    assert np.all(np.isfinite(raw)) and raw[5] / raw[0] > 1e6 and np.all(np.diff(raw[1:]) > 0)
    first = int(np.argmax(raw > DIVERGENCE_FACTOR * raw[0]))
    hist = net.fit(X, Y, lr=0.45, epochs=5, loss="mse")
    assert first > 0 and hist.diverged and hist.epoch == first and hist.reason.startswith("loss ×")
    assert np.allclose(hist.loss, raw[:first + 1], rtol=1e-12)  # the flagged loss is recorded


def test_huge_lr_with_abs_error_is_flagged():
    """lr=1e200, abs_error, linear output: the loss jumps x1e198 and stays finite."""
    X, Y = datasets.seed003()
    hist = Network([3, 4, 1], activation=["sigmoid", "identity"], seed=0).fit(
        X, Y, lr=1e200, epochs=50, loss="abs_error")
    assert hist.diverged and hist.epoch == 1 and hist.peak_loss > 1e190
    assert np.isfinite(hist.final_loss) and hist.reason.startswith("loss ×")


def test_huge_lr_with_bce_is_flagged_though_the_loss_is_clipped():
    """lr=1e300, bce, sigmoid output: the clipped loss stays finite (at most 34.5 per entry)
    while |w| reaches 6e298 (4e299 if it runs on); the loss rises x25 from ln 2 and that is the flag."""
    X, Y = datasets.seed003()
    net = Network([3, 4, 1], seed=0)
    hist = net.fit(X, Y, lr=1e300, epochs=500, loss="bce")
    assert hist.diverged and hist.reason.startswith("loss ×") and hist.epoch < 10
    assert hist.peak_loss > DIVERGENCE_FACTOR * hist.start_loss
    assert max(np.max(np.abs(W)) for W in net.weights) > 1e298  # 4e299 if left to run


def test_xor_panel_settings_are_flagged():
    """xor_run(lr=100, output="linear", loss="abs_error", epochs=10000): peak 2310 from 2.15."""
    X, Y = datasets.seed003()
    net = Network([3, 4, 1], activation=["sigmoid", "identity"], init="uniform", seed=1, bias=False)
    hist = net.fit(X, Y, lr=100, epochs=10000, loss="abs_error", record_every=100)
    assert hist.diverged and hist.reason.startswith("loss ×") and hist.epoch < 10000


def test_playground_settings_are_flagged():
    """playground_run(lr=10) (circles, 2-8-8-1 tanh, sigmoid output, bce, xavier): peak 17.3."""
    X, Y = datasets.circles(200, 0.1, 0)
    net = Network([2, 8, 8, 1], activation=["tanh", "tanh", "sigmoid"], init="xavier", seed=0)
    hist = net.fit(X, Y, lr=10, epochs=300, loss="bce")
    assert hist.diverged and hist.reason.startswith("loss ×") and hist.peak_loss > 10 * hist.start_loss


def test_a_weight_that_is_not_finite_is_flagged_though_the_loss_is_fine():
    """identity -> sigmoid, x = 100: one step of lr=1e308 sends W1 to -inf (lr * 14.4 overflows);
    the hidden value overflows too and the sigmoid output saturates to exactly 1: a finite loss
    of 0.5 (x1.9 the start), so only the weight test sees it."""
    net = Network.from_weights([np.array([[1.0]]), np.array([[0.01]])], activation=["identity", "sigmoid"])
    X, Y = np.array([[100.0]]), np.array([[0.0]])
    hist = net.fit(X, Y, lr=1e308, epochs=10)
    assert hist.diverged and hist.reason == "a weight not finite" and hist.epoch == 1
    assert np.isnan(hist.final_loss) and not np.all(np.isfinite(net.weights[1]))
    with np.errstate(all="ignore"):
        assert net.loss(X, Y) == 0.5  # what the old rule looked at


def test_loss_after_the_last_update_counts():
    X, Y = datasets.seed003()
    full = Network([3, 4, 1], seed=0).fit(X, Y, lr=1e300, epochs=50, loss="bce")
    cut = Network([3, 4, 1], seed=0).fit(X, Y, lr=1e300, epochs=full.epoch, loss="bce")
    assert cut.diverged and cut.epoch == full.epoch and cut.reason == full.reason
    assert len(cut.loss) == full.epoch and cut.peak_epoch == full.epoch


def test_epochs_zero_and_a_calm_run():
    X, Y = datasets.seed003()
    net = Network([3, 4, 1], seed=1, bias=False)
    h0 = net.fit(X, Y, epochs=0)
    assert not h0.diverged and h0.reason is None and h0.epoch == 0
    assert h0.start_loss == h0.peak_loss == h0.final_loss == net.loss(X, Y) and h0.peak_epoch == 0
    h = net.fit(X, Y, epochs=300, record_every=7)
    assert not h.diverged and h.reason is None and h.peak_epoch == 0 and h.start_loss == h.loss[0]
    assert h.peak_loss == h.start_loss > h.final_loss


def test_lr_1e4_sigmoid_stays_unflagged():
    """The existing case: the loss rises only x2 (it saturates, it does not explode)."""
    X, Y = datasets.seed003()
    hist = Network([3, 4, 1], seed=0).fit(X, Y, lr=1e4, epochs=500)
    assert not hist.diverged and hist.reason is None and np.isfinite(hist.final_loss)
    assert 1 < hist.peak_loss / hist.start_loss < DIVERGENCE_FACTOR
