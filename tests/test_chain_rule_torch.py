"""Notebook 01's claims about PyTorch, checked against PyTorch itself (installed in the dev venv).

- A second ``backward()`` on the same graph raises unless the first kept it (``retain_graph=True``),
  for any graph that saved values for its backward pass (a product, a sine).
- The doubling appears when forward and backward run again without ``zero_grad``, or with
  ``retain_graph=True``: every leaf then holds exactly twice its gradient, because PyTorch keeps
  ``.grad`` on leaves only (the micrograd-style ``Scalar`` of notebook 01 keeps it everywhere and
  gives the deeper leaf three times).
"""
import math

import pytest

# every test takes conftest.py's `torch` fixture: PyTorch (requirements-bench.txt), or a skip


def product(torch):
    x = torch.tensor(2.0, dtype=torch.float64, requires_grad=True)
    y = torch.tensor(3.0, dtype=torch.float64, requires_grad=True)
    return x, y


def test_second_backward_on_the_same_graph_raises(torch):
    x, y = product(torch)
    z = x * y
    z.backward()
    with pytest.raises(RuntimeError, match="backward through the graph a second time"):
        z.backward()
    assert x.grad.item() == 3.0            # the first call's gradient, untouched


def test_retain_graph_then_twice_doubles(torch):
    x, y = product(torch)
    z = x * y
    z.backward(retain_graph=True)
    z.backward()
    assert x.grad.item() == 2 * 3.0 and y.grad.item() == 2 * 2.0


def test_forward_and_backward_again_without_zero_grad_doubles(torch):
    x, y = product(torch)
    for _ in range(2):
        (x * y).backward()
    assert x.grad.item() == 2 * 3.0
    x.grad = None                           # what zero_grad(set_to_none=True) does
    (x * y).backward()
    assert x.grad.item() == 3.0


@pytest.mark.parametrize("retain", [True, False])
def test_deeper_leaf_gets_exactly_twice_in_torch(retain, torch):
    # notebook 01's case 2: z = s^2 sin s at s = 1.2; its Scalar code gives 3x, PyTorch 2x
    s = torch.tensor(1.2, dtype=torch.float64, requires_grad=True)
    exact = 2 * 1.2 * math.sin(1.2) + 1.2 ** 2 * math.cos(1.2)
    if retain:
        z = s ** 2 * torch.sin(s)
        z.backward(retain_graph=True)
        z.backward()
    else:
        for _ in range(2):
            (s ** 2 * torch.sin(s)).backward()
    assert abs(s.grad.item() - 2 * exact) < 1e-12


def test_a_graph_that_saved_nothing_can_be_walked_twice(torch):
    # why the notebook says "whenever the graph saved values": a sum saves nothing, so no error
    x, y = product(torch)
    z = x + y
    z.backward()
    z.backward()
    assert x.grad.item() == 2.0
