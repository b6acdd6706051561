"""Forward mode: Jacobian-vector products (JVPs) by dual numbers.

A ``Dual`` carries a value and a tangent, the derivative of that value along one direction of
the input. Each operation computes both at once, so one pass of ``f`` over Duals gives
f(x) and J·v together, and no graph is kept. ``Dual`` offers the operations of ``Tensor``
that the posts and the records' ``engine`` forms use (arithmetic, ``@``, ``.T``, ``reshape``,
``sum``, ``mean``, ``max``, ``tanh``, ``sigmoid``, ``relu``, ``exp``, ``log``), so the same ``f``
runs in both modes: ``jacobian(f, x)`` in reverse mode, ``jvp(f, x, v)`` and
``forward_jacobian(f, x)`` here. The elementwise slopes are the engine's (``primitives``).
"""

import numbers

import numpy as np

from ._checks import matmul_operands, reject_non_finite
from .primitives import ELEMENTWISE, max_share


def _lift(x):
    # A constant has tangent zero (a 0-d zero broadcasts against any value).
    return x if isinstance(x, Dual) else Dual(x, 0.0)


def _result(value, tangent):
    # An operation's result: its tangent spread to the value's shape, as numpy broadcast the
    # values (x + b with b a constant row: the constant's zero tangent, added to x's).
    value = np.asarray(value, dtype=np.float64)
    return Dual(value, np.broadcast_to(tangent, value.shape))


class Dual:
    """A float64 value with a tangent of the same shape: value + ε·tangent, with ε² = 0.

    >>> d = Dual(3.0, 1.0)        # x = 3, moving at speed 1
    >>> y = d * d + 2 * d         # y = x² + 2x
    >>> float(y.value), float(y.tangent)   # y(3) and y'(3) = 2·3 + 2
    (15.0, 8.0)
    """

    __slots__ = ("value", "tangent")
    __array_ufunc__ = None  # let `ndarray * Dual` reach our reflected methods
    __array_priority__ = 1000

    def __init__(self, value, tangent):
        self.value = np.asarray(value, dtype=np.float64)
        tangent = np.asarray(tangent, dtype=np.float64)
        self.tangent = np.broadcast_to(tangent, self.value.shape) if tangent.ndim == 0 else tangent
        if self.tangent.shape != self.value.shape:
            raise ValueError(
                f"Dual: the tangent has shape {self.tangent.shape} but the value has shape "
                f"{self.value.shape}"
            )

    @property
    def shape(self):
        """The shape of the value.

        >>> Dual(np.zeros((2, 3)), 0.0).shape
        (2, 3)
        """
        return self.value.shape

    def __repr__(self):
        return f"Dual(value={self.value!r}, tangent={np.asarray(self.tangent)!r})"

    # ---- arithmetic: the product and quotient rules ----

    def __add__(self, other):
        other = _lift(other)
        return _result(self.value + other.value, self.tangent + other.tangent)

    def __sub__(self, other):
        other = _lift(other)
        return _result(self.value - other.value, self.tangent - other.tangent)

    def __mul__(self, other):
        if not isinstance(other, Dual):  # a constant: only one term of the product rule
            other = np.asarray(other, dtype=np.float64)
            return _result(self.value * other, self.tangent * other)
        return _result(self.value * other.value,
                       self.tangent * other.value + self.value * other.tangent)

    def __truediv__(self, other):
        other = _lift(other)
        out = self.value / other.value
        return _result(out, (self.tangent - out * other.tangent) / other.value)

    def __neg__(self):
        return _result(-self.value, -self.tangent)

    def __pow__(self, exponent):
        if isinstance(exponent, Dual) or not isinstance(exponent, numbers.Real):
            raise TypeError(f"Dual ** {type(exponent).__name__}: the exponent must be a Python number")
        x = self.value
        return _result(x**exponent, exponent * x ** (exponent - 1) * self.tangent)

    __radd__ = __add__
    __rmul__ = __mul__

    def __rsub__(self, other):
        return _lift(other) - self

    def __rtruediv__(self, other):
        return _lift(other) / self

    def __matmul__(self, other):
        """Matrix product, with d(AB) = dA·B + A·dB.

        >>> (Dual([[1.0, 2.0]], [[1.0, 0.0]]) @ np.array([[3.0], [4.0]])).tangent
        array([[3.]])
        """
        b = other.value if isinstance(other, Dual) else np.asarray(other, dtype=np.float64)
        a = self.value
        matmul_operands(a, b)
        if not isinstance(other, Dual):  # a constant right factor: one term
            return _result(a @ b, self.tangent @ b)
        return _result(a @ b, self.tangent @ b + a @ other.tangent)

    def __rmatmul__(self, other):  # constant @ Dual: one term of the product rule
        a = np.asarray(other, dtype=np.float64)
        matmul_operands(a, self.value)
        return _result(a @ self.value, a @ self.tangent)

    # ---- shape ----

    @property
    def T(self):
        """The transpose of value and tangent.

        >>> Dual([[1.0, 2.0]], 0.0).T.shape
        (2, 1)
        """
        return _result(self.value.T, self.tangent.T)

    def reshape(self, *shape):
        """The same entries in a new shape.

        >>> Dual([1.0, 2.0, 3.0, 4.0], 1.0).reshape(2, 2).shape
        (2, 2)
        """
        if len(shape) == 1 and isinstance(shape[0], (tuple, list)):
            shape = tuple(shape[0])
        return _result(self.value.reshape(shape), self.tangent.reshape(shape))

    # ---- reductions: linear, so the tangent is reduced the same way ----

    def sum(self, axis=None, keepdims=False):
        """Sum over ``axis``.

        >>> Dual([1.0, 2.0], [0.5, 0.25]).sum().tangent
        array(0.75)
        """
        return _result(self.value.sum(axis=axis, keepdims=keepdims),
                    self.tangent.sum(axis=axis, keepdims=keepdims))

    def mean(self, axis=None, keepdims=False):
        """Mean over ``axis``.

        >>> float(Dual([1.0, 3.0], [1.0, 0.0]).mean().tangent)
        0.5
        """
        return _result(self.value.mean(axis=axis, keepdims=keepdims),
                    self.tangent.mean(axis=axis, keepdims=keepdims))

    def max(self, axis=None, keepdims=False):
        """Maximum over ``axis``; the tangent is the maximal entry's (shared equally between
        ties, as the engine shares the gradient), so a stable softmax runs in forward mode too.

        >>> m = Dual([[1.0, 3.0], [2.0, 0.0]], [[5.0, 7.0], [1.0, 1.0]]).max(axis=1)
        >>> m.value, m.tangent
        (array([3., 2.]), array([7., 1.]))
        """
        out = self.value.max(axis=axis, keepdims=keepdims)
        share = max_share(self.value, out, axis, keepdims)
        return _result(out, (self.tangent * share).sum(axis=axis, keepdims=keepdims))

    # ---- elementwise functions: the tangent times the slope (primitives.ELEMENTWISE) ----

    def _elementwise(self, name):
        f, chain = ELEMENTWISE[name]
        out = f(self.value)
        return _result(out, chain(self.tangent, self.value, out))

    def tanh(self):
        """Elementwise tanh; the tangent is scaled by 1 − tanh².

        >>> float(Dual(0.0, 2.0).tanh().tangent)
        2.0
        """
        return self._elementwise("tanh")

    def sigmoid(self):
        """Elementwise logistic function; the tangent is scaled by σ(1 − σ).

        >>> float(Dual(0.0, 1.0).sigmoid().tangent)
        0.25
        """
        return self._elementwise("sigmoid")

    def relu(self):
        """Elementwise max(x, 0); the slope at exactly 0 is taken as 0, as in reverse mode.

        >>> Dual([-1.0, 2.0], [1.0, 1.0]).relu().tangent
        array([0., 1.])
        """
        return self._elementwise("relu")

    def exp(self):
        """Elementwise eˣ.

        >>> float(Dual(0.0, 3.0).exp().tangent)
        3.0
        """
        return self._elementwise("exp")

    def log(self):
        """Elementwise natural logarithm.

        >>> float(Dual(2.0, 1.0).log().tangent)
        0.5
        """
        return self._elementwise("log")


def _checked_input(x, v):
    x = np.array(x, dtype=np.float64)
    v = np.array(v, dtype=np.float64)
    if v.shape != x.shape:
        raise ValueError(f"jvp: the direction v has shape {v.shape} but x has shape {x.shape}")
    reject_non_finite("jvp: x", x)
    reject_non_finite("jvp: v", v)
    return x, v


def jvp(f, x, v):
    """``(f(x), J·v)``: the value of ``f`` at ``x`` and its derivative along the direction ``v``.

    One pass of ``f`` over dual numbers, whatever the sizes: the forward-mode counterpart of
    one backward pass. ``f`` takes and returns what ``jacobian``'s ``f`` does, built from
    the operations ``Dual`` offers; ``v`` has the shape of ``x``, and J·v the shape of f(x)
    (the Jacobian contracted with v over x's axes).

    >>> W = np.array([[1.0, 2.0], [0.0, 3.0]])
    >>> value, derivative = jvp(lambda t: t @ W.T, np.array([1.0, 1.0]), np.array([1.0, 0.0]))
    >>> value, derivative     # W's first column: the JVP along e_1
    (array([3., 3.]), array([1., 0.]))
    """
    x, v = _checked_input(x, v)
    y = f(Dual(x, v))
    if not isinstance(y, Dual):  # f ignored its input: a constant, derivative zero
        value = np.asarray(y, dtype=np.float64)
        return value, np.zeros(value.shape)
    return y.value, np.array(y.tangent)


def forward_jacobian(f, x):
    """The Jacobian of ``f`` at ``x`` by forward mode: one JVP per input entry (column j is
    J·e_j), shape ``f(x).shape + x.shape`` as ``jacobian`` returns it.

    >>> J = forward_jacobian(lambda t: (t * t).sum(), np.array([1.0, -2.0]))
    >>> J                     # the gradient 2x, built column by column
    array([ 2., -4.])
    """
    x = np.array(x, dtype=np.float64)
    reject_non_finite("forward_jacobian: x", x)
    columns = {}
    for j in np.ndindex(x.shape):
        e = np.zeros(x.shape)
        e[j] = 1.0
        value, columns[j] = jvp(f, x, e)
    J = np.empty(np.shape(value) + x.shape)
    for j, column in columns.items():
        J[(Ellipsis,) + j] = column
    return J
