"""Self-attention, one head: the rows of X (tokens, p features each) attend to each other through
learned projections, O = attention(X W_Qᵀ, X W_Kᵀ, X W_Vᵀ) for W_Q, W_K (d, p) and W_V (d_v, p).
A layer (``bp.SelfAttention``) for ``Sequential``, where a batch X is ONE sequence.

Its derivatives are attention's (``ops/attention.py``, which saves P or the log-sum-exp as
``save`` says) composed with the three linear maps: ∂L/∂X = ∂L/∂Q W_Q + ∂L/∂K W_K + ∂L/∂V W_V
and ∂L/∂W_Q = (∂L/∂Q)ᵀ X, and so on.

>>> rng = np.random.default_rng(0)
>>> X, Wq, Wk, Wv = rng.normal(size=(5, 3)), rng.normal(size=(2, 3)), rng.normal(size=(2, 3)), rng.normal(size=(4, 3))
>>> self_attention(X, Wq, Wk, Wv, causal=True).shape
(5, 4)
>>> g = self_attention_vjp(np.ones((5, 4)), X, Wq, Wk, Wv, causal=True)
>>> g.dX.shape, g.dWq.shape, g.dWv.shape
((5, 3), (2, 3), (4, 3))
"""

import numpy as np

from .._checks import as_float, reject_non_finite
from .attention import ATTENTION
from .op import record


@record
class SELF_ATTENTION:
    inputs = ("X", "Wq", "Wk", "Wv")
    grads = 4
    layer = "SelfAttention"
    shapes = "X (n, p), Wq (d, p), Wk (d, p), Wv (d_v, p) → O (n, d_v); attention's saved object kept"
    latex = dict(
        forward=r"O = \operatorname{attention}(Q, K, V), \quad Q = X W_Q^\top, \quad K = X W_K^\top, \quad V = X W_V^\top",
        jacobian=r"\pop{O}{X} = \pop{O}{Q} \pop{Q}{X} + \pop{O}{K} \pop{K}{X} + \pop{O}{V} \pop{V}{X}, \quad "
                 r"\pop{Q_{jc}}{X_{kp}} = \delta_{jk} (W_Q)_{cp}, \quad \pop{Q_{jc}}{(W_Q)_{rp}} = \delta_{cr} X_{jp}",
        vjp=r"\pop{L}{X} = \pop{L}{Q} W_Q + \pop{L}{K} W_K + \pop{L}{V} W_V, \quad "
            r"\pop{L}{W_Q} = \Big(\pop{L}{Q}\Big)^{\!\top} X \text{ (and so for } W_K, W_V)",
    )

    def forward(X, Wq, Wk, Wv, causal=False, save="probabilities"):
        O, inner = ATTENTION.forward(X @ Wq.T, X @ Wk.T, X @ Wv.T, causal=causal, save=save)
        return O, (X, Wq, Wk, Wv, inner)

    def vjp(G, saved, need=None):
        X, Wq, Wk, Wv, inner = saved
        dQ, dK, dV = ATTENTION.vjp(G, inner)
        dX = dQ @ Wq + dK @ Wk + dV @ Wv if need is None or need[0] else None
        return dX, dQ.T @ X, dK.T @ X, dV.T @ X

    def jvp(saved, dX, dWq, dWk, dWv):
        X, Wq, Wk, Wv, inner = saved
        return ATTENTION.jvp(inner, dX @ Wq.T + X @ dWq.T, dX @ Wk.T + X @ dWk.T, dX @ Wv.T + X @ dWv.T)

    def jacobian(saved):
        X, Wq, Wk, Wv, inner = saved
        JQ, JK, JV = ATTENTION.jacobian(inner)  # each (n, d_v, n, width)
        dX = sum(np.einsum("iajc,cp->iajp", J, W) for J, W in ((JQ, Wq), (JK, Wk), (JV, Wv)))
        return (dX, *(np.einsum("iajc,jp->iacp", J, X) for J in (JQ, JK, JV)))

    def engine(X, Wq, Wk, Wv, causal=False, save="probabilities"):
        return ATTENTION.engine(X @ Wq.T, X @ Wk.T, X @ Wv.T, causal=causal)

    def check(name, X, Wq, Wk, Wv, causal=False, save="probabilities"):
        X, Wq, Wk, Wv = (as_float(a) for a in (X, Wq, Wk, Wv))
        if X.ndim != 2 or any(W.ndim != 2 or W.shape[1] != X.shape[1] for W in (Wq, Wk, Wv)):
            raise ValueError(f"{name}: X has shape {X.shape} and Wq, Wk, Wv have shapes {Wq.shape}, {Wk.shape}, "
                             f"{Wv.shape}; all must be 2-D with X's {X.shape[-1] if X.ndim else 0} columns")
        if Wq.shape != Wk.shape:
            raise ValueError(f"{name}: Wq has shape {Wq.shape} but Wk has shape {Wk.shape}; queries and keys need the same width")
        for label, v in (("X", X), ("Wq", Wq), ("Wk", Wk), ("Wv", Wv)):
            reject_non_finite(f"{name}: {label}", v)
        ATTENTION.check(name, X @ Wq.T, X @ Wk.T, X @ Wv.T, causal=causal, save=save)  # the options
        return X, Wq, Wk, Wv

    def example(rng):
        return [rng.normal(size=(4, 3))] + [rng.normal(size=(2, 3)) for _ in range(3)], {"causal": True}
