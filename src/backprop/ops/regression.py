"""Mean squared error over all entries, L = 1/(n·m) Σ (A − Y)², with its Jacobian and VJP."""

import numpy as np

from ._checks import as_float, require_same_shape


def mse(A, Y):
    """Mean of (A − Y)² over ALL entries (so 1/(n·m) Σ for an (n, m) batch).

    A and Y must have the same shape: broadcasting an (n,) target against an (n, 1) output
    would silently compare every prediction with every target.

    >>> mse(np.array([[1.0, 2.0], [3.0, 4.0]]), np.zeros((2, 2)))
    7.5
    """
    A, Y = as_float(A), as_float(Y)
    require_same_shape("mse", "AY", A, Y)
    D = A - Y
    return float(np.vdot(D, D)) / D.size  # vdot: the sum of squares without a squared temporary


def mse_jacobian(A, Y):
    """Jacobian of the scalar loss with respect to A: shape () + A.shape, 2 (A − Y) / A.size.

    >>> mse_jacobian(np.array([[1.0, 2.0]]), np.zeros((1, 2)))
    array([[1., 2.]])
    """
    A, Y = as_float(A), as_float(Y)
    require_same_shape("mse_jacobian", "AY", A, Y)
    D = A - Y
    D *= 2.0 / D.size
    return D


def mse_vjp(g, A, Y):
    """g times the Jacobian, for a scalar upstream gradient g (1 when L is the final loss).

    >>> mse_vjp(0.5, np.array([[1.0, 2.0]]), np.zeros((1, 2)))
    array([[0.5, 1. ]])
    """
    A, Y = as_float(A), as_float(Y)
    require_same_shape("mse_vjp", "AY", A, Y)
    D = A - Y
    D *= 2.0 * float(g) / D.size
    return D
