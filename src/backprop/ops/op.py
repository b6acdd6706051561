"""The record every op is: its forward, its VJP and its explicit Jacobian, defined together.

In the spirit of micrograd's ``_backward`` written beside each forward, and of autograd's
``defvjp``: one place per op, so the forward, the derivative backpropagation runs (the VJP)
and the derivative the posts display (the full Jacobian) cannot drift apart.

The fields are plain, unchecked functions, for callers that have checked their input once
already: the public functions beside each record (``tanh_vjp``, ``linear``, ...) and
``MLP``'s methods. ``engine`` writes the same op with Tensor operations; the reverse-mode
engine differentiates it on its own, which is the independent second derivation that
``MLP.gradients(method="engine")`` and the tests compare against.
"""

from dataclasses import dataclass
from typing import Callable

import numpy as np


@dataclass(frozen=True)
class Op:
    """One op: ``forward``, ``vjp`` (gᵀJ without building J), ``jacobian`` (J in full) and
    ``engine`` (the forward in Tensor operations). Signatures per kind of op:

    - an activation (also softmax): ``forward(Z) -> A``, ``vjp(G, A) -> ∂L/∂Z``,
      ``jacobian(A) -> ∂A/∂Z``, both from the output A;
    - the linear layer: ``forward(X, W, b)``, ``vjp(G, X, W)``, ``jacobian(X, W, b)``;
    - a loss: ``forward(A, Y) -> L``, ``vjp(g, A, Y) -> g ∂L/∂A``, ``jacobian(A, Y) -> ∂L/∂A``.

    An activation's derivative is taken from its output A, which the forward pass has
    computed already (tanh' = 1 − A²). Its Jacobian in the tensor convention has shape
    ``A.shape + Z.shape``.

    >>> exp = Op("exp", forward=np.exp, vjp=lambda G, A: G * A,  # exp' = exp = the output
    ...          jacobian=lambda A: np.diag(A), engine=lambda t: t.exp())
    >>> exp.vjp(np.array([1.0, 2.0]), exp.forward(np.array([0.0, 1.0])))
    array([1.        , 5.43656366])
    """

    name: str
    forward: Callable
    vjp: Callable
    jacobian: Callable
    engine: Callable


@dataclass(frozen=True)
class Elementwise(Op):
    """An elementwise activation, also carrying ``derivative(A)``: act'(Z) from the output A.

    Build one with ``elementwise``, which derives ``vjp`` and ``jacobian`` from ``derivative``.

    >>> from backprop.ops import TANH
    >>> A = TANH.forward(np.array([0.0, 1.0]))
    >>> bool(np.array_equal(TANH.vjp(np.ones(2), A), TANH.derivative(A)))
    True
    """

    derivative: Callable


def diagonal_jacobian(d):
    """The Jacobian of an elementwise map whose derivatives are ``d``: shape d.shape + d.shape.

    >>> diagonal_jacobian(np.array([1.0, 2.0]))
    array([[1., 0.],
           [0., 2.]])
    """
    d = np.asarray(d, dtype=np.float64)
    J = np.zeros(d.shape + d.shape)
    # Seen as a (size, size) matrix the tensor is diag(d); reshape gives a view, so this fills J.
    np.fill_diagonal(J.reshape(d.size, d.size), d.ravel())
    return J


def _functions(body):
    return {key: value for key, value in vars(body).items() if not key.startswith("__")}


def record(kind=Op, **fields):
    """A class decorator: the class body, whose functions are the op's fields, becomes one
    record of ``kind`` named after the class, lower-cased. ``fields`` adds the others.

    >>> @record()
    ... class EXP:
    ...     def forward(Z): return np.exp(Z)
    ...     def vjp(G, A): return G * A  # exp' = exp: the output A
    ...     def jacobian(A): return np.diag(A)
    ...     def engine(t): return t.exp()
    >>> EXP.name, EXP.vjp(np.ones(2), EXP.forward(np.zeros(2)))
    ('exp', array([1., 1.]))
    """

    def build(body):
        return kind(name=body.__name__.lower(), **_functions(body), **fields)

    return build


def elementwise(body):
    """A class decorator for an elementwise activation A = act(Z): the body defines
    ``forward(Z)``, ``derivative(A)`` (act'(Z) from the output A) and ``engine(t)``.

    The Jacobian is diagonal (``diagonal_jacobian``) and the VJP is the upstream gradient
    times the derivatives, entry by entry: both follow from ``derivative``.

    >>> @elementwise
    ... class CUBE:
    ...     def forward(Z): return Z**3
    ...     def derivative(A): return 3 * np.cbrt(A) ** 2
    ...     def engine(t): return t**3
    >>> CUBE.vjp(np.ones(2), CUBE.forward(np.array([1.0, 2.0])))
    array([ 3., 12.])
    """
    functions = _functions(body)
    derivative = functions["derivative"]

    def vjp(G, A):
        D = derivative(A)
        D *= G  # D is a fresh array of derivatives: multiplying in place saves an allocation
        return D

    def jacobian(A):
        return diagonal_jacobian(derivative(A))

    return Elementwise(name=body.__name__.lower(), vjp=vjp, jacobian=jacobian, **functions)


@dataclass(frozen=True)
class Loss(Op):
    """A scalar loss of a network's output A and targets Y, also carrying:

    ``targets(Y, shape, against)``
        checks Y against the output's ``shape`` and returns it as the float64 array the other
        fields take (``against`` names the output in the error messages);
    ``output_activation``
        the activation after the last layer: None for the network's own, or a name from
        ``ACTIVATIONS`` (``"identity"``: the loss takes the last layer's Z, the logits).

    >>> from backprop.ops import CROSS_ENTROPY
    >>> Y = CROSS_ENTROPY.targets(np.array([1, 0]), (2, 2))  # labels become one-hot rows
    >>> Y, CROSS_ENTROPY.output_activation
    (array([[0., 1.],
           [1., 0.]]), 'identity')
    >>> CROSS_ENTROPY.vjp(1.0, np.zeros((2, 2)), Y)  # (softmax(Z) − Y) / n
    array([[ 0.25, -0.25],
           [-0.25,  0.25]])
    """

    targets: Callable
    output_activation: str | None = None
