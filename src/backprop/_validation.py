"""Checks on what users pass to the MLP, with messages that name the shapes and values."""

import numbers

import numpy as np


def reject_non_finite(name, X):
    """Raise ValueError naming how many entries of X are nan/inf and where the first one is.

    >>> reject_non_finite("X", np.array([[1.0, np.nan]]))
    Traceback (most recent call last):
    ...
    ValueError: X contains 1 non-finite value(s); the first is nan at index (0, 1)
    """
    # One BLAS pass: Σx² is non-finite when some entry is (or when huge entries overflow it,
    # which the exact check below then clears); np.isfinite(X).all() is slower on small X.
    if np.isfinite(np.vdot(X, X)):
        return
    bad = ~np.isfinite(X)
    if bad.any():
        first = tuple(int(i) for i in np.argwhere(bad)[0])
        raise ValueError(
            f"{name} contains {int(bad.sum())} non-finite value(s); the first is {X[first]} at index {first}"
        )


def check_inputs(X, features):
    """X as a float64 (n, features) array with n ≥ 1 and finite entries, or a ValueError.

    >>> check_inputs(np.ones((4, 2)), 3)
    Traceback (most recent call last):
    ...
    ValueError: X has shape (4, 2) but the first layer takes 3 features
    """
    X = np.asarray(X, dtype=np.float64)
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
    Y = np.asarray(Y, dtype=np.float64)
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
