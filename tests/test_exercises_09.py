"""Exercises of notebook 09: each right answer computed here independently (PyTorch autograd, or
by counting the entries of a Jacobian PyTorch builds; those tests skip without PyTorch), and a
typical wrong answer refused."""
import re

import numpy as np
import pytest

from bpcore import exercises

def softmax_jacobian_torch(torch):
    z = torch.log(torch.tensor([1.0, 2.0, 3.0], dtype=torch.float64))
    return torch.autograd.functional.jacobian(lambda v: torch.softmax(v, dim=0), z).numpy()


def ce_dz_torch(torch):
    z = torch.tensor([[2.0, 1.0, 0.0]], dtype=torch.float64, requires_grad=True)
    torch.nn.functional.cross_entropy(z, torch.tensor([2])).backward()
    return z.grad.numpy()[0]


def jacobian_counts_torch(torch):
    a = torch.rand(256, dtype=torch.float64) + 0.5                  # no zero input
    W = torch.zeros(256, 128, dtype=torch.float64)
    J = torch.autograd.functional.jacobian(lambda w: a @ w, W)      # (128, 256, 128)
    return (J.numel(), int(torch.count_nonzero(J)))


def slowdown_torch(torch):
    grads = []
    for loss in (lambda a: 0.5 * a ** 2, lambda a: -torch.log(1 - a)):   # y = 0: half_sse, bce
        z = torch.tensor(4.0, dtype=torch.float64, requires_grad=True)
        loss(torch.sigmoid(z)).backward()
        grads.append(z.grad.item())
    return grads[0] / grads[1]


p = np.array([1.0, 2.0, 3.0]) / 6
# key, the right answer from PyTorch, a wrong one (each a function of the torch module)
CASES = [
    ("09.softmax_jacobian", softmax_jacobian_torch, lambda torch: np.diag(p * (1 - p))),
    ("09.ce_dz", ce_dz_torch, lambda torch: -ce_dz_torch(torch)),
    ("09.jacobian_entries", jacobian_counts_torch, lambda torch: (256 * 128, 256 * 128)),
    ("09.slowdown_factor", slowdown_torch, lambda torch: 1 / (1 + np.exp(-4.0))),
]


def softmax_backward(dA, A):
    return A * (dA - np.sum(dA * A, axis=1, keepdims=True))


def test_every_09_exercise_is_tested():
    # 09.gc_* and 09.init_* (gradient checking, initialisation) are tested in test_exercises_09_gc_init.py
    ours = {k for k in exercises._BANK if k.startswith("09.") and not k.startswith(("09.gc_", "09.init_"))}
    assert ours == {c[0] for c in CASES} | {"09.softmax_vjp"}


@pytest.mark.parametrize("key, right, wrong", CASES, ids=[c[0] for c in CASES])
def test_right_accepted_wrong_refused(key, right, wrong, torch, capsys):
    right, wrong = right(torch), wrong(torch)
    assert exercises.is_correct(key, right)
    assert not exercises.is_correct(key, wrong)
    assert not exercises.is_correct(key, ...)
    exercises.reset(key)
    assert exercises.check(key, wrong) is False
    assert capsys.readouterr().out.startswith(f"{key}: not yet. Hint: ")


def test_softmax_vjp_code_exercise(capsys):
    for _ in range(5):
        assert exercises.is_correct("09.softmax_vjp", softmax_backward)
    wrong = [(lambda dA, A: dA * A * (1 - A), r"central differences give"),       # the diagonal only
             (lambda dA, A: A * (dA - np.sum(dA * A)), r"shapes \(\d+, \d\).*entry"),  # right for m = 1 only
             (lambda dA, A: A - dA, r"entry \[0, \d\] is")]
    for fn, pattern in wrong:
        verdict, message = exercises._judge("09.softmax_vjp", fn)
        assert verdict == "wrong" and re.search(pattern, message), message

    def blank(dA, A):
        ...  # your code here

    exercises.reset("09.softmax_vjp")
    assert exercises.check("09.softmax_vjp", blank) is False
    assert capsys.readouterr().out == "09.softmax_vjp: not answered yet\n"
