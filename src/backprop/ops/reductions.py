"""Reductions to a scalar: sum of all entries, and the dot product of two vectors.

A scalar output has shape (), so these Jacobians have the shape of the input.
"""

import numpy as np

from ._checks import as_float, require_ndim, require_same_shape


def sum(X):  # noqa: A001 - the posts call it backprop.sum; it shadows the builtin only here
    """The sum of all entries of X, as a float.

    >>> sum(np.array([[1.0, 2.0], [3.0, 4.0]]))
    10.0
    """
    return float(np.add.reduce(as_float(X), axis=None))


def sum_jacobian(X):
    """∂(Σ X)/∂X: ones, shaped like X.

    >>> sum_jacobian(np.zeros((2, 2)))
    array([[1., 1.],
           [1., 1.]])
    """
    return np.ones(as_float(X).shape)


def sum_vjp(g, X):
    """g times the Jacobian: the scalar upstream gradient copied to every entry.

    >>> sum_vjp(3.0, np.zeros(2))
    array([3., 3.])
    """
    return np.full(as_float(X).shape, float(g))


def _vectors(op, x, y):
    x, y = as_float(x), as_float(y)
    require_ndim(op, "x", x, (1,))
    require_ndim(op, "y", y, (1,))
    require_same_shape(op, "xy", x, y)
    return x, y


def dot(x, y):
    """xᵀy for two 1-D vectors of the same length, as a float.

    >>> dot(np.array([1.0, 2.0]), np.array([3.0, 4.0]))
    11.0
    """
    x, y = _vectors("dot", x, y)
    return float(x @ y)


def dot_jacobians(x, y):
    """(∂(xᵀy)/∂x, ∂(xᵀy)/∂y) = (y, x).

    >>> dot_jacobians(np.array([1.0, 2.0]), np.array([3.0, 4.0]))
    (array([3., 4.]), array([1., 2.]))
    """
    x, y = _vectors("dot_jacobians", x, y)
    return y.copy(), x.copy()


def dot_vjp(g, x, y):
    """(g y, g x) for a scalar upstream gradient g.

    >>> dot_vjp(2.0, np.array([1.0, 2.0]), np.array([3.0, 4.0]))
    (array([6., 8.]), array([2., 4.]))
    """
    x, y = _vectors("dot_vjp", x, y)
    g = float(g)
    return g * y, g * x
