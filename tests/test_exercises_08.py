"""Notebook 08's exercises: the expected answers worked out by hand here, and the verdicts."""
import math

import numpy as np
import pytest

from bpcore import exercises


def test_predict_da_dw2_by_hand():
    # seed 000's first neuron (notebook 02): z1 = 0.1*0.27 + 0.5*0.46 - 0.3*0.49 + 0.1 = 0.21
    z1 = 0.1 * 0.27 + 0.5 * 0.46 - 0.3 * 0.49 + 0.1
    assert z1 == pytest.approx(0.21, abs=1e-15)
    a1 = 1 / (1 + math.exp(-z1))
    by_hand = a1 * (1 - a1) * 0.46            # d a1/d z1 * d z1/d w2
    assert exercises.is_correct("08.predict_da_dw2", by_hand)
    assert not exercises.is_correct("08.predict_da_dw2", 0.46)           # forgot sigma'
    assert not exercises.is_correct("08.predict_da_dw2", a1 * (1 - a1))  # forgot x2


def test_sin_backward_verdicts(capsys):
    assert exercises.check("08.sin_backward", lambda a, g: math.cos(a) * g)
    assert exercises.check("08.sin_backward", lambda a, g: np.cos(a) * g)
    assert not exercises.check("08.sin_backward", lambda a, g: None)
    assert "not answered yet" in capsys.readouterr().out
    assert not exercises.check("08.sin_backward", lambda a, g: math.cos(a))      # no upstream
    assert not exercises.check("08.sin_backward", lambda a, g: -math.cos(a) * g)
    assert not exercises.check("08.sin_backward", lambda a, g: 1 / 0)
    out = capsys.readouterr().out
    assert "ZeroDivisionError" in out and "Traceback" not in out


def test_mul_backward_verdicts(capsys):
    assert exercises.check("08.mul_backward", lambda a, b, g: (b * g, a * g))
    assert not exercises.check("08.mul_backward", lambda a, b, g: (a * g, b * g))  # the bug
    assert not exercises.check("08.mul_backward", lambda a, b, g: (b, a))
    assert not exercises.check("08.mul_backward", lambda a, b, g: b * g)
    assert "shape" in capsys.readouterr().out
