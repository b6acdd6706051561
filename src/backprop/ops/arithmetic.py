"""Elementwise add, sub, mul and div of two same-shape arrays, with Jacobians and VJPs.

Every Jacobian here is diagonal (shape A.shape + A.shape): output entry i depends only on
A_i and B_i. The functions insist on equal shapes; broadcasting (and the summing back it
needs in the backward pass) is the Tensor engine's business.
"""

import numpy as np

from ._checks import as_float, diagonal_jacobian, require_same_shape


def _operands(op, A, B):
    A, B = as_float(A), as_float(B)
    require_same_shape(op, "AB", A, B)
    return A, B


def _upstream(op, G, A, B):
    A, B = _operands(op, A, B)
    G = as_float(G)
    require_same_shape(op, "GA", G, A)
    return G, A, B


def add(A, B):
    """A + B.

    >>> add(np.array([1.0, 2.0]), np.array([10.0, 20.0]))
    array([11., 22.])
    """
    A, B = _operands("add", A, B)
    return A + B


def add_jacobians(A, B):
    """(∂(A+B)/∂A, ∂(A+B)/∂B): both the identity, shape A.shape + A.shape.

    >>> add_jacobians(np.zeros(2), np.zeros(2))[1]
    array([[1., 0.],
           [0., 1.]])
    """
    A, B = _operands("add_jacobians", A, B)
    return diagonal_jacobian(np.ones(A.shape)), diagonal_jacobian(np.ones(A.shape))


def add_vjp(G, A, B):
    """(G, G): addition passes the upstream gradient to both operands unchanged.

    >>> add_vjp(np.array([1.0, 2.0]), np.zeros(2), np.zeros(2))
    (array([1., 2.]), array([1., 2.]))
    """
    G, A, B = _upstream("add_vjp", G, A, B)
    return G.copy(), G.copy()


def sub(A, B):
    """A − B.

    >>> sub(np.array([1.0, 2.0]), np.array([10.0, 20.0]))
    array([ -9., -18.])
    """
    A, B = _operands("sub", A, B)
    return A - B


def sub_jacobians(A, B):
    """(I, −I), each of shape A.shape + A.shape.

    >>> sub_jacobians(np.zeros(2), np.zeros(2))[1]
    array([[-1.,  0.],
           [ 0., -1.]])
    """
    A, B = _operands("sub_jacobians", A, B)
    return diagonal_jacobian(np.ones(A.shape)), diagonal_jacobian(-np.ones(A.shape))


def sub_vjp(G, A, B):
    """(G, −G).

    >>> sub_vjp(np.array([1.0, 2.0]), np.zeros(2), np.zeros(2))
    (array([1., 2.]), array([-1., -2.]))
    """
    G, A, B = _upstream("sub_vjp", G, A, B)
    return G.copy(), -G


def mul(A, B):
    """A ⊙ B, the elementwise (Hadamard) product.

    >>> mul(np.array([1.0, 2.0]), np.array([10.0, 20.0]))
    array([10., 40.])
    """
    A, B = _operands("mul", A, B)
    return A * B


def mul_jacobians(A, B):
    """(diag(B), diag(A)): each factor's derivative is the other factor.

    >>> mul_jacobians(np.array([1.0, 2.0]), np.array([3.0, 4.0]))[0]
    array([[3., 0.],
           [0., 4.]])
    """
    A, B = _operands("mul_jacobians", A, B)
    return diagonal_jacobian(B), diagonal_jacobian(A)


def mul_vjp(G, A, B):
    """(G ⊙ B, G ⊙ A).

    >>> mul_vjp(np.ones(2), np.array([1.0, 2.0]), np.array([3.0, 4.0]))
    (array([3., 4.]), array([1., 2.]))
    """
    G, A, B = _upstream("mul_vjp", G, A, B)
    return G * B, G * A


def div(A, B):
    """A / B elementwise.

    >>> div(np.array([1.0, 2.0]), np.array([4.0, 8.0]))
    array([0.25, 0.25])
    """
    A, B = _operands("div", A, B)
    return A / B


def div_jacobians(A, B):
    """(diag(1/B), diag(−A/B²)).

    >>> div_jacobians(np.array([1.0]), np.array([2.0]))
    (array([[0.5]]), array([[-0.25]]))
    """
    A, B = _operands("div_jacobians", A, B)
    return diagonal_jacobian(1.0 / B), diagonal_jacobian(-A / (B * B))


def div_vjp(G, A, B):
    """(G / B, −G ⊙ A / B²).

    >>> div_vjp(np.array([1.0]), np.array([1.0]), np.array([2.0]))
    (array([0.5]), array([-0.25]))
    """
    G, A, B = _upstream("div_vjp", G, A, B)
    return G / B, -G * A / (B * B)
