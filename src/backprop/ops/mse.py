"""The mean squared error over ALL entries: L = 1/(n·m) Σ (A − Y)² for an (n, m) batch.

A scalar loss has a Jacobian shaped like its input; its VJP is the scalar upstream g times it.

>>> mse(np.array([[1.0, 2.0], [3.0, 4.0]]), np.zeros((2, 2)))
7.5
>>> mse_vjp(0.5, np.array([[1.0, 2.0]]), np.zeros((1, 2)))
array([[0.5, 1. ]])
"""

import numpy as np

from .._checks import as_float, check_targets, require_same_shape
from .op import Loss, record


@record(cls=Loss)
class MSE:
    inputs = ("A", "Y")
    kind = "loss"
    targets = check_targets
    shapes = "A (n, m), Y (n, m) → L a number"
    latex = dict(
        forward=r"L = \frac{1}{nm} \sum_{i,a} (A_{ia} - Y_{ia})^2",
        jacobian=r"\pop{L}{A} = \frac{2}{nm} (A - Y)",
        vjp=r"g \pop{L}{A} = \frac{2g}{nm} (A - Y)",
    )

    def forward(A, Y):
        D = A - Y
        return float(np.vdot(D, D)) / D.size, D  # vdot: Σ D² without a squared temporary

    def vjp(g, D, need=None):
        return (D * (2.0 * g / D.size),)  # 2 g (A − Y) / (n·m)

    def jvp(D, T):
        return float(np.vdot(D, T)) * 2.0 / D.size

    def jacobian(D):
        return MSE.vjp(1.0, D)

    def engine(A, Y):
        return ((A - Y) ** 2).mean()

    def check(name, A, Y):
        A, Y = as_float(A), as_float(Y)
        # Broadcasting an (n,) target against an (n, 1) output would silently compare every
        # prediction with every target.
        require_same_shape(name, "AY", A, Y)
        return A, Y

    def example(rng):
        return [rng.normal(size=(3, 2)), rng.normal(size=(3, 2))], {}
