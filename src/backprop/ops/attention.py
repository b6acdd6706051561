"""Scaled dot-product attention (Vaswani et al., 2017), one head, rows as tokens:
S = Q Kᵀ/√d, P = softmax(S) row by row, O = P V, for queries Q (n, d), keys K (m, d) and
values V (m, d_v). With ``causal=True`` query i sees keys j ≤ i only (top-left aligned, as
PyTorch's ``is_causal``): S_ij = −∞ there, written with ``np.where`` so that no ∞ − ∞ (NaN)
can occur, and P_ij = 0.

The forward always keeps Q, K, V and its output O (the backward forms ρ = rowsum(G ⊙ O), one
number per query row, without P). What else it saves is an option, ``save``:

- ``"probabilities"`` keeps P (n × m numbers), and the backward pass reads it;
- ``"logsumexp"`` keeps only lse_i = log Σ_j e^{S_ij} (n numbers), FlashAttention's choice
  (Dao et al., 2022), and the backward recomputes P_ij = e^{S_ij − lse_i} from Q and K.

The gradients agree to rounding; ``saved_bytes`` measures what each keeps.

>>> rng = np.random.default_rng(0)
>>> Q, K, V, G = rng.normal(size=(5, 4)), rng.normal(size=(5, 4)), rng.normal(size=(5, 3)), rng.normal(size=(5, 3))
>>> full = attention_vjp(G, Q, K, V, causal=True)
>>> flash = attention_vjp(G, Q, K, V, causal=True, save="logsumexp")
>>> all(np.allclose(a, b, rtol=1e-13) for a, b in zip(full, flash))
True
>>> [saved_bytes(ATTENTION.forward(Q, K, V, save=s)[1]) for s in ("probabilities", "logsumexp")]
[760, 600]
>>> attention(Q, K, V, causal=True)[0] == V[0]     # the first query sees only the first key
array([ True,  True,  True])
"""

from typing import NamedTuple

import numpy as np

from .._checks import as_float, reject_non_finite
from .op import record, saved_bytes  # noqa: F401 - saved_bytes: the doctest measures P against lse

SAVES = ("probabilities", "logsumexp")


class Saved(NamedTuple):
    """What attention's forward keeps: the inputs, its output O, the mask flag, and P or lse
    (the other None).

    >>> ATTENTION.forward(np.ones((2, 1)), np.ones((3, 1)), np.ones((3, 1)), save="logsumexp")[1].lse.shape
    (2, 1)
    """

    Q: np.ndarray
    K: np.ndarray
    V: np.ndarray
    O: np.ndarray
    causal: bool
    P: np.ndarray | None
    lse: np.ndarray | None


def _scores(Q, K, causal):
    S = Q @ K.T
    S /= np.sqrt(Q.shape[1])
    if causal:  # keys j > i are hidden from query i
        S = np.where(np.tri(*S.shape, dtype=bool), S, -np.inf)
    return S


def _probabilities(saved):
    if saved.P is not None:
        return saved.P
    return np.exp(_scores(saved.Q, saved.K, saved.causal) - saved.lse)  # e^{−∞} = 0 where masked


@record
class ATTENTION:
    inputs = ("Q", "K", "V")
    grads = 3
    kind = "attention"
    shapes = "Q (n, d), K (m, d), V (m, d_v) → O (n, d_v); O and P (n, m) or lse (n, 1) saved"
    latex = dict(
        forward=r"O = P V, \quad P = \operatorname{softmax}(S) \text{ row by row}, \quad S = \frac{Q K^\top}{\sqrt{d}}",
        jacobian=r"\pop{O_{ia}}{V_{kb}} = P_{ik} \delta_{ab}, \quad "
                 r"\pop{O_{ia}}{S_{jk}} = \delta_{ij} P_{ik} (V_{ka} - O_{ia}), \quad "
                 r"\pop{S_{ik}}{Q_{jc}} = \frac{\delta_{ij} K_{kc}}{\sqrt{d}}, \quad \pop{S_{ik}}{K_{jc}} = \frac{\delta_{kj} Q_{ic}}{\sqrt{d}}",
        vjp=r"\pop{L}{V} = P^\top G, \quad \pop{L}{S} = P \odot \big(G V^\top - (G \odot O) \V{1}^\top \V{1}\big), \quad "
            r"\pop{L}{Q} = \frac{1}{\sqrt{d}} \pop{L}{S} K, \quad \pop{L}{K} = \frac{1}{\sqrt{d}} \Big(\pop{L}{S}\Big)^{\!\top} Q",
    )

    def forward(Q, K, V, causal=False, save="probabilities"):
        S = _scores(Q, K, causal)
        top = S.max(axis=1, keepdims=True)  # every row sees at least key 0
        if not np.all(np.isfinite(top)):  # finite inputs whose products overflow: say so, not NaN
            raise FloatingPointError(f"attention: the scores Q Kᵀ/√d overflow (largest row maximum {top.max()}); "
                                     "scale Q and K down")
        P = np.exp(S - top)
        total = P.sum(axis=1, keepdims=True)
        P /= total
        O = P @ V
        if save == "logsumexp":
            return O, Saved(Q, K, V, O, causal, None, top + np.log(total))
        return O, Saved(Q, K, V, O, causal, P, None)

    def vjp(G, saved, need=None):
        Q, K, V = saved.Q, saved.K, saved.V
        P = _probabilities(saved)
        dP = G @ V.T
        rho = (G * saved.O).sum(axis=1, keepdims=True)  # = rowsum(dP ⊙ P), without P: Σ_k P_ik dP_ik = G_i · O_i
        dS = P * (dP - rho)  # softmax's VJP, row by row
        dS /= np.sqrt(Q.shape[1])
        return dS @ K, dS.T @ Q, P.T @ G

    def jvp(saved, dQ, dK, dV):
        Q, K, V = saved.Q, saved.K, saved.V
        P = _probabilities(saved)
        dS = (dQ @ K.T + Q @ dK.T) / np.sqrt(Q.shape[1])
        dP = P * (dS - (P * dS).sum(axis=1, keepdims=True))  # 0 where masked, since P is
        return dP @ V + P @ dV

    def jacobian(saved):
        Q, K, V = saved.Q, saved.K, saved.V
        P = _probabilities(saved)
        n, dv, O = P.shape[0], V.shape[1], saved.O
        M = P[:, None, :] * (V.T[None, :, :] - O[:, :, None]) / np.sqrt(Q.shape[1])  # ∂O_ia/∂S_ik / √d
        dQ = np.einsum("ij,iak,kc->iajc", np.eye(n), M, K)
        dK = np.einsum("iak,ic->iakc", M, Q)
        dV = np.einsum("ik,ab->iakb", P, np.eye(dv))
        return dQ, dK, dV

    def engine(Q, K, V, causal=False, save="probabilities"):
        S = Q @ K.T * (1.0 / np.sqrt(Q.shape[1]))
        if causal:  # adding −∞ above the diagonal; the softmax below turns it into P = 0
            S = S + np.where(np.tri(S.shape[0], S.shape[1], dtype=bool), 0.0, -np.inf)
        E = (S - S.max(axis=-1, keepdims=True)).exp()
        return E / E.sum(axis=-1, keepdims=True) @ V

    def check(name, Q, K, V, causal=False, save="probabilities"):
        Q, K, V = as_float(Q), as_float(K), as_float(V)
        if Q.ndim != 2 or K.ndim != 2 or V.ndim != 2:
            raise ValueError(f"{name}: Q, K and V have shapes {Q.shape}, {K.shape}, {V.shape}; all must be 2-D")
        if Q.shape[1] != K.shape[1] or Q.shape[1] == 0:
            raise ValueError(f"{name}: Q has shape {Q.shape} but K has shape {K.shape}; they need the same d ≥ 1 columns")
        if K.shape[0] != V.shape[0] or K.shape[0] == 0:
            raise ValueError(f"{name}: K has shape {K.shape} but V has shape {V.shape}; one value row per key")
        if not isinstance(causal, (bool, np.bool_)):
            raise ValueError(f"{name}: causal must be True or False, got causal={causal!r}")
        if save not in SAVES:
            raise ValueError(f"{name}: save must be one of {SAVES}, got save={save!r}")
        for label, v in (("Q", Q), ("K", K), ("V", V)):
            reject_non_finite(f"{name}: {label}", v)
        return Q, K, V

    def example(rng):
        return [rng.normal(size=(3, 2)), rng.normal(size=(4, 2)), rng.normal(size=(4, 2))], {"causal": True}
