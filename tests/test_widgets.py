"""The slider panels of notebooks 04 and 05, driven without a browser: build a panel, set
``slider.value`` as the browser would, and check the picture and the data changed as they should."""
import functools
import warnings

import numpy as np
import pytest

pytest.importorskip("ipywidgets")
import matplotlib  # noqa: E402

matplotlib.use("Agg")

from bpcore import panels  # noqa: E402

PNG = b"\x89PNG\r\n\x1a\n"

# the browser test (tests/browser) finds the sliders by these descriptions
PERCEPTRON_SLIDERS = {"lr": "learning rate", "w1": "w1", "w2": "w2", "b": "b",
                      "max_epochs": "max epochs"}
XOR_SLIDERS = {"lr": "learning rate", "scale": "init scale", "seed": "seed",
               "hidden": "hidden units", "epochs": "epochs"}


@pytest.fixture
def no_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        yield


@pytest.fixture
def perceptron(no_warnings):
    return panels.perceptron_panel()


@pytest.fixture
def xor(no_warnings):
    return panels.xor_panel(epochs=500)  # shorter than the default, to keep the tests quick


def _moved(panel, key, value):
    """Set a control like the browser does; return the picture before and after."""
    before = bytes(panel.image.value)
    panel.controls[key].value = value
    return before, bytes(panel.image.value)


def test_import_bpcore_does_not_load_panels():
    import subprocess
    import sys

    code = ("import sys, bpcore; print('bpcore.panels' in sys.modules, 'bpcore.widgets' in sys.modules, "
            "'ipywidgets' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False", "False"]


def test_panels_compute_and_draw_without_ipywidgets():
    """ipywidgets is imported only when a panel is built: block it and use the other two layers."""
    import subprocess
    import sys

    code = ("import sys; sys.modules['ipywidgets'] = None\n"
            "import matplotlib; matplotlib.use('Agg')\n"
            "from bpcore import panels\n"
            "png = panels.figure_png(panels.draw_xor(panels.xor_run(epochs=100)))\n"
            "snap = panels.playground_run(epochs=5)\n"
            "print(png[:4] == b'\\x89PNG', panels.perceptron_run().converged, snap.epoch)\n"
            "try:\n    panels.xor_panel()\nexcept ImportError:\n    print('panel needs ipywidgets')\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split("\n")[:2] == ["True True 5", "panel needs ipywidgets"]


def test_compatibility_modules_only_reexport_the_panels():
    """Notebooks written before the move import bpcore.widgets / bpcore.playground: the very same
    objects, and nothing defined there."""
    import ast
    import importlib
    import inspect

    for name in ("bpcore.widgets", "bpcore.playground"):
        module = importlib.import_module(name)
        tree = ast.parse(inspect.getsource(module))
        assert all(isinstance(node, (ast.ImportFrom, ast.Expr)) for node in tree.body), name
        for attr in ("playground", "playground_run", "Playground", "PlaygroundView"):
            assert getattr(module, attr) is getattr(panels, attr)
    from bpcore import widgets

    for attr in panels.__all__:
        assert getattr(widgets, attr) is getattr(panels, attr)


def test_panel_modules_import_one_way_and_no_private_names():
    """common <- perceptron, xor, playground, stepper <- __init__, and no `from x import _private`."""
    import ast
    from pathlib import Path

    root = Path(panels.__file__).parent
    order = {"common": 0, "perceptron": 1, "xor": 1, "playground": 1, "stepper": 1, "__init__": 2}
    for path in sorted(root.glob("*.py")):
        me = order[path.stem]
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom):
                for alias in node.names:
                    assert not alias.name.startswith("_"), f"{path.name} imports private {alias.name}"
                if node.level == 1 and node.module:  # a sibling in bpcore.panels
                    assert order[node.module] < me, f"{path.name} imports .{node.module}"
    for path in Path(panels.__file__).parent.parent.glob("*.py"):  # bpcore's own modules
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom):
                assert not any(a.name.startswith("_") and a.name != "*" for a in node.names), \
                    f"bpcore/{path.name} imports a private name from {node.module}"


@pytest.mark.parametrize("make, sliders", [(panels.perceptron_panel, PERCEPTRON_SLIDERS),
                                           (panels.xor_panel, XOR_SLIDERS)])
def test_panel_descriptions_unique_and_as_documented(make, sliders, no_warnings):
    panel = make()
    for key, label in sliders.items():
        assert panel.controls[key].description == label
        assert panel.controls[key].continuous_update is False
    labels = [c.description for c in panel.controls.values()]
    assert len(labels) == len(set(labels))
    assert bytes(panel.image.value).startswith(PNG) and panel.status.value


def test_perceptron_initial_state_is_seed_001(perceptron):
    assert perceptron.data.converged and perceptron.data.epochs == 4
    np.testing.assert_array_equal(perceptron.data.w[0], [1.0, 1.0])


def test_perceptron_lr_retrains(perceptron):
    before, after = _moved(perceptron, "lr", 0.45)
    assert after != before and after.startswith(PNG)
    assert perceptron.data.params["lr"] == 0.45
    expected = panels.perceptron_run(lr=0.45)
    np.testing.assert_array_equal(perceptron.data.w, expected.w)
    np.testing.assert_array_equal(perceptron.data.errors, expected.errors)


@pytest.mark.parametrize("key, value", [("w1", -1.5), ("w2", 2.5), ("b", 0.7)])
def test_perceptron_start_sliders_move_the_boundary(perceptron, key, value):
    old_start = perceptron.view.first.get_xydata().copy()
    before, after = _moved(perceptron, key, value)
    assert after != before
    w0 = perceptron.data.w[0]
    assert {"w1": w0[0], "w2": w0[1], "b": perceptron.data.b[0]}[key] == value
    # the dashed "start" line is the new one: w0 . x + b0 = 0 on both its end points
    xy = perceptron.view.first.get_xydata()
    assert not np.allclose(xy, old_start)
    np.testing.assert_allclose(xy @ w0 + perceptron.data.b[0], 0, atol=1e-9)
    # and the solid line is the final boundary
    xy = perceptron.view.last.get_xydata()
    np.testing.assert_allclose(xy @ perceptron.data.w[-1] + perceptron.data.b[-1], 0, atol=1e-9)


def test_perceptron_error_count_curve_follows_the_run(perceptron):
    perceptron.controls["data"].value = "XOR (not separable)"
    perceptron.controls["max_epochs"].value = 30
    data = perceptron.data
    assert data.stopped_by == "max_epochs" and data.epochs == 30
    x, y = perceptron.view.err_line.get_data()
    np.testing.assert_array_equal(x, np.arange(31))
    np.testing.assert_array_equal(y, data.errors)
    assert "stopped at max epochs (30)" in perceptron.status.value


def test_perceptron_posts_stop_rule(perceptron):
    for key in ("w1", "w2", "b"):
        perceptron.controls[key].value = 0.0
    perceptron.controls["stop"].value = "loss"
    assert perceptron.data.epochs == 0 and perceptron.data.errors[0] == 2
    assert "loss == 0 at epoch 0, yet 2 point(s) misclassified" in perceptron.status.value
    assert perceptron.view.no_line.get_visible()


def test_xor_lr_gives_a_new_loss_curve(xor):
    old = xor.view.curve.get_ydata().copy()
    before, after = _moved(xor, "lr", 10.0)
    assert after != before
    new = xor.view.curve.get_ydata()
    expected = panels.xor_run(lr=10.0, epochs=500)
    np.testing.assert_array_equal(new, expected.loss)
    assert new[-1] < old[-1]  # lr 10 gets further than lr 1 in 500 epochs


@pytest.mark.parametrize("key, value", [("scale", 10 ** 0.25), ("seed", 2), ("hidden", 8),
                                        ("init", "xavier"), ("activation", "tanh")])
def test_xor_init_sliders_give_a_new_network(xor, key, value):
    old_surface = xor.data.surface.copy()
    before, after = _moved(xor, key, value)
    assert after != before and xor.data.params[key] == value
    assert not np.allclose(xor.data.surface, old_surface)
    np.testing.assert_array_equal(xor.view.image.get_array(), xor.data.surface)
    assert xor.data.weights[0].shape == (3, xor.controls["hidden"].value)


def test_xor_epochs_slider_extends_the_curve(xor):
    _moved(xor, "epochs", 1000)
    assert xor.data.epoch_at[-1] == 1000 and xor.view.ax_loss.get_xlim() == (0, 1000)


def test_xor_divergence_is_a_note_not_a_traceback(xor):
    xor.controls["activation"].value = "tanh"
    xor.controls["output"].value = "linear"
    xor.controls["lr"].value = 100.0
    assert xor.data.diverged
    note = f"blew up at epoch {xor.data.diverged_at}"
    assert xor.view.note.get_visible() and xor.view.note.get_text() == note
    assert note in xor.status.value and "Traceback" not in xor.status.value
    # and back to a sane setting: the note goes away
    xor.controls["lr"].value = 0.1
    assert not xor.data.diverged and not xor.view.note.get_visible()


def test_xor_saturation_at_max_lr_says_so(xor):
    xor.controls["lr"].value = 100.0
    assert not xor.data.diverged and xor.data.stalled
    assert xor.view.note.get_text() == "loss stopped falling" and xor.view.note.get_visible()


@pytest.mark.parametrize("make", [panels.perceptron_panel, panels.xor_panel])
def test_every_control_at_min_and_max(make, no_warnings):
    panel = make()
    defaults = {k: c.value for k, c in panel.controls.items()}
    for key, control in panel.controls.items():
        if hasattr(control, "base"):  # FloatLogSlider: min and max are exponents
            values = [control.base ** control.min, control.base ** control.max]
        elif hasattr(control, "min"):
            values = [control.min, control.max]
        else:
            values = [v if not isinstance(v, tuple) else v[1] for v in control.options]
        for value in values:
            control.value = value
            assert bytes(panel.image.value).startswith(PNG), (key, value)
            assert panel.status.value, (key, value)
        control.value = defaults[key]


# -- the fast path: Frame (static layer kept, dynamic artists redrawn) and rgba_png ------------

def _decoded(png):
    import io

    from PIL import Image

    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"))


VIEW_CASES = {
    "perceptron": (lambda: panels.PerceptronView(), lambda v, d: v.update(d),
                   [dict(w1=w1, data=data) for data in ("seed 001", "XOR (not separable)")
                    for w1 in (1.0, -0.5, 2.0)], panels.perceptron_run),
    "xor": (lambda: panels.XorView(), lambda v, d: v.update(d),
            [dict(lr=1.0), dict(lr=10 ** 0.25), dict(lr=100.0, output="linear", loss="abs_error"),
             dict(hidden=8, epochs=500), dict(init="zeros")], lambda **kw: panels.xor_run(**kw)),
    "playground": (lambda: panels.PlaygroundView(), lambda v, d: v.update(d, 300),
                   [dict(epochs=50), dict(epochs=75), dict(epochs=0, hidden=(4, 4, 4)),
                    dict(epochs=60, lr=10.0), dict(epochs=25, dataset="spiral")],
                   lambda **kw: panels.playground_run(n=60, **kw)),
}
# the same views as the panels build them: titles left out, legends out of the moving artists' way
VIEW_CASES.update({
    f"{name} in a panel": (functools.partial(make, in_panel=True), update, settings, compute)
    for name, (make, update, settings, compute) in [
        ("perceptron", (panels.PerceptronView, *VIEW_CASES["perceptron"][1:])),
        ("xor", (panels.XorView, *VIEW_CASES["xor"][1:])),
        ("playground", (panels.PlaygroundView, *VIEW_CASES["playground"][1:]))]})


@pytest.mark.parametrize("name", sorted(VIEW_CASES))
def test_frame_pictures_equal_a_fresh_full_draw(name, no_warnings):
    """One view reused across states (most pictures only restore the static layer) gives, pixel
    for pixel, the picture a new view draws from scratch for the same state; and its figure is
    left as it was, so savefig still draws everything."""
    make, update, settings, compute = VIEW_CASES[name]
    if not name.endswith("in a panel"):  # the panels render in-panel views; these only need to work
        settings = settings[:2]
    reused = make()
    for kw in settings:
        data = compute(**kw)
        update(reused, data)
        fast = reused.render().copy()
        fresh = make()
        update(fresh, data)
        np.testing.assert_array_equal(fast, fresh.render(), err_msg=f"{name} {kw}")
        assert panels.figure_png(reused.fig) == panels.figure_png(fresh.fig)
    assert reused.frame.full_draws < len(settings) + 1


@pytest.mark.parametrize("name, before, after", [
    ("perceptron", dict(), dict(w1=-0.5)), ("xor", dict(), dict(lr=2.0)),
    ("playground", dict(epochs=50), dict(epochs=75))])  # two pictures in a row of a Run
def test_frame_keeps_the_static_layer_when_only_lines_move(name, before, after):
    make, update, _, compute = VIEW_CASES[name]
    view = make()
    update(view, compute(**before))
    view.render()
    update(view, compute(**after))
    view.render()
    assert view.frame.full_draws == 1


def test_rgba_png_is_a_lossless_png_of_the_rgb_pixels():
    rgba = np.random.default_rng(0).integers(0, 256, size=(7, 5, 4), dtype=np.uint8)
    png = panels.rgba_png(rgba)
    assert png.startswith(PNG)
    np.testing.assert_array_equal(_decoded(png), rgba[..., :3])
    view = panels.XorView()
    view.update(panels.xor_run(epochs=100))
    np.testing.assert_array_equal(_decoded(panels.rgba_png(view.render())), view.render()[..., :3])


def test_decade_limits_and_nice_ceiling():
    # by hand: 0.002 / 1.2 = 0.0017 rounds down to 1e-3; 0.3 * 1.2 = 0.36 rounds up to 1
    assert panels.decade_limits([0.3, 0.002]) == (1e-3, 1.0)
    assert panels.decade_limits([5.0]) == (1.0, 10.0)  # 4.2 -> 1, 6 -> 10
    assert panels.decade_limits([0.9, 0.11]) == (0.01, 10.0)  # 0.11 / 1.2 < 0.1, 0.9 * 1.2 > 1
    assert panels.decade_limits([0.0, 3.0]) == (1e-301, 10.0)  # 0 drawn at the floor 1e-300
    assert panels.decade_limits([np.nan]) == (0.1, 10.0)
    assert [panels.nice_ceiling(n) for n in (0, 1, 3, 10, 11, 60, 101)] == [1, 1, 5, 10, 20, 100, 200]


@pytest.mark.parametrize("w, b", [((1.0, 1.0), 0.0), ((-0.35, 0.55), -0.45), ((0.0, 2.0), -1.0),
                                  ((3.0, 0.0), 0.5), ((1.0, 1.0), 10.0), ((0.0, 0.0), 1.0),
                                  ((0.0, 0.0), 0.0), ((0.0, 0.0), -2.0)])
def test_half_planes_shade_exactly_the_points_of_each_class(w, b):
    """Every grid point off the line lies in the polygon of its class (w . x + b > 0 -> 1),
    checked with matplotlib's point-in-polygon test; the two areas add up to the rectangle."""
    from matplotlib.path import Path

    bounds = (-2.0, 2.0, -1.5, 2.5)
    zero, one = panels.half_planes(w, b, bounds)
    xs, ys = np.meshgrid(np.linspace(-1.99, 1.99, 41), np.linspace(-1.49, 2.49, 41))
    P = np.column_stack([xs.ravel(), ys.ravel()])
    f = P @ np.array(w) + b
    off = np.abs(f) > 1e-9
    for region, label in ((zero, 0), (one, 1)):
        inside = Path(region).contains_points(P) if len(region) >= 3 else np.zeros(len(P), bool)
        np.testing.assert_array_equal(inside[off], (f[off] > 0) == bool(label))

    def area(poly):
        x, y = poly[:, 0], poly[:, 1]
        return 0.5 * abs(np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1))) if len(poly) >= 3 else 0.0

    assert area(zero) + area(one) == pytest.approx(16.0)


def test_a_panel_says_on_its_status_line_what_its_picture_leaves_out():
    """The perceptron panel's picture has no title; its status line gives the outcome and the
    final weights, which for the default sliders are the post's last epoch (seed 001's own
    code prints w = [-0.35, 0.55], b = -0.45 after 4 epochs)."""
    panel = panels.perceptron_panel()
    assert "all points right after 4 epochs" in panel.status.value
    assert "w = [-0.350, 0.550], b = -0.450" in panel.status.value
    view = panel.view
    assert view.in_panel and not view.title.get_visible() and not view.err_note.get_visible()
    assert view.ax.get_legend() not in view.dynamic()  # above the plot: drawn once, as static
    xor = panels.xor_panel()
    assert not xor.view.title.get_visible() and not xor.view.loss_title.get_visible()
    assert xor.data.surface.shape == (panels.XOR_PANEL_RESOLUTION,) * 2


@pytest.fixture(scope="module")
def xor_controls():
    """The XOR panel's controls, only read: one panel for the tests below."""
    return panels.xor_panel().controls


@pytest.mark.parametrize("key, old, new, expected", [
    ("lr", 1.0, 10 ** 0.25, 10 ** 0.5), ("lr", 10 ** 0.25, 1.0, 10 ** -0.25), ("lr", 10 ** 1.75, 100.0, None),
    ("seed", 3, 4, 5), ("seed", 4, 3, 2), ("seed", 1, 0, None), ("epochs", 2000, 2100, 2200),
    ("init", "uniform", "he", None)])
def test_next_value_is_one_more_step_the_same_way(xor_controls, key, old, new, expected):
    control = xor_controls[key]
    got = panels.next_value(control, {"old": old, "new": new})
    assert got == (None if expected is None else pytest.approx(expected, rel=1e-12))


def test_a_result_computed_ahead_is_the_result_of_the_move(xor):
    """What the XOR panel computes ahead (one more step of lr) is exactly what the move would
    compute; the panel uses it, and draws what the controls say."""
    lr = xor.controls["lr"]
    key = ("en", tuple((k, 10 ** 0.25 if k == "lr" else c.value) for k, c in xor.controls.items()))
    xor.compute_ahead(key)
    assert key in xor.ahead
    lr.value = 10 ** 0.25
    assert xor.timings["prefetched"]
    expected = panels.xor_run(lr=10 ** 0.25, epochs=500, resolution=panels.XOR_PANEL_RESOLUTION)
    np.testing.assert_array_equal(xor.data.loss, expected.loss)
    np.testing.assert_array_equal(xor.view.curve.get_ydata(), expected.loss)
    lr.value = 10 ** 0.5  # nothing ahead for this one: computed now
    assert not xor.timings["prefetched"]
    lr.value = 10 ** 0.25  # back: the result is kept
    assert xor.timings["prefetched"]
    np.testing.assert_array_equal(xor.view.curve.get_ydata(), expected.loss)
    assert len(xor.ahead) <= panels.common.KEPT_RESULTS


def test_decade_limits_span_at_least_the_range_asked_for():
    # by hand: 0.3 and 0.002 need 1e-3..1; at least 1e-4..10 widens both ends, 1e-2..0.5 neither
    assert panels.decade_limits([0.3, 0.002], least=(1e-4, 10.0)) == (1e-4, 10.0)
    assert panels.decade_limits([0.3, 0.002], least=(1e-2, 0.5)) == (1e-3, 1.0)
    assert panels.decade_limits([np.nan], least=(1e-2, 10.0)) == (1e-2, 10.0)
    xor = panels.xor_panel()
    lo, hi = xor.view.ax_loss.get_ylim()
    assert lo <= 1e-4 and hi >= 1.0


def test_frame_draws_a_resized_figure_anew():
    """Same limits, new figure size: the kept layers are of the old geometry, so every layer is
    drawn again (the figure's and each axes') instead of being pasted at the old size."""
    view = panels.XorView(in_panel=True)
    view.update(panels.xor_run(epochs=100))
    view.render()
    view.render()
    before = view.frame.layer_draws
    view.fig.set_size_inches(8.0, 3.5)
    assert view.render().shape == (350, 800, 4)
    assert view.frame.layer_draws == before + 1 + len(view.fig.axes)
