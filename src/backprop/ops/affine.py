"""The linear (affine) layer Z = X Wᵀ + b, one record: forward, VJP and full Jacobians.

Shapes follow PyTorch: X is (n, p) with one sample per row, W is (q, p), b is (q,), Z is (n, q).
The public functions below check their input, then call the record.
"""

from typing import NamedTuple

import numpy as np

from .._checks import as_float
from .op import record


class LinearJacobians(NamedTuple):
    """The three Jacobians of ``linear``, as full tensors (shape Z.shape + input shape).

    >>> J = linear_jacobians(np.ones((2, 3)), np.ones((4, 3)), np.zeros(4))
    >>> J.dX.shape, J.dW.shape, J.db.shape
    ((2, 4, 2, 3), (2, 4, 4, 3), (2, 4, 4))
    """

    dX: np.ndarray  #: ∂Z_ik/∂X_js = δ_ij W_ks, shape (n, q, n, p)
    dW: np.ndarray  #: ∂Z_ik/∂W_rs = δ_kr X_is, shape (n, q, q, p)
    db: np.ndarray  #: ∂Z_ik/∂b_r = δ_kr, shape (n, q, q)


class LinearGradients(NamedTuple):
    """The gradients ``linear_vjp`` returns, each shaped like the input it belongs to.

    >>> g = linear_vjp(np.ones((2, 4)), np.ones((2, 3)), np.ones((4, 3)))
    >>> g.dX.shape, g.dW.shape, g.db.shape
    ((2, 3), (4, 3), (4,))
    """

    dX: np.ndarray  #: G W, shape (n, p)
    dW: np.ndarray  #: Gᵀ X, shape (q, p)
    db: np.ndarray  #: column sums of G, shape (q,)


@record()
class LINEAR:
    def forward(X, W, b):
        Z = X @ W.T
        Z += b  # in place: Z is ours, and this saves a second (n, q) array
        return Z

    def vjp(G, X, W, input_gradient=True):
        # input_gradient=False skips dX = G W, the one product a first layer's caller never
        # needs (nobody trains the data X): a third of the backward pass's matmul work on a
        # wide input.
        return LinearGradients(G @ W if input_gradient else None, G.T @ X, G.sum(axis=0))

    def jacobian(X, W, b):
        n, q = X.shape[0], W.shape[0]
        dX = np.einsum("ij,ks->ikjs", np.eye(n), W)
        dW = np.einsum("kr,is->ikrs", np.eye(q), X)
        db = np.broadcast_to(np.eye(q), (n, q, q)).copy()
        return LinearJacobians(dX, dW, db)

    def engine(X, W, b):
        return X @ W.T + b


# ---- the public functions: check once, then call the record ----

def checked_layer(op, X, W, b=None):
    """X, W (and b) as float arrays whose shapes fit Z = X Wᵀ + b, or a ValueError naming them.

    >>> checked_layer("linear", np.ones((4, 2)), np.ones((5, 3)))
    Traceback (most recent call last):
    ...
    ValueError: linear: X has shape (4, 2) but W has shape (5, 3); X needs 3 columns
    """
    X, W = as_float(X), as_float(W)
    if X.ndim != 2 or W.ndim != 2:
        raise ValueError(f"{op}: X has shape {X.shape} and W has shape {W.shape}; both must be 2-D")
    if X.shape[1] != W.shape[1]:
        raise ValueError(f"{op}: X has shape {X.shape} but W has shape {W.shape}; X needs {W.shape[1]} columns")
    if b is None:
        return X, W
    b = as_float(b)
    if b.shape != (W.shape[0],):
        raise ValueError(f"{op}: b has shape {b.shape} but W has shape {W.shape}; b needs shape {(W.shape[0],)}")
    return X, W, b


def linear(X, W, b):
    """Z = X Wᵀ + b for a batch X (n, p), weights W (q, p) and bias b (q,).

    >>> linear(np.array([[1.0, 2.0]]), np.array([[1.0, 1.0], [0.0, -1.0]]), np.array([0.5, 0.0]))
    array([[ 3.5, -2. ]])
    """
    return LINEAR.forward(*checked_layer("linear", X, W, b))


def linear_jacobians(X, W, b):
    """The full Jacobians (dX, dW, db) of Z = X Wᵀ + b, as tensors (see ``LinearJacobians``).

    Most entries are zeros (Kronecker deltas); ``linear_vjp`` computes their contraction with
    an upstream gradient without building them.

    >>> J = linear_jacobians(np.ones((2, 3)), np.arange(12.0).reshape(4, 3), np.zeros(4))
    >>> bool(np.all(J.dX[0, :, 0, :] == np.arange(12.0).reshape(4, 3)))  # the W block
    True
    >>> bool(np.all(J.dX[0, :, 1, :] == 0))  # Z's row 0 ignores X's row 1
    True
    """
    return LINEAR.jacobian(*checked_layer("linear_jacobians", X, W, b))


def linear_vjp(G, X, W):
    """Pull the upstream gradient G = ∂L/∂Z (n, q) back through Z = X Wᵀ + b.

    Returns ``LinearGradients(dX=G W, dW=Gᵀ X, db=G.sum(0))``.

    >>> g = linear_vjp(np.array([[1.0, 2.0]]), np.array([[3.0, 4.0]]), np.eye(2))
    >>> g.dX, g.dW, g.db
    (array([[1., 2.]]), array([[3., 4.], [6., 8.]]), array([1., 2.]))
    """
    X, W = checked_layer("linear_vjp", X, W)
    G = as_float(G)
    if G.shape != (X.shape[0], W.shape[0]):
        raise ValueError(f"linear_vjp: G has shape {G.shape} but Z = X Wᵀ + b has shape {(X.shape[0], W.shape[0])}")
    return LINEAR.vjp(G, X, W)
