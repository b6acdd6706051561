"""Flattening a Jacobian tensor into the matrix the textbooks draw.

numpy's vec is ROW-MAJOR (C order): the multi-index i of an array of shape s goes to
np.ravel_multi_index(i, s), so the last index varies fastest. The textbook vec(X) stacks
COLUMNS (column-major, Fortran order), so the matrices here are the textbooks' ones with
rows and columns permuted; results such as J = W ⊗ I_n in column-major read as I_n ⊗ W in
row-major.
"""

import math

import numpy as np

from ._checks import as_float


def flatten_jacobian(J, out_shape, in_shape):
    """The Jacobian tensor J (out_shape + in_shape) as a (prod(out_shape), prod(in_shape)) matrix.

    Row index = np.ravel_multi_index(i, out_shape), column = np.ravel_multi_index(j, in_shape):
    row-major, the same as ``J.reshape(prod(out_shape), prod(in_shape))``. A scalar output
    (out_shape = ()) gives a single row.

    >>> J = np.zeros((2, 3, 2, 3)); J[1, 2, 0, 1] = 7.0
    >>> M = flatten_jacobian(J, (2, 3), (2, 3))
    >>> M.shape, M[np.ravel_multi_index((1, 2), (2, 3)), np.ravel_multi_index((0, 1), (2, 3))]
    ((6, 6), np.float64(7.0))

    The linear layer Z = X Wᵀ flattens to I_n ⊗ W in this (row-major) layout:

    >>> from backprop.ops import linear_jacobians
    >>> X, W = np.ones((2, 3)), np.arange(12.0).reshape(4, 3)
    >>> dX = linear_jacobians(X, W, np.zeros(4)).dX
    >>> bool(np.array_equal(flatten_jacobian(dX, (2, 4), (2, 3)), np.kron(np.eye(2), W)))
    True
    """
    J = as_float(J)
    out_shape, in_shape = tuple(out_shape), tuple(in_shape)
    if J.shape != out_shape + in_shape:
        raise ValueError(
            f"flatten_jacobian: J has shape {J.shape} but out_shape {out_shape} + in_shape "
            f"{in_shape} is {out_shape + in_shape}"
        )
    return J.reshape(math.prod(out_shape), math.prod(in_shape))
