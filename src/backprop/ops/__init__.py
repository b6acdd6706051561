"""Explicit Jacobians and vector-Jacobian products (VJPs), op by op, as the posts derive them.

The tensor convention (PyTorch's and JAX's): for y = f(x) the Jacobian has shape
``y.shape + x.shape`` and entry [i..., j...] is ∂y_i/∂x_j. For vector-by-vector Jacobians this
is numerator layout; for a scalar loss it makes the gradient the shape of its parameter. For every op there are three functions side by side: the forward
``op``, ``op_jacobian`` (or ``op_jacobians`` for several inputs) building the full tensor, and
``op_vjp`` computing gᵀJ, the contraction of an upstream gradient g with that tensor,
without building it. ``np.tensordot(g, J, axes=g.ndim)`` equals the VJP.

    affine       the linear layer Z = X Wᵀ + b
    activations  tanh (and sech2, its derivative), sigmoid, relu
    losses       mse, softmax_cross_entropy

``flatten_jacobian`` (from ``backprop.jacobian``) is here too, for the posts that lay a
Jacobian out as a matrix.

>>> import numpy as np
>>> Z = np.array([[0.5, -1.0]])
>>> G = np.array([[1.0, 2.0]])
>>> bool(np.allclose(np.tensordot(G, tanh_jacobian(Z), axes=2), tanh_vjp(G, Z)))
True
"""

from ..jacobian import flatten_jacobian
from .activations import (
    relu, relu_jacobian, relu_vjp, sech2, sigmoid, sigmoid_jacobian, sigmoid_vjp, tanh, tanh_jacobian, tanh_vjp,
)
from .affine import LinearGradients, LinearJacobians, linear, linear_jacobians, linear_vjp
from .losses import (
    mse, mse_jacobian, mse_vjp, softmax_cross_entropy, softmax_cross_entropy_jacobian, softmax_cross_entropy_vjp,
)

__all__ = [
    "LinearGradients", "LinearJacobians", "linear", "linear_jacobians", "linear_vjp",
    "sech2", "tanh", "tanh_jacobian", "tanh_vjp", "sigmoid", "sigmoid_jacobian", "sigmoid_vjp",
    "relu", "relu_jacobian", "relu_vjp",
    "mse", "mse_jacobian", "mse_vjp",
    "softmax_cross_entropy", "softmax_cross_entropy_jacobian", "softmax_cross_entropy_vjp",
    "flatten_jacobian",
]
