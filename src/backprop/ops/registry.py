"""The registry: every op module in this package, found by ``pkgutil`` — no list typed by hand.

An op module ``ops/<name>.py`` defines the record ``<NAME>`` (``tanh.py`` defines ``TANH``).
``discover`` imports each, generates the record's public functions (``public.wrappers``) and
puts them into the op's own module too, where its doctests use them. Networks, forward mode,
the drawings and the reference card ask ``RECORDS`` (or ``ACTIVATIONS``, ``LOSSES``), whenever
they run, so a record replaced here (a test does that) is what runs next.

>>> {"tanh", "relu"} <= set(ACTIVATIONS), {"mse", "cross_entropy"} <= set(LOSSES)
(True, True)
>>> RECORDS["layer_norm"].inputs
('X', 'gain', 'bias')
"""

import importlib
import pkgutil

from . import public
from .op import Op

PACKAGE = __name__.rpartition(".")[0]
REQUIRED = ("forward", "vjp", "jvp", "jacobian", "engine", "check", "example", "inputs")
LATEX = ("forward", "jacobian", "vjp")
RECORDS, ACTIVATIONS, LOSSES, PUBLIC = {}, {}, {}, {}


def missing_fields(op):
    """What a record lacks of the protocol (``op.Op``) and of its LaTeX, by name.

    >>> from .op import record
    >>> @record
    ... class HALF:
    ...     def forward(Z): return Z / 2, None
    ...     def vjp(G, saved, need=None): return (G / 2,)
    >>> missing_fields(HALF)
    ['jvp', 'jacobian', 'engine', 'check', 'example', 'inputs', 'latex forward', 'latex jacobian', 'latex vjp']
    """
    return [f for f in REQUIRED if not getattr(op, f)] + [f"latex {f}" for f in LATEX if f not in op.latex]


def discover():
    """Find every op module, fill ``RECORDS`` (by name, sorted), ``ACTIVATIONS`` (the
    elementwise ops, which ``MLP`` takes by name), ``LOSSES`` and ``PUBLIC`` (every generated function and record by
    name), and return ``PUBLIC``.

    >>> "attention_vjp" in discover() and "SOFTMAX" in PUBLIC
    True
    """
    package = importlib.import_module(PACKAGE)
    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda i: i.name):
        module = importlib.import_module(f"{PACKAGE}.{info.name}")
        op = getattr(module, info.name.upper(), None)
        if not isinstance(op, Op):
            continue  # the machinery (op, public, registry), not an op
        missing = missing_fields(op)
        if missing:
            raise TypeError(f"ops/{info.name}.py: the record {info.name.upper()} lacks {', '.join(missing)} "
                            "(see docs/adding-an-op.md)")
        RECORDS[op.name] = op
        if op.kind == "elementwise":
            ACTIVATIONS[op.name] = op
        elif op.kind == "loss":
            LOSSES[op.name] = op
        functions = public.wrappers(op)
        tests = getattr(module, "__test__", {})
        for name, function in functions.items():
            setattr(module, name, function)  # the op's doctests call its public functions
            if callable(function) and function.__doc__ and ">>>" in function.__doc__:
                tests[name] = function.__doc__
        module.__test__ = tests  # doctest runs these strings with the module's globals
        PUBLIC[info.name.upper()] = op
        PUBLIC.update(functions)
        PUBLIC.update({name: getattr(module, name) for name in getattr(module, "__all__", [])})
    return PUBLIC


discover()
