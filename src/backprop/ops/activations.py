"""Elementwise activations: tanh, sigmoid and relu, each with its Jacobian and VJP.

An elementwise map has a diagonal Jacobian (shape Z.shape + Z.shape), so its VJP is just the
upstream gradient times the derivative, entry by entry. Each VJP takes either the input Z or,
as ``A=``, the forward output: the derivative can be written in terms of the output, which
lets backprop reuse what the forward pass already computed.
"""

import numpy as np

from ._checks import as_float, diagonal_jacobian, require_same_shape


def _derivative_input(op, G, Z, A):
    # Exactly one of Z (the input) and A (the output) must be given.
    if (Z is None) == (A is None):
        raise ValueError(f"{op}: pass exactly one of Z (the input) and A (the output)")
    G = as_float(G)
    given = as_float(Z if A is None else A)
    require_same_shape(op, ("G", "Z" if A is None else "A"), G, given)
    return G, given


def sech2(Z):
    """sech²(Z) = 1 − tanh²(Z), the derivative of tanh.

    >>> np.round(sech2(np.array([0.0, 1.0])), 4)
    array([1.    , 0.42])
    """
    T = np.tanh(as_float(Z))
    return 1.0 - T * T


def tanh(Z):
    """Elementwise tanh.

    >>> np.round(tanh(np.array([0.0, 1.0])), 4)
    array([0.    , 0.7616])
    """
    return np.tanh(as_float(Z))


def tanh_jacobian(Z):
    """Jacobian of tanh at Z: shape Z.shape + Z.shape, sech²(Z) on the diagonal.

    >>> np.round(tanh_jacobian(np.array([0.0, 1.0])), 4)
    array([[1.  , 0.  ],
           [0.  , 0.42]])
    """
    return diagonal_jacobian(sech2(Z))


def tanh_vjp(G, Z=None, A=None):
    """G * sech²(Z); or, given the output A = tanh(Z) instead of Z, G * (1 − A²).

    >>> Z = np.array([0.0, 1.0])
    >>> bool(np.allclose(tanh_vjp(np.ones(2), Z), tanh_vjp(np.ones(2), A=np.tanh(Z))))
    True
    """
    G, given = _derivative_input("tanh_vjp", G, Z, A)
    if A is None:
        return G * sech2(given)
    D = given * given
    np.subtract(1.0, D, out=D)  # in place on our own temporary: one allocation in all
    D *= G
    return D


def sigmoid(Z):
    """Elementwise logistic function 1 / (1 + e^−Z), without overflow for large |Z|.

    >>> np.round(sigmoid(np.array([-800.0, 0.0, 800.0])), 4)
    array([0. , 0.5, 1. ])
    """
    Z = as_float(Z)
    # e^−|Z| never overflows; the two branches are the same function rearranged.
    E = np.exp(-np.abs(Z))
    return np.where(Z >= 0, 1.0 / (1.0 + E), E / (1.0 + E))


def sigmoid_jacobian(Z):
    """Jacobian of sigmoid: diagonal, with σ(Z)(1 − σ(Z)).

    >>> sigmoid_jacobian(np.zeros(2))
    array([[0.25, 0.  ],
           [0.  , 0.25]])
    """
    S = sigmoid(Z)
    return diagonal_jacobian(S * (1.0 - S))


def sigmoid_vjp(G, Z=None, A=None):
    """G * σ(Z)(1 − σ(Z)); or, given the output A = σ(Z), G * A(1 − A).

    >>> sigmoid_vjp(np.ones(2), np.zeros(2))
    array([0.25, 0.25])
    """
    G, given = _derivative_input("sigmoid_vjp", G, Z, A)
    S = sigmoid(given) if A is None else given
    return G * S * (1.0 - S)


def relu(Z):
    """Elementwise max(Z, 0).

    >>> relu(np.array([-1.0, 0.0, 2.0]))
    array([0., 0., 2.])
    """
    return np.maximum(as_float(Z), 0.0)


def relu_jacobian(Z):
    """Jacobian of relu: diagonal, 1 where Z > 0 and 0 elsewhere.

    At Z = 0 relu has no derivative; we use the subgradient 0 there (as PyTorch does).

    >>> relu_jacobian(np.array([-1.0, 0.0, 2.0])).diagonal()
    array([0., 0., 1.])
    """
    return diagonal_jacobian((as_float(Z) > 0).astype(np.float64))


def relu_vjp(G, Z=None, A=None):
    """G where Z > 0, else 0 (subgradient 0 at Z = 0). A = relu(Z) > 0 exactly when Z > 0.

    >>> relu_vjp(np.array([5.0, 5.0, 5.0]), np.array([-1.0, 0.0, 2.0]))
    array([0., 0., 5.])
    """
    G, given = _derivative_input("relu_vjp", G, Z, A)
    return np.where(given > 0, G, 0.0)
