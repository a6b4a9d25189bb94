"""Notebook 04, section 3(b): where seed 001's `while loss != 0` stops from the post's own start.

The expected stops come from the seed's own code (tests/seeds/seed001_perceptron.py) and from the
same rule redone here in exact arithmetic (fractions), written from the post's formulas.
"""
from fractions import Fraction

import numpy as np
import pytest

from seeds import seed001_perceptron as seed

POINTS = [[Fraction(str(v)) for v in row] for row in seed.x.tolist()]


def exact_stop(lr, w=(1, 1), b=0, max_epochs=1000):
    """(epoch, misclassified) where the loss is first exactly 0, in exact arithmetic."""
    w, b = [Fraction(v) for v in w], Fraction(b)
    for epoch in range(max_epochs + 1):
        val = [w[0] * p[0] + w[1] * p[1] + b for p in POINTS]
        d = [int(ti) - (v > 0) for ti, v in zip(seed.t, val)]
        if sum(-di * v for di, v in zip(d, val)) == 0:
            return epoch, sum(di != 0 for di in d)
        w = [w[j] + lr * sum(di * p[j] for di, p in zip(d, POINTS)) / 4 for j in range(2)]
        b = b + lr * Fraction(sum(d), 4)
    raise AssertionError("no stop")


def seed_stop(lr, w_init=(1, 1)):
    last = seed.run(w_init=np.array(w_init), b_init=0, lr=lr, max_epochs=1000)[-1]
    return last["epoch"], int(np.sum(last["y_pre"] != seed.t))


@pytest.mark.parametrize("lr, lr_exact, expected", [(0.5, Fraction(1, 2), (6, 1)),
                                                    (0.1, Fraction(1, 10), (30, 1)),
                                                    (1.5, Fraction(3, 2), (3, 1))])
def test_the_posts_start_stops_with_a_point_on_the_line(lr, lr_exact, expected):
    assert seed_stop(lr) == expected
    assert exact_stop(lr_exact) == expected
    last = seed.run(lr=lr)[-1]
    assert last["val"][1] == 0 and last["y_pre"][1] == 0 and seed.t[1] == 1   # point 2, on the line


def test_rounding_decides_at_lr_0_05():
    assert exact_stop(Fraction(1, 20)) == (60, 1)
    assert seed_stop(0.05) == (62, 0)


@pytest.mark.parametrize("lr", [0.5, 0.1, 1.5])
def test_a_start_off_by_1e_12_never_meets_the_line(lr):
    assert seed_stop(lr, w_init=(1 + 1e-12, 1))[1] == 0


def test_the_notebook_shows_these_runs():
    import json
    import os

    path = os.path.join(os.path.dirname(__file__), os.pardir, "notebooks", "04_perceptron.ipynb")
    with open(path, encoding="utf-8") as fh:
        text = "".join("".join(o.get("text", "")) for c in json.load(fh)["cells"] if c["cell_type"] == "code"
                       for o in c["outputs"])
    rows = [line.split() for line in text.splitlines()]
    for lr, epoch in (("0.5", "6"), ("0.1", "30"), ("1.5", "3")):
        assert [lr, epoch, "1", "|", f"({epoch},", "1)"] in rows, lr
    assert "exact arithmetic stops at (60, 1); float64 at (62, 0)" in text
