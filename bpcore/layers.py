r"""A fully connected (dense) layer, forward and backward side by side.

Samples are rows. For a batch of ``m`` samples:

.. math::

    Z = A_{prev} W + b, \qquad A = f(Z)

with ``A_prev`` of shape ``(m, n_in)``, ``W`` of shape ``(n_in, n_out)``, ``b`` of shape
``(n_out,)`` (added to every row) and ``Z``, ``A`` of shape ``(m, n_out)``.
Given ``dZ = dL/dZ``, the chain rule (链式法则) gives

.. math::

    dW = A_{prev}^T\, dZ, \qquad db = \textstyle\sum_{rows} dZ, \qquad dA_{prev} = dZ\, W^T .

``dW`` sums over the samples: each sample contributes the outer product
``outer(a_prev, dz)``, exactly the single-sample rule of notebook 02.
"""
import numpy as np


def dense_forward(A_prev, W, b=None):
    """Z = A_prev @ W (+ b). A_prev: (m, n_in), W: (n_in, n_out), b: (n_out,) or None -> Z: (m, n_out)."""
    Z = np.dot(A_prev, W)
    if b is not None:
        Z += b
    return Z


def dense_backward(dZ, A_prev, W, need_db=True, need_dA_prev=True):
    """Gradients of a dense layer.

    dZ: (m, n_out) = dL/dZ; A_prev: (m, n_in), the layer's input; W: (n_in, n_out).
    Returns dW (n_in, n_out), db (n_out,), dA_prev (m, n_in). A layer without bias needs no
    db and the first layer needs no dA_prev (X is data, not a parameter): those come back None.
    """
    dW = np.dot(A_prev.T, dZ)
    db = dZ.sum(axis=0) if need_db else None
    dA_prev = np.dot(dZ, W.T) if need_dA_prev else None
    return dW, db, dA_prev


def activation_backward(dA, Z, A, activation):
    """dZ = dA * f'(Z), elementwise; uses f' written through A where the activation has it.

    dA, Z, A: (m, n) -> dZ: (m, n). Softmax, not elementwise, uses its vector-Jacobian product
    ``activation.vjp(dA, A)`` (see :func:`bpcore.activations.softmax_vjp`).
    """
    if activation.vjp is not None:
        return activation.vjp(dA, A)
    if activation.df_from_a is not None:
        return dA * activation.df_from_a(A)
    return dA * activation.df(Z)
