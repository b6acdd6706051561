"""Cross-entropy of probability rows P (n, k): L = −1/n Σ_i Σ_a Y_ia log P_ia.

``cross_entropy(Z, Y)`` equals ``log_loss(softmax(Z), Y)`` but never takes the log of a
rounded-off probability. Only entries with Y > 0 count (0 · log 0 is taken as 0).

>>> round(log_loss(np.array([[0.5, 0.5, 0.0]]), np.array([0])), 4)  # log 2
0.6931
>>> log_loss_jacobian(np.array([[0.5, 0.25, 0.25]]), np.array([1]))
array([[-0., -4., -0.]])
"""

import numpy as np

from .._checks import as_float, class_targets
from .op import Loss, record


@record(cls=Loss)
class LOG_LOSS:
    inputs = ("P", "Y")
    kind = "loss"
    targets = class_targets
    output_activation = "softmax"
    shapes = "P (n, k) probabilities, Y (n, k) rows summing to 1 or labels (n,) → L a number"
    latex = dict(
        forward=r"L = -\frac{1}{n} \sum_{i,a} Y_{ia} \log P_{ia}",
        jacobian=r"\pop{L}{P_{ia}} = -\frac{Y_{ia}}{n P_{ia}}",
        vjp=r"g \pop{L}{P_{ia}} = -\frac{g Y_{ia}}{n P_{ia}}",
    )

    def forward(P, Y):
        with np.errstate(divide="ignore"):  # P = 0 where Y > 0: log 0 = −inf, an infinite loss
            logs = np.log(P, where=Y > 0, out=np.zeros_like(P))
        return float(-np.vdot(Y, logs)) / P.shape[0], (P, Y)

    def vjp(g, saved, need=None):
        P, Y = saved
        with np.errstate(divide="ignore"):  # P = 0 where Y > 0: an infinite slope
            D = np.divide(Y, P, where=Y > 0, out=np.zeros_like(P))
        D *= -g / P.shape[0]
        return (D,)

    def jvp(saved, T):
        return float(np.vdot(LOG_LOSS.vjp(1.0, saved)[0], T))

    def jacobian(saved):
        return LOG_LOSS.vjp(1.0, saved)

    def engine(P, Y):
        return -(Y * P.log()).sum() / P.shape[0]

    def check(name, P, Y):
        P = as_float(P)
        if P.ndim != 2:
            raise ValueError(f"{name}: P has shape {P.shape} but must be 2-D (n samples, k classes)")
        if not np.all((P >= 0) & (P <= 1)):
            raise ValueError(f"{name}: P must hold probabilities in [0, 1]; got entries from {P.min()} to {P.max()}")
        return P, class_targets(Y, P.shape, against=f"P has shape {P.shape}", op=name)

    def example(rng):
        P = rng.uniform(0.1, 1.0, (3, 4))
        return [P / P.sum(axis=1, keepdims=True), np.eye(4)[rng.integers(0, 4, 3)]], {}
