"""The elementwise functions of the engine (``Tensor``) and of forward mode (``Dual``), each a
value and its slope, written once for both.

These are the engine's own derivatives, written apart from the op records in ``ops/`` on
purpose: the records' VJPs are checked against what the engine derives from these primitives
(see ``ops/op.py``), so they must not share code. ``chain(g, x, y)`` is g · f'(x), given x and
y = f(x): the gradient (reverse mode) or the tangent (forward mode) g carried through f.

>>> f, chain = ELEMENTWISE["tanh"]
>>> x = np.array([0.0, 1.0]); y = f(x)
>>> np.round(chain(np.ones(2), x, y), 4)
array([1.  , 0.42])
"""

import numpy as np


def sigmoid(x):
    """1 / (1 + e^−x) without overflow: e^−|x| never overflows, and the two branches are the
    same function rearranged.

    >>> sigmoid(np.array([-800.0, 0.0, 800.0]))
    array([0. , 0.5, 1. ])
    """
    E = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0, E) / (1.0 + E)


ELEMENTWISE = {
    "tanh": (np.tanh, lambda g, x, y: g * (1.0 - y * y)),
    "sigmoid": (sigmoid, lambda g, x, y: g * y * (1.0 - y)),
    "relu": (lambda x: np.maximum(x, 0.0), lambda g, x, y: np.where(x > 0, g, 0.0)),  # 0 at the kink
    "exp": (np.exp, lambda g, x, y: g * y),
    "log": (np.log, lambda g, x, y: g / x),
}


def max_share(x, out, axis, keepdims):
    """Where ``x`` attains its maximum ``out`` along ``axis``, each such entry's share (1/ties):
    the subgradient of max that both modes use (as ``torch.amax`` does).

    >>> max_share(np.array([[1.0, 3.0, 3.0]]), np.array([3.0]), 1, False)
    array([[0. , 0.5, 0.5]])
    """
    at_max = x == (out if keepdims or axis is None else np.expand_dims(out, axis))
    return at_max / at_max.sum(axis=axis, keepdims=True)
