"""The registry: every activation and every loss ``MLP`` can use, by name, each listed once.

``MLP(sizes, activation=..., loss=...)`` looks its records up here whenever it runs, so a
record replaced here (a test does that) is what the network runs next.

>>> sorted(ACTIVATIONS), sorted(LOSSES)
(['identity', 'relu', 'sigmoid', 'tanh'], ['cross_entropy', 'mse'])
"""

from .activations import IDENTITY, RELU, SIGMOID, TANH
from .losses import CROSS_ENTROPY, MSE

ACTIVATIONS = {op.name: op for op in (IDENTITY, TANH, SIGMOID, RELU)}
LOSSES = {op.name: op for op in (MSE, CROSS_ENTROPY)}
