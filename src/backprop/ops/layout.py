"""Flattening a Jacobian tensor into the matrix the textbooks draw.

numpy's vec is ROW-MAJOR (C order): the multi-index i of an array of shape s goes to
np.ravel_multi_index(i, s), so the last index varies fastest. The textbook vec(X) stacks
COLUMNS (column-major, Fortran order): the same matrices with rows and columns permuted, so
that J = W ⊗ I_n in column-major reads as I_n ⊗ W in row-major. Both are available.
"""

import math

import numpy as np

from ._checks import as_float


def flatten_jacobian(J, out_shape, in_shape, order="C"):
    """The Jacobian tensor J (out_shape + in_shape) as a (prod(out_shape), prod(in_shape)) matrix.

    ``order="C"`` (numpy's default, row-major): row index = np.ravel_multi_index(i, out_shape),
    column = np.ravel_multi_index(j, in_shape), the same as
    ``J.reshape(prod(out_shape), prod(in_shape))``. ``order="F"`` flattens both sides
    column-major, the first index fastest: the textbook vec, in which the matrix of
    vec(A X B) = (Bᵀ ⊗ A) vec(X) is written. A scalar output (out_shape = ()) gives one row.

    >>> J = np.zeros((2, 3, 2, 3)); J[1, 2, 0, 1] = 7.0
    >>> M = flatten_jacobian(J, (2, 3), (2, 3))
    >>> M.shape, M[np.ravel_multi_index((1, 2), (2, 3)), np.ravel_multi_index((0, 1), (2, 3))]
    ((6, 6), np.float64(7.0))

    The linear layer Z = X Wᵀ flattens to I_n ⊗ W row-major and to W ⊗ I_n column-major:

    >>> from backprop.ops import linear_jacobians
    >>> X, W = np.ones((2, 3)), np.arange(12.0).reshape(4, 3)
    >>> dX = linear_jacobians(X, W, np.zeros(4)).dX
    >>> bool(np.array_equal(flatten_jacobian(dX, (2, 4), (2, 3)), np.kron(np.eye(2), W)))
    True
    >>> bool(np.array_equal(flatten_jacobian(dX, (2, 4), (2, 3), order="F"), np.kron(W, np.eye(2))))
    True
    """
    J = as_float(J)
    out_shape, in_shape = tuple(out_shape), tuple(in_shape)
    if J.shape != out_shape + in_shape:
        raise ValueError(
            f"flatten_jacobian: J has shape {J.shape} but out_shape {out_shape} + in_shape "
            f"{in_shape} is {out_shape + in_shape}"
        )
    if order not in ("C", "F"):
        raise ValueError(f'flatten_jacobian: order must be "C" (row-major) or "F" (column-major), got {order!r}')
    # A Fortran-order reshape runs the first index fastest on both sides at once.
    return J.reshape(math.prod(out_shape), math.prod(in_shape), order=order)
