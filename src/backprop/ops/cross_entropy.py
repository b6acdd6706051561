"""Softmax cross-entropy on logits Z (n, k): L = −1/n Σ_i Σ_a Y_ia log softmax(Z_i)_a.

Y holds one-hot or probability rows (n, k), each summing to 1, or integer class labels (n,),
turned into one-hot rows; the rows summing to 1 is what makes the gradient (softmax(Z) − Y)/n.
Computed from log softmax, so it stays finite for logits whose exponentials overflow.

>>> round(cross_entropy(np.zeros((2, 4)), np.array([0, 3])), 4)  # log 4
1.3863
>>> cross_entropy(np.array([[1000.0, -1000.0]]), np.array([0]))
0.0
>>> cross_entropy_vjp(2.0, np.zeros((1, 2)), np.array([0]))
array([[-1.,  1.]])
"""

import numpy as np

from .._checks import as_float, class_targets, reject_non_finite
from .log_softmax import LOG_SOFTMAX
from .op import Loss, record
from .softmax import SOFTMAX


@record(cls=Loss)
class CROSS_ENTROPY:
    inputs = ("Z", "Y")
    kind = "loss"
    targets = class_targets
    output_activation = "identity"  # it takes the logits
    shapes = "Z (n, k) logits, Y (n, k) rows summing to 1 or labels (n,) → L a number"
    latex = dict(
        forward=r"L = -\frac{1}{n} \sum_{i,a} Y_{ia} \log P_{ia}, \quad P = \operatorname{softmax}(Z) \text{ row by row}",
        jacobian=r"\pop{L}{Z} = \frac{1}{n} (P - Y)",
        vjp=r"g \pop{L}{Z} = \frac{g}{n} (P - Y)",
    )

    def forward(Z, Y):
        return float(-np.vdot(Y, LOG_SOFTMAX.forward(Z)[0])) / Z.shape[0], (Z, Y)

    def vjp(g, saved, need=None):
        Z, Y = saved
        D = SOFTMAX.forward(Z)[0]
        D -= Y
        D *= g / Z.shape[0]
        return (D,)  # g (P − Y) / n

    def jvp(saved, T):
        return float(np.vdot(CROSS_ENTROPY.vjp(1.0, saved)[0], T))

    def jacobian(saved):
        return CROSS_ENTROPY.vjp(1.0, saved)

    def engine(Z, Y):
        return -(Y * LOG_SOFTMAX.engine(Z)).sum() / Z.shape[0]

    def check(name, Z, Y):
        Z = as_float(Z)
        if Z.ndim != 2:
            raise ValueError(f"{name}: Z has shape {Z.shape} but must be 2-D (n samples, k classes)")
        reject_non_finite(f"{name}: Z", Z)
        return Z, class_targets(Y, Z.shape, against=f"Z has shape {Z.shape}", op=name)

    def example(rng):
        return [rng.normal(size=(4, 3)), np.eye(3)[rng.integers(0, 3, 4)]], {}
