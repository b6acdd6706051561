"""Attention and layer normalization: the public API the posts use, masking, the two things
attention may save, and PyTorch float64 (optional: skipped without torch).

The op test table (test_ops.py) already checks both against their Jacobians, JVPs, central
differences and both modes of the engine; this file checks what is particular to them."""

import inspect

import numpy as np
import pytest

import backprop as bp


def _qkv(seed, n=5, m=5, d=4, dv=3):
    rng = np.random.default_rng(seed)
    return rng.normal(size=(n, d)), rng.normal(size=(m, d)), rng.normal(size=(m, dv)), rng.normal(size=(n, dv))


def test_the_public_signatures():
    assert str(inspect.signature(bp.layer_norm)) == "(X, gain, bias, eps=1e-05)"
    assert str(inspect.signature(bp.layer_norm_vjp)) == "(G, X, gain, bias, eps=1e-05)"
    assert str(inspect.signature(bp.attention)).startswith("(Q, K, V, causal=False")
    assert str(inspect.signature(bp.attention_vjp)).startswith("(G, Q, K, V, causal=False")
    Q, K, V, G = _qkv(0)
    dQ, dK, dV = bp.attention_vjp(G, Q, K, V, causal=True)
    dX, dgain, dbias = bp.layer_norm_vjp(G, V, np.ones(3), np.zeros(3))
    assert (dQ.shape, dK.shape, dV.shape, dX.shape, dgain.shape, dbias.shape) == (Q.shape, K.shape, V.shape, V.shape, (3,), (3,))


def test_attention_is_softmax_of_scaled_scores_times_values():
    Q, K, V, _ = _qkv(1, n=3, m=6)
    S = Q @ K.T / 2.0  # √d = 2
    np.testing.assert_allclose(bp.attention(Q, K, V), bp.softmax(S) @ V, rtol=1e-13)
    masked = np.where(np.tri(3, 6, dtype=bool), S, -np.inf)
    E = np.exp(masked - masked.max(axis=1, keepdims=True))
    np.testing.assert_allclose(bp.attention(Q, K, V, causal=True), E / E.sum(axis=1, keepdims=True) @ V, rtol=1e-13)


def test_causal_masking_never_makes_nan_and_masked_keys_get_no_gradient():
    Q, K, V, G = _qkv(2)
    Q *= 1e3  # scores of ±10⁶: e^S overflows without the shift
    with np.errstate(all="raise", under="ignore"):
        O = bp.attention(Q, K, V, causal=True)
        dQ, dK, dV = bp.attention_vjp(G, Q, K, V, causal=True)
        flash = bp.attention_vjp(G, Q, K, V, causal=True, save="logsumexp")
    assert all(np.all(np.isfinite(a)) for a in (O, dQ, dK, dV, *flash))
    np.testing.assert_array_equal(O[0], V[0])  # query 0 sees key 0 only
    # The last key is seen by the last query only: the others' signals do not reach it.
    G_first = G.copy()
    G_first[-1] = 0.0
    _, dK_first, dV_first = bp.attention_vjp(G_first, Q / 1e3, K, V, causal=True)
    np.testing.assert_array_equal(dK_first[-1], 0.0)
    np.testing.assert_array_equal(dV_first[-1], 0.0)


@pytest.mark.parametrize("causal", [False, True])
def test_saving_the_logsumexp_gives_the_same_gradients_and_keeps_n_numbers_instead_of_n_m(causal):
    Q, K, V, G = _qkv(3, n=6, m=7)
    full = bp.attention_vjp(G, Q, K, V, causal=causal, save="probabilities")
    flash = bp.attention_vjp(G, Q, K, V, causal=causal, save="logsumexp")
    for a, b in zip(full, flash):
        np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-15)
    kept = {s: bp.saved_bytes(bp.ATTENTION.forward(Q, K, V, causal=causal, save=s)[1]) for s in ("probabilities", "logsumexp")}
    inputs = Q.nbytes + K.nbytes + V.nbytes + 6 * 3 * 8  # and the output O, which both keep for ρ = rowsum(G ⊙ O)
    assert (kept["probabilities"] - inputs, kept["logsumexp"] - inputs) == (6 * 7 * 8, 6 * 8)


def test_the_softmax_identity_rowsum_dP_P_equals_rowsum_G_O():
    Q, K, V, G = _qkv(4)
    O, saved = bp.ATTENTION.forward(Q, K, V)
    dP = G @ V.T
    np.testing.assert_allclose((dP * saved.P).sum(1), (G * O).sum(1), rtol=1e-12)


def test_layer_norm_normalizes_each_row_and_its_gradient_ignores_shift_and_scale():
    rng = np.random.default_rng(5)
    X, gain, bias = rng.normal(size=(4, 6)), rng.normal(size=6), rng.normal(size=6)
    Xhat = bp.layer_norm(X, np.ones(6), np.zeros(6), eps=0.0 + 1e-12)
    np.testing.assert_allclose(Xhat.mean(1), 0.0, atol=1e-14)
    np.testing.assert_allclose(Xhat.var(1), 1.0, rtol=1e-9)
    np.testing.assert_allclose(bp.layer_norm(X, gain, bias, eps=1e-12), Xhat * gain + bias, rtol=1e-13, atol=1e-14)
    G = rng.normal(size=(4, 6))
    dX, _, _ = bp.layer_norm_vjp(G, X, gain, bias, eps=1e-12)
    # L does not change when a row is shifted or scaled: dX is orthogonal to 1 and to x − μ.
    np.testing.assert_allclose(dX.sum(1), 0.0, atol=1e-12)
    np.testing.assert_allclose((dX * (X - X.mean(1, keepdims=True))).sum(1), 0.0, atol=1e-11)


@pytest.mark.parametrize("call, message", [
    (lambda: bp.layer_norm(np.ones(3), np.ones(3), np.zeros(3)), r"layer_norm: X has shape \(3,\) but must be 2-D"),
    (lambda: bp.layer_norm(np.ones((2, 3)), np.ones(4), np.zeros(3)), r"gain has shape \(4,\) but X has shape \(2, 3\); gain needs shape \(3,\)"),
    (lambda: bp.layer_norm(np.ones((2, 3)), np.ones(3), np.zeros(3), eps=0), r"eps must be a positive number, got eps=0"),
    (lambda: bp.layer_norm_vjp(np.ones((2, 2)), np.ones((2, 3)), np.ones(3), np.zeros(3)), r"layer_norm_vjp: G has shape \(2, 2\) but the output of layer_norm has shape \(2, 3\)"),
    (lambda: bp.attention(np.ones((2, 3)), np.ones((4, 2)), np.ones((4, 1))), r"attention: Q has shape \(2, 3\) but K has shape \(4, 2\)"),
    (lambda: bp.attention(np.ones((2, 3)), np.ones((4, 3)), np.ones((5, 1))), r"K has shape \(4, 3\) but V has shape \(5, 1\); one value row per key"),
    (lambda: bp.attention_vjp(np.ones((2, 1)), np.ones((2, 3)), np.ones((4, 3)), np.ones((4, 1)), save="P"), r"save must be one of \('probabilities', 'logsumexp'\), got save='P'"),
    (lambda: bp.attention(np.ones((2, 3)), np.ones((4, 3)), np.ones((4, 1)), causal="yes"), r"causal must be True or False"),
    (lambda: bp.attention(np.full((2, 3), np.nan), np.ones((4, 3)), np.ones((4, 1))), r"attention: Q contains 6 non-finite"),
])
def test_bad_input_raises_value_errors_naming_shapes_and_values(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_finite_inputs_whose_results_overflow_raise_floating_point_errors():
    with np.errstate(over="ignore", invalid="ignore"):
        with pytest.raises(FloatingPointError, match=r"attention: the scores Q Kᵀ/√d overflow"):
            bp.attention(np.full((2, 2), 1e200), np.full((3, 2), 1e200), np.ones((3, 1)))
        with pytest.raises(FloatingPointError, match=r"layer_norm: a row's variance overflows"):
            bp.layer_norm(np.array([[1e200, -1e200]]), np.ones(2), np.zeros(2))


def test_against_pytorch_float64():
    torch = pytest.importorskip("torch")
    F = torch.nn.functional
    Q, K, V, G = _qkv(6, n=5, m=7, d=4, dv=3)
    for causal in (False, True):
        ts = [torch.tensor(a, requires_grad=True) for a in (Q, K, V)]
        out = F.scaled_dot_product_attention(*ts, is_causal=causal)
        out.backward(torch.tensor(G))
        np.testing.assert_allclose(bp.attention(Q, K, V, causal=causal), out.detach().numpy(), rtol=1e-9, atol=1e-12)
        for save in ("probabilities", "logsumexp"):
            for ours, theirs in zip(bp.attention_vjp(G, Q, K, V, causal=causal, save=save), ts):
                np.testing.assert_allclose(ours, theirs.grad.numpy(), rtol=1e-9, atol=1e-12)
    X, gain, bias = Q * 3 + 1, np.linspace(0.5, 2, 4), np.linspace(-1, 1, 4)
    ts = [torch.tensor(a, requires_grad=True) for a in (X, gain, bias)]
    out = F.layer_norm(ts[0], (4,), ts[1], ts[2], eps=1e-5)
    Gx = np.random.default_rng(7).normal(size=X.shape)
    out.backward(torch.tensor(Gx))
    np.testing.assert_allclose(bp.layer_norm(X, gain, bias), out.detach().numpy(), rtol=1e-9, atol=1e-12)
    for ours, theirs in zip(bp.layer_norm_vjp(Gx, X, gain, bias), ts):
        np.testing.assert_allclose(ours, theirs.grad.numpy(), rtol=1e-9, atol=1e-12)
