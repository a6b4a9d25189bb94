"""Plots for the notebooks. matplotlib is imported only when a function here is called.

Every function draws on an ``ax`` you pass (or a new one) and returns it, so notebooks and
widget panels can redraw the same axes. None of them calls ``plt.show()``: the caller does.

Titles, axis labels and legends pass through :func:`bpcore.i18n.tr_plot`: after
``bpcore.set_language("zh")`` the library's own texts (the defaults below) are drawn in Chinese
when a CJK font is installed; a text of yours that is not in the catalog is drawn as it is.
"""
import numpy as np

from .i18n import tr_plot


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
    ax.set_xlabel(tr_plot("epoch"))
    ax.set_ylabel(tr_plot(ylabel))
    ax.set_title(tr_plot(title))
    ax.grid(True, alpha=0.3)
    if diverged_at is not None:
        diverged_note(ax, diverged_at)
    return ax


def diverged_note(ax, epoch):
    """Write "diverged at epoch N" across the axes (what a widget shows instead of a traceback)."""
    ax.text(0.5, 0.5, tr_plot("diverged at epoch {epoch}", epoch=epoch), transform=ax.transAxes, ha="center",
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
                   label=tr_plot(label), zorder=3)
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
    ax.set_title(tr_plot(title))
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
        ax.text(0.5, 0.95, tr_plot("w = 0: no boundary line"), transform=ax.transAxes, ha="center", va="top")
    scatter_classes(X, t, ax=ax, labels=("t = 0", "t = 1"))
    ax.set_xlim(bounds[0], bounds[1])
    ax.set_ylim(bounds[2], bounds[3])
    if title:
        ax.set_title(tr_plot(title))
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


# -- computational graphs and weight matrices (notebooks 01-03) ------------------------------

def _format_label(label):
    """An edge label as text: strings as they are (LaTeX allowed), numbers to 4 significant digits."""
    if label is None or isinstance(label, str):
        return label
    if isinstance(label, bool) or not isinstance(label, (int, float, np.integer, np.floating)):
        raise ValueError(f"edge labels must be strings, numbers or None; got {type(label).__name__}")
    if not np.isfinite(label):
        raise ValueError(f"edge label {label!r} is not finite")
    return f"{float(label):.4g}"


def _graph_nodes(nodes):
    if not isinstance(nodes, dict) or not nodes:
        raise ValueError("nodes must be a non-empty dict {name: (x, y)} or {name: (x, y, text)}")
    pos, text = {}, {}
    for name, spec in nodes.items():
        if not isinstance(spec, (tuple, list)) or len(spec) not in (2, 3):
            raise ValueError(f"node {name!r} must be (x, y) or (x, y, text); got {spec!r}")
        try:
            xy = np.array(spec[:2], dtype=np.float64)
        except (TypeError, ValueError) as exc:
            raise ValueError(f"node {name!r} has a non-numeric position {spec[:2]!r}") from exc
        if not np.all(np.isfinite(xy)):
            raise ValueError(f"node {name!r} has a non-finite position {spec[:2]!r}")
        pos[name] = xy
        text[name] = str(spec[2]) if len(spec) == 3 else str(name)
    return pos, text


def _graph_edges(edges, pos):
    out, seen = [], set()
    for edge in edges:
        if not isinstance(edge, (tuple, list)) or len(edge) not in (2, 3):
            raise ValueError(f"each edge must be (src, dst) or (src, dst, label); got {edge!r}")
        src, dst = edge[0], edge[1]
        for end in (src, dst):
            if end not in pos:
                raise ValueError(f"edge {src!r} -> {dst!r} names unknown node {end!r}; "
                                 f"nodes are {sorted(map(str, pos))}")
        if src == dst:
            raise ValueError(f"edge {src!r} -> {dst!r} is a self-loop; a computational graph has none")
        if (src, dst) in seen:
            raise ValueError(f"edge {src!r} -> {dst!r} is given twice")
        if np.allclose(pos[src], pos[dst]):
            raise ValueError(f"nodes {src!r} and {dst!r} are drawn at the same position")
        seen.add((src, dst))
        out.append((src, dst, _format_label(edge[2]) if len(edge) == 3 else None))
    return out


def computational_graph(nodes, edges, ax=None, title="Computational graph", radius=0.3,
                        highlight=(), label_pos=0.5, fontsize=12, figsize=(7, 4)):
    r"""Draw a computational graph: nodes as circles, edges as arrows labelled with local derivatives.

    nodes: dict ``{name: (x, y)}`` or ``{name: (x, y, text)}``; ``text`` (default: the name) is
        written in the circle, e.g. ``"$y$\n2.25"``. Positions are in data units.
    edges: sequence of ``(src, dst)`` or ``(src, dst, label)``, an arrow from ``src`` to ``dst``.
        ``label`` is usually the local derivative :math:`\partial\,dst/\partial\,src`: a string
        (LaTeX allowed, e.g. ``r"$\partial z/\partial y = \cos y$"``), a number (shown with 4
        significant digits) or None.
    highlight: the ``(src, dst)`` pairs to draw thick and red (a path through the graph).
    label_pos: where along each edge its label sits (0 at ``src``, 1 at ``dst``).

    Returns the axes. Raises ValueError for an empty or malformed ``nodes``, an edge naming an
    unknown node, a self-loop, a repeated edge, or a label that is not a string, number or None.
    """
    from matplotlib.patches import Circle, FancyArrowPatch

    pos, text = _graph_nodes(nodes)
    edge_list = _graph_edges(edges, pos)
    radius = float(radius)
    if not np.isfinite(radius) or radius <= 0:
        raise ValueError(f"radius must be a positive number; got {radius!r}")
    if not 0.0 <= float(label_pos) <= 1.0:
        raise ValueError(f"label_pos must be between 0 and 1; got {label_pos!r}")
    highlight = {tuple(h) for h in highlight}
    unknown = highlight - {(s, d) for s, d, _ in edge_list}
    if unknown:
        raise ValueError(f"highlight names edges that are not in edges: {sorted(map(str, unknown))}")
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=figsize)
    for src, dst, label in edge_list:
        a, b = pos[src], pos[dst]
        u = (b - a) / np.linalg.norm(b - a)
        hot = (src, dst) in highlight
        ax.add_patch(FancyArrowPatch(a + radius * u, b - radius * u, arrowstyle="-|>",
                                     mutation_scale=16, lw=2.6 if hot else 1.3,
                                     color="crimson" if hot else "0.35", zorder=1))
        if label is not None:
            mid = a + float(label_pos) * (b - a)
            ax.text(mid[0], mid[1], label, ha="center", va="center", fontsize=fontsize - 1,
                    color="crimson" if hot else "black", zorder=3,
                    bbox=dict(boxstyle="round,pad=0.2", facecolor="white", edgecolor="0.7"))
    for name, xy in pos.items():
        ax.add_patch(Circle(xy, radius, facecolor="#dbe9f6", edgecolor="#1f4e79", lw=1.5,
                            zorder=2))
        ax.text(xy[0], xy[1], text[name], ha="center", va="center", fontsize=fontsize, zorder=4)
    xy = np.array(list(pos.values()))
    pad = 2 * radius
    ax.set_xlim(xy[:, 0].min() - pad, xy[:, 0].max() + pad)
    ax.set_ylim(xy[:, 1].min() - pad, xy[:, 1].max() + pad)
    ax.set_aspect("equal")
    ax.axis("off")
    if title:
        ax.set_title(tr_plot(title))
    return ax


def weight_heatmap(W, ax=None, title="Weights", row_labels=None, col_labels=None,
                   annotate=True, fmt="{:.2f}", xlabel="column", ylabel="row"):
    """A matrix as a heatmap (blue negative, red positive, 0 white), each entry written in its cell.

    W: a 2-D array (a weight or gradient matrix, any shape). ``row_labels``/``col_labels``:
    one string per row/column. Returns the axes; raises ValueError for a non-2-D or
    non-finite W or labels of the wrong length.
    """
    W = np.asarray(W, dtype=np.float64)
    if W.ndim != 2 or W.size == 0:
        raise ValueError(f"W must be a non-empty 2-D array; got shape {W.shape}")
    if not np.all(np.isfinite(W)):
        raise ValueError("W contains NaN or inf")
    for labels, n, name in ((row_labels, W.shape[0], "row_labels"), (col_labels, W.shape[1], "col_labels")):
        if labels is not None and len(labels) != n:
            raise ValueError(f"{name} must have {n} entries; got {len(labels)}")
    ax = _axes(ax)
    vmax = max(float(np.abs(W).max()), 1e-12)
    ax.imshow(W, cmap="RdBu_r", vmin=-vmax, vmax=vmax)
    if annotate:
        for (r, c), v in np.ndenumerate(W):
            ax.text(c, r, fmt.format(v), ha="center", va="center", fontsize=10,
                    color="white" if abs(v) > 0.6 * vmax else "black")
    ax.set_xticks(range(W.shape[1]), col_labels if col_labels is not None else range(W.shape[1]))
    ax.set_yticks(range(W.shape[0]), row_labels if row_labels is not None else range(W.shape[0]))
    ax.set_xlabel(tr_plot(xlabel))
    ax.set_ylabel(tr_plot(ylabel))
    ax.set_title(tr_plot(title))
    return ax
