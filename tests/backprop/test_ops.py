"""Every op's Jacobian against its VJP, central differences, and the Tensor engine; bad input."""

import numpy as np
import pytest

import backprop as bp
from backprop import Tensor, jacobian, numerical_jacobian


def _away_from_zero(Z):
    # relu has a kink at 0: keep finite differences (eps 1e-6) well clear of it.
    return np.sign(Z) * (np.abs(Z) + 0.1)


def _tensor_cross_entropy(Z, Y):
    shifted = Z - Z.data.max(axis=1, keepdims=True)
    log_softmax = shifted - shifted.exp().sum(axis=1, keepdims=True).log()
    return -(log_softmax * Y).sum() / Z.shape[0]


def _one_hot(rng, n, k):
    return np.eye(k)[rng.integers(0, k, n)]


def _probabilities(rng, n, k):
    P = rng.uniform(0.1, 1.0, (n, k))
    return P / P.sum(axis=1, keepdims=True)


# Each case: name -> (make inputs from an rng, indices of the inputs we differentiate,
# forward, Jacobians (one per differentiated input), VJPs (same order), the Tensor version).
CASES = {
    "linear": (
        lambda r: [r.normal(size=(4, 3)), r.normal(size=(2, 3)), r.normal(size=2)], (0, 1, 2),
        bp.linear, bp.linear_jacobians, lambda G, X, W, b: bp.linear_vjp(G, X, W),
        lambda X, W, b: X @ W.T + b,
    ),
    "tanh": (
        lambda r: [r.normal(size=(3, 4))], (0,),
        bp.tanh, lambda Z: [bp.tanh_jacobian(Z)], lambda G, Z: [bp.tanh_vjp(G, Z)],
        lambda Z: Z.tanh(),
    ),
    "tanh (from output)": (
        lambda r: [r.normal(size=(3, 4))], (0,),
        bp.tanh, lambda Z: [bp.tanh_jacobian(Z)], lambda G, Z: [bp.tanh_vjp(G, A=np.tanh(Z))],
        lambda Z: 1 - 2 / ((2 * Z).exp() + 1),
    ),
    "sigmoid": (
        lambda r: [r.normal(size=(3, 4))], (0,),
        bp.sigmoid, lambda Z: [bp.sigmoid_jacobian(Z)], lambda G, Z: [bp.sigmoid_vjp(G, Z)],
        lambda Z: 1 / (1 + (-Z).exp()),
    ),
    "sigmoid (from output)": (
        lambda r: [r.normal(size=(5,))], (0,),
        bp.sigmoid, lambda Z: [bp.sigmoid_jacobian(Z)], lambda G, Z: [bp.sigmoid_vjp(G, A=bp.sigmoid(Z))],
        lambda Z: Z.sigmoid(),
    ),
    "relu": (
        lambda r: [_away_from_zero(r.normal(size=(3, 4)))], (0,),
        bp.relu, lambda Z: [bp.relu_jacobian(Z)], lambda G, Z: [bp.relu_vjp(G, Z)],
        lambda Z: Z.relu(),
    ),
    "relu (from output)": (
        lambda r: [_away_from_zero(r.normal(size=(6,)))], (0,),
        bp.relu, lambda Z: [bp.relu_jacobian(Z)], lambda G, Z: [bp.relu_vjp(G, A=bp.relu(Z))],
        lambda Z: Z.relu(),
    ),
    "mse": (
        lambda r: [r.normal(size=(3, 2)), r.normal(size=(3, 2))], (0,),
        bp.mse, lambda A, Y: [bp.mse_jacobian(A, Y)], lambda g, A, Y: [bp.mse_vjp(g, A, Y)],
        lambda A, Y: ((A - Y) ** 2).mean(),
    ),
    "softmax_cross_entropy one-hot": (
        lambda r: [r.normal(size=(4, 3)), _one_hot(r, 4, 3)], (0,),
        bp.softmax_cross_entropy, lambda Z, Y: [bp.softmax_cross_entropy_jacobian(Z, Y)],
        lambda g, Z, Y: [bp.softmax_cross_entropy_vjp(g, Z, Y)], _tensor_cross_entropy,
    ),
    "softmax_cross_entropy probabilities": (
        lambda r: [r.normal(size=(2, 5)), _probabilities(r, 2, 5)], (0,),
        bp.softmax_cross_entropy, lambda Z, Y: [bp.softmax_cross_entropy_jacobian(Z, Y)],
        lambda g, Z, Y: [bp.softmax_cross_entropy_vjp(g, Z, Y)], _tensor_cross_entropy,
    ),
}


def _replace(inputs, k, value):
    return [value if i == k else x for i, x in enumerate(inputs)]


@pytest.fixture(params=[0, 1], ids=["seed0", "seed1"])
def rng(request):
    return np.random.default_rng(request.param)


@pytest.mark.parametrize("name", CASES)
def test_contracting_the_jacobian_gives_the_vjp(name, rng):
    make, wrt, forward, jacobians, vjps, _ = CASES[name]
    inputs = make(rng)
    G = rng.normal(size=np.shape(forward(*inputs)))
    Js, grads = list(jacobians(*inputs)), list(vjps(G, *inputs))
    assert len(Js) == len(grads) == len(wrt)
    for k, J, grad in zip(wrt, Js, grads):
        assert J.shape == np.shape(forward(*inputs)) + inputs[k].shape
        assert grad.shape == inputs[k].shape
        np.testing.assert_allclose(np.tensordot(G, J, axes=G.ndim), grad, rtol=1e-12, atol=1e-14)


@pytest.mark.parametrize("name", CASES)
def test_jacobian_matches_central_differences(name, rng):
    make, wrt, forward, jacobians, _, _ = CASES[name]
    inputs = make(rng)
    for k, J in zip(wrt, jacobians(*inputs)):
        numeric = numerical_jacobian(lambda v: forward(*_replace(inputs, k, v)), inputs[k], eps=1e-6)
        np.testing.assert_allclose(J, numeric, rtol=1e-6, atol=1e-9)


@pytest.mark.parametrize("name", CASES)
def test_jacobian_matches_the_engine(name, rng):
    make, wrt, _, jacobians, _, tensor_forward = CASES[name]
    inputs = make(rng)
    for k, J in zip(wrt, jacobians(*inputs)):
        others = [Tensor(x) for x in inputs]
        engine = jacobian(lambda t: tensor_forward(*_replace(others, k, t)), inputs[k])
        np.testing.assert_allclose(J, engine, rtol=1e-10, atol=1e-15)


def test_linear_jacobians_contracted_with_G():
    rng = np.random.default_rng(3)
    X, W, b, G = rng.normal(size=(5, 3)), rng.normal(size=(4, 3)), rng.normal(size=4), rng.normal(size=(5, 4))
    J = bp.linear_jacobians(X, W, b)
    assert (J.dX.shape, J.dW.shape, J.db.shape) == ((5, 4, 5, 3), (5, 4, 4, 3), (5, 4, 4))
    np.testing.assert_allclose(np.tensordot(G, J.dW, axes=2), G.T @ X, rtol=1e-13)
    np.testing.assert_allclose(np.tensordot(G, J.db, axes=2), G.sum(axis=0), rtol=1e-13)
    np.testing.assert_allclose(np.tensordot(G, J.dX, axes=2), G @ W, rtol=1e-13)
    # The delta structure, entry by entry.
    i, k, j, s = 1, 2, 3, 0
    assert J.dX[i, k, i, s] == W[k, s] and J.dX[i, k, j, s] == 0
    assert J.dW[i, k, k, s] == X[i, s] and J.dW[i, k, 0, s] == 0
    assert J.db[i, k, k] == 1 and J.db[i, k, 0] == 0
    np.testing.assert_allclose(bp.linear(X, W, b), X @ W.T + b)


def test_elementwise_jacobians_are_diagonal():
    Z = np.random.default_rng(0).normal(size=(2, 3))
    J = bp.tanh_jacobian(Z)
    assert J.shape == (2, 3, 2, 3)
    M = bp.flatten_jacobian(J, Z.shape, Z.shape)
    np.testing.assert_array_equal(M, np.diag(bp.sech2(Z).ravel()))


def test_sech2_is_one_minus_tanh_squared_and_the_derivative_of_tanh():
    z = np.linspace(-3, 3, 7)
    np.testing.assert_allclose(bp.sech2(z), 1 - np.tanh(z) ** 2)
    np.testing.assert_allclose(bp.sech2(z), 1 / np.cosh(z) ** 2, rtol=1e-12)


def test_relu_uses_subgradient_zero_at_zero():
    Z = np.array([-1.0, 0.0, 1.0])
    np.testing.assert_array_equal(bp.relu_vjp(np.ones(3), Z), [0.0, 0.0, 1.0])
    np.testing.assert_array_equal(bp.relu_jacobian(Z).diagonal(), [0.0, 0.0, 1.0])


def test_sigmoid_and_softmax_cross_entropy_are_stable_for_large_inputs():
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        np.testing.assert_allclose(bp.sigmoid(np.array([-1000.0, 0.0, 1000.0])), [0.0, 0.5, 1.0])
        assert np.isfinite(bp.softmax_cross_entropy(np.array([[1000.0, -1000.0]]), np.array([[0.0, 1.0]])))


def test_softmax_cross_entropy_jacobian_is_softmax_minus_targets_over_n():
    rng = np.random.default_rng(0)
    Z, Y = rng.normal(size=(4, 3)), _one_hot(rng, 4, 3)
    softmax = np.exp(Z) / np.exp(Z).sum(axis=1, keepdims=True)
    np.testing.assert_allclose(bp.softmax_cross_entropy_jacobian(Z, Y), (softmax - Y) / 4, rtol=1e-13)


def test_mse_means_over_all_entries():
    A, Y = np.arange(6.0).reshape(3, 2), np.zeros((3, 2))
    assert bp.mse(A, Y) == pytest.approx((A**2).sum() / 6)
    np.testing.assert_allclose(bp.mse_jacobian(A, Y), 2 * A / 6)


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: bp.linear(np.ones((4, 2)), np.ones((5, 3)), np.ones(5)),
         r"linear: X has shape \(4, 2\) but W has shape \(5, 3\); X needs 3 columns"),
        (lambda: bp.linear(np.ones((4, 3)), np.ones((5, 3)), np.ones(4)), r"b has shape \(4,\).*\(5, 3\)"),
        (lambda: bp.linear(np.ones(3), np.ones((5, 3)), np.ones(5)), r"X has shape \(3,\).*must be 2-D"),
        (lambda: bp.linear_jacobians(np.ones((4, 2)), np.ones((5, 3)), np.ones(5)), r"\(4, 2\).*\(5, 3\)"),
        (lambda: bp.linear_vjp(np.ones((4, 4)), np.ones((4, 3)), np.ones((5, 3))), r"G has shape \(4, 4\).*\(4, 5\)"),
        (lambda: bp.mse(np.ones((4, 1)), np.ones(4)), r"mse: A has shape \(4, 1\) but Y has shape \(4,\)"),
        (lambda: bp.tanh_vjp(np.ones(3), np.ones(4)), r"G has shape \(3,\) but Z has shape \(4,\)"),
        (lambda: bp.tanh_vjp(np.ones(3)), r"exactly one of Z .* and A"),
        (lambda: bp.sigmoid_vjp(np.ones((2, 1)), A=np.ones(2)), r"sigmoid_vjp: G has shape \(2, 1\) but A has shape \(2,\)"),
        (lambda: bp.relu_vjp(np.ones(2), np.ones(2), A=np.ones(2)), r"relu_vjp: pass exactly one of Z"),
        (lambda: bp.mse_vjp(1.0, np.ones((4, 1)), np.ones(4)), r"mse_vjp: A has shape \(4, 1\) but Y has shape \(4,\)"),
        (lambda: bp.mse_jacobian(np.ones(3), np.ones((1, 3))), r"mse_jacobian: A has shape \(3,\) but Y"),
        (lambda: bp.linear_vjp(np.ones((4, 5)), np.ones(3), np.ones((5, 3))), r"X has shape \(3,\).*both must be 2-D"),
        (lambda: bp.softmax_cross_entropy_vjp(1.0, np.ones(3), np.ones(3)), r"Z has shape \(3,\) but must be 2-D"),
        (lambda: bp.softmax_cross_entropy(np.ones((2, 3)), np.ones(2)), r"Y has shape \(2,\) but Z has shape \(2, 3\)"),
    ],
)
def test_bad_shapes_raise_value_errors_naming_them(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_elementwise_ops_take_plain_numbers():
    # matrix-calculus.md evaluates sech2 at a number before it turns to arrays.
    assert bp.sech2(0.5) == pytest.approx(1 - np.tanh(0.5) ** 2, rel=1e-15)
    for vjp, derivative in ((bp.tanh_vjp, bp.sech2(0.5)), (bp.sigmoid_vjp, 0.25 - (bp.sigmoid(0.5) - 0.5) ** 2),
                            (bp.relu_vjp, 1.0)):
        assert float(vjp(2.0, 0.5)) == pytest.approx(2 * derivative, rel=1e-14)
    assert bp.tanh_jacobian(0.0) == 1.0
