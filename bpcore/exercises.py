"""Self-checking exercises: ``check(key, answer)`` says "correct" or "not yet" plus a hint.

The expected answer is computed here (from bpcore or a closed form), never printed, so a
student can try again. Each notebook's exercises are registered below with :func:`exercise`.
"""
import numpy as np

_BANK = {}


def exercise(key, hint, rtol=1e-6, atol=1e-9):
    """Decorator registering a function that returns the expected answer for ``key``."""
    def register(solver):
        _BANK[key] = (solver, hint, rtol, atol)
        return solver
    return register


def is_correct(key, answer):
    """True when ``answer`` matches exercise ``key`` (numbers within tolerance, shapes exactly)."""
    if key not in _BANK:
        raise ValueError(f"unknown exercise {key!r}; expected one of {sorted(_BANK)}")
    solver, _, rtol, atol = _BANK[key]
    expected = solver()
    if answer is None or answer is Ellipsis:
        return False
    if isinstance(expected, tuple):  # a shape: compare as a tuple of ints
        try:
            return tuple(int(v) for v in answer) == expected
        except (TypeError, ValueError):
            return False
    try:
        answer = np.asarray(answer, dtype=np.float64)
    except (TypeError, ValueError):
        return False
    expected = np.asarray(expected, dtype=np.float64)
    return answer.shape == expected.shape and bool(np.allclose(answer, expected, rtol=rtol, atol=atol))


def check(key, answer):
    """Print "correct" or "not yet" with the exercise's hint; returns the verdict as a bool."""
    ok = is_correct(key, answer)
    print(f"{key}: correct" if ok else f"{key}: not yet. Hint: {_BANK[key][1]}")
    return ok

# Exercise definitions, one section per notebook ----------------------------------------------

# -- notebook 00 --
from .network import Network as _Network  # noqa: E402


@exercise("00.W2_shape", "net.weights[i] has one row per input of layer i and one column per "
          "unit of layer i; which layer does weights[1] belong to, and what feeds it?")
def _00_w2_shape():
    return tuple(_Network([4, 5, 2]).weights[1].shape)


@exercise("00.dZ0_shape", "dZ has the shape of Z: one row per sample, one column per unit "
          "of that layer. Which layer is dZ[0]?")
def _00_dz0_shape():
    net = _Network([3, 4, 1])
    X, Y = np.zeros((10, 3)), np.zeros((10, 1))
    return tuple(net.backward(net.forward(X), Y).dZ[0].shape)


@exercise("00.n_params", "count the entries of every W (n_in x n_out) and every b (n_out) "
          "over both layers.")
def _00_n_params():
    return sum(p.size for p in _Network([3, 4, 1]).parameters())


# -- notebook 01 --
@exercise("01.dz_dx", "dz/dx = dz/dy * dy/dx: differentiate h at y = g(2), then g at x = 2, "
          "and multiply.")
def _01_dz_dx():
    x = 2.0
    y = 3.0 * x + 1.0          # y = g(x) = 3x + 1
    return (2.0 * y) * 3.0     # dz/dy = 2y, dy/dx = 3


@exercise("01.dz_ds", "two paths: dz/ds = dz/dx * dx/ds + dz/dy * dy/ds; "
          "for z = x*y, dz/dx = y and dz/dy = x.")
def _01_dz_ds():
    s = 2.0
    x, y = s * s, 3.0 * s      # x = s^2, y = 3s
    return y * (2.0 * s) + x * 3.0


@exercise("01.grad_twice", "each backward() call adds dz/dx = y to x.grad with +=; "
          "nothing sets it back to 0 in between.")
def _01_grad_twice():
    x, y = 2.0, 3.0            # z = x * y, both leaves
    return 2 * y


# -- notebook 02 --
# Seed 000's network as notebook 02 writes it: 3 inputs, two hidden layers of 3 sigmoid units
# (z1..z3, z4..z6), 3 sigmoid outputs (z7..z9), loss 1/2 sum (y - t)^2, one sample with t = x.
# Row convention: column j of W holds the weights INTO unit j, row k the weights OUT OF unit k,
# so (w1, w2, w3) = NB02_WEIGHTS[0][:, 0] and (w4, w5, w6) = NB02_WEIGHTS[1][0, :].
NB02_X = np.array([[0.27, 0.46, 0.49]])
NB02_T = np.array([[0.27, 0.46, 0.49]])
NB02_WEIGHTS = [np.array([[0.1, -0.4, 0.3], [0.5, 0.2, -0.6], [-0.3, 0.7, 0.4]]),
                np.array([[0.6, -0.5, 0.2], [-0.3, 0.8, 0.4], [0.7, 0.1, -0.9]]),
                np.array([[0.4, -0.7, 0.5], [-0.2, 0.3, 0.9], [0.8, -0.6, -0.1]])]
NB02_BIASES = [np.array([0.1, -0.2, 0.3]), np.array([-0.1, 0.2, 0.0]), np.array([0.2, -0.3, 0.1])]
# The exercises ask for the same network on a new sample, whose gradients the notebook never prints.
NB02_EX_X = np.array([[1.0, 0.0, 0.5]])
NB02_EX_T = np.array([[0.0, 1.0, 0.0]])


def _02_grads():
    net = _Network.from_weights(NB02_WEIGHTS, NB02_BIASES, activation="sigmoid")
    return net.backward(net.forward(NB02_EX_X), NB02_EX_T, loss="half_sse")


@exercise("02.dL_dw5", "w5 carries f(z1) into z5, so dL/dw5 = (dz5/dw5) * dL/dz5; "
          "what is dz5/dw5?")
def _02_dl_dw5():
    return _02_grads().dW[1][0, 1]


@exercise("02.dL_dz2", "the recursion: dL/dz2 = f'(z2) * (sum over the units z2 feeds of "
          "weight * dL/dz of that unit); z2 feeds z4, z5, z6 through the second row of W2.")
def _02_dl_dz2():
    return _02_grads().dZ[0][0, 1]


@exercise("02.dL_db8", "z8 = ... + b8, so dz8/db8 = 1; you need dL/dz8 = (y2 - t2) f'(z8).")
def _02_dl_db8():
    return _02_grads().db[2][1]


# -- notebook 03 --
@exercise("03.dW1_shape_col", "in the column convention dW[1] has the shape of W[1]: one row per "
          "hidden unit, one column per input; m does not appear.")
def _03_dw1_shape_col():
    n_x, n_h = 2, 4
    return (n_h, n_x)


@exercise("03.dW1_shape_row", "bpcore's W is the transpose of the post's W: one row per input, "
          "one column per hidden unit.")
def _03_dw1_shape_row():
    net = _Network([2, 4, 1])
    X, Y = np.zeros((100, 2)), np.zeros((100, 1))
    return tuple(net.backward(net.forward(X), Y, loss="bce").dW[0].shape)


@exercise("03.dz2_batch", "for sigmoid + log-likelihood, dL/dz = a - y per sample; the cost J "
          "averages over the m samples, and bpcore puts that 1/m into dZ.")
def _03_dz2_batch():
    a, y, m = 0.9, 0.0, 4
    return (a - y) / m


# -- notebook 06 --
# Seed 000's NeuralNetwork class in its own layout: w[j][i] is neuron i's weight row in layer j
# (shape (num_hidden, num_inputs, num_inputs)), z[j][i] = w[j][i] . input + b[j][i]; here 3 inputs,
# 2 layers (layer 1 is the output), one sample, target = input (as in the post).
NB06_W = np.array([[[0.5, -0.3, 0.8], [0.1, 0.6, -0.4], [-0.7, 0.2, 0.3]],
                   [[0.4, 0.9, -0.2], [-0.5, 0.3, 0.7], [0.6, -0.8, 0.1]]])
NB06_B = np.array([[0.1, -0.1, 0.2], [0.0, 0.3, -0.2]])
NB06_X = np.array([0.2, 0.9, 0.4])


def _06_trace_grads():
    """bpcore's network equal to NB06's (row convention: W = w[j].T), its trace and gradients."""
    net = _Network.from_weights([w.T for w in NB06_W], list(NB06_B), activation="sigmoid")
    trace = net.forward(NB06_X[None, :])
    return trace, net.backward(trace, NB06_X[None, :], loss="half_sse")


@exercise("06.dw_shape", "one gradient entry per weight: dL/dw has the shape of w, which is "
          "(num_hidden, num_inputs, num_inputs).")
def _06_dw_shape():
    num_inputs, num_hidden = 4, 5
    return (num_hidden, num_inputs, num_inputs)


@exercise("06.dL_dw", "dL/dw[1][2][0] = (input 0 of layer 1) * dL/dz[1][2]; layer 1's inputs "
          "are the outputs fz[0] of layer 0, not its own output fz[1][2].")
def _06_dl_dw():
    _, grads = _06_trace_grads()
    return grads.dW[1][0, 2]          # bpcore's dW[1] is the class's gradient transposed


@exercise("06.ratio", "the post subtracts fz[1][2] * (y_hat[2] - y[2]) * f(z)f(1-z), with "
          "z = z[1][2], from every weight of the row; divide that by the true dL/dw[1][2][0].")
def _06_ratio():
    trace, grads = _06_trace_grads()
    sig = lambda v: 1.0 / (1.0 + np.exp(-v))
    z, out = trace.Z[1][0, 2], trace.A[2][0, 2]
    post = out * (out - NB06_X[2]) * sig(z) * sig(1.0 - z)
    return post / grads.dW[1][0, 2]


# -- notebook 04 --
def _04_train(**kw):
    from . import datasets as _datasets, perceptron as _perceptron

    X, t = _datasets.seed001()
    return _perceptron.train(X, t, **kw)


@exercise("04.grad_w0", "at epoch 0, y_pre = [1, 0, 0, 1] and t - y_pre = [-1, 1, 0, 0]: "
          "grad_w = -(t - y_pre) X / 4 adds up rows 1 and 2 of X with those signs (a 2-vector).")
def _04_grad_w0():
    from . import datasets as _datasets, perceptron as _perceptron

    X, t = _datasets.seed001()
    y_pre, _ = _perceptron.forward(X, np.array([1.0, 1.0]), 0.0)
    return _perceptron.gradients(X, t, y_pre)[0]


@exercise("04.epochs_lr", "run perceptron.train on the seed's data from w = [1, 1], b = 0 with "
          "lr = 0.45 and stop='misclassified', and read res.epochs (an integer).")
def _04_epochs_lr():
    return _04_train(w=[1, 1], b=0, lr=0.45, max_epochs=1000).epochs


@exercise("04.zero_start_ratio", "from w = 0, b = 0 every val is lr times the val of the lr = 1 "
          "run, so the predictions never change with lr: compare the final w of two runs.")
def _04_zero_start_ratio():
    small = _04_train(w=[0, 0], b=0, lr=0.9, max_epochs=1000)
    big = _04_train(w=[0, 0], b=0, lr=9.0, max_epochs=1000)
    return big.w[0] / small.w[0]


# -- notebook 05 --
def _05_seed_state():
    from . import datasets as _datasets

    X, Y = _datasets.seed003()
    net = _Network([3, 4, 1], activation="sigmoid", init="uniform", seed=1, bias=False)
    return X, Y, net.forward(X)


@exercise("05.k2_delta_x2", "k2_delta = (y - k2) * k2 * (1 - k2) for the second sample "
          "(x = [0, 1, 1], y = 1), with k2 the output at the seed's initial weights.")
def _05_k2_delta_x2():
    X, Y, trace = _05_seed_state()
    k2 = trace.output[1, 0]
    return (Y[1, 0] - k2) * k2 * (1 - k2)


@exercise("05.dE_dz2_factor", "E = 1/2 sum (y - k2)^2: dE/dk2 = -(y - k2), dk2/dz2 = k2 (1 - k2); "
          "compare their product with k2_delta (one number c with dE/dz2 = c * k2_delta).")
def _05_de_dz2_factor():
    return -1.0


@exercise("05.mse_lr", "mse = (1/4) sum (y - k2)^2 over the 4 samples, half_sse = (1/2) sum: "
          "the gradient of mse is a fixed multiple of the gradient of half_sse.")
def _05_mse_lr():
    X, Y, trace = _05_seed_state()
    net = _Network([3, 4, 1], activation="sigmoid", init="uniform", seed=1, bias=False)
    g_half = net.backward(trace, Y, loss="half_sse").dW[1]
    g_mse = net.backward(trace, Y, loss="mse").dW[1]
    return float(np.mean(g_half / g_mse))  # lr_mse * g_mse = 1 * g_half


# -- notebook 07 --
@exercise("07.sigmoid_bound", "sigma'(z) = sigma(z)(1 - sigma(z)) is largest at z = 0, where "
          "sigma = 1/2; the backward pass multiplies by one such factor per hidden layer (the "
          "output's sigma' cancels against bce).")
def _07_sigmoid_bound():
    return 0.25 ** 6


@exercise("07.ratio_3", "the snapshot's grad_norms has one row per epoch and one column per "
          "layer (4 here: 3 hidden and the output); use row 0.")
def _07_ratio_3():
    from .widgets import playground_run

    g = playground_run(epochs=0, hidden=(8, 8, 8), activation="sigmoid").grad_norms[0]
    return g[0] / g[-1]


# -- notebook 09 (gradient checking, initialisation) --
@exercise("09.gc_eps", "E(eps) = eps^2/6 |f'''| + u |f| / eps; set dE/deps = 0 and solve for eps. "
          "For e^x at 0, f = f''' = 1.", rtol=1e-3)
def _09_gc_eps():
    u = 2.0 ** -53
    return (3.0 * u) ** (1.0 / 3.0)


@exercise("09.gc_scaled", "rel_error = max|a - b| / max(|a| + |b|) with a = 1.1 g and b = g: "
          "the factor max|g| cancels.")
def _09_gc_scaled():
    return 0.1 / 2.1


@exercise("09.init_he_var", "He: Var(w) = 2 / n_in, with n_in the number of inputs of the layer.")
def _09_init_he_var():
    return 2.0 / 50


@exercise("09.init_relu_factor", "the variance of U[-1, 1) is (b - a)^2 / 12 = 1/3; multiply by "
          "n / 2 (relu keeps half of E[z^2]).")
def _09_init_relu_factor():
    return 0.5 * 100 * (1.0 / 3.0)
