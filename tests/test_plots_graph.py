"""Tests for bpcore.plots.computational_graph and weight_heatmap (notebooks 01-03)."""
import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from bpcore import plots  # noqa: E402

NODES = {"s": (0, 0), "x": (2, 1, "$x$\n1.44"), "y": (2, -1), "z": (4, 0)}
EDGES = [("s", "x", r"$\partial x/\partial s = 2s$"), ("s", "y", 0.36235775447667357),
         ("x", "z", "y"), ("y", "z")]


def _texts(ax):
    return [t.get_text() for t in ax.texts]


def test_graph_draws_nodes_and_labels_edges_with_the_given_derivatives():
    ax = plots.computational_graph(NODES, EDGES, title="two paths")
    texts = _texts(ax)
    assert r"$\partial x/\partial s = 2s$" in texts
    assert "0.3624" in texts  # numbers: 4 significant digits
    assert "y" in texts
    # one text per node (its name or the given text), one per labelled edge
    assert "$x$\n1.44" in texts and "s" in texts and "z" in texts
    assert len(texts) == len(NODES) + 3
    assert len(ax.patches) == len(NODES) + len(EDGES)  # circles + arrows
    assert ax.get_title() == "two paths"
    ax.figure.canvas.draw()  # renders the LaTeX labels without error


def test_graph_draws_on_given_axes_and_highlights_a_path():
    fig, ax = plt.subplots()
    out = plots.computational_graph(NODES, EDGES, ax=ax, highlight=[("s", "x"), ("x", "z")])
    assert out is ax
    arrows = [p for p in ax.patches if type(p).__name__ == "FancyArrowPatch"]
    widths = sorted(p.get_linewidth() for p in arrows)
    assert widths[-2] > widths[0] and widths[-1] == widths[-2]  # two thick, two thin
    fig.canvas.draw()


def test_graph_arrows_stop_at_the_circles():
    ax = plots.computational_graph({"a": (0, 0), "b": (3, 4)}, [("a", "b", "w")], radius=0.5)
    arrow = [p for p in ax.patches if type(p).__name__ == "FancyArrowPatch"][0]
    (x0, y0), (x1, y1) = arrow._posA_posB
    assert np.allclose([x0, y0], [0.3, 0.4]) and np.allclose([x1, y1], [2.7, 3.6])


@pytest.mark.parametrize("nodes, edges, kwargs, match", [
    ({}, [], {}, "nodes"),
    ([("a", (0, 0))], [], {}, "nodes"),
    ({"a": (0,)}, [], {}, "node 'a'"),
    ({"a": (0, np.nan)}, [], {}, "non-finite"),
    ({"a": ("left", 0)}, [], {}, "non-numeric"),
    ({"a": (0, 0), "b": (1, 0)}, [("a", "c")], {}, "unknown node 'c'"),
    ({"a": (0, 0), "b": (1, 0)}, [("a", "a")], {}, "self-loop"),
    ({"a": (0, 0), "b": (1, 0)}, [("a", "b"), ("a", "b")], {}, "twice"),
    ({"a": (0, 0), "b": (0, 0)}, [("a", "b")], {}, "same position"),
    ({"a": (0, 0), "b": (1, 0)}, [("a", "b", [1, 2])], {}, "labels"),
    ({"a": (0, 0), "b": (1, 0)}, [("a", "b", float("inf"))], {}, "not finite"),
    ({"a": (0, 0), "b": (1, 0)}, ["ab"], {}, "each edge"),
    ({"a": (0, 0), "b": (1, 0)}, [("a", "b")], {"highlight": [("b", "a")]}, "highlight"),
    ({"a": (0, 0), "b": (1, 0)}, [("a", "b")], {"radius": 0}, "radius"),
    ({"a": (0, 0), "b": (1, 0)}, [("a", "b")], {"label_pos": 2}, "label_pos"),
])
def test_graph_rejects_bad_input(nodes, edges, kwargs, match):
    with pytest.raises(ValueError, match=match):
        plots.computational_graph(nodes, edges, **kwargs)


def test_heatmap_writes_every_entry_and_labels_axes():
    W = np.array([[0.5, -1.25, 0.0], [2.0, 0.125, -0.75]])
    ax = plots.weight_heatmap(W, title="W", row_labels=["x1", "x2"], col_labels=["h1", "h2", "h3"],
                              xlabel="to", ylabel="from")
    assert _texts(ax) == ["0.50", "-1.25", "0.00", "2.00", "0.12", "-0.75"]
    assert ax.get_title() == "W" and ax.get_xlabel() == "to" and ax.get_ylabel() == "from"
    assert [t.get_text() for t in ax.get_yticklabels()] == ["x1", "x2"]
    ax.figure.canvas.draw()


def test_heatmap_without_annotation_and_all_zero():
    ax = plots.weight_heatmap(np.zeros((2, 2)), annotate=False)
    assert _texts(ax) == []


@pytest.mark.parametrize("W, kwargs, match", [
    (np.ones(3), {}, "2-D"),
    (np.ones((0, 2)), {}, "2-D"),
    (np.array([[1.0, np.nan]]), {}, "NaN"),
    (np.ones((2, 2)), {"row_labels": ["a"]}, "row_labels"),
    (np.ones((2, 2)), {"col_labels": ["a", "b", "c"]}, "col_labels"),
])
def test_heatmap_rejects_bad_input(W, kwargs, match):
    with pytest.raises(ValueError, match=match):
        plots.weight_heatmap(W, **kwargs)
