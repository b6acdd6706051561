"""Every public name of the package documents itself with an example that pytest runs
(``--doctest-modules`` collects them from src/)."""

import inspect

import pytest

import backprop
from backprop import ops

PUBLIC = sorted(
    {name: getattr(backprop, name) for name in backprop.__all__
     if inspect.isfunction(getattr(backprop, name)) or inspect.isclass(getattr(backprop, name))}.items()
)


@pytest.mark.parametrize("name, thing", PUBLIC, ids=[name for name, _ in PUBLIC])
def test_public_function_or_class_has_a_doctest_example(name, thing):
    assert ">>>" in (thing.__doc__ or ""), f"{name} has no docstring example"


def test_every_registered_op_has_its_public_functions():
    # Generated from each record found by the registry: forward, VJP, JVP and Jacobian(s).
    for name, op in ops.RECORDS.items():
        jacobian = f"{name}_jacobians" if op.grads > 1 else f"{name}_jacobian"
        for function in (name, f"{name}_vjp", f"{name}_jvp", jacobian):
            assert function in ops.__all__ and callable(getattr(backprop, function)), function
