"""Self-checking exercises: ``check(key, answer)`` says whether an answer is right, with a hint
only after a wrong attempt.

- ``answer`` left at ``...`` or ``None``: ``"{key}: not answered yet"`` and nothing more.
- A wrong answer: ``"{key}: not yet. Hint: ..."``; a second wrong answer to the same key (in the
  same kernel) adds the exercise's stronger second hint.
- A right answer: ``"{key}: correct"``.

Two kinds of exercise are registered below, one section per notebook:

- :func:`exercise` (a number, an array or a shape): the decorated solver returns the expected
  value, computed here from bpcore or a closed form and never printed.
- :func:`code_exercise` (the student writes a function): the decorated tester receives the
  student's function, calls it on fresh random inputs, compares it with central differences and
  with bpcore, and returns None when it is right or a message naming the wrong shape or entry
  (:func:`compare` builds those messages). A function whose body is still ``...`` returns None:
  that counts as not answered yet. A function that raises is reported in one line, never with a
  traceback.

Every expected answer is computed in this file, so a student can read them off: fine for
self-study, not for marks.

Chinese (``bpcore.set_language("zh")``): every registration gives its hints in Chinese too,
``zh=("提示", "第二提示")`` (or ``zh="提示"`` when there is no second hint); verdicts and the
testers' messages go through :func:`bpcore.i18n.tr`. The key and the ``": "`` after it stay as
they are in both languages (the editions read verdicts by them).
"""
import collections
import numbers

import numpy as np

from .i18n import choose, tr

Entry = collections.namedtuple("Entry", "solver hint rtol atol hint2 kind zh", defaults=(None,))
_BANK = {}
_WRONG = collections.Counter()    # wrong attempts per key in this kernel (for the second hint)
MAX_LENGTH = 10_000               # longest sequence accepted as an answer (shapes have a few entries)


def _zh_hints(key, zh):
    """``zh`` ("提示" or ("提示", "第二提示")) as a tuple of two (the second may be None)."""
    if zh is None:
        return None
    hints = (zh,) if isinstance(zh, str) else tuple(zh)
    if not 1 <= len(hints) <= 2 or not all(isinstance(h, str) and h for h in hints):
        raise ValueError(f"zh for {key!r} must be a hint string or (hint, second hint); got {zh!r}")
    return hints + (None,) * (2 - len(hints))


def exercise(key, hint, hint2=None, rtol=1e-6, atol=1e-9, zh=None):
    """Decorator registering ``solver() -> expected`` (a number, an array or a shape tuple) for ``key``.

    ``zh``: the Chinese hint, or (hint, second hint), shown when the language is Chinese.
    """
    def register(solver):
        _BANK[key] = Entry(solver, hint, rtol, atol, hint2, "value", _zh_hints(key, zh))
        return solver
    return register


def code_exercise(key, hint, hint2=None, zh=None):
    """Decorator registering ``tester(fn) -> None | str`` for the code exercise ``key``.

    The tester calls ``fn`` on fresh random inputs and returns None when every output is right,
    else a short message naming the wrong shape or entry (see :func:`compare`). ``zh``: the
    Chinese hint, or (hint, second hint).
    """
    def register(tester):
        _BANK[key] = Entry(tester, hint, None, None, hint2, "code", _zh_hints(key, zh))
        return tester
    return register


class NotAnswered(Exception):
    """The student's function returned None: its body is still ``...``."""


class StudentError(Exception):
    """The student's function raised; the message says which exception, in one line."""


def _guarded(fn):
    """``fn`` wrapped so that returning None raises NotAnswered and raising becomes StudentError."""
    def call(*args):
        try:
            out = fn(*(np.copy(a) for a in args))     # copies: the student may modify inputs in place
        except Exception as exc:                      # any bug in student code is reported, not raised
            text = str(exc).strip().split("\n")[0]
            text = text if len(text) <= 160 else text[:157] + "..."
            raise StudentError(tr("your function raised {error}: {text}",
                                  error=type(exc).__name__, text=text)) from None
        if out is None:
            raise NotAnswered
        return out
    return call


def compare(got, want, source, name=None, rtol=1e-6, atol=1e-9):
    """None when ``got`` equals ``want`` (an array), else a message naming the wrong shape or entry.

    ``source`` says where ``want`` comes from ("central differences", "bpcore"; translated by
    :func:`bpcore.i18n.tr`). ``name`` defaults to "your function".
    """
    name = tr("your function") if name is None else name
    source = tr(source)
    try:
        arr = np.asarray(got)
    except Exception:                                  # a ragged list, an odd object
        return tr("{name} returned a {kind}, not an array of shape {shape}",
                  name=name, kind=type(got).__name__, shape=want.shape)
    if arr.dtype.kind not in "iuf":
        return tr("{name} returned {dkind!r}-kind data of type {kind}, not a float array",
                  name=name, dkind=arr.dtype.kind, kind=type(got).__name__)
    arr = arr.astype(np.float64)
    if arr.shape != want.shape:
        return tr("{name} returned shape {got}; it should have shape {want}",
                  name=name, got=arr.shape, want=want.shape)
    bad = ~np.isclose(arr, want, rtol=rtol, atol=atol)
    if bad.any():
        idx = tuple(int(i) for i in np.argwhere(bad)[0])
        where = tr("entry {index}", index=list(idx)) if idx else tr("the value")
        return tr("{where} is {got:.6g}, {source} give {want:.6g} ({bad} of {size} entries differ)",
                  where=where, got=arr[idx], source=source, want=want[idx], bad=int(bad.sum()),
                  size=bad.size)
    return None


def _as_shape(answer):
    """``answer`` as a tuple of ints if it is a tuple, list or 1-D array of whole numbers, else None.

    A string ("52"), a dict ({5: 0, 2: 0}), a set, an iterator (itertools.count()) or numbers
    with a fractional part ((5.9, 2.1)) are not shapes.
    """
    if isinstance(answer, np.ndarray):
        if answer.ndim != 1:
            return None
        answer = answer.tolist()
    if not isinstance(answer, (tuple, list)) or len(answer) > MAX_LENGTH:
        return None
    shape = []
    for v in answer:
        if isinstance(v, (bool, np.bool_)) or not isinstance(v, numbers.Real):
            return None
        if isinstance(v, numbers.Integral):
            shape.append(int(v))
        elif np.isfinite(v) and float(v).is_integer():
            shape.append(int(v))
        else:
            return None
    return tuple(shape)


def _as_numbers(answer):
    """``answer`` as a float64 array if it is a real number or a (nested) tuple/list/array of them."""
    if isinstance(answer, (bool, np.bool_)):
        return None
    if isinstance(answer, numbers.Real):
        return np.float64(answer)
    if isinstance(answer, (tuple, list)) and len(answer) > MAX_LENGTH:
        return None
    if not isinstance(answer, (tuple, list, np.ndarray)):
        return None
    try:
        arr = np.asarray(answer)
    except Exception:                                  # ragged nesting
        return None
    if arr.dtype.kind not in "iuf" or arr.size > MAX_LENGTH:
        return None
    return arr.astype(np.float64)


def _entry(key):
    if key not in _BANK:
        raise ValueError(f"unknown exercise key {key!r}; expected one of {sorted(_BANK)}")
    return _BANK[key]


def _judge(key, answer):
    """("blank" | "right" | "wrong", message or None) for ``answer`` to exercise ``key``."""
    entry = _entry(key)
    if answer is None or answer is Ellipsis:
        return "blank", None
    if entry.kind == "code":
        if not callable(answer):
            return "wrong", tr("expected a function, got {kind}", kind=type(answer).__name__)
        try:
            message = entry.solver(_guarded(answer))
        except NotAnswered:
            return "blank", None
        except StudentError as exc:
            return "wrong", str(exc)
        return ("right", None) if message is None else ("wrong", message)
    expected = entry.solver()
    if isinstance(expected, tuple):                    # a shape: a sequence of whole numbers
        return ("right", None) if _as_shape(answer) == expected else ("wrong", None)
    arr = _as_numbers(answer)
    expected = np.asarray(expected, dtype=np.float64)
    ok = (arr is not None and arr.shape == expected.shape
          and bool(np.all(np.isfinite(arr))) and bool(np.allclose(arr, expected, rtol=entry.rtol, atol=entry.atol)))
    return ("right", None) if ok else ("wrong", None)


def is_correct(key, answer):
    """True when ``answer`` solves exercise ``key`` (numbers within tolerance, shapes exactly,
    a function passing its tester). Records nothing."""
    return _judge(key, answer)[0] == "right"


def check(key, answer):
    """Print the verdict for ``answer`` (one line, starting with ``key``); return True when right."""
    verdict, message = _judge(key, answer)
    entry = _BANK[key]
    if verdict == "blank":
        print(f"{key}: {tr('not answered yet')}")
    elif verdict == "right":
        print(f"{key}: {tr('correct')}")
    else:
        _WRONG[key] += 1
        zh_hint, zh_hint2 = entry.zh or (None, None)
        hint1, hint2 = choose(entry.hint, zh_hint), choose(entry.hint2, zh_hint2)
        if choose("en", "zh") == "zh":               # Chinese punctuation, no capitals
            said = f"{message}。" if message else ""
            hint = f"提示：{hint1}"
            if hint2 and _WRONG[key] >= 2:
                hint += f" 第二提示：{hint2}"
            print(f"{key}: 还不对。{said}{hint}")
        else:
            said = f" {message[0].upper()}{message[1:]}." if message else ""
            hint = f" Hint: {hint1}"
            if hint2 and _WRONG[key] >= 2:
                hint += f" Second hint: {hint2}"
            print(f"{key}: not yet.{said}{hint}")
    return verdict == "right"


def reset(key=None):
    """Forget the wrong attempts of ``key`` (or of every key), so the next wrong answer gets the first hint."""
    if key is None:
        _WRONG.clear()
    else:
        _entry(key)
        _WRONG.pop(key, None)


# Helpers for the testers of code exercises --------------------------------------------------
def fresh_shapes(rng):
    """Two (m, n) batch shapes for a tester: a single sample, and m > n (so a transpose shows)."""
    n = int(rng.integers(2, 5))
    return [(1, n), (int(rng.integers(n + 1, n + 4)), n)]


def run_tester(fn, cases, tol_numeric=1e-5):
    """Call ``fn(*args)`` for each ``(args, numeric, exact)`` in ``cases``; the first mismatch's message.

    ``numeric`` is the answer by central differences (compared to ``tol_numeric``), ``exact`` bpcore's.
    """
    for args, numeric, exact in cases:
        got = fn(*args)
        shapes = ", ".join(str(np.shape(a)) for a in args)
        message = (compare(got, numeric, "central differences", rtol=tol_numeric, atol=1e-8)
                   or compare(got, exact, "bpcore", rtol=1e-9, atol=1e-12))
        if message:
            return tr("on inputs of shapes {shapes}: {message}", shapes=shapes, message=message)
    return None

# Exercise definitions, one section per notebook ----------------------------------------------

# -- notebook 00 --
from .network import Network as _Network  # noqa: E402


@exercise("00.W2_shape", "which two layers does weights[1] connect? A weight matrix is read as (units it reads "
          "from, units it feeds).",
          hint2="weights[0] joins the input layer to the hidden layer, weights[1] the hidden layer to "
          "the output layer. Rows: the units it reads from; columns: the units it feeds.",
          zh=("weights[1] 连接的是哪两层？权重矩阵的形状读作（它读取的那一层的单元数，它输出到的那一层的单元数）。",
              "weights[0] 把输入层连到隐藏层，weights[1] 把隐藏层连到输出层。行数：它读取的单元数；列数：它输出到的单元数。"))
def _00_w2_shape():
    return tuple(_Network([4, 5, 2]).weights[1].shape)


@exercise("00.dZ0_shape", "a gradient dL/dZ has the shape of the Z it differentiates. What shape is the hidden "
          "layer's Z for this batch?",
          hint2="Z = A_prev W + b: one row per sample in the batch, one column per unit of the layer. "
          "dZ[0] belongs to the first layer after the input.",
          zh=("梯度 dL/dZ 与它所求导的 Z 形状相同。对这个批量，隐藏层的 Z 是什么形状？",
              "Z = A_prev W + b：批量中每个样本占一行，该层每个单元占一列。dZ[0] 属于输入层之后的第一层。"))
def _00_dz0_shape():
    net = _Network([3, 4, 1])
    X, Y = np.zeros((10, 3)), np.zeros((10, 1))
    return tuple(net.backward(net.forward(X), Y).dZ[0].shape)


@exercise("00.n_params", "every entry of every W and every b is one learned number. How many weights join a "
          "layer of n_in units to a layer of n_out units?",
          hint2="per layer: W has n_in * n_out entries, b has n_out; do it for both layers and add.",
          zh=("每个 W 和每个 b 的每一项都是一个要学习的数。把 n_in 个单元的一层连到 n_out 个单元的一层，需要多少个权重？",
              "逐层计算：W 有 n_in * n_out 项，b 有 n_out 项；两层都算出来再相加。"))
def _00_n_params():
    return sum(p.size for p in _Network([3, 4, 1]).parameters())


# -- notebook 01 --
@exercise("01.dz_dx", "z depends on x only through y. Which rule turns two local derivatives into dz/dx?",
          hint2="dz/dx = dz/dy * dy/dx; evaluate dz/dy at the value y takes when x = 2, not at 2.",
          zh=("z 只通过 y 依赖于 x。哪条法则把两个局部导数合成 dz/dx？",
              "dz/dx = dz/dy * dy/dx；dz/dy 要在 x = 2 时 y 的取值处求，而不是在 2 处求。"))
def _01_dz_dx():
    x = 2.0
    y = 3.0 * x + 1.0          # y = g(x) = 3x + 1
    return (2.0 * y) * 3.0     # dz/dy = 2y, dy/dx = 3


@exercise("01.dz_ds", "s reaches z along two roads, one through x and one through y. What does the chain "
          "rule do with two roads?",
          hint2="dz/ds = dz/dx * dx/ds + dz/dy * dy/ds; for z = x*y, dz/dx is the other factor, y.",
          zh=("s 沿两条路径影响 z：一条经过 x，一条经过 y。链式法则如何处理两条路径？",
              "dz/ds = dz/dx * dx/ds + dz/dy * dy/ds；对 z = x*y，dz/dx 就是另一个因子 y。"))
def _01_dz_ds():
    s = 2.0
    x, y = s * s, 3.0 * s      # x = s^2, y = 3s
    return y * (2.0 * s) + x * 3.0


@exercise("01.grad_twice", "what does one backward() store in a.grad? Then: what does += do the second time, "
          "when nothing has set a.grad back to 0?",
          hint2="one pass stores dprod/da, which is b's value; the second pass adds the same amount "
          "on top of it.",
          zh=("一次 backward() 在 a.grad 里存了什么？第二次调用时，在没有人把 a.grad 清零的情况下，+= 会做什么？",
              "一次反向传播存入 dprod/da，也就是 b 的值；第二次再把同样的量累加上去。"))
def _01_grad_twice():
    x, y = 2.0, 3.0            # z = x * y, both leaves
    return 2 * y


# -- notebook 02 --
# Seed 000's network as notebook 02 writes it: 3 inputs, two hidden layers of 3 sigmoid units
# (z1..z3, z4..z6), 3 sigmoid outputs (z7..z9), loss 1/2 sum (y_hat - y)^2, one sample whose
# target y is its input x (as in the post).
# Row convention: column j of W holds the weights INTO unit j, row k the weights OUT OF unit k,
# so (w1, w2, w3) = NB02_WEIGHTS[0][:, 0] and (w4, w5, w6) = NB02_WEIGHTS[1][0, :].
NB02_X = np.array([[0.27, 0.46, 0.49]])
NB02_Y = np.array([[0.27, 0.46, 0.49]])
NB02_WEIGHTS = [np.array([[0.1, -0.4, 0.3], [0.5, 0.2, -0.6], [-0.3, 0.7, 0.4]]),
                np.array([[0.6, -0.5, 0.2], [-0.3, 0.8, 0.4], [0.7, 0.1, -0.9]]),
                np.array([[0.4, -0.7, 0.5], [-0.2, 0.3, 0.9], [0.8, -0.6, -0.1]])]
NB02_BIASES = [np.array([0.1, -0.2, 0.3]), np.array([-0.1, 0.2, 0.0]), np.array([0.2, -0.3, 0.1])]
# The exercises ask for the same network on a new sample, whose gradients the notebook never prints.
NB02_EX_X = np.array([[1.0, 0.0, 0.5]])
NB02_EX_Y = np.array([[0.0, 1.0, 0.0]])


def _02_grads():
    net = _Network.from_weights(NB02_WEIGHTS, NB02_BIASES, activation="sigmoid")
    return net.backward(net.forward(NB02_EX_X), NB02_EX_Y, loss="half_sse")


@exercise("02.dL_dw5", "which z does w5 feed, and what does it multiply there? z5 is linear in w5.",
          hint2="dL/dw5 = dL/dz5 * dz5/dw5, and dz5/dw5 is the input that w5 multiplies: the output "
          "of the unit w5 leaves. Get dL/dz5 from the recursion for the new sample.",
          zh=("w5 输入到哪个 z，又在那里乘以什么？z5 关于 w5 是线性的。",
              "dL/dw5 = dL/dz5 * dz5/dw5，而 dz5/dw5 就是 w5 所乘的输入，即 w5 出发的那个单元的输出。dL/dz5 用新样本的递推公式求出。"))
def _02_dl_dw5():
    return _02_grads().dW[1][0, 1]


@exercise("02.dL_dz2", "z2 reaches L through every unit it feeds. Which units are those, and how does the "
          "chain rule combine several paths?",
          hint2="dL/dz2 = f'(z2) * (sum over the units z2 feeds of weight * dL/dz of that unit); z2 "
          "feeds z4, z5, z6 through the second row of W2.",
          zh=("z2 经由它输入的每一个单元影响 L。这些单元是哪些？链式法则如何合并多条路径？",
              "dL/dz2 = f'(z2) *（对 z2 输入的所有单元求和：权重 * 该单元的 dL/dz）；z2 通过 W2 的第二行输入到 z4、z5、z6。"))
def _02_dl_dz2():
    return _02_grads().dZ[0][0, 1]


@exercise("02.dL_db8", "how does z8 change when b8 grows a little? After that, one quantity of the backward "
          "pass is all you need.",
          hint2="dz8/db8 = 1, so dL/db8 = dL/dz8: the output delta of the second output unit, "
          "for the new sample.",
          zh=("b8 稍微增大时，z8 如何变化？想清楚之后，只需要反向传播中的一个量。",
              "dz8/db8 = 1，所以 dL/db8 = dL/dz8：就是新样本在第二个输出单元上的输出层 delta。"))
def _02_dl_db8():
    return _02_grads().db[2][1]


def _numeric(f, X):
    """Central-difference gradient of the scalar ``f`` at a copy of ``X`` (bpcore.gradcheck)."""
    from .gradcheck import numerical_gradient

    return numerical_gradient(f, np.array(X, dtype=np.float64))


@code_exercise("02.sigmoid_backward",
               "A = sigma(Z) elementwise, so each dZ entry needs only its own dA entry and its own "
               "Z entry: what is d sigma / dz, written through sigma itself?",
               "sigma'(z) = sigma(z) (1 - sigma(z)); multiply it entry by entry (*, not @) with dA.",
               zh=("A = sigma(Z) 是逐元素计算的，所以 dZ 的每一项只需要它自己那一项 dA 和那一项 Z：d sigma / dz 如何用 sigma 本身表示？",
                   "sigma'(z) = sigma(z) (1 - sigma(z))；把它与 dA 做逐元素乘积（用 *，不是 @）。"))
def _02_sigmoid_backward(fn):
    from .activations import sigmoid, sigmoid_prime

    rng = np.random.default_rng()
    cases = []
    for shape in fresh_shapes(rng):
        dA, Z = rng.standard_normal(shape), 2 * rng.standard_normal(shape)
        cases.append(((dA, Z), _numeric(lambda z: np.sum(dA * sigmoid(z)), Z), dA * sigmoid_prime(Z)))
    return run_tester(fn, cases)


@code_exercise("02.output_delta",
               "two factors by the chain rule: dL/da for L = 1/2 sum (a - y)^2, times da/dz for a "
               "sigmoid output; write the second one through A, the function gets no Z.",
               "dL/da = a - y (check the sign by asking which way a larger a moves L), and "
               "da/dz = a (1 - a); multiply entry by entry.",
               zh=("由链式法则得到两个因子：L = 1/2 sum (a - y)^2 的 dL/da，乘以 sigmoid 输出的 da/dz；第二个因子要用 A 表示，函数拿不到 Z。",
                   "dL/da = a - y（想一想 a 变大时 L 往哪个方向变，以此核对符号），da/dz = a (1 - a)；两者逐元素相乘。"))
def _02_output_delta(fn):
    from .activations import sigmoid
    from .losses import get

    rng = np.random.default_rng()
    cases = []
    for shape in fresh_shapes(rng):
        Z, Y = rng.standard_normal(shape), rng.random(shape)
        A = sigmoid(Z)
        numeric = _numeric(lambda z: 0.5 * np.sum((sigmoid(z) - Y) ** 2), Z)
        cases.append(((A, Y), numeric, get("half_sse").grad(A, Y) * A * (1 - A)))
    return run_tester(fn, cases)


# -- notebook 03 --
@exercise("03.dW1_shape_col", "a gradient has one entry per parameter. How is W^[1] laid out in the post's "
          "column convention, and does the number of samples change how many weights there are?",
          hint2="in the column convention Z^[1] = W^[1] X + b^[1] with X of shape (n_x, m): for W X "
          "to exist, W needs as many columns as X has rows. dW is shaped like W.",
          zh=("梯度对每个参数有一项。在原博文的列约定下 W^[1] 是怎样排列的？样本数会改变权重的个数吗？",
              "列约定下 Z^[1] = W^[1] X + b^[1]，X 的形状为 (n_x, m)：要让 W X 有意义，W 的列数必须等于 X 的行数。dW 的形状与 W 相同。"))
def _03_dw1_shape_col():
    n_x, n_h = 2, 4
    return (n_h, n_x)


@exercise("03.dW1_shape_row", "bpcore writes Z = A_prev W + b with samples as rows. How must W be shaped for "
          "A_prev W to work, and what shape does dW take?",
          hint2="A_prev is (m, n_x) and Z must have one column per hidden unit; dW is shaped like W "
          "(compare with your answer in the column convention).",
          zh=("bpcore 写作 Z = A_prev W + b，样本按行排列。W 应该是什么形状 A_prev W 才成立？dW 又是什么形状？",
              "A_prev 的形状是 (m, n_x)，Z 的每一列对应一个隐藏单元；dW 与 W 形状相同（和你在列约定下的答案比较一下）。"))
def _03_dw1_shape_row():
    net = _Network([2, 4, 1])
    X, Y = np.zeros((100, 2)), np.zeros((100, 1))
    return tuple(net.backward(net.forward(X), Y, loss="bce").dW[0].shape)


@exercise("03.dz2_batch", "for a sigmoid output with binary cross-entropy, dL/dz of one sample is remarkably "
          "simple (derived above). What does averaging the cost over the batch do to each sample's share?",
          hint2="per sample dL/dz = a - y; the cost J = (1/m) sum of the per-sample losses, so each "
          "row of dZ carries a factor 1/m.",
          zh=("sigmoid 输出配二元交叉熵时，单个样本的 dL/dz 非常简单（上面已推导）。对整个批量取平均，会让每个样本的份额怎样变化？",
              "每个样本的 dL/dz = a - y；代价 J = (1/m) 乘以各样本损失之和，所以 dZ 的每一行都带一个因子 1/m。"))
def _03_dz2_batch():
    a, y, m = 0.9, 0.0, 4
    return (a - y) / m


# The loop version of dW that notebook 03 gives, for the exercise "vectorise it".
def dW_loop(A_prev, dZ):
    """dW[k, j] = sum over samples i of A_prev[i, k] * dZ[i, j]. (m, n_in), (m, n_out) -> (n_in, n_out)."""
    m, n_in = A_prev.shape
    dW = np.zeros((n_in, dZ.shape[1]))
    for i in range(m):
        for k in range(n_in):
            for j in range(dZ.shape[1]):
                dW[k, j] += A_prev[i, k] * dZ[i, j]
    return dW


@code_exercise("03.dW_vectorised",
               "dW has one row per input and one column per unit, and sums over the m samples; "
               "which matrix product of A_prev and dZ has shape (n_in, n_out) and sums over m?",
               "the sum over i of A_prev[i, k] * dZ[i, j] is row k of A_prev.T times column j of dZ.",
               zh=("dW 每个输入占一行、每个单元占一列，并且对 m 个样本求和；A_prev 与 dZ 的哪个矩阵乘积形状是 (n_in, n_out)，并且对 m 求和？",
                   "对 i 求和的 A_prev[i, k] * dZ[i, j]，正是 A_prev.T 的第 k 行乘以 dZ 的第 j 列。"))
def _03_dw_vectorised(fn):
    from .layers import dense_backward

    rng = np.random.default_rng()
    cases = []
    for m, n_in in fresh_shapes(rng):
        n_out = n_in + 1
        A_prev, dZ, W = rng.standard_normal((m, n_in)), rng.standard_normal((m, n_out)), rng.standard_normal((n_in, n_out))
        numeric = _numeric(lambda w: np.sum(dZ * (A_prev @ w)), W)   # L with dL/dZ = dZ, Z = A_prev W
        cases.append(((A_prev, dZ), numeric, dense_backward(dZ, A_prev, W)[0]))
    return run_tester(fn, cases)


@code_exercise("03.tanh_backward",
               "the function gets A = tanh(Z), not Z: write tanh'(z) through tanh(z) "
               "(differentiate sinh/cosh, or use tanh(z) = 2 sigma(2z) - 1).",
               "tanh' = 1/cosh^2 = (cosh^2 - sinh^2)/cosh^2: which power of A is that? Multiply "
               "entry by entry with dA.",
               zh=("函数拿到的是 A = tanh(Z)，不是 Z：把 tanh'(z) 用 tanh(z) 表示（对 sinh/cosh 求导，或利用 tanh(z) = 2 sigma(2z) - 1）。",
                   "tanh' = 1/cosh^2 = (cosh^2 - sinh^2)/cosh^2：这是 A 的哪个幂？再与 dA 逐元素相乘。"))
def _03_tanh_backward(fn):
    from .activations import get
    from .layers import activation_backward

    rng = np.random.default_rng()
    cases = []
    for shape in fresh_shapes(rng):
        dA, Z = rng.standard_normal(shape), rng.standard_normal(shape)
        A = np.tanh(Z)
        numeric = _numeric(lambda z: np.sum(dA * np.tanh(z)), Z)
        cases.append(((dA, A), numeric, activation_backward(dA, Z, A, get("tanh"))))
    return run_tester(fn, cases)


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
          "(num_hidden, num_inputs, num_inputs).",
          zh="每个权重对应梯度的一项：dL/dw 与 w 形状相同，即 (num_hidden, num_inputs, num_inputs)。")
def _06_dw_shape():
    num_inputs, num_hidden = 4, 5
    return (num_hidden, num_inputs, num_inputs)


@exercise("06.dL_dw", "dL/dw[1][2][0] = (input 0 of layer 1) * dL/dz[1][2]; layer 1's inputs "
          "are the outputs fz[0] of layer 0, not its own output fz[1][2].",
          zh="dL/dw[1][2][0] =（第 1 层的第 0 个输入）* dL/dz[1][2]；第 1 层的输入是第 0 层的输出 fz[0]，而不是它自己的输出 fz[1][2]。")
def _06_dl_dw():
    _, grads = _06_trace_grads()
    return grads.dW[1][0, 2]          # bpcore's dW[1] is the class's gradient transposed


@exercise("06.ratio", "the post subtracts fz[1][2] * (y_hat[2] - y[2]) * f(z)f(1-z), with "
          "z = z[1][2], from every weight of the row; divide that by the true dL/dw[1][2][0].",
          zh="原博文从这一行的每个权重中减去 fz[1][2] * (y_hat[2] - y[2]) * f(z)f(1-z)，其中 z = z[1][2]；把它除以真正的 dL/dw[1][2][0]。")
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
          "grad_w = -(t - y_pre) X / 4 adds up rows 1 and 2 of X with those signs (a 2-vector).",
          zh="第 0 轮时 y_pre = [1, 0, 0, 1]，t - y_pre = [-1, 1, 0, 0]：grad_w = -(t - y_pre) X / 4 就是按这些符号把 X 的第 1、2 行相加（一个 2 维向量）。")
def _04_grad_w0():
    from . import datasets as _datasets, perceptron as _perceptron

    X, t = _datasets.seed001()
    y_pre, _ = _perceptron.forward(X, np.array([1.0, 1.0]), 0.0)
    return _perceptron.gradients(X, t, y_pre)[0]


@exercise("04.epochs_lr", "run perceptron.train on the seed's data from w = [1, 1], b = 0 with "
          "lr = 0.45 and stop='misclassified', and read res.epochs (an integer).",
          zh="从 w = [1, 1]、b = 0 出发，用 lr = 0.45 和 stop='misclassified' 在原博文的数据上运行 perceptron.train，读出 res.epochs（一个整数）。")
def _04_epochs_lr():
    return _04_train(w=[1, 1], b=0, lr=0.45, max_epochs=1000).epochs


@exercise("04.zero_start_ratio", "from w = 0, b = 0 every val is lr times the val of the lr = 1 "
          "run, so the predictions never change with lr: compare the final w of two runs.",
          zh="从 w = 0、b = 0 出发，每个 val 都是 lr = 1 那次运行的 val 的 lr 倍，所以预测不随 lr 改变：比较两次运行最终的 w。")
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
          "(x = [0, 1, 1], y = 1), with k2 the output at the seed's initial weights.",
          zh="对第二个样本（x = [0, 1, 1]，y = 1）计算 k2_delta = (y - k2) * k2 * (1 - k2)，其中 k2 是原博文初始权重下的输出。")
def _05_k2_delta_x2():
    X, Y, trace = _05_seed_state()
    k2 = trace.output[1, 0]
    return (Y[1, 0] - k2) * k2 * (1 - k2)


@exercise("05.dE_dz2_factor", "E = 1/2 sum (y - k2)^2: dE/dk2 = -(y - k2), dk2/dz2 = k2 (1 - k2); "
          "compare their product with k2_delta (one number c with dE/dz2 = c * k2_delta).",
          zh="E = 1/2 sum (y - k2)^2：dE/dk2 = -(y - k2)，dk2/dz2 = k2 (1 - k2)；把两者的乘积与 k2_delta 比较（求一个数 c，使 dE/dz2 = c * k2_delta）。")
def _05_de_dz2_factor():
    return -1.0


@exercise("05.mse_lr", "mse = (1/4) sum (y - k2)^2 over the 4 samples, half_sse = (1/2) sum: "
          "the gradient of mse is a fixed multiple of the gradient of half_sse.",
          zh="mse 是对 4 个样本求 (1/4) sum (y - k2)^2，half_sse 是 (1/2) sum：mse 的梯度是 half_sse 梯度的固定倍数。")
def _05_mse_lr():
    X, Y, trace = _05_seed_state()
    net = _Network([3, 4, 1], activation="sigmoid", init="uniform", seed=1, bias=False)
    g_half = net.backward(trace, Y, loss="half_sse").dW[1]
    g_mse = net.backward(trace, Y, loss="mse").dW[1]
    return float(np.mean(g_half / g_mse))  # lr_mse * g_mse = 1 * g_half


# -- notebook 07 --
@exercise("07.sigmoid_bound", "sigma'(z) = sigma(z)(1 - sigma(z)) is largest at z = 0, where "
          "sigma = 1/2; the backward pass multiplies by one such factor per hidden layer (the "
          "output's sigma' cancels against bce).",
          zh="sigma'(z) = sigma(z)(1 - sigma(z)) 在 z = 0 处最大，此时 sigma = 1/2；反向传播每经过一个隐藏层就乘上一个这样的因子（输出层的 sigma' 与 bce 相消）。")
def _07_sigmoid_bound():
    return 0.25 ** 6


@exercise("07.ratio_3", "the snapshot's grad_norms has one row per epoch and one column per "
          "layer (4 here: 3 hidden and the output); use row 0.",
          zh="快照的 grad_norms 每个轮次占一行，每层占一列（这里共 4 层：3 个隐藏层和输出层）；用第 0 行。")
def _07_ratio_3():
    from .widgets import playground_run

    g = playground_run(epochs=0, hidden=(8, 8, 8), activation="sigmoid").grad_norms[0]
    return g[0] / g[-1]


# -- notebook 08 --
# Seed 000's first neuron (notebook 02's numbers): a1 = sigma(w1 x1 + w2 x2 + w3 x3 + b1).
NB08_NEURON_X = NB02_X[0].copy()
NB08_NEURON_W = NB02_WEIGHTS[0][:, 0].copy()
NB08_NEURON_B = float(NB02_BIASES[0][0])


@exercise("08.predict_da_dw2", "the path from w2 to a1 has two edges: z1 = ... + w2 x2 + ... and "
          "a1 = sigma(z1). Multiply their local derivatives.",
          hint2="d z1/d w2 = x2 = 0.46 and d a1/d z1 = a1 (1 - a1) with a1 = sigma(z1) = "
          "sigma(0.21); nothing else meets on this path.",
          zh=("从 w2 到 a1 的路径有两条边：z1 = ... + w2 x2 + ... 和 a1 = sigma(z1)。把它们的局部导数相乘。",
              "d z1/d w2 = x2 = 0.46，d a1/d z1 = a1 (1 - a1)，其中 a1 = sigma(z1) = sigma(0.21)；"
              "这条路径上没有别的路径汇合。"))
def _08_predict_da_dw2():
    from .activations import sigmoid_prime

    z1 = float(NB08_NEURON_X @ NB08_NEURON_W + NB08_NEURON_B)
    return sigmoid_prime(z1) * NB08_NEURON_X[1]


@code_exercise("08.sin_backward",
               "the closure adds (local derivative) * (upstream gradient) to a.grad; what is "
               "d sin(a) / d a?",
               "the derivative of sin is cos, taken at the input a; the upstream gradient "
               "out_grad multiplies it (math.cos and np.cos both work).",
               zh=("闭包往 a.grad 上加的是（局部导数）×（上游梯度）；d sin(a) / d a 是什么？",
                   "sin 的导数是 cos，在输入 a 处取值；再乘以上游梯度 out_grad（math.cos 和 np.cos 都可以）。"))
def _08_sin_backward(fn):
    import math

    from .autograd import Value, backward

    rng = np.random.default_rng()
    for _ in range(5):                  # the closure's term on its own, at random points
        a, g = float(rng.uniform(-3, 3)), float(rng.normal())
        want = _numeric(lambda v: g * np.sin(v[0]), [a]).reshape(())
        message = compare(fn(a, g), want, "central differences", rtol=1e-6, atol=1e-8)
        if message:
            return tr("at a = {a:.4g}, out_grad = {g:.4g}: {message}", a=a, g=g, message=message)

    def sin(v):                         # the operation added to the engine with your backward
        out = Value(math.sin(v.data), _parents=(v,), _op="sin")

        def _backward(out):
            v.grad += float(fn(v.data, out.grad))
        out._backward = _backward
        return out

    x, y = float(rng.uniform(-2, 2)), float(rng.uniform(-2, 2))
    xv, yv = Value(x), Value(y)
    backward(sin(xv * yv) * xv)         # x is used twice: its two paths add up
    want = _numeric(lambda v: np.sin(v[0] * v[1]) * v[0], [x, y])
    message = compare(np.array([xv.grad, yv.grad]), want, "central differences", rtol=1e-6, atol=1e-8)
    return None if message is None else tr("in the engine, L = sin(x*y) * x at x = {x:.4g}, "
                                           "y = {y:.4g}, [dL/dx, dL/dy]: {message}",
                                           x=x, y=y, message=message)


@code_exercise("08.mul_backward",
               "for out = a * b, how much does out change per unit change of a (b held fixed)? "
               "Compare with what the buggy closure multiplies out.grad by.",
               "d(ab)/da = b and d(ab)/db = a: each input's term uses the other input's value. "
               "Return the pair (dL/da, dL/db).",
               zh=("对 out = a * b，b 保持不变时，a 每变化一个单位，out 变化多少？和有 bug 的闭包拿来乘 out.grad 的量比一比。",
                   "d(ab)/da = b，d(ab)/db = a：每个输入的那一项用的是另一个输入的值。返回二元组 (dL/da, dL/db)。"))
def _08_mul_backward(fn):
    rng = np.random.default_rng()
    for _ in range(5):
        a, b, g = (float(v) for v in rng.uniform(-3, 3, size=3))
        want = _numeric(lambda v: g * v[0] * v[1], [a, b])
        message = compare(fn(a, b, g), want, "central differences", rtol=1e-6, atol=1e-8)
        if message:
            return tr("at a = {a:.4g}, b = {b:.4g}, out_grad = {g:.4g}, (dL/da, dL/db): {message}",
                      a=a, b=b, g=g, message=message)
    return None


# -- notebook 09 --
@exercise("09.softmax_jacobian", "first the outputs: e^0, e^ln2, e^ln3 are 1, 2, 3, so y_hat = (1, 2, 3) / 6. "
          "Then J[k, j] = y_hat_k (delta_kj - y_hat_j): what goes on the diagonal, what off it?",
          hint2="J = np.diag(y_hat) - np.outer(y_hat, y_hat): the off-diagonal entries are not 0.",
          zh=("先求输出：e^0、e^ln2、e^ln3 分别是 1、2、3，所以 y_hat = (1, 2, 3) / 6。再用 J[k, j] = y_hat_k (delta_kj - y_hat_j)：对角线上是什么，对角线外又是什么？",
              "J = np.diag(y_hat) - np.outer(y_hat, y_hat)：对角线外的元素不是 0。"))
def _09_softmax_jacobian():
    from .activations import softmax_jacobian

    return softmax_jacobian(np.log([[1.0, 2.0, 3.0]]))[0]


@exercise("09.ce_dz", "softmax and cross-entropy together give dL/dz = y_hat - y; y is one-hot with "
          "its 1 at index 2 (counting from 0).",
          hint2="y_hat = exp(z) / sum(exp(z)) for z = (2, 1, 0); subtract (0, 0, 1). The last entry is negative.",
          zh=("softmax 函数与交叉熵合在一起给出 dL/dz = y_hat - y；y 是独热向量，它的 1 在下标 2 处（从 0 开始数）。",
              "对 z = (2, 1, 0)，y_hat = exp(z) / sum(exp(z))；减去 (0, 0, 1)。最后一项是负数。"))
def _09_ce_dz():
    from .losses import softmax_cross_entropy

    return softmax_cross_entropy(np.array([[2.0, 1.0, 0.0]]), np.array([[0.0, 0.0, 1.0]]))[1][0]


@exercise("09.jacobian_entries", "the Jacobian has one row per output z_j and one column per weight W_ik. "
          "Which weights does a single output z_j depend on?",
          hint2="z_j = sum_i a_i W_ij: only the 256 weights of column j. Entries: 128 x (256 x 128).",
          zh=("雅可比矩阵每个输出 z_j 占一行，每个权重 W_ik 占一列。单个输出 z_j 依赖于哪些权重？",
              "z_j = sum_i a_i W_ij：只依赖第 j 列的 256 个权重。元素个数：128 x (256 x 128)。"))
def _09_jacobian_entries():
    n_in, n_out = 256, 128
    return (n_out * n_in * n_out, n_in * n_out)


@exercise("09.slowdown_factor", "write dL/dz for both losses at the start (z = w x + b): half_sse has one "
          "factor more than bce. Which one, and what is its value?",
          hint2="the extra factor is sigma'(z) = sigma(z)(1 - sigma(z)) at z = 4.",
          zh=("写出两种损失在开始时（z = w x + b）的 dL/dz：half_sse 比 bce 多一个因子。是哪个因子，它的值是多少？",
              "多出的因子是 z = 4 处的 sigma'(z) = sigma(z)(1 - sigma(z))。"))
def _09_slowdown_factor():
    from .activations import sigmoid_prime

    return float(sigmoid_prime(4.0))


@code_exercise("09.softmax_vjp",
               "each dZ entry needs the whole row: dZ_j = sum_k dA_k y_hat_k (delta_kj - y_hat_j). "
               "Split the sum into the k = j term and the rest.",
               "dZ = A * (dA - s) with s the row sum of dA * A, one number per sample: "
               "np.sum(dA * A, axis=1, keepdims=True).",
               zh=("dZ 的每一项都需要整行：dZ_j = sum_k dA_k y_hat_k (delta_kj - y_hat_j)。把求和拆成 k = j 的那一项和其余各项。",
                   "dZ = A * (dA - s)，其中 s 是 dA * A 的行和，每个样本一个数：np.sum(dA * A, axis=1, keepdims=True)。"))
def _09_softmax_vjp(fn):
    from .activations import softmax, softmax_vjp

    rng = np.random.default_rng()
    cases = []
    for shape in fresh_shapes(rng):
        dA, Z = rng.standard_normal(shape), 2 * rng.standard_normal(shape)
        A = softmax(Z)
        cases.append(((dA, A), _numeric(lambda z: np.sum(dA * softmax(z)), Z), softmax_vjp(dA, A)))
    return run_tester(fn, cases)


# -- notebook 09 (gradient checking, initialisation) --
@exercise("09.gc_eps", "the model is a sum of a term that grows with eps and one that shrinks; "
          "where is its derivative zero?",
          "dE/deps = eps |f'''| / 3 - u |f| / eps^2 = 0 gives eps^3 = 3 u |f| / |f'''|; for e^x at 0, "
          "f = f''' = 1.", rtol=1e-3,
          zh=("这个模型是一项随 eps 增大、一项随 eps 减小的两项之和；它的导数在哪里为零？",
              "dE/deps = eps |f'''| / 3 - u |f| / eps^2 = 0 给出 eps^3 = 3 u |f| / |f'''|；对 e^x 在 0 处，f = f''' = 1。"))
def _09_gc_eps():
    u = 2.0 ** -53
    return (3.0 * u) ** (1.0 / 3.0)


@exercise("09.gc_scaled", "write rel_error's formula with a = 1.1 g and b = g; what happens to max|g|?",
          "max|1.1 g - g| / max(|1.1 g| + |g|) = 0.1 max|g| / (2.1 max|g|).",
          zh=("把 rel_error 的公式写出来，令 a = 1.1 g、b = g；max|g| 会怎样？",
              "代入后 max|1.1 g - g| / max(|1.1 g| + |g|) = 0.1 max|g| / (2.1 max|g|)：max|g| 约掉了。"))
def _09_gc_scaled():
    return 0.1 / 2.1


@code_exercise("09.gc_layer_error",
               "one number for the pair of arrays, measured on this array's own scale: the largest "
               "difference over the largest size, never entry by entry.",
               "max|a - b| / max(|a| + |b|) over all entries, and 0.0 when both arrays are all zeros.",
               zh=("对这一对数组给出一个数，并以这个数组自身的尺度来衡量：最大的差除以最大的大小，而不是逐元素比较。",
                   "对所有元素取 max|a - b| / max(|a| + |b|)；两个数组全为零时返回 0.0。"))
def _09_gc_layer_error(fn):
    rng = np.random.default_rng()
    n = int(rng.integers(2, 5))
    cases = []
    for scale in (1e-8, 1.0):                         # 06's smallest and a usual gradient size
        a = scale * rng.standard_normal((n, n + 1))
        a[0, 0] = 1e-6 * scale                        # an entry near 0: an entry-wise ratio blows up
        b = a * (1 + 1e-3 * rng.standard_normal(a.shape))
        cases += [(a, b), (a, 1.5 * a)]
    cases.append((np.zeros(n), np.zeros(n)))          # both zero: the error is 0, not 0/0
    for a, b in cases:
        want = np.float64(np.max(np.abs(a - b)) / np.max(np.abs(a) + np.abs(b))) if np.any(a) else np.float64(0.0)
        message = compare(fn(a, b), want, "the two arrays", rtol=1e-9, atol=1e-15)
        if message:
            return tr("for arrays of shape {shape} and size {size:.0e}: {message}",
                      shape=a.shape, size=np.max(np.abs(a)), message=message)
    return None


@exercise("09.init_he_var", "He keeps Var(z) the same from layer to layer for relu, which zeroes "
          "half of z: what must n_in Var(w) be?",
          "n_in Var(w) / 2 = 1, so Var(w) = 2 / n_in.",
          zh=("对 relu，He 初始化让 Var(z) 逐层保持不变，而 relu 会把一半的 z 变为零：n_in Var(w) 必须等于多少？",
              "n_in Var(w) / 2 = 1，所以 Var(w) = 2 / n_in。"))
def _09_init_he_var():
    return 2.0 / 50


@exercise("09.init_relu_factor", "the factor is (1/2) n Var(w); what is the variance of a uniform "
          "number on [-1, 1)?",
          "Var of U[a, b) is (b - a)^2 / 12 = 4/12 = 1/3; multiply by n / 2 = 50.",
          zh=("这个因子是 (1/2) n Var(w)；[-1, 1) 上均匀分布的随机数方差是多少？",
              "U[a, b) 的方差是 (b - a)^2 / 12 = 4/12 = 1/3；再乘以 n / 2 = 50。"))
def _09_init_relu_factor():
    return 0.5 * 100 * (1.0 / 3.0)
