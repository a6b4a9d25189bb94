"""The pure functions behind the panels of notebooks 04 and 05, against the seeds' own code and
hand derivations (never against bpcore's own output)."""
import warnings

import numpy as np
import pytest

from bpcore import datasets, network, panels
from seeds import seed001_perceptron, seed003_iamtrask


# -- perceptron_run: seed 001 ------------------------------------------------------------------

def _seed001(**kw):
    return seed001_perceptron.run(**kw)


@pytest.mark.parametrize("lr", [0.9, 0.45, 2.0])
def test_perceptron_run_matches_seed_code_epoch_by_epoch(lr):
    records = _seed001(lr=lr)
    run = panels.perceptron_run(lr=lr, stop="loss")  # the post's own stop rule
    assert run.epochs == len(records) - 1
    for i, rec in enumerate(records):
        np.testing.assert_array_equal(run.w[i], rec["w"])
        assert run.b[i] == rec["b"]
        np.testing.assert_array_equal(run.y_pre[i], rec["y_pre"])
        assert run.loss[i] == rec["loss"]
    # the seed data is separable and the post's loop ends with every point right
    assert run.converged and run.errors[-1] == 0


def test_perceptron_run_first_update_by_hand():
    # w = [1, 1], b = 0: val = [2, 0, -1.5, 0.5] -> y_pre = [1, 0, 0, 1]; t - y_pre = [-1, 1, 0, 0]
    # grad_w = -((-1)[1, 1] + (1)[-1, 1]) / 4 = [0.5, 0]; grad_b = -(-1 + 1) / 4 = 0
    run = panels.perceptron_run()
    np.testing.assert_array_equal(run.y_pre[0], [1, 0, 0, 1])
    assert run.errors[0] == 2
    assert run.loss[0] == pytest.approx(-(-1 * 2 + 1 * 0) / 4)  # 0.5
    np.testing.assert_allclose(run.w[1], [1 - 0.9 * 0.5, 1 - 0.9 * 0])
    assert run.b[1] == 0.0


def test_perceptron_run_the_posts_stop_rule_from_zero_weights():
    # w = 0, b = 0: every val is 0, so y_pre = 0 and the loss -(t - 0).0 / 4 = 0: the post's
    # `while loss != 0` never runs, with both t = 1 points misclassified.
    records = _seed001(w_init=np.array([0, 0]), b_init=0)
    assert len(records) == 1 and records[0]["loss"] == 0
    run = panels.perceptron_run(w1=0.0, w2=0.0, b=0.0, stop="loss")
    assert run.epochs == 0 and run.errors[0] == 2 and not run.converged
    assert run.stopped_by == "loss"
    assert run.message == "loss == 0 at epoch 0, yet 2 point(s) misclassified"
    # the rule "no point misclassified" trains on instead and gets there
    fixed = panels.perceptron_run(w1=0.0, w2=0.0, b=0.0, stop="misclassified", max_epochs=100)
    assert fixed.converged and fixed.epochs > 0


def test_perceptron_run_xor_is_stopped_by_max_epochs():
    # XOR: no line puts (0,1), (1,0) on one side and (0,0), (1,1) on the other, so at least one
    # point is always misclassified and only the bound stops the loop.
    run = panels.perceptron_run(data="XOR (not separable)", max_epochs=37)
    assert run.epochs == 37 and run.stopped_by == "max_epochs" and not run.converged
    assert np.all(run.errors >= 1)
    assert run.message.startswith("stopped at max epochs (37)")
    assert run.w.shape == (38, 2) and run.errors.shape == (38,)


def test_perceptron_run_rejects_unknown_data():
    with pytest.raises(ValueError, match="data"):
        panels.perceptron_run(data="moons")


# -- xor_run: seed 003 --------------------------------------------------------------------------

def _seed003_loop(num_epochs, lr=1.0, record=()):
    """The seed's loop, written out again here with a learning rate; returns losses, weights."""
    x = np.array([[0, 0, 1], [0, 1, 1], [1, 0, 1], [1, 1, 1]])
    y = np.array([[0], [1], [1], [0]])
    np.random.seed(1)
    syn0 = 2 * np.random.random((3, 4)) - 1
    syn1 = 2 * np.random.random((4, 1)) - 1
    losses = {}
    for j in range(num_epochs):
        k1 = 1 / (1 + np.exp(-np.dot(x, syn0)))
        k2 = 1 / (1 + np.exp(-np.dot(k1, syn1)))
        k2_error = y - k2
        if j in record:
            losses[j] = 0.5 * np.sum(k2_error ** 2)
        k2_delta = k2_error * k2 * (1 - k2)
        k1_delta = k2_delta.dot(syn1.T) * k1 * (1 - k1)
        syn1 += lr * k1.T.dot(k2_delta)
        syn0 += lr * x.T.dot(k1_delta)
    return losses, syn0, syn1


def test_xor_run_default_is_the_seed_network():
    seed = seed003_iamtrask.run(2000)
    run = panels.xor_run()
    np.testing.assert_allclose(run.outputs, seed["final_output"].ravel(), rtol=1e-12, atol=0)
    np.testing.assert_allclose(run.weights[0], seed["syn0"], rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(run.weights[1], seed["syn1"], rtol=1e-12, atol=1e-15)
    assert run.epochs_done == 2000 and not run.diverged and run.correct == 4
    k2 = seed["final_output"]
    assert run.final_loss == pytest.approx(0.5 * np.sum((np.array([[0], [1], [1], [0]]) - k2) ** 2),
                                           rel=1e-10)


@pytest.mark.parametrize("lr", [1.0, 0.3, 3.0])
def test_xor_run_loss_curve_matches_the_seed_loop(lr):
    run = panels.xor_run(lr=lr, epochs=1000)
    recorded = run.epoch_at[:-1]  # the last point is the loss after the final update
    assert recorded[0] == 0 and np.all(np.diff(recorded) == 5)  # 1000 epochs / 200 points
    losses, syn0, syn1 = _seed003_loop(1000, lr=lr, record=set(recorded.tolist()))
    np.testing.assert_allclose(run.loss[:-1], [losses[j] for j in recorded], rtol=1e-10)
    assert run.epoch_at[-1] == 1000
    # the surface is the seed network's output on the grid (with the constant input 1)
    P = np.column_stack([run.xx.ravel(), run.yy.ravel(), np.ones(run.xx.size)])
    expected = 1 / (1 + np.exp(-np.dot(1 / (1 + np.exp(-np.dot(P, syn0))), syn1)))
    np.testing.assert_allclose(run.surface.ravel(), expected.ravel(), rtol=1e-10)


def test_xor_run_zero_init_never_moves():
    # All weights 0: every hidden unit outputs 1/2, the output is 1/2, and
    # dW2 = k1^T dZ2 = 0.5 * 0.25 * sum(0.5 - y) = 0 (two targets 0, two 1), dZ1 = dZ2 W2^T = 0:
    # the loss stays 1/2 * 4 * (1/2)^2 = 0.5 forever and only the two y = 0 points are "right".
    run = panels.xor_run(init="zeros", epochs=500)
    np.testing.assert_array_equal(run.loss, 0.5)
    assert run.correct == 2 and run.stalled and "stopped falling" in run.message
    np.testing.assert_array_equal(run.outputs, 0.5)


def _stepped_losses(epochs, lr, loss, **net_kw):
    """The loss at epochs 0..epochs of seed 003's network trained step by step through the public
    forward / backward / step (no fit, no panel code)."""
    X, Y = datasets.seed003()
    net = panels.xor_network(**net_kw)
    values = []
    with np.errstate(all="ignore"):
        for epoch in range(epochs + 1):
            values.append(net.loss(X, Y, loss))
            if epoch < epochs:
                net.step(net.backward(net.forward(X), Y, loss), lr)
    return np.array(values)


def test_xor_run_diverges_with_a_linear_output_and_reports_it():
    # tanh hidden units and a linear output: nothing bounds the output, lr = 100 blows up.
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        run = panels.xor_run(lr=100.0, activation="tanh", output="linear")
    assert run.diverged and 0 < run.diverged_at < 2000
    assert run.message == f"blew up at epoch {run.diverged_at} ({run.reason}): training stopped"
    losses = _stepped_losses(run.diverged_at, 100.0, "half_sse", activation="tanh", output="linear")
    # the rule: the first epoch whose loss is not finite or above 10 x the epoch-0 loss
    bad = ~np.isfinite(losses) | (losses > network.DIVERGENCE_FACTOR * losses[0])
    assert bad[-1] and not np.any(bad[:-1])
    assert run.start_loss == losses[0] and np.all(np.isfinite(run.loss)) and len(run.loss) >= 1


def test_xor_run_blow_up_with_a_finite_loss_is_no_longer_fine():
    """Issue 9: lr=100, linear output, abs_error peaks at thousands of times its start (2310 on
    10000 epochs before the rule) while the panel said "the loss stopped falling"."""
    run = panels.xor_run(lr=100, output="linear", loss="abs_error", epochs=10000)
    assert run.diverged and not run.stalled and "stopped falling" not in run.message
    assert run.message.startswith(f"blew up at epoch {run.diverged_at} (loss ×")
    losses = _stepped_losses(run.diverged_at, 100.0, "abs_error", output="linear")
    assert losses[-1] > 10 * losses[0] and np.all(losses[:-1] <= 10 * losses[0])
    assert run.peak_loss == pytest.approx(losses.max(), rel=1e-12)
    # the weights are finite there: the output is still drawn, with what it gets right
    assert np.all(np.isfinite(run.surface)) and run.epoch_at[-1] == run.diverged_at


def test_xor_run_huge_lr_with_sigmoid_saturates_instead():
    # a sigmoid output is bounded, so lr = 100 does not overflow: units saturate and it stalls
    run = panels.xor_run(lr=100.0)
    assert not run.diverged and np.isfinite(run.final_loss)
    assert run.correct < 4 and run.stalled


def test_xor_run_curve_is_bounded_in_size():
    run = panels.xor_run(epochs=10000)
    assert len(run.loss) <= panels.MAX_CURVE_POINTS + 1 and run.epoch_at[-1] == 10000


# -- every slider at its min and max: no exception, no warning --------------------------------

PERCEPTRON_EXTREMES = dict(lr=(0.05, 5.0), w1=(-3.0, 3.0), w2=(-3.0, 3.0), b=(-3.0, 3.0),
                           max_epochs=(1, 100), data=tuple(panels.PERCEPTRON_DATA),
                           stop=("misclassified", "loss"))
XOR_EXTREMES = dict(lr=(0.01, 100.0), scale=(0.01, 100.0), seed=(0, 20), hidden=(1, 16),
                    epochs=(100, 10000), init=panels.XOR_INITS, activation=panels.XOR_ACTIVATIONS,
                    output=tuple(panels.XOR_OUTPUTS), loss=panels.XOR_LOSSES)


def _sweep(extremes, defaults):
    for key, values in extremes.items():
        for value in values:
            yield {**defaults, key: value}


@pytest.mark.parametrize("kw", list(_sweep(PERCEPTRON_EXTREMES, panels.PERCEPTRON_DEFAULTS)))
def test_perceptron_extremes_no_warning(kw):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        run = panels.perceptron_run(**kw)
        panels.figure_png(panels.draw_perceptron(run))
    assert run.errors.shape == (run.epochs + 1,) and run.message


@pytest.mark.parametrize("kw", list(_sweep(XOR_EXTREMES, {**panels.XOR_DEFAULTS, "epochs": 300}))
                         + [dict(panels.XOR_DEFAULTS, lr=100.0, scale=100.0, activation="relu",
                                 output="linear", loss="abs_error", epochs=300),
                            dict(panels.XOR_DEFAULTS, lr=100.0, activation="tanh", output="linear")])
def test_xor_extremes_no_warning(kw):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        run = panels.xor_run(**kw)
        panels.figure_png(panels.draw_xor(run))
    assert run.message and (run.diverged or np.all(np.isfinite(run.surface)))
