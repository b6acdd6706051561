"""relu, elementwise: A = max(Z, 0), derivative [Z > 0], taken as 0 at Z = 0 (the subgradient
PyTorch and JAX use).

>>> relu_vjp(np.array([5.0, 5.0, 5.0]), np.array([-1.0, 0.0, 2.0]))
array([0., 0., 5.])
"""

import numpy as np

from .op import elementwise


@elementwise
class RELU:
    layer = "ReLU"  # PyTorch's name for the layer
    latex = dict(
        forward=r"\V{a} = \max(\V{z}, 0)",
        jacobian=r"\pop{\V{a}}{\V{z}} = \diag\big([\V{z} > 0]\big)",
        vjp=r"\pop{L}{\V{z}} = \pop{L}{\V{a}} \odot [\V{z} > 0]",
    )

    def forward(Z):
        return np.maximum(Z, 0.0)

    def derivative(A):
        # A = relu(Z) > 0 exactly when Z > 0.
        return (A > 0).astype(np.float64)

    def engine(t):
        return t.relu()

    def example(rng):
        Z = rng.normal(size=(3, 4))
        return [np.sign(Z) * (np.abs(Z) + 0.1)], {}  # clear of the kink, for finite differences
