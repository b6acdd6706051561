"""gradient_check, check_mlp_gradients and max_error."""

import numpy as np
import pytest

from backprop import MLP, check_mlp_gradients, gradient_check, max_error


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
