"""Every op as one record (forward, VJP and explicit Jacobian together) and its public,
checked functions, as the posts derive them.

The tensor convention (PyTorch's and JAX's): for y = f(x) the Jacobian has shape
``y.shape + x.shape`` and entry [i..., j...] is ∂y_i/∂x_j. For vector-by-vector Jacobians this
is numerator layout; for a scalar loss it makes the gradient the shape of its parameter. For
every op there are three public functions: the forward ``op``, ``op_jacobian`` (or
``op_jacobians`` for several inputs) building the full tensor, and ``op_vjp`` computing gᵀJ,
the contraction of an upstream gradient g with that tensor, without building it.
``np.tensordot(g, J, axes=g.ndim)`` equals the VJP. Each checks its input, then calls the
op's record (``TANH``, ``LINEAR``, ...; see ``op.Op``), where the mathematics is written once.

    affine       the linear layer Z = X Wᵀ + b                      LINEAR
    activations  identity, tanh (and sech2), sigmoid, relu         IDENTITY, TANH, SIGMOID, RELU
    rowwise      softmax and log_softmax, row by row               SOFTMAX, LOG_SOFTMAX
    losses       mse, cross_entropy (logits), log_loss (probabilities)  MSE, CROSS_ENTROPY, LOG_LOSS
    registry     ACTIVATIONS and LOSSES by name, for ``MLP``

>>> import numpy as np
>>> Z = np.array([[0.5, -1.0]])
>>> G = np.array([[1.0, 2.0]])
>>> bool(np.allclose(np.tensordot(G, tanh_jacobian(Z), axes=2), tanh_vjp(G, Z)))
True
"""

from .activations import (
    IDENTITY, RELU, SIGMOID, TANH, relu, relu_jacobian, relu_vjp, sech2, sigmoid, sigmoid_jacobian,
    sigmoid_vjp, tanh, tanh_jacobian, tanh_vjp,
)
from .affine import LINEAR, LinearGradients, LinearJacobians, linear, linear_jacobians, linear_vjp
from .losses import (
    CROSS_ENTROPY, LOG_LOSS, MSE, cross_entropy, cross_entropy_jacobian, cross_entropy_vjp, log_loss,
    log_loss_jacobian, log_loss_vjp, mse, mse_jacobian, mse_vjp,
)
from .op import Elementwise, Loss, Op, diagonal_jacobian, elementwise
from .registry import ACTIVATIONS, LOSSES
from .rowwise import (
    LOG_SOFTMAX, SOFTMAX, log_softmax, log_softmax_jacobian, log_softmax_vjp, softmax, softmax_jacobian,
    softmax_vjp,
)

__all__ = [
    "Op", "Elementwise", "Loss", "elementwise", "diagonal_jacobian", "ACTIVATIONS", "LOSSES",
    "LINEAR", "LinearGradients", "LinearJacobians", "linear", "linear_jacobians", "linear_vjp",
    "IDENTITY", "TANH", "SIGMOID", "RELU",
    "sech2", "tanh", "tanh_jacobian", "tanh_vjp", "sigmoid", "sigmoid_jacobian", "sigmoid_vjp",
    "relu", "relu_jacobian", "relu_vjp",
    "SOFTMAX", "LOG_SOFTMAX", "softmax", "softmax_jacobian", "softmax_vjp",
    "log_softmax", "log_softmax_jacobian", "log_softmax_vjp",
    "MSE", "CROSS_ENTROPY", "LOG_LOSS", "mse", "mse_jacobian", "mse_vjp",
    "cross_entropy", "cross_entropy_jacobian", "cross_entropy_vjp",
    "log_loss", "log_loss_jacobian", "log_loss_vjp",
]
