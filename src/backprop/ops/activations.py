"""Elementwise activations tanh, sigmoid and relu: forward, Jacobian and VJP side by side.

Each derivative is written once, as a function of the output A = act(Z), which the forward
pass has already computed: tanh' = 1 − A², σ' = A(1 − A), relu' = [A > 0]. The Jacobian of
an elementwise map is diagonal (shape Z.shape + Z.shape) with those entries on the diagonal,
so the VJP is the upstream gradient times them, entry by entry. Each VJP takes either the
input Z or, as ``A=``, the output.

The public functions check their input; the underscored cores below them do not, and are what
``MLP`` runs after checking its own input once.
"""

import numpy as np

from .._checks import as_float, require_same_shape

NAMES = ("relu", "sigmoid", "tanh")


def diagonal_jacobian(d):
    """The Jacobian of an elementwise map whose derivatives are ``d``: shape d.shape + d.shape.

    >>> diagonal_jacobian(np.array([1.0, 2.0]))
    array([[1., 0.],
           [0., 2.]])
    """
    J = np.zeros(d.shape + d.shape)
    # Seen as a (size, size) matrix the tensor is diag(d); reshape gives a view, so this fills J.
    np.fill_diagonal(J.reshape(d.size, d.size), d.ravel())
    return J


def _gradient_and_output(op, G, Z, A, forward):
    # The checks every VJP shares; from the input Z we compute the output A the cores take.
    if (Z is None) == (A is None):
        raise ValueError(f"{op}: pass exactly one of Z (the input) and A (the output)")
    G, given = as_float(G), as_float(Z if A is None else A)
    require_same_shape(op, ("G", "Z" if A is None else "A"), G, given)
    return G, (forward(given) if A is None else given)


def _times(G, D):
    D *= G  # D is a fresh array of derivatives: multiplying in place saves an allocation
    return D


# ---- tanh ----

def tanh(Z):
    """Elementwise tanh.

    >>> np.round(tanh(np.array([0.0, 1.0])), 4)
    array([0.    , 0.7616])
    """
    return np.tanh(as_float(Z))


def _tanh_derivative(A):
    D = -A
    D *= A
    D += 1.0  # 1 − A², in place on one temporary (and still right for a 0-d A)
    return D


def sech2(Z):
    """sech²(Z) = 1 − tanh²(Z), the derivative of tanh; for an array or a number.

    >>> np.round(sech2(np.array([0.0, 1.0])), 4)
    array([1.  , 0.42])
    >>> float(sech2(0.0))
    1.0
    """
    return _tanh_derivative(tanh(Z))


def tanh_jacobian(Z):
    """Jacobian of tanh at Z: shape Z.shape + Z.shape, sech²(Z) on the diagonal.

    >>> np.round(tanh_jacobian(np.array([0.0, 1.0])), 4)
    array([[1.  , 0.  ],
           [0.  , 0.42]])
    """
    return diagonal_jacobian(sech2(Z))


def tanh_vjp(G, Z=None, A=None):
    """G ⊙ sech²(Z); or, given the output A = tanh(Z) instead of Z, G ⊙ (1 − A²).

    >>> Z = np.array([0.0, 1.0])
    >>> bool(np.allclose(tanh_vjp(np.ones(2), Z), tanh_vjp(np.ones(2), A=np.tanh(Z))))
    True
    """
    return _tanh_vjp(*_gradient_and_output("tanh_vjp", G, Z, A, np.tanh))


def _tanh_vjp(G, A):
    return _times(G, _tanh_derivative(A))


# ---- sigmoid ----

def sigmoid(Z):
    """Elementwise logistic function 1 / (1 + e^−Z), without overflow for large |Z|.

    >>> np.round(sigmoid(np.array([-800.0, 0.0, 800.0])), 4)
    array([0. , 0.5, 1. ])
    """
    return _sigmoid(as_float(Z))


def _sigmoid(Z):
    # e^−|Z| never overflows; the two branches are the same function rearranged.
    E = np.exp(-np.abs(Z))
    return np.where(Z >= 0, 1.0 / (1.0 + E), E / (1.0 + E))


def _sigmoid_derivative(A):
    D = 1.0 - A
    D *= A
    return D  # A (1 − A)


def sigmoid_jacobian(Z):
    """Jacobian of sigmoid: diagonal, with σ(Z)(1 − σ(Z)).

    >>> sigmoid_jacobian(np.zeros(2))
    array([[0.25, 0.  ],
           [0.  , 0.25]])
    """
    return diagonal_jacobian(_sigmoid_derivative(sigmoid(Z)))


def sigmoid_vjp(G, Z=None, A=None):
    """G ⊙ σ(Z)(1 − σ(Z)); or, given the output A = σ(Z), G ⊙ A(1 − A).

    >>> sigmoid_vjp(np.ones(2), np.zeros(2))
    array([0.25, 0.25])
    """
    return _sigmoid_vjp(*_gradient_and_output("sigmoid_vjp", G, Z, A, _sigmoid))


def _sigmoid_vjp(G, A):
    return _times(G, _sigmoid_derivative(A))


# ---- relu ----

def relu(Z):
    """Elementwise max(Z, 0).

    >>> relu(np.array([-1.0, 0.0, 2.0]))
    array([0., 0., 2.])
    """
    return _relu(as_float(Z))


def _relu(Z):
    return np.maximum(Z, 0.0)


def _relu_derivative(A):
    # A = relu(Z) > 0 exactly when Z > 0; at Z = 0 relu has no derivative and we take the
    # subgradient 0 there (as PyTorch does).
    return (A > 0).astype(np.float64)


def relu_jacobian(Z):
    """Jacobian of relu: diagonal, 1 where Z > 0 and 0 elsewhere (0 at Z = 0 too).

    >>> relu_jacobian(np.array([-1.0, 0.0, 2.0])).diagonal()
    array([0., 0., 1.])
    """
    return diagonal_jacobian(_relu_derivative(relu(Z)))


def relu_vjp(G, Z=None, A=None):
    """G where Z > 0, else 0 (subgradient 0 at Z = 0); the same from the output A = relu(Z).

    >>> relu_vjp(np.array([5.0, 5.0, 5.0]), np.array([-1.0, 0.0, 2.0]))
    array([0., 0., 5.])
    """
    return _relu_vjp(*_gradient_and_output("relu_vjp", G, Z, A, _relu))


def _relu_vjp(G, A):
    return _times(G, _relu_derivative(A))


def _cores(name):
    # The unchecked (forward, VJP from the output) of an activation, looked up on every call,
    # not frozen in a table at import, so the MLP always runs what this module defines now.
    return {
        "tanh": (np.tanh, _tanh_vjp),
        "sigmoid": (_sigmoid, _sigmoid_vjp),
        "relu": (_relu, _relu_vjp),
    }[name]
