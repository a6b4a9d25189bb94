"""Exercises of notebooks 00-03: each correct answer (computed here independently, by a hand
formula or by central differences, never by the solver) is accepted, a wrong one is not, and
``check`` prints "not yet" with the hint but never the solution."""
import numpy as np
import pytest

from bpcore import exercises


def central_diff(f, x, eps=1e-6):
    return (f(x + eps) - f(x - eps)) / (2 * eps)


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


# -- notebook 02: the network written out in plain NumPy, z perturbable at any layer ----------
def nb02_loss(W, b, x=None, t=None, dz=None):
    """1/2 sum (y - t)^2 of the 3-3-3-3 sigmoid net; dz = (layer, unit, delta) adds delta to one z."""
    a = exercises.NB02_EX_X[0] if x is None else x   # the exercises' sample
    t = exercises.NB02_EX_T[0] if t is None else t
    for layer in range(3):
        z = np.array([sum(a[k] * W[layer][k, j] for k in range(3)) + b[layer][j] for j in range(3)])
        if dz is not None and dz[0] == layer:
            z[dz[1]] += dz[2]
        a = sigmoid(z)
    return 0.5 * np.sum((a - t) ** 2)


def nb02_weight_diff(layer, row, col):
    W = [w.copy() for w in exercises.NB02_WEIGHTS]
    b = [v.copy() for v in exercises.NB02_BIASES]
    w0 = W[layer][row, col]

    def f(v):
        W[layer][row, col] = v
        return nb02_loss(W, b)
    return central_diff(f, w0)


def nb02_bias_diff(layer, unit):
    W = exercises.NB02_WEIGHTS
    b = [v.copy() for v in exercises.NB02_BIASES]

    def f(v):
        b[layer][unit] = v
        return nb02_loss(W, b)
    return central_diff(f, b[layer][unit])


def nb02_z_diff(layer, unit):
    return central_diff(lambda d: nb02_loss(exercises.NB02_WEIGHTS, exercises.NB02_BIASES,
                                            dz=(layer, unit, d)), 0.0)


def mean_bce_first_z(z):
    """Mean log-likelihood cost of a batch of 4 whose first sample has pre-activation z, label 0."""
    a = sigmoid(np.array([z, 0.3, -1.2, 2.0]))
    y = np.array([0.0, 1.0, 0.0, 1.0])
    return -np.mean(y * np.log(a) + (1 - y) * np.log(1 - a))


# (key, independently computed correct answer, a wrong answer)
CASES = [
    # W of layer 1 maps 5 units to 2: (n_1, n_2)
    ("00.W2_shape", (5, 2), (2, 5)),
    # dZ[0] is the hidden layer's dL/dZ for 10 samples and 4 units
    ("00.dZ0_shape", (10, 4), (10, 3)),
    # 3*4 + 4 + 4*1 + 1
    ("00.n_params", 21, 16),
    ("01.dz_dx", central_diff(lambda x: (3 * x + 1) ** 2, 2.0), 14.0),
    ("01.dz_ds", central_diff(lambda s: (s * s) * (3 * s), 2.0), 24.0),
    # z = x*y, x = 2, y = 3: each backward adds y to x.grad
    ("01.grad_twice", 3.0 + 3.0, 3.0),
    # w5: from a1 = f(z1) (row 0 of W2) into z5 (column 1)
    ("02.dL_dw5", nb02_weight_diff(1, 0, 1), nb02_weight_diff(1, 1, 0)),
    ("02.dL_dz2", nb02_z_diff(0, 1), nb02_z_diff(0, 0)),
    ("02.dL_db8", nb02_bias_diff(2, 1), -nb02_bias_diff(2, 1)),
    # Ng: W[1] is (n_h, n_x) = (4, 2); bpcore: (n_x, n_h)
    ("03.dW1_shape_col", (4, 2), (4, 100)),
    ("03.dW1_shape_row", (2, 4), (4, 2)),
    ("03.dz2_batch", central_diff(mean_bce_first_z, np.log(0.9 / 0.1)), 0.9),
]


def test_every_core_exercise_is_tested():
    core = {k for k in exercises._BANK if k[:3] in ("00.", "01.", "02.", "03.")}
    assert core == {key for key, _, _ in CASES}


@pytest.mark.parametrize("key, right, wrong", CASES, ids=[c[0] for c in CASES])
def test_correct_answer_accepted_wrong_rejected(key, right, wrong):
    # central differences agree with the exact answer to ~1e-9 relative; the check uses rtol 1e-6
    assert exercises.is_correct(key, right)
    assert not exercises.is_correct(key, wrong)
    assert not exercises.is_correct(key, ...)      # the notebook's blank "answer = ..."
    assert not exercises.is_correct(key, None)
    assert not exercises.is_correct(key, "a string")


@pytest.mark.parametrize("key, right, wrong", CASES, ids=[c[0] for c in CASES])
def test_check_prints_hint_not_solution(key, right, wrong, capsys):
    assert exercises.check(key, wrong) is False
    out = capsys.readouterr().out
    hint = exercises._BANK[key][1]
    assert out == f"{key}: not yet. Hint: {hint}\n"
    if isinstance(right, tuple):
        assert str(right) not in out and ", ".join(map(str, right)) not in out
    else:
        for digits in (2, 3, 4):
            assert f"{float(right):.{digits}g}" not in hint
        assert f"{float(right):g}" not in hint
    assert exercises.check(key, right) is True
    assert capsys.readouterr().out == f"{key}: correct\n"


def test_nb02_data_is_the_seed_sample_and_a_3_3_3_3_network():
    assert [W.shape for W in exercises.NB02_WEIGHTS] == [(3, 3)] * 3
    assert [b.shape for b in exercises.NB02_BIASES] == [(3,)] * 3
    # the sample is the post's printed ydata [0.27196578 0.45844752 0.48791713], rounded; t = x
    assert np.allclose(exercises.NB02_X, [[0.27196578, 0.45844752, 0.48791713]], atol=0.005)
    assert np.array_equal(exercises.NB02_X, exercises.NB02_T)
    assert exercises.NB02_EX_X.shape == exercises.NB02_EX_T.shape == (1, 3)
    assert not np.array_equal(exercises.NB02_EX_X, exercises.NB02_X)
