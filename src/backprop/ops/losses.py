"""Losses, each a scalar: mean squared error and softmax cross-entropy, with Jacobians and VJPs.

A scalar loss L has a Jacobian shaped like its input, and its VJP is the scalar upstream
gradient g (1 when L is the final loss) times that Jacobian: each derivative is written once,
in the VJP, and the Jacobian is the VJP at g = 1. The public functions check their input;
the underscored cores below them do not, and are what ``MLP`` runs after its own checks.
"""

import numpy as np

from .._checks import as_float, require_same_shape


def _same_shape(op, A, Y):
    A, Y = as_float(A), as_float(Y)
    # Broadcasting an (n,) target against an (n, 1) output would silently compare every
    # prediction with every target.
    require_same_shape(op, "AY", A, Y)
    return A, Y


# ---- mean squared error, over ALL entries: L = 1/(n·m) Σ (A − Y)² for an (n, m) batch ----

def mse(A, Y):
    """Mean of (A − Y)² over all entries; A and Y must have the same shape.

    >>> mse(np.array([[1.0, 2.0], [3.0, 4.0]]), np.zeros((2, 2)))
    7.5
    """
    return _mse(*_same_shape("mse", A, Y))


def _mse(A, Y):
    D = A - Y
    return float(np.vdot(D, D)) / D.size  # vdot: the sum of squares without a squared temporary


def mse_jacobian(A, Y):
    """Jacobian of the scalar loss with respect to A: shape () + A.shape, 2 (A − Y) / A.size.

    >>> mse_jacobian(np.array([[1.0, 2.0]]), np.zeros((1, 2)))
    array([[1., 2.]])
    """
    return _mse_vjp(1.0, *_same_shape("mse_jacobian", A, Y))


def mse_vjp(g, A, Y):
    """g times the Jacobian, 2 g (A − Y) / A.size, for a scalar upstream gradient g.

    >>> mse_vjp(0.5, np.array([[1.0, 2.0]]), np.zeros((1, 2)))
    array([[0.5, 1. ]])
    """
    return _mse_vjp(float(g), *_same_shape("mse_vjp", A, Y))


def _mse_vjp(g, A, Y):
    D = A - Y
    D *= 2.0 * g / D.size
    return D


# ---- softmax cross-entropy, row-wise: L = mean over rows of −Σ_k Y_k log softmax(Z)_k ----

def _rows(op, Z, Y):
    Z, Y = as_float(Z), as_float(Y)
    if Z.ndim != 2:
        raise ValueError(f"{op}: Z has shape {Z.shape} but must be 2-D (n samples, k classes)")
    if Y.shape != Z.shape:
        raise ValueError(f"{op}: Y has shape {Y.shape} but Z has shape {Z.shape}; they must match")
    return Z, Y


def _log_softmax(Z):
    # Subtracting the row maximum leaves softmax unchanged and keeps exp from overflowing.
    shifted = Z - Z.max(axis=-1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))


def softmax_cross_entropy(Z, Y):
    """Mean over the n rows of −Σ_k Y_k log softmax(Z)_k. Y is one-hot or probabilities.

    >>> round(softmax_cross_entropy(np.zeros((2, 4)), np.eye(4)[[0, 3]]), 4)  # log 4
    1.3863
    """
    Z, Y = _rows("softmax_cross_entropy", Z, Y)
    return float(-(Y * _log_softmax(Z)).sum() / Z.shape[0])


def softmax_cross_entropy_jacobian(Z, Y):
    """Gradient of the (scalar) loss with respect to Z, shape (n, k): (softmax(Z) − Y) / n.

    That is the formula when every row of Y sums to 1 (one-hot or probabilities); in general
    it is (softmax(Z) · rowsum(Y) − Y) / n, which is what we compute.

    >>> softmax_cross_entropy_jacobian(np.zeros((1, 2)), np.array([[1.0, 0.0]]))
    array([[-0.5,  0.5]])
    """
    return _softmax_cross_entropy_vjp(1.0, *_rows("softmax_cross_entropy_jacobian", Z, Y))


def softmax_cross_entropy_vjp(g, Z, Y):
    """g times the Jacobian, for a scalar upstream gradient g.

    >>> softmax_cross_entropy_vjp(2.0, np.zeros((1, 2)), np.array([[1.0, 0.0]]))
    array([[-1.,  1.]])
    """
    return _softmax_cross_entropy_vjp(float(g), *_rows("softmax_cross_entropy_vjp", Z, Y))


def _softmax_cross_entropy_vjp(g, Z, Y):
    return g * (np.exp(_log_softmax(Z)) * Y.sum(axis=1, keepdims=True) - Y) / Z.shape[0]
