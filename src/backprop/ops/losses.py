"""Losses, one record each: mean squared error, cross-entropy on logits, and log loss on
probabilities.

A scalar loss L has a Jacobian shaped like its input, and its VJP is the scalar upstream
gradient g (1 when L is the final loss) times that Jacobian: each derivative is written once,
in the VJP, and the Jacobian is the VJP at g = 1. Targets Y are checked once, at the public
boundary, by the record's ``targets`` (``MLP`` calls it too). The public functions below check
their input, then call the record.
"""

import numpy as np

from .._checks import as_float, check_targets, class_targets, reject_non_finite, require_same_shape
from .op import Loss, record
from .rowwise import LOG_SOFTMAX, SOFTMAX


@record(Loss, targets=check_targets)
class MSE:
    # Over ALL entries: L = 1/(n·m) Σ (A − Y)² for an (n, m) batch.
    def forward(A, Y):
        D = A - Y
        return float(np.vdot(D, D)) / D.size  # vdot: Σ D² without a squared temporary

    def vjp(g, A, Y):
        D = A - Y
        D *= 2.0 * g / D.size
        return D  # 2 g (A − Y) / (n·m)

    def jacobian(A, Y):
        return MSE.vjp(1.0, A, Y)

    def engine(A, Y):
        return ((A - Y) ** 2).mean()


@record(Loss, targets=class_targets, output_activation="identity")  # it takes the logits
class CROSS_ENTROPY:
    # On logits Z (n, k): L = −1/n Σ_i Σ_a Y_ia log softmax(Z_i)_a. Y's rows sum to 1
    # (``targets`` checks it), which makes the gradient (softmax(Z) − Y) / n.
    def forward(Z, Y):
        return float(-np.vdot(Y, LOG_SOFTMAX.forward(Z))) / Z.shape[0]

    def vjp(g, Z, Y):
        D = SOFTMAX.forward(Z)
        D -= Y
        D *= g / Z.shape[0]
        return D  # g (P − Y) / n

    def jacobian(Z, Y):
        return CROSS_ENTROPY.vjp(1.0, Z, Y)

    def engine(Z, Y):
        return -(Y * LOG_SOFTMAX.engine(Z)).sum() / Z.shape[0]


@record(Loss, targets=class_targets)
class LOG_LOSS:
    # The same cross-entropy on probabilities P: L = −1/n Σ Y log P. Only entries with
    # Y > 0 count (0 · log 0 is taken as 0); the derivative is −Y / (n P).
    def forward(P, Y):
        with np.errstate(divide="ignore"):  # P = 0 where Y > 0: log 0 = −inf, an infinite loss
            logs = np.log(P, where=Y > 0, out=np.zeros_like(P))
        return float(-np.vdot(Y, logs)) / P.shape[0]

    def vjp(g, P, Y):
        with np.errstate(divide="ignore"):  # P = 0 where Y > 0: an infinite slope
            D = np.divide(Y, P, where=Y > 0, out=np.zeros_like(P))
        D *= -g / P.shape[0]
        return D

    def jacobian(P, Y):
        return LOG_LOSS.vjp(1.0, P, Y)

    def engine(P, Y):
        return -(Y * P.log()).sum() / P.shape[0]


# ---- the public functions: check once, then call the record ----

def _same_shape(op, A, Y):
    A, Y = as_float(A), as_float(Y)
    # Broadcasting an (n,) target against an (n, 1) output would silently compare every
    # prediction with every target.
    require_same_shape(op, "AY", A, Y)
    return A, Y


def _logits_and_targets(op, Z, Y):
    Z = as_float(Z)
    if Z.ndim != 2:
        raise ValueError(f"{op}: Z has shape {Z.shape} but must be 2-D (n samples, k classes)")
    reject_non_finite(f"{op}: Z", Z)
    return Z, class_targets(Y, Z.shape, against=f"Z has shape {Z.shape}", op=op)


def _probabilities_and_targets(op, P, Y):
    P = as_float(P)
    if P.ndim != 2:
        raise ValueError(f"{op}: P has shape {P.shape} but must be 2-D (n samples, k classes)")
    if not np.all((P >= 0) & (P <= 1)):
        raise ValueError(f"{op}: P must hold probabilities in [0, 1]; got entries from {P.min()} to {P.max()}")
    return P, class_targets(Y, P.shape, against=f"P has shape {P.shape}", op=op)


def mse(A, Y):
    """Mean of (A − Y)² over all entries; A and Y must have the same shape.

    >>> mse(np.array([[1.0, 2.0], [3.0, 4.0]]), np.zeros((2, 2)))
    7.5
    """
    return MSE.forward(*_same_shape("mse", A, Y))


def mse_jacobian(A, Y):
    """Jacobian of the scalar loss with respect to A: shape () + A.shape, 2 (A − Y) / A.size.

    >>> mse_jacobian(np.array([[1.0, 2.0]]), np.zeros((1, 2)))
    array([[1., 2.]])
    """
    return MSE.jacobian(*_same_shape("mse_jacobian", A, Y))


def mse_vjp(g, A, Y):
    """g times the Jacobian, 2 g (A − Y) / A.size, for a scalar upstream gradient g.

    >>> mse_vjp(0.5, np.array([[1.0, 2.0]]), np.zeros((1, 2)))
    array([[0.5, 1. ]])
    """
    return MSE.vjp(float(g), *_same_shape("mse_vjp", A, Y))


def cross_entropy(Z, Y):
    """Softmax cross-entropy of logits Z (n, k): −1/n Σ_i Σ_a Y_ia log softmax(Z_i)_a.

    Y is one-hot or probability rows (n, k), each summing to 1, or integer class labels of
    shape (n,), which are turned into one-hot rows. Computed from ``log_softmax``, so it stays
    finite for logits whose exponentials overflow.

    >>> round(cross_entropy(np.zeros((2, 4)), np.array([0, 3])), 4)  # log 4
    1.3863
    >>> cross_entropy(np.array([[1000.0, -1000.0]]), np.array([0]))
    0.0
    """
    return CROSS_ENTROPY.forward(*_logits_and_targets("cross_entropy", Z, Y))


def cross_entropy_jacobian(Z, Y):
    """Gradient of the scalar loss with respect to the logits, shape (n, k): (softmax(Z) − Y) / n.

    >>> cross_entropy_jacobian(np.zeros((1, 2)), np.array([[1.0, 0.0]]))
    array([[-0.5,  0.5]])
    """
    return CROSS_ENTROPY.jacobian(*_logits_and_targets("cross_entropy_jacobian", Z, Y))


def cross_entropy_vjp(g, Z, Y):
    """g times the Jacobian, g (softmax(Z) − Y) / n, for a scalar upstream gradient g.

    >>> cross_entropy_vjp(2.0, np.zeros((1, 2)), np.array([0]))
    array([[-1.,  1.]])
    """
    return CROSS_ENTROPY.vjp(float(g), *_logits_and_targets("cross_entropy_vjp", Z, Y))


def log_loss(P, Y):
    """Cross-entropy of probability rows P (n, k): −1/n Σ_i Σ_a Y_ia log P_ia.

    ``cross_entropy(Z, Y)`` equals ``log_loss(softmax(Z), Y)`` but never takes the log of a
    rounded-off probability. Y as in ``cross_entropy``; entries with Y = 0 count 0 even
    where P = 0.

    >>> round(log_loss(np.array([[0.5, 0.5, 0.0]]), np.array([0])), 4)  # log 2
    0.6931
    """
    return LOG_LOSS.forward(*_probabilities_and_targets("log_loss", P, Y))


def log_loss_jacobian(P, Y):
    """Gradient of the scalar log loss with respect to P, shape (n, k): −Y / (n P) (0 where Y = 0).

    >>> log_loss_jacobian(np.array([[0.5, 0.25, 0.25]]), np.array([1]))
    array([[-0., -4., -0.]])
    """
    return LOG_LOSS.jacobian(*_probabilities_and_targets("log_loss_jacobian", P, Y))


def log_loss_vjp(g, P, Y):
    """g times the Jacobian, −g Y / (n P), for a scalar upstream gradient g.

    >>> log_loss_vjp(0.5, np.array([[0.5, 0.5]]), np.array([0]))
    array([[-1., -0.]])
    """
    return LOG_LOSS.vjp(float(g), *_probabilities_and_targets("log_loss_vjp", P, Y))
