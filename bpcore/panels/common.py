"""What every panel shares: the figure, the PNG, the controls' style and layout, the panel.

Each panel (:mod:`.perceptron`, :mod:`.xor`, :mod:`.playground`) has three layers, each usable
without the next:

1. **Compute** (pure, NumPy only, no warnings at any slider position): a ``*_run`` function that
   takes the slider values and returns a dataclass.
2. **Drawing** (matplotlib, no pyplot state): a ``*View`` class builds its artists once on
   :func:`new_figure` and ``update(data)`` only changes them, so a redraw is cheap.
3. **Panel** (ipywidgets, imported lazily): :func:`build_panel` puts the controls, a status line
   (:func:`status_html`) and the picture (:func:`figure_png`) in a ``VBox``.

This module imports nothing from the panel modules; they import from it.
"""
import io
import math

import numpy as np

# -- drawing ---------------------------------------------------------------------------------

CLASS_STYLE = ((0, "o", "tab:blue"), (1, "s", "tab:orange"))  # label, marker, colour
LOSS_FLOOR = 1e-300  # a loss of exactly 0 is drawn here on a log axis
LOSS_CEILING = 1e250  # and a huge one (just before an overflow) here, so the ticks stay finite


def new_figure(ncols=2, figsize=(9.6, 3.8), dpi=100, right=0.98):
    """A figure outside pyplot (no inline auto-display, nothing to close) with ``ncols`` axes."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=figsize, dpi=dpi)
    FigureCanvasAgg(fig)
    axes = fig.subplots(1, ncols)
    fig.subplots_adjust(left=0.085, right=right, bottom=0.14, top=0.86, wspace=0.28)
    return fig, axes


def class_points(ax, labels):
    """One scatter artist per class, keyed by label (their positions are set by
    :func:`set_class_points`); ``labels`` names the target in the legend ("t" or "y")."""
    return {v: ax.scatter([], [], marker=m, c=c, edgecolors="k", s=50, zorder=4, label=f"{labels} = {v}")
            for v, m, c in CLASS_STYLE}


def set_class_points(scatters, X, t):
    """Move the class scatters of :func:`class_points` to the points X (m, 2) with labels t (m,)."""
    for v, sc in scatters.items():
        sc.set_offsets(X[t == v] if np.any(t == v) else np.empty((0, 2)))


def log_limits(values, floor=LOSS_FLOOR, ceiling=LOSS_CEILING):
    """y limits for a log axis showing the finite ``values``, with at least one power of ten
    inside, so the axis always has a labelled tick."""
    values = np.asarray(values, dtype=np.float64)
    finite = values[np.isfinite(values)]
    if not len(finite):
        return 0.1, 10.0
    lo, hi = float(max(finite.min(), floor)), float(min(finite.max(), ceiling))
    return (min(lo / 2.0, 10.0 ** math.floor(math.log10(lo))),
            min(max(hi * 2.0, 10.0 ** math.ceil(math.log10(hi))), 10 * ceiling))


def figure_png(fig, dpi=None):
    """The figure as PNG bytes (no tight bbox: the layout is fixed, so this is fast)."""
    buf = io.BytesIO()
    # zlib level 1: about 3x faster to encode than the default 6, for a somewhat larger file
    fig.savefig(buf, format="png", dpi=dpi or fig.dpi, pil_kwargs={"compress_level": 1})
    return buf.getvalue()


# -- controls and the panel ------------------------------------------------------------------

SLIDER_STYLE = {"description_width": "90px"}
SLIDER_WIDTH, MENU_WIDTH = "340px", "250px"


def escape(text):
    """``text`` safe inside HTML."""
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def status_html(message):
    """The status line for a result's ``message``."""
    return f"<b>{escape(message)}</b>"


def error_html(message):
    """The status line when a control's value was refused (the picture keeps the last good state)."""
    return f"<b style='color:crimson'>{escape(message)}</b>"


def control_width(control):
    """Menus are narrower than sliders, so three of either fit on a row."""
    import ipywidgets as W

    return MENU_WIDTH if isinstance(control, W.Dropdown) else SLIDER_WIDTH


def build_panel(controls, rows, compute, view, caption):
    """A VBox: the caption, ``rows`` of ``controls`` (tuples of keys), a status line, the picture.

    Every control's change re-runs ``compute(**values)`` and ``view.update`` on its result. The
    VBox carries ``.controls``, ``.image``, ``.status``, ``.view``, ``.data`` (the last result),
    ``.refresh()`` and ``.timings`` (compute_ms, draw_ms of the last refresh).
    """
    import time

    import ipywidgets as W

    image = W.Image(format="png", layout=W.Layout(width="auto", max_width="100%"))
    status = W.HTML()
    panel = W.VBox([W.HTML(caption)] + [W.HBox([controls[k] for k in row]) for row in rows]
                   + [status, image])
    panel.controls, panel.image, panel.status, panel.view = controls, image, status, view
    panel.timings = {}

    def refresh(change=None):
        t0 = time.perf_counter()
        data = compute(**{k: c.value for k, c in controls.items()})
        t1 = time.perf_counter()
        view.update(data)
        image.value = figure_png(view.fig)
        t2 = time.perf_counter()
        panel.data = data
        status.value = status_html(data.message)
        panel.timings = {"compute_ms": 1e3 * (t1 - t0), "draw_ms": 1e3 * (t2 - t1)}

    for c in controls.values():
        c.layout.width = control_width(c)
        c.observe(refresh, names="value")
    panel.refresh = refresh
    refresh()
    return panel
