"""Softmax and log-softmax over the last axis (one row per sample), one record each.

softmax(z)_a = e^{z_a} / Σ_b e^{z_b}. Both subtract the row maximum first: softmax does not
change when a constant is added to a row, and after the shift no exponential can overflow
(the largest is e⁰ = 1). Like the activations, each derivative is written in terms of the
output: for one row, ∂p/∂z = diag(p) − p pᵀ and ∂(log p)/∂z = I − 1 pᵀ. A batch Z (n, k) has
the tensor-convention Jacobian (n, k, n, k): those k × k blocks on the diagonal (rows are
independent), zeros elsewhere. The public functions below check their input, then call the
record.
"""

import numpy as np

from .._checks import as_float, reject_non_finite
from .activations import output_and_upstream
from .op import record


def _shifted(Z):
    return Z - Z.max(axis=-1, keepdims=True)


def _row_blocks_to_tensor(blocks, ndim):
    # blocks[i] is row i's k × k Jacobian; a single row (ndim 1) is its own Jacobian, a batch
    # puts the blocks on the diagonal of the (n, k, n, k) tensor: rows do not mix.
    if ndim == 1:
        return blocks[0]
    return np.einsum("ij,iab->iajb", np.eye(blocks.shape[0]), blocks)


def _engine_shifted(t):
    return t - t.max(axis=-1, keepdims=True)


@record()
class SOFTMAX:
    def forward(Z):
        E = np.exp(_shifted(Z))
        E /= E.sum(axis=-1, keepdims=True)
        return E

    def vjp(G, P):
        # gᵀ(diag(p) − p pᵀ) = p ⊙ (g − gᵀp), row by row
        return P * (G - (G * P).sum(axis=-1, keepdims=True))

    def jacobian(P):
        rows = P.reshape(-1, P.shape[-1])
        blocks = rows[:, :, None] * (np.eye(rows.shape[1]) - rows[:, None, :])  # diag(p) − p pᵀ
        return _row_blocks_to_tensor(blocks, P.ndim)

    def engine(t):
        E = _engine_shifted(t).exp()
        return E / E.sum(axis=-1, keepdims=True)


@record()
class LOG_SOFTMAX:
    def forward(Z):
        shifted = _shifted(Z)
        shifted -= np.log(np.exp(shifted).sum(axis=-1, keepdims=True))
        return shifted

    def vjp(G, L):
        # gᵀ(I − 1 pᵀ) = g − p (Σ g), with p = e^L
        return G - np.exp(L) * G.sum(axis=-1, keepdims=True)

    def jacobian(L):
        rows = np.exp(L.reshape(-1, L.shape[-1]))
        blocks = np.eye(rows.shape[1]) - rows[:, None, :]  # I − 1 pᵀ
        return _row_blocks_to_tensor(blocks, L.ndim)

    def engine(t):
        shifted = _engine_shifted(t)
        return shifted - shifted.exp().sum(axis=-1, keepdims=True).log()


# ---- the public functions: check once, then call the record ----

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


def softmax(Z):
    """Row-wise softmax e^Z / Σ e^Z, stable: the row maximum is subtracted first.

    >>> np.round(softmax(np.array([1.0, 2.0, 3.0])), 4)
    array([0.09  , 0.2447, 0.6652])
    >>> softmax(np.array([[1000.0, 1000.0]]))  # e^1000 overflows; the shifted rows do not
    array([[0.5, 0.5]])
    """
    return SOFTMAX.forward(checked_rows("softmax", Z))


def softmax_jacobian(Z):
    """∂softmax(Z)/∂Z: for one row z (k,) the k × k matrix diag(p) − p pᵀ; for a batch (n, k)
    the (n, k, n, k) tensor with those blocks on its diagonal.

    >>> softmax_jacobian(np.zeros(2))
    array([[ 0.25, -0.25],
           [-0.25,  0.25]])
    >>> softmax_jacobian(np.zeros((3, 2))).shape
    (3, 2, 3, 2)
    """
    return SOFTMAX.jacobian(softmax(Z))


def softmax_vjp(G, Z=None, A=None):
    """Gᵀ ∂softmax/∂Z row by row, P ⊙ (G − rowsum(G ⊙ P)); from Z, or from A = softmax(Z).

    >>> softmax_vjp(np.array([1.0, 0.0]), np.zeros(2))
    array([ 0.25, -0.25])
    """
    G, P = output_and_upstream("softmax_vjp", G, Z, A, softmax)
    if A is not None:
        checked_rows("softmax_vjp", P)
    return SOFTMAX.vjp(G, P)


def log_softmax(Z):
    """Row-wise log softmax(Z) = Z − max − log Σ e^(Z − max), finite where softmax rounds to 0.

    >>> log_softmax(np.array([[0.0, -1000.0]]))
    array([[    0., -1000.]])
    """
    return LOG_SOFTMAX.forward(checked_rows("log_softmax", Z))


def log_softmax_jacobian(Z):
    """∂log softmax(Z)/∂Z: for one row I − 1 pᵀ (row a is e_a − p); for a batch the
    (n, k, n, k) tensor with those blocks on its diagonal.

    >>> log_softmax_jacobian(np.zeros(2))
    array([[ 0.5, -0.5],
           [-0.5,  0.5]])
    """
    return LOG_SOFTMAX.jacobian(log_softmax(Z))


def log_softmax_vjp(G, Z=None, A=None):
    """Gᵀ ∂log softmax/∂Z row by row, G − p rowsum(G); from Z, or from A = log_softmax(Z).

    >>> log_softmax_vjp(np.array([1.0, 0.0]), np.zeros(2))
    array([ 0.5, -0.5])
    """
    G, L = output_and_upstream("log_softmax_vjp", G, Z, A, log_softmax)
    if A is not None:
        checked_rows("log_softmax_vjp", L)
    return LOG_SOFTMAX.vjp(G, L)
