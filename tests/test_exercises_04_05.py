"""Exercises of notebooks 04 and 05: the expected answers, derived by hand or from the seeds' code."""
import numpy as np
import pytest

from bpcore import exercises
from seeds import seed001_perceptron, seed003_iamtrask

KEYS = ["04.grad_w0", "04.epochs_lr", "04.zero_start_ratio",
        "05.k2_delta_x2", "05.dE_dz2_factor", "05.mse_lr", "05.hidden_delta"]


def test_04_grad_w0_by_hand():
    # y_pre = [1, 0, 0, 1], t - y_pre = [-1, 1, 0, 0]: grad_w = -(-[1, 1] + [-1, 1]) / 4
    assert exercises.is_correct("04.grad_w0", [0.5, 0.0])
    assert not exercises.is_correct("04.grad_w0", [-0.5, 0.0])


def test_04_epochs_lr_from_the_seed_code():
    # the seed's loop stops on loss == 0; from w = [1, 1] at lr 0.45 that is also "no error"
    records = seed001_perceptron.run(lr=0.45)
    assert np.array_equal(records[-1]["y_pre"], seed001_perceptron.t)
    assert exercises.is_correct("04.epochs_lr", len(records) - 1)


def test_04_zero_start_ratio_is_the_lr_ratio():
    # from 0 every (w, b) is lr times the lr = 1 run's: the ratio of final weights is 9 / 0.9
    small = seed001_perceptron.run(w_init=np.array([0.0, 0.0]), b_init=0.0, lr=0.9)
    assert len(small) == 1  # (the post's rule would not even start: loss 0 at w = 0)
    assert exercises.is_correct("04.zero_start_ratio", 10.0)


def test_05_k2_delta_x2_from_the_seed_weights():
    seed = seed003_iamtrask.run(1)  # syn0_init, syn1_init: the weights before any update
    x = np.array([[0, 1, 1]])
    k1 = 1 / (1 + np.exp(-x @ seed["syn0_init"]))
    k2 = (1 / (1 + np.exp(-k1 @ seed["syn1_init"])))[0, 0]
    assert exercises.is_correct("05.k2_delta_x2", (1 - k2) * k2 * (1 - k2))


def test_05_closed_forms():
    assert exercises.is_correct("05.dE_dz2_factor", -1)   # dE/dz2 = -k2_delta
    assert exercises.is_correct("05.mse_lr", 2)           # mse = half_sse / 2 over 4 samples


def test_05_hidden_delta_is_the_seeds_k1_delta_line():
    # seed 003's loop: k1_delta = k2_delta.dot(syn1.T) * nonlin(k1, deriv=True), with k2_delta = -dE/dz2;
    # the line is linear in k2_delta, so the same expression maps dE/dz2 to dE/dz1
    seed_line = lambda k2_delta, syn1, k1: k2_delta.dot(syn1.T) * (k1 * (1 - k1))
    assert exercises.is_correct("05.hidden_delta", seed_line)
    assert not exercises.is_correct("05.hidden_delta", lambda d, W, k1: d.dot(W.T))            # no sigma'
    assert not exercises.is_correct("05.hidden_delta", lambda d, W, k1: -d.dot(W.T) * k1 * (1 - k1))
    assert not exercises.is_correct("05.hidden_delta", lambda d, W, k1: d.dot(W.T) * k1)


@pytest.mark.parametrize("key", KEYS)
def test_placeholder_answer_is_not_answered_yet(key, capsys):
    assert exercises.check(key, ...) is False
    assert capsys.readouterr().out == f"{key}: not answered yet\n"


@pytest.mark.parametrize("key", KEYS[:6])
def test_hints_come_after_a_wrong_answer_and_never_give_it(key, capsys):
    exercises.reset(key)
    expected = exercises._BANK[key].solver()
    for attempt in (1, 2):
        assert exercises.check(key, 12345.0) is False
        out = capsys.readouterr().out
        assert out.startswith(f"{key}: not yet. Hint: ") and ("Second hint: " in out) == (attempt == 2)
        for text in (f"{v:.4g}" for v in np.ravel(expected)):
            assert f" {text}" not in out and f"[{text}" not in out, text
    exercises.reset(key)
