"""tanh, elementwise: A = tanh(Z), with the derivative 1 − A² taken from the output.

>>> Z = np.array([0.0, 1.0])
>>> np.round(tanh(Z), 4), np.round(tanh_vjp(np.ones(2), Z), 4)
(array([0.    , 0.7616]), array([1.  , 0.42]))
"""

import numpy as np

from .._checks import as_float
from .op import elementwise

__all__ = ["sech2"]


@elementwise
class TANH:
    latex = dict(
        forward=r"\V{a} = \tanh(\V{z})",
        jacobian=r"\pop{\V{a}}{\V{z}} = \diag\big(\sechsq(\V{z})\big) = \diag(1 - \V{a} \odot \V{a})",
        vjp=r"\pop{L}{\V{z}} = \pop{L}{\V{a}} \odot (1 - \V{a} \odot \V{a})",
    )

    def forward(Z):
        return np.tanh(Z)

    def derivative(A):
        D = -A
        D *= A
        D += 1.0  # 1 − A², in place on one temporary (and still right for a 0-d A)
        return D

    def engine(t):
        return t.tanh()


def sech2(Z):
    """sech²(Z) = 1 − tanh²(Z), the derivative of tanh; for an array or a number.

    >>> np.round(sech2(np.array([0.0, 1.0])), 4)
    array([1.  , 0.42])
    >>> float(sech2(0.0))
    1.0
    """
    return TANH.derivative(np.tanh(as_float(Z)))
