"""Every op's Jacobian against its VJP, central differences, and the Tensor engine; bad input."""

import numpy as np
import pytest

import backprop as bp
from backprop import Tensor, jacobian, numerical_jacobian


def _away_from_zero(Z):
    # relu has a kink at 0: keep finite differences (eps 1e-6) well clear of it.
    return np.sign(Z) * (np.abs(Z) + 0.1)


# The engine's versions, written here from Tensor operations (not taken from the records'
# ``engine`` fields): no shift by the maximum, which the small test inputs do not need.
def _tensor_softmax(Z):
    E = Z.exp()
    return E / E.sum(axis=-1, keepdims=True)


def _tensor_log_softmax(Z):
    return Z - Z.exp().sum(axis=-1, keepdims=True).log()


def _tensor_cross_entropy(Z, Y):
    return -(_tensor_log_softmax(Z) * Y).sum() / Z.shape[0]


def _tensor_log_loss(P, Y):
    return -(P.log() * Y).sum() / P.shape[0]


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
    "identity": (
        lambda r: [r.normal(size=(3, 2))], (0,),
        bp.IDENTITY.forward, lambda Z: [bp.IDENTITY.jacobian(Z)], lambda G, Z: [bp.IDENTITY.vjp(G, Z)],
        lambda Z: Z,
    ),
    "softmax row": (
        lambda r: [r.normal(size=(4,))], (0,),
        bp.softmax, lambda Z: [bp.softmax_jacobian(Z)], lambda G, Z: [bp.softmax_vjp(G, Z)],
        _tensor_softmax,
    ),
    "softmax batch": (
        lambda r: [r.normal(size=(3, 4))], (0,),
        bp.softmax, lambda Z: [bp.softmax_jacobian(Z)], lambda G, Z: [bp.softmax_vjp(G, Z)],
        _tensor_softmax,
    ),
    "softmax (from output)": (
        lambda r: [r.normal(size=(2, 5))], (0,),
        bp.softmax, lambda Z: [bp.softmax_jacobian(Z)], lambda G, Z: [bp.softmax_vjp(G, A=bp.softmax(Z))],
        _tensor_softmax,
    ),
    "log_softmax row": (
        lambda r: [r.normal(size=(3,))], (0,),
        bp.log_softmax, lambda Z: [bp.log_softmax_jacobian(Z)], lambda G, Z: [bp.log_softmax_vjp(G, Z)],
        _tensor_log_softmax,
    ),
    "log_softmax batch (from output)": (
        lambda r: [r.normal(size=(4, 3))], (0,),
        bp.log_softmax, lambda Z: [bp.log_softmax_jacobian(Z)],
        lambda G, Z: [bp.log_softmax_vjp(G, A=bp.log_softmax(Z))], _tensor_log_softmax,
    ),
    "cross_entropy one-hot": (
        lambda r: [r.normal(size=(4, 3)), _one_hot(r, 4, 3)], (0,),
        bp.cross_entropy, lambda Z, Y: [bp.cross_entropy_jacobian(Z, Y)],
        lambda g, Z, Y: [bp.cross_entropy_vjp(g, Z, Y)], _tensor_cross_entropy,
    ),
    "cross_entropy probabilities": (
        lambda r: [r.normal(size=(2, 5)), _probabilities(r, 2, 5)], (0,),
        bp.cross_entropy, lambda Z, Y: [bp.cross_entropy_jacobian(Z, Y)],
        lambda g, Z, Y: [bp.cross_entropy_vjp(g, Z, Y)], _tensor_cross_entropy,
    ),
    "log_loss": (
        lambda r: [_probabilities(r, 3, 4), _probabilities(r, 3, 4)], (0,),
        bp.log_loss, lambda P, Y: [bp.log_loss_jacobian(P, Y)],
        lambda g, P, Y: [bp.log_loss_vjp(g, P, Y)], _tensor_log_loss,
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


def test_sigmoid_and_cross_entropy_are_stable_for_large_inputs():
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        np.testing.assert_allclose(bp.sigmoid(np.array([-1000.0, 0.0, 1000.0])), [0.0, 0.5, 1.0])
        assert bp.cross_entropy(np.array([[1000.0, -1000.0]]), np.array([[0.0, 1.0]])) == 2000.0
        np.testing.assert_allclose(bp.cross_entropy_jacobian(np.array([[1000.0, -1000.0]]), np.array([1])),
                                   [[1.0, -1.0]])


def test_cross_entropy_jacobian_is_softmax_minus_targets_over_n():
    rng = np.random.default_rng(0)
    Z, Y = rng.normal(size=(4, 3)), _one_hot(rng, 4, 3)
    softmax = np.exp(Z) / np.exp(Z).sum(axis=1, keepdims=True)
    np.testing.assert_allclose(bp.cross_entropy_jacobian(Z, Y), (softmax - Y) / 4, rtol=1e-13)


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
        (lambda: bp.cross_entropy_vjp(1.0, np.ones(3), np.ones(3)), r"cross_entropy_vjp: Z has shape \(3,\) but must be 2-D"),
        (lambda: bp.cross_entropy(np.ones((2, 3)), np.ones(3)),
         r"cross_entropy: Y has shape \(3,\) but Z has shape \(2, 3\); pass one-hot or probability rows of shape \(2, 3\) or integer class labels of shape \(2,\)"),
        (lambda: bp.cross_entropy(np.ones((2, 3)), np.ones(2)),
         r"cross_entropy: Y has shape \(2,\) and dtype float64: class labels of shape \(n,\) must be integers"),
        (lambda: bp.cross_entropy(np.ones((2, 3)), np.array([1, -1])),
         r"Y holds class labels, which must lie in 0..2 for 3 classes; Y\[1\] = -1"),
        (lambda: bp.cross_entropy_jacobian(np.ones((2, 3)), np.array([[1.0, 0.0, 0.0], [0.5, 0.0, 0.0]])),
         r"cross_entropy_jacobian: Y's rows must sum to 1 \(one-hot or probabilities\); row 1 sums to 0.5"),
        (lambda: bp.cross_entropy(np.ones((1, 2)), np.array([[1.5, -0.5]])),
         r"Y has a negative entry -0.5 at index \(0, 1\); rows must be probabilities"),
        (lambda: bp.cross_entropy(np.array([[np.inf, 0.0]]), np.array([0])),
         r"cross_entropy: Z contains 1 non-finite value\(s\); the first is inf at index \(0, 0\)"),
        (lambda: bp.softmax(np.ones((2, 2, 2))), r"softmax: Z has shape \(2, 2, 2\) but must be one row"),
        (lambda: bp.softmax(np.ones((2, 0))), r"softmax: Z has shape \(2, 0\)"),
        (lambda: bp.softmax_vjp(np.ones(3), np.ones(4)), r"softmax_vjp: G has shape \(3,\) but Z has shape \(4,\)"),
        (lambda: bp.log_softmax_vjp(np.ones((2, 3)), A=np.ones((3, 3))), r"log_softmax_vjp: G has shape \(2, 3\) but A"),
        (lambda: bp.log_loss(np.array([[1.5, -0.5]]), np.array([0])), r"log_loss: P must hold probabilities in \[0, 1\]"),
        (lambda: bp.log_loss_vjp(1.0, np.full((2, 2), 0.5), np.array([0, 2])), r"must lie in 0..1 for 2 classes; Y\[1\] = 2"),
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


# ---- softmax: the properties the posts state, and numerical stability ----

def test_softmax_jacobian_is_symmetric_with_rows_summing_to_zero_and_rank_k_minus_1():
    z = np.random.default_rng(5).normal(size=6)
    p = bp.softmax(z)
    J = bp.softmax_jacobian(z)
    np.testing.assert_allclose(J, np.diag(p) - np.outer(p, p), rtol=1e-14, atol=1e-17)
    np.testing.assert_array_equal(J, J.T)
    np.testing.assert_allclose(J.sum(axis=1), 0.0, atol=1e-16)  # adding c·1 to z changes nothing
    assert np.linalg.matrix_rank(J) == 5
    # The missing direction is 1: J 1 = 0, and every other direction moves p.
    np.testing.assert_allclose(J @ np.ones(6), 0.0, atol=1e-16)


def test_softmax_batch_jacobian_is_block_diagonal():
    Z = np.random.default_rng(6).normal(size=(3, 4))
    J = bp.softmax_jacobian(Z)
    assert J.shape == (3, 4, 3, 4)
    for i in range(3):
        for j in range(3):
            block = J[i, :, j, :]
            if i == j:
                np.testing.assert_array_equal(block, bp.softmax_jacobian(Z[i]))
            else:
                assert not block.any()


@pytest.mark.parametrize("shift", [-700.0, 3.0, 710.0, 1e6])
def test_softmax_ignores_a_constant_added_to_a_row(shift):
    Z = np.random.default_rng(7).normal(size=(2, 5))
    for f in (bp.softmax, bp.log_softmax, bp.softmax_jacobian):
        reference, moved = f(Z), f(Z + shift)
        assert np.all(np.isfinite(moved))
        np.testing.assert_allclose(moved, reference, rtol=1e-9, atol=1e-9 * (1 + abs(shift)) * 1e-6)
    Y = _one_hot(np.random.default_rng(8), 2, 5)
    np.testing.assert_allclose(bp.cross_entropy(Z + shift, Y), bp.cross_entropy(Z, Y), rtol=1e-9)


def test_naive_softmax_overflows_at_710_and_ours_does_not():
    z = np.array([710.0, 709.0, 0.0])
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        naive = np.exp(z) / np.exp(z).sum()
        naive_loss = -np.log(np.exp(z)[1] / np.exp(z).sum())
    assert not np.all(np.isfinite(naive)) and not np.isfinite(naive_loss)  # e^710 > 1.8 × 10³⁰⁸
    with np.errstate(over="raise", invalid="raise", divide="raise", under="ignore"):
        p = bp.softmax(z)
        loss = bp.cross_entropy(z[None, :], np.array([1]))
    np.testing.assert_allclose(p, [1 / (1 + np.exp(-1)), np.exp(-1) / (1 + np.exp(-1)), 0.0], rtol=1e-14, atol=1e-300)
    assert loss == pytest.approx(1 + np.log1p(np.exp(-1)), rel=1e-14)


def test_cross_entropy_is_log_loss_of_softmax_and_its_gradient_is_the_chain():
    rng = np.random.default_rng(9)
    Z, labels = rng.normal(size=(5, 4)), rng.integers(0, 4, 5)
    Y = np.eye(4)[labels]
    P = bp.softmax(Z)
    assert bp.cross_entropy(Z, labels) == pytest.approx(bp.log_loss(P, Y), rel=1e-13)
    # ∂L/∂P = −Y/(nP), pulled back through softmax, is (P − Y)/n: the famous simplification.
    chained = bp.softmax_vjp(bp.log_loss_jacobian(P, Y), A=P)
    np.testing.assert_allclose(chained, (P - Y) / 5, rtol=1e-12, atol=1e-16)
    np.testing.assert_allclose(bp.cross_entropy_jacobian(Z, labels), chained, rtol=1e-12, atol=1e-16)
    # Through log_softmax instead: ∂L/∂(log P) = −Y/n.
    np.testing.assert_allclose(bp.log_softmax_vjp(-Y / 5, Z), chained, rtol=1e-12, atol=1e-16)


def test_integer_labels_are_one_hot_rows():
    rng = np.random.default_rng(10)
    Z, labels = rng.normal(size=(6, 3)), np.array([0, 2, 1, 1, 0, 2], dtype=np.int32)
    one_hot = np.eye(3)[labels]
    assert bp.cross_entropy(Z, labels) == bp.cross_entropy(Z, one_hot)
    np.testing.assert_array_equal(bp.cross_entropy_vjp(0.5, Z, labels), bp.cross_entropy_vjp(0.5, Z, one_hot))
    assert bp.cross_entropy(Z, labels) == pytest.approx(-np.mean(bp.log_softmax(Z)[np.arange(6), labels]), rel=1e-14)


def test_log_loss_counts_only_the_targets_classes():
    P, Y = np.array([[0.5, 0.5, 0.0]]), np.array([[1.0, 0.0, 0.0]])
    with np.errstate(divide="raise", invalid="raise"):
        assert bp.log_loss(P, Y) == pytest.approx(np.log(2))
        np.testing.assert_array_equal(bp.log_loss_jacobian(P, Y), [[-2.0, 0.0, 0.0]])
    assert bp.log_loss(np.array([[0.0, 1.0]]), np.array([0])) == np.inf  # certain and wrong


# ---- the records: one per op, and what the MLP and the engine take from them ----

RECORDS = [bp.IDENTITY, bp.TANH, bp.SIGMOID, bp.RELU, bp.SOFTMAX, bp.LOG_SOFTMAX]


@pytest.mark.parametrize("record", RECORDS, ids=lambda r: r.name)
def test_each_records_engine_form_computes_its_forward(record):
    Z = _away_from_zero(np.random.default_rng(11).normal(size=(3, 4)))
    np.testing.assert_allclose(record.engine(Tensor(Z)).data, record.forward(Z), rtol=1e-14, atol=1e-300)
    engine = jacobian(record.engine, Z)
    np.testing.assert_allclose(record.jacobian(record.forward(Z)), engine, rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("record", [bp.MSE, bp.CROSS_ENTROPY, bp.LOG_LOSS], ids=lambda r: r.name)
def test_each_loss_records_engine_form_computes_its_forward(record):
    rng = np.random.default_rng(12)
    A, Y = _probabilities(rng, 4, 3), _probabilities(rng, 4, 3)
    assert float(record.engine(Tensor(A), Y).data) == pytest.approx(record.forward(A, Y), rel=1e-13)
    engine = jacobian(lambda t: record.engine(t, Y), A)
    np.testing.assert_allclose(record.jacobian(A, Y), engine, rtol=1e-12, atol=1e-15)


def test_the_registry_lists_each_name_once_under_its_records_name():
    assert all(name == op.name for name, op in {**bp.ACTIVATIONS, **bp.LOSSES}.items())
    assert sorted(bp.ACTIVATIONS) == ["identity", "relu", "sigmoid", "tanh"]
    assert sorted(bp.LOSSES) == ["cross_entropy", "mse"]
    assert bp.LOSSES["cross_entropy"].output_activation == "identity"
    assert bp.LOSSES["mse"].output_activation is None


def test_the_public_functions_call_their_record(monkeypatch):
    # The mathematics lives in the record only: replace the record and the public op follows.
    from dataclasses import replace

    from backprop.ops import activations, losses, rowwise

    Z = np.array([[0.5, -1.0]])
    monkeypatch.setattr(activations, "TANH", replace(bp.TANH, derivative=lambda A: np.full_like(A, 3.0)))
    assert bp.sech2(0.2) == 3.0
    monkeypatch.setattr(rowwise, "SOFTMAX", replace(bp.SOFTMAX, vjp=lambda G, P: -G))
    np.testing.assert_array_equal(bp.softmax_vjp(np.ones((1, 2)), Z), -np.ones((1, 2)))
    monkeypatch.setattr(losses, "CROSS_ENTROPY", replace(bp.CROSS_ENTROPY, vjp=lambda g, Z, Y: Y))
    np.testing.assert_array_equal(bp.cross_entropy_vjp(1.0, Z, np.array([1])), [[0.0, 1.0]])
