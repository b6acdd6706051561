"""log softmax over the last axis: log p = z − max − log Σ e^(z − max), finite where softmax
rounds to 0. For one row ∂(log p)/∂z = I − 1ᵀp (row a is e_a − p), written from the output.

>>> log_softmax(np.array([[0.0, -1000.0]]))
array([[    0., -1000.]])
>>> log_softmax_vjp(np.array([1.0, 0.0]), np.zeros(2))
array([ 0.5, -0.5])
"""

import numpy as np

from .._checks import checked_rows
from .op import record, row_blocks


@record
class LOG_SOFTMAX:
    inputs = ("Z",)
    kind = "rowwise"
    shapes = "Z (k,) or (n, k), row by row → log P of Z's shape"
    latex = dict(
        forward=r"\V{\ell} = \V{z} - \log \sum_b e^{z_b}",
        jacobian=r"\pop{\V{\ell}}{\V{z}} = I - \V{1}^\top \V{p}, \quad \V{p} = e^{\V{\ell}}",
        vjp=r"\pop{L}{\V{z}} = \V{g} - \Big(\sum_a g_a\Big) \V{p}, \quad \V{g} = \pop{L}{\V{\ell}}",
    )

    def forward(Z):
        shifted = Z - Z.max(axis=-1, keepdims=True)
        shifted -= np.log(np.exp(shifted).sum(axis=-1, keepdims=True))
        return shifted, shifted

    def vjp(G, L, need=None):
        # gᵀ(I − 1ᵀp) = g − p (Σ g), with p = e^L
        return (G - np.exp(L) * G.sum(axis=-1, keepdims=True),)

    def jvp(L, T):
        return T - (np.exp(L) * T).sum(axis=-1, keepdims=True)

    def jacobian(L):
        rows = np.exp(L.reshape(-1, L.shape[-1]))
        blocks = np.eye(rows.shape[1]) - rows[:, None, :]  # I − 1ᵀp
        return (row_blocks(blocks, L.ndim),)

    def engine(t):
        shifted = t - t.max(axis=-1, keepdims=True)
        return shifted - shifted.exp().sum(axis=-1, keepdims=True).log()

    def check(name, Z):
        return (checked_rows(name, Z),)

    def example(rng):
        return [rng.normal(size=(3, 4))], {}
