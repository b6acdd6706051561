"""jacobian (reverse mode), numerical_jacobian (central differences) and gradient checking."""

import numpy as np
import pytest

from backprop import (
    MLP, Tensor, check_mlp_gradients, gradient_check, jacobian, max_error, numerical_jacobian,
)


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
    with pytest.raises(ValueError, match=r"x has 1 non-finite"):
        numerical_jacobian(np.sin, np.array([1.0, np.inf]))


def test_gradient_check_reports_tiny_errors_for_right_gradients_and_restores_params():
    rng = np.random.default_rng(0)
    W, x = rng.normal(size=(3, 4)), rng.normal(size=4)
    W_before = W.copy()

    def loss():
        return float(np.sum(np.tanh(W @ x) ** 2))

    t = np.tanh(W @ x)
    grads = {"W": np.outer(2 * t * (1 - t**2), x)}
    [check] = gradient_check(loss, {"W": W}, grads)
    assert check.name == "W" and check.shape == (3, 4)
    assert check.max_abs_error < 1e-8 and check.max_rel_error < 1e-6
    np.testing.assert_array_equal(W, W_before)


def test_gradient_check_catches_a_wrong_gradient():
    w = np.array([1.0, 2.0, 3.0])
    [check] = gradient_check(lambda: float(np.sum(w**2)), {"w": w}, {"w": np.array([2.0, 4.0, 5.0])})
    assert check.max_abs_error == pytest.approx(1.0, rel=1e-6)
    assert check.max_rel_error == pytest.approx(1.0 / 11.0, rel=1e-6)


def test_relative_error_of_a_correct_gradient_is_small_but_reported():
    w = np.array([0.3, -0.7, 1.5])
    [check] = gradient_check(lambda: float(np.sum(np.tanh(w))), {"w": w}, {"w": 1 - np.tanh(w) ** 2})
    assert 0.0 < check.max_rel_error < 1e-8


def test_relative_error_is_robust_on_tiny_entries():
    # Gradients of size 1e-12: finite differences of an O(1) loss carry about 1e-10 of
    # rounding noise here; below atol the ratio of two noises is not reported.
    w = np.array([0.3, -0.7])
    scale = 1e-12
    [check] = gradient_check(lambda: 1.0 + scale * float(np.sum(w**2)), {"w": w}, {"w": 2 * scale * w})
    assert check.max_abs_error < 1e-9
    assert check.max_rel_error == 0.0
    # Zero gradient, zero error: 0/0 is reported as 0.
    [check] = gradient_check(lambda: 1.0, {"w": w}, {"w": np.zeros(2)})
    assert check.max_rel_error == 0.0 and check.max_abs_error == 0.0


def test_gradient_check_input_errors():
    w = np.ones(2)
    with pytest.raises(ValueError, match=r"grads has no entry for 'w'"):
        gradient_check(lambda: 0.0, {"w": w}, {})
    with pytest.raises(ValueError, match=r"grads\['w'\] has shape \(3,\) but the parameter has shape \(2,\)"):
        gradient_check(lambda: 0.0, {"w": w}, {"w": np.ones(3)})
    with pytest.raises(ValueError, match=r"float64 ndarray"):
        gradient_check(lambda: 0.0, {"w": [1.0]}, {"w": [0.0]})
    with pytest.raises(FloatingPointError, match=r"the loss is nan with w\[0\] perturbed"):
        gradient_check(lambda: 0.0 if w[0] == 1.0 else float("nan"), {"w": w}, {"w": np.zeros(2)})
    np.testing.assert_array_equal(w, [1.0, 1.0])  # restored even after the error


def test_check_mlp_gradients_names_every_parameter():
    net = MLP([3, 4, 4, 2], seed=2)
    rng = np.random.default_rng(0)
    X, Y = rng.normal(size=(5, 3)), rng.normal(size=(5, 2))
    weights_before = [p.copy() for p in net.parameters()]
    checks = check_mlp_gradients(net, X, Y)
    assert [c.name for c in checks] == ["W1", "b1", "W2", "b2", "W3", "b3"]
    assert [c.shape for c in checks] == [(4, 3), (4,), (4, 4), (4,), (2, 4), (2,)]
    assert all(c.max_rel_error < 1e-6 for c in checks)
    for before, after in zip(weights_before, net.parameters()):
        np.testing.assert_array_equal(before, after)
    with pytest.raises(ValueError, match="eps=0"):
        check_mlp_gradients(net, X, Y, eps=0)


def test_max_error_compares_same_shapes_only():
    assert max_error(np.array([[1.0, -2.0]]), np.array([[1.5, -2.0]])) == 0.5
    assert max_error(np.zeros((0, 3)), np.zeros((0, 3))) == 0.0
    with pytest.raises(ValueError, match=r"a has shape \(4,\) but b has shape \(4, 1\)"):
        max_error(np.ones(4), np.ones((4, 1)))
