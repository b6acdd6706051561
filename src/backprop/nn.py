"""A multilayer perceptron: a ``Sequential`` of Linear layers, each followed by an activation.

Layer l computes Z[l] = A[l] W_lᵀ + b_l and A[l+1] = act(Z[l]), with A[0] = X. The activation
follows every hidden layer; after the last one comes the activation the loss asks for: the
network's own for ``loss="mse"`` (the mean squared error over all n·m output entries), none
for ``loss="cross_entropy"``, which takes the logits Z and applies softmax itself. Training,
gradients (``method="hand"``: the records' VJPs in one loop; ``"engine"``) and checks are
``Sequential``'s.
"""

from typing import NamedTuple

import numpy as np

from .layers import Linear, Module
from .ops.registry import ACTIVATIONS, LOSSES, RECORDS
from .sequential import Sequential


class Layer(Linear):
    """One fully connected layer with given weights: W (out × in, PyTorch's layout), b (out,).

    >>> layer = Layer(np.zeros((5, 3)), np.zeros(5))
    >>> layer.W.shape, layer.b.shape
    ((5, 3), (5,))
    """

    def __init__(self, W, b):
        of = Linear.of(W, b)
        super().__init__(of.in_features, of.out_features)
        self.params = of.params


class Trace(NamedTuple):
    """Everything a forward pass computes: ``A[0] = X``, ``Z[l]``, ``A[l+1] = act(Z[l])``.

    With ``loss="cross_entropy"`` the last A is the last Z (the logits), the same array.

    >>> t = MLP([3, 5, 3]).trace(np.ones((4, 3)))
    >>> [z.shape for z in t.Z], [a.shape for a in t.A]
    ([(4, 5), (4, 3)], [(4, 3), (4, 5), (4, 3)])
    """

    Z: list
    A: list


class MLP(Sequential):
    """A fully connected network: ``MLP([3, 5, 3])`` maps 3 features to 3 outputs via 5 hidden units.

    ``activation`` (``"tanh"``, ``"sigmoid"``, ``"relu"`` or ``"identity"``) follows every
    hidden layer. ``loss="mse"`` trains on the mean squared error, with the activation after the
    output layer too; ``loss="cross_entropy"`` is softmax cross-entropy for k classes: the
    output layer is linear, ``forward`` returns the logits (n, k), ``probabilities`` their
    softmax rows, ``predict`` the most probable class, and targets Y are one-hot or
    probability rows (n, k) or integer class labels of shape (n,) (turned into one-hot rows).
    Both are names from ``backprop.ops.registry``, kept as ``net.activation`` and
    ``net.loss_name``. Weights and biases start uniform in ±1/√fan_in (as in PyTorch), from
    ``np.random.default_rng(seed)``.

    >>> net = MLP([3, 5, 3], activation="tanh", seed=0)
    >>> X, Y = np.ones((4, 3)), np.zeros((4, 3))
    >>> net.forward(X).shape
    (4, 3)
    >>> before = net.loss(X, Y)
    >>> losses = net.train(X, Y, lr=0.5, epochs=20)
    >>> bool(losses[-1] < before)
    True
    >>> classifier = MLP([2, 8, 3], activation="relu", loss="cross_entropy", seed=0)
    >>> X, labels = np.array([[1.0, 0.0], [0.0, 1.0], [-1.0, -1.0]]), np.array([0, 1, 2])
    >>> losses = classifier.train(X, labels, lr=0.5, epochs=100)
    >>> classifier.predict(X)
    array([0, 1, 2])
    """

    def __init__(self, sizes, activation="tanh", loss="mse", seed=0):
        sizes = list(sizes)
        if len(sizes) < 2 or not all(isinstance(s, (int, np.integer)) and s > 0 for s in sizes):
            raise ValueError(
                f"sizes must list at least two positive integers (inputs, ..., outputs), got {sizes!r}"
            )
        self._setup([Linear(p, q) for p, q in zip(sizes[:-1], sizes[1:])], activation, loss, seed)

    def _setup(self, linears, activation, loss, seed=0):
        if activation not in ACTIVATIONS:
            raise ValueError(f"activation must be one of {sorted(ACTIVATIONS)}, got {activation!r}")
        if loss not in LOSSES:
            raise ValueError(f"loss must be one of {sorted(LOSSES)}, got {loss!r}")
        self.activation = activation
        output = LOSSES[loss].output_activation or activation
        layers = []
        for l, linear in enumerate(linears):
            layers += [linear, Module(activation if l < len(linears) - 1 else output)]
        super().__init__(layers, loss=loss, seed=seed)  # draws W then b, layer by layer

    @classmethod
    def from_weights(cls, weights, activation="tanh", loss="mse"):
        """An MLP with the given ``[(W1, b1), (W2, b2), ...]`` (copied, as float64).

        >>> net = MLP.from_weights([(np.eye(2), np.zeros(2))], activation="relu")
        >>> net.forward(np.array([[-1.0, 2.0]]))
        array([[0., 2.]])
        >>> MLP.from_weights([(np.eye(2), np.zeros(2))], loss="cross_entropy").forward(np.array([[-1.0, 2.0]]))
        array([[-1.,  2.]])
        """
        layers = []
        for number, (W, b) in enumerate(weights, start=1):
            W, b = np.array(W, dtype=np.float64), np.array(b, dtype=np.float64)
            if W.ndim != 2 or b.shape != (W.shape[0],):
                raise ValueError(
                    f"layer {number}: W has shape {W.shape} and b has shape {b.shape}; "
                    "need W (out, in) and b (out,)"
                )
            if layers and W.shape[1] != layers[-1].W.shape[0]:
                raise ValueError(
                    f"layer {number}: W has shape {W.shape} but layer {number - 1} outputs "
                    f"{layers[-1].W.shape[0]} features; W needs {layers[-1].W.shape[0]} columns"
                )
            layers.append(Linear.of(W, b))
        if not layers:
            raise ValueError("from_weights needs at least one (W, b) pair")
        net = cls.__new__(cls)
        net._setup(layers, activation, loss)
        return net

    @property
    def layers(self):
        """The fully connected layers (``Linear``, with ``.W`` and ``.b``), inputs first; the
        activations between them are ``Sequential.layers``'s other entries.

        >>> [layer.W.shape for layer in MLP([3, 5, 3]).layers]
        [(5, 3), (3, 5)]
        """
        return self._layers[0::2]

    @property
    def sizes(self):
        """The layer widths, inputs first.

        >>> MLP([3, 5, 3]).sizes
        [3, 5, 3]
        """
        return [self._layers[0].in_features] + [layer.out_features for layer in self._layers[0::2]]

    def __repr__(self):
        return f"MLP({self.sizes}, activation={self.activation!r}, loss={self.loss_name!r})"

    def copy(self):
        """An independent copy (new arrays).

        >>> net = MLP([2, 1]); twin = net.copy(); twin.layers[0].W[:] = 0.0
        >>> bool(np.any(net.layers[0].W != 0))
        True
        """
        return MLP.from_weights([(layer.W, layer.b) for layer in self.layers], self.activation, self.loss_name)

    def trace(self, X):
        """The forward pass with every intermediate kept: ``Trace(Z, A)`` (see ``Trace``).

        >>> net, X = MLP([3, 5, 3]), np.ones((2, 3))
        >>> t = net.trace(X)
        >>> bool(np.array_equal(t.A[2], np.tanh(t.Z[1])) and np.array_equal(t.A[-1], net.forward(X)))
        True
        """
        X = self._check_X(X)
        outs = self.outputs(X)
        return Trace(outs[0::2], [X] + outs[1::2])

    def _classifier(self, method):
        if self.loss_name != "cross_entropy":
            raise ValueError(f"{method} needs a classifier, MLP(..., loss='cross_entropy'); this one has loss={self.loss_name!r}")

    def probabilities(self, X):
        """Class probabilities (n, k), the softmax of each row of logits (``loss="cross_entropy"``).

        >>> P = MLP([3, 5, 4], loss="cross_entropy").probabilities(np.ones((2, 3)))
        >>> P.shape, np.allclose(P.sum(axis=1), 1.0)
        ((2, 4), True)
        """
        self._classifier("probabilities")
        return RECORDS["softmax"].forward(self.forward(X))[0]

    def predict(self, X):
        """The most probable class of each sample, integers of shape (n,) (``loss="cross_entropy"``).

        >>> net = MLP.from_weights([(np.eye(3), np.zeros(3))], loss="cross_entropy")
        >>> net.predict(np.array([[0.1, 0.7, 0.2], [3.0, 0.0, 0.0]]))
        array([1, 0])
        """
        self._classifier("predict")
        return np.argmax(self.forward(X), axis=1)

    def gradients(self, X, Y, method="hand"):
        """``[(dW1, db1), (dW2, db2), ...]``: the loss's gradients for every layer.

        ``method="hand"`` chains the records' VJPs backwards (``sequential.backward``): the
        loss's, then for each layer from the last the activation's (from its output A) and the
        linear layer's; ``method="engine"`` builds the same computation from Tensors and calls
        ``backward``.

        >>> net, X, Y = MLP([3, 5, 3]), np.ones((4, 3)), np.zeros((4, 3))
        >>> hand, engine = net.gradients(X, Y), net.gradients(X, Y, method="engine")
        >>> all(np.allclose(h, e, rtol=1e-12) for pair in zip(hand, engine) for h, e in zip(*pair))
        True
        """
        flat = super().gradients(X, Y, method)
        return list(zip(flat[0::2], flat[1::2]))
