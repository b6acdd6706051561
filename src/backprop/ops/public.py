"""The public, checked functions of every op, generated from its record: nobody types them.

For a record ``OP`` named ``op`` with inputs x₁..x_k (the first ``grads`` differentiated):

    op(x₁, ..., **options)                  the output
    op_vjp(G, x₁, ..., **options)           Gᵀ J: one gradient per differentiated input
    op_jvp(T, x₁, ..., **options)           J · T: T one tangent, or a tuple of them
    op_jacobian(x₁, ..., **options)         J in full, shape out.shape + input.shape
                                            (op_jacobians, a tuple, for several inputs)

Each checks its input once with the record's ``check`` (a ValueError naming shapes and
values), then calls the record. Several gradients or Jacobians come as a named tuple with one
field per input, ``dX, dW, db``. Ops that save their output (elementwise and row-wise) also take
the output ``A=`` instead of the input, as the posts do: ``tanh_vjp(G, A=np.tanh(Z))``.
"""

import inspect
from collections import namedtuple

import numpy as np

from .._checks import as_float

FROM_OUTPUT = ("elementwise", "rowwise")  # kinds whose saved object is the output A itself


def camel(name):
    """``"layer_norm"`` → ``"LayerNorm"``, for class names.

    >>> camel("log_softmax")
    'LogSoftmax'
    """
    return "".join(part.title() for part in name.split("_"))


def _binder(op):
    # The public signature is the record's ``check`` without its first argument (the name).
    signature = inspect.Signature(list(inspect.signature(op.check).parameters.values())[1:])

    def bind(name, args, kwargs):
        try:
            bound = signature.bind(*args, **kwargs)
        except TypeError as error:
            raise TypeError(f"{name}{signature}: {error}") from None
        bound.apply_defaults()
        inputs = op.check(name, **bound.arguments)
        options = {k: v for k, v in bound.arguments.items() if k not in op.inputs}
        return inputs, options

    return signature, bind


def _shape_error(name, what, given, expected, of):
    return ValueError(f"{name}: {what} has shape {given} but {of} has shape {expected}")


def wrappers(op):
    """The public functions of ``op``, by name, each with a docstring example.

    >>> from backprop.ops import TANH
    >>> sorted(wrappers(TANH))
    ['tanh', 'tanh_jacobian', 'tanh_jvp', 'tanh_vjp']
    """
    signature, bind = _binder(op)
    wrt = op.inputs[:op.grads]
    several = op.grads > 1
    Gradients = namedtuple(f"{camel(op.name)}Gradients", [f"d{x}" for x in wrt])
    Jacobians = namedtuple(f"{camel(op.name)}Jacobians", [f"d{x}" for x in wrt])
    jacobian_name = f"{op.name}_jacobians" if several else f"{op.name}_jacobian"
    pack = (lambda t, kind: kind(*t)) if several else (lambda t, kind: t[0])

    def forward(*args, **kwargs):
        inputs, options = bind(op.name, args, kwargs)
        return op.forward(*inputs, **options)[0]

    def vjp(G, *args, A=None, **kwargs):
        name = f"{op.name}_vjp"
        G = as_float(G)
        if op.kind in FROM_OUTPUT:  # from the input Z, or from the output A
            if (not args and "Z" not in kwargs) == (A is None):
                raise ValueError(f"{name}: pass exactly one of Z (the input) and A (the output)")
            if A is not None:
                out = saved = op.check(name, A)[0]
                given = "A"
            else:
                inputs, options = bind(name, args, kwargs)
                out, saved = op.forward(*inputs, **options)
                given = "Z"
            if G.shape != np.shape(out):
                raise _shape_error(name, "G", G.shape, np.shape(out), given)
        else:
            inputs, options = bind(name, args, kwargs)
            out, saved = op.forward(*inputs, **options)
            if G.shape != np.shape(out):
                raise _shape_error(name, "G", G.shape, np.shape(out), f"the output of {op.name}")
        return pack(op.vjp(G, saved), Gradients)

    def jvp(T, *args, **kwargs):
        name = f"{op.name}_jvp"
        inputs, options = bind(name, args, kwargs)
        tangents = [as_float(t) for t in (T if several else (T,))]
        if len(tangents) != op.grads:
            raise ValueError(f"{name}: T must hold {op.grads} tangents, one for each of {', '.join(wrt)}")
        for x, t, label in zip(inputs, tangents, wrt):
            if t.shape != x.shape:
                raise _shape_error(name, f"the tangent of {label}", t.shape, x.shape, label)
        return op.jvp(op.forward(*inputs, **options)[1], *tangents)

    def jacobian(*args, **kwargs):
        inputs, options = bind(jacobian_name, args, kwargs)
        return pack(op.jacobian(op.forward(*inputs, **options)[1]), Jacobians)

    call = f"{op.name.upper()}.example(np.random.default_rng(0))"
    forward.__doc__ = f"""The op ``{op.name}`` ({op.shapes}): the output of the record ``{op.name.upper()}``.

    >>> inputs, options = {call}
    >>> np.shape({op.name}(*inputs, **options)) == np.shape({op.name.upper()}.forward(*inputs, **options)[0])
    True
    """
    vjp.__doc__ = f"""Gᵀ J for ``{op.name}``: the upstream signal G (the output's shape) pulled back to
    {', '.join(wrt)}, each gradient shaped like its input{' (a named tuple)' if several else ''}.

    >>> inputs, options = {call}
    >>> G = np.ones(np.shape({op.name}(*inputs, **options)))
    >>> grads = {op.name}_vjp(G, *inputs, **options)
    >>> [np.shape(g) for g in {'grads' if several else '[grads]'}] == [np.shape(x) for x in inputs[:{op.grads}]]
    True
    """
    jvp.__doc__ = f"""J · T for ``{op.name}``: the output's tangent when the inputs {', '.join(wrt)} move along
    T ({'a tuple of tangents, one per input' if several else 'shaped like the input'}).

    >>> inputs, options = {call}
    >>> T = {'tuple(np.ones(np.shape(x)) for x in inputs[:%d])' % op.grads if several else 'np.ones(np.shape(inputs[0]))'}
    >>> np.shape({op.name}_jvp(T, *inputs, **options)) == np.shape({op.name}(*inputs, **options))
    True
    """
    jacobian.__doc__ = f"""The full Jacobian{'s' if several else ''} of ``{op.name}``, shape out.shape + input.shape{' each (a named tuple)' if several else ''}.

    >>> inputs, options = {call}
    >>> J = {jacobian_name}(*inputs, **options)
    >>> [np.shape(j) for j in {'J' if several else '[J]'}] == [np.shape({op.name}(*inputs, **options)) + np.shape(x) for x in inputs[:{op.grads}]]
    True
    """
    functions = {op.name: forward, f"{op.name}_vjp": vjp, f"{op.name}_jvp": jvp, jacobian_name: jacobian}
    for name, function in functions.items():
        function.__name__ = function.__qualname__ = name
        params = list(signature.parameters.values())
        if function is vjp:
            first = [inspect.Parameter("G", inspect.Parameter.POSITIONAL_OR_KEYWORD)]
            if op.kind in FROM_OUTPUT:
                params = [p.replace(default=None) for p in params] + [inspect.Parameter("A", inspect.Parameter.KEYWORD_ONLY, default=None)]
            params = first + params
        elif function is jvp:
            params = [inspect.Parameter("T", inspect.Parameter.POSITIONAL_OR_KEYWORD)] + params
        function.__signature__ = inspect.Signature(params)
    if several:
        fields = tuple(Gradients._fields)
        Gradients.__doc__ = f"""What ``{op.name}_vjp`` returns: one gradient per input, named {', '.join(fields)}.

    >>> inputs, options = {call}
    >>> {op.name}_vjp(np.ones(np.shape({op.name}(*inputs, **options))), *inputs, **options)._fields
    {fields!r}
    """
        Jacobians.__doc__ = f"""What ``{jacobian_name}`` returns: one full Jacobian per input, named {', '.join(fields)}.

    >>> inputs, options = {call}
    >>> {jacobian_name}(*inputs, **options)._fields
    {fields!r}
    """
        functions[Gradients.__name__], functions[Jacobians.__name__] = Gradients, Jacobians
    return functions
