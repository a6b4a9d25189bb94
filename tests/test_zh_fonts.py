"""Chinese plots: every figure the library draws renders without a missing glyph (no tofu), and
without a CJK font the plots fall back to English with one printed note."""
import io
import logging
import re
import warnings

import numpy as np
import pytest

import bpcore
from bpcore import fonts, plots
from zh_text import has_cjk, has_stepper

pytestmark = pytest.mark.filterwarnings("default::UserWarning")


@pytest.fixture(autouse=True)
def _english_afterwards():
    yield
    bpcore.set_language("en")


class _Records(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages = []

    def emit(self, record):
        self.messages.append(record.getMessage())


def render(fig):
    """PNG bytes of ``fig`` and the missing-glyph complaints drawing it raised: the Agg warning
    "Glyph … missing from font(s)" and mathtext's logged "Font … does not have a glyph" (Chinese
    inside a $...$ text is drawn by mathtext, which never falls back to the CJK font)."""
    records = _Records()
    logger = logging.getLogger("matplotlib")
    logger.addHandler(records)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            buf = io.BytesIO()
            fig.savefig(buf, format="png", dpi=60)
    finally:
        logger.removeHandler(records)
    said = [str(w.message) for w in caught] + records.messages
    glyph = [m for m in said if re.search(r"Glyph .* missing from font|does not have a glyph", m)]
    return buf.getvalue(), glyph


def texts(fig):
    """Every non-empty string matplotlib will draw on ``fig`` (titles, labels, legends, notes)."""
    from matplotlib.text import Text

    return [t.get_text() for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip()]


# Values drawn as they are (menu keys, function and data-set names, code): not English prose.
CODE_WORDS = {"lr", "XOR", "xor", "sigmoid", "tanh", "relu", "identity", "linear", "bce", "mse",
              "uniform", "xavier", "he", "zeros", "blobs", "moons", "circles", "spiral", "dW"}


def english_words(text):
    """Words of an English sentence left in a drawn text: maths ($...$), identifiers with _ or
    digits, attributes, calls and :data:`CODE_WORDS` do not count."""
    text = re.sub(r"\$[^$]*\$", " ", text)
    # an attribute (x1.grad) or a call (exp(s)) is code too
    return [w for w in re.findall(r"(?<![.\w])[A-Za-z_][A-Za-z0-9_]*(?![\w(])", text)
            if len(w) >= 2 and w.isalpha() and w not in CODE_WORDS]


def _plot_figures():
    import matplotlib.pyplot as plt

    out = {}
    fig, ax = plt.subplots()
    plots.loss_curve([1.0, 0.5, 0.2], ax=ax, diverged_at=2)
    out["loss_curve"] = fig
    fig, ax = plt.subplots()
    X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    y = np.array([0, 1, 1, 0])
    xx, yy, P = plots.grid_points(X, resolution=11)
    plots.decision_surface(xx, yy, P[:, 0] * 0.5 + 0.25, X, y, ax=ax)
    ax.legend()
    out["decision_surface"] = fig
    fig, ax = plt.subplots()
    plots.scatter_classes(X, y, ax=ax)
    ax.legend()
    out["scatter_classes"] = fig
    fig, ax = plt.subplots()
    plots.line_boundary([0.0, 0.0], 0.0, X, y, ax=ax, title="Network output")
    out["line_boundary"] = fig
    fig, ax = plt.subplots()
    plots.computational_graph({"x": (0, 0), "y": (1, 0)}, [("x", "y", 2.0)], ax=ax)
    out["computational_graph"] = fig
    fig, ax = plt.subplots()
    plots.weight_heatmap(np.array([[1.0, -2.0], [0.5, 0.0]]), ax=ax)
    out["weight_heatmap"] = fig
    return out


def _panel_figures():
    from bpcore import widgets

    return {
        "perceptron": widgets.draw_perceptron(widgets.perceptron_run()),
        "perceptron_xor_zero": widgets.draw_perceptron(
            widgets.perceptron_run(w1=0.0, w2=0.0, data="XOR (not separable)", max_epochs=3)),
        "xor": widgets.draw_xor(widgets.xor_run(epochs=200)),
        "xor_diverged": widgets.draw_xor(widgets.xor_run(lr=100.0, epochs=300, output="linear")),
        "xor_stalled": widgets.draw_xor(widgets.xor_run(init="zeros", epochs=400)),
        "playground": widgets.draw_playground(widgets.playground_run(epochs=20, n=40)),
        "playground_diverged": widgets.draw_playground(
            widgets.playground_run(epochs=60, n=40, lr=1e3, loss="mse", init="he", scale=30.0)),
    }


def _stepper_figures():
    """The backward-pass stepper of notebook 08 (when bpcore has it): every graph, a step where
    paths meet (the longest text)."""
    if not has_stepper():
        return {}
    from bpcore.panels import common, stepper

    out = {}
    for i, graph in enumerate(stepper.STEPPER_GRAPHS):
        n = len(stepper.stepper_run(graph, 0).steps)
        run = stepper.stepper_run(graph, n - 1)
        fig, ax = common.new_figure(1, figsize=(9, 4))
        stepper.draw_step(run, ax)
        out[f"stepper_{i}"] = fig
    return out


def all_figures():
    return {**_plot_figures(), **_panel_figures(), **_stepper_figures()}


def test_a_cjk_font_is_installed_here():
    # CI installs fonts-noto-cjk and fonts-wqy-microhei (.ci/run); without them the test below
    # would only check the English fallback.
    assert fonts.find_cjk_font() is not None


def test_the_glyph_check_can_fail():
    """DejaVu Sans alone has no Chinese: drawing Chinese with it must raise the warning we look for."""
    import matplotlib
    import matplotlib.pyplot as plt

    with matplotlib.rc_context({"font.sans-serif": ["DejaVu Sans"], "font.family": ["sans-serif"]}):
        fig, ax = plt.subplots()
        ax.set_title("训练损失")
        _, glyph = render(fig)
    assert glyph


def test_the_glyph_check_catches_chinese_in_maths_text():
    import matplotlib.pyplot as plt

    bpcore.set_language("zh")
    fig, ax = plt.subplots()
    ax.set_ylabel("$L$ 的值")
    _, glyph = render(fig)
    assert glyph


def test_every_chinese_figure_renders_without_missing_glyphs():
    bpcore.set_language("zh")
    assert bpcore.i18n.plot_language() == "zh"
    figures = all_figures()
    problems = {}
    for name, fig in figures.items():
        _, glyph = render(fig)
        drawn = texts(fig)
        english = [t for t in drawn if english_words(t)]
        if glyph:
            problems[name] = glyph[:3]
        elif not any(has_cjk(t) for t in drawn):
            problems[name] = f"no Chinese drawn at all: {drawn}"
        elif english:
            problems[name] = f"English left: {english}"
    assert not problems, problems


def test_english_figures_are_unchanged_by_the_language_module():
    figures = all_figures()
    for name, fig in figures.items():
        assert not any(has_cjk(t) for t in texts(fig)), name
    import matplotlib

    before = list(matplotlib.rcParams["font.sans-serif"])
    bpcore.set_language("zh")
    assert matplotlib.rcParams["font.sans-serif"][:2] == ["DejaVu Sans", fonts.find_cjk_font()]
    assert matplotlib.rcParams["font.family"][-1] == fonts.find_cjk_font()
    bpcore.set_language("en")
    assert list(matplotlib.rcParams["font.sans-serif"]) == before
    assert list(matplotlib.rcParams["font.family"]) == ["sans-serif"]


def test_without_a_cjk_font_plots_stay_english_with_one_note(monkeypatch, capsys):
    from bpcore import exercises

    monkeypatch.setattr(fonts, "find_cjk_font", lambda: None)
    monkeypatch.setitem(fonts._STATE, "noted", False)
    bpcore.set_language("zh")
    bpcore.set_language("zh")              # a second call (or a rerun cell) does not repeat it
    out = capsys.readouterr().out
    assert out.count(fonts.MISSING_NOTE) == 1 and out.strip() == fonts.MISSING_NOTE
    assert bpcore.get_language() == "zh" and bpcore.i18n.plot_language() == "en"
    figures = all_figures()
    for name, fig in figures.items():
        _, glyph = render(fig)
        assert not glyph, name
        assert not any(has_cjk(t) for t in texts(fig)), (name, texts(fig))
    exercises.check("00.n_params", ...)    # prints stay Chinese
    assert capsys.readouterr().out == "00.n_params: 尚未作答\n"
