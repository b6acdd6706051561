"""jacobian (reverse mode), numerical_jacobian (central differences) and flatten_jacobian."""

import numpy as np
import pytest

import backprop as bp
from backprop import Tensor, gradient_check, jacobian, numerical_jacobian


def test_jacobian_of_doubling_a_2x3_input():
    J = jacobian(lambda t: 2 * t, np.ones((2, 3)))
    assert J.shape == (2, 3, 2, 3)
    np.testing.assert_array_equal(J.reshape(6, 6), 2 * np.eye(6))
    for i, j, k, l in np.ndindex(J.shape):
        assert J[i, j, k, l] == (2.0 if (i, j) == (k, l) else 0.0)
    np.testing.assert_allclose(numerical_jacobian(lambda x: 2 * x, np.ones((2, 3))), J, rtol=1e-9)


def test_shape_convention_is_output_shape_then_input_shape():
    W = np.arange(24.0).reshape(4, 6)
    J = jacobian(lambda t: W @ t.reshape(6), np.ones((2, 3)))
    assert J.shape == (4, 2, 3)
    np.testing.assert_array_equal(J.reshape(4, 6), W)
    assert jacobian(lambda t: (t * t).sum(), np.array([1.0, 2.0])).shape == (2,)
    assert numerical_jacobian(lambda x: np.sum(x * x), np.array([1.0, 2.0])).shape == (2,)
    assert jacobian(lambda t: t * 3, 2.0).shape == ()
    assert numerical_jacobian(lambda x: x * 3, 2.0) == pytest.approx(3.0)


def test_jacobian_of_a_function_ignoring_its_input_is_zero():
    np.testing.assert_array_equal(jacobian(lambda t: Tensor(np.ones(2)), np.ones(3)), np.zeros((2, 3)))
    np.testing.assert_array_equal(jacobian(lambda t: 5.0, np.ones(3)), np.zeros(3))


def test_jacobian_does_not_touch_the_callers_array_or_leave_gradients():
    x = np.array([1.0, 2.0])
    seen = []
    jacobian(lambda t: seen.append(t) or t * t, x)
    np.testing.assert_array_equal(x, [1.0, 2.0])
    assert seen[0].grad is None


def test_jacobian_of_tanh_layer_is_sech2_times_w():
    rng = np.random.default_rng(0)
    W, b, x = rng.normal(size=(4, 3)), rng.normal(size=4), rng.normal(size=3)
    J = jacobian(lambda t: (Tensor(W) @ t + b).tanh(), x)
    z = W @ x + b
    np.testing.assert_allclose(J, (1 - np.tanh(z) ** 2)[:, None] * W, rtol=1e-12)


@pytest.mark.parametrize("eps", [0, -1e-6, 0.0, float("nan"), float("inf"), "small", None])
def test_eps_must_be_positive_and_finite(eps):
    with pytest.raises(ValueError, match=r"eps must be a positive finite number, got eps="):
        numerical_jacobian(np.sin, np.ones(2), eps=eps)
    w = np.ones(2)
    with pytest.raises(ValueError, match=r"eps="):
        gradient_check(lambda: float(w.sum()), {"w": w}, {"w": np.ones(2)}, eps=eps)


def test_non_finite_function_values_raise_floating_point_error_naming_where():
    with pytest.raises(FloatingPointError, match=r"f returned nan at output index \(1,\) when evaluated at x"):
        numerical_jacobian(lambda x: np.array([1.0, np.nan]) * x[0], np.ones(2))
    with pytest.raises(FloatingPointError, match=r"f returned inf at output index \(0,\) .* x\[0\] \+= eps"):
        numerical_jacobian(lambda x: np.where(x > 1.0, np.inf, x), np.ones(1))
    with pytest.raises(ValueError, match=r"numerical_jacobian: x contains 1 non-finite value\(s\); the first is inf at index \(1,\)"):
        numerical_jacobian(np.sin, np.array([1.0, np.inf]))


def test_flatten_jacobian_is_row_major():
    rng = np.random.default_rng(0)
    J = rng.normal(size=(2, 3, 4, 1))
    M = bp.flatten_jacobian(J, (2, 3), (4, 1))
    assert M.shape == (6, 4)
    for i in np.ndindex(2, 3):
        for j in np.ndindex(4, 1):
            assert M[np.ravel_multi_index(i, (2, 3)), np.ravel_multi_index(j, (4, 1))] == J[i + j]
    np.testing.assert_array_equal(M, J.reshape(6, 4))
    assert bp.flatten_jacobian(np.ones(3), (), (3,)).shape == (1, 3)  # a scalar output: one row


def test_flatten_jacobian_column_major_is_the_textbook_vec():
    rng = np.random.default_rng(1)
    A, X, B = rng.normal(size=(2, 3)), rng.normal(size=(3, 4)), rng.normal(size=(4, 5))
    J = bp.jacobian(lambda t: Tensor(A) @ t @ Tensor(B), X)  # shape (2, 5, 3, 4)
    np.testing.assert_allclose(bp.flatten_jacobian(J, (2, 5), (3, 4), order="F"), np.kron(B.T, A), rtol=1e-12)
    with pytest.raises(ValueError, match=r'order must be "C" \(row-major\) or "F".*got \'K\''):
        bp.flatten_jacobian(J, (2, 5), (3, 4), order="K")


def test_flatten_jacobian_of_linear_is_kron_identity_w():
    X, W = np.ones((2, 3)), np.arange(12.0).reshape(4, 3)
    dX = bp.linear_jacobians(X, W, np.zeros(4)).dX
    np.testing.assert_array_equal(bp.flatten_jacobian(dX, (2, 4), (2, 3)), np.kron(np.eye(2), W))


def test_flatten_jacobian_names_the_shapes():
    with pytest.raises(ValueError, match=r"J has shape \(2, 3\) but out_shape \(2,\) \+ in_shape \(2,\) is \(2, 2\)"):
        bp.flatten_jacobian(np.ones((2, 3)), (2,), (2,))
