"""Forward mode: jvp and forward_jacobian against finite differences and the reverse-mode engine."""

import numpy as np
import pytest

import backprop as bp
from backprop.forward import Dual, forward_jacobian, jvp

rng = np.random.default_rng(16)
W, b = rng.normal(size=(4, 3)), rng.normal(size=4)
X, Y = rng.normal(size=(5, 3)), rng.uniform(-0.9, 0.9, size=(5, 4))

# Each function is written once and run three ways: over Duals (forward mode), over Tensors
# (the reverse-mode engine) and over plain numpy arrays (finite differences), since both
# classes and numpy spell the operations alike. (np.tanh on a Dual would not work, hence
# the small wrappers.)
FUNCTIONS = {
    "layer": (lambda t, np_: np_.tanh(t @ W.T + b), rng.normal(size=(2, 3))),
    "loss of weights": (lambda t, np_: ((np_.tanh(X @ t.T + b) - Y) ** 2).mean(), W),
    "every op": (
        lambda t, np_: (np_.log(np_.exp(np_.sigmoid(t.T @ X)) + 1.0) / (9.0 - np_.relu(t).sum())
                        - t.reshape(15).mean() * 3 + (1 / (t * t + 1)).sum(axis=0)).T,
        rng.normal(size=(5, 3)) * 0.3,
    ),
    "scalar input": (lambda t, np_: np_.tanh(t * np.array([1.0, -2.0, 0.5])), 0.5),
}


class _Numpy:
    """numpy's spelling of the methods the Dual and Tensor classes offer."""

    tanh, exp, log = staticmethod(np.tanh), staticmethod(np.exp), staticmethod(np.log)

    @staticmethod
    def sigmoid(x):
        return 1.0 / (1.0 + np.exp(-x))

    @staticmethod
    def relu(x):
        return np.maximum(x, 0.0)


class _Methods:
    """The same functions as methods, for Dual and Tensor."""

    @staticmethod
    def tanh(t):
        return t.tanh()

    @staticmethod
    def exp(t):
        return t.exp()

    @staticmethod
    def log(t):
        return t.log()

    @staticmethod
    def sigmoid(t):
        return t.sigmoid()

    @staticmethod
    def relu(t):
        return t.relu()


@pytest.mark.parametrize("name", FUNCTIONS)
def test_jvp_matches_finite_differences_and_the_engine_in_every_direction(name):
    f, x = FUNCTIONS[name]
    x = np.asarray(x, dtype=np.float64)
    J_engine = bp.jacobian(lambda t: f(t, _Methods), x)
    J_fd = bp.numerical_jacobian(lambda v: f(v, _Numpy), x)
    for _ in range(3):
        v = rng.normal(size=x.shape)
        value, derivative = jvp(lambda t: f(t, _Methods), x, v)
        np.testing.assert_allclose(value, f(x, _Numpy), rtol=1e-13)
        along = np.tensordot(J_engine, v, axes=v.ndim)  # J·v from the reverse-mode Jacobian
        np.testing.assert_allclose(derivative, along, rtol=1e-12, atol=1e-14)
        np.testing.assert_allclose(derivative, np.tensordot(J_fd, v, axes=v.ndim), rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("name", FUNCTIONS)
def test_forward_jacobian_is_the_engines_jacobian(name):
    f, x = FUNCTIONS[name]
    J = forward_jacobian(lambda t: f(t, _Methods), x)
    np.testing.assert_allclose(J, bp.jacobian(lambda t: f(t, _Methods), x), rtol=1e-12, atol=1e-14)


def test_a_jvp_along_a_basis_vector_is_one_column():
    v = np.zeros(3)
    v[1] = 1.0
    _, column = jvp(lambda t: t @ W.T, np.ones(3), v)
    np.testing.assert_array_equal(column, W[:, 1])


def test_jvp_is_linear_in_the_direction():
    f = FUNCTIONS["loss of weights"][0]
    u, v = rng.normal(size=W.shape), rng.normal(size=W.shape)
    d = lambda direction: jvp(lambda t: f(t, _Methods), W, direction)[1]
    np.testing.assert_allclose(d(2 * u - 3 * v), 2 * d(u) - 3 * d(v), rtol=1e-12)


def test_a_function_that_ignores_its_input_has_derivative_zero():
    value, derivative = jvp(lambda t: np.ones(2), np.ones(3), np.ones(3))
    np.testing.assert_array_equal(value, np.ones(2))
    np.testing.assert_array_equal(derivative, np.zeros(2))


def test_jvp_leaves_the_callers_arrays_alone():
    x, v = np.array([1.0, 2.0]), np.array([0.5, 0.5])
    jvp(lambda t: t * t, x, v)
    np.testing.assert_array_equal(x, [1.0, 2.0])
    np.testing.assert_array_equal(v, [0.5, 0.5])


def test_bad_input_names_the_shapes_or_values():
    with pytest.raises(ValueError, match=r"direction v has shape \(2,\) but x has shape \(3,\)"):
        jvp(lambda t: t, np.ones(3), np.ones(2))
    with pytest.raises(ValueError, match="jvp: x contains 1 non-finite"):
        jvp(lambda t: t, np.array([1.0, np.nan]), np.ones(2))
    with pytest.raises(ValueError, match=r"shapes \(2, 3\) and \(2, 3\) are not aligned"):
        jvp(lambda t: t @ np.ones((2, 3)), np.ones((2, 3)), np.ones((2, 3)))
    with pytest.raises(ValueError, match=r"shapes \(2, 3\) and \(2,\) are not aligned"):
        jvp(lambda t: np.ones((2, 3)) @ t, np.ones(2), np.ones(2))
    with pytest.raises(ValueError, match=r"tangent has shape \(2,\) but the value has shape \(3,\)"):
        Dual(np.ones(3), np.ones(2))
    with pytest.raises(TypeError, match="exponent must be a Python number"):
        Dual(1.0, 1.0) ** Dual(2.0, 0.0)


def test_relu_slope_at_zero_is_zero_in_both_modes():
    x = np.array([0.0, 1.0])
    np.testing.assert_array_equal(forward_jacobian(lambda t: t.relu(), x),
                                  bp.jacobian(lambda t: t.relu(), x))


def test_jvp_runs_the_records_engine_forms_max_included():
    # Failed before: Dual had no max, which softmax's engine form uses for its shift.
    z, v = np.array([[1.0, 2.0, 0.5], [3.0, 3.0, -1.0]]), np.array([[1.0, 0.0, -2.0], [0.5, 0.5, 1.0]])
    value, tangent = bp.jvp(bp.SOFTMAX.engine, z, v)
    np.testing.assert_allclose(value, bp.softmax(z), rtol=1e-14)
    np.testing.assert_allclose(tangent, bp.softmax_jvp(v, z), rtol=1e-12)
    np.testing.assert_allclose(tangent, np.tensordot(bp.softmax_jacobian(z), v, axes=2), rtol=1e-12)
