"""Exercises of draft notebook 09 (gradient checking, initialisation): the expected answers from an
independent source (a numerical minimisation, exact fractions, PyTorch, sampling), and the tester of
the code exercise against right and wrong functions."""
from fractions import Fraction

import numpy as np
import pytest

from bpcore import exercises

KEYS = ["09.gc_eps", "09.gc_scaled", "09.gc_layer_error", "09.init_he_var", "09.init_relu_factor"]


@pytest.fixture(autouse=True)
def _fresh_hints():
    exercises.reset()
    yield
    exercises.reset()


def test_gc_eps_minimises_the_error_model_numerically():
    # E(eps) = eps^2/6 |f'''| + u |f| / eps for e^x at 0 (f = f''' = 1), minimised on a fine grid
    u = 2.0 ** -53
    eps = np.logspace(-8, -3, 200001)
    best = eps[np.argmin(eps ** 2 / 6 + u / eps)]
    assert exercises.is_correct("09.gc_eps", best)
    assert not exercises.is_correct("09.gc_eps", 1e-5)      # gradcheck's default is close, not it
    assert not exercises.is_correct("09.gc_eps", u ** 0.5)  # the forward-difference rule of thumb


def test_gc_scaled_is_one_over_21():
    assert exercises.is_correct("09.gc_scaled", float(Fraction(1, 10) / Fraction(21, 10)))
    assert not exercises.is_correct("09.gc_scaled", 0.1)    # the bug's size, not the error


def test_init_he_var_from_pytorch():
    torch = pytest.importorskip("torch")
    # kaiming_normal_(fan_in, relu): std = gain / sqrt(fan_in), gain^2 = 2
    assert exercises.is_correct("09.init_he_var", torch.nn.init.calculate_gain("relu") ** 2 / 50)
    assert not exercises.is_correct("09.init_he_var", 1 / 50)   # Xavier's for 50 in, 50 out


def test_init_relu_factor_by_integration_and_by_sampling():
    # Var of U[-1, 1): integral of x^2 / 2 over [-1, 1] = 1/3, exactly
    var_uniform = Fraction(1, 3)
    assert exercises.is_correct("09.init_relu_factor", float(Fraction(1, 2) * 100 * var_uniform))
    # and one relu layer of width 100 with uniform weights multiplies Var(z) by about that
    rng = np.random.default_rng(0)
    Z_prev = rng.standard_normal((4000, 100))
    W = rng.uniform(-1, 1, (100, 100))
    factor = np.var(np.maximum(Z_prev, 0) @ W) / np.var(Z_prev)
    assert abs(factor / (50 / 3) - 1) < 0.1


def _loop_layer_error(a, b):
    """The formula with plain Python loops: no NumPy reductions shared with the solution."""
    diffs = [abs(x - y) for x, y in zip(np.ravel(a).tolist(), np.ravel(b).tolist())]
    sizes = [abs(x) + abs(y) for x, y in zip(np.ravel(a).tolist(), np.ravel(b).tolist())]
    return 0.0 if max(sizes) == 0 else max(diffs) / max(sizes)


def test_layer_error_accepts_right_functions(capsys):
    from bpcore import gradcheck

    for fn in (_loop_layer_error, gradcheck.rel_error):
        assert exercises.check("09.gc_layer_error", fn)
    assert capsys.readouterr().out.count(": correct") == 2


def _global_scale(a, b):
    return float(np.max(np.abs(a - b)))                    # no scale at all


def _entry_wise(a, b):
    with np.errstate(all="ignore"):
        return float(np.nanmax(np.abs(a - b) / (np.abs(a) + np.abs(b))))


def _zero_is_nan(a, b):
    with np.errstate(all="ignore"):
        return float(np.max(np.abs(a - b)) / np.max(np.abs(a) + np.abs(b)))


def _mean_based(a, b):
    return float(np.mean(np.abs(a - b)) / np.mean(np.abs(a) + np.abs(b)))


@pytest.mark.parametrize("wrong", [_global_scale, _entry_wise, _zero_is_nan, _mean_based])
def test_layer_error_rejects_wrong_functions(wrong, capsys):
    for _ in range(5):                                     # fresh random inputs each time
        assert not exercises.check("09.gc_layer_error", wrong)
    out = capsys.readouterr().out
    assert out.count("09.gc_layer_error: not yet.") == 5 and "Second hint" in out


def test_layer_error_blank_and_raising(capsys):
    def blank(a, b):
        ...

    def raising(a, b):
        return a / "x"

    assert not exercises.check("09.gc_layer_error", blank)
    assert not exercises.check("09.gc_layer_error", raising)
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "09.gc_layer_error: not answered yet"
    assert out[1].startswith("09.gc_layer_error: not yet. Your function raised TypeError")
    assert len(out) == 2


def test_keys_registered_and_blank():
    assert {k for k in exercises._BANK if k.startswith(("09.gc_", "09.init_"))} == set(KEYS)
    for key in KEYS:
        assert not exercises.is_correct(key, ...)
