"""softmax over the last axis (one row per sample): p_a = e^{z_a} / Σ_b e^{z_b}.

The row maximum is subtracted first: softmax does not change when a constant is added to a
row, and after the shift no exponential can overflow. The derivative is written from the
output: for one row ∂p/∂z = diag(p) − pᵀp (p a row vector); a batch (n, k) has the
(n, k, n, k) Jacobian with those blocks on its diagonal, since rows do not mix.

>>> np.round(softmax(np.array([1.0, 2.0, 3.0])), 4)
array([0.09  , 0.2447, 0.6652])
>>> softmax(np.array([[1000.0, 1000.0]]))  # e^1000 overflows; the shifted rows do not
array([[0.5, 0.5]])
>>> softmax_jacobian(np.zeros(2))
array([[ 0.25, -0.25],
       [-0.25,  0.25]])
"""

import numpy as np

from .._checks import checked_rows
from .op import record, row_blocks


@record
class SOFTMAX:
    inputs = ("Z",)
    kind = "rowwise"
    shapes = "Z (k,) or (n, k), row by row → P of Z's shape"
    latex = dict(
        forward=r"\V{p} = \frac{e^{\V{z}}}{\sum_b e^{z_b}}",
        jacobian=r"\pop{\V{p}}{\V{z}} = \diag(\V{p}) - \V{p}^\top \V{p}",
        vjp=r"\pop{L}{\V{z}} = \V{p} \odot \Big(\V{g} - \V{g} \V{p}^\top\Big), \quad \V{g} = \pop{L}{\V{p}}",
    )

    def forward(Z):
        E = np.exp(Z - Z.max(axis=-1, keepdims=True))
        E /= E.sum(axis=-1, keepdims=True)
        return E, E

    def vjp(G, P, need=None):
        # gᵀ(diag(p) − pᵀp) = p ⊙ (g − g·p), row by row
        return (P * (G - (G * P).sum(axis=-1, keepdims=True)),)

    def jvp(P, T):
        return P * (T - (T * P).sum(axis=-1, keepdims=True))

    def jacobian(P):
        rows = P.reshape(-1, P.shape[-1])
        blocks = rows[:, :, None] * (np.eye(rows.shape[1]) - rows[:, None, :])  # diag(p) − pᵀp
        return (row_blocks(blocks, P.ndim),)

    def engine(t):
        E = (t - t.max(axis=-1, keepdims=True)).exp()
        return E / E.sum(axis=-1, keepdims=True)

    def check(name, Z):
        return (checked_rows(name, Z),)

    def example(rng):
        return [rng.normal(size=(3, 4))], {}
