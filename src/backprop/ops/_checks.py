"""Input checks shared by the ops: float64 conversion and shape errors that name the shapes."""

import numpy as np


def as_float(x):
    """Return ``x`` as a float64 array, without copying when it already is one.

    >>> as_float([1, 2]).dtype
    dtype('float64')
    """
    return np.asarray(x, dtype=np.float64)


def require_ndim(op, name, x, allowed):
    """Raise ValueError unless ``x.ndim`` is one of ``allowed``.

    >>> require_ndim("softmax_jacobian", "Z", np.zeros((2, 2, 2)), (1, 2))
    Traceback (most recent call last):
    ...
    ValueError: softmax_jacobian: Z has shape (2, 2, 2) but must be 1-D or 2-D
    """
    if x.ndim not in allowed:
        wanted = " or ".join(f"{n}-D" for n in allowed)
        raise ValueError(f"{op}: {name} has shape {x.shape} but must be {wanted}")


def require_same_shape(op, names, a, b):
    """Raise ValueError unless ``a`` and ``b`` have the same shape.

    >>> require_same_shape("mul", "AB", np.zeros(3), np.zeros((2, 3)))
    Traceback (most recent call last):
    ...
    ValueError: mul: A has shape (3,) but B has shape (2, 3); they must have the same shape
    """
    if a.shape != b.shape:
        raise ValueError(
            f"{op}: {names[0]} has shape {a.shape} but {names[1]} has shape {b.shape}; "
            "they must have the same shape"
        )


def diagonal_jacobian(d):
    """The Jacobian of an elementwise map whose derivatives are ``d``: shape d.shape + d.shape.

    Entry [i..., j...] is d[i...] when i == j and 0 otherwise.

    >>> diagonal_jacobian(np.array([1.0, 2.0]))
    array([[1., 0.],
           [0., 2.]])
    """
    J = np.zeros(d.shape + d.shape)
    # Seen as a (size, size) matrix the tensor is diag(d); reshape gives a view, so this fills J.
    np.fill_diagonal(J.reshape(d.size, d.size), d.ravel())
    return J
