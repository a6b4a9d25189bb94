"""Network.fit runs a private tight loop (Network._train) beside the readable forward/backward/step
that the notebooks teach. Here both walk the same path, bit for bit (np.array_equal), on random
architectures, activations, losses, reductions, biases, learning rates and batch sizes, including
runs that diverge. The reference below uses only the public API and the stated rule."""
import numpy as np
import pytest

from bpcore import Network, datasets
from bpcore.network import blew_up, divergence_reason

ACTS = ["sigmoid", "tanh", "relu", "identity", "step"]


def reference_fit(net, X, Y, lr, epochs, loss, record_every, reduction):
    """fit written with forward, backward and step: (recorded losses, epochs, History-like dict)."""
    recorded, at, start, peak, peak_epoch, reason, final = [], [], None, None, 0, None, np.nan
    with np.errstate(all="ignore"):
        if not all(np.all(np.isfinite(p)) for p in net.parameters()):
            return recorded, at, dict(epoch=0, reason="a weight not finite", final=np.nan,
                                      start=np.nan, peak=np.nan, peak_epoch=0)
        epoch = 0
        while True:
            trace = net.forward(X)
            if epoch < epochs:
                grads = net.backward(trace, Y, loss=loss, reduction=reduction)
            value = net.loss(X, Y, loss=loss, reduction=reduction)
            if start is None:
                start = peak = value
            elif not value <= peak or not np.isfinite(value):
                peak, peak_epoch = value, epoch
            reason = divergence_reason(start, value)
            assert (reason is not None) == blew_up(start, value)
            final = value if np.isfinite(value) else np.nan
            if epoch < epochs and epoch % record_every == 0 and np.isfinite(value):
                recorded.append(value)
                at.append(epoch)
            if reason is not None or epoch == epochs:
                break
            net.step(grads, lr=lr)
            epoch += 1
            if not all(np.all(np.isfinite(p)) for p in net.parameters()):
                reason, final = "a weight not finite", np.nan
                break
    return recorded, at, dict(epoch=epoch, reason=reason, final=final, start=start, peak=peak,
                              peak_epoch=peak_epoch)


def random_problem(seed):
    rng = np.random.default_rng(seed)
    K = int(rng.integers(1, 5))
    sizes = [int(n) for n in rng.integers(1, 7, size=K + 1)]
    acts = [str(a) for a in rng.choice(ACTS, size=K)]
    loss = str(rng.choice(["half_sse", "mse", "abs_error", "perceptron", "bce", "cross_entropy"]))
    if loss == "bce":
        acts[-1] = "sigmoid"
    # softmax needs two outputs or more; with cross_entropy it is the only output allowed
    if loss == "cross_entropy" or (loss in ("half_sse", "mse") and rng.random() < 0.3):
        acts[-1], sizes[-1] = "softmax", max(2, sizes[-1])
    m = int(rng.choice([1, 1, 2, 4, 7, 16]))
    X = rng.standard_normal((m, sizes[0])) * float(rng.choice([0.5, 1, 3]))
    if loss in ("bce", "perceptron"):
        Y = (rng.random((m, sizes[-1])) > 0.5).astype(np.float64)
    elif loss == "cross_entropy":  # class labels, which fit turns into one-hot rows
        Y = rng.integers(0, sizes[-1], size=m).astype(np.float64)
    else:
        Y = rng.standard_normal((m, sizes[-1]))
    lr = float(rng.choice([1.0, 1.0, 0.1, 0.37, 3.0, 1e3, 1e150, 1e300]))
    kwargs = dict(lr=lr, epochs=int(rng.integers(0, 40)), loss=loss,
                  record_every=int(rng.choice([1, 3, 10])), reduction=rng.choice([None, "sum", "mean"]))
    kwargs["reduction"] = None if kwargs["reduction"] is None else str(kwargs["reduction"])
    init = str(rng.choice(["uniform", "xavier", "he"]))
    bias = bool(rng.random() < 0.6)
    return (lambda: Network(sizes, activation=acts, init=init, seed=seed, bias=bias)), X, Y, kwargs


@pytest.mark.parametrize("seed", range(150))
def test_fit_equals_forward_backward_step_bit_for_bit(seed):
    make, X, Y, kw = random_problem(seed)
    fast, slow = make(), make()
    hist = fast.fit(X, Y, **kw)
    recorded, at, ref = reference_fit(slow, X, Y, **kw)
    assert np.array_equal(hist.loss, np.array(recorded)) and list(hist.epochs) == at
    assert hist.epoch == ref["epoch"] and hist.reason == ref["reason"]
    assert hist.diverged == (ref["reason"] is not None)
    assert np.array_equal([hist.final_loss, hist.start_loss, hist.peak_loss],
                          [ref["final"], ref["start"], ref["peak"]], equal_nan=True)
    assert hist.peak_epoch == ref["peak_epoch"]
    for a, b in zip(fast.parameters(), slow.parameters()):
        assert np.array_equal(a, b, equal_nan=True)


def test_the_random_problems_cover_what_they_claim():
    """The 150 problems above include every activation (softmax too), loss, lr 1 and not 1, batch size 1, bias
    and no bias, runs that diverge (by factor and by a non-finite loss) and runs that do not."""
    seen = dict(acts=set(), loss=set(), lr1=set(), m1=False, bias=set(), reasons=set())
    for seed in range(150):
        make, X, Y, kw = random_problem(seed)
        net = make()
        seen["acts"].update(net.activations)
        seen["loss"].add(kw["loss"])
        seen["lr1"].add(kw["lr"] == 1.0)
        seen["m1"] |= X.shape[0] == 1
        seen["bias"].add(net.biases[0] is not None)
        reason = net.fit(X, Y, **kw).reason
        seen["reasons"].add(reason.split(" ×")[0] if reason else None)
    assert seen["acts"] == set(ACTS) | {"softmax"} and len(seen["loss"]) == 6 and seen["lr1"] == {True, False}
    assert seen["m1"] and seen["bias"] == {True, False}
    assert {None, "loss", "loss not finite"} <= seen["reasons"]


def test_a_weight_made_infinite_by_the_step_is_caught_by_both():
    net = Network.from_weights([np.array([[1.0]]), np.array([[0.01]])], activation=["identity", "sigmoid"])
    twin = Network.from_weights([np.array([[1.0]]), np.array([[0.01]])], activation=["identity", "sigmoid"])
    X, Y = np.array([[100.0]]), np.array([[0.0]])
    hist = net.fit(X, Y, lr=1e308, epochs=10)
    _, _, ref = reference_fit(twin, X, Y, lr=1e308, epochs=10, loss="half_sse", record_every=1, reduction=None)
    assert hist.reason == ref["reason"] == "a weight not finite" and hist.epoch == ref["epoch"] == 1


def test_seed003_ten_thousand_epochs_bit_for_bit():
    """The benchmark's run, its first sixth: fit against forward/backward/step for 10000 epochs
    (every epoch runs the same operations; test_seeds.py checks fit's 60000 epochs against the
    seed's own loop)."""
    X, Y = datasets.seed003()
    fast = Network([3, 4, 1], init="uniform", seed=1, bias=False)
    slow = Network([3, 4, 1], init="uniform", seed=1, bias=False)
    hist = fast.fit(X, Y, lr=1.0, epochs=10000, record_every=1000)
    recorded, _, ref = reference_fit(slow, X, Y, lr=1.0, epochs=10000, loss="half_sse",
                                     record_every=1000, reduction=None)
    assert np.array_equal(hist.loss, recorded) and hist.final_loss == ref["final"]
    assert all(np.array_equal(a, b) for a, b in zip(fast.weights, slow.weights))


def test_parameters_are_live_views_of_one_array():
    """fit updates the parameters as one flat array: what parameters() returns must stay live
    (gradcheck perturbs it in place) and Network.weights must stay copies."""
    X, Y = datasets.seed003()
    net = Network([3, 4, 2, 1], seed=0)
    P = net.parameters()
    net.fit(X, Y, epochs=3)
    assert all(np.array_equal(p, q) for p, q in zip(P, net.parameters()))
    P[0][0, 0] += 1.0
    assert net.weights[0][0, 0] == P[0][0, 0]
    net.weights[0][0, 0] = 99.0
    assert net.weights[0][0, 0] != 99.0


@pytest.mark.parametrize("name", ["sigmoid", "tanh"])
def test_activation_twins_equal_f_and_activation_backward(name):
    from bpcore import activations
    from bpcore.layers import activation_backward
    rng = np.random.default_rng(1)
    Z = np.concatenate([rng.standard_normal((5, 4)) * 30, [[-800.0, 800.0, 0.0, -709.5]]])
    dA = rng.standard_normal(Z.shape)
    act = activations.get(name)
    f_into, back_into = activations.IN_PLACE[name]
    A = f_into(Z, np.empty_like(Z))
    assert np.array_equal(A, act.f(Z))
    assert np.array_equal(back_into(dA, A, np.empty_like(Z)), activation_backward(dA, Z, A, act))


@pytest.mark.parametrize("name", ["half_sse", "mse"])
def test_loss_twins_equal_summed(name):
    from bpcore import losses
    rng = np.random.default_rng(2)
    A, Y = rng.random((6, 3)), rng.standard_normal((6, 3))
    out = np.empty_like(A)
    total = losses.IN_PLACE[name](A, Y, out)
    want_total, want_grad = losses.get(name).summed(A, Y)
    assert total == want_total and np.array_equal(out, want_grad)


def test_a_deep_copied_network_trains_like_the_original():
    """deepcopy copies each parameter on its own, so they are no longer views of the one flat
    array fit updates; fit must notice and still train the copy, bit for bit."""
    import copy
    X, Y = datasets.seed003()
    net = Network([3, 4, 2, 1], seed=0)
    twin = copy.deepcopy(net)
    assert twin.parameters()[0].base is not twin._flat  # the situation this test is about
    h1, h2 = net.fit(X, Y, epochs=50), twin.fit(X, Y, epochs=50)
    assert np.array_equal(h1.loss, h2.loss) and h2.final_loss < h2.start_loss
    assert all(np.array_equal(a, b) for a, b in zip(net.parameters(), twin.parameters()))
    assert all(p.base is twin._flat for p in twin.parameters())
