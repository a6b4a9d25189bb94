"""Exercises of notebooks 00-03: each correct answer (computed here independently, by a hand
formula or by central differences, never by the solver) is accepted, a wrong one is not, and
``check`` prints "not yet" with a hint only after a wrong attempt (never the solution), and "not answered yet" for a blank.
Code exercises: each tester accepts the lecturer's solution on fresh random inputs and names the
wrong shape or entry of a wrong function."""
import numpy as np
import pytest

from bpcore import exercises


def central_diff(f, x, eps=1e-6):
    return (f(x + eps) - f(x - eps)) / (2 * eps)


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


# -- notebook 02: the network written out in plain NumPy, z perturbable at any layer ----------
def nb02_loss(W, b, x=None, t=None, dz=None):
    """1/2 sum (y_hat - y)^2 of the 3-3-3-3 sigmoid net; dz = (layer, unit, delta) adds delta to one z."""
    a = exercises.NB02_EX_X[0] if x is None else x   # the exercises' sample
    t = exercises.NB02_EX_Y[0] if t is None else t
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
    assert core == {key for key, _, _ in CASES} | set(CODE_SOLUTIONS)


@pytest.mark.parametrize("key, right, wrong", CASES, ids=[c[0] for c in CASES])
def test_correct_answer_accepted_wrong_rejected(key, right, wrong):
    # central differences agree with the exact answer to ~1e-9 relative; the check uses rtol 1e-6
    assert exercises.is_correct(key, right)
    assert not exercises.is_correct(key, wrong)
    assert not exercises.is_correct(key, ...)      # the notebook's blank "answer = ..."
    assert not exercises.is_correct(key, None)
    assert not exercises.is_correct(key, "a string")


def hints(key):
    entry = exercises._BANK[key]
    return entry.hint, entry.hint2


@pytest.mark.parametrize("key, right, wrong", CASES, ids=[c[0] for c in CASES])
def test_hint_only_after_a_wrong_answer_and_never_the_solution(key, right, wrong, capsys):
    exercises.reset(key)
    hint, hint2 = hints(key)
    assert hint2, "every exercise of 00-03 has a second hint"
    assert exercises.check(key, ...) is False
    assert capsys.readouterr().out == f"{key}: not answered yet\n"       # no hint before a try
    assert exercises.check(key, None) is False
    assert capsys.readouterr().out == f"{key}: not answered yet\n"
    assert exercises.check(key, wrong) is False
    assert capsys.readouterr().out == f"{key}: not yet. Hint: {hint}\n"  # first try: first hint
    assert exercises.check(key, wrong) is False
    assert capsys.readouterr().out == f"{key}: not yet. Hint: {hint} Second hint: {hint2}\n"
    for text in (hint, hint2):
        if isinstance(right, tuple):                                     # a shape is never spelled out
            assert str(right) not in text and ", ".join(map(str, right)) not in text
            assert f"{right[0]} x {right[1]}" not in text and f"({right[0]}," not in text
        else:
            for digits in (2, 3, 4):
                assert f"{float(right):.{digits}g}" not in text
            assert f"{float(right):g}" not in text
    assert exercises.check(key, right) is True
    assert capsys.readouterr().out == f"{key}: correct\n"
    exercises.reset(key)
    exercises.check(key, wrong)
    assert "Second hint" not in capsys.readouterr().out                 # reset forgets the attempts


# -- issue 9 section 3: only a sequence of whole numbers is a shape; nothing hangs --------------
@pytest.mark.parametrize("answer", ["52", "5, 2", (5.9, 2.1), {5: 0, 2: 0}, {5, 2}, (5, 2, 0), (5,),
                                    (True, 2), ((5, 2),), np.array([[5, 2]]), 52, b"52", (5, "2"),
                                    (5, float("nan")), iter([5, 2])])
def test_not_a_shape(answer):
    assert not exercises.is_correct("00.W2_shape", answer)


@pytest.mark.parametrize("answer", [(5, 2), [5, 2], (5.0, 2.0), np.array([5, 2]), (np.int64(5), 2)])
def test_shape_spellings_accepted(answer):
    assert exercises.is_correct("00.W2_shape", answer)


def test_endless_iterators_and_huge_answers_are_refused_quickly():
    import itertools
    import time

    start = time.monotonic()
    for key in ("00.W2_shape", "00.n_params", "02.dL_dw5"):
        assert not exercises.is_correct(key, itertools.count())
        assert not exercises.is_correct(key, range(10**12))
        assert not exercises.is_correct(key, [0] * (exercises.MAX_LENGTH + 1))
    assert time.monotonic() - start < 5      # a bound against a hang, not a timing claim


@pytest.mark.parametrize("answer", ["21", True, 21 + 0j, [21], {21: 0}, float("nan"), float("inf")])
def test_not_a_number(answer):
    assert not exercises.is_correct("00.n_params", answer)


def test_unknown_key_is_a_value_error():
    with pytest.raises(ValueError, match="unknown exercise key 'nope'"):
        exercises.check("nope", 1)
    with pytest.raises(ValueError, match="key"):
        exercises.reset("nope")


# -- code exercises: each tester accepts the lecturer's solution and names what a wrong one gets wrong
def sigmoid_backward(dA, Z):
    A = 1 / (1 + np.exp(-Z))
    return dA * A * (1 - A)


def output_delta(A, Y):
    return (A - Y) * A * (1 - A)


def dW_vectorised(A_prev, dZ):
    return A_prev.T @ dZ


def tanh_backward(dA, A):
    return dA * (1 - A ** 2)


CODE_SOLUTIONS = {"02.sigmoid_backward": sigmoid_backward, "02.output_delta": output_delta,
                  "03.dW_vectorised": dW_vectorised, "03.tanh_backward": tanh_backward}

# (key, a wrong function, a regex its message must match)
CODE_WRONG = [
    ("02.sigmoid_backward", lambda dA, Z: sigmoid_backward(dA, Z).T, r"returned shape \(\d+, \d+\); it should have shape"),
    ("02.sigmoid_backward", lambda dA, Z: sigmoid_backward(1.0, Z), r"entry \[0, 0\] is .*central differences give"),
    ("02.sigmoid_backward", lambda dA, Z: dA / (1 + np.exp(-Z)), r"entry \[0, \d\] is"),
    ("02.sigmoid_backward", lambda dA, Z: dA @ Z, r"^your function raised ValueError: matmul"),
    ("02.output_delta", lambda A, Y: (Y - A) * A * (1 - A), r"entry \[0, 0\] is -?[\d.e-]+, central differences give"),
    ("02.output_delta", lambda A, Y: A - Y, r"entry \[0, \d\] is"),
    ("02.output_delta", lambda A, Y: float(np.sum(A - Y)), r"returned shape \(\); it should have shape \(1, \d\)"),
    ("03.dW_vectorised", lambda A_prev, dZ: dZ.T @ A_prev, r"returned shape \(\d, \d\); it should have shape"),
    ("03.dW_vectorised", lambda A_prev, dZ: A_prev.T @ dZ / len(dZ), r"on inputs of shapes \(\d+, \d\), \(\d+, \d\): entry"),
    ("03.dW_vectorised", lambda A_prev, dZ: A_prev[0][:, None] * dZ[0], r"entry \[0, 0\] is"),
    ("03.tanh_backward", lambda dA, A: dA * (1 - np.tanh(A) ** 2), r"entry \[0, \d\] is"),
    ("03.tanh_backward", lambda dA, A: dA * A * (1 - A), r"central differences give"),
    ("03.tanh_backward", lambda dA, A: [["x"]], r"returned 'U'-kind data"),
    ("03.tanh_backward", lambda dA, A: 1 / 0, r"^your function raised ZeroDivisionError: division by zero$"),
]


@pytest.mark.parametrize("key", CODE_SOLUTIONS)
def test_code_exercise_accepts_the_solution(key, capsys):
    for _ in range(5):                                   # fresh random inputs every time
        assert exercises.is_correct(key, CODE_SOLUTIONS[key])
    assert exercises.check(key, CODE_SOLUTIONS[key]) is True
    assert capsys.readouterr().out == f"{key}: correct\n"


@pytest.mark.parametrize("key, fn, pattern", CODE_WRONG, ids=[f"{c[0]}-{i}" for i, c in enumerate(CODE_WRONG)])
def test_code_exercise_names_what_is_wrong(key, fn, pattern, capsys):
    import re

    verdict, message = exercises._judge(key, fn)
    assert verdict == "wrong"
    assert re.search(pattern, message), message
    exercises.reset(key)
    assert exercises.check(key, fn) is False
    out = capsys.readouterr().out
    assert out.startswith(f"{key}: not yet. ") and out.count("\n") == 1       # one line, no traceback
    assert "Traceback" not in out and f"Hint: {hints(key)[0]}" in out


@pytest.mark.parametrize("key", CODE_SOLUTIONS)
def test_code_exercise_blank_body_is_not_answered(key, capsys):
    def blank(*args):
        ...  # your code here

    exercises.reset(key)
    assert exercises.check(key, blank) is False
    assert exercises.check(key, ...) is False
    assert capsys.readouterr().out == f"{key}: not answered yet\n" * 2
    assert exercises.check(key, 42) is False
    assert "Expected a function, got int" in capsys.readouterr().out


def test_code_exercise_inputs_are_copies():
    # a student who modifies dA in place must not change what the checker compares against
    def in_place(dA, Z):
        A = 1 / (1 + np.exp(-Z))
        dA *= A * (1 - A)
        return dA
    assert exercises.is_correct("02.sigmoid_backward", in_place)


def test_the_loop_version_of_dW_is_what_notebook_03_shows():
    rng = np.random.default_rng(0)
    A_prev, dZ = rng.standard_normal((5, 3)), rng.standard_normal((5, 2))
    by_hand = sum(np.outer(A_prev[i], dZ[i]) for i in range(5))      # one outer product per sample
    assert np.allclose(exercises.dW_loop(A_prev, dZ), by_hand, rtol=1e-12, atol=0)


def test_compare_messages():
    want = np.array([[1.0, 2.0], [3.0, 4.0]])
    assert exercises.compare(want.copy(), want, "x") is None
    assert "shape (2,)" in exercises.compare(np.ones(2), want, "x")
    msg = exercises.compare(np.array([[1.0, 2.0], [3.0, 5.0]]), want, "bpcore")
    assert msg == "entry [1, 1] is 5, bpcore give 4 (1 of 4 entries differ)"
    assert "not an array" in exercises.compare([[1.0], [2.0, 3.0]], want, "x")


def test_nb02_data_is_the_seed_sample_and_a_3_3_3_3_network():
    assert [W.shape for W in exercises.NB02_WEIGHTS] == [(3, 3)] * 3
    assert [b.shape for b in exercises.NB02_BIASES] == [(3,)] * 3
    # the sample is the post's printed ydata [0.27196578 0.45844752 0.48791713], rounded; target = x
    assert np.allclose(exercises.NB02_X, [[0.27196578, 0.45844752, 0.48791713]], atol=0.005)
    assert np.array_equal(exercises.NB02_X, exercises.NB02_Y)
    assert exercises.NB02_EX_X.shape == exercises.NB02_EX_Y.shape == (1, 3)
    assert not np.array_equal(exercises.NB02_EX_X, exercises.NB02_X)


def notebook_code_exercises():
    """(key, source) of every code exercise cell (a ``def``) in the lecturer notebooks 00-03."""
    import pathlib

    import nbformat

    root = pathlib.Path(__file__).resolve().parent.parent / "notebooks"
    found = []
    for path in sorted(root.glob("0[0-3]_*.ipynb")):
        for cell in nbformat.read(str(path), as_version=4).cells:
            if cell.cell_type == "code" and "exercise" in cell.metadata.get("tags", []) \
                    and cell.source.startswith("def "):
                found.append((cell.source.split('exercises.check("', 1)[1].split('"', 1)[0], cell.source))
    return found


def test_every_code_exercise_is_in_a_notebook():
    assert sorted(key for key, _ in notebook_code_exercises()) == sorted(CODE_SOLUTIONS)


@pytest.mark.parametrize("key, source", notebook_code_exercises(), ids=lambda v: v if v[:2] in ("02", "03") else "")
def test_the_notebooks_solution_passes_and_its_student_state_is_not_answered(key, source):
    from bpcore import editions

    name = source.split("def ", 1)[1].split("(", 1)[0]
    for text, verdict in ((source, "right"), (editions.strip_solutions(source), "blank")):
        space = {"np": np, "exercises": exercises}
        exec(text.split("\n\n\ncorrect = ", 1)[0], space)     # the def, without the check line
        assert exercises._judge(key, space[name])[0] == verdict


# -- notebook 03's lecturer note on its "things to try" (the numbers the class should see) ------------
def moons_run(n_h=4, lr=2.0, epochs=3000, zeros=False):
    from bpcore import Network, datasets

    X, Y = datasets.moons(n=200, seed=0)
    r = np.random.default_rng(0)
    params = [r.normal(0, 1, (n_h, 2)), r.normal(0, .5, (n_h, 1)), r.normal(0, 1, (1, n_h)), r.normal(0, .5, (1, 1))]
    if zeros:
        params = [np.zeros_like(v) for v in params]
    W1, b1, W2, b2 = params
    net = Network.from_weights([W1.T, W2.T], [b1.ravel(), b2.ravel()], activation="sigmoid")
    hist = net.fit(X, Y, lr=lr, epochs=epochs, loss="bce")
    return hist, np.mean((net.predict(X) > 0.5) == Y)


@pytest.mark.parametrize("kw, J, acc", [({}, 0.012, 1.0), ({"lr": 0.2}, 0.29, 0.875), ({"lr": 20.0}, 0.001, 1.0),
                                         ({"n_h": 1}, 0.29, 0.875), ({"n_h": 2}, 0.25, 0.875)])
def test_03_things_to_try(kw, J, acc):
    hist, accuracy = moons_run(**kw)
    assert abs(hist.final_loss - J) / J < 0.05 and accuracy == acc
    if kw == {"lr": 0.2}:
        assert hist.loss[-1] < hist.loss[-100]            # "still falling"


def test_03_zero_start_never_moves():
    hist, accuracy = moons_run(zeros=True)
    assert np.allclose(hist.loss, np.log(2), rtol=1e-15, atol=0) and accuracy == 0.5
