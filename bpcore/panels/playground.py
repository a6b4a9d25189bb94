"""The playground of notebook 07: a small TensorFlow Playground, with an initialisation scale.

The three layers of :mod:`bpcore.panels.common`. Compute: :class:`Playground` holds a network
and its data and trains it chunk by chunk (:meth:`Playground.train`), recording the loss and the
norm of every layer's dL/dW at every epoch; :func:`playground_steps` yields a snapshot after each
chunk and :func:`playground_run` returns the last one. Drawing: :class:`PlaygroundView` (decision
surface, loss, gradient norms). Panel: :func:`playground`, with Run / Stop / Step / Reset buttons;
Run trains in an asyncio task that yields to the kernel between chunks, so Stop is heard.
"""
import math
from dataclasses import dataclass, field
from typing import Dict, Optional

import numpy as np

from .. import datasets, losses, plots
from .._validate import choice
from ..network import Network, divergence_reason
from ..i18n import tr, tr_plot, tr_reason
from .common import (menu_options, LOSS_CEILING, LOSS_FLOOR, SEED_MAX, SLIDER_STYLE, FramedView, axes_key,
                     call_ahead, class_points, control_width, decade_limits, error_html, failure_text,
                     integer_in, new_figure, kernel_loop, number_in, rgba_png, set_class_points,
                     show_surface, status_line_html, undo_change)

PLAYGROUND_DATASETS = tuple(datasets.DATASETS)          # xor, blobs, moons, circles, spiral
PLAYGROUND_ACTIVATIONS = ("tanh", "relu", "sigmoid")
PLAYGROUND_LOSSES = ("bce", "mse", "half_sse")
PLAYGROUND_INITS = ("xavier", "he", "uniform", "zeros")
PLAYGROUND_MAX_LAYERS = 6
PLAYGROUND_DEFAULTS = dict(dataset="circles", noise=0.1, hidden=(8, 8), activation="tanh",
                           loss="bce", lr=0.3, init="xavier", scale=1.0, seed=0, n=200)
PLAYGROUND_EPOCHS, PLAYGROUND_CHUNK, PLAYGROUND_RESOLUTION = 1000, 25, 60
PLAYGROUND_PANEL_RESOLUTION = 120  # the panel's grid (see PlaygroundView)
GRAD_FLOOR = 1e-16  # a gradient norm of exactly 0 is drawn here on the log axis
PANEL_LOSS_RANGE, PANEL_GRAD_RANGE = (1e-2, 10.0), (1e-4, 10.0)  # the least a panel's log axes show
PLAYGROUND_MAX_EPOCHS = 100_000  # per call of train / playground_run: the loss of every epoch is kept
PLAYGROUND_MAX_UNITS = 256  # units per hidden layer
PLAYGROUND_MAX_POINTS = 5000  # n, the size of the data set
PLAYGROUND_MAX_NOISE = 1.0
PLAYGROUND_MAX_RESOLUTION = 400  # grid points per side of the output picture


def _hidden_sizes(hidden):
    """``hidden`` as a tuple of positive ints: an int is one layer, a sequence one per layer."""
    try:
        sizes = (hidden,) if isinstance(hidden, (int, np.integer)) else tuple(hidden)
    except TypeError:
        sizes = None
    if sizes is None or len(sizes) > PLAYGROUND_MAX_LAYERS or any(
            isinstance(h, bool) or not isinstance(h, (int, np.integer)) or not 1 <= h <= PLAYGROUND_MAX_UNITS
            for h in sizes):
        raise ValueError(f"hidden must be at most {PLAYGROUND_MAX_LAYERS} ints from 1 to "
                         f"{PLAYGROUND_MAX_UNITS} (units per hidden layer); got {hidden!r}")
    return tuple(int(h) for h in sizes)


@dataclass
class PlaygroundSnapshot:
    """The playground after ``epoch`` updates: everything the view draws.

    ``loss`` (epoch+1,) and ``grad_norms`` (epoch+1, L): the training loss and the Frobenius norm
    :math:`\\|dW_l\\|` of every layer's weight gradient at the weights of epochs 0 .. epoch (the
    last row is the gradient the next update will use). When the run blew up, training stopped
    and the rows stop at ``diverged_at``, the first epoch whose state broke the divergence rule of
    :func:`bpcore.network.blew_up` (a loss above ``DIVERGENCE_FACTOR`` times the epoch-0 loss, or
    a loss, gradient or weight not finite); ``reason`` says which.
    ``surface`` (r, r): the network's output on the grid ``xx, yy`` (NaN where not finite);
    ``accuracy``: the share of training points on the right side of 0.5 (NaN if not finite).
    """

    epoch: int
    loss: np.ndarray
    grad_norms: np.ndarray
    diverged_at: Optional[int]
    accuracy: float
    X: np.ndarray
    Y: np.ndarray
    xx: np.ndarray
    yy: np.ndarray
    surface: np.ndarray
    message: str
    params: Dict = field(default_factory=dict)
    reason: Optional[str] = None

    @property
    def diverged(self):
        return self.diverged_at is not None

    @property
    def sizes(self):
        return [2, *self.params["hidden"], 1]


class Playground:
    """A network on a 2-D toy data set, trained by full-batch gradient descent a chunk at a time.

    The hidden layers use ``activation``, the output a sigmoid (a probability of label 1).
    ``seed`` draws both the data (``datasets.<dataset>(n, noise, seed)``) and the initial weights.
    ``train(k)`` runs k more epochs: exactly ``Network.fit``'s loop (forward, backward, stop if the
    run blew up by :func:`bpcore.network.blew_up`, step), so chunks of any size add up to one
    ``fit`` of the same length (one difference: a non-finite gradient stops the playground at once,
    ``fit`` one epoch later, when it has made a weight non-finite).

    Arguments and their bounds (a ValueError naming the argument otherwise): ``dataset``,
    ``activation``, ``loss``, ``init`` one of :data:`PLAYGROUND_DATASETS`,
    :data:`PLAYGROUND_ACTIVATIONS`, :data:`PLAYGROUND_LOSSES`, :data:`PLAYGROUND_INITS`;
    ``noise`` in [0, :data:`PLAYGROUND_MAX_NOISE`]; ``hidden`` an int or up to
    :data:`PLAYGROUND_MAX_LAYERS` ints in [1, :data:`PLAYGROUND_MAX_UNITS`]; ``lr`` and ``scale``
    finite and > 0; ``seed`` an integer in [0, 2**32 - 1]; ``n`` in [2,
    :data:`PLAYGROUND_MAX_POINTS`]; ``resolution`` in [2, :data:`PLAYGROUND_MAX_RESOLUTION`].
    """

    def __init__(self, dataset="circles", noise=0.1, hidden=(8, 8), activation="tanh", loss="bce",
                 lr=0.3, init="xavier", scale=1.0, seed=0, n=200, resolution=PLAYGROUND_RESOLUTION):
        choice(dataset, "dataset", PLAYGROUND_DATASETS)
        noise = number_in(noise, "noise", 0.0, PLAYGROUND_MAX_NOISE)
        hidden = _hidden_sizes(hidden)
        choice(activation, "activation", PLAYGROUND_ACTIVATIONS)
        choice(loss, "loss", PLAYGROUND_LOSSES)
        lr = number_in(lr, "lr", 0.0, low_open=True)
        choice(init, "init", PLAYGROUND_INITS)
        scale = number_in(scale, "scale", 0.0, low_open=True)
        seed = integer_in(seed, "seed", 0, SEED_MAX)
        n = integer_in(n, "n", 2, PLAYGROUND_MAX_POINTS)
        resolution = integer_in(resolution, "resolution", 2, PLAYGROUND_MAX_RESOLUTION)
        self.params = dict(dataset=dataset, noise=noise, hidden=hidden, activation=activation,
                           loss=loss, lr=lr, init=init, scale=scale, seed=seed, n=n)
        self.X, self.Y = datasets.DATASETS[dataset](n, noise, seed)
        self.net = Network([2, *hidden, 1], activation=[activation] * len(hidden) + ["sigmoid"],
                           init=init, seed=seed, scale=scale)
        self._loss = losses.get(loss)
        self._scale = self._loss.scale(self.Y)
        self.xx, self.yy, self._grid = _playground_grid(self.X, resolution)
        self.epoch, self.diverged_at, self.reason = 0, None, None
        self._loss_hist, self._norm_hist = [], []
        self._evaluate()

    def _evaluate(self):
        """Loss and gradients at the current weights; record them (the next update uses them)."""
        net = self.net
        with np.errstate(all="ignore"):
            trace = net._forward(self.X)
            value, grads = net._backward(trace, self.Y, self._loss, self._scale)
            norms = [float(np.sqrt(np.vdot(dW, dW))) for dW in grads.dW]
        self._grads, self._output = grads, trace.output  # the snapshot's accuracy reuses the output
        self._loss_hist.append(value)
        self._norm_hist.append(norms)
        # bpcore's divergence rule, as Network.fit applies it (blew_up), plus the gradient
        if not all(np.all(np.isfinite(p)) for p in net.parameters()):
            reason = "a weight not finite"
        else:
            reason = divergence_reason(self._loss_hist[0], value)
            if reason is None and not all(math.isfinite(v) for v in norms):
                reason = "a gradient not finite"
        if reason is not None:
            self.diverged_at, self.reason = self.epoch, reason

    def train(self, epochs):
        """Run up to ``epochs`` more updates (fewer if training diverges); returns the epochs done.

        ``epochs``: an integer from 0 to :data:`PLAYGROUND_MAX_EPOCHS` (a ValueError otherwise).
        """
        epochs = integer_in(epochs, "epochs", 0, PLAYGROUND_MAX_EPOCHS)
        done = 0
        with np.errstate(all="ignore"):
            while done < epochs and self.diverged_at is None:
                self.net._step(self._grads, self.params["lr"])
                self.epoch += 1
                done += 1
                self._evaluate()
        return done

    def snapshot(self):
        """A :class:`PlaygroundSnapshot` of the current state (copies: later training leaves it be)."""
        loss = np.array(self._loss_hist, dtype=np.float64)
        norms = np.array(self._norm_hist, dtype=np.float64).reshape(len(self._norm_hist), -1)
        if all(np.all(np.isfinite(p)) for p in self.net.parameters()):
            with np.errstate(all="ignore"):
                surface = _predict_in_blocks(self.net, self._grid).reshape(self.xx.shape)
                right = (self._output > 0.5) == (self.Y > 0.5)
            surface = np.where(np.isfinite(surface), surface, np.nan)
            accuracy = float(np.mean(right)) if np.all(np.isfinite(self._output)) else float("nan")
        else:  # the weights overflowed: nothing to draw
            surface, accuracy = np.full(self.xx.shape, np.nan), float("nan")
        if self.diverged_at is None:
            message = tr("epoch {epoch}: {loss} loss {value:.4g}, {percent:.1f}% of the points right",
                         epoch=self.epoch, loss=self.params["loss"], value=loss[-1],
                         percent=100 * accuracy)
        else:
            message = tr("blew up at epoch {epoch} ({reason}): training stopped", epoch=self.diverged_at,
                         reason=tr_reason(self.reason))
        return PlaygroundSnapshot(
            epoch=self.epoch, loss=loss, grad_norms=norms, diverged_at=self.diverged_at,
            accuracy=accuracy, X=self.X, Y=self.Y, xx=self.xx, yy=self.yy, surface=surface,
            message=message, params=dict(self.params), reason=self.reason)


def _predict_in_blocks(net, P, rows=512):
    """``net``'s output on the points P, 512 rows at a time. Same numbers as one call, but each
    product stays below OpenBLAS's threading threshold: on a busy 2-core machine its threads made
    the 3600-point grid of a 16-unit net 10x slower than one thread."""
    return np.concatenate([net._forward(P[i:i + rows]).output for i in range(0, len(P), rows)])


def _playground_grid(X, resolution):
    """A square grid around the points X, with a margin (``(xx, yy, P)`` as plots.grid_points)."""
    half = float(np.max(np.abs(X))) * 1.1 + 0.1
    return plots.grid_points(None, bounds=(-half, half, -half, half), resolution=int(resolution))


def playground_steps(epochs=PLAYGROUND_EPOCHS, chunk=PLAYGROUND_CHUNK, **settings):
    """Yield a :class:`PlaygroundSnapshot` at epoch 0, then after every ``chunk`` epochs up to
    ``epochs`` (or until training diverges). ``settings`` are :class:`Playground`'s arguments.
    ``epochs`` is an integer from 0 to :data:`PLAYGROUND_MAX_EPOCHS`, ``chunk`` from 1; bad
    arguments raise a ValueError when this is called, before the first snapshot."""
    epochs = integer_in(epochs, "epochs", 0, PLAYGROUND_MAX_EPOCHS)
    chunk = integer_in(chunk, "chunk", 1, PLAYGROUND_MAX_EPOCHS)
    return _snapshots(Playground(**settings), epochs, chunk)  # checked now, not at the first next()


def _snapshots(pg, epochs, chunk):
    yield pg.snapshot()
    while pg.epoch < epochs and pg.diverged_at is None:
        pg.train(min(chunk, epochs - pg.epoch))
        yield pg.snapshot()


def playground_run(epochs=PLAYGROUND_EPOCHS, **settings):
    """Train a :class:`Playground` for ``epochs`` epochs in one go; return the last snapshot.

    ``epochs``: an integer from 0 to :data:`PLAYGROUND_MAX_EPOCHS`; ``settings`` as
    :class:`Playground`'s. A bad argument is a ValueError naming it, before any training.
    """
    epochs = integer_in(epochs, "epochs", 0, PLAYGROUND_MAX_EPOCHS)
    pg = Playground(**settings)
    pg.train(epochs)
    return pg.snapshot()


class PlaygroundView(FramedView):
    """Left: the output over the plane (blue 0 .. red 1), its 0.5 contour and the training
    points. Middle: the training loss against epoch (log y). Right: :math:`\\|dW_l\\|` of every
    layer against epoch (log y): with sigmoid units on a deep net, the first layers' lines lie
    orders of magnitude below the last one's. Build once, then ``update(snapshot)`` in place.
    In a panel (``in_panel=True``) the titles over the plane and the loss are left out (they
    repeat the controls, and the status line says the epoch and the accuracy), and the plane is
    shown without smoothing, for a grid twice as fine (:data:`PLAYGROUND_PANEL_RESOLUTION`)."""

    def __init__(self, axes=None, in_panel=False):
        from matplotlib.ticker import MaxNLocator, NullLocator

        if axes is None:
            self.fig, axes = new_figure(3, figsize=(12.6, 3.9))
            self.fig.subplots_adjust(left=0.05, right=0.99, bottom=0.14, top=0.87, wspace=0.3)
        else:
            self.fig = axes[0].figure
        self.ax, self.ax_loss, self.ax_grad = axes
        ax = self.ax
        self.in_panel = in_panel
        self.image = ax.imshow(np.zeros((2, 2)), origin="lower", cmap="RdBu_r", vmin=0, vmax=1,
                               alpha=0.55, interpolation="nearest" if in_panel else "bilinear",
                               interpolation_stage="data", aspect="auto", zorder=0)  # see XorView
        self.contour = None
        self.points = class_points(ax, "y")
        for sc in self.points.values():
            sc.set_sizes([16])
            sc.set_linewidths(0.4)
        ax.set_xlabel("$x_1$")
        ax.set_ylabel("$x_2$")
        # The title's first line (data and network) changes only with the controls, its second
        # (epoch, accuracy) at every picture of a run: two texts, so the first can stay in the
        # static layer (see Frame). Each holds a blank line where the other's text goes.
        self.title = ax.set_title("", fontsize=9, y=1.0, visible=not in_panel)  # y fixed (see Frame)
        self.progress = ax.text(0.5, 1.0, "", transform=self.title.get_transform(), ha="center",
                                va="baseline", fontsize=9, visible=not in_panel)
        self.surface_note = ax.text(0.5, 0.5, "", transform=ax.transAxes, ha="center", va="center",
                                    fontsize=11, color="crimson", visible=False,
                                    bbox=dict(boxstyle="round", facecolor="white", edgecolor="crimson"))
        # in a panel the legend takes the gradient panel's title place (above the plot, where no
        # line reaches it: static), and the y label says what the title said
        grad_label = "gradient norm $\\|dW_l\\|$ (log scale)" if in_panel else "$\\|dW_l\\|$ (log scale)"
        for a, ylabel in ((self.ax_loss, "training loss"), (self.ax_grad, grad_label)):
            a.set_yscale("log")
            a.yaxis.set_minor_locator(NullLocator())
            a.xaxis.set_major_locator(MaxNLocator(5, integer=True))
            a.set_xlabel(tr_plot("epoch"))
            a.set_ylabel(tr_plot(ylabel))
            a.grid(True, alpha=0.3)
        self.curve, = self.ax_loss.plot([], [], color="tab:blue", lw=1.5)
        self.loss_title = self.ax_loss.set_title("", fontsize=9, y=1.0, visible=not in_panel)  # (see Frame)
        self.note = self.ax_loss.text(0.97, 0.95, "", transform=self.ax_loss.transAxes, ha="right",
                                      va="top", fontsize=12, color="crimson", visible=False,
                                      bbox=dict(boxstyle="round", facecolor="white", edgecolor="crimson"))
        self.ax_grad.set_title(tr_plot("gradient norm per layer"), fontsize=9, visible=not in_panel)
        self.grad_lines = [self.ax_grad.plot([], [], lw=1.3)[0] for _ in range(PLAYGROUND_MAX_LAYERS + 1)]
        self._legend_for = None
        if in_panel:  # the strip above the gradient panel, where its title was
            box = self.ax_grad.get_position()
            self.legend_axes = self.fig.add_axes((box.x0, box.y1 + 0.035, box.width, 0.99 - box.y1 - 0.035))
            self.legend_axes.set_axis_off()
        self.frame = None

    def _legend(self, n_layers):
        from matplotlib import colormaps

        if self._legend_for == n_layers:
            return
        cmap = colormaps["viridis"]
        for i, line in enumerate(self.grad_lines):
            line.set_visible(i < n_layers)
            line.set_color(cmap(0.9 * i / max(n_layers - 1, 1)))
            line.set_label(tr_plot("layer {number}", number=i + 1)
                           + (tr_plot(" (output)") if i == n_layers - 1 else ""))
        if self.in_panel:  # on an axes of its own: a new legend redraws that axes only
            self.legend_axes.legend(handles=self.grad_lines[:n_layers], fontsize=7, loc="center",
                                    ncol=min(n_layers, 4), frameon=False, handlelength=1.5,
                                    columnspacing=1.0)
        else:
            self.ax_grad.legend(handles=self.grad_lines[:n_layers], fontsize=7, loc="upper right",
                                ncol=2 if n_layers > 4 else 1, framealpha=0.8)
        self._legend_for = n_layers

    def prefetch_legend(self, n_layers):
        """Draw ahead, and keep, the static layer of the gradient legend for ``n_layers`` layers
        (what the next move of the "hidden layers" slider needs: text is slow to draw), leaving
        the view as it is. Only in a panel that has drawn a picture; returns the layers drawn."""
        if not self.in_panel or self.frame is None or self._legend_for in (None, n_layers):
            return 0
        was = self._legend_for
        self._legend(n_layers)
        try:
            return self.frame.prefetch(self.dynamic(), self.static_key())
        finally:
            self._legend(was)

    def update(self, snap, epochs=None):
        """Draw ``snap``; the epoch axes run to ``epochs`` (the Run target) or to ``snap.epoch``."""
        p = snap.params
        xmax = max(epochs or 0, snap.epoch, 1)
        # the plane
        xx, yy = snap.xx, snap.yy
        self.image.set_extent((xx[0, 0], xx[0, -1], yy[0, 0], yy[-1, 0]))
        self.contour = show_surface(self.image, self.contour, self.ax, xx, yy, snap.surface, 1.2)
        set_class_points(self.points, snap.X, snap.Y.ravel())
        self.ax.set_xlim(xx[0, 0], xx[0, -1])
        self.ax.set_ylim(yy[0, 0], yy[-1, 0])
        layers = " x ".join(str(h) for h in p["hidden"]) or tr_plot("no")
        self.title.set_text(tr_plot("{dataset} (noise {noise:.2f}), {layers} hidden {activation}",
                                    dataset=tr_plot(p["dataset"]), noise=p["noise"], layers=layers,
                                    activation=p["activation"]) + "\n ")
        self.progress.set_text(" \n" + (tr_plot("blew up at epoch {epoch}", epoch=snap.diverged_at)
                                        if snap.diverged else
                                        tr_plot("epoch {epoch}: {percent:.1f}% of the points right",
                                                epoch=snap.epoch, percent=100 * snap.accuracy)))
        self.surface_note.set_text(tr_plot("blew up at epoch {epoch}: no output", epoch=snap.diverged_at))
        self.surface_note.set_visible(not np.any(np.isfinite(snap.surface)))
        # the loss
        at = np.arange(len(snap.loss))
        shown = np.clip(snap.loss, LOSS_FLOOR, LOSS_CEILING)
        self.curve.set_data(at, shown)
        self.ax_loss.set_xlim(0, xmax)
        self.ax_loss.set_ylim(*self._limits(shown, LOSS_FLOOR, PANEL_LOSS_RANGE))
        self.loss_title.set_text(tr_plot("{loss} loss, lr = {lr:.3g}, {init} x {scale:.3g}, seed {seed}",
                                         loss=p["loss"], lr=p["lr"], init=p["init"],
                                         scale=p["scale"], seed=p["seed"]))
        self.note.set_text(tr_plot("blew up at epoch {epoch}", epoch=snap.diverged_at))
        self.note.set_visible(snap.diverged)
        # the gradient norms
        n_layers = snap.grad_norms.shape[1]
        self._legend(n_layers)
        norms = np.clip(snap.grad_norms, GRAD_FLOOR, LOSS_CEILING)
        for i, line in enumerate(self.grad_lines[:n_layers]):
            line.set_data(at, norms[:, i])
        self.ax_grad.set_xlim(0, xmax)
        self.ax_grad.set_ylim(*self._limits(norms, GRAD_FLOOR, PANEL_GRAD_RANGE))
        return self.fig

    def _limits(self, values, floor, least):
        """Log-axis limits for ``values`` (:func:`~.common.decade_limits`); in a panel they span
        at least the decades ``least``, so most control changes and most pictures of a run keep
        the axis as it was (a new axis means drawing its ticks and labels again)."""
        return decade_limits(values, floor, LOSS_CEILING, least if self.in_panel else None)

    def status_extra(self, snap):
        """In a panel: the settings the loss panel's title gives (the untrained pictures of two
        learning rates are the same, so the words say which one is shown)."""
        if not self.in_panel:
            return ""
        p = snap.params
        return tr("lr = {lr:.3g}, {init} x {scale:.3g}, seed {seed}", lr=p["lr"], init=p["init"],
                  scale=p["scale"], seed=p["seed"])

    def dynamic(self):
        """The artists :meth:`update` changes, bottom to top (see :class:`~.common.Frame`)."""
        legend = self.ax_grad.get_legend()
        return [self.image, *self.ax.spines.values(), self.contour, self.surface_note,
                *self.points.values(), self.progress, self.curve, self.note,
                *self.grad_lines, None if self.legend_is_clear() else legend]

    def legend_is_clear(self):
        """True when no gradient line comes near the legend: it can then stay in the static
        layer (drawn before the lines or after, the pixels are the same). Always, in a panel."""
        if self.in_panel:
            return True
        renderer = self.fig.canvas.get_renderer()
        box = self.ax_grad.get_legend().get_window_extent(renderer).padded(3)
        return not any(line.get_visible() and len(line.get_xdata()) and
                       line.get_window_extent(renderer).overlaps(box) for line in self.grad_lines)

    def static_key(self):
        """The title's first line and the loss panel's title change only with the controls, and
        the legend moves only when a line reaches it: then they are static (each in the entry of
        its axes, so a change redraws that axes only)."""
        key = list(axes_key(self.fig))
        extra = {self.ax_grad: (self.legend_is_clear(),)}
        if not self.in_panel:
            extra[self.ax], extra[self.ax_loss] = (self.title.get_text(),), (self.loss_title.get_text(),)
        for ax, more in extra.items():
            i = 1 + self.fig.axes.index(ax)
            key[i] = key[i] + more
        return tuple(key)


def draw_playground(snap, axes=None, epochs=None):
    """Draw a :class:`PlaygroundSnapshot` on ``axes`` (three axes) or a new figure; returns it."""
    return PlaygroundView(axes).update(snap, epochs)


PLAYGROUND_LRS = (0.00001, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)  # TF Playground's
PLAYGROUND_PANEL_DEFAULTS = dict(dataset="circles", noise=0.1, seed=0, layers=2, neurons=8,
                                 activation="tanh", lr=0.3, init="xavier", scale=1.0, loss="bce",
                                 epochs=PLAYGROUND_EPOCHS)


PLAYGROUND_PAUSE = 0.005  # seconds the Run loop sleeps between chunks: the kernel reads clicks then


def playground(chunk=PLAYGROUND_CHUNK, **overrides):
    """A TensorFlow-Playground-like panel: pick the data and the network, then Run, Stop, Step
    (one chunk of ``chunk`` epochs) or Reset.

    Controls (``panel.controls``, key: description): dataset "data set", noise "noise",
    seed "seed", layers "hidden layers", neurons "neurons" (per hidden layer), activation
    "activation", lr "learning rate", init "init", scale "init scale", loss "loss",
    epochs "epochs" (where Run stops). Changing any control but "epochs" builds a new network
    and draws its untrained state; "epochs" only moves the target.
    ``panel.buttons``: run, stop, step, reset; ``panel.epoch_label`` says "epoch N / target".

    Run trains in an asyncio task on the kernel's event loop (``panel.run_async()``): after every
    chunk it redraws and sleeps :data:`PLAYGROUND_PAUSE`, so the kernel handles a Stop click (or a
    control change) before the next chunk. Without a running event loop (a script, a test) Run
    calls ``panel.train_sync()``, which trains the same chunks and ends in the same state.
    """
    import asyncio
    import time

    import ipywidgets as W

    v = {**PLAYGROUND_PANEL_DEFAULTS, **overrides}
    common = dict(continuous_update=False, style=SLIDER_STYLE)
    menu = dict(style=SLIDER_STYLE)
    controls = {
        "dataset": W.Dropdown(options=menu_options(PLAYGROUND_DATASETS), value=v["dataset"],
                              description=tr("data set"), **menu),
        "noise": W.FloatSlider(value=v["noise"], min=0.0, max=0.5, step=0.05, description=tr("noise"),
                               readout_format=".2f", **common),
        "seed": W.IntSlider(value=v["seed"], min=0, max=20, description=tr("seed"), **common),
        "layers": W.IntSlider(value=v["layers"], min=0, max=PLAYGROUND_MAX_LAYERS,
                              description=tr("hidden layers"), **common),
        "neurons": W.IntSlider(value=v["neurons"], min=1, max=16, description=tr("neurons"), **common),
        "activation": W.Dropdown(options=list(PLAYGROUND_ACTIVATIONS), value=v["activation"],
                                 description=tr("activation"), **menu),
        "lr": W.SelectionSlider(options=[(f"{x:g}", x) for x in PLAYGROUND_LRS], value=v["lr"],
                                description=tr("learning rate"), **common),
        "init": W.Dropdown(options=menu_options(PLAYGROUND_INITS), value=v["init"], description=tr("init"), **menu),
        "scale": W.FloatLogSlider(value=v["scale"], base=10, min=-2, max=2, step=0.25,
                                  description=tr("init scale"), readout_format=".3g", **common),
        "loss": W.Dropdown(options=list(PLAYGROUND_LOSSES), value=v["loss"], description=tr("loss"), **menu),
        "epochs": W.IntSlider(value=v["epochs"], min=100, max=5000, step=100, description=tr("epochs"),
                              **common),
    }
    for c in controls.values():
        c.layout.width = control_width(c)
    buttons = {name: W.Button(description=tr(name), icon=icon, layout=W.Layout(width="90px"),
                              tooltip=tr(tip, chunk=chunk))
               for name, icon, tip in (("run", "play", "train until the epochs target"),
                                       ("stop", "stop", "stop after the current chunk"),
                                       ("step", "step-forward", "train {chunk} epochs"),
                                       ("reset", "undo", "a new network from the same settings"))}
    epoch_label = W.HTML(layout=W.Layout(margin="0 0 0 16px"))
    image = W.Image(format="png", layout=W.Layout(width="auto", max_width="100%"))
    status = W.HTML()
    rows = [("dataset", "noise", "seed"), ("layers", "neurons", "activation"), ("lr", "init", "scale"),
            ("loss", "epochs")]
    caption = tr("<b>Playground</b>: choose the data and the network, then <b>run</b> (trains "
                 "{chunk} epochs at a time and redraws), <b>stop</b>, <b>step</b> or <b>reset</b>.",
                 chunk=chunk)
    panel = W.VBox([W.HTML(caption)] + [W.HBox([controls[k] for k in row]) for row in rows]
                   + [W.HBox(list(buttons.values()) + [epoch_label]), status, image])
    view = PlaygroundView(in_panel=True)
    panel.controls, panel.buttons, panel.epoch_label = controls, buttons, epoch_label
    panel.image, panel.status, panel.view, panel.chunk = image, status, view, int(chunk)
    panel.running, panel.task, panel.timings, panel.error = False, None, {}, None
    state = {"stop": False, "generation": 0}
    guard = {"busy": False}  # True while a refused control is put back (its observer stays quiet)

    def fail(exc, change=None):
        """A widget never shows a traceback: the status line says what went wrong, a refused
        control goes back to its old value, and the picture keeps the last good state."""
        panel.error = failure_text(exc, change)
        status.value = error_html(panel.error)
        undo_change(change, guard)

    def settings():
        c = {k: w.value for k, w in controls.items()}
        return dict(dataset=c["dataset"], noise=c["noise"], seed=c["seed"],
                    hidden=(c["neurons"],) * c["layers"], activation=c["activation"], lr=c["lr"],
                    init=c["init"], scale=c["scale"], loss=c["loss"])

    def new_model():
        return Playground(**settings(), resolution=PLAYGROUND_PANEL_RESOLUTION)

    def target():
        return controls["epochs"].value

    def redraw(change=None):
        t0 = time.perf_counter()
        panel.data = data = panel.model.snapshot()
        t1 = time.perf_counter()
        view.update(data, target())
        image.value = rgba_png(view.render())
        t2 = time.perf_counter()
        at_target = data.epoch >= target() and not data.diverged and not panel.running
        status.value = status_line_html(data.message, view.status_extra(data)) + (
            tr(" (at the epochs target: raise <i>epochs</i> to train on)") if at_target else "")
        epoch_label.value = (tr("epoch <b>{epoch}</b> / {target}", epoch=data.epoch, target=target())
                             + (tr(" (running)") if panel.running else ""))
        panel.timings = {"snapshot_ms": 1e3 * (t1 - t0), "draw_ms": 1e3 * (t2 - t1)}
        panel.error = None

    def set_running(flag):
        panel.running = flag
        buttons["run"].disabled = buttons["step"].disabled = flag
        buttons["stop"].disabled = not flag

    def train_chunk(limit=None):
        """Train one chunk (up to ``limit`` epochs in all), then redraw; False if nothing to do."""
        n = panel.chunk if limit is None else min(panel.chunk, limit - panel.model.epoch)
        if n <= 0 or panel.model.diverged_at is not None:
            return False
        t0 = time.perf_counter()
        panel.model.train(n)
        train_ms = 1e3 * (time.perf_counter() - t0)
        redraw()
        panel.timings["train_ms"] = train_ms
        return True

    def reset(change=None):
        """A new network from the controls (stops a run first): its untrained state is drawn."""
        model = new_model()  # first: a refused setting leaves the panel as it was
        state["stop"] = True
        state["generation"] += 1
        panel.model = model
        set_running(False)
        redraw()

    async def run_async():
        """Train chunk by chunk up to the epochs target; between chunks yield to the event loop."""
        if panel.running:
            return
        generation = state["generation"]
        state["stop"] = False
        set_running(True)
        failed = False
        try:
            while not state["stop"] and state["generation"] == generation:
                if not train_chunk(target()):
                    break
                await asyncio.sleep(PLAYGROUND_PAUSE)
        except Exception as exc:  # shown on the status line, never as a traceback in the log
            failed = True
            fail(exc)
        finally:
            if state["generation"] == generation:
                set_running(False)
                if not failed:
                    try:
                        redraw()
                    except Exception as exc:
                        fail(exc)

    def train_sync(epochs=None):
        """What Run does, without an event loop: train chunk by chunk to ``epochs`` (default: the
        target), redrawing once at the end. Returns the last snapshot."""
        limit = target() if epochs is None else integer_in(epochs, "epochs", 0, PLAYGROUND_MAX_EPOCHS)
        while panel.model.epoch < limit and panel.model.diverged_at is None:
            panel.model.train(min(panel.chunk, limit - panel.model.epoch))
        redraw()
        return panel.data

    def stop():
        state["stop"] = True

    def on_run(_):
        loop = kernel_loop()
        try:
            if loop is None:
                train_sync()
            elif not panel.running:
                panel.task = loop.create_task(run_async())
        except Exception as exc:
            fail(exc)

    def on_step(_):
        if not panel.running:
            try:
                train_chunk()
            except Exception as exc:
                fail(exc)

    def on_reset(_):
        try:
            reset()
        except Exception as exc:
            fail(exc)

    def on_control(change):
        """Every control but "epochs" builds a new network; "epochs" only moves the target."""
        if guard["busy"]:
            return
        try:
            redraw() if change["owner"] is controls["epochs"] else reset()
        except Exception as exc:
            fail(exc, change)
            return
        if change["owner"] is controls["layers"]:  # the next count's legend (and the output layer's)
            call_ahead(controls["layers"], change, view.prefetch_legend, lambda layers: layers + 1)

    buttons["run"].on_click(on_run)
    buttons["stop"].on_click(lambda _: stop())
    buttons["step"].on_click(on_step)
    buttons["reset"].on_click(on_reset)
    for c in controls.values():
        c.observe(on_control, names="value")
    panel.reset, panel.redraw, panel.run_async, panel.train_sync, panel.stop = \
        reset, redraw, run_async, train_sync, stop
    panel.settings = settings
    reset()
    return panel
