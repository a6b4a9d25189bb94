"""The perceptron panel of notebook 04: seed 001's perceptron, re-trained at every slider move.

Compute :func:`perceptron_run`, drawing :class:`PerceptronView` / :func:`draw_perceptron`, panel
:func:`perceptron_panel` (see :mod:`bpcore.panels.common` for the three layers).
"""
import math
from dataclasses import dataclass, field
from typing import Dict

import numpy as np

from .. import datasets, perceptron
from .._validate import choice
from ..i18n import tr, tr_plot
from .common import (menu_options, SLIDER_STYLE, FramedView, build_panel, class_points, integer_in,
                     new_figure, nice_ceiling, number_in, set_class_points)

# -- compute ---------------------------------------------------------------------------------


def perceptron_xor():
    """XOR on the unit square, labels as in seed 003: no line separates it."""
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=np.float64)
    t = np.array([0, 1, 1, 0], dtype=np.float64)
    return X, t


PERCEPTRON_DATA = {"seed 001": datasets.seed001, "XOR (not separable)": perceptron_xor}
PERCEPTRON_BOUNDS = {"seed 001": (-2.0, 2.0, -1.5, 2.5), "XOR (not separable)": (-1.0, 2.0, -1.0, 2.0)}
PERCEPTRON_STOPS = {"no point misclassified": "misclassified", "loss == 0 (the post)": "loss"}
PERCEPTRON_MAX_EPOCHS = 10_000  # every epoch is stored (w, b, outputs): keep a run small
PERCEPTRON_MAX_WEIGHT = 1e6  # |w1|, |w2|, |b| at the start; lr at most this too
PERCEPTRON_DEFAULTS = dict(lr=0.9, w1=1.0, w2=1.0, b=0.0, max_epochs=20, data="seed 001",
                           stop="misclassified")


@dataclass
class PerceptronRun:
    """One training run of seed 001's perceptron, epoch by epoch (epoch 0 = before any update).

    ``w`` (E+1, 2), ``b`` (E+1,), ``loss`` (E+1,), ``errors`` (E+1,) misclassified points,
    ``y_pre`` (E+1, m). ``epochs`` = E updates made.
    """

    X: np.ndarray
    t: np.ndarray
    w: np.ndarray
    b: np.ndarray
    loss: np.ndarray
    errors: np.ndarray
    y_pre: np.ndarray
    epochs: int
    converged: bool
    stopped_by: str
    message: str
    params: Dict = field(default_factory=dict)


def run_message(epochs, stopped_by, converged, last, t=tr):
    """The one-line summary of a run; ``t`` is :func:`~bpcore.i18n.tr` (status line) or
    :func:`~bpcore.i18n.tr_plot` (the picture's title)."""
    if stopped_by == "max_epochs":
        return t("stopped at max epochs ({epochs}): {last} point(s) still misclassified",
                 epochs=epochs, last=last)
    if converged:
        return t("all points right after {epochs} epoch{plural}", epochs=epochs,
                 plural="s" if epochs != 1 else "")
    # the post's rule stopped with points still wrong
    return t("loss == 0 at epoch {epochs}, yet {last} point(s) misclassified", epochs=epochs, last=last)


def perceptron_run(lr=0.9, w1=1.0, w2=1.0, b=0.0, max_epochs=20, data="seed 001",
                   stop="misclassified"):
    """Train the perceptron of seed 001 from ``w = [w1, w2]``, ``b``; see :func:`perceptron.train`.

    ``data`` is a key of :data:`PERCEPTRON_DATA`; ``stop`` is ``"misclassified"`` (stop when
    every point is right) or ``"loss"`` (the post's ``while loss != 0``). ``max_epochs`` is an
    integer from 0 to :data:`PERCEPTRON_MAX_EPOCHS` (every epoch is stored); ``lr`` in
    (0, 1e6], ``w1``, ``w2``, ``b`` in [-1e6, 1e6]. Anything else: a ValueError naming it.
    """
    big = PERCEPTRON_MAX_WEIGHT
    lr = number_in(lr, "lr", 0.0, big, low_open=True)
    w1, w2, b = (number_in(v, k, -big, big) for v, k in ((w1, "w1"), (w2, "w2"), (b, "b")))
    max_epochs = integer_in(max_epochs, "max_epochs", 0, PERCEPTRON_MAX_EPOCHS)
    choice(data, "data", PERCEPTRON_DATA)
    choice(stop, "stop", PERCEPTRON_STOPS.values())
    X, t = PERCEPTRON_DATA[data]()
    res = perceptron.train(X, t, w=[w1, w2], b=b, lr=lr, max_epochs=max_epochs, stop=stop)
    h = res.history
    errors = np.array([r.errors for r in h])
    last = int(errors[-1])
    message = run_message(res.epochs, res.stopped_by, res.converged, last, tr)
    return PerceptronRun(
        X=X, t=t, w=np.array([r.w for r in h]), b=np.array([r.b for r in h]),
        loss=np.array([r.loss for r in h]), errors=errors, y_pre=np.array([r.y_pre for r in h]),
        epochs=res.epochs, converged=res.converged, stopped_by=res.stopped_by, message=message,
        params=dict(lr=lr, w1=w1, w2=w2, b=b, max_epochs=max_epochs, data=data, stop=stop))



# -- drawing ---------------------------------------------------------------------------------

def line_through(w, b, half_length=100.0):
    """Two far-apart points of the line w1 x1 + w2 x2 + b = 0 (matplotlib clips it)."""
    w = np.asarray(w, dtype=np.float64)
    norm2 = float(w @ w)
    if norm2 == 0.0:
        return [], []
    p0 = -b * w / norm2
    d = np.array([-w[1], w[0]]) / math.sqrt(norm2)
    return [p0[0] - half_length * d[0], p0[0] + half_length * d[0]], \
           [p0[1] - half_length * d[1], p0[1] + half_length * d[1]]



def half_planes(w, b, bounds):
    """The rectangle ``bounds`` = (x0, x1, y0, y1) cut by the line w . x + b = 0: the polygons
    (k, 2) where the perceptron says 0 (w . x + b <= 0) and 1 (w . x + b > 0); one may be empty.

    One step of Sutherland-Hodgman clipping per side: keep the corners on that side, add the
    points where an edge crosses the line.
    """
    x0, x1, y0, y1 = bounds
    corners = np.array([[x0, y0], [x1, y0], [x1, y1], [x0, y1]], dtype=np.float64)
    w = np.asarray(w, dtype=np.float64)
    if not np.any(w != 0):  # no line: the whole rectangle is one class
        return (np.empty((0, 2)), corners) if b > 0 else (corners, np.empty((0, 2)))
    f = corners @ w + b
    regions = []
    for sign in (-1.0, 1.0):
        g, kept = sign * f, []
        for i in range(4):
            j = (i + 1) % 4
            if g[i] >= 0:
                kept.append(corners[i])
            if (g[i] >= 0) != (g[j] >= 0):
                kept.append(corners[i] + (corners[j] - corners[i]) * (g[i] / (g[i] - g[j])))
        regions.append(np.array(kept).reshape(-1, 2))
    return tuple(regions)


class PerceptronView(FramedView):
    """Left: the points, the region predicted 1, the boundary at every epoch (first dashed, last
    solid). Right: misclassified points per epoch. Build once, then ``update(run)`` in place.
    In a panel (``in_panel=True``) the title (the run's outcome and final w, b) moves to the
    status line, the note "lr = ..., max epochs = ..." is left to the sliders, and the legend
    takes the title's place above the plot."""

    def __init__(self, axes=None, in_panel=False):
        from matplotlib.collections import LineCollection

        if axes is None:
            self.fig, axes = new_figure()
        else:
            self.fig = axes[0].figure
        self.ax, self.ax_err = axes
        ax = self.ax
        from matplotlib.patches import Polygon

        # the two half-planes as polygons (not an image of the grid): exact edges, and far
        # cheaper to draw than resampling an image at every slider move
        self.shade = [ax.add_patch(Polygon(np.zeros((3, 2)), closed=True, facecolor=c, edgecolor="none",
                                           alpha=0.15, zorder=0)) for c in ("tab:blue", "tab:orange")]
        self.trail = LineCollection([], colors="0.55", linewidths=0.8, zorder=1)
        ax.add_collection(self.trail)
        self.first, = ax.plot([], [], "--", color="0.35", lw=1.2, label=tr_plot("start"), zorder=2)
        self.last, = ax.plot([], [], "k-", lw=2, label=tr_plot("last epoch"), zorder=3)
        self.points = class_points(ax, "t")
        self.no_line = ax.text(0.5, 0.5, tr_plot("w = 0: no boundary line"), transform=ax.transAxes,
                               ha="center", va="center", visible=False)
        ax.set_xlabel("$x_1$")
        ax.set_ylabel("$x_2$")
        self.in_panel = in_panel
        if in_panel:  # above the plot, where no boundary line reaches it: a static artist
            ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=4, fontsize=8, frameon=False,
                      handlelength=1.6, columnspacing=1.2)
        else:
            ax.legend(loc="upper right", fontsize=7, framealpha=0.8)
        self.title = ax.set_title("", fontsize=9, y=1.0, visible=not in_panel)  # y fixed (see Frame)
        e = self.ax_err
        self.err_line, = e.plot([], [], "o-", color="crimson", ms=4, drawstyle="steps-post")
        e.set_xlabel(tr_plot("epoch"))
        e.set_ylabel(tr_plot("misclassified points"))
        e.set_title(tr_plot("errors per epoch"), fontsize=9)
        e.grid(True, alpha=0.3)
        self.err_note = e.text(0.98, 0.95, "", transform=e.transAxes, ha="right", va="top", fontsize=8,
                               visible=not in_panel)
        self.frame = None

    def update(self, run):
        bounds = PERCEPTRON_BOUNDS.get(run.params.get("data"), None)
        if bounds is None:
            lo, hi = run.X.min(axis=0) - 1.0, run.X.max(axis=0) + 1.0
            bounds = (lo[0], hi[0], lo[1], hi[1])
        w, b = run.w[-1], run.b[-1]
        for patch, region in zip(self.shade, half_planes(w, b, bounds)):
            patch.set_visible(len(region) >= 3)
            if len(region) >= 3:
                patch.set_xy(region)
        segments = []
        for wi, bi in zip(run.w[1:-1], run.b[1:-1]):
            lx, ly = line_through(wi, bi)
            if lx:
                segments.append(np.column_stack([lx, ly]))
        self.trail.set_segments(segments)
        self.first.set_data(*line_through(run.w[0], run.b[0]))
        self.last.set_data(*line_through(w, b))
        self.no_line.set_visible(not np.any(w != 0))
        set_class_points(self.points, run.X, run.t)
        self.ax.set_xlim(bounds[0], bounds[1])
        self.ax.set_ylim(bounds[2], bounds[3])
        message = run_message(run.epochs, run.stopped_by, run.converged, int(run.errors[-1]), tr_plot)
        self.title.set_text(f"{message}\n{final_weights(w, b)}")
        epochs = np.arange(len(run.errors))
        self.err_line.set_data(epochs, run.errors)
        # the axis ends at 10, 20, 50, 100, ... epochs: it stays put over most slider moves
        self.ax_err.set_xlim(-0.5, nice_ceiling(max(len(run.errors) - 1, 10)) + 0.5)
        self.ax_err.set_ylim(-0.3, len(run.t) + 0.3)
        self.err_note.set_text(tr_plot("lr = {lr:.3g}, max epochs = {max_epochs}",
                                       lr=run.params.get("lr", float("nan")),
                                       max_epochs=run.params.get("max_epochs")))
        return self.fig

    def dynamic(self):
        """The artists :meth:`update` changes, bottom to top (see :class:`~.common.Frame`)."""
        ax = self.ax
        legend = None if self.in_panel else ax.get_legend()  # in a panel it is above the plot
        return [*self.shade, *ax.spines.values(), self.trail, self.first, self.last,
                *self.points.values(), self.no_line, legend, self.title,
                self.err_line, self.err_note]

    def status_extra(self, run):
        return final_weights(run.w[-1], run.b[-1])


def final_weights(w, b):
    """"w = [w1, w2], b = b" to three decimals (the title, or a panel's status line)."""
    return f"w = [{w[0]:.3f}, {w[1]:.3f}], b = {b:.3f}"


def draw_perceptron(run, axes=None):
    """Draw a :class:`PerceptronRun` on ``axes`` (two axes) or a new figure; returns the figure."""
    return PerceptronView(axes).update(run)



# -- panel -----------------------------------------------------------------------------------

def perceptron_panel(**overrides):
    """Sliders "learning rate", "w1", "w2", "b", "max epochs" and dropdowns "data", "stop rule".

    Keys of ``panel.controls``: lr, w1, w2, b, max_epochs, data, stop.
    """
    import ipywidgets as W

    v = {**PERCEPTRON_DEFAULTS, **overrides}
    common = dict(continuous_update=False, style=SLIDER_STYLE)
    controls = {
        "lr": W.FloatSlider(value=v["lr"], min=0.05, max=5.0, step=0.05, description=tr("learning rate"),
                            readout_format=".2f", **common),
        "w1": W.FloatSlider(value=v["w1"], min=-3.0, max=3.0, step=0.1, description="w1", **common),
        "w2": W.FloatSlider(value=v["w2"], min=-3.0, max=3.0, step=0.1, description="w2", **common),
        "b": W.FloatSlider(value=v["b"], min=-3.0, max=3.0, step=0.1, description="b", **common),
        "max_epochs": W.IntSlider(value=v["max_epochs"], min=1, max=100, description=tr("max epochs"),
                                  **common),
        "data": W.Dropdown(options=menu_options(PERCEPTRON_DATA), value=v["data"], description=tr("data"),
                           style=SLIDER_STYLE),
        "stop": W.Dropdown(options=[(tr(k), v) for k, v in PERCEPTRON_STOPS.items()], value=v["stop"],
                           description=tr("stop rule"), style=SLIDER_STYLE),
    }
    rows = [("lr", "max_epochs"), ("w1", "w2", "b"), ("data", "stop")]
    caption = tr("<b>Perceptron (seed 001)</b>: move a slider to re-train from the new start.")
    return build_panel(controls, rows, perceptron_run, PerceptronView(in_panel=True), caption)
