"""Softmax and softmax cross-entropy, row-wise over the last axis.

For one row s = softmax(z) the Jacobian is diag(s) − s sᵀ; for a batch Z (n, k) each row
only depends on its own inputs, so the full (n, k, n, k) Jacobian is block diagonal.
"""

import numpy as np

from ._checks import as_float, require_ndim, require_same_shape


def _log_softmax(Z):
    # Subtracting the row maximum leaves softmax unchanged and keeps exp from overflowing.
    shifted = Z - Z.max(axis=-1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))


def softmax(Z):
    """Row-wise softmax over the last axis: exp(Z) / sum(exp(Z)), computed stably.

    >>> np.round(softmax(np.array([[0.0, 0.0], [1000.0, 0.0]])), 3)
    array([[0.5, 0.5],
           [1. , 0. ]])
    """
    Z = as_float(Z)
    require_ndim("softmax", "Z", Z, (1, 2))
    return np.exp(_log_softmax(Z))


def softmax_jacobian(Z):
    """Jacobian of softmax: (k, k) for a vector, block diagonal (n, k, n, k) for rows.

    Entry [i, a, j, b] = δ_ij (s_ia δ_ab − s_ia s_ib) with S = softmax(Z).

    >>> softmax_jacobian(np.zeros(2))
    array([[ 0.25, -0.25],
           [-0.25,  0.25]])
    >>> J = softmax_jacobian(np.zeros((3, 2)))
    >>> J.shape, bool(np.all(J[0, :, 1, :] == 0))
    ((3, 2, 3, 2), True)
    """
    Z = as_float(Z)
    require_ndim("softmax_jacobian", "Z", Z, (1, 2))
    S = softmax(Z)
    # One (k, k) block per row: diag(s) − s sᵀ.
    blocks = S[..., :, None] * np.eye(S.shape[-1]) - S[..., :, None] * S[..., None, :]
    if Z.ndim == 1:
        return blocks
    return np.einsum("ij,iab->iajb", np.eye(Z.shape[0]), blocks)


def softmax_vjp(G, Z):
    """Pull G back through softmax: S ⊙ (G − rowsum(G ⊙ S)), never forming the Jacobian.

    >>> softmax_vjp(np.array([1.0, 1.0]), np.array([3.0, -2.0]))  # softmax ignores shifts
    array([0., 0.])
    """
    G, Z = as_float(G), as_float(Z)
    require_same_shape("softmax_vjp", "GZ", G, Z)
    S = softmax(Z)
    return S * (G - (G * S).sum(axis=-1, keepdims=True))


def _check_targets(op, Z, Y):
    if Z.ndim != 2:
        raise ValueError(f"{op}: Z has shape {Z.shape} but must be 2-D (n samples, k classes)")
    if Y.shape != Z.shape:
        raise ValueError(f"{op}: Y has shape {Y.shape} but Z has shape {Z.shape}; they must match")


def softmax_cross_entropy(Z, Y):
    """Mean over the n rows of −Σ_k Y_k log softmax(Z)_k. Y is one-hot or probabilities.

    >>> round(softmax_cross_entropy(np.zeros((2, 4)), np.eye(4)[[0, 3]]), 4)  # log 4
    1.3863
    """
    Z, Y = as_float(Z), as_float(Y)
    _check_targets("softmax_cross_entropy", Z, Y)
    return float(-(Y * _log_softmax(Z)).sum() / Z.shape[0])


def softmax_cross_entropy_jacobian(Z, Y):
    """Gradient of the (scalar) loss with respect to Z, shape (n, k): (softmax(Z) − Y) / n.

    That is the formula when every row of Y sums to 1 (one-hot or probabilities); in general
    it is (softmax(Z) · rowsum(Y) − Y) / n, which is what we compute.

    >>> softmax_cross_entropy_jacobian(np.zeros((1, 2)), np.array([[1.0, 0.0]]))
    array([[-0.5,  0.5]])
    """
    Z, Y = as_float(Z), as_float(Y)
    _check_targets("softmax_cross_entropy_jacobian", Z, Y)
    return (softmax(Z) * Y.sum(axis=1, keepdims=True) - Y) / Z.shape[0]


def softmax_cross_entropy_vjp(g, Z, Y):
    """g times the Jacobian, for a scalar upstream gradient g.

    >>> softmax_cross_entropy_vjp(2.0, np.zeros((1, 2)), np.array([[1.0, 0.0]]))
    array([[-1.,  1.]])
    """
    return float(g) * softmax_cross_entropy_jacobian(Z, Y)
