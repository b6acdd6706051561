"""The logistic function, elementwise: A = σ(Z) = 1 / (1 + e^−Z), derivative A (1 − A).

>>> np.round(sigmoid(np.array([-800.0, 0.0, 800.0])), 4)   # no overflow for large |Z|
array([0. , 0.5, 1. ])
"""

import numpy as np

from .op import elementwise


@elementwise
class SIGMOID:
    latex = dict(
        forward=r"\V{a} = \sigma(\V{z}) = \frac{1}{1 + e^{-\V{z}}}",
        jacobian=r"\pop{\V{a}}{\V{z}} = \diag\big(\V{a} \odot (1 - \V{a})\big)",
        vjp=r"\pop{L}{\V{z}} = \pop{L}{\V{a}} \odot \V{a} \odot (1 - \V{a})",
    )

    def forward(Z):
        # e^−|Z| never overflows; the two branches are the same function rearranged.
        E = np.exp(-np.abs(Z))
        return np.where(Z >= 0, 1.0, E) / (1.0 + E)

    def derivative(A):
        D = 1.0 - A
        D *= A
        return D  # A (1 − A)

    def engine(t):
        return t.sigmoid()
