"""Input checks shared by the package: one clear ValueError instead of a NumPy traceback."""
import numbers

import numpy as np


def as_matrix(value, name, *, cols=None):
    """Return `value` as a finite float64 array of shape (m, n) with m >= 1.

    A 1-D input becomes one column when `cols` is 1 (a target vector), otherwise one row
    per entry is ambiguous, so it is refused. `cols`, if given, is the required width.
    """
    try:
        arr = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name} must be numeric array-like; got {type(value).__name__}") from exc
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


def positive_number(value, name):
    """A finite real number > 0 (learning rates, epsilons)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ValueError(f"{name} must be a positive number; got {value!r}")
    value = float(value)
    if not np.isfinite(value) or value <= 0:
        raise ValueError(f"{name} must be a positive finite number; got {value!r}")
    return value


def positive_int(value, name, *, allow_zero=False):
    """A Python or NumPy integer >= 1 (or >= 0 when allow_zero)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise ValueError(f"{name} must be an integer; got {value!r}")
    low = 0 if allow_zero else 1
    if value < low:
        raise ValueError(f"{name} must be >= {low}; got {value!r}")
    return int(value)


def choice(value, name, options):
    """`value` must be one of the names in `options` (a dict or sequence)."""
    if not isinstance(value, str) or value not in options:
        raise ValueError(f"unknown {name} {value!r}; expected one of {sorted(options)}")
    return value
