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


def check_targets(Y, shape, against=None):
    """Y as a float64 array of exactly ``shape`` (never broadcast) with finite entries.

    ``against`` names the output in the message (default: "the network outputs <shape>").

    >>> check_targets(np.zeros(4), (4, 3))
    Traceback (most recent call last):
    ...
    ValueError: Y has shape (4,) but the network outputs (4, 3); Y must match it exactly
    """
    Y = as_float(Y)
    if Y.shape != tuple(shape):
        against = against or f"the network outputs {tuple(shape)}"
        raise ValueError(f"Y has shape {Y.shape} but {against}; Y must match it exactly")
    reject_non_finite("Y", Y)
    return Y


def class_targets(Y, shape, against=None, op=None):
    """Targets for k classes as float64 rows (n, k) that are one-hot or probabilities.

    ``shape`` is the output's (n, k). Integer class labels of shape (n,) become one-hot rows;
    rows (n, k) must be finite, non-negative and sum to 1. ``against`` names the output in the
    messages (default: "the network outputs (n, k)"), and ``op`` the function, if any.

    >>> class_targets(np.array([2, 0]), (2, 3))
    array([[0., 0., 1.],
           [1., 0., 0.]])
    >>> class_targets(np.array([0, 3]), (2, 3))
    Traceback (most recent call last):
    ...
    ValueError: Y holds class labels, which must lie in 0..2 for 3 classes; Y[1] = 3
    >>> class_targets(np.array([[0.5, 0.4, 0.0]]), (1, 3))
    Traceback (most recent call last):
    ...
    ValueError: Y's rows must sum to 1 (one-hot or probabilities); row 0 sums to 0.9
    """
    n, k = shape
    against = against or f"the network outputs {(n, k)}"
    prefix = f"{op}: " if op else ""
    Y = np.asarray(Y)
    if Y.ndim == 1 and Y.shape[0] == n:
        if not np.issubdtype(Y.dtype, np.integer):
            raise ValueError(
                f"{prefix}Y has shape {Y.shape} and dtype {Y.dtype}: class labels of shape (n,) must be "
                f"integers (e.g. Y.astype(int)); probabilities or one-hot rows have shape {(n, k)}"
            )
        outside = np.flatnonzero((Y < 0) | (Y >= k))
        if outside.size:
            i = int(outside[0])
            raise ValueError(
                f"{prefix}Y holds class labels, which must lie in 0..{k - 1} for {k} classes; Y[{i}] = {Y[i]}"
            )
        return np.eye(k)[Y]
    if Y.shape != (n, k):
        raise ValueError(
            f"{prefix}Y has shape {Y.shape} but {against}; pass one-hot or probability rows of shape "
            f"{(n, k)} or integer class labels of shape ({n},)"
        )
    Y = as_float(Y)
    reject_non_finite(f"{prefix}Y", Y)
    negative = np.argwhere(Y < 0)
    if negative.size:
        first = tuple(int(i) for i in negative[0])
        raise ValueError(f"{prefix}Y has a negative entry {Y[first]} at index {first}; rows must be probabilities")
    sums = Y.sum(axis=1)
    off = np.flatnonzero(np.abs(sums - 1.0) > 1e-6)  # float32-normalised rows pass
    if off.size:
        i = int(off[0])
        raise ValueError(
            f"{prefix}Y's rows must sum to 1 (one-hot or probabilities); row {i} sums to {sums[i]:.15g}"
        )
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


def checked_rows(op, Z):
    """Z as a float array of one row (k,) or a batch of rows (n, k), finite, k ≥ 1.

    >>> checked_rows("softmax", np.ones((2, 3, 4)))
    Traceback (most recent call last):
    ...
    ValueError: softmax: Z has shape (2, 3, 4) but must be one row (k,) or a batch of rows (n, k)
    """
    Z = as_float(Z)
    if Z.ndim not in (1, 2) or Z.shape[-1] == 0:
        raise ValueError(f"{op}: Z has shape {Z.shape} but must be one row (k,) or a batch of rows (n, k)")
    reject_non_finite(f"{op}: Z", Z)
    return Z


def matmul_operands(a, b):
    """The engine's and forward mode's rule for ``a @ b``: 1-D or 2-D operands whose inner
    sizes match, or a ValueError naming the shapes.

    >>> matmul_operands(np.ones((1, 3)), np.ones((2, 1)))
    Traceback (most recent call last):
    ...
    ValueError: matmul: shapes (1, 3) and (2, 1) are not aligned
    """
    if a.ndim not in (1, 2) or b.ndim not in (1, 2):
        raise ValueError(f"matmul: shapes {a.shape} and {b.shape}: only 1-D and 2-D operands are supported")
    if a.shape[-1] != b.shape[0]:
        raise ValueError(f"matmul: shapes {a.shape} and {b.shape} are not aligned")
