"""The record every op is, with one protocol for all: forward, VJP, JVP, Jacobian, engine form
and LaTeX, defined together in the op's own module.

In the spirit of micrograd's ``_backward`` written beside each forward and of autograd's
``defvjp``: one place per op, so the forward, the derivative backpropagation runs (the VJP),
the one forward mode runs (the JVP), the one the posts display (the full Jacobian) and the
formulas the reference card prints cannot drift apart. The tests compare all of them with
each other, with central differences and with the engine.

Why the engine is a second derivation and not a third copy: ``engine`` writes the op's
*forward* with Tensor operations (``+``, ``@``, ``exp``, ``sum``...), and ``Tensor`` (reverse
mode) and ``Dual`` (forward mode) differentiate that forward with their own primitive rules,
never reading the record's ``vjp``, ``jvp`` or ``jacobian``. Agreement between the two is
evidence, not repetition; this is the comparison ``gradients(method="engine")``, the tests
and the reference card make. It is the only reason a derivative appears outside its record.
"""

from dataclasses import dataclass, field
from typing import Callable

import numpy as np


@dataclass(frozen=True)
class Op:
    """One op. Every field has the same signature for every op:

    ``forward(*inputs, **options) -> (out, saved)``
        the output and what the backward pass needs (the inputs, the output, or a statistic
        such as layer norm's σ); unchecked: callers check once (``check``);
    ``vjp(G, saved, need=None) -> tuple``
        Gᵀ J, one gradient per differentiated input, shaped like it, without building J;
        ``need``, a tuple of booleans, lets a caller skip gradients (a first layer never needs
        ∂L/∂X): a skipped entry may be None;
    ``jvp(saved, *tangents) -> tangent``
        J · v, the output's tangent, for one tangent per differentiated input;
    ``jacobian(saved) -> tuple``
        the full Jacobians, each of shape ``out.shape + input.shape``;
    ``engine(*tensors, **options) -> Tensor``
        the forward in Tensor operations, which ``Tensor`` and ``Dual`` differentiate on their own;
    ``check(name, *inputs, **options) -> inputs``
        the inputs as float arrays whose shapes fit, or a ValueError naming them;
    ``example(rng) -> (inputs, options)``
        small typical inputs, for the tests and the reference card.

    ``inputs`` names the inputs, ``grads`` how many of them (the first ones) are
    differentiated (a loss's targets are not), ``latex`` holds the forward, Jacobian and VJP in
    the series' notation, ``shapes`` says the shapes in words, and ``kind`` is
    ``"elementwise"``, ``"rowwise"``, ``"layer"``, ``"loss"`` or ``"attention"``; ``layer``
    names its layer class when PyTorch's name is not the CamelCase one (``"ReLU"``).

    >>> from backprop.ops import TANH
    >>> out, saved = TANH.forward(np.array([0.0, 1.0]))   # tanh saves its output A
    >>> TANH.vjp(np.ones(2), saved)                        # (1 − A²,)
    (array([1.        , 0.41997434]),)
    """

    name: str
    forward: Callable
    vjp: Callable
    jvp: Callable = None
    jacobian: Callable = None
    engine: Callable = None
    check: Callable = None
    example: Callable = None
    inputs: tuple = ()
    grads: int = 1
    latex: dict = field(default_factory=dict)
    shapes: str = ""
    kind: str = "layer"
    layer: str = ""


@dataclass(frozen=True)
class Elementwise(Op):
    """An elementwise op, also carrying ``derivative(A)``: act'(Z) from the output A = act(Z).

    >>> from backprop.ops import TANH
    >>> A, saved = TANH.forward(np.array([0.0, 1.0]))
    >>> bool(np.array_equal(TANH.vjp(np.ones(2), saved)[0], TANH.derivative(A)))
    True
    """

    derivative: Callable = None


@dataclass(frozen=True)
class Loss(Op):
    """A scalar loss L(A, Y) of a network's output A and targets Y, also carrying:

    ``targets(Y, shape, against=None)``
        checks Y against the output's ``shape`` and returns the float64 array ``forward``
        takes (``against`` names the output in the error messages);
    ``output_activation``
        for ``MLP``: the activation after its last layer, None for the network's own or a
        record's name (``"identity"``: cross-entropy takes the logits).

    >>> from backprop.ops import CROSS_ENTROPY
    >>> Y = CROSS_ENTROPY.targets(np.array([1, 0]), (2, 2))  # labels become one-hot rows
    >>> L, saved = CROSS_ENTROPY.forward(np.zeros((2, 2)), Y)
    >>> CROSS_ENTROPY.vjp(1.0, saved)[0]                      # (softmax(Z) − Y) / n
    array([[ 0.25, -0.25],
           [-0.25,  0.25]])
    """

    targets: Callable = None
    output_activation: str | None = None


def diagonal_jacobian(d):
    """The Jacobian of an elementwise map whose derivatives are ``d``: shape d.shape + d.shape.

    >>> diagonal_jacobian(np.array([1.0, 2.0]))
    array([[1., 0.],
           [0., 2.]])
    """
    d = np.asarray(d, dtype=np.float64)
    J = np.zeros(d.shape + d.shape)
    # Seen as a (size, size) matrix the tensor is diag(d); reshape gives a view, so this fills J.
    np.fill_diagonal(J.reshape(d.size, d.size), d.ravel())
    return J


def row_blocks(blocks, ndim):
    """A row-wise op's Jacobian from its per-row blocks: ``blocks[i]`` is row i's (k, k)
    Jacobian; one row (``ndim`` 1) is its own Jacobian, a batch puts the blocks on the diagonal
    of the (n, k, n, k) tensor, since rows do not mix.

    >>> row_blocks(np.ones((2, 1, 1)), 2)[:, 0, :, 0]
    array([[1., 0.],
           [0., 1.]])
    """
    if ndim == 1:
        return blocks[0]
    return np.einsum("ij,iab->iajb", np.eye(blocks.shape[0]), blocks)


def saved_bytes(saved):
    """How many bytes the arrays in a ``saved`` object (an array, or tuples of them) hold,
    each array counted once: what a forward pass keeps alive for its backward pass.

    >>> X = np.zeros((4, 8))
    >>> saved_bytes((X, X, np.zeros(4), True))   # X once, 32 + 4 floats of 8 bytes
    288
    """
    seen, total, stack = set(), 0, [saved]
    while stack:
        item = stack.pop()
        if isinstance(item, np.ndarray):
            if id(item) not in seen:
                seen.add(id(item))
                total += item.nbytes
        elif isinstance(item, (tuple, list)):
            stack.extend(item)
    return total


def _functions(body):
    return {key: value for key, value in vars(body).items() if not key.startswith("__")}


def record(body=None, cls=Op):
    """A class decorator: the class body (its functions and ``inputs``, ``latex``...) becomes
    one ``Op`` named after the class, lower-cased.

    >>> @record
    ... class EXP:
    ...     inputs = ("Z",)
    ...     def forward(Z):
    ...         A = np.exp(Z)
    ...         return A, A                      # exp' = exp: the output is all vjp needs
    ...     def vjp(G, A, need=None): return (G * A,)
    >>> EXP.name, EXP.vjp(np.ones(2), EXP.forward(np.zeros(2))[1])
    ('exp', (array([1., 1.]),))
    """
    if body is None:  # @record(cls=Loss)
        return lambda body: record(body, cls)
    return cls(name=body.__name__.lower(), **_functions(body))


def elementwise(body):
    """A class decorator for an elementwise op A = act(Z): the body defines ``forward(Z)``
    returning A, ``derivative(A)`` (act'(Z) from the output A, which is what it saves),
    ``engine(t)`` and ``latex``.

    The VJP (G ⊙ act'), the JVP (act' ⊙ T) and the diagonal Jacobian all follow from
    ``derivative``; ``check`` and ``example`` are the elementwise ones.

    >>> @elementwise
    ... class CUBE:
    ...     def forward(Z): return Z**3
    ...     def derivative(A): return 3 * np.cbrt(A) ** 2
    ...     def engine(t): return t**3
    >>> CUBE.vjp(np.ones(2), CUBE.forward(np.array([1.0, 2.0]))[1])
    (array([ 3., 12.]),)
    """
    from .._checks import as_float

    functions = _functions(body)
    act, derivative = functions.pop("forward"), functions.pop("derivative")

    def forward(Z):
        A = act(Z)
        return A, A

    def vjp(G, A, need=None):
        D = derivative(A)
        D *= G  # D is a fresh array of derivatives: multiplying in place saves an allocation
        return (D,)

    def jvp(A, T):
        return derivative(A) * T

    def jacobian(A):
        return (diagonal_jacobian(derivative(A)),)

    def check(name, Z):
        return (as_float(Z),)

    def example(rng):
        return [rng.normal(size=(3, 4))], {}

    fields = dict(forward=forward, vjp=vjp, jvp=jvp, jacobian=jacobian, check=check, example=example,
                  inputs=("Z",), kind="elementwise", derivative=derivative,
                  shapes="Z any shape → A of Z's shape; A saved")
    fields.update(functions)
    return Elementwise(name=body.__name__.lower(), **fields)
