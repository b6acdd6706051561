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


def test_every_op_has_its_three_public_functions():
    # forward, full Jacobian and VJP for every record behind a public op (linear's Jacobians
    # are plural: it has three inputs).
    for op in ("tanh", "sigmoid", "relu", "softmax", "log_softmax", "mse", "cross_entropy", "log_loss"):
        for name in (op, f"{op}_jacobian", f"{op}_vjp"):
            assert name in ops.__all__ and callable(getattr(backprop, name)), name
    assert {"linear", "linear_jacobians", "linear_vjp"} <= set(ops.__all__)
