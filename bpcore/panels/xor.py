"""The XOR panel of notebook 05: seed 003's network, re-trained from scratch at every slider move.

Compute :func:`xor_run`, drawing :class:`XorView` / :func:`draw_xor`, panel :func:`xor_panel`
(see :mod:`bpcore.panels.common` for the three layers).
"""
import math
from dataclasses import dataclass, field
from typing import Dict, Optional

import numpy as np

from .. import datasets, plots
from .._validate import choice
from ..network import Network
from ..i18n import tr, tr_plot, tr_reason
from .common import (menu_options, LOSS_CEILING, LOSS_FLOOR, SEED_MAX, SLIDER_STYLE, FramedView, build_panel,
                     class_points, decade_limits, integer_in, new_figure, number_in,
                     set_class_points, show_surface)

# -- compute ---------------------------------------------------------------------------------

XOR_INITS = ("uniform", "xavier", "he", "zeros", "constant")
XOR_ACTIVATIONS = ("sigmoid", "tanh", "relu")
XOR_OUTPUTS = {"sigmoid": "sigmoid", "linear": "identity"}
XOR_LOSSES = ("half_sse", "abs_error")
XOR_BOUNDS = (-0.1, 1.1, -0.1, 1.1)
XOR_DEFAULTS = dict(lr=1.0, init="uniform", scale=1.0, seed=1, hidden=4, epochs=2000,
                    activation="sigmoid", output="sigmoid", loss="half_sse")
MAX_CURVE_POINTS = 200
XOR_MAX_EPOCHS = 100_000  # a few seconds of training: past it a slider move would hang the kernel
XOR_MAX_HIDDEN = 256
XOR_MAX_RESOLUTION = 401  # grid points per side of the output picture
XOR_PANEL_RESOLUTION = 121  # the panel's grid (see XorView)


@dataclass
class XorRun:
    """One training run of seed 003's XOR network (inputs x1, x2 and a constant 1, no bias).

    ``epoch_at`` and ``loss`` (the training loss, before each recorded epoch's update, plus the
    final loss at ``epochs_done``); ``outputs`` (4,) on the four XOR points; ``surface`` the output
    on the grid ``xx, yy`` (NaN where it is not finite); ``correct`` outputs on the right side of
    0.5; ``diverged_at`` the epoch the run blew up by :func:`bpcore.network.blew_up` (a loss
    above ``DIVERGENCE_FACTOR`` times its epoch-0 loss, or a loss or weight not finite; None if it
    never did), where training stopped, and ``reason`` why; ``start_loss``, ``peak_loss`` and
    ``peak_epoch`` over every epoch; ``stalled`` True when training did not solve XOR and the
    loss stopped falling. ``surface`` and ``outputs`` are NaN when the weights are not finite.
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
    reason: Optional[str] = None
    start_loss: float = float("nan")
    peak_loss: float = float("nan")
    peak_epoch: int = 0

    @property
    def diverged(self):
        return self.diverged_at is not None


def xor_network(init="uniform", scale=1.0, seed=1, hidden=4, activation="sigmoid", output="sigmoid"):
    """The network of seed 003 (3 inputs, ``hidden`` units, 1 output, no bias) before training.

    With the defaults its weights are exactly ``np.random.seed(1); 2*np.random.random((3,4))-1;
    2*np.random.random((4,1))-1``.
    """
    choice(init, "init", XOR_INITS)
    scale = number_in(scale, "scale", 0.0, low_open=True)
    seed = integer_in(seed, "seed", 0, SEED_MAX)
    hidden = integer_in(hidden, "hidden", 1, XOR_MAX_HIDDEN)
    choice(activation, "activation", XOR_ACTIVATIONS)
    choice(output, "output", XOR_OUTPUTS)
    return Network([3, hidden, 1], activation=[activation, XOR_OUTPUTS[output]], init=init,
                   seed=seed, bias=False, scale=scale)


def xor_run(lr=1.0, init="uniform", scale=1.0, seed=1, hidden=4, epochs=2000, activation="sigmoid",
            output="sigmoid", loss="half_sse", resolution=61):
    """Train seed 003's XOR network with these settings; everything a panel needs to draw.

    The defaults are the post's network and learning rate (1), trained for 2000 epochs instead
    of 60000 so a slider move stays fast. Never warns: a blow-up (``Network.fit``'s rule) ends
    training early and is reported as ``diverged_at`` and ``reason``.

    Arguments: ``lr`` > 0; ``init``, ``activation``, ``output``, ``loss`` one of
    :data:`XOR_INITS`, :data:`XOR_ACTIVATIONS`, :data:`XOR_OUTPUTS`, :data:`XOR_LOSSES`;
    ``scale`` > 0; integers ``seed`` in [0, 2**32 - 1], ``hidden`` in [1, :data:`XOR_MAX_HIDDEN`],
    ``epochs`` in [0, :data:`XOR_MAX_EPOCHS`], ``resolution`` in [2, :data:`XOR_MAX_RESOLUTION`].
    Anything else: a ValueError naming the argument.
    """
    lr = number_in(lr, "lr", 0.0, low_open=True)
    epochs = integer_in(epochs, "epochs", 0, XOR_MAX_EPOCHS)
    choice(loss, "loss", XOR_LOSSES)
    resolution = integer_in(resolution, "resolution", 2, XOR_MAX_RESOLUTION)
    X, Y = datasets.seed003()
    net = xor_network(init, scale, seed, hidden, activation, output)
    every = max(1, math.ceil(epochs / MAX_CURVE_POINTS))
    hist = net.fit(X, Y, lr=lr, epochs=epochs, loss=loss, record_every=every)
    epoch_at, values = list(hist.epochs), list(hist.loss)
    diverged_at = hist.epoch if hist.diverged else None
    # the last epoch's loss (where training ended, or blew up) closes the curve when it is finite
    if math.isfinite(hist.final_loss) and (not epoch_at or epoch_at[-1] != hist.epoch):
        epoch_at.append(hist.epoch)
        values.append(hist.final_loss)
    xx, yy, P = xor_grid(resolution)
    weights_finite = all(np.all(np.isfinite(W)) for W in net.weights)
    if weights_finite:
        with np.errstate(all="ignore"):
            outputs = net.predict(X).ravel()
            surface = net.predict(P).reshape(xx.shape)
        surface = np.where(np.isfinite(surface), surface, np.nan)
        outputs = np.where(np.isfinite(outputs), outputs, np.nan)
    else:  # the weights overflowed: nothing to draw
        surface, outputs = np.full(xx.shape, np.nan), np.full(4, np.nan)
    correct = int(np.sum((outputs > 0.5) == (Y.ravel() > 0.5)))  # NaN counts as wrong
    values = np.array(values, dtype=np.float64)
    stalled = False
    if not hist.diverged and correct < 4 and len(values) >= 4:
        mid, end = values[len(values) // 2], values[-1]
        stalled = bool(abs(mid - end) <= 1e-3 * max(abs(mid), 1e-300))
    if hist.diverged:
        message = tr("blew up at epoch {epoch} ({reason}): training stopped", epoch=diverged_at,
                     reason=tr_reason(hist.reason))
    else:
        message = tr("{correct}/4 XOR points right after {epochs} epochs, final {loss} {final:.3g}",
                     correct=correct, epochs=hist.epoch, loss=loss, final=hist.final_loss)
        if stalled:
            message += tr("; the loss stopped falling")
    return XorRun(
        epoch_at=np.array(epoch_at, dtype=int), loss=values, epochs_done=hist.epoch,
        final_loss=hist.final_loss, diverged_at=diverged_at, outputs=outputs, correct=correct,
        stalled=stalled, xx=xx, yy=yy, surface=surface, weights=net.weights, message=message,
        params=dict(lr=lr, init=init, scale=scale, seed=seed, hidden=hidden, epochs=epochs,
                    activation=activation, output=output, loss=loss),
        reason=hist.reason, start_loss=hist.start_loss, peak_loss=hist.peak_loss,
        peak_epoch=hist.peak_epoch)


def xor_grid(resolution):
    """The grid over :data:`XOR_BOUNDS` as ``(xx, yy, P)``, P (r*r, 3) with the constant input 1."""
    xx, yy, P = plots.grid_points(None, bounds=XOR_BOUNDS, resolution=resolution)
    return xx, yy, np.column_stack([P, np.ones(len(P))])  # the constant input 1


# -- drawing ---------------------------------------------------------------------------------

class XorView(FramedView):
    """Left: the training loss against epoch (log y), with notes for divergence and stalling.
    Right: the network's output over the unit square, its 0.5 contour and the four XOR points.
    In a panel (``in_panel=True``) the two titles are left out: the left one repeats the
    controls, the right one the status line. The panel computes the output on a grid twice as
    fine (:data:`XOR_PANEL_RESOLUTION`) and shows it without smoothing: the same picture to the
    eye, for less than half the cost of resampling the coarse grid bilinearly."""

    def __init__(self, axes=None, in_panel=False):
        if axes is None:
            self.fig, axes = new_figure(right=0.95)
        else:
            self.fig = axes[0].figure
        self.ax_loss, self.ax = axes
        from matplotlib.ticker import MaxNLocator, NullLocator

        a = self.ax_loss
        self.curve, = a.plot([], [], color="tab:blue", lw=1.5)
        a.set_yscale("log")
        a.yaxis.set_minor_locator(NullLocator())  # fewer ticks to draw: about 10% faster
        a.set_xlabel(tr_plot("epoch"))
        a.xaxis.set_major_locator(MaxNLocator(5, integer=True))
        a.grid(True, alpha=0.3)
        self.in_panel = in_panel
        self.loss_title = a.set_title("", fontsize=9, y=1.0, visible=not in_panel)  # y fixed (see Frame)
        self.note = a.text(0.97, 0.95, "", transform=a.transAxes, ha="right", va="top", fontsize=12,
                           color="crimson", visible=False,
                           bbox=dict(boxstyle="round", facecolor="white", edgecolor="crimson"))
        ax = self.ax
        self.image = ax.imshow(np.zeros((2, 2)), origin="lower", extent=XOR_BOUNDS, cmap="RdBu_r",
                               vmin=0, vmax=1, alpha=0.7, aspect="auto",
                               interpolation="nearest" if in_panel else "bilinear",
                               # "data": colour after resampling; matplotlib's "auto" would colour
                               # first below 3x upsampling, which costs 4x as much here
                               interpolation_stage="data")
        cbar = self.fig.colorbar(self.image, ax=ax, fraction=0.05, pad=0.02, ticks=[0, 0.5, 1])
        cbar.set_label(tr_plot("output"))
        self.contour = None
        X, Y = datasets.seed003()
        self.points = class_points(ax, "y")
        set_class_points(self.points, X[:, :2], Y.ravel())
        self.labels = [ax.text(x + (0.04 if x < 0.5 else -0.04), y + (0.05 if y < 0.5 else -0.05), "",
                               ha="left" if x < 0.5 else "right", va="bottom" if y < 0.5 else "top",
                               fontsize=8, zorder=5) for x, y in X[:, :2]]
        ax.set_xlim(XOR_BOUNDS[0], XOR_BOUNDS[1])
        ax.set_ylim(XOR_BOUNDS[2], XOR_BOUNDS[3])
        ax.set_xticks([0, 0.5, 1])
        ax.set_yticks([0, 0.5, 1])
        ax.set_xlabel("$x_1$")
        ax.set_ylabel("$x_2$")
        self.title = ax.set_title("", fontsize=9, y=1.0, visible=not in_panel)  # y fixed (see Frame)
        self.surface_note = ax.text(0.5, 0.5, tr_plot("no output: the weights overflowed"), transform=ax.transAxes,
                                    ha="center", va="center", fontsize=9, visible=False)
        self.frame = None

    def update(self, run):
        p = run.params
        a = self.ax_loss
        shown = np.clip(run.loss, LOSS_FLOOR, LOSS_CEILING) if len(run.loss) else run.loss
        self.curve.set_data(run.epoch_at, shown)
        a.set_xlim(0, max(p.get("epochs", 1), 1))
        if np.any(np.isfinite(shown)):  # in a panel at least 1e-4..1: most moves keep the axis
            a.set_ylim(*decade_limits(shown, least=(1e-4, 1.0) if self.in_panel else None))
        a.set_ylabel(tr_plot("{loss} loss", loss=p.get("loss", "loss")))
        self.loss_title.set_text(settings_text(p, tr_plot))
        if run.diverged:
            self.note.set_text(tr_plot("blew up at epoch {epoch}", epoch=run.diverged_at))
        elif run.stalled:
            self.note.set_text(tr_plot("loss stopped falling"))
        self.note.set_visible(run.diverged or run.stalled)
        self.contour = show_surface(self.image, self.contour, self.ax, run.xx, run.yy, run.surface, 1.5)
        for text, value in zip(self.labels, run.outputs):
            text.set_text("" if not np.isfinite(value) else f"{value:.2f}")
        drawn = bool(np.any(np.isfinite(run.surface)))
        self.surface_note.set_visible(not drawn)
        if not drawn:
            self.title.set_text(tr_plot("blew up at epoch {epoch}: no output", epoch=run.diverged_at))
        elif run.diverged:
            self.title.set_text(tr_plot("output at epoch {epoch}, where it blew up: {correct}/4 right",
                                        epoch=run.epochs_done, correct=run.correct))
        else:
            self.title.set_text(tr_plot("output after {epochs} epochs: {correct}/4 right",
                                        epochs=run.epochs_done, correct=run.correct))
        return self.fig

    def status_extra(self, run):
        """In a panel: the settings the loss title gives (two runs that both saturate draw the
        same picture, so the words say which one is shown)."""
        return settings_text(run.params, tr) if self.in_panel else ""

    def dynamic(self):
        """The artists :meth:`update` changes, bottom to top (see :class:`~.common.Frame`)."""
        return [self.curve, self.loss_title, self.note, self.image, *self.ax.spines.values(),
                self.contour, self.surface_note, *self.points.values(), *self.labels, self.title]


def settings_text(params, translate):
    """"lr = ..., init x scale, seed ...; hidden activation -> output" for a run's ``params``."""
    p = params
    return translate("lr = {lr:.3g}, {init} x {scale:.3g}, seed {seed}; {hidden} {activation} -> {output}",
                     lr=p.get("lr", float("nan")), init=p.get("init"), scale=p.get("scale", float("nan")),
                     seed=p.get("seed"), hidden=p.get("hidden"), activation=p.get("activation"),
                     output=p.get("output"))


def draw_xor(run, axes=None):
    """Draw an :class:`XorRun` on ``axes`` (two axes) or a new figure; returns the figure."""
    return XorView(axes).update(run)



# -- panel -----------------------------------------------------------------------------------

def xor_panel(**overrides):
    """Sliders "learning rate", "init scale", "seed", "hidden units", "epochs" and dropdowns
    "init", "activation", "output", "loss".

    Keys of ``panel.controls``: lr, scale, seed, hidden, epochs, init, activation, output, loss.
    """
    import ipywidgets as W

    v = {**XOR_DEFAULTS, **overrides}
    common = dict(continuous_update=False, style=SLIDER_STYLE)
    controls = {
        "lr": W.FloatLogSlider(value=v["lr"], base=10, min=-2, max=2, step=0.25,
                               description=tr("learning rate"), readout_format=".3g", **common),
        "scale": W.FloatLogSlider(value=v["scale"], base=10, min=-2, max=2, step=0.25,
                                  description=tr("init scale"), readout_format=".3g", **common),
        "seed": W.IntSlider(value=v["seed"], min=0, max=20, description=tr("seed"), **common),
        "hidden": W.IntSlider(value=v["hidden"], min=1, max=16, description=tr("hidden units"), **common),
        "epochs": W.IntSlider(value=v["epochs"], min=100, max=10000, step=100, description=tr("epochs"),
                              **common),
        "init": W.Dropdown(options=menu_options(XOR_INITS), value=v["init"], description=tr("init"),
                           style=SLIDER_STYLE),
        "activation": W.Dropdown(options=list(XOR_ACTIVATIONS), value=v["activation"],
                                 description=tr("activation"), style=SLIDER_STYLE),
        "output": W.Dropdown(options=menu_options(XOR_OUTPUTS), value=v["output"], description=tr("output"),
                             style=SLIDER_STYLE),
        "loss": W.Dropdown(options=list(XOR_LOSSES), value=v["loss"], description=tr("loss"),
                           style=SLIDER_STYLE),
    }
    rows = [("lr", "scale", "seed"), ("hidden", "epochs"), ("init", "activation", "output", "loss")]
    caption = tr("<b>XOR network (seed 003)</b>: move a slider to re-train from scratch.")
    def compute(**values):
        return xor_run(resolution=XOR_PANEL_RESOLUTION, **values)

    return build_panel(controls, rows, compute, XorView(in_panel=True), caption, prefetch=True)
