"""backprop: matrix calculus and backpropagation in plain numpy, for the blog's posts.

The public names are below: every op's record and checked functions (``tanh``, ``tanh_vjp``,
... generated from ``ops/<name>.py``), the layers and networks, the engine, forward mode and
the checks. The graph internals the Tensor engine runs on (``unbroadcast``,
``topological_order``, ``backpropagate``) stay importable from ``backprop.graph``.

>>> import backprop
>>> import numpy as np
>>> net = backprop.MLP([3, 5, 3], seed=0)
>>> [W.shape for W in net.parameters()]
[(5, 3), (5,), (3, 5), (3,)]
>>> classifier = backprop.MLP([64, 32, 10], activation="relu", loss="cross_entropy", seed=0)
>>> classifier.probabilities(np.zeros((1, 64))).shape
(1, 10)
>>> norm_net = backprop.Sequential([backprop.Linear(3, 4), backprop.LayerNorm(4)], seed=0)
>>> [g.shape for g in norm_net.gradients(np.ones((2, 3)), np.zeros((2, 4)))]
[(4, 3), (4,), (4,), (4,)]
"""

__version__ = "0.1.0"  # the distribution backprop-by-hand; the site's footer shows it

from . import datasets, ops
from .display import (agreement, expand_latex_macros, glue_numbers, prose_number, to_latex,
                      use_latex_macros)
from .forward import Dual, forward_jacobian, jvp
from .gradcheck import GradientCheck, check_mlp_gradients, gradient_check, max_error
from .jacobian import flatten_jacobian, jacobian, numerical_jacobian
from .layers import ACTIVATION_LAYERS, LayerNorm, Linear, Module, SelfAttention
from .nn import MLP, Layer, Trace
from .ops import *  # noqa: F403 - every op's record and generated functions (ops.__all__)
from .sequential import Sequential
from .svg import graph_signals, graph_svg, network_svg, write_network_svg
from .tensor import Tensor
from .verify import check, check_close

globals().update(ACTIVATION_LAYERS)  # Tanh, ReLU, Softmax, ...: one layer class per activation record

__all__ = [
    "Tensor", "jacobian", "numerical_jacobian", "flatten_jacobian", "gradient_check", "GradientCheck",
    "check_mlp_gradients", "max_error", "MLP", "Layer", "Trace", "Sequential", "Linear", "LayerNorm", "SelfAttention", "Module",
    *ACTIVATION_LAYERS,
    "to_latex", "prose_number", "agreement", "glue_numbers", "network_svg", "write_network_svg",
    "expand_latex_macros", "use_latex_macros",
    "check_close", "check", "jvp", "forward_jacobian", "Dual", "graph_svg", "graph_signals", "ops", "datasets", *ops.__all__,
]
