"""Slider panels for notebooks 04 and 05: compute, drawing and widgets kept apart.

Three layers, each usable without the next:

1. **Compute** (pure, NumPy only, no warnings at any slider position):
   :func:`perceptron_run` and :func:`xor_run` take the slider values and return a dataclass.
2. **Drawing** (matplotlib, no pyplot state): :class:`PerceptronView` and :class:`XorView` build
   their artists once and ``update(data)`` only changes them, so a redraw is cheap;
   :func:`draw_perceptron` and :func:`draw_xor` draw one state on a new figure (for static cells:
   ``plots.show(draw_xor(xor_run()))``).
3. **Panels** (ipywidgets, imported lazily): :func:`perceptron_panel` and :func:`xor_panel` return
   a ``VBox`` whose ``.controls`` dict holds the sliders (``panel.controls["lr"].value = 10``
   re-trains and redraws), ``.image`` the picture (an ``ipywidgets.Image`` updated in place),
   ``.status`` a one-line summary and ``.data`` the last result of the compute function.

The playground of notebook 07 (a small TensorFlow Playground) follows the same three layers in
:mod:`bpcore.playground`; ``bpcore.widgets.playground()`` reaches it from here.

``import bpcore.widgets`` explicitly: ``import bpcore`` does not load it.
"""
import io
import math
from dataclasses import dataclass, field
from typing import Dict, Optional

import numpy as np

from . import datasets, perceptron, plots
from .network import Network

# ============================================================================================
# 1. Compute
# ============================================================================================


def _perceptron_xor():
    """XOR on the unit square, labels as in seed 003: no line separates it."""
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=np.float64)
    t = np.array([0, 1, 1, 0], dtype=np.float64)
    return X, t


PERCEPTRON_DATA = {"seed 001": datasets.seed001, "XOR (not separable)": _perceptron_xor}
PERCEPTRON_BOUNDS = {"seed 001": (-2.0, 2.0, -1.5, 2.5), "XOR (not separable)": (-1.0, 2.0, -1.0, 2.0)}
PERCEPTRON_STOPS = {"no point misclassified": "misclassified", "loss == 0 (the post)": "loss"}
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


def perceptron_run(lr=0.9, w1=1.0, w2=1.0, b=0.0, max_epochs=20, data="seed 001",
                   stop="misclassified"):
    """Train the perceptron of seed 001 from ``w = [w1, w2]``, ``b``; see :func:`perceptron.train`.

    ``data`` is a key of :data:`PERCEPTRON_DATA`; ``stop`` is ``"misclassified"`` (stop when
    every point is right) or ``"loss"`` (the post's ``while loss != 0``).
    """
    if data not in PERCEPTRON_DATA:
        raise ValueError(f"unknown data {data!r}; expected one of {sorted(PERCEPTRON_DATA)}")
    X, t = PERCEPTRON_DATA[data]()
    res = perceptron.train(X, t, w=[w1, w2], b=b, lr=lr, max_epochs=max_epochs, stop=stop)
    h = res.history
    errors = np.array([r.errors for r in h])
    last = int(errors[-1])
    plural = "s" if res.epochs != 1 else ""
    if res.stopped_by == "max_epochs":
        message = f"stopped at max epochs ({res.epochs}): {last} point(s) still misclassified"
    elif res.converged:
        message = f"all points right after {res.epochs} epoch{plural}"
    else:  # the post's rule stopped with points still wrong
        message = f"loss == 0 at epoch {res.epochs}, yet {last} point(s) misclassified"
    return PerceptronRun(
        X=X, t=t, w=np.array([r.w for r in h]), b=np.array([r.b for r in h]),
        loss=np.array([r.loss for r in h]), errors=errors, y_pre=np.array([r.y_pre for r in h]),
        epochs=res.epochs, converged=res.converged, stopped_by=res.stopped_by, message=message,
        params=dict(lr=lr, w1=w1, w2=w2, b=b, max_epochs=max_epochs, data=data, stop=stop))


XOR_INITS = ("uniform", "xavier", "he", "zeros")
XOR_ACTIVATIONS = ("sigmoid", "tanh", "relu")
XOR_OUTPUTS = {"sigmoid": "sigmoid", "linear": "identity"}
XOR_LOSSES = ("half_sse", "abs_error")
XOR_BOUNDS = (-0.1, 1.1, -0.1, 1.1)
XOR_DEFAULTS = dict(lr=1.0, init="uniform", scale=1.0, seed=1, hidden=4, epochs=2000,
                    activation="sigmoid", output="sigmoid", loss="half_sse")
MAX_CURVE_POINTS = 200


@dataclass
class XorRun:
    """One training run of seed 003's XOR network (inputs x1, x2 and a constant 1, no bias).

    ``epoch_at`` and ``loss`` (the training loss, before each recorded epoch's update, plus the
    final loss at ``epochs_done``); ``outputs`` (4,) on the four XOR points; ``surface`` the output
    on the grid ``xx, yy`` (NaN where it is not finite); ``correct`` outputs on the right side of
    0.5; ``diverged_at`` the epoch the loss stopped being finite (None if it never did);
    ``stalled`` True when training did not solve XOR and the loss stopped falling.
    """

    epoch_at: np.ndarray
    loss: np.ndarray
    epochs_done: int
    final_loss: float
    diverged_at: Optional[int]
    outputs: np.ndarray
    correct: int
    stalled: bool
    xx: np.ndarray
    yy: np.ndarray
    surface: np.ndarray
    weights: list
    message: str
    params: Dict = field(default_factory=dict)

    @property
    def diverged(self):
        return self.diverged_at is not None


def xor_network(init="uniform", scale=1.0, seed=1, hidden=4, activation="sigmoid", output="sigmoid"):
    """The network of seed 003 (3 inputs, ``hidden`` units, 1 output, no bias) before training.

    With the defaults its weights are exactly ``np.random.seed(1); 2*np.random.random((3,4))-1;
    2*np.random.random((4,1))-1``.
    """
    if output not in XOR_OUTPUTS:
        raise ValueError(f"unknown output {output!r}; expected one of {sorted(XOR_OUTPUTS)}")
    return Network([3, int(hidden), 1], activation=[activation, XOR_OUTPUTS[output]], init=init,
                   seed=int(seed), bias=False, scale=float(scale))


def xor_run(lr=1.0, init="uniform", scale=1.0, seed=1, hidden=4, epochs=2000, activation="sigmoid",
            output="sigmoid", loss="half_sse", resolution=61):
    """Train seed 003's XOR network with these settings; everything a panel needs to draw.

    The defaults are the post's network and learning rate (1), trained for 2000 epochs instead
    of 60000 so a slider move stays fast. Never warns: an overflow ends training early and is
    reported as ``diverged_at``.
    """
    X, Y = datasets.seed003()
    net = xor_network(init, scale, seed, hidden, activation, output)
    epochs = int(epochs)
    every = max(1, math.ceil(epochs / MAX_CURVE_POINTS))
    hist = net.fit(X, Y, lr=lr, epochs=epochs, loss=loss, record_every=every)
    epoch_at, values = list(hist.epochs), list(hist.loss)
    diverged_at = hist.epoch if hist.diverged else None
    if not hist.diverged and (not epoch_at or epoch_at[-1] != hist.epoch):
        epoch_at.append(hist.epoch)
        values.append(hist.final_loss)
    xx, yy, P = _xor_grid(resolution)
    with np.errstate(all="ignore"):
        outputs = net.predict(X).ravel()
        surface = net.predict(P).reshape(xx.shape)
    if hist.diverged:  # the weights are no longer meaningful: nothing to draw
        surface = np.full(xx.shape, np.nan)
        outputs = np.full(4, np.nan)
    surface = np.where(np.isfinite(surface), surface, np.nan)
    outputs = np.where(np.isfinite(outputs), outputs, np.nan)
    correct = int(np.sum((outputs > 0.5) == (Y.ravel() > 0.5))) if not hist.diverged else 0
    values = np.array(values, dtype=np.float64)
    stalled = False
    if not hist.diverged and correct < 4 and len(values) >= 4:
        mid, end = values[len(values) // 2], values[-1]
        stalled = bool(abs(mid - end) <= 1e-3 * max(abs(mid), 1e-300))
    if hist.diverged:
        message = f"diverged at epoch {diverged_at} (the loss overflowed)"
    else:
        message = f"{correct}/4 XOR points right after {hist.epoch} epochs, final {loss} {hist.final_loss:.3g}"
        if stalled:
            message += "; the loss stopped falling"
    return XorRun(
        epoch_at=np.array(epoch_at, dtype=int), loss=values, epochs_done=hist.epoch,
        final_loss=hist.final_loss, diverged_at=diverged_at, outputs=outputs, correct=correct,
        stalled=stalled, xx=xx, yy=yy, surface=surface, weights=net.weights, message=message,
        params=dict(lr=lr, init=init, scale=scale, seed=seed, hidden=hidden, epochs=epochs,
                    activation=activation, output=output, loss=loss))


def _xor_grid(resolution):
    xx, yy, P = plots.grid_points(None, bounds=XOR_BOUNDS, resolution=resolution)
    return xx, yy, np.column_stack([P, np.ones(len(P))])  # the constant input 1


# ============================================================================================
# 2. Drawing
# ============================================================================================

CLASS_STYLE = ((0, "o", "tab:blue"), (1, "s", "tab:orange"))


def _new_figure(ncols=2, figsize=(9.6, 3.8), dpi=100, right=0.98):
    """A figure outside pyplot (no inline auto-display, nothing to close) with ``ncols`` axes."""
    from matplotlib.figure import Figure
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    fig = Figure(figsize=figsize, dpi=dpi)
    FigureCanvasAgg(fig)
    axes = fig.subplots(1, ncols)
    fig.subplots_adjust(left=0.085, right=right, bottom=0.14, top=0.86, wspace=0.28)
    return fig, axes


def _line_through(w, b, half_length=100.0):
    """Two far-apart points of the line w1 x1 + w2 x2 + b = 0 (matplotlib clips it)."""
    w = np.asarray(w, dtype=np.float64)
    norm2 = float(w @ w)
    if norm2 == 0.0:
        return [], []
    p0 = -b * w / norm2
    d = np.array([-w[1], w[0]]) / math.sqrt(norm2)
    return [p0[0] - half_length * d[0], p0[0] + half_length * d[0]], \
           [p0[1] - half_length * d[1], p0[1] + half_length * d[1]]


def _points(ax, labels):
    """One scatter artist per class (their positions are set by update)."""
    return {v: ax.scatter([], [], marker=m, c=c, edgecolors="k", s=50, zorder=4, label=f"{labels} = {v}")
            for v, m, c in CLASS_STYLE}


def _set_points(scatters, X, t):
    for v, sc in scatters.items():
        sc.set_offsets(X[t == v] if np.any(t == v) else np.empty((0, 2)))


class PerceptronView:
    """Left: the points, the region predicted 1, the boundary at every epoch (first dashed, last
    solid). Right: misclassified points per epoch. Build once, then ``update(run)`` in place."""

    def __init__(self, axes=None):
        from matplotlib.collections import LineCollection

        if axes is None:
            self.fig, axes = _new_figure()
        else:
            self.fig = axes[0].figure
        self.ax, self.ax_err = axes
        ax = self.ax
        from matplotlib.colors import ListedColormap

        self.shade = ax.imshow(np.zeros((2, 2)), origin="lower", vmin=0, vmax=1, alpha=0.15,
                               cmap=ListedColormap(["tab:blue", "tab:orange"]),
                               interpolation="nearest", aspect="auto", zorder=0)
        self.trail = LineCollection([], colors="0.55", linewidths=0.8, zorder=1)
        ax.add_collection(self.trail)
        self.first, = ax.plot([], [], "--", color="0.35", lw=1.2, label="start", zorder=2)
        self.last, = ax.plot([], [], "k-", lw=2, label="last epoch", zorder=3)
        self.points = _points(ax, "t")
        self.no_line = ax.text(0.5, 0.5, "w = 0: no boundary line", transform=ax.transAxes,
                               ha="center", va="center", visible=False)
        ax.set_xlabel("$x_1$")
        ax.set_ylabel("$x_2$")
        ax.legend(loc="upper right", fontsize=7, framealpha=0.8)
        self.title = ax.set_title("", fontsize=9)
        e = self.ax_err
        self.err_line, = e.plot([], [], "o-", color="crimson", ms=4, drawstyle="steps-post")
        e.set_xlabel("epoch")
        e.set_ylabel("misclassified points")
        e.set_title("errors per epoch", fontsize=9)
        e.grid(True, alpha=0.3)
        self.err_note = e.text(0.98, 0.95, "", transform=e.transAxes, ha="right", va="top", fontsize=8)

    def update(self, run):
        bounds = PERCEPTRON_BOUNDS.get(run.params.get("data"), None)
        if bounds is None:
            lo, hi = run.X.min(axis=0) - 1.0, run.X.max(axis=0) + 1.0
            bounds = (lo[0], hi[0], lo[1], hi[1])
        w, b = run.w[-1], run.b[-1]
        xs = np.linspace(bounds[0], bounds[1], 121)
        ys = np.linspace(bounds[2], bounds[3], 121)
        self.shade.set_data((xs[None, :] * w[0] + ys[:, None] * w[1] + b > 0).astype(float))
        self.shade.set_extent(bounds)
        segments = []
        for wi, bi in zip(run.w[1:-1], run.b[1:-1]):
            lx, ly = _line_through(wi, bi)
            if lx:
                segments.append(np.column_stack([lx, ly]))
        self.trail.set_segments(segments)
        self.first.set_data(*_line_through(run.w[0], run.b[0]))
        self.last.set_data(*_line_through(w, b))
        self.no_line.set_visible(not np.any(w != 0))
        _set_points(self.points, run.X, run.t)
        self.ax.set_xlim(bounds[0], bounds[1])
        self.ax.set_ylim(bounds[2], bounds[3])
        self.title.set_text(f"{run.message}\nw = [{w[0]:.3f}, {w[1]:.3f}], b = {b:.3f}")
        epochs = np.arange(len(run.errors))
        self.err_line.set_data(epochs, run.errors)
        self.ax_err.set_xlim(-0.5, max(len(run.errors) - 1, 1) + 0.5)
        self.ax_err.set_ylim(-0.3, len(run.t) + 0.3)
        self.err_note.set_text(f"lr = {run.params.get('lr', float('nan')):.3g}, "
                               f"max epochs = {run.params.get('max_epochs')}")
        return self.fig


def draw_perceptron(run, axes=None):
    """Draw a :class:`PerceptronRun` on ``axes`` (two axes) or a new figure; returns the figure."""
    return PerceptronView(axes).update(run)


LOSS_FLOOR = 1e-300  # a loss of exactly 0 is drawn here on the log axis
LOSS_CEILING = 1e250  # and a huge one (just before an overflow) here, so the ticks stay finite


class XorView:
    """Left: the training loss against epoch (log y), with notes for divergence and stalling.
    Right: the network's output over the unit square, its 0.5 contour and the four XOR points."""

    def __init__(self, axes=None):
        if axes is None:
            self.fig, axes = _new_figure(right=0.95)
        else:
            self.fig = axes[0].figure
        self.ax_loss, self.ax = axes
        from matplotlib.ticker import MaxNLocator, NullLocator

        a = self.ax_loss
        self.curve, = a.plot([], [], color="tab:blue", lw=1.5)
        a.set_yscale("log")
        a.yaxis.set_minor_locator(NullLocator())  # fewer ticks to draw: about 10% faster
        a.set_xlabel("epoch")
        a.xaxis.set_major_locator(MaxNLocator(5, integer=True))
        a.grid(True, alpha=0.3)
        self.loss_title = a.set_title("", fontsize=9)
        self.note = a.text(0.97, 0.95, "", transform=a.transAxes, ha="right", va="top", fontsize=12,
                           color="crimson", visible=False,
                           bbox=dict(boxstyle="round", facecolor="white", edgecolor="crimson"))
        ax = self.ax
        self.image = ax.imshow(np.zeros((2, 2)), origin="lower", extent=XOR_BOUNDS, cmap="RdBu_r",
                               vmin=0, vmax=1, alpha=0.7, interpolation="bilinear", aspect="auto")
        cbar = self.fig.colorbar(self.image, ax=ax, fraction=0.05, pad=0.02, ticks=[0, 0.5, 1])
        cbar.set_label("output")
        self.contour = None
        X, Y = datasets.seed003()
        _set_points(_points(ax, "y"), X[:, :2], Y.ravel())
        self.labels = [ax.text(x + (0.04 if x < 0.5 else -0.04), y + (0.05 if y < 0.5 else -0.05), "",
                               ha="left" if x < 0.5 else "right", va="bottom" if y < 0.5 else "top",
                               fontsize=8, zorder=5) for x, y in X[:, :2]]
        ax.set_xlim(XOR_BOUNDS[0], XOR_BOUNDS[1])
        ax.set_ylim(XOR_BOUNDS[2], XOR_BOUNDS[3])
        ax.set_xticks([0, 0.5, 1])
        ax.set_yticks([0, 0.5, 1])
        ax.set_xlabel("$x_1$")
        ax.set_ylabel("$x_2$")
        self.title = ax.set_title("", fontsize=9)
        self.surface_note = ax.text(0.5, 0.5, "no output: the weights overflowed", transform=ax.transAxes,
                                    ha="center", va="center", fontsize=9, visible=False)

    def update(self, run):
        p = run.params
        a = self.ax_loss
        shown = np.clip(run.loss, LOSS_FLOOR, LOSS_CEILING) if len(run.loss) else run.loss
        self.curve.set_data(run.epoch_at, shown)
        a.set_xlim(0, max(p.get("epochs", 1), 1))
        finite = shown[np.isfinite(shown)] if len(shown) else shown
        if len(finite):
            lo, hi = float(finite.min()), float(finite.max())
            # at least one power of ten inside, so the log axis always has a labelled tick
            a.set_ylim(min(lo / 2.0, 10.0 ** math.floor(math.log10(lo))),
                       min(max(hi * 2.0, 10.0 ** math.ceil(math.log10(hi))), 10 * LOSS_CEILING))
        a.set_ylabel(f"{p.get('loss', 'loss')} loss")
        self.loss_title.set_text(f"lr = {p.get('lr', float('nan')):.3g}, {p.get('init')} x "
                                 f"{p.get('scale', float('nan')):.3g}, seed {p.get('seed')}; "
                                 f"{p.get('hidden')} {p.get('activation')} -> {p.get('output')}")
        if run.diverged:
            self.note.set_text(f"diverged at epoch {run.diverged_at}")
        elif run.stalled:
            self.note.set_text("loss stopped falling")
        self.note.set_visible(run.diverged or run.stalled)
        self.image.set_data(np.ma.masked_invalid(run.surface))
        if self.contour is not None:
            self.contour.remove()
            self.contour = None
        s = run.surface
        if np.all(np.isfinite(s)) and s.min() < 0.5 < s.max():
            self.contour = self.ax.contour(run.xx, run.yy, s, levels=[0.5], colors="k", linewidths=1.5)
        for text, value in zip(self.labels, run.outputs):
            text.set_text("" if not np.isfinite(value) else f"{value:.2f}")
        self.surface_note.set_visible(run.diverged)
        self.title.set_text(f"diverged at epoch {run.diverged_at}: no output" if run.diverged else
                            f"output after {run.epochs_done} epochs: {run.correct}/4 right")
        return self.fig


def draw_xor(run, axes=None):
    """Draw an :class:`XorRun` on ``axes`` (two axes) or a new figure; returns the figure."""
    return XorView(axes).update(run)


def figure_png(fig, dpi=None):
    """The figure as PNG bytes (no tight bbox: the layout is fixed, so this is fast)."""
    buf = io.BytesIO()
    # zlib level 1: about 3x faster to encode than the default 6, for a somewhat larger file
    fig.savefig(buf, format="png", dpi=dpi or fig.dpi, pil_kwargs={"compress_level": 1})
    return buf.getvalue()


# ============================================================================================
# 3. Panels
# ============================================================================================

_SLIDER_STYLE = {"description_width": "90px"}
_SLIDER_WIDTH, _MENU_WIDTH = "340px", "250px"


def _make_panel(controls, rows, compute, view, caption):
    """A VBox: rows of controls, a status line, the picture. Every control re-runs ``compute``."""
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
        status.value = f"<b>{_html(data.message)}</b>"
        panel.timings = {"compute_ms": 1e3 * (t1 - t0), "draw_ms": 1e3 * (t2 - t1)}

    for c in controls.values():
        c.layout.width = _MENU_WIDTH if isinstance(c, W.Dropdown) else _SLIDER_WIDTH
        c.observe(refresh, names="value")
    panel.refresh = refresh
    refresh()
    return panel


def _html(text):
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def perceptron_panel(**overrides):
    """Sliders "learning rate", "w1", "w2", "b", "max epochs" and dropdowns "data", "stop rule".

    Keys of ``panel.controls``: lr, w1, w2, b, max_epochs, data, stop.
    """
    import ipywidgets as W

    v = {**PERCEPTRON_DEFAULTS, **overrides}
    common = dict(continuous_update=False, style=_SLIDER_STYLE)
    controls = {
        "lr": W.FloatSlider(value=v["lr"], min=0.05, max=5.0, step=0.05, description="learning rate",
                            readout_format=".2f", **common),
        "w1": W.FloatSlider(value=v["w1"], min=-3.0, max=3.0, step=0.1, description="w1", **common),
        "w2": W.FloatSlider(value=v["w2"], min=-3.0, max=3.0, step=0.1, description="w2", **common),
        "b": W.FloatSlider(value=v["b"], min=-3.0, max=3.0, step=0.1, description="b", **common),
        "max_epochs": W.IntSlider(value=v["max_epochs"], min=1, max=100, description="max epochs",
                                  **common),
        "data": W.Dropdown(options=list(PERCEPTRON_DATA), value=v["data"], description="data",
                           style=_SLIDER_STYLE),
        "stop": W.Dropdown(options=list(PERCEPTRON_STOPS.items()), value=v["stop"],
                           description="stop rule", style=_SLIDER_STYLE),
    }
    rows = [("lr", "max_epochs"), ("w1", "w2", "b"), ("data", "stop")]
    caption = "<b>Perceptron (seed 001)</b>: move a slider to re-train from the new start."
    return _make_panel(controls, rows, perceptron_run, PerceptronView(), caption)


def xor_panel(**overrides):
    """Sliders "learning rate", "init scale", "seed", "hidden units", "epochs" and dropdowns
    "init", "activation", "output", "loss".

    Keys of ``panel.controls``: lr, scale, seed, hidden, epochs, init, activation, output, loss.
    """
    import ipywidgets as W

    v = {**XOR_DEFAULTS, **overrides}
    common = dict(continuous_update=False, style=_SLIDER_STYLE)
    controls = {
        "lr": W.FloatLogSlider(value=v["lr"], base=10, min=-2, max=2, step=0.25,
                               description="learning rate", readout_format=".3g", **common),
        "scale": W.FloatLogSlider(value=v["scale"], base=10, min=-2, max=2, step=0.25,
                                  description="init scale", readout_format=".3g", **common),
        "seed": W.IntSlider(value=v["seed"], min=0, max=20, description="seed", **common),
        "hidden": W.IntSlider(value=v["hidden"], min=1, max=16, description="hidden units", **common),
        "epochs": W.IntSlider(value=v["epochs"], min=100, max=10000, step=100, description="epochs",
                              **common),
        "init": W.Dropdown(options=list(XOR_INITS), value=v["init"], description="init",
                           style=_SLIDER_STYLE),
        "activation": W.Dropdown(options=list(XOR_ACTIVATIONS), value=v["activation"],
                                 description="activation", style=_SLIDER_STYLE),
        "output": W.Dropdown(options=list(XOR_OUTPUTS), value=v["output"], description="output",
                             style=_SLIDER_STYLE),
        "loss": W.Dropdown(options=list(XOR_LOSSES), value=v["loss"], description="loss",
                           style=_SLIDER_STYLE),
    }
    rows = [("lr", "scale", "seed"), ("hidden", "epochs"), ("init", "activation", "output", "loss")]
    caption = "<b>XOR network (seed 003)</b>: move a slider to re-train from scratch."
    return _make_panel(controls, rows, xor_run, XorView(), caption)


# The playground of notebook 07 lives in bpcore/playground.py; its public names are reachable
# from here too (``bpcore.widgets.playground()``), loaded on first use (PEP 562).
_PLAYGROUND_NAMES = ("playground", "playground_run", "playground_steps", "Playground",
                     "PlaygroundSnapshot", "PlaygroundView", "draw_playground")


def __getattr__(name):
    if name in _PLAYGROUND_NAMES:
        from . import playground as module

        return getattr(module, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
