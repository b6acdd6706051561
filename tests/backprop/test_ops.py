"""Every op's Jacobian against its VJP, central differences, and the Tensor engine; bad input."""

import numpy as np
import pytest

import backprop as bp
from backprop import Tensor, jacobian, numerical_jacobian


def _one_hot(rng, n, k):
    return np.eye(k)[rng.integers(0, k, n)]


def _probabilities(rng, n, k):
    P = rng.uniform(0.1, 1.0, (n, k))
    return P / P.sum(axis=1, keepdims=True)


# ---- the op test table: one line per op (and per option worth its own line) ----
# Inputs come from the record's ``example``; a line may override the options. Every test
# below runs on every line; a registered op missing here fails the last test of this block.

TABLE = [
    ("attention", {"causal": False}),
    ("attention", {"causal": True, "save": "logsumexp"}),
    ("cross_entropy", {}),
    ("identity", {}),
    ("layer_norm", {}),
    ("linear", {}),
    ("log_loss", {}),
    ("log_softmax", {}),
    ("mse", {}),
    ("relu", {}),
    ("self_attention", {"causal": False, "save": "logsumexp"}),
    ("sigmoid", {}),
    ("softmax", {}),
    ("softplus", {}),
    ("tanh", {}),
]
IDS = [name + "".join(f" {k}={v}" for k, v in options.items()) for name, options in TABLE]


def _case(line, seed):
    name, override = line
    op = bp.RECORDS[name]
    inputs, options = op.example(np.random.default_rng(seed))
    return op, [np.asarray(x, dtype=np.float64) for x in inputs], {**options, **override}


def _replace(inputs, k, value):
    return [value if i == k else x for i, x in enumerate(inputs)]


@pytest.fixture(params=[0, 1], ids=["seed0", "seed1"])
def seed(request):
    return request.param


@pytest.mark.parametrize("line", TABLE, ids=IDS)
def test_contracting_the_jacobian_gives_the_vjp_and_the_jvp(line, seed):
    op, inputs, options = _case(line, seed)
    out, saved = op.forward(*inputs, **options)
    rng = np.random.default_rng(seed + 10)
    G = rng.normal(size=np.shape(out))
    Js, grads = op.jacobian(saved), op.vjp(G, saved)
    tangents = [rng.normal(size=x.shape) for x in inputs[:op.grads]]
    assert len(Js) == len(grads) == op.grads
    for J, grad, x in zip(Js, grads, inputs):
        assert J.shape == np.shape(out) + x.shape and grad.shape == x.shape
        np.testing.assert_allclose(np.tensordot(G, J, axes=G.ndim), grad, rtol=1e-12, atol=1e-14)
    contracted = sum(np.tensordot(J, T, axes=T.ndim) for J, T in zip(Js, tangents))
    np.testing.assert_allclose(op.jvp(saved, *tangents), contracted, rtol=1e-12, atol=1e-14)


@pytest.mark.parametrize("line", TABLE, ids=IDS)
def test_jacobian_matches_central_differences(line, seed):
    op, inputs, options = _case(line, seed)
    for k, J in enumerate(op.jacobian(op.forward(*inputs, **options)[1])):
        numeric = numerical_jacobian(lambda v: op.forward(*_replace(inputs, k, v), **options)[0], inputs[k])
        np.testing.assert_allclose(J, numeric, rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("line", TABLE, ids=IDS)
def test_the_engine_form_computes_the_forward_and_both_modes_derive_the_jacobian(line, seed):
    # The engine (reverse mode) and Dual (forward mode) differentiate the record's engine form
    # with their own rules: the independent second derivation.
    op, inputs, options = _case(line, seed)
    out, saved = op.forward(*inputs, **options)
    np.testing.assert_allclose(op.engine(*[Tensor(x) for x in inputs], **options).data, out, rtol=1e-13, atol=1e-15)
    for k, J in enumerate(op.jacobian(saved)):
        constants = [Tensor(x) for x in inputs]
        engine = jacobian(lambda t: op.engine(*_replace(constants, k, t), **options), inputs[k])
        np.testing.assert_allclose(J, engine, rtol=1e-10, atol=1e-14)
        duals = [bp.Dual(x, 0.0) for x in inputs]  # constants: zero tangents
        forward_mode = bp.forward_jacobian(lambda d: op.engine(*_replace(duals, k, d), **options), inputs[k])
        np.testing.assert_allclose(J, forward_mode, rtol=1e-10, atol=1e-14)


@pytest.mark.parametrize("line", TABLE, ids=IDS)
def test_the_public_functions_are_the_records(line, seed):
    op, inputs, options = _case(line, seed)
    out, saved = op.forward(*inputs, **options)
    several = op.grads > 1
    public = vars(bp)
    np.testing.assert_array_equal(public[op.name](*inputs, **options), out)
    G = np.random.default_rng(seed).normal(size=np.shape(out))
    grads = public[f"{op.name}_vjp"](G, *inputs, **options)
    for got, want in zip(grads if several else [grads], op.vjp(G, saved)):
        np.testing.assert_array_equal(got, want)
    Js = public[f"{op.name}_jacobian" + ("s" if several else "")](*inputs, **options)
    for got, want in zip(Js if several else [Js], op.jacobian(saved)):
        np.testing.assert_array_equal(got, want)
    tangents = [np.ones(x.shape) for x in inputs[:op.grads]]
    np.testing.assert_array_equal(public[f"{op.name}_jvp"](tuple(tangents) if several else tangents[0], *inputs, **options),
                                  op.jvp(saved, *tangents))


def test_every_registered_op_has_a_line_in_the_table():
    assert sorted(bp.RECORDS) == sorted({name for name, _ in TABLE})


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


# ---- the registry ----

def test_the_registry_lists_each_name_once_under_its_records_name():
    assert all(name == op.name for name, op in {**bp.RECORDS, **bp.ACTIVATIONS, **bp.LOSSES}.items())
    assert all(op.kind == "elementwise" for op in bp.ACTIVATIONS.values())
    assert all(op.kind == "loss" for op in bp.LOSSES.values())
    assert bp.LOSSES["cross_entropy"].output_activation == "identity"
    assert bp.LOSSES["mse"].output_activation is None


def test_the_public_functions_call_their_record_in_the_registry_module(monkeypatch):
    # The mathematics lives in the record only: the generated wrappers close over it.
    from dataclasses import replace

    from backprop.ops import public

    wrong = replace(bp.SOFTMAX, vjp=lambda G, P, need=None: (-G,))
    functions = public.wrappers(wrong)
    Z = np.array([[0.5, -1.0]])
    np.testing.assert_array_equal(functions["softmax_vjp"](np.ones((1, 2)), Z), -np.ones((1, 2)))
