"""The linear (affine) layer Z = X Wᵀ + b: X is (n, d_in) with one sample per row, W is (d_out, d_in)
(PyTorch's layout), b is (d_out,), Z is (n, d_out).

>>> g = linear_vjp(np.array([[1.0, 2.0]]), np.array([[3.0, 4.0]]), np.eye(2))
>>> g.dX, g.dW, g.db
(array([[1., 2.]]), array([[3., 4.], [6., 8.]]), array([1., 2.]))
"""

import numpy as np

from .._checks import as_float
from .op import record


@record
class LINEAR:
    inputs = ("X", "W", "b")
    grads = 3
    shapes = "X (n, d_in), W (d_out, d_in), b (d_out,) → Z (n, d_out)"
    latex = dict(
        forward=r"Z = X W^\top + \V{b}",
        jacobian=r"\pop{Z_{ik}}{X_{js}} = \delta_{ij} W_{ks}, \quad "
                 r"\pop{Z_{ik}}{W_{rs}} = \delta_{kr} X_{is}, \quad \pop{Z_{ik}}{b_r} = \delta_{kr}",
        vjp=r"\pop{L}{X} = G W, \quad \pop{L}{W} = G^\top X, \quad \pop{L}{\V{b}} = \V{1}^\top G",
    )

    def forward(X, W, b):
        Z = X @ W.T
        Z += b  # in place: Z is ours, and this saves a second (n, q) array
        return Z, (X, W)

    def vjp(G, saved, need=None):
        X, W = saved
        # need[0] False skips dX = G W, the one product a first layer's caller never needs
        # (nobody trains the data X): a third of the backward pass's matmul work on a wide input.
        dX = G @ W if need is None or need[0] else None
        return dX, G.T @ X, G.sum(axis=0)

    def jvp(saved, dX, dW, db):
        X, W = saved
        return dX @ W.T + X @ dW.T + db

    def jacobian(saved):
        X, W = saved
        n, q = X.shape[0], W.shape[0]
        dX = np.einsum("ij,ks->ikjs", np.eye(n), W)
        dW = np.einsum("kr,is->ikrs", np.eye(q), X)
        db = np.broadcast_to(np.eye(q), (n, q, q)).copy()
        return dX, dW, db

    def engine(X, W, b):
        return X @ W.T + b

    def check(name, X, W, b=None):
        # b may be left out where only the shapes of X and W matter (linear_vjp(G, X, W)).
        X, W = as_float(X), as_float(W)
        if X.ndim != 2 or W.ndim != 2:
            raise ValueError(f"{name}: X has shape {X.shape} and W has shape {W.shape}; both must be 2-D")
        if X.shape[1] != W.shape[1]:
            raise ValueError(f"{name}: X has shape {X.shape} but W has shape {W.shape}; X needs {W.shape[1]} columns")
        b = np.zeros(W.shape[0]) if b is None else as_float(b)
        if b.shape != (W.shape[0],):
            raise ValueError(f"{name}: b has shape {b.shape} but W has shape {W.shape}; b needs shape {(W.shape[0],)}")
        return X, W, b

    def example(rng):
        return [rng.normal(size=(4, 3)), rng.normal(size=(2, 3)), rng.normal(size=2)], {}
