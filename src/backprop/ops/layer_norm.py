"""Layer normalization, row by row, with a learnable gain γ and bias β (Ba, Kiros and Hinton,
2016): each row x (p features) becomes γ ⊙ (x − μ)/σ + β, with μ its mean and
σ = √(its biased variance + ε), as in ``torch.nn.LayerNorm``.

The forward saves x̂ = (x − μ)/σ and σ (n numbers): the backward needs nothing else. For one row,
with h = g ⊙ γ for the upstream signal g, the VJP is (h − mean(h) − x̂ mean(h ⊙ x̂)) / σ: the
projection that removes the two directions normalization cannot move (a shift of the row and
a scaling of it).

>>> X = np.array([[1.0, 2.0, 3.0], [0.0, 0.0, 6.0]])
>>> np.round(layer_norm(X, np.ones(3), np.zeros(3)), 4)
array([[-1.2247,  0.    ,  1.2247],
       [-0.7071, -0.7071,  1.4142]])
>>> dX, dgain, dbias = layer_norm_vjp(np.ones((2, 3)), X, np.ones(3), np.zeros(3))
>>> np.round(dX, 12), dbias                 # adding c to every output moves no input
(array([[0., 0., 0.],
       [0., 0., 0.]]), array([2., 2., 2.]))
"""

import numpy as np

from .._checks import as_float, reject_non_finite
from .op import record


def _project(H, Xhat, sigma):
    # (h − mean(h) − x̂ mean(h ⊙ x̂)) / σ, row by row: the VJP, and (for h = T) the JVP of x̂.
    return (H - H.mean(axis=-1, keepdims=True) - Xhat * (H * Xhat).mean(axis=-1, keepdims=True)) / sigma


@record
class LAYER_NORM:
    inputs = ("X", "gain", "bias")
    grads = 3
    shapes = "X (n, p), gain (p,), bias (p,) → Y (n, p); σ (n, 1) saved"
    latex = dict(
        forward=r"\V{y} = \V{\gamma} \odot \hat{\V{x}} + \V{\beta}, \quad "
                r"\hat{\V{x}} = \frac{\V{x} - \mu}{\sigma}, \quad \mu = \tfrac{1}{p} \V{x} \V{1}^\top, \quad "
                r"\sigma = \sqrt{\tfrac{1}{p} (\V{x} - \mu)(\V{x} - \mu)^\top + \epsilon}",
        jacobian=r"\pop{\V{y}}{\V{x}} = \frac{1}{\sigma} \diag(\V{\gamma}) "
                 r"\Big(I - \tfrac{1}{p} \V{1}^\top \V{1} - \tfrac{1}{p} \hat{\V{x}}^\top \hat{\V{x}}\Big), \quad "
                 r"\pop{\V{y}}{\V{\gamma}} = \diag(\hat{\V{x}}), \quad \pop{\V{y}}{\V{\beta}} = I",
        vjp=r"\pop{L}{\V{x}} = \frac{1}{\sigma} \Big(\V{h} - \tfrac{1}{p} (\V{h} \V{1}^\top) \V{1} "
            r"- \tfrac{1}{p} (\V{h} \hat{\V{x}}^\top) \hat{\V{x}}\Big), \quad \V{h} = \V{g} \odot \V{\gamma}; \quad "
            r"\pop{L}{\V{\gamma}} = \sum_i \V{g}_i \odot \hat{\V{x}}_i, \quad \pop{L}{\V{\beta}} = \sum_i \V{g}_i",
    )

    def forward(X, gain, bias, eps=1e-5):
        C = X - X.mean(axis=-1, keepdims=True)
        sigma = np.sqrt((C * C).mean(axis=-1, keepdims=True) + eps)
        if not np.all(np.isfinite(sigma)):  # finite inputs whose squares overflow: say so, not NaN
            raise FloatingPointError(f"layer_norm: a row's variance overflows (σ = {sigma.max()}); scale X down")
        C /= sigma  # x̂, in place
        return C * gain + bias, (C, sigma, gain)

    def vjp(G, saved, need=None):
        Xhat, sigma, gain = saved
        dX = _project(G * gain, Xhat, sigma) if need is None or need[0] else None
        return dX, (G * Xhat).sum(axis=0), G.sum(axis=0)

    def jvp(saved, dX, dgain, dbias):
        Xhat, sigma, gain = saved
        return _project(dX, Xhat, sigma) * gain + Xhat * dgain + dbias

    def jacobian(saved):
        Xhat, sigma, gain = saved
        n, p = Xhat.shape
        # per row i: diag(γ)/σ_i (I − 1ᵀ1/p − x̂ᵀx̂/p), placed on the diagonal (rows do not mix)
        blocks = (np.eye(p) - 1.0 / p - Xhat[:, :, None] * Xhat[:, None, :] / p) * (gain[:, None] / sigma[:, :, None])
        dX = np.einsum("ij,iab->iajb", np.eye(n), blocks)
        dgain = np.einsum("ia,ab->iab", Xhat, np.eye(p))
        dbias = np.broadcast_to(np.eye(p), (n, p, p)).copy()
        return dX, dgain, dbias

    def engine(X, gain, bias, eps=1e-5):
        C = X - X.mean(axis=-1, keepdims=True)
        sigma = ((C * C).mean(axis=-1, keepdims=True) + eps) ** 0.5
        return C / sigma * gain + bias

    def check(name, X, gain, bias, eps=1e-5):
        X, gain, bias = as_float(X), as_float(gain), as_float(bias)
        if X.ndim != 2 or X.shape[1] == 0:
            raise ValueError(f"{name}: X has shape {X.shape} but must be 2-D (n samples, p features)")
        for label, v in (("gain", gain), ("bias", bias)):
            if v.shape != (X.shape[1],):
                raise ValueError(f"{name}: {label} has shape {v.shape} but X has shape {X.shape}; "
                                 f"{label} needs shape {(X.shape[1],)}")
        if not (isinstance(eps, (int, float)) and eps > 0):
            raise ValueError(f"{name}: eps must be a positive number, got eps={eps!r}")
        for label, v in (("X", X), ("gain", gain), ("bias", bias)):
            reject_non_finite(f"{name}: {label}", v)
        return X, gain, bias

    def example(rng):
        return [rng.normal(size=(3, 4)), rng.normal(1.0, 0.3, 4), rng.normal(size=4)], {}
