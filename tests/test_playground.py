"""The playground of notebook 07: its compute against independent computations (Network.fit,
net.backward, central differences), its view, and its panel driven without a browser (Step,
Run, Stop, Reset, control changes; the async Run loop under asyncio.run)."""
import asyncio
import importlib
import warnings

import numpy as np
import pytest

from bpcore import Network, datasets, gradcheck, network
from bpcore import panels
# the module (the package attribute `panels.playground` is the panel function)
playground_module = importlib.import_module("bpcore.panels.playground")

PNG = b"\x89PNG\r\n\x1a\n"

# the browser test (tests/browser) finds the sliders by these descriptions
PLAYGROUND_SLIDERS = {"noise": "noise", "seed": "seed", "layers": "hidden layers",
                      "neurons": "neurons", "lr": "learning rate", "scale": "init scale",
                      "epochs": "epochs"}
PLAYGROUND_MENUS = {"dataset": "data set", "activation": "activation", "init": "init", "loss": "loss"}


@pytest.fixture
def no_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        yield


def _fitted(epochs, hidden=(8, 8), activation="tanh", init="xavier", scale=1.0, seed=0,
            dataset="circles", noise=0.1, lr=0.3, loss="bce"):
    """The same network built and trained with plain bpcore calls (no playground code)."""
    X, Y = datasets.DATASETS[dataset](200, noise, seed)
    net = Network([2, *hidden, 1], activation=[activation] * len(hidden) + ["sigmoid"], init=init,
                  seed=seed, scale=scale)
    hist = net.fit(X, Y, lr=lr, epochs=epochs, loss=loss)
    return net, hist, X, Y


# -- compute ------------------------------------------------------------------------------------

def test_chunks_of_training_equal_one_fit(no_warnings):
    pg = panels.Playground()
    for n in (1, 7, 25, 100, 367):          # 500 epochs in uneven chunks
        assert pg.train(n) == n
    snap = pg.snapshot()
    net, hist, _, _ = _fitted(500)
    assert snap.epoch == 500 and not snap.diverged
    for a, b in zip(pg.net.weights + pg.net.biases, net.weights + net.biases):
        np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(snap.loss[:500], hist.loss)   # fit records before each update
    assert snap.loss[500] == pytest.approx(hist.final_loss, rel=1e-12, abs=0)


def test_steps_and_run_agree():
    snaps = list(panels.playground_steps(epochs=110, chunk=25, dataset="moons"))
    assert [s.epoch for s in snaps] == [0, 25, 50, 75, 100, 110]
    last = panels.playground_run(epochs=110, dataset="moons")
    np.testing.assert_array_equal(snaps[-1].loss, last.loss)
    np.testing.assert_array_equal(snaps[-1].grad_norms, last.grad_norms)
    np.testing.assert_array_equal(snaps[-1].surface, last.surface)
    # snapshots are copies: later training leaves the earlier ones as they were
    assert len(snaps[1].loss) == 26 and snaps[1].grad_norms.shape == (26, 3)


@pytest.mark.parametrize("activation, init, hidden", [("tanh", "xavier", (8, 8)),
                                                       ("sigmoid", "xavier", (8,) * 6),
                                                       ("relu", "he", (4, 6, 3))])
def test_gradient_norms_are_norms_of_backward(activation, init, hidden):
    snap = panels.playground_run(epochs=60, activation=activation, init=init, hidden=hidden,
                                  dataset="xor", seed=3)
    for k in (0, 17, 60):
        net, _, X, Y = _fitted(k, hidden=hidden, activation=activation, init=init, dataset="xor", seed=3)
        grads = net.backward(net.forward(X), Y, loss="bce")
        expected = [np.sqrt(np.sum(dW ** 2)) for dW in grads.dW]
        np.testing.assert_allclose(snap.grad_norms[k], expected, rtol=1e-12, atol=0)
        assert snap.loss[k] == pytest.approx(net.loss(X, Y, loss="bce"), rel=1e-12)


def test_gradient_norms_against_central_differences():
    # independent of backprop: d(loss)/dW by finite differences on a small network
    snap = panels.playground_run(epochs=0, hidden=(3, 3), activation="sigmoid", n=20, seed=2)
    net, _, X, Y = _fitted(0, hidden=(3, 3), activation="sigmoid", seed=2)
    X, Y = datasets.circles(20, 0.1, 2)
    for i, W in enumerate(net.parameters()[:3]):
        g = gradcheck.numerical_gradient(lambda _: net.loss(X, Y, loss="bce"), W)
        assert snap.grad_norms[0, i] == pytest.approx(np.linalg.norm(g), rel=1e-6)


def test_vanishing_gradients_with_sigmoid_on_a_deep_net():
    ratio = {}
    for activation, init in (("sigmoid", "xavier"), ("tanh", "xavier"), ("relu", "he")):
        g = panels.playground_run(epochs=0, hidden=(8,) * 6, activation=activation, init=init).grad_norms[0]
        ratio[activation] = g[0] / g[-1]
    assert ratio["sigmoid"] < 1e-4               # first layer vs output layer: 1.4e-5
    assert ratio["tanh"] > 0.1 and ratio["relu"] > 0.1


def test_no_hidden_layer_is_logistic_regression():
    snap = panels.playground_run(epochs=200, hidden=(), dataset="blobs")
    assert snap.grad_norms.shape == (201, 1) and snap.accuracy > 0.95
    assert snap.sizes == [2, 1]


def _overflowing(activation="relu"):
    """A playground whose weights are set so large that the next forward pass overflows."""
    pg = panels.Playground(activation=activation, init="he")
    for W in pg.net._W:                          # the live weights (Network.weights copies)
        W[...] = 1e200 * np.sign(np.arange(W.size).reshape(W.shape) % 2 - 0.5)
    return pg


def test_divergence_is_recorded_not_raised(no_warnings):
    pg = _overflowing()
    assert pg.train(50) == 1 and pg.diverged_at == 1
    assert pg.train(50) == 0                     # nothing more to do
    snap = pg.snapshot()
    reason = network.divergence_reason(snap.loss[0], snap.loss[1])
    assert reason is not None and snap.reason == reason and len(snap.loss) == 2
    assert snap.diverged and snap.message == f"blew up at epoch 1 ({reason}): training stopped"
    view = panels.PlaygroundView()
    png = panels.figure_png(view.update(snap, 1000))
    assert png.startswith(PNG)
    assert view.note.get_visible() and view.note.get_text() == "blew up at epoch 1"


def test_a_weight_that_is_not_finite_stops_training_and_the_drawing(no_warnings):
    pg = panels.Playground()
    pg.net.parameters()[0][0, 0] = np.inf          # the live array
    assert pg.train(50) == 1 and pg.reason == "a weight not finite"
    snap = pg.snapshot()
    assert np.all(np.isnan(snap.surface)) and np.isnan(snap.accuracy)
    view = panels.PlaygroundView()
    view.update(snap, 1000)
    assert view.surface_note.get_visible() and view.surface_note.get_text() == "blew up at epoch 1: no output"


def test_bad_settings_are_value_errors():
    with pytest.raises(ValueError, match="dataset"):
        panels.Playground(dataset="iris")
    with pytest.raises(ValueError, match="hidden"):
        panels.Playground(hidden=(8,) * 7)
    with pytest.raises(ValueError, match="lr"):
        panels.Playground(lr=0)


def test_view_draws_what_the_snapshot_says(no_warnings):
    snap = panels.playground_run(epochs=300, hidden=(8, 8, 8))
    view = panels.PlaygroundView()
    view.update(snap, 1000)
    x, y = view.curve.get_data()
    np.testing.assert_array_equal(x, np.arange(301))
    np.testing.assert_array_equal(y, snap.loss)
    visible = [line for line in view.grad_lines if line.get_visible()]
    assert len(visible) == 4
    for i, line in enumerate(visible):
        np.testing.assert_array_equal(line.get_ydata(), snap.grad_norms[:, i])
    assert view.ax_loss.get_xlim() == (0, 1000) and view.ax_loss.get_yscale() == "log"
    np.testing.assert_array_equal(view.image.get_array(), snap.surface)
    assert "epoch 300" in view.progress.get_text()


# -- panel -----------------------------------------------------------------------------------------

@pytest.fixture
def panel(no_warnings):
    pytest.importorskip("ipywidgets")
    return panels.playground()


def test_descriptions_as_documented(panel):
    for key, label in {**PLAYGROUND_SLIDERS, **PLAYGROUND_MENUS}.items():
        assert panel.controls[key].description == label
    labels = [c.description for c in panel.controls.values()]
    assert len(labels) == len(set(labels))
    assert set(panel.buttons) == {"run", "stop", "step", "reset"}
    assert bytes(panel.image.value).startswith(PNG)
    assert panel.epoch_label.value == "epoch <b>0</b> / 1000"
    assert panel.buttons["stop"].disabled and not panel.buttons["run"].disabled


def test_step_trains_one_chunk(panel):
    before = bytes(panel.image.value)
    panel.buttons["step"].click()
    assert bytes(panel.image.value) != before
    assert panel.model.epoch == panel.chunk == 25 and panel.data.epoch == 25
    assert panel.epoch_label.value == "epoch <b>25</b> / 1000"
    assert "epoch 25:" in panel.status.value


def test_run_without_an_event_loop_trains_to_the_target(panel):
    panel.controls["epochs"].value = 300         # moves the target, keeps the network
    assert panel.model.epoch == 0
    panel.buttons["run"].click()
    expected = panels.playground_run(epochs=300, resolution=panels.PLAYGROUND_PANEL_RESOLUTION)
    assert panel.data.epoch == 300
    np.testing.assert_array_equal(panel.data.loss, expected.loss)
    np.testing.assert_array_equal(panel.data.surface, expected.surface)
    assert panel.epoch_label.value == "epoch <b>300</b> / 300"


def test_a_control_change_resets_the_network(panel):
    panel.buttons["step"].click()
    before = bytes(panel.image.value)
    panel.controls["dataset"].value = "spiral"
    assert panel.model.epoch == 0 and panel.data.params["dataset"] == "spiral"
    assert bytes(panel.image.value) != before
    panel.controls["layers"].value = 4
    panel.controls["neurons"].value = 5
    assert panel.model.net.sizes == [2, 5, 5, 5, 5, 1]
    panel.buttons["step"].click()
    panel.buttons["reset"].click()
    assert panel.model.epoch == 0


def test_sync_run_outside_a_kernel_even_with_a_running_loop(panel):
    """Outside a Jupyter kernel Run trains synchronously, whatever event loop is running."""
    async def scenario():
        panel.buttons["run"].click()
        assert panel.task is None and panel.model.epoch == panel.controls["epochs"].value

    asyncio.run(scenario())


def test_async_run_is_stopped_by_the_stop_button(panel, monkeypatch):
    # as in a kernel: Run finds the kernel's running loop
    monkeypatch.setattr(playground_module, "kernel_loop", asyncio.get_running_loop)

    async def scenario():
        panel.buttons["run"].click()             # inside a running loop: starts a task
        assert panel.task is not None and not panel.task.done()
        while panel.model.epoch < 3 * panel.chunk:
            await asyncio.sleep(0)               # the task trains a chunk per turn of the loop
        assert panel.running and panel.buttons["run"].disabled
        panel.buttons["stop"].click()
        await panel.task

    asyncio.run(scenario())
    assert panel.model.epoch == 3 * panel.chunk  # stopped after the chunk it was in
    assert not panel.running and not panel.buttons["run"].disabled and panel.buttons["stop"].disabled
    assert panel.epoch_label.value == "epoch <b>75</b> / 1000"


def test_async_run_reaches_the_target_and_equals_the_sync_run(panel, monkeypatch):
    monkeypatch.setattr(playground_module, "PLAYGROUND_PAUSE", 0.0)
    panel.controls["epochs"].value = 200
    asyncio.run(panel.run_async())
    expected = panels.playground_run(epochs=200)
    assert panel.model.epoch == 200
    np.testing.assert_array_equal(panel.data.loss, expected.loss)


def test_a_control_change_during_a_run_ends_it(panel):
    async def scenario():
        task = asyncio.ensure_future(panel.run_async())
        while panel.model.epoch < panel.chunk:
            await asyncio.sleep(0)
        panel.controls["seed"].value = 5         # a new network: the old run must not go on
        await task

    asyncio.run(scenario())
    assert panel.model.epoch == 0 and not panel.running
    assert panel.data.params["seed"] == 5


def test_divergence_in_the_panel_is_a_note(panel):
    panel.model = _overflowing()
    panel.buttons["step"].click()
    assert "blew up at epoch 1" in panel.status.value
    assert panel.view.note.get_visible()
    panel.buttons["reset"].click()
    assert not panel.view.note.get_visible()


def _extremes(control):
    if hasattr(control, "base"):                 # FloatLogSlider: min and max are exponents
        return [control.base ** control.min, control.base ** control.max]
    if hasattr(control, "min"):
        return [control.min, control.max]
    values = [v if not isinstance(v, tuple) else v[1] for v in control.options]
    return values if not hasattr(control, "readout") else [values[0], values[-1]]


def test_every_control_at_min_and_max(panel):
    defaults = {k: c.value for k, c in panel.controls.items()}
    for key, control in panel.controls.items():
        for value in _extremes(control):
            control.value = value
            panel.buttons["step"].click()
            assert bytes(panel.image.value).startswith(PNG), (key, value)
            assert panel.status.value and "epoch" in panel.epoch_label.value, (key, value)
        control.value = defaults[key]


def test_deepest_widest_sigmoid_panel_after_a_run(panel):
    panel.controls["layers"].value = 6
    panel.controls["neurons"].value = 16
    panel.controls["activation"].value = "sigmoid"
    panel.controls["epochs"].value = 100
    panel.buttons["run"].click()
    g = panel.data.grad_norms
    assert g.shape == (101, 7) and g[0, 0] < 1e-3 * g[0, -1]


@pytest.mark.parametrize("corner", ["min", "max"])
@pytest.mark.parametrize("activation, init, loss", [("relu", "uniform", "half_sse"),
                                                    ("sigmoid", "zeros", "bce"),
                                                    ("tanh", "he", "mse")])
def test_all_controls_at_one_end_at_once(panel, corner, activation, init, loss):
    ends = {key: _extremes(c)[0 if corner == "min" else -1] for key, c in panel.controls.items()
            if key not in ("dataset", "activation", "init", "loss", "epochs")}
    extreme = panels.playground(activation=activation, init=init, loss=loss, epochs=100, **ends)
    extreme.buttons["run"].click()
    assert bytes(extreme.image.value).startswith(PNG)
    assert extreme.data.diverged or extreme.data.epoch == 100


def test_run_at_the_target_says_so(panel):
    panel.controls["epochs"].value = 100
    panel.buttons["run"].click()
    assert "raise <i>epochs</i>" in panel.status.value
    panel.buttons["run"].click()                 # nothing more to do
    assert panel.model.epoch == 100
    panel.controls["epochs"].value = 200         # a new target keeps the network
    assert panel.model.epoch == 100 and "raise" not in panel.status.value
    panel.buttons["run"].click()
    assert panel.model.epoch == 200


def test_playground_blow_up_with_a_finite_loss_stops_like_fit(no_warnings):
    """Issue 9: at lr=10 the loss peaks at 22 x its start (17.3 at epoch 5) with every number
    finite; the playground used to train on and call it fine. It now applies bpcore's rule and
    stops where Network.fit stops, for the same reason, in chunks of any size."""
    pg = panels.Playground(lr=10.0)
    while pg.train(2):
        pass
    snap = pg.snapshot()
    net, hist, _, _ = _fitted(1000, lr=10.0)
    assert hist.diverged and snap.diverged
    assert snap.diverged_at == snap.epoch == hist.epoch and snap.reason == hist.reason
    assert snap.message == f"blew up at epoch {hist.epoch} ({hist.reason}): training stopped"
    np.testing.assert_array_equal(snap.loss, hist.loss)  # fit records the blown-up loss too
    assert snap.loss[-1] == hist.peak_loss
    assert snap.loss[-1] > 10 * snap.loss[0] and np.all(snap.loss[:-1] <= 10 * snap.loss[0])
    assert panels.playground_run(lr=10.0).message == snap.message
    assert np.all(np.isfinite(snap.surface))  # the weights are finite: the output is drawn


def test_playground_panel_status_says_it_blew_up(panel):
    panel.controls["lr"].value = 10.0
    panel.buttons["run"].click()  # no event loop in a test: Run trains synchronously
    assert panel.data.diverged and "blew up at epoch 5 (loss ×" in panel.status.value
    assert panel.view.note.get_visible() and panel.view.note.get_text() == "blew up at epoch 5"


def test_legend_in_the_static_layer_changes_no_pixel(no_warnings):
    """The gradient legend stays in the static layer while no line comes near it; drawn there or
    on top of the lines, the picture is the same, pixel for pixel. A line through it makes it
    dynamic again."""
    view = panels.PlaygroundView()
    view.update(panels.playground_run(n=60, epochs=50), 300)
    assert view.legend_is_clear() and view.dynamic()[-1] is None
    static = panels.Frame(view.fig).render([a for a in view.dynamic() if a is not None],
                                                         view.static_key())
    static = static.copy()
    legend = view.ax_grad.get_legend()
    on_top = panels.Frame(view.fig).render([a for a in view.dynamic() if a is not None] + [legend],
                                           view.static_key())
    np.testing.assert_array_equal(static, on_top)
    line = view.grad_lines[0]
    lo, hi = view.ax_grad.get_ylim()
    line.set_data([0, 300], [hi / 1.5, hi / 1.5])  # along the top, through the legend
    assert not view.legend_is_clear() and view.dynamic()[-1] is legend


def test_the_legend_drawn_ahead_is_the_one_a_move_needs(panel):
    """prefetch_legend draws the gradient legend's static layer for one layer more, leaving the
    picture as it was; the move of "hidden layers" then draws no static layer, and its picture
    equals a complete draw of a new view, pixel for pixel."""
    view, layers = panel.view, panel.controls["layers"]
    shown = view.render().copy()
    assert view.prefetch_legend(layers.value + 2) == 1       # one layer more, plus the output
    assert view.prefetch_legend(layers.value + 2) == 0       # kept
    np.testing.assert_array_equal(view.render(), shown)      # the view is as it was
    draws = view.frame.layer_draws
    layers.value += 1
    assert view.frame.layer_draws == draws
    fresh = panels.PlaygroundView(in_panel=True)
    fresh.update(panel.data, panel.controls["epochs"].value)
    np.testing.assert_array_equal(view.render(), fresh.render())


def test_a_hidden_layers_move_draws_the_next_legend_when_idle(panel, monkeypatch):
    """In a kernel, a move of "hidden layers" asks the event loop to draw ahead the legend of one
    more step the same way; at the slider's end there is nothing ahead."""
    asked = []

    class Loop:
        def call_later(self, delay, fn, *args):
            asked.append((fn, args))

    monkeypatch.setattr(importlib.import_module("bpcore.panels.common"), "kernel_loop", Loop)
    layers = panel.controls["layers"]
    layers.value = 1
    asked.clear()
    layers.value = 2              # up: 3 hidden layers next, a legend of 4 (with the output layer)
    assert asked == [(panel.view.prefetch_legend, (4,))]
    asked.clear()
    layers.value = 1              # down: 0 hidden layers next, the output layer alone
    assert asked == [(panel.view.prefetch_legend, (1,))]
    asked.clear()
    layers.value = layers.max     # at the end: nothing ahead
    panel.controls["seed"].value += 1   # another control: nothing
    assert asked == []
