"""The plots the notebooks share: labelled axes, the divergence note, edge cases that must not fail."""
import base64
import warnings

import matplotlib.pyplot as plt
import numpy as np
import pytest

from bpcore import plots


def texts(ax):
    return [t.get_text() for t in ax.texts]


def test_loss_curve_labels_and_log_scale():
    ax = plots.loss_curve([1.0, 0.5, 0.25], epochs=[0, 10, 20])
    assert ax.get_xlabel() == "epoch" and ax.get_ylabel() == "loss" and ax.get_yscale() == "log"
    assert np.array_equal(ax.lines[0].get_xdata(), [0, 10, 20])


def test_loss_curve_with_zero_loss_stays_linear_and_notes_divergence():
    ax = plots.loss_curve([1.0, 0.0], diverged_at=7)
    assert ax.get_yscale() == "linear"  # log of 0 is undefined
    assert "diverged at epoch 7" in texts(ax)


def test_empty_loss_curve_still_draws_axes():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ax = plots.loss_curve([], diverged_at=0)
    assert ax.get_xlabel() == "epoch" and "diverged at epoch 0" in texts(ax)


def test_grid_points_cover_the_data():
    X = np.array([[0.0, 0.0], [1.0, 2.0]])
    xx, yy, P = plots.grid_points(X, pad=0.0, resolution=5)
    assert xx.shape == (5, 5) and P.shape == (25, 2)
    assert P[:, 0].min() == 0 and P[:, 0].max() == 1 and P[:, 1].max() == 2


def test_decision_surface_draws_the_half_contour_only_when_crossed():
    X = np.array([[0.0, 0.0], [1.0, 1.0]])
    y = np.array([0, 1])
    xx, yy, P = plots.grid_points(X, resolution=11)
    ax, _ = plots.decision_surface(xx, yy, P[:, 0], X, y)   # crosses 0.5 somewhere
    assert ax.get_xlabel() == "$x_1$" and len(ax.collections) >= 3
    ax2, _ = plots.decision_surface(xx, yy, np.full(len(P), 0.2))  # never reaches 0.5
    assert ax2.get_title() == "Network output"


def test_line_boundary_handles_vertical_and_zero_weights():
    X = np.array([[1.0, 1.0], [-1.0, 1.0]])
    t = np.array([0, 1])
    ax = plots.line_boundary([1.0, 0.0], 0.5, X, t)       # vertical line x1 = -0.5
    assert any(line.get_xdata()[0] == -0.5 for line in ax.lines)
    ax0 = plots.line_boundary([0.0, 0.0], 0.0, X, t)      # no line at all: says so
    assert "w = 0: no boundary line" in texts(ax0)


def test_show_displays_a_png_only(monkeypatch):
    shown = []
    monkeypatch.setattr("IPython.display.display", lambda obj, raw=False: shown.append((obj, raw)))
    fig, ax = plt.subplots()
    ax.plot([0, 1])
    plots.show(fig)
    (data, raw), = shown
    assert raw and list(data) == ["image/png"]
    assert base64.b64decode(data["image/png"])[:8] == b"\x89PNG\r\n\x1a\n"
    assert not plt.fignum_exists(fig.number)  # closed, so nothing else displays it
