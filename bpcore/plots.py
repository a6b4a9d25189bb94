"""Plots for the notebooks. matplotlib is imported only when a function here is called.

Every function draws on an ``ax`` you pass (or a new one) and returns it, so notebooks and
widget panels can redraw the same axes. None of them calls ``plt.show()``: the caller does.
"""
import numpy as np


def _axes(ax):
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=(5, 3.5))
    return ax


def loss_curve(losses, epochs=None, ax=None, log=True, label=None, title="Training loss",
               ylabel="loss", diverged_at=None):
    """Loss against epoch; log y axis by default. ``diverged_at`` writes "diverged at epoch N"."""
    ax = _axes(ax)
    losses = np.asarray(losses, dtype=np.float64)
    epochs = np.arange(len(losses)) if epochs is None else np.asarray(epochs)
    if len(losses):
        ax.plot(epochs, losses, label=label)
    if log and len(losses) and np.all(losses[np.isfinite(losses)] > 0):
        ax.set_yscale("log")
    ax.set_xlabel("epoch")
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    ax.grid(True, alpha=0.3)
    if diverged_at is not None:
        diverged_note(ax, diverged_at)
    return ax


def diverged_note(ax, epoch):
    """Write "diverged at epoch N" across the axes (what a widget shows instead of a traceback)."""
    ax.text(0.5, 0.5, f"diverged at epoch {epoch}", transform=ax.transAxes, ha="center",
            va="center", fontsize=13, color="crimson",
            bbox=dict(boxstyle="round", facecolor="white", edgecolor="crimson"))
    return ax


def grid_points(X, pad=0.25, resolution=101, bounds=None):
    """A (resolution^2, 2) grid covering the 2-D points X (or ``bounds=(x0, x1, y0, y1)``).

    Returns ``(xx, yy, P)`` with ``xx, yy`` of shape (resolution, resolution) for contour plots.
    """
    if bounds is None:
        X = np.asarray(X, dtype=np.float64)
        lo, hi = X[:, :2].min(axis=0), X[:, :2].max(axis=0)
        span = np.maximum(hi - lo, 1e-9)
        lo, hi = lo - pad * span, hi + pad * span
        bounds = (lo[0], hi[0], lo[1], hi[1])
    xs = np.linspace(bounds[0], bounds[1], resolution)
    ys = np.linspace(bounds[2], bounds[3], resolution)
    xx, yy = np.meshgrid(xs, ys)
    return xx, yy, np.column_stack([xx.ravel(), yy.ravel()])


def scatter_classes(X, y, ax=None, labels=("class 0", "class 1")):
    """The 2-D points X (m, 2) coloured by their 0/1 label y (m,) or (m, 1)."""
    ax = _axes(ax)
    X, y = np.asarray(X), np.asarray(y).reshape(-1)
    for value, marker, colour, label in ((0, "o", "tab:blue", labels[0]), (1, "s", "tab:orange", labels[1])):
        mask = y == value
        ax.scatter(X[mask, 0], X[mask, 1], marker=marker, c=colour, edgecolors="k", s=40,
                   label=label, zorder=3)
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    return ax


def decision_surface(xx, yy, probs, X=None, y=None, ax=None, title="Network output",
                     levels=21):
    """Filled contours of the network output ``probs`` on the grid, the 0.5 contour, the points."""
    ax = _axes(ax)
    probs = np.asarray(probs, dtype=np.float64).reshape(xx.shape)
    contour = ax.contourf(xx, yy, probs, levels=np.linspace(0, 1, levels), cmap="RdBu_r",
                          alpha=0.6, extend="both")
    if np.nanmin(probs) < 0.5 < np.nanmax(probs):
        ax.contour(xx, yy, probs, levels=[0.5], colors="k", linewidths=1.5)
    if X is not None:
        scatter_classes(X, y, ax=ax)
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    ax.set_title(title)
    return ax, contour


def line_boundary(w, b, X, t, ax=None, title=None, bounds=None):
    """The perceptron's line w1 x1 + w2 x2 + b = 0 over the points X (m, 2) labelled t (m,).

    The side where w.x + b > 0 (predicted 1) is shaded. Works for w = 0 too (no line: says so).
    """
    ax = _axes(ax)
    w = np.asarray(w, dtype=np.float64).reshape(-1)
    if bounds is None:
        X = np.asarray(X, dtype=np.float64)
        lo, hi = X.min(axis=0) - 1.0, X.max(axis=0) + 1.0
        bounds = (lo[0], hi[0], lo[1], hi[1])
    xx, yy, P = grid_points(None, bounds=bounds, resolution=201)
    positive = (P @ w + b > 0).reshape(xx.shape)
    ax.contourf(xx, yy, positive.astype(float), levels=[-0.5, 0.5, 1.5],
                colors=["tab:blue", "tab:orange"], alpha=0.15)
    if np.any(w != 0):
        if abs(w[1]) > 1e-12:
            xs = np.array(bounds[:2])
            ax.plot(xs, -(w[0] * xs + b) / w[1], "k-", lw=1.5, label="$w \\cdot x + b = 0$")
        else:
            ax.axvline(-b / w[0], color="k", lw=1.5, label="$w \\cdot x + b = 0$")
    else:
        ax.text(0.5, 0.95, "w = 0: no boundary line", transform=ax.transAxes, ha="center", va="top")
    scatter_classes(X, t, ax=ax, labels=("t = 0", "t = 1"))
    ax.set_xlim(bounds[0], bounds[1])
    ax.set_ylim(bounds[2], bounds[3])
    if title:
        ax.set_title(title)
    return ax


def show(fig=None, dpi=100):
    """Display ``fig`` (default: the current figure) as a PNG only, then close it.

    Jupyter's inline backend also stores a ``<Figure size WxH with N Axes>`` text repr, which
    nbval would compare and which differs across versions; this shows the picture alone.
    """
    import base64
    import io

    import matplotlib.pyplot as plt
    from IPython.display import display

    fig = plt.gcf() if fig is None else fig
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi, bbox_inches="tight")
    plt.close(fig)
    display({"image/png": base64.b64encode(buf.getvalue()).decode("ascii")}, raw=True)
