"""Sequential networks of any layers: the hand loop over the records' VJPs against the engine
and finite differences, and proof that the network runs the records."""

from dataclasses import replace

import numpy as np
import pytest

import backprop as bp
from backprop import gradient_check


def _nets():
    return {
        "norm mse": (bp.Sequential([bp.Linear(3, 5), bp.Tanh(), bp.LayerNorm(5), bp.Linear(5, 3)], loss="mse", seed=0), "mse"),
        "relu cross_entropy": (bp.Sequential([bp.Linear(3, 6), bp.ReLU(), bp.LayerNorm(6), bp.Linear(6, 4)],
                                             loss="cross_entropy", seed=1), "classes"),
        "self-attention classifier": (bp.Sequential([bp.SelfAttention(3, 4, causal=True), bp.LayerNorm(4), bp.Linear(4, 4)],
                                                    loss="cross_entropy", seed=3), "classes"),
        "softmax log_loss": (bp.Sequential([bp.Linear(3, 4), bp.Sigmoid(), bp.Linear(4, 4), bp.Softmax()],
                                           loss="log_loss", seed=2), "classes"),
    }


def _data(kind, n=6, k=4):
    rng = np.random.default_rng(3)
    X = rng.normal(size=(n, 3))
    return X, (rng.uniform(-0.9, 0.9, (n, 3)) if kind == "mse" else rng.integers(0, k, n))


@pytest.mark.parametrize("name", list(_nets()))
def test_hand_gradients_equal_the_engine_and_finite_differences(name):
    net, kind = _nets()[name]
    X, Y = _data(kind)
    hand, engine = net.gradients(X, Y), net.gradients(X, Y, method="engine")
    for h, e in zip(hand, engine):
        np.testing.assert_allclose(h, e, rtol=1e-11, atol=1e-14)
    params = {f"p{i}": p for i, p in enumerate(net.parameters())}
    checks = gradient_check(lambda: net.loss(X, Y), params, dict(zip(params, hand)))
    assert max(c.max_rel_error for c in checks) < 1e-6, checks


def test_a_wrong_layer_norm_vjp_changes_the_networks_gradients_and_not_the_engines(monkeypatch):
    net, kind = _nets()["norm mse"]
    X, Y = _data(kind)
    before, engine = net.gradients(X, Y), net.gradients(X, Y, method="engine")
    right = bp.RECORDS["layer_norm"].vjp
    monkeypatch.setitem(bp.RECORDS, "layer_norm", replace(bp.RECORDS["layer_norm"],
                        vjp=lambda G, saved, need=None: tuple(None if g is None else -g for g in right(G, saved, need))))
    after = net.gradients(X, Y)
    np.testing.assert_allclose(after[-1], before[-1])  # the last Linear is above the norm
    np.testing.assert_allclose(after[2], -before[2])  # gain
    assert not np.allclose(after[0], before[0])
    for e, again in zip(engine, net.gradients(X, Y, method="engine")):
        np.testing.assert_array_equal(e, again)


def test_training_lowers_the_loss_and_mlp_is_a_sequential():
    net, kind = _nets()["norm mse"]
    X, Y = _data(kind, n=32)
    losses = net.train(X, Y, lr=0.1, epochs=30, batch_size=8)
    assert losses[-1] < losses[0]
    mlp = bp.MLP([3, 5, 3], seed=4)
    twin = bp.Sequential([bp.Linear(3, 5), bp.Tanh(), bp.Linear(5, 3), bp.Tanh()], seed=4)
    for p, q in zip(mlp.parameters(), twin.parameters()):
        np.testing.assert_array_equal(p, q)  # the same draws, in the same order
    X, Y = _data("mse")
    for (dW, db), (tW, tb) in zip(mlp.gradients(X, Y), zip(*[iter(twin.gradients(X, Y))] * 2)):
        np.testing.assert_array_equal(dW, tW)
        np.testing.assert_array_equal(db, tb)


@pytest.mark.parametrize("layer", sorted(bp.ACTIVATION_LAYERS))
def test_every_activation_record_is_a_layer_whose_network_gradients_check(layer):
    # A new elementwise or row-wise op module brings its layer class: nothing else to write.
    net = bp.Sequential([bp.Linear(3, 4), bp.ACTIVATION_LAYERS[layer](), bp.Linear(4, 2)], seed=5)
    X, Y = np.random.default_rng(6).normal(size=(5, 3)), np.random.default_rng(7).normal(size=(5, 2))
    hand, engine = net.gradients(X, Y), net.gradients(X, Y, method="engine")
    for h, e in zip(hand, engine):
        np.testing.assert_allclose(h, e, rtol=1e-10, atol=1e-13)


@pytest.mark.parametrize("make, message", [
    (lambda: bp.Sequential([bp.Linear(3, 5), bp.Linear(4, 2)]), r"Linear\(4, 2\) takes 4 features but its input has 5"),
    (lambda: bp.Sequential([bp.Linear(3, 5), bp.LayerNorm(4)]), r"LayerNorm\(4\) normalizes 4 features but its input has 5"),
    (lambda: bp.Sequential([bp.Linear(3, 5)], loss="hinge"), r"loss must be one of .*got 'hinge'"),
    (lambda: bp.Sequential([bp.Tanh()]), r"needs a layer that fixes the input width"),
    (lambda: bp.Linear(0, 2), r"in_features must be a positive integer"),
])
def test_bad_networks_raise_value_errors(make, message):
    with pytest.raises(ValueError, match=message):
        make()
