"""Elementwise activations, one record each: identity, tanh, sigmoid and relu.

Each record holds the forward and the derivative in terms of the output A = act(Z), which
the forward pass has already computed: tanh' = 1 − A², σ' = A(1 − A), relu' = [A > 0].
Its Jacobian is diagonal (shape Z.shape + Z.shape) with those entries; its VJP is the upstream
gradient times them. The public functions below check their input, then call the record.
"""

import numpy as np

from .._checks import as_float, require_same_shape
from .op import elementwise


@elementwise
class IDENTITY:
    def forward(Z):
        return Z

    def derivative(A):
        return np.ones_like(A)

    def engine(t):
        return t


@elementwise
class TANH:
    def forward(Z):
        return np.tanh(Z)

    def derivative(A):
        D = -A
        D *= A
        D += 1.0  # 1 − A², in place on one temporary (and still right for a 0-d A)
        return D

    def engine(t):
        return t.tanh()


@elementwise
class SIGMOID:
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


@elementwise
class RELU:
    def forward(Z):
        return np.maximum(Z, 0.0)

    def derivative(A):
        # A = relu(Z) > 0 exactly when Z > 0. At Z = 0 relu has no derivative; we take 0
        # there, the subgradient PyTorch and JAX use.
        return (A > 0).astype(np.float64)

    def engine(t):
        return t.relu()


# ---- the public functions: check once, then call the record ----

def output_and_upstream(op, G, Z, A, forward):
    """The checks every activation VJP shares: ``(G, A)`` as float arrays of the same shape,
    with the output A computed from the input Z when Z is the one given.

    >>> output_and_upstream("tanh_vjp", np.ones(2), None, np.zeros(2), np.tanh)
    (array([1., 1.]), array([0., 0.]))
    >>> output_and_upstream("tanh_vjp", np.ones(2), np.zeros(2), np.zeros(2), np.tanh)
    Traceback (most recent call last):
    ...
    ValueError: tanh_vjp: pass exactly one of Z (the input) and A (the output)
    """
    if (Z is None) == (A is None):
        raise ValueError(f"{op}: pass exactly one of Z (the input) and A (the output)")
    G, given = as_float(G), as_float(Z if A is None else A)
    require_same_shape(op, ("G", "Z" if A is None else "A"), G, given)
    return G, (forward(given) if A is None else given)


def tanh(Z):
    """Elementwise tanh.

    >>> np.round(tanh(np.array([0.0, 1.0])), 4)
    array([0.    , 0.7616])
    """
    return TANH.forward(as_float(Z))


def sech2(Z):
    """sech²(Z) = 1 − tanh²(Z), the derivative of tanh; for an array or a number.

    >>> np.round(sech2(np.array([0.0, 1.0])), 4)
    array([1.  , 0.42])
    >>> float(sech2(0.0))
    1.0
    """
    return TANH.derivative(tanh(Z))


def tanh_jacobian(Z):
    """Jacobian of tanh at Z: shape Z.shape + Z.shape, sech²(Z) on the diagonal.

    >>> np.round(tanh_jacobian(np.array([0.0, 1.0])), 4)
    array([[1.  , 0.  ],
           [0.  , 0.42]])
    """
    return TANH.jacobian(tanh(Z))


def tanh_vjp(G, Z=None, A=None):
    """G ⊙ sech²(Z); or, given the output A = tanh(Z) instead of Z, G ⊙ (1 − A²).

    >>> Z = np.array([0.0, 1.0])
    >>> bool(np.allclose(tanh_vjp(np.ones(2), Z), tanh_vjp(np.ones(2), A=np.tanh(Z))))
    True
    """
    return TANH.vjp(*output_and_upstream("tanh_vjp", G, Z, A, TANH.forward))


def sigmoid(Z):
    """Elementwise logistic function σ(Z) = 1 / (1 + e^−Z), without overflow for large |Z|.

    >>> np.round(sigmoid(np.array([-800.0, 0.0, 800.0])), 4)
    array([0. , 0.5, 1. ])
    """
    return SIGMOID.forward(as_float(Z))


def sigmoid_jacobian(Z):
    """Jacobian of sigmoid: diagonal, with σ(Z)(1 − σ(Z)).

    >>> sigmoid_jacobian(np.zeros(2))
    array([[0.25, 0.  ],
           [0.  , 0.25]])
    """
    return SIGMOID.jacobian(sigmoid(Z))


def sigmoid_vjp(G, Z=None, A=None):
    """G ⊙ σ(Z)(1 − σ(Z)); or, given the output A = σ(Z), G ⊙ A(1 − A).

    >>> sigmoid_vjp(np.ones(2), np.zeros(2))
    array([0.25, 0.25])
    """
    return SIGMOID.vjp(*output_and_upstream("sigmoid_vjp", G, Z, A, SIGMOID.forward))


def relu(Z):
    """Elementwise max(Z, 0).

    >>> relu(np.array([-1.0, 0.0, 2.0]))
    array([0., 0., 2.])
    """
    return RELU.forward(as_float(Z))


def relu_jacobian(Z):
    """Jacobian of relu: diagonal, 1 where Z > 0 and 0 elsewhere, **0 at Z = 0** (relu has no
    derivative there; 0 is the subgradient PyTorch and JAX use too).

    >>> relu_jacobian(np.array([-1.0, 0.0, 2.0])).diagonal()
    array([0., 0., 1.])
    """
    return RELU.jacobian(relu(Z))


def relu_vjp(G, Z=None, A=None):
    """G where Z > 0, else 0 (0 at Z = 0 too); the same from the output A = relu(Z).

    >>> relu_vjp(np.array([5.0, 5.0, 5.0]), np.array([-1.0, 0.0, 2.0]))
    array([0., 0., 5.])
    """
    return RELU.vjp(*output_and_upstream("relu_vjp", G, Z, A, RELU.forward))
