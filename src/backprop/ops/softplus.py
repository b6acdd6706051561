"""softplus, elementwise: A = log(1 + e^Z), a smooth relu. Its derivative is the logistic
function σ(Z), which the output gives back: e^A = 1 + e^Z, so σ(Z) = 1 − e^−A.

>>> softplus(np.array([800.0]))            # no overflow: log(e⁰ + e^Z) without e^800
array([800.])
>>> round(float(softplus(0.0)), 4)          # log 2
0.6931
>>> softplus_vjp(np.ones(2), np.array([0.0, 800.0]))      # σ(0) = 1/2, σ(800) = 1
array([0.5, 1. ])
"""

import numpy as np

from .op import elementwise


@elementwise
class SOFTPLUS:
    latex = dict(
        forward=r"\V{a} = \log(1 + e^{\V{z}})",
        jacobian=r"\pop{\V{a}}{\V{z}} = \diag\big(\sigma(\V{z})\big) = \diag(1 - e^{-\V{a}})",
        vjp=r"\pop{L}{\V{z}} = \pop{L}{\V{a}} \odot (1 - e^{-\V{a}})",
    )

    def forward(Z):
        return np.logaddexp(0.0, Z)

    def derivative(A):
        return -np.expm1(-A)  # 1 − e^−A = σ(Z), accurate where it is small

    def engine(t):
        return (1.0 + t.exp()).log()  # the definition; the engine differentiates exp and log
