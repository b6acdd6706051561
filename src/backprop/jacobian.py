"""Jacobians two ways, exactly by reverse mode and approximately by central differences,
and ``flatten_jacobian``, which lays either out as the matrix the textbooks draw.

Both Jacobians have shape ``f(x).shape + x.shape``, the tensor convention of
``torch.autograd.functional.jacobian`` (numerator layout when x and f(x) are vectors; for a
scalar f, the shape of x).
"""

import math

import numpy as np

from ._checks import first_non_finite, positive_number, reject_non_finite
from .differences import central_differences
from .graph import backpropagate, topological_order
from .tensor import Tensor


def jacobian(f, x):
    """The exact Jacobian of ``f`` at ``x``, by one reverse-mode pass per output entry.

    ``f`` takes a Tensor and returns a Tensor built with Tensor operations; ``x`` is an array
    or a number. Row i of the Jacobian is the gradient of output entry i, which is the
    backward pass seeded with the one-hot array e_i.

    >>> J = jacobian(lambda t: 2 * t, np.ones((2, 3)))
    >>> J.shape
    (2, 3, 2, 3)
    >>> bool(np.array_equal(J.reshape(6, 6), 2 * np.eye(6)))
    True
    """
    x = Tensor(np.array(x, dtype=np.float64))  # a copy: f cannot touch the caller's array
    y = f(x)
    if not isinstance(y, Tensor):  # f ignored its input: a constant, Jacobian zero
        y = Tensor(y)
    J = np.zeros(y.shape + x.shape)
    order = topological_order(y)
    for i in np.ndindex(y.shape):
        seed = np.zeros(y.shape)
        seed[i] = 1.0
        grads = backpropagate(y, seed, order)
        if x in grads:
            J[i] = grads[x]
    return J


def _evaluate(f, x, where):
    y = np.asarray(f(x.copy()), dtype=np.float64)  # a copy, in case f writes to its input
    found = first_non_finite(y)
    if found:
        count, first, value = found
        raise FloatingPointError(
            f"f returned {value} at output index {first} when evaluated {where} ({count} non-finite value(s) in all)"
        )
    return y


def numerical_jacobian(f, x, eps=1e-6):
    """Central-difference Jacobian of a numpy function: (f(x + eps e_j) − f(x − eps e_j)) / 2eps.

    Works for any f mapping an array (or number) to an array (or number); 2·x.size calls
    (``differences.central_differences``, which says how large the error is).

    >>> J = numerical_jacobian(lambda v: v**2, np.array([1.0, 3.0]))
    >>> np.round(J, 6)
    array([[2., 0.],
           [0., 6.]])
    """
    eps = positive_number("eps", eps)
    x = np.array(x, dtype=np.float64)  # our own copy, perturbed entry by entry
    reject_non_finite("numerical_jacobian: x", x)
    y = _evaluate(f, x, "at x")
    J = np.empty(y.shape + x.shape)
    value = lambda j, sign: _evaluate(f, x, f"at x with x{list(j)} {'+' if sign > 0 else '-'}= eps")
    for j, column in central_differences(value, x, eps):
        J[(Ellipsis,) + j] = column
    return J


def flatten_jacobian(J, out_shape, in_shape, order="C"):
    """The Jacobian tensor J (out_shape + in_shape) as a (prod(out_shape), prod(in_shape)) matrix.

    numpy's vec is ROW-MAJOR (C order), the last index fastest: ``order="C"`` gives row
    np.ravel_multi_index(i, out_shape) and column np.ravel_multi_index(j, in_shape), the same
    as ``J.reshape(prod(out_shape), prod(in_shape))``. The textbook vec(X) stacks COLUMNS
    (column-major, Fortran order): ``order="F"`` flattens both sides that way, the layout in
    which vec(A X B) = (Bᵀ ⊗ A) vec(X) is written. A scalar output (out_shape = ()) gives one row.

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
    J = np.asarray(J, dtype=np.float64)
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
