"""The layers a ``Sequential`` network chains, with PyTorch's names: ``Linear``, ``LayerNorm``
and one class per activation record (``Tanh``, ``ReLU``, ``Softmax``, ... generated from the
registry, so a new op module brings its layer).

A layer is a record's name, its parameters (the record's inputs after the first) and its
options. It looks its record up in the registry each time it runs, so a record replaced there
is what the network runs next.

>>> layer = Linear(3, 5)
>>> layer.initialise(np.random.default_rng(0))
>>> [p.shape for p in layer.params], layer.width(3)
([(5, 3), (5,)], 5)
"""

import numpy as np

from .ops.public import camel
from .ops.registry import RECORDS


class Module:
    """A layer: ``op`` (a record's name), ``params`` (arrays, or None until ``initialise``) and
    ``options`` (keywords of the record's forward).

    >>> Module("tanh").record.name
    'tanh'
    """

    features_in = None  # the input width this layer fixes (Linear and LayerNorm do), or None

    def __init__(self, op, params=(), **options):
        self.op, self.params, self.options = op, list(params), options

    @property
    def record(self):
        return RECORDS[self.op]

    def initialise(self, rng):
        """Draw or set the parameters (no draws for a layer without any).

        >>> Module("tanh").initialise(None)
        """

    def width(self, features):
        """The number of output features for ``features`` input features (a ValueError if the
        layer cannot take them).

        >>> Module("tanh").width(7)
        7
        """
        return features

    def __repr__(self):
        return f"{type(self).__name__}()"


class Linear(Module):
    """Z = X Wᵀ + b, W (out_features, in_features) and b (out_features,), both drawn uniform in
    ±1/√in_features by ``initialise`` (as in PyTorch).

    >>> Linear(3, 5)
    Linear(in_features=3, out_features=5)
    """

    def __init__(self, in_features, out_features):
        for name, value in (("in_features", in_features), ("out_features", out_features)):
            if not isinstance(value, (int, np.integer)) or isinstance(value, bool) or value < 1:
                raise ValueError(f"Linear: {name} must be a positive integer, got {name}={value!r}")
        super().__init__("linear")
        self.in_features, self.out_features = int(in_features), int(out_features)
        self.features_in = self.in_features

    @classmethod
    def of(cls, W, b):
        """A Linear layer with the given weights (copied, as float64).

        >>> Linear.of(np.eye(2), np.zeros(2)).W
        array([[1., 0.],
               [0., 1.]])
        """
        W, b = np.array(W, dtype=np.float64), np.array(b, dtype=np.float64)
        if W.ndim != 2 or b.shape != (W.shape[0],) or 0 in W.shape:
            raise ValueError(f"Linear: W has shape {W.shape} and b has shape {b.shape}; need W (out, in) and b (out,)")
        layer = cls(W.shape[1], W.shape[0])
        layer.params = [W, b]
        return layer

    @property
    def W(self):
        return self.params[0]

    @W.setter
    def W(self, value):
        self.params[0] = value

    @property
    def b(self):
        return self.params[1]

    @b.setter
    def b(self, value):
        self.params[1] = value

    def initialise(self, rng):
        bound = 1.0 / np.sqrt(self.in_features)
        W = rng.uniform(-bound, bound, (self.out_features, self.in_features))
        self.params = [W, rng.uniform(-bound, bound, self.out_features)]

    def width(self, features):
        if features != self.in_features:
            raise ValueError(f"Linear({self.in_features}, {self.out_features}) takes {self.in_features} "
                             f"features but its input has {features}")
        return self.out_features

    def __repr__(self):
        return f"Linear(in_features={self.in_features}, out_features={self.out_features})"


class LayerNorm(Module):
    """Row-wise layer normalization of ``features`` features, gain γ = 1 and bias β = 0 to
    start (as in PyTorch), ``eps`` inside the square root.

    >>> norm = LayerNorm(4); norm.initialise(None); norm.params
    [array([1., 1., 1., 1.]), array([0., 0., 0., 0.])]
    """

    def __init__(self, features, eps=1e-5):
        super().__init__("layer_norm", eps=eps)
        self.features = self.features_in = int(features)

    def initialise(self, rng):
        self.params = [np.ones(self.features), np.zeros(self.features)]

    def width(self, features):
        if features != self.features:
            raise ValueError(f"LayerNorm({self.features}) normalizes {self.features} features but its input has {features}")
        return features

    def __repr__(self):
        return f"LayerNorm({self.features})"


class SelfAttention(Module):
    """One head of self-attention over the rows of its input, which are the tokens of ONE
    sequence: queries and keys of width ``d``, values of width ``d_v`` (default ``d``),
    ``causal`` as ``bp.attention``'s. W_Q, W_K (d, features) and W_V (d_v, features) are drawn
    uniform in ±1/√features, as a Linear layer's weights.

    >>> layer = SelfAttention(6, 4, causal=True); layer.initialise(np.random.default_rng(0))
    >>> [p.shape for p in layer.params], layer.width(6)
    ([(4, 6), (4, 6), (4, 6)], 4)
    """

    def __init__(self, features, d, d_v=None, causal=False, save="probabilities"):
        super().__init__("self_attention", causal=causal, save=save)
        self.features_in, self.d, self.d_v = int(features), int(d), int(d_v or d)

    def initialise(self, rng):
        bound = 1.0 / np.sqrt(self.features_in)
        self.params = [rng.uniform(-bound, bound, (size, self.features_in)) for size in (self.d, self.d, self.d_v)]

    def width(self, features):
        if features != self.features_in:
            raise ValueError(f"SelfAttention({self.features_in}, {self.d}) takes {self.features_in} features "
                             f"but its input has {features}")
        return self.d_v

    def __repr__(self):
        return f"SelfAttention({self.features_in}, {self.d}, d_v={self.d_v}, causal={self.options['causal']})"


def activation_layers():
    """One layer class per elementwise or row-wise record, named as PyTorch names it
    (``ReLU``, ``LogSoftmax``): ``{class name: class}``.

    >>> {"ReLU", "LogSoftmax", "Tanh"} <= set(activation_layers())
    True
    """
    classes = {}
    for name, op in RECORDS.items():
        if op.kind in ("elementwise", "rowwise"):
            title = op.layer or camel(name)
            init = (lambda name: lambda self: Module.__init__(self, name))(name)
            doc = f"The ``{name}`` layer (record ``{name.upper()}``), no parameters.\n\n    >>> {title}().record.name\n    '{name}'\n    "
            classes[title] = type(title, (Module,), {"__init__": init, "__doc__": doc, "__module__": __name__})
    return classes


ACTIVATION_LAYERS = activation_layers()
globals().update(ACTIVATION_LAYERS)
__test__ = {name: cls.__doc__ for name, cls in ACTIVATION_LAYERS.items()}
