"""Input checks shared by the package: one clear ValueError instead of a NumPy traceback."""
import numbers

import numpy as np

# dtype kinds that are real numbers: bool, signed and unsigned int, float. Strings ("U", "S"),
# complex ("c"), datetimes ("M", "m") and records are refused: NumPy would convert the first
# silently, drop the imaginary part of the second and turn NaT into -9.2e18.
_REAL_KINDS = "biuf"


def as_array(value, name):
    """`value` as a float64 NumPy array of real numbers (any shape, entries not yet checked).

    Refuses strings (even numeric ones), complex numbers, datetimes, masked arrays (their mask
    would be ignored), ragged lists and numbers too large for float64.
    """
    if isinstance(value, np.ma.MaskedArray):
        raise ValueError(f"{name} is a masked array; its mask would be ignored: pass "
                         f"{name}.filled(...) or drop the masked rows")
    if isinstance(value, (str, bytes)):
        raise ValueError(f"{name} must be numeric array-like; got a string {value!r}")
    try:
        raw = np.asarray(value)
    except (TypeError, ValueError, OverflowError) as exc:
        raise ValueError(f"{name} must be a numeric array-like of real numbers with one length per "
                         f"dimension; got {type(value).__name__} ({exc})") from exc
    if raw.dtype.kind == "O":
        # Python objects: accept real numbers only (huge ints, Fractions); refuse strings, None, ...
        for x in raw.flat:
            if isinstance(x, (bool, np.bool_)) or not isinstance(x, numbers.Real):
                raise ValueError(f"{name} must contain real numbers only; got {x!r} "
                                 f"({type(x).__name__})")
    elif raw.dtype.kind not in _REAL_KINDS:
        raise ValueError(f"{name} must be numeric array-like of real numbers; got dtype {raw.dtype} "
                         f"(strings, complex numbers and dates are refused)")
    try:
        with np.errstate(over="raise"):
            return raw.astype(np.float64)
    except (OverflowError, FloatingPointError, TypeError, ValueError) as exc:
        raise ValueError(f"{name} has an entry too large for float64 (max about 1.8e308)") from exc


def as_matrix(value, name, *, cols=None):
    """Return `value` as a finite float64 array of shape (m, n) with m >= 1.

    A 1-D input becomes one column when `cols` is 1 (a target vector), otherwise one row
    per entry is ambiguous, so it is refused. `cols`, if given, is the required width.
    """
    arr = as_array(value, name)
    if arr.ndim == 1 and cols == 1:
        arr = arr.reshape(-1, 1)
    if arr.ndim != 2:
        want = f"(m, {cols})" if cols is not None else "(m, n)"
        raise ValueError(f"{name} must be 2-D of shape {want} (samples as rows); got shape {arr.shape}")
    if arr.shape[0] == 0 or arr.shape[1] == 0:
        raise ValueError(f"{name} is empty (shape {arr.shape}); need at least one sample")
    if cols is not None and arr.shape[1] != cols:
        raise ValueError(f"{name} must have {cols} column(s); got shape {arr.shape}")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} contains NaN or inf")
    return arr


def as_vector(value, name, size):
    """`value` as a finite float64 vector of shape (size,); a single number is refused."""
    arr = as_array(value, name)
    if arr.shape != (size,):
        raise ValueError(f"{name} must be {size} finite numbers, shape ({size},); got shape {arr.shape}")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} contains NaN or inf")
    return arr


def real_number(value, name):
    """A finite real number (a Python or NumPy int or float; not bool, not a string)."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise ValueError(f"{name} must be a number (real and finite); got {value!r}")
    try:
        value = float(value)
    except OverflowError as exc:
        raise ValueError(f"{name} must be a number (real and finite); got an int too large for float64") from exc
    if not np.isfinite(value):
        raise ValueError(f"{name} must be a number (real and finite); got {value!r}")
    return value


def positive_number(value, name):
    """A finite real number > 0 (learning rates, epsilons)."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise ValueError(f"{name} must be a positive number; got {value!r}")
    try:
        value = float(value)
    except OverflowError as exc:
        raise ValueError(f"{name} must be a positive finite number; got an int too large for float64") from exc
    if not np.isfinite(value) or value <= 0:
        raise ValueError(f"{name} must be a positive finite number; got {value!r}")
    return value


def positive_int(value, name, *, allow_zero=False, maximum=None):
    """A Python or NumPy integer >= 1 (or >= 0 when allow_zero), and <= maximum if given."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        raise ValueError(f"{name} must be an integer; got {value!r}")
    low = 0 if allow_zero else 1
    if value < low:
        raise ValueError(f"{name} must be >= {low}; got {value!r}")
    if maximum is not None and value > maximum:
        raise ValueError(f"{name} must be <= {maximum}; got {value!r}")
    return int(value)


def flag(value, name):
    """A bool (True/False or a NumPy bool); the string "False" is refused, not read as true."""
    if not isinstance(value, (bool, np.bool_)):
        raise ValueError(f"{name} must be True or False; got {value!r}")
    return bool(value)


def choice(value, name, options):
    """`value` must be one of the names in `options` (a dict or sequence)."""
    if not isinstance(value, str) or value not in options:
        raise ValueError(f"unknown {name} {value!r}; expected one of {sorted(options)}")
    return value
