r"""Gradient checking (梯度检验): compare backprop with central differences.

.. math::

    \frac{\partial f}{\partial x_i} \approx \frac{f(x + \varepsilon e_i) - f(x - \varepsilon e_i)}{2\varepsilon}

The truncation error is :math:`O(\varepsilon^2)` and the rounding error about
:math:`10^{-16} |f| / \varepsilon`, so in float64 ``eps=1e-6`` agrees with an exact gradient
to about 7-10 significant digits. Agreement is measured by :func:`rel_error`.
"""
import numpy as np

from ._validate import as_array, positive_number
from .network import Network


def numerical_gradient(f, x, eps=1e-6):
    """Central-difference gradient of the scalar function ``f(x)`` at the float64 array ``x``.

    ``x`` is perturbed in place one entry at a time and restored exactly, so ``f`` may also read
    ``x`` through another reference (a network's live weights). Returns an array shaped like x.
    """
    eps = positive_number(eps, "eps")
    if not callable(f):
        raise ValueError(f"f must be a function of x returning a number; got {type(f).__name__}")
    if not isinstance(x, np.ndarray) or x.dtype != np.float64:
        raise ValueError("x must be a float64 NumPy array (it is perturbed in place)")
    if x.size == 0:
        raise ValueError(f"x is empty (shape {x.shape}); need at least one entry to perturb")
    grad = np.zeros_like(x)
    it = np.nditer(x, flags=["multi_index"], op_flags=["readwrite"])
    for _ in it:
        i = it.multi_index
        old = x[i]
        try:
            x[i] = old + eps
            f_plus = _scalar(f(x))
            x[i] = old - eps
            f_minus = _scalar(f(x))
        finally:
            x[i] = old
        grad[i] = (f_plus - f_minus) / (2.0 * eps)
    return grad


def _scalar(value):
    if np.ndim(value) != 0 or isinstance(value, (str, bytes)):
        raise ValueError(f"f must return one real number; got {type(value).__name__} of shape {np.shape(value)}")
    try:
        return float(value)
    except (TypeError, ValueError, OverflowError) as exc:
        raise ValueError(f"f must return one real number; got {value!r}") from exc


def rel_error(a, b):
    r"""Relative error :math:`\max_i |a_i - b_i| / \max_i (|a_i| + |b_i|)` (0 when both are 0).

    Measured against the largest entry rather than entry by entry, so a gradient entry that is
    tiny (but correct) does not blow the ratio up with the finite-difference noise.
    """
    a, b = as_array(a, "a"), as_array(b, "b")
    if a.shape != b.shape:
        raise ValueError(f"a and b must have the same shape; got {a.shape} and {b.shape}")
    scale = np.max(np.abs(a) + np.abs(b)) if a.size else 0.0
    return 0.0 if scale == 0 else float(np.max(np.abs(a - b)) / scale)


def network_gradients(net, X, Y, loss="half_sse", reduction=None, eps=1e-5):
    """Backprop and central-difference gradients of every parameter, as two dicts.

    Keys are ``"dW[0]", "db[0]", ...``; the values are arrays shaped like the parameter.
    """
    if not isinstance(net, Network):
        raise ValueError(f"net must be a bpcore Network; got {type(net).__name__}")
    grads = net.backward(net.forward(X), Y, loss=loss, reduction=reduction)

    def f(_):
        return net.loss(X, Y, loss=loss, reduction=reduction)

    analytic, numeric = {}, {}
    for i, W in enumerate(net._W):
        analytic[f"dW[{i}]"], numeric[f"dW[{i}]"] = grads.dW[i], numerical_gradient(f, W, eps)
    for i, b in enumerate(net._b):
        if b is not None:
            analytic[f"db[{i}]"], numeric[f"db[{i}]"] = grads.db[i], numerical_gradient(f, b, eps)
    return analytic, numeric


def network_errors(net, X, Y, loss="half_sse", reduction=None, eps=1e-5):
    """Relative error of each parameter's gradient, e.g. ``{"dW[0]": 3e-11, "db[0]": 2e-11}``.

    A gradient that is exactly 0 (the sum of cancelling terms) has a numerical twin of pure
    rounding noise, so its own relative error is meaningless: :func:`check_network` compares
    the whole gradient vector at once instead.
    """
    analytic, numeric = network_gradients(net, X, Y, loss=loss, reduction=reduction, eps=eps)
    return {k: rel_error(analytic[k], numeric[k]) for k in analytic}


def check_network(net, X, Y, loss="half_sse", reduction=None, eps=1e-5):
    """Relative error between backprop and central differences over all parameters at once.

    ``eps=1e-5`` balances the :math:`O(\\varepsilon^2)` truncation error against rounding; with
    it, exact gradients of the networks in the tests agree to better than 1e-8.
    """
    analytic, numeric = network_gradients(net, X, Y, loss=loss, reduction=reduction, eps=eps)
    flat = lambda d: np.concatenate([v.ravel() for v in d.values()])
    return rel_error(flat(analytic), flat(numeric))
