"""Notebook 06: seed 000's NeuralNetwork class (tests/seeds/seed000_network.py), its bugs and fixes.

Every claim the notebook makes is checked here against a referee written independently of the
class: a vectorised forward pass of the same network and plain central differences.
"""
import inspect
import json
import math
import os

import numpy as np
import pytest

from bpcore import Network, exercises
from seeds.seed000_network import (DerivativeFixed, FixedNetwork, NeuralNetwork, WeightGradFixed,
                                   applied_gradient, half_sse, post_script, start)

NOTEBOOK = os.path.join(os.path.dirname(__file__), os.pardir, "notebooks", "06_bug_hunt.ipynb")
CLASSES = (NeuralNetwork, DerivativeFixed, WeightGradFixed, FixedNetwork)


# -- the referee: independent of the class's code -----------------------------------------------
def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def loss(w, b, x, y):
    """1/2 sum (y - y_hat)^2 of the class's network, layer j: z = w[j] @ input + b[j]."""
    a = x
    for w_j, b_j in zip(w, b):
        a = sigmoid(w_j @ a + b_j)
    return 0.5 * np.sum((y - a) ** 2)


def central_differences(w, b, x, y, eps=1e-6):
    """dL/dw and dL/db by nudging one entry at a time (on copies)."""
    grads = []
    for k, p in enumerate((w, b)):
        g = np.zeros_like(p)
        for idx in np.ndindex(p.shape):
            plus, minus = p.copy(), p.copy()
            plus[idx] += eps
            minus[idx] -= eps
            args_p = (plus, b) if k == 0 else (w, plus)
            args_m = (minus, b) if k == 0 else (w, minus)
            g[idx] = (loss(*args_p, x, y) - loss(*args_m, x, y)) / (2 * eps)
        grads.append(g)
    return grads


def rel(a, b):
    return float(np.max(np.abs(a - b)) / np.max(np.abs(a) + np.abs(b)))


@pytest.fixture(scope="module")
def reference():
    """x, the starting weights, and the central-difference gradient at the post's starting point."""
    x, net = start(NeuralNetwork)
    return x, net.w.copy(), net.b.copy(), central_differences(net.w, net.b, x, x)


def errors(cls, reference):
    x, w0, b0, (num_w, num_b) = reference
    x1, net = start(cls)
    assert np.array_equal(x1, x) and np.array_equal(net.w, w0) and np.array_equal(net.b, b0)
    grad_w, grad_b = applied_gradient(net, x, x)
    return rel(grad_w, num_w), rel(grad_b, num_b)


# -- the port ------------------------------------------------------------------------------------
def test_post_script_loss_falls_at_every_step():
    x, net = post_script()
    losses = np.array(net.losses)
    assert len(losses) == 500 and np.all(np.diff(losses) < 0) and losses[-1] < 1e-4
    assert np.max(np.abs(net.ydata_hat - x)) < 1e-2       # "getting closer to the true values"
    assert net.w.shape == (10, 3, 3) and net.b.shape == (10, 3)


def test_verbose_prints_like_the_post(capsys):
    np.random.seed(0)
    x = np.random.rand(3)
    net = NeuralNetwork(3, 2)                               # verbose=True is the post's behaviour
    net.fit(x, x, 3)
    lines = capsys.readouterr().out.splitlines()
    assert [l.split(" =")[0] for l in lines[:3]] == ["loss"] * 3 and lines[3] == "ydata:"
    assert float(lines[0].split("= ")[1]) == net.losses[0]
    net.verbose = False
    net.fit(x, x, 3)
    assert capsys.readouterr().out == ""


def test_printed_loss_is_twice_the_written_loss(reference):
    x, w0, b0, _ = reference
    _, net = post_script(step=1)
    assert net.losses[0] == pytest.approx(2 * loss(w0, b0, x, x), rel=1e-14)
    _, fresh = start(NeuralNetwork)
    assert half_sse(fresh, x, x) == pytest.approx(loss(w0, b0, x, x), rel=1e-14)


def test_the_class_forward_pass_is_the_referees(reference):
    x, w0, b0, _ = reference
    for cls in CLASSES:
        _, net = start(cls)
        assert half_sse(net, x, x) == pytest.approx(loss(w0, b0, x, x), rel=1e-14)


def test_applied_gradient_leaves_the_network_unchanged(reference):
    x = reference[0]
    _, net = start(NeuralNetwork)
    w, b = net.w.copy(), net.b.copy()
    applied_gradient(net, x, x)
    assert np.array_equal(net.w, w) and np.array_equal(net.b, b) and net.learn_rate == 0.1


# -- the hunt: the numbers the notebook shows ----------------------------------------------------
def test_buggy_class_fails_the_gradient_check(reference):
    err_w, err_b = errors(NeuralNetwork, reference)
    assert err_w == pytest.approx(0.502, abs=5e-4) and err_b == pytest.approx(0.392, abs=5e-4)


def test_bug1_the_derivative():
    net = NeuralNetwork(3, 1, verbose=False)
    for z in np.linspace(-8, 8, 33):
        true = sigmoid(z) * (1 - sigmoid(z))
        numeric = (sigmoid(z + 1e-6) - sigmoid(z - 1e-6)) / 2e-6
        assert abs(true - numeric) < 1e-9
        assert net.f_derivative(z) / true == pytest.approx((1 + math.exp(z)) / (1 + math.exp(z - 1)), rel=1e-12)
        assert 1 < net.f_derivative(z) / true < math.e
        assert DerivativeFixed(3, 1, verbose=False).f_derivative(z) == pytest.approx(true, rel=1e-14)


def test_fix1_alone_fixes_db_but_not_dw(reference):
    err_w, err_b = errors(DerivativeFixed, reference)
    assert err_b < 1e-7
    assert err_w == pytest.approx(0.166, abs=5e-4)


def test_bug2_dw_is_input_times_dz_not_own_output_times_dz(reference):
    x, _, _, (num_w, _) = reference
    _, net = start(DerivativeFixed)
    net.get_y_hat(x)
    grad_w, dL_dz = applied_gradient(net, x, x)
    inputs = np.vstack([x, net.fz[:-1]])
    assert rel(dL_dz[:, :, None] * inputs[:, None, :], num_w) < 1e-7
    own = (dL_dz * net.fz)[:, :, None] * np.ones(3)
    assert rel(grad_w, own) < 1e-12                        # what the class applies
    assert rel(own, num_w) > 0.1


def test_bug3_one_number_per_neuron(reference):
    _, _, _, (num_w, _) = reference
    for cls in (NeuralNetwork, DerivativeFixed):
        x, net = start(cls)
        grad_w, _ = applied_gradient(net, x, x)
        assert np.max(np.abs(grad_w - grad_w[:, :, :1])) < 1e-15
    assert np.ptp(num_w, axis=2)[-1].min() > 1e-3
    x, net = start(FixedNetwork)
    assert np.ptp(applied_gradient(net, x, x)[0], axis=2)[-1].min() > 1e-3


def test_each_fix_alone_is_not_enough_both_are(reference):
    assert min(errors(WeightGradFixed, reference)) > 0.1
    assert min(errors(NeuralNetwork, reference)) > 0.1
    assert max(errors(DerivativeFixed, reference)) > 0.1
    assert max(errors(FixedNetwork, reference)) < 1e-7


def test_fixed_class_on_other_seeds_and_sizes():
    for seed, (n_in, n_layers) in enumerate([(3, 10), (2, 3), (4, 2), (3, 1)]):
        np.random.seed(seed)
        x = np.random.rand(n_in)
        for cls, ok in ((FixedNetwork, True), (NeuralNetwork, False)):
            np.random.seed(seed + 100)
            net = cls(n_in, n_layers, verbose=False)
            num_w, num_b = central_differences(net.w, net.b, x, x)
            grad_w, grad_b = applied_gradient(net, x, x)
            err = max(rel(grad_w, num_w), rel(grad_b, num_b))
            assert (err < 1e-7) if ok else (err > 0.05)


# -- the fixed class is bpcore -------------------------------------------------------------------
def to_bpcore(net):
    return Network.from_weights([w_j.T for w_j in net.w], list(net.b), activation="sigmoid")


def test_fixed_class_agrees_with_bpcore_backward():
    x, fixed = start(FixedNetwork)
    net = to_bpcore(fixed)
    grads = net.backward(net.forward(x[None, :]), x[None, :], loss="half_sse")
    grad_w, grad_b = applied_gradient(fixed, x, x)
    assert np.max(np.abs(fixed.get_y_hat(x) - net.predict(x[None, :])[0])) < 1e-15
    assert rel(grad_w, np.array([dW.T for dW in grads.dW])) < 1e-7
    assert rel(grad_b, np.array(grads.db)) < 1e-7


def test_fixed_class_and_bpcore_fit_walk_the_same_path():
    x, fixed = start(FixedNetwork)
    net = to_bpcore(fixed)
    fixed.fit(x, x, 500)
    hist = net.fit(x[None, :], x[None, :], lr=0.1, epochs=500, loss="half_sse")
    assert np.max(np.abs(np.array(fixed.losses) / 2 - hist.loss) / hist.loss) < 1e-10
    assert max(np.max(np.abs(w_j.T - W)) for w_j, W in zip(fixed.w, net.weights)) < 1e-12


def test_gradient_check_against_the_printed_loss_gives_one_third(reference):
    x, w0, b0, (num_w, _) = reference
    _, fixed = start(FixedNetwork)
    grad_w, _ = applied_gradient(fixed, x, x)
    assert rel(grad_w, 2 * num_w) == pytest.approx(1 / 3, abs=1e-6)


# -- why the buggy class learns ------------------------------------------------------------------
def true_gradient(net, x):
    model = to_bpcore(net)
    g = model.backward(model.forward(x[None, :]), x[None, :], loss="half_sse")
    return np.concatenate([np.ravel([dW.T for dW in g.dW]), np.ravel(g.db)])


def post_update(net, x):
    return np.concatenate([g.ravel() for g in applied_gradient(net, x, x)])


def test_post_update_is_the_gradient_times_positive_factors():
    x, net = start(NeuralNetwork)
    u, g = post_update(net, x), true_gradient(net, x)
    factor = u / g
    assert np.all(factor > 0) and 2 < factor.min() < factor.max() < 1e4
    last = np.r_[factor[:90].reshape(10, 3, 3)[-1].ravel(), factor[90:].reshape(10, 3)[-1]]
    assert 2 < last.min() < last.max() < 3.5
    assert u @ g / (np.linalg.norm(u) * np.linalg.norm(g)) == pytest.approx(0.972, abs=5e-4)


def test_post_update_points_downhill_at_every_step_and_wins_the_race():
    x, net = start(NeuralNetwork)
    for _ in range(500):
        u, g = post_update(net, x), true_gradient(net, x)
        assert u @ g / (np.linalg.norm(u) * np.linalg.norm(g)) > 0.9
        net.fit(x, x, 1)
    _, fixed = post_script(cls=FixedNetwork)
    assert net.losses == post_script()[1].losses
    assert net.losses[-1] < fixed.losses[-1] / 5


def test_negative_input_flips_the_sign_of_its_weights_update():
    x_neg = np.array([0.5, -0.5, 0.3])
    _, net = start(NeuralNetwork)
    layer0 = (post_update(net, x_neg) / true_gradient(net, x_neg))[:9].reshape(3, 3)
    assert np.all(layer0[:, 1] < 0) and np.all(layer0[:, [0, 2]] > 0)


# -- exercises: answers computed here, by the classes and by central differences ----------------
def exercise_network(cls):
    net = cls(3, 2, verbose=False)
    net.w, net.b = exercises.NB06_W.copy(), exercises.NB06_B.copy()
    return net


def test_exercise_dw_shape():
    np.random.seed(0)
    net = FixedNetwork(4, 5, verbose=False)
    x = np.random.rand(4)
    shape = applied_gradient(net, x, x)[0].shape
    assert exercises.is_correct("06.dw_shape", shape)
    assert exercises.is_correct("06.dw_shape", list(shape))
    assert not exercises.is_correct("06.dw_shape", (5, 4))          # the post's partial_w
    assert not exercises.is_correct("06.dw_shape", (4, 5, 5))
    assert not exercises.is_correct("06.dw_shape", ...)


def test_exercise_dL_dw():
    x = exercises.NB06_X
    num_w, _ = central_differences(exercises.NB06_W, exercises.NB06_B, x, x)
    assert exercises.is_correct("06.dL_dw", num_w[1, 2, 0])
    by_class = applied_gradient(exercise_network(FixedNetwork), x, x)[0][1][2][0]
    assert by_class == pytest.approx(num_w[1, 2, 0], rel=1e-7)
    assert exercises.is_correct("06.dL_dw", by_class)
    post = applied_gradient(exercise_network(NeuralNetwork), x, x)[0][1][2][0]
    assert not exercises.is_correct("06.dL_dw", post)                # the post's number
    assert not exercises.is_correct("06.dL_dw", num_w[1, 0, 2])      # indices swapped
    assert not exercises.is_correct("06.dL_dw", ...)


def test_exercise_ratio():
    x = exercises.NB06_X
    num_w, _ = central_differences(exercises.NB06_W, exercises.NB06_B, x, x)
    post = applied_gradient(exercise_network(NeuralNetwork), x, x)[0][1][2][0]
    assert post / num_w[1, 2, 0] > 0
    assert exercises.is_correct("06.ratio", post / num_w[1, 2, 0])
    assert not exercises.is_correct("06.ratio", num_w[1, 2, 0] / post)
    assert not exercises.is_correct("06.ratio", 1.0)


def test_check_says_not_answered_then_hints_without_the_answer(capsys):
    for key in ("06.dw_shape", "06.dL_dw", "06.ratio"):
        exercises.reset(key)
        assert exercises.check(key, ...) is False
        assert capsys.readouterr().out == f"{key}: not answered yet\n"        # no hint before a try
        solution = exercises._BANK[key][0]()
        wrong = (1, 2) if isinstance(solution, tuple) else 12345.0
        for attempt in (1, 2):
            assert exercises.check(key, wrong) is False
            out = capsys.readouterr().out
            assert out.startswith(f"{key}: not yet. Hint: ")
            assert ("Second hint: " in out) == (attempt == 2)
            if isinstance(solution, tuple):
                assert str(solution) not in out and str(list(solution)) not in out
            else:
                assert f"{solution:.4g}" not in out and f"{solution:.3g}" not in out
        exercises.reset(key)


def weight_gradient_vectorised(partial_z, inputs):
    return partial_z[:, :, None] * inputs[:, None, :]


def test_exercise_weight_gradient_accepts_the_fixed_loop_and_its_vectorised_form():
    # the loop of the notebook's WeightGradFixed.bp, copied here: partial_w[j][i] = input_j * dz[j][i]
    def loop(partial_z, inputs):
        partial_w = np.zeros((partial_z.shape[0], partial_z.shape[1], inputs.shape[1]))
        for j in range(partial_z.shape[0]):
            for i in range(partial_z.shape[1]):
                partial_w[j][i] = inputs[j] * partial_z[j][i]
        return partial_w

    assert exercises.is_correct("06.weight_gradient", loop)
    assert exercises.is_correct("06.weight_gradient", weight_gradient_vectorised)


def test_exercise_weight_gradient_refuses_the_posts_bugs(capsys):
    own_output = lambda pz, inputs: (pz * np.vstack([inputs[1:], np.zeros(inputs.shape[1])]))[:, :, None] \
        * np.ones(inputs.shape[1])                                   # bug 2: a neuron's own output
    per_neuron = lambda pz, inputs: pz * inputs                        # bug 3: one number per neuron
    swapped = lambda pz, inputs: pz[:, None, :] * inputs[:, :, None]  # i and k swapped
    for fn in (own_output, per_neuron, swapped):
        assert not exercises.is_correct("06.weight_gradient", fn)
    exercises.reset("06.weight_gradient")
    exercises.check("06.weight_gradient", per_neuron)
    assert "should have shape" in capsys.readouterr().out             # the wrong shape is named
    def untouched(partial_z, inputs):
        ...  # your code here

    exercises.check("06.weight_gradient", untouched)
    assert capsys.readouterr().out == "06.weight_gradient: not answered yet\n"


def test_exercise_weight_gradient_tester_against_an_independent_referee():
    """The tester's reference (bpcore) equals this file's central differences on a class network."""
    rng = np.random.default_rng(5)
    w, b, x = rng.standard_normal((3, 2, 2)), rng.standard_normal((3, 2)), rng.random(2)
    num_w, num_b = central_differences(w, b, x, x)
    a, inputs = x, []
    for w_j, b_j in zip(w, b):                  # forward pass of the referee, keeping each layer's input
        inputs.append(a)
        a = sigmoid(w_j @ a + b_j)
    assert rel(weight_gradient_vectorised(num_b, np.array(inputs)), num_w) < 1e-7   # dL/db = dL/dz


# -- the notebook shows this very code, in its student state ------------------------------------
def notebook_cells(path=None):
    with open(path or NOTEBOOK, encoding="utf-8") as fh:
        return json.load(fh)["cells"]


def squeeze(text):
    """Lines without indentation or blank lines: method bodies and top-level functions compare equal."""
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


def test_notebook_shows_the_same_code():
    code = squeeze("\n".join("".join(c["source"]) for c in notebook_cells() if c["cell_type"] == "code"))
    objects = [getattr(NeuralNetwork, name) for name in
               ("__init__", "fit", "calcu_loss", "f", "f_derivative", "get_y_hat", "bp")]
    objects += [DerivativeFixed, WeightGradFixed, FixedNetwork, start, half_sse, applied_gradient]
    for obj in objects:
        assert squeeze(inspect.getsource(obj)) in code, obj.__qualname__
    assert "np.random.seed(" in code


def test_notebook_exercises_are_in_student_state():
    """The student edition asks; the lecturer edition (notebooks/) holds the solutions."""
    student = os.path.join(os.path.dirname(NOTEBOOK), "student", os.path.basename(NOTEBOOK))
    for path, verdict in ((student, ": not answered yet"), (NOTEBOOK, ": correct")):
        cells = [c for c in notebook_cells(path) if "exercise" in c.get("metadata", {}).get("tags", [])]
        assert len(cells) == 4
        for c in cells:
            source = "".join(c["source"])
            assert "answer = ...  # your answer here" in source or "...  # your code here" in source
            assert ("### BEGIN SOLUTION" in source) == (path == NOTEBOOK)
            text = "".join("".join(o.get("text", "")) for o in c["outputs"])
            assert verdict in text and "Hint" not in text
