"""Tensor: a float64 numpy array that records how it was computed, for reverse-mode autodiff.

Each operation below computes its result and defines, right next to it, a ``backward(g)``
that maps the gradient g of the result to one gradient per input. ``graph.backpropagate``
visits the nodes in reverse topological order and applies those functions.

The engine is the package's independent second derivation: it imports nothing from
``backprop.ops`` and differentiates the records' ``engine`` forms with its own rules (these
and ``primitives.ELEMENTWISE``, which forward mode shares); ``ops/op.py`` says why.
"""

import numbers

import numpy as np

from ._checks import matmul_operands
from .graph import backpropagate, topological_order, unbroadcast
from .primitives import ELEMENTWISE, max_share


def _as_tensor(x):
    return x if isinstance(x, Tensor) else Tensor(x)


def _expand_reduced(g, axis, keepdims, shape):
    # Put back the axes a reduction removed, then copy the gradient along them.
    if axis is not None and not keepdims:
        g = np.expand_dims(g, axis)
    return np.full(shape, g)


class Tensor:
    """A float64 array with a gradient.

    ``data`` is the array (not copied when it already is float64). ``grad`` is None until a
    ``backward()`` reaches this tensor, then an array of the same shape. Gradients ACCUMULATE,
    as in PyTorch: a second ``backward()`` adds to ``.grad``; ``zero_grad()`` resets them.
    numpy broadcasting works in the forward pass, and each operand's gradient is summed back
    to the operand's shape.

    >>> x = Tensor([1.0, 2.0, 3.0])
    >>> loss = (x * x).sum()
    >>> loss.backward()
    >>> x.grad
    array([2., 4., 6.])
    """

    __slots__ = ("data", "grad", "_parents", "_backward")
    # Make numpy hand `ndarray + Tensor` (and -, *, /, @) over to our reflected methods.
    __array_ufunc__ = None
    __array_priority__ = 1000

    def __init__(self, data, _parents=(), _backward=None):
        self.data = np.asarray(data.data if isinstance(data, Tensor) else data, dtype=np.float64)
        self.grad = None
        self._parents = _parents
        self._backward = _backward

    @property
    def shape(self):
        """The shape of ``data``.

        >>> Tensor([[1.0, 2.0, 3.0]]).shape
        (1, 3)
        """
        return self.data.shape

    @property
    def ndim(self):
        """The number of axes of ``data``.

        >>> Tensor(5.0).ndim
        0
        """
        return self.data.ndim

    def __repr__(self):
        return "Tensor(" + np.array2string(self.data, separator=", ", prefix="Tensor(") + ")"

    # ---- arithmetic (numpy broadcasting; gradients summed back with unbroadcast) ----

    def __add__(self, other):
        other = _as_tensor(other)

        def backward(g):
            return unbroadcast(g, self.data.shape), unbroadcast(g, other.data.shape)

        return Tensor(self.data + other.data, (self, other), backward)

    def __sub__(self, other):
        other = _as_tensor(other)

        def backward(g):
            return unbroadcast(g, self.data.shape), unbroadcast(-g, other.data.shape)

        return Tensor(self.data - other.data, (self, other), backward)

    def __mul__(self, other):
        other = _as_tensor(other)

        def backward(g):
            return (
                unbroadcast(g * other.data, self.data.shape),
                unbroadcast(g * self.data, other.data.shape),
            )

        return Tensor(self.data * other.data, (self, other), backward)

    def __truediv__(self, other):
        other = _as_tensor(other)

        def backward(g):
            g_over = g / other.data
            return (
                unbroadcast(g_over, self.data.shape),
                unbroadcast(-g_over * self.data / other.data, other.data.shape),
            )

        return Tensor(self.data / other.data, (self, other), backward)

    def __neg__(self):
        return Tensor(-self.data, (self,), lambda g: (-g,))

    def __pow__(self, exponent):
        if isinstance(exponent, Tensor) or not isinstance(exponent, numbers.Real):
            raise TypeError(f"Tensor ** {type(exponent).__name__}: the exponent must be a Python number")
        x = self.data

        def backward(g):
            return (g * exponent * x ** (exponent - 1),)

        return Tensor(x**exponent, (self,), backward)

    # `2 * t`, `1 - t`, `np.ones(3) + t`: addition and multiplication commute; the others
    # turn the constant into a Tensor and run the ordinary method.
    __radd__ = __add__
    __rmul__ = __mul__

    def __rsub__(self, other):
        return _as_tensor(other) - self

    def __rtruediv__(self, other):
        return _as_tensor(other) / self

    def __rmatmul__(self, other):
        return _as_tensor(other) @ self

    def __matmul__(self, other):
        """Matrix product of 1-D and 2-D operands (vector·vector, matrix·vector, ...).

        >>> Tensor([[1.0, 2.0]]) @ Tensor([3.0, 4.0])
        Tensor([11.])
        >>> Tensor([[1.0, 2.0, 3.0]]) @ Tensor([[1.0], [2.0]])
        Traceback (most recent call last):
        ...
        ValueError: matmul: shapes (1, 3) and (2, 1) are not aligned
        """
        other = _as_tensor(other)
        a, b = self.data, other.data
        matmul_operands(a, b)

        def backward(g):
            # A vector is a 1-row (left) or 1-column (right) matrix: then C = AB gives
            # dA = G Bᵀ and dB = Aᵀ G in all four cases.
            if a.ndim == b.ndim == 2:
                return g @ b.T, a.T @ g
            a2 = a.reshape(1, -1) if a.ndim == 1 else a
            b2 = b.reshape(-1, 1) if b.ndim == 1 else b
            g2 = g.reshape(a2.shape[0], b2.shape[1])
            return (g2 @ b2.T).reshape(a.shape), (a2.T @ g2).reshape(b.shape)

        return Tensor(a @ b, (self, other), backward)

    # ---- shape ----

    @property
    def T(self):
        """The transpose (axes reversed).

        >>> Tensor([[1.0, 2.0]]).T.shape
        (2, 1)
        """
        return Tensor(self.data.T, (self,), lambda g: (g.T,))

    def reshape(self, *shape):
        """The same entries in a new shape; ``t.reshape(2, 3)`` or ``t.reshape((2, 3))``.

        >>> Tensor([1.0, 2.0, 3.0, 4.0]).reshape(2, 2).shape
        (2, 2)
        """
        if len(shape) == 1 and isinstance(shape[0], (tuple, list)):
            shape = tuple(shape[0])
        old_shape = self.data.shape
        return Tensor(self.data.reshape(shape), (self,), lambda g: (g.reshape(old_shape),))

    # ---- reductions ----

    def sum(self, axis=None, keepdims=False):
        """Sum over ``axis`` (None: everything; an int or a tuple of ints).

        >>> t = Tensor([[1.0, 2.0], [3.0, 4.0]])
        >>> t.sum(axis=0)
        Tensor([4., 6.])
        """
        shape = self.data.shape

        def backward(g):
            return (_expand_reduced(g, axis, keepdims, shape),)

        return Tensor(self.data.sum(axis=axis, keepdims=keepdims), (self,), backward)

    def max(self, axis=None, keepdims=False):
        """Maximum over ``axis`` (None: everything; an int or a tuple of ints).

        The gradient goes to the entries that attain the maximum, shared equally between
        ties (as ``torch.amax`` does); a shift by the row maximum, as in a stable softmax,
        then differentiates exactly.

        >>> t = Tensor([[1.0, 3.0, 3.0], [0.0, -1.0, 2.0]])
        >>> m = t.max(axis=1)
        >>> m
        Tensor([3., 2.])
        >>> m.sum().backward(); t.grad
        array([[0. , 0.5, 0.5],
               [0. , 0. , 1. ]])
        """
        x = self.data
        out = x.max(axis=axis, keepdims=keepdims)

        def backward(g):
            return (_expand_reduced(g, axis, keepdims, x.shape) * max_share(x, out, axis, keepdims),)

        return Tensor(out, (self,), backward)

    def mean(self, axis=None, keepdims=False):
        """Mean over ``axis`` (None: everything; an int or a tuple of ints).

        >>> Tensor([[1.0, 2.0], [3.0, 4.0]]).mean(axis=1, keepdims=True)
        Tensor([[1.5],
                [3.5]])
        """
        shape = self.data.shape
        out = self.data.mean(axis=axis, keepdims=keepdims)
        scale = out.size / self.data.size  # 1 / (number of entries averaged)

        def backward(g):
            return (_expand_reduced(g * scale, axis, keepdims, shape),)

        return Tensor(out, (self,), backward)

    # ---- elementwise functions: value and slope from primitives.ELEMENTWISE ----

    def _elementwise(self, name):
        f, chain = ELEMENTWISE[name]
        x = self.data
        out = f(x)
        return Tensor(out, (self,), lambda g: (chain(g, x, out),))

    def tanh(self):
        """Elementwise tanh; its derivative 1 − tanh² reuses the output.

        >>> Tensor([0.0]).tanh()
        Tensor([0.])
        """
        return self._elementwise("tanh")

    def sigmoid(self):
        """Elementwise logistic function; its derivative σ(1 − σ) reuses the output.

        >>> Tensor([0.0]).sigmoid()
        Tensor([0.5])
        """
        return self._elementwise("sigmoid")

    def relu(self):
        """Elementwise max(x, 0); the gradient at exactly 0 is taken as 0.

        >>> Tensor([-1.0, 2.0]).relu()
        Tensor([0., 2.])
        """
        return self._elementwise("relu")

    def exp(self):
        """Elementwise eˣ.

        >>> Tensor([0.0]).exp()
        Tensor([1.])
        """
        return self._elementwise("exp")

    def log(self):
        """Elementwise natural logarithm (numpy's nan/−inf for non-positive entries).

        >>> Tensor([1.0]).log()
        Tensor([0.])
        """
        return self._elementwise("log")

    # ---- gradients ----

    def backward(self, grad=None):
        """Add ∂(this)/∂node, contracted with ``grad``, to ``.grad`` of every node it depends on.

        ``grad`` defaults to 1 for a scalar (size-1) tensor; any other output needs an
        explicit ``grad`` of its own shape (the vector in the vector-Jacobian product).

        >>> a = Tensor(2.0)
        >>> y = a + a
        >>> y.backward(); y.backward()  # gradients accumulate
        >>> float(a.grad)
        4.0
        """
        if grad is None:
            if self.data.size != 1:
                raise ValueError(
                    f"backward: this tensor has shape {self.data.shape}; only a scalar can seed "
                    "itself with 1, so pass grad= an array of that shape"
                )
            grad = np.ones(self.data.shape)
        else:
            grad = np.array(grad.data if isinstance(grad, Tensor) else grad, dtype=np.float64)
            if grad.shape != self.data.shape:
                raise ValueError(
                    f"backward: grad has shape {grad.shape} but this tensor has shape {self.data.shape}"
                )
        handed_out = set()
        for node, g in backpropagate(self, grad).items():
            # No two .grad arrays may share memory (add passes the same g to both inputs,
            # transpose passes a view), or an in-place update of one would change another:
            # keep fresh arrays, copy views and arrays already handed out (and turn numpy
            # scalars, which 0-d arithmetic returns, into 0-d arrays).
            if not isinstance(g, np.ndarray) or g.base is not None or id(g) in handed_out:
                g = np.array(g, order="K")  # a copy in the same memory layout: a plain memcpy
            handed_out.add(id(g))
            node.grad = g if node.grad is None else node.grad + g

    def zero_grad(self):
        """Reset ``.grad`` to zeros on this tensor and every tensor it depends on.

        >>> x = Tensor([1.0, 2.0])
        >>> y = (3 * x).sum()
        >>> y.backward(); y.zero_grad()
        >>> x.grad
        array([0., 0.])
        """
        for node in topological_order(self):
            node.grad = np.zeros(node.data.shape)
