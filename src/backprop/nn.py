"""A multilayer perceptron trained by backpropagation: the registry's VJPs chained over its trace.

Layer l computes Z[l] = A[l] W_lᵀ + b_l and A[l+1] = act(Z[l]), with A[0] = X. The activation
follows every hidden layer; after the last one comes the activation the loss asks for: the
network's own for ``loss="mse"`` (the mean squared error over all n·m output entries), none
for ``loss="cross_entropy"``, which takes the logits Z and applies softmax itself. Activation
and loss are records from ``backprop.ops.registry``; every derivative ``gradients`` uses is
theirs. The engine (``method="engine"``) derives the same gradients independently, from the
Tensor operations' own closures.
"""

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from ._checks import check_inputs, positive_number, whole_number
from .ops.affine import LINEAR
from .ops.registry import ACTIVATIONS, LOSSES
from .ops.rowwise import SOFTMAX
from .tensor import Tensor


@dataclass(eq=False)
class Layer:
    """One fully connected layer: weights W (out × in, PyTorch's layout) and bias b (out,).

    >>> layer = Layer(np.zeros((5, 3)), np.zeros(5))
    >>> layer.W.shape, layer.b.shape
    ((5, 3), (5,))
    """

    W: np.ndarray
    b: np.ndarray


class Trace(NamedTuple):
    """Everything a forward pass computes: ``A[0] = X``, ``Z[l]``, ``A[l+1] = act(Z[l])``.

    With ``loss="cross_entropy"`` the last A is the last Z (the logits), the same array.

    >>> t = MLP([3, 5, 3]).trace(np.ones((4, 3)))
    >>> [z.shape for z in t.Z], [a.shape for a in t.A]
    ([(4, 5), (4, 3)], [(4, 3), (4, 5), (4, 3)])
    """

    Z: list
    A: list


class MLP:
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
        rng = np.random.default_rng(seed)
        layers = []
        for fan_in, fan_out in zip(sizes[:-1], sizes[1:]):
            bound = 1.0 / np.sqrt(fan_in)
            W = rng.uniform(-bound, bound, (fan_out, fan_in))
            layers.append(Layer(W, rng.uniform(-bound, bound, fan_out)))
        self._setup(layers, activation, loss)

    def _setup(self, layers, activation, loss):
        if activation not in ACTIVATIONS:
            raise ValueError(f"activation must be one of {sorted(ACTIVATIONS)}, got {activation!r}")
        if loss not in LOSSES:
            raise ValueError(f"loss must be one of {sorted(LOSSES)}, got {loss!r}")
        self.layers = layers
        self.activation = activation
        self.loss_name = loss

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
            layers.append(Layer(W, b))
        if not layers:
            raise ValueError("from_weights needs at least one (W, b) pair")
        net = cls.__new__(cls)
        net._setup(layers, activation, loss)
        return net

    @property
    def sizes(self):
        """The layer widths, inputs first.

        >>> MLP([3, 5, 3]).sizes
        [3, 5, 3]
        """
        return [self.layers[0].W.shape[1]] + [layer.W.shape[0] for layer in self.layers]

    def __repr__(self):
        return f"MLP({self.sizes}, activation={self.activation!r}, loss={self.loss_name!r})"

    def parameters(self):
        """``[W1, b1, W2, b2, ...]``: the arrays themselves, so in-place updates change the network.

        >>> net = MLP([2, 1])
        >>> net.parameters()[1][:] = 7.0
        >>> net.layers[0].b
        array([7.])
        """
        return [array for layer in self.layers for array in (layer.W, layer.b)]

    def copy(self):
        """An independent copy (new arrays).

        >>> net = MLP([2, 1]); twin = net.copy(); twin.layers[0].W[:] = 0.0
        >>> bool(np.any(net.layers[0].W != 0))
        True
        """
        return MLP.from_weights([(layer.W, layer.b) for layer in self.layers], self.activation, self.loss_name)

    # ---- the records this network runs, from the registry ----

    def _records(self):
        """(the activation after each layer, the loss), looked up in the registry now."""
        loss = LOSSES[self.loss_name]
        hidden = ACTIVATIONS[self.activation]
        output = ACTIVATIONS[loss.output_activation or self.activation]
        return [hidden] * (len(self.layers) - 1) + [output], loss

    # ---- input checks, once, where data enters ----

    def _check_X(self, X):
        return check_inputs(X, features=self.layers[0].W.shape[1])

    def _check_data(self, X, Y):
        X = self._check_X(X)
        return X, LOSSES[self.loss_name].targets(Y, (X.shape[0], self.layers[-1].W.shape[0]))

    # ---- forward ----

    def _trace(self, X, activations):
        Z, A = [], [X]
        for layer, activation in zip(self.layers, activations):
            Z.append(LINEAR.forward(A[-1], layer.W, layer.b))
            A.append(activation.forward(Z[-1]))
        return Trace(Z, A)

    def trace(self, X):
        """The forward pass with every intermediate kept: ``Trace(Z, A)`` (see ``Trace``).

        >>> net, X = MLP([3, 5, 3]), np.ones((2, 3))
        >>> t = net.trace(X)
        >>> bool(np.array_equal(t.A[2], np.tanh(t.Z[1])) and np.array_equal(t.A[-1], net.forward(X)))
        True
        """
        return self._trace(self._check_X(X), self._records()[0])

    def forward(self, X):
        """The network's output for a batch X of shape (n, sizes[0]): an (n, sizes[-1]) array
        (with ``loss="cross_entropy"``, the logits).

        >>> MLP([3, 5, 2]).forward(np.zeros((1, 3))).shape
        (1, 2)
        """
        return self.trace(X).A[-1]

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
        return SOFTMAX.forward(self.forward(X))

    def predict(self, X):
        """The most probable class of each sample, integers of shape (n,) (``loss="cross_entropy"``).

        >>> net = MLP.from_weights([(np.eye(3), np.zeros(3))], loss="cross_entropy")
        >>> net.predict(np.array([[0.1, 0.7, 0.2], [3.0, 0.0, 0.0]]))
        array([1, 0])
        """
        self._classifier("predict")
        return np.argmax(self.forward(X), axis=1)

    def loss(self, X, Y):
        """The loss on the batch (X, Y), as a float: the mean squared error over all n·m output
        entries, or the mean cross-entropy over the n samples.

        >>> net = MLP.from_weights([(np.zeros((1, 1)), np.zeros(1))])  # outputs tanh(0) = 0
        >>> net.loss(np.ones((2, 1)), np.full((2, 1), 3.0))
        9.0
        >>> net = MLP.from_weights([(np.zeros((4, 1)), np.zeros(4))], loss="cross_entropy")
        >>> round(net.loss(np.ones((2, 1)), np.array([0, 3])), 4)  # uniform over 4 classes: log 4
        1.3863
        """
        X, Y = self._check_data(X, Y)
        activations, loss = self._records()
        return loss.forward(self._trace(X, activations).A[-1], Y)

    # ---- gradients ----

    def _hand_gradients(self, X, Y):
        # Backpropagation as the posts derive it: ∂L/∂A_out from the loss's VJP, then per
        # layer, from the last, the activation's VJP and the linear layer's.
        activations, loss = self._records()
        t = self._trace(X, activations)
        G = loss.vjp(1.0, t.A[-1], Y)  # ∂L/∂A[L]
        grads = [None] * len(self.layers)
        for l in reversed(range(len(self.layers))):
            G = activations[l].vjp(G, t.A[l + 1])  # ∂L/∂Z[l], from the output A[l+1] = act(Z[l])
            # dW = Gᵀ A[l], db = column sums of G, and ∂L/∂A[l] = G W for the layer below
            # (not below the first: nothing trains the data X).
            G, dW, db = LINEAR.vjp(G, t.A[l], self.layers[l].W, input_gradient=l > 0)
            grads[l] = (dW, db)
        return loss.forward(t.A[-1], Y), grads

    def _engine_gradients(self, X, Y):
        # The same network from Tensor operations (the records' ``engine`` forms), differentiated
        # by the engine's own closures.
        activations, loss = self._records()
        params = [(Tensor(layer.W), Tensor(layer.b)) for layer in self.layers]
        A = Tensor(X)
        for (W, b), activation in zip(params, activations):
            A = activation.engine(LINEAR.engine(A, W, b))
        value = loss.engine(A, Y)
        value.backward()
        return float(value.data), [(W.grad, b.grad) for W, b in params]

    def _loss_and_gradients(self, X, Y, method):
        if method == "hand":
            return self._hand_gradients(X, Y)
        if method == "engine":
            return self._engine_gradients(X, Y)
        raise ValueError(f"method must be 'hand' or 'engine', got {method!r}")

    def gradients(self, X, Y, method="hand"):
        """``[(dW1, db1), (dW2, db2), ...]``: the loss's gradients for every layer.

        ``method="hand"`` chains the registry's VJPs over the trace: the loss's, then for each
        layer from the last the activation's (from its output A) and the linear layer's;
        ``method="engine"`` builds the same computation from Tensors and calls ``backward``.

        >>> net, X, Y = MLP([3, 5, 3]), np.ones((4, 3)), np.zeros((4, 3))
        >>> hand, engine = net.gradients(X, Y), net.gradients(X, Y, method="engine")
        >>> all(np.allclose(h, e, rtol=1e-12) for pair in zip(hand, engine) for h, e in zip(*pair))
        True
        """
        X, Y = self._check_data(X, Y)
        return self._loss_and_gradients(X, Y, method)[1]

    # ---- training ----

    def _update(self, grads, lr):
        for layer, (dW, db) in zip(self.layers, grads):
            dW *= lr  # the gradient arrays are ours to overwrite: no temporary lr * dW
            db *= lr
            layer.W -= dW
            layer.b -= db

    def step(self, X, Y, lr, method="hand"):
        """One gradient-descent step on the batch (X, Y); returns the loss BEFORE the step.

        >>> net, X, Y = MLP([3, 5, 3]), np.ones((4, 3)), np.zeros((4, 3))
        >>> before = net.step(X, Y, lr=0.1)
        >>> bool(net.loss(X, Y) < before)
        True
        """
        X, Y = self._check_data(X, Y)
        lr = positive_number("lr", lr)
        loss, grads = self._loss_and_gradients(X, Y, method)
        if not np.isfinite(loss):
            raise FloatingPointError(
                f"step: the loss is {loss}: the weights or activations are no longer finite, "
                f"typically after steps with too large a learning rate (lr={lr})"
            )
        self._update(grads, lr)
        return loss

    def train(self, X, Y, lr=0.1, epochs=100, batch_size=None, seed=0):
        """Gradient descent for ``epochs`` passes; returns the full-data loss after each epoch.

        ``batch_size=None`` takes one full-batch step per epoch; otherwise each epoch visits
        the samples in a fresh order (from ``np.random.default_rng(seed)``) in minibatches.
        Raises FloatingPointError, naming the epoch and step, if the loss stops being finite.

        >>> net, X = MLP([2, 4, 1], seed=1), np.random.default_rng(0).normal(size=(32, 2))
        >>> Y = np.tanh(X[:, :1] - X[:, 1:])
        >>> losses = net.train(X, Y, lr=0.2, epochs=5, batch_size=8)
        >>> losses.shape, bool(losses[-1] < losses[0])
        ((5,), True)
        """
        X, Y = self._check_data(X, Y)
        lr = positive_number("lr", lr)
        epochs = whole_number("epochs", epochs, minimum=0)
        n = X.shape[0]
        if batch_size is not None:
            batch_size = min(whole_number("batch_size", batch_size, minimum=1), n)
        rng = np.random.default_rng(seed)
        activations, loss_record = self._records()
        history = np.empty(epochs)
        steps = 0

        def check(loss, epoch):
            if not np.isfinite(loss):
                raise FloatingPointError(
                    f"training diverged: the loss became {loss} at epoch {epoch + 1}, step {steps} "
                    f"(lr={lr}); try a smaller learning rate"
                )

        with np.errstate(over="ignore", invalid="ignore"):  # we check the loss ourselves
            for epoch in range(epochs):
                if batch_size is None or batch_size == n:
                    batches = [slice(None)]  # full batch: a view of X, no copy
                else:
                    order = rng.permutation(n)
                    batches = [order[start:start + batch_size] for start in range(0, n, batch_size)]
                for batch in batches:
                    steps += 1
                    loss, grads = self._hand_gradients(X[batch], Y[batch])
                    check(loss, epoch)
                    self._update(grads, lr)
                history[epoch] = loss_record.forward(self._trace(X, activations).A[-1], Y)
                check(history[epoch], epoch)
        return history
