"""Issue 9: every bad argument of the panels' pure functions is a ValueError naming it (never a
NumPy traceback, TypeError, OverflowError or a hang), the documented caps hold, and a control set
to a bad value in code leaves the panel showing the error on its status line, then recovering."""
import importlib
import math
import warnings

import numpy as np
import pytest

from bpcore import panels

BAD_XOR = [
    ("resolution", -1), ("resolution", 1), ("resolution", panels.xor.XOR_MAX_RESOLUTION + 1),
    ("resolution", 61.0), ("resolution", "61"),
    ("seed", "abc"), ("seed", -1), ("seed", 2 ** 32), ("seed", 1.5), ("seed", True), ("seed", None),
    ("epochs", math.inf), ("epochs", -1), ("epochs", 2.5), ("epochs", "100"),
    ("epochs", panels.xor.XOR_MAX_EPOCHS + 1), ("epochs", 10 ** 400),
    ("lr", 0), ("lr", -1.0), ("lr", math.nan), ("lr", math.inf), ("lr", "1"), ("lr", None),
    ("lr", 1j), ("lr", 10 ** 400),
    ("hidden", 0), ("hidden", panels.xor.XOR_MAX_HIDDEN + 1), ("hidden", 4.0), ("hidden", "4"),
    ("scale", 0), ("scale", math.nan), ("scale", -math.inf), ("scale", "1"),
    ("init", "glorot"), ("init", None), ("activation", "softplus"), ("activation", 3),
    ("output", "tanh"), ("loss", "bce"), ("loss", ["half_sse"]),
]


@pytest.fixture
def no_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        yield


@pytest.mark.parametrize("name, value", BAD_XOR, ids=lambda v: repr(v)[:20])
def test_xor_run_refuses_bad_arguments_by_name(name, value, no_warnings):
    with pytest.raises(ValueError, match=rf"^(unknown )?{name}\b"):
        panels.xor_run(**{name: value})


def test_xor_run_takes_numpy_integers_and_the_edges_of_its_ranges(no_warnings):
    run = panels.xor_run(seed=np.int64(1), hidden=np.int32(4), epochs=np.int64(0), resolution=2)
    assert run.epochs_done == 0 and run.surface.shape == (2, 2)
    assert panels.xor_run(seed=2 ** 32 - 1, epochs=10).epochs_done == 10


BAD_PERCEPTRON = [
    ("max_epochs", 10 ** 6), ("max_epochs", panels.perceptron.PERCEPTRON_MAX_EPOCHS + 1),
    ("max_epochs", -1), ("max_epochs", math.inf), ("max_epochs", 2.5), ("max_epochs", "20"),
    ("lr", 0), ("lr", math.nan), ("lr", "0.9"), ("lr", 1e7),
    ("w1", math.nan), ("w1", math.inf), ("w1", "1"), ("w1", None), ("w1", 1 + 1j),
    ("w2", -math.inf), ("w2", 1e7), ("b", "1.5"), ("b", math.nan), ("b", [0.0]),
    ("data", "XOR"), ("data", None), ("stop", "loss == 0 (the post)"), ("stop", 0),
]


@pytest.mark.parametrize("name, value", BAD_PERCEPTRON, ids=lambda v: repr(v)[:20])
def test_perceptron_run_refuses_bad_arguments_by_name(name, value, no_warnings):
    with pytest.raises(ValueError, match=rf"^(unknown )?{name}\b"):
        panels.perceptron_run(**{name: value})


def test_perceptron_max_epochs_cap_is_reachable_and_small():
    """At the cap, XOR (which never converges) stores every epoch; the old 10**6 stored 61 MiB
    per 1e5 epochs. The cap keeps a run to a few MiB."""
    cap = panels.perceptron.PERCEPTRON_MAX_EPOCHS
    run = panels.perceptron_run(max_epochs=cap, data="XOR (not separable)")
    assert run.epochs == cap and run.stopped_by == "max_epochs"
    stored = run.w.nbytes + run.b.nbytes + run.loss.nbytes + run.errors.nbytes + run.y_pre.nbytes
    assert stored < 2 ** 20


PG = importlib.import_module("bpcore.panels.playground")  # the module: panels.playground is the panel

BAD_PLAYGROUND = [
    ("dataset", "iris"), ("noise", math.nan), ("noise", -0.1), ("noise", PG.PLAYGROUND_MAX_NOISE * 2),
    ("noise", None), ("hidden", (0,)), ("hidden", (PG.PLAYGROUND_MAX_UNITS + 1,)), ("hidden", "8"),
    ("hidden", 8.0), ("hidden", (8,) * (PG.PLAYGROUND_MAX_LAYERS + 1)), ("hidden", None),
    ("activation", "identity"), ("loss", "abs_error"), ("lr", 0), ("lr", math.inf), ("lr", "0.3"),
    ("init", "glorot"), ("scale", 0), ("scale", math.nan), ("seed", "abc"), ("seed", -1),
    ("seed", 2 ** 32), ("n", 1), ("n", PG.PLAYGROUND_MAX_POINTS + 1), ("n", 200.0),
    ("resolution", 1), ("resolution", PG.PLAYGROUND_MAX_RESOLUTION + 1),
]


@pytest.mark.parametrize("name, value", BAD_PLAYGROUND, ids=lambda v: repr(v)[:20])
def test_playground_refuses_bad_arguments_by_name(name, value, no_warnings):
    with pytest.raises(ValueError, match=rf"^(unknown )?{name}\b"):
        panels.Playground(**{name: value})
    with pytest.raises(ValueError, match=rf"^(unknown )?{name}\b"):
        panels.playground_run(epochs=1, **{name: value})


@pytest.mark.parametrize("epochs", [math.inf, "5", -1, 2.5, None, PG.PLAYGROUND_MAX_EPOCHS + 1, 10 ** 18],
                         ids=repr)
def test_playground_train_and_run_have_a_documented_cap(epochs, no_warnings):
    pg = panels.Playground(n=20, hidden=(2,))
    with pytest.raises(ValueError, match=r"^epochs must be an integer from 0 to 100000"):
        pg.train(epochs)
    assert pg.epoch == 0 and len(pg.snapshot().loss) == 1  # nothing was trained
    with pytest.raises(ValueError, match=r"^epochs\b"):
        panels.playground_run(epochs=epochs)
    with pytest.raises(ValueError, match=r"^epochs\b"):
        panels.playground_steps(epochs=epochs)  # refused when called, not at the first next()


@pytest.mark.parametrize("chunk", [0, math.inf, "25", 2.5])
def test_playground_steps_refuses_a_bad_chunk_when_called(chunk):
    with pytest.raises(ValueError, match=r"^chunk\b"):
        panels.playground_steps(epochs=10, chunk=chunk)


# -- panels: a control set to a bad value in code --------------------------------------------

pytest.importorskip("ipywidgets")


def _nan_then_good(panel, key, good):
    """Set ``key`` to NaN, check the status line and the picture, then move it to ``good``."""
    picture, control = bytes(panel.image.value), panel.controls[key]
    old = control.value
    control.value = math.nan  # must not raise: the observer catches it
    assert control.value == old, "the refused value is put back"
    assert "refused" in panel.status.value and "nan" in panel.status.value and "crimson" in panel.status.value
    assert panel.error and "Traceback" not in panel.status.value
    assert bytes(panel.image.value) == picture, "the picture keeps the last good state"
    control.value = good
    assert panel.error is None and "refused" not in panel.status.value
    assert bytes(panel.image.value) != picture


@pytest.mark.parametrize("key, good", [("lr", 1.5), ("w1", -0.5), ("w2", 2.0), ("b", 0.5)])
def test_perceptron_panel_recovers_from_a_nan_slider(key, good, no_warnings):
    _nan_then_good(panels.perceptron_panel(), key, good)


@pytest.mark.parametrize("key, good", [("lr", 10.0), ("scale", 10 ** 0.25)])
def test_xor_panel_recovers_from_a_nan_slider(key, good, no_warnings):
    panel = panels.xor_panel(epochs=200)
    _nan_then_good(panel, key, good)
    panel.controls["seed"].value = 3  # and every later move works as before
    assert panel.data.params["seed"] == 3 and panel.error is None


@pytest.mark.parametrize("key, good", [("noise", 0.2), ("scale", 10 ** 0.25)])
def test_playground_panel_recovers_from_a_nan_slider(key, good, no_warnings):
    panel = panels.playground(epochs=100)
    _nan_then_good(panel, key, good)
    panel.buttons["step"].click()
    assert panel.data.epoch == panel.chunk and panel.error is None


def test_playground_panel_shows_a_failing_step_on_its_status_line(monkeypatch, no_warnings):
    panel = panels.playground(epochs=100)

    def broken(epochs):
        raise RuntimeError("simulated failure")

    monkeypatch.setattr(panel.model, "train", broken)
    panel.buttons["step"].click()  # must not raise
    assert "RuntimeError: simulated failure" in panel.status.value and not panel.running
    panel.buttons["run"].click()  # no event loop in a test: Run trains synchronously
    assert "RuntimeError" in panel.status.value and not panel.running
    panel.buttons["reset"].click()  # a new model: all is well again
    panel.buttons["step"].click()
    assert panel.error is None and panel.data.epoch == panel.chunk
    with pytest.raises(ValueError, match=r"^epochs\b"):
        panel.train_sync("5")


def test_playground_run_loop_reports_a_failure_and_stops(monkeypatch):
    import asyncio

    panel = panels.playground(epochs=100)
    monkeypatch.setattr(PG, "PLAYGROUND_PAUSE", 0.0)

    def broken(epochs):
        raise FloatingPointError("simulated overflow")

    monkeypatch.setattr(panel.model, "train", broken)
    asyncio.run(panel.run_async())
    assert "FloatingPointError: simulated overflow" in panel.status.value
    assert not panel.running and not panel.buttons["run"].disabled
