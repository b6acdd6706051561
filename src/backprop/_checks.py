"""Input checks for the public functions, with messages that name the shapes and values.

Checks run once, where data enters the package (each public op, each MLP method); the
unchecked cores behind them trust their callers, so the training loop pays for no check twice.
"""

import numbers

import numpy as np


def as_float(x):
    """Return ``x`` as a float64 array, without copying when it already is one.

    >>> as_float([1, 2]).dtype
    dtype('float64')
    """
    return np.asarray(x, dtype=np.float64)


def require_same_shape(op, names, a, b):
    """Raise ValueError unless ``a`` and ``b`` have the same shape (we never broadcast).

    >>> require_same_shape("mse", "AY", np.zeros(3), np.zeros((2, 3)))
    Traceback (most recent call last):
    ...
    ValueError: mse: A has shape (3,) but Y has shape (2, 3); they must have the same shape
    """
    if a.shape != b.shape:
        raise ValueError(
            f"{op}: {names[0]} has shape {a.shape} but {names[1]} has shape {b.shape}; "
            "they must have the same shape"
        )


def first_non_finite(X):
    """``(count, index, value)`` of X's nan/inf entries and the first of them, or None.

    >>> first_non_finite(np.array([[1.0, np.inf], [np.nan, 0.0]]))
    (2, (0, 1), np.float64(inf))
    """
    bad = ~np.isfinite(X)
    if not bad.any():
        return None
    first = tuple(int(i) for i in np.argwhere(bad)[0])
    return int(bad.sum()), first, X[first]


def reject_non_finite(name, X):
    """Raise ValueError naming how many entries of X are nan/inf and where the first one is.

    >>> reject_non_finite("X", np.array([[1.0, np.nan]]))
    Traceback (most recent call last):
    ...
    ValueError: X contains 1 non-finite value(s); the first is nan at index (0, 1)
    """
    # One BLAS pass: Σx² is non-finite when some entry is (or when huge entries overflow it,
    # which the exact check then clears); np.isfinite(X).all() is slower on small X.
    if np.isfinite(np.vdot(X, X)):
        return
    found = first_non_finite(X)
    if found:
        count, first, value = found
        raise ValueError(f"{name} contains {count} non-finite value(s); the first is {value} at index {first}")


def check_inputs(X, features):
    """X as a float64 (n, features) array with n ≥ 1 and finite entries, or a ValueError.

    >>> check_inputs(np.ones((4, 2)), 3)
    Traceback (most recent call last):
    ...
    ValueError: X has shape (4, 2) but the first layer takes 3 features
    """
    X = as_float(X)
    if X.ndim != 2:
        raise ValueError(
            f"X has shape {X.shape} but must be 2-D (n samples, {features} features); "
            "pass X[None, :] for a single sample"
        )
    if X.shape[1] != features:
        raise ValueError(f"X has shape {X.shape} but the first layer takes {features} features")
    if X.shape[0] == 0:
        raise ValueError(f"X has shape {X.shape}: it holds no samples")
    reject_non_finite("X", X)
    return X


def check_targets(Y, output_shape):
    """Y as a float64 array of exactly ``output_shape`` (never broadcast) with finite entries.

    >>> check_targets(np.zeros(4), (4, 3))
    Traceback (most recent call last):
    ...
    ValueError: Y has shape (4,) but the network outputs (4, 3); Y must match it exactly
    """
    Y = as_float(Y)
    if Y.shape != output_shape:
        raise ValueError(
            f"Y has shape {Y.shape} but the network outputs {output_shape}; Y must match it exactly"
        )
    reject_non_finite("Y", Y)
    return Y


def positive_number(name, value):
    """``value`` as a float if it is a positive finite real number, else a ValueError.

    >>> positive_number("lr", 0)
    Traceback (most recent call last):
    ...
    ValueError: lr must be a positive finite number, got lr=0
    """
    if not (isinstance(value, numbers.Real) and np.isfinite(value) and value > 0):
        raise ValueError(f"{name} must be a positive finite number, got {name}={value!r}")
    return float(value)


def whole_number(name, value, minimum):
    """``value`` if it is an integer ≥ ``minimum``, else a ValueError.

    >>> whole_number("epochs", -1, 0)
    Traceback (most recent call last):
    ...
    ValueError: epochs must be an integer >= 0, got epochs=-1
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < minimum:
        raise ValueError(f"{name} must be an integer >= {minimum}, got {name}={value!r}")
    return int(value)
