"""``Sequential``: a network of any layers (``layers.py``) and a loss, trained by
backpropagation: one loop over the records' VJPs (``backward``), or the Tensor engine.

``backward`` is the one backward loop of the package; ``MLP`` and the graph drawing
(``svg.graph_signals``) run it too.
"""

import numpy as np

from ._checks import check_inputs, positive_number, whole_number
from .layers import LayerNorm, Linear, Tanh  # noqa: F401 - the doctests' layers
from .ops.registry import LOSSES, RECORDS
from .tensor import Tensor


def backward(layers, saved, G, input_gradient=False):
    """Backpropagation: ``G`` = ∂L/∂(the last layer's output), pulled back through each layer,
    from the last, by its record's VJP on what its forward saved.

    Returns ``(grads, signals)``: ``grads[l]`` the tuple of ∂L/∂(layer l's parameters) and
    ``signals[l]`` ∂L/∂(layer l's input) (None for the first layer unless ``input_gradient``:
    nobody trains the data).

    >>> net = Sequential([Linear(2, 2), Tanh()], seed=0)
    >>> out, saved = net.run(np.ones((1, 2)))
    >>> grads, signals = backward(net.layers, saved, np.ones((1, 2)))
    >>> [g.shape for g in grads[0]], grads[1], signals[0]
    ([(2, 2), (2,)], (), None)
    """
    grads, signals = [None] * len(layers), [None] * len(layers)
    for l in range(len(layers) - 1, -1, -1):
        record = RECORDS[layers[l].op]
        need = (l > 0 or input_gradient,) + (True,) * (record.grads - 1)
        pulled = record.vjp(G, saved[l], need)
        G, grads[l] = pulled[0], pulled[1:]
        signals[l] = G
    return grads, signals


class Sequential:
    """Layers applied in turn, then a loss: ``Sequential([Linear(3, 5), Tanh(), LayerNorm(5),
    Linear(5, 3)], loss="mse", seed=0)``. Parameters not given are initialised from
    ``np.random.default_rng(seed)``, layer by layer. ``loss`` is a loss record's name
    (``"mse"``, ``"cross_entropy"`` on logits, ``"log_loss"`` on probabilities).

    >>> net = Sequential([Linear(3, 5), Tanh(), LayerNorm(5), Linear(5, 3)], loss="mse", seed=0)
    >>> X, Y = np.ones((4, 3)), np.zeros((4, 3))
    >>> hand, engine = net.gradients(X, Y), net.gradients(X, Y, method="engine")
    >>> [g.shape for g in hand]
    [(5, 3), (5,), (5,), (5,), (3, 5), (3,)]
    >>> all(np.allclose(h, e, rtol=1e-12) for h, e in zip(hand, engine))
    True
    >>> losses = net.train(X, Y, lr=0.1, epochs=5)
    >>> bool(losses[-1] < losses[0])
    True
    """

    def __init__(self, layers, loss="mse", seed=0):
        if loss not in LOSSES:
            raise ValueError(f"loss must be one of {sorted(LOSSES)}, got {loss!r}")
        self._layers = list(layers)
        if not self._layers:
            raise ValueError("Sequential needs at least one layer")
        self.loss_name = loss
        rng = np.random.default_rng(seed)
        for layer in self._layers:
            if not layer.params:
                layer.initialise(rng)
        self.sizes  # a ValueError now if the widths do not chain

    @property
    def layers(self):
        """The layers, in order.

        >>> Sequential([Linear(2, 1)]).layers
        [Linear(in_features=2, out_features=1)]
        """
        return self._layers

    @property
    def sizes(self):
        """The widths: inputs, then each layer's output.

        >>> Sequential([Linear(3, 5), Tanh(), Linear(5, 2)]).sizes
        [3, 5, 5, 2]
        """
        first = next((layer.features_in for layer in self._layers if layer.features_in is not None), None)
        if first is None:
            raise ValueError("Sequential needs a layer that fixes the input width (Linear or LayerNorm)")
        sizes = [first]
        for layer in self._layers:
            sizes.append(layer.width(sizes[-1]))
        return sizes

    def __repr__(self):
        return f"Sequential({self._layers}, loss={self.loss_name!r})"

    def parameters(self):
        """Every layer's parameters in order: the arrays themselves, so in-place updates change
        the network.

        >>> [p.shape for p in Sequential([Linear(2, 3), LayerNorm(3)]).parameters()]
        [(3, 2), (3,), (3,), (3,)]
        """
        return [p for layer in self._layers for p in layer.params]

    # ---- checks, once, where data enters ----

    def _check_X(self, X):
        return check_inputs(X, features=self.sizes[0])

    def _check_data(self, X, Y):
        X = self._check_X(X)
        return X, RECORDS[self.loss_name].targets(Y, (X.shape[0], self.sizes[-1]))

    # ---- forward ----

    def run(self, X):
        """The forward pass on checked input: ``(output, saved)``, one saved object per layer.

        >>> out, saved = Sequential([Linear(2, 3), Tanh()]).run(np.ones((4, 2)))
        >>> out.shape, len(saved)
        ((4, 3), 2)
        """
        saved = []
        for layer in self._layers:
            X, kept = RECORDS[layer.op].forward(X, *layer.params, **layer.options)
            saved.append(kept)
        return X, saved

    def outputs(self, X):
        """Every layer's output, in order, for a batch X.

        >>> [A.shape for A in Sequential([Linear(2, 3), Tanh()]).outputs(np.ones((1, 2)))]
        [(1, 3), (1, 3)]
        """
        X = self._check_X(X)
        outs = []
        for layer in self._layers:
            X = RECORDS[layer.op].forward(X, *layer.params, **layer.options)[0]
            outs.append(X)
        return outs

    def forward(self, X):
        """The network's output for a batch X (n, sizes[0]).

        >>> Sequential([Linear(3, 2)]).forward(np.zeros((1, 3))).shape
        (1, 2)
        """
        return self.run(self._check_X(X))[0]

    def loss(self, X, Y):
        """The loss on the batch (X, Y), as a float.

        >>> net = Sequential([Linear(1, 1)]); net.layers[0].params = [np.zeros((1, 1)), np.zeros(1)]
        >>> net.loss(np.ones((2, 1)), np.full((2, 1), 3.0))
        9.0
        """
        X, Y = self._check_data(X, Y)
        return RECORDS[self.loss_name].forward(self.run(X)[0], Y)[0]

    # ---- gradients ----

    def _hand(self, X, Y):
        out, saved = self.run(X)
        loss = RECORDS[self.loss_name]
        value, kept = loss.forward(out, Y)
        grads, _ = backward(self._layers, saved, loss.vjp(1.0, kept)[0])
        return value, [g for layer_grads in grads for g in layer_grads]

    def _engine(self, X, Y):
        # The same network from the records' engine forms, differentiated by the engine.
        params = [[Tensor(p) for p in layer.params] for layer in self._layers]
        A = Tensor(X)
        for layer, tensors in zip(self._layers, params):
            A = RECORDS[layer.op].engine(A, *tensors, **layer.options)
        value = RECORDS[self.loss_name].engine(A, Y)
        value.backward()
        return float(value.data), [t.grad for tensors in params for t in tensors]

    def _loss_and_gradients(self, X, Y, method):
        if method == "hand":
            return self._hand(X, Y)
        if method == "engine":
            return self._engine(X, Y)
        raise ValueError(f"method must be 'hand' or 'engine', got {method!r}")

    def gradients(self, X, Y, method="hand"):
        """The loss's gradients, one per parameter, in ``parameters()`` order.

        ``method="hand"`` runs ``backward``, the loop over the records' VJPs;
        ``method="engine"`` builds the records' engine forms from Tensors and calls ``backward``.

        >>> net = Sequential([Linear(3, 2), Tanh()])
        >>> [g.shape for g in net.gradients(np.ones((4, 3)), np.zeros((4, 2)))]
        [(2, 3), (2,)]
        """
        X, Y = self._check_data(X, Y)
        return self._loss_and_gradients(X, Y, method)[1]

    # ---- training ----

    def _update(self, grads, lr):
        for p, g in zip(self.parameters(), grads):
            g *= lr  # the gradient arrays are ours to overwrite: no temporary lr * g
            p -= g

    def step(self, X, Y, lr, method="hand"):
        """One gradient-descent step on the batch (X, Y); returns the loss BEFORE the step.

        >>> net, X, Y = Sequential([Linear(3, 3), Tanh()]), np.ones((4, 3)), np.zeros((4, 3))
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

        >>> net, X = Sequential([Linear(2, 4), Tanh(), Linear(4, 1)], seed=1), np.random.default_rng(0).normal(size=(32, 2))
        >>> losses = net.train(X, np.tanh(X[:, :1] - X[:, 1:]), lr=0.2, epochs=5, batch_size=8)
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
                    loss, grads = self._hand(X[batch], Y[batch])
                    check(loss, epoch)
                    self._update(grads, lr)
                history[epoch] = RECORDS[self.loss_name].forward(self.run(X)[0], Y)[0]
                check(history[epoch], epoch)
        return history

