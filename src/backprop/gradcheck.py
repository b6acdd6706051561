"""Gradient checking, the test that a hand-derived gradient is right: analytic gradients
against central differences, parameter by parameter, and ``max_error`` to compare arrays.
"""

from typing import NamedTuple

import numpy as np

from ._checks import positive_number
from .differences import central_differences


def max_error(a, b):
    """The largest |a − b| over the entries of two arrays of the same shape, as a float.

    Unlike ``np.abs(a - b).max()`` it refuses to broadcast: comparing a (3,) result with a
    (3, 1) reference would otherwise compare every entry with every other one.

    >>> max_error([1.0, 2.0], [1.0, 2.5])
    0.5
    >>> max_error(np.ones(3), np.ones((3, 1)))
    Traceback (most recent call last):
    ...
    ValueError: max_error: a has shape (3,) but b has shape (3, 1)
    """
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    if a.shape != b.shape:
        raise ValueError(f"max_error: a has shape {a.shape} but b has shape {b.shape}")
    return float(np.max(np.abs(a - b), initial=0.0))


class GradientCheck(NamedTuple):
    """One parameter's result from ``gradient_check``.

    ``max_rel_error`` is the largest, over the entries, of |a − n| / (|a| + |n|) for the
    analytic value a and the finite-difference value n. Entries with |a| + |n| ≤ atol are
    zero up to rounding noise; a ratio of two noises says nothing, so they count as 0 there and
    are judged by ``max_abs_error`` alone. The ratio lies in [0, 1].

    >>> GradientCheck("W1", (5, 3), 1e-11, 0.0).max_rel_error
    0.0
    """

    name: str
    shape: tuple
    max_abs_error: float
    max_rel_error: float


def _relative_errors(analytic, numeric, atol):
    difference = np.abs(analytic - numeric)
    scale = np.abs(analytic) + np.abs(numeric)
    return np.divide(difference, scale, out=np.zeros_like(difference), where=scale > atol)


def gradient_check(loss, params, grads, eps=1e-6, atol=1e-9):
    """Compare analytic gradients with central differences, parameter by parameter.

    ``loss()`` takes no arguments and returns a float computed from the arrays in
    ``params`` (a dict name → float64 ndarray), which are perturbed in place one entry at a
    time and restored. ``grads`` maps the same names to the analytic gradients. Returns a
    list of ``GradientCheck(name, shape, max_abs_error, max_rel_error)``.

    >>> w = np.array([1.0, -2.0])
    >>> [check] = gradient_check(lambda: float(np.sum(w**3)), {"w": w}, {"w": 3 * w**2})
    >>> check.name, check.shape, check.max_rel_error < 1e-6
    ('w', (2,), True)
    """
    eps = positive_number("eps", eps)
    if not atol >= 0:
        raise ValueError(f"atol must be >= 0, got atol={atol!r}")
    results = []
    for name, P in params.items():
        if not isinstance(P, np.ndarray) or P.dtype != np.float64:
            raise ValueError(
                f"gradient_check: params[{name!r}] must be a float64 ndarray (it is perturbed in place)"
            )
        if name not in grads:
            raise ValueError(f"gradient_check: grads has no entry for {name!r}")
        analytic = np.asarray(grads[name], dtype=np.float64)
        if analytic.shape != P.shape:
            raise ValueError(
                f"gradient_check: grads[{name!r}] has shape {analytic.shape} "
                f"but the parameter has shape {P.shape}"
            )
        numeric = np.empty(P.shape)

        def value(j, sign, name=name):
            loss_value = float(loss())
            if not np.isfinite(loss_value):
                raise FloatingPointError(
                    f"gradient_check: the loss is {loss_value} with {name}{list(j)} perturbed by eps={eps}"
                )
            return loss_value

        for j, derivative in central_differences(value, P, eps):
            numeric[j] = derivative
        abs_errors = np.abs(analytic - numeric)
        results.append(GradientCheck(
            name, P.shape,
            float(abs_errors.max(initial=0.0)),
            float(_relative_errors(analytic, numeric, atol).max(initial=0.0)),
        ))
    return results


def check_mlp_gradients(mlp, X, Y, eps=1e-6):
    """``gradient_check`` of an MLP's hand-derived gradients, named W1, b1, W2, b2, ...

    >>> from backprop import MLP
    >>> net = MLP([3, 5, 3], seed=0)
    >>> X, Y = np.ones((4, 3)), np.zeros((4, 3))
    >>> [(c.name, c.max_rel_error < 1e-6) for c in check_mlp_gradients(net, X, Y)]
    [('W1', True), ('b1', True), ('W2', True), ('b2', True)]

    Any loss the network trains with, with the targets it takes (here class labels):

    >>> classifier = MLP([3, 5, 3], activation="relu", loss="cross_entropy", seed=0)
    >>> labels = np.array([0, 2, 1, 2])
    >>> max(c.max_abs_error for c in check_mlp_gradients(classifier, X + [[0.0, 1.0, -1.0]], labels)) < 1e-9
    True
    """
    params, grads = {}, {}
    for number, (layer, (dW, db)) in enumerate(zip(mlp.layers, mlp.gradients(X, Y)), start=1):
        params[f"W{number}"], grads[f"W{number}"] = layer.W, dW
        params[f"b{number}"], grads[f"b{number}"] = layer.b, db
    return gradient_check(lambda: mlp.loss(X, Y), params, grads, eps=eps)
