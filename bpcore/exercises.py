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
