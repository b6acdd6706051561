"""The MLP: hand-derived gradients against the engine and finite differences, training, bad input."""

import re

import numpy as np
import pytest

from dataclasses import replace

from backprop import MLP, Trace, check_mlp_gradients, mse, nn, numerical_jacobian, ops
from backprop.ops import ACTIVATIONS, LOSSES, RECORDS


def _data(seed, n, sizes):
    rng = np.random.default_rng(seed)
    return rng.normal(size=(n, sizes[0])), rng.uniform(-0.9, 0.9, (n, sizes[-1]))


def _classes(seed, n, sizes):
    """Inputs and integer class labels (every class present when n allows)."""
    rng = np.random.default_rng(seed)
    return rng.normal(size=(n, sizes[0])), rng.permutation(np.arange(n) % sizes[-1])


@pytest.mark.parametrize("activation", ["tanh", "sigmoid", "relu"])
@pytest.mark.parametrize("n", [1, 4, 17])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_hand_gradients_equal_engine_and_finite_differences(activation, n, seed):
    sizes = [3, 5, 3] if seed != 2 else [4, 6, 5, 2]
    net = MLP(sizes, activation=activation, seed=seed)
    X, Y = _data(seed + 10, n, sizes)
    hand = net.gradients(X, Y, method="hand")
    engine = net.gradients(X, Y, method="engine")
    assert len(hand) == len(engine) == len(sizes) - 1
    for layer, (dW, db), (eW, eb) in zip(net.layers, hand, engine):
        assert dW.shape == layer.W.shape and db.shape == layer.b.shape
        np.testing.assert_allclose(dW, eW, rtol=1e-10, atol=1e-300)
        np.testing.assert_allclose(db, eb, rtol=1e-10, atol=1e-300)
    # Central differences, parameter by parameter, through a rebuilt network's loss.
    weights = [(layer.W, layer.b) for layer in net.layers]
    for l, (dW, db) in enumerate(hand):
        def loss_with(W=None, b=None):
            changed = [(W if W is not None and k == l else Wk, b if b is not None and k == l else bk)
                       for k, (Wk, bk) in enumerate(weights)]
            return MLP.from_weights(changed, activation=activation).loss(X, Y)

        numeric_W = numerical_jacobian(lambda W: loss_with(W=W), weights[l][0], eps=1e-6)
        numeric_b = numerical_jacobian(lambda b: loss_with(b=b), weights[l][1], eps=1e-6)
        np.testing.assert_allclose(dW, numeric_W, rtol=1e-6, atol=1e-9)
        np.testing.assert_allclose(db, numeric_b, rtol=1e-6, atol=1e-9)
    # The same through check_mlp_gradients, whose relative error counts every entry above
    # 1e-9, including small ones where central differences lose a few digits.
    for check in check_mlp_gradients(net, X, Y, eps=1e-6):
        assert check.max_abs_error < 1e-8 and check.max_rel_error < 1e-4, check


@pytest.mark.parametrize("activation", ["tanh", "sigmoid", "relu", "identity"])
@pytest.mark.parametrize("labels", [False, True], ids=["one-hot", "labels"])
@pytest.mark.parametrize("n", [1, 5, 12])
def test_cross_entropy_gradients_equal_engine_and_finite_differences(activation, labels, n):
    sizes = [4, 6, 3]
    net = MLP(sizes, activation=activation, loss="cross_entropy", seed=n)
    X, y = _classes(n, n, sizes)
    Y = y if labels else np.eye(3)[y]
    hand, engine = net.gradients(X, Y), net.gradients(X, Y, method="engine")
    for layer, (dW, db), (eW, eb) in zip(net.layers, hand, engine):
        assert dW.shape == layer.W.shape and db.shape == layer.b.shape
        np.testing.assert_allclose(dW, eW, rtol=1e-10, atol=1e-15)
        np.testing.assert_allclose(db, eb, rtol=1e-10, atol=1e-15)
    for check in check_mlp_gradients(net, X, Y, eps=1e-6):
        assert check.max_abs_error < 1e-8 and check.max_rel_error < 1e-4, check


def test_cross_entropy_gradients_with_probability_targets_and_a_deeper_network():
    rng = np.random.default_rng(3)
    net = MLP([5, 7, 6, 4], activation="sigmoid", loss="cross_entropy", seed=3)
    X, Y = rng.normal(size=(9, 5)), rng.dirichlet(np.ones(4), size=9)
    for (dW, db), (eW, eb) in zip(net.gradients(X, Y), net.gradients(X, Y, method="engine")):
        np.testing.assert_allclose(dW, eW, rtol=1e-10, atol=1e-15)
        np.testing.assert_allclose(db, eb, rtol=1e-10, atol=1e-15)
    for check in check_mlp_gradients(net, X, Y):
        assert check.max_abs_error < 1e-8 and check.max_rel_error < 1e-4, check


def test_cross_entropy_output_layer_is_linear_and_its_gradient_is_p_minus_y_over_n():
    net = MLP([3, 5, 4], activation="tanh", loss="cross_entropy", seed=5)
    X, y = _classes(5, 8, [3, 5, 4])
    t = net.trace(X)
    hidden, out = net.layers
    np.testing.assert_allclose(t.Z[1], t.A[1] @ out.W.T + out.b, rtol=1e-14)
    assert t.A[2] is t.Z[1]  # logits: no activation after the last layer
    np.testing.assert_array_equal(net.forward(X), t.Z[1])
    P = np.exp(t.Z[1]) / np.exp(t.Z[1]).sum(axis=1, keepdims=True)
    np.testing.assert_allclose(net.probabilities(X), P, rtol=1e-13)
    np.testing.assert_array_equal(net.predict(X), P.argmax(axis=1))
    assert net.predict(X).dtype.kind == "i"
    # The last layer's gradients from (P − Y)/n by hand.
    G = (P - np.eye(4)[y]) / 8
    [_, (dW, db)] = net.gradients(X, y)
    np.testing.assert_allclose(dW, G.T @ t.A[1], rtol=1e-12)
    np.testing.assert_allclose(db, G.sum(axis=0), rtol=1e-12, atol=1e-17)
    assert net.loss(X, y) == pytest.approx(-np.mean(np.log(P[np.arange(8), y])), rel=1e-13)


def test_a_classifier_learns_separable_classes_with_minibatches():
    rng = np.random.default_rng(0)
    centres = np.array([[2.0, 0.0], [-1.0, 1.7], [-1.0, -1.7]])
    y = rng.integers(0, 3, 300)
    X = centres[y] + 0.5 * rng.normal(size=(300, 2))
    net = MLP([2, 16, 3], activation="relu", loss="cross_entropy", seed=0)
    before = net.loss(X, y)
    losses = net.train(X, y, lr=0.2, epochs=30, batch_size=32, seed=1)
    assert losses[-1] < 0.2 * before
    assert np.mean(net.predict(X) == y) > 0.97
    # Labels and one-hot rows train identically.
    twin = MLP([2, 16, 3], activation="relu", loss="cross_entropy", seed=0)
    np.testing.assert_array_equal(twin.train(X, np.eye(3)[y], lr=0.2, epochs=30, batch_size=32, seed=1), losses)


def test_classifier_only_methods_and_bad_labels():
    regressor = MLP([3, 5, 3], seed=0)
    for method in (regressor.predict, regressor.probabilities):
        with pytest.raises(ValueError, match=r"needs a classifier, MLP\(..., loss='cross_entropy'\); this one has loss='mse'"):
            method(GOOD_X)
    net = MLP([3, 5, 3], loss="cross_entropy", seed=0)
    assert repr(net) == "MLP([3, 5, 3], activation='tanh', loss='cross_entropy')"
    assert net.copy().loss_name == "cross_entropy"
    cases = [
        (np.array([0, 1, 3, 2]), r"^Y holds class labels, which must lie in 0..2 for 3 classes; Y\[2\] = 3$"),
        (np.array([0.0, 1.0, 2.0, 1.0]), r"^Y has shape \(4,\) and dtype float64: class labels of shape \(n,\) must be integers"),
        (np.array([0, 1, 2]), r"^Y has shape \(3,\) but the network outputs \(4, 3\); pass one-hot or probability rows"),
        (np.full((4, 3), 0.5), r"^Y's rows must sum to 1 \(one-hot or probabilities\); row 0 sums to 1.5$"),
        (np.eye(3)[[0, 1, 2, 0]] * [[1], [1], [-1], [1]] + [[0], [0], [0], [0]],
         r"^Y has a negative entry -1.0 at index \(2, 2\); rows must be probabilities$"),
    ]
    for Y, message in cases:
        for call in (lambda: net.loss(GOOD_X, Y), lambda: net.gradients(GOOD_X, Y),
                     lambda: net.copy().step(GOOD_X, Y, 0.1), lambda: net.copy().train(GOOD_X, Y, epochs=1)):
            with pytest.raises(ValueError, match=message):
                call()


@pytest.mark.parametrize("activation", ["tanh", "sigmoid", "relu"])
def test_hand_gradients_are_the_ops_vjps_chained_over_the_trace(activation):
    # The derivation as the posts write it, with the public (checked) ops, against gradients.
    net = MLP([3, 5, 4, 2], activation=activation, seed=4)
    X, Y = _data(4, 6, [3, 5, 4, 2])
    vjp = {"tanh": ops.tanh_vjp, "sigmoid": ops.sigmoid_vjp, "relu": ops.relu_vjp}[activation]
    t = net.trace(X)
    G = ops.mse_vjp(1.0, t.A[-1], Y)
    expected = []
    for l in reversed(range(len(net.layers))):
        G = vjp(G, t.Z[l])
        G, dW, db = ops.linear_vjp(G, t.A[l], net.layers[l].W)
        expected.insert(0, (dW, db))
    for (dW, db), (eW, eb) in zip(net.gradients(X, Y), expected):
        np.testing.assert_allclose(dW, eW, rtol=1e-13, atol=1e-300)
        np.testing.assert_allclose(db, eb, rtol=1e-13, atol=1e-300)


# ---- the MLP runs the registry's records: replace one there and the gradients change ----

def _patched(monkeypatch, registry, name, **fields):
    monkeypatch.setitem(registry, name, replace(registry[name], **fields))


def _assert_scaled(after, before, factors):
    for factor, (dW, db), (bW, bb) in zip(factors, after, before):
        np.testing.assert_allclose(dW, factor * bW, rtol=1e-13, atol=1e-300)
        np.testing.assert_allclose(db, factor * bb, rtol=1e-13, atol=1e-300)


@pytest.mark.parametrize("loss", ["mse", "cross_entropy"])
def test_a_wrong_sign_in_the_registrys_loss_vjp_flips_every_gradient(loss, monkeypatch):
    net = MLP([3, 5, 4], loss=loss, seed=0)
    X, Y = _classes(0, 6, [3, 5, 4]) if loss == "cross_entropy" else _data(0, 6, [3, 5, 4])
    before, engine_before = net.gradients(X, Y), net.gradients(X, Y, method="engine")
    right = RECORDS[loss].vjp
    _patched(monkeypatch, RECORDS, loss, vjp=lambda g, saved, need=None: (-right(g, saved)[0],))
    _assert_scaled(net.gradients(X, Y), before, (-1, -1))
    # The engine derives its gradients on its own.
    _assert_scaled(net.gradients(X, Y, method="engine"), engine_before, (1, 1))


@pytest.mark.parametrize("loss", ["mse", "cross_entropy"])
def test_a_missing_one_over_n_in_the_registrys_loss_vjp_scales_every_gradient_by_n(loss, monkeypatch):
    net = MLP([3, 5, 4], loss=loss, seed=1)
    X, Y = _classes(1, 7, [3, 5, 4]) if loss == "cross_entropy" else _data(1, 7, [3, 5, 4])
    before = net.gradients(X, Y)
    right = RECORDS[loss].vjp
    _patched(monkeypatch, RECORDS, loss, vjp=lambda g, saved, need=None: (right(g, saved)[0] * 7,))
    _assert_scaled(net.gradients(X, Y), before, (7, 7))


@pytest.mark.parametrize("activation", ["tanh", "sigmoid", "relu"])
def test_the_registrys_activation_vjp_is_the_one_backpropagation_runs(activation, monkeypatch):
    # A doubled hidden-activation VJP doubles the first layer's gradients; with cross-entropy
    # the output layer has no activation, so the last layer's gradients stay as they were.
    net = MLP([3, 5, 4], activation=activation, loss="cross_entropy", seed=2)
    X, Y = _classes(2, 6, [3, 5, 4])
    before = net.gradients(X, Y)
    right = RECORDS[activation].vjp
    _patched(monkeypatch, RECORDS, activation, vjp=lambda G, A, need=None: (2 * right(G, A)[0],))
    _assert_scaled(net.gradients(X, Y), before, (2, 1))
    # With MSE the activation follows the output layer too: 2 and 2 · 2.
    mse_net = MLP([3, 5, 4], activation=activation, seed=2)
    monkeypatch.undo()
    X, Y = _data(2, 6, [3, 5, 4])
    before = mse_net.gradients(X, Y)
    _patched(monkeypatch, RECORDS, activation, vjp=lambda G, A, need=None: (2 * right(G, A)[0],))
    _assert_scaled(mse_net.gradients(X, Y), before, (4, 2))


def test_the_linear_records_vjp_is_the_one_backpropagation_runs(monkeypatch):
    net = MLP([3, 5, 2], seed=0)
    X, Y = _data(0, 4, [3, 5, 2])
    before = net.gradients(X, Y)
    right = RECORDS["linear"].vjp
    _patched(monkeypatch, RECORDS, "linear", vjp=lambda *a, **k: tuple(None if x is None else 2 * x for x in right(*a, **k)))
    _assert_scaled(net.gradients(X, Y), before, (4, 2))


def test_training_runs_the_registrys_vjps(monkeypatch):
    # step and train go through the same chain as gradients: a doubled loss VJP is a doubled lr.
    X, Y = _data(1, 8, [3, 4, 2])
    start = MLP([3, 4, 2], seed=1)
    plain, halved_lr = start.copy(), start.copy()
    plain.train(X, Y, lr=0.1, epochs=3)
    right = RECORDS["mse"].vjp
    _patched(monkeypatch, RECORDS, "mse", vjp=lambda g, saved, need=None: (2 * right(g, saved)[0],))
    doubled = start.copy()
    doubled.train(X, Y, lr=0.05, epochs=3)
    halved_lr.step(X, Y, lr=0.05)
    for p, q in zip(plain.parameters(), doubled.parameters()):
        np.testing.assert_allclose(p, q, rtol=1e-12)
    stepped = start.copy()
    monkeypatch.undo()
    stepped.step(X, Y, lr=0.1)
    for p, q in zip(stepped.parameters(), halved_lr.parameters()):
        np.testing.assert_allclose(p, q, rtol=1e-12)


def test_hand_gradients_against_an_explicit_formula():
    # One tanh layer: L = mean((tanh(X Wᵀ + b) − Y)²) → dZ = 2(A − Y)(1 − A²)/(n m).
    rng = np.random.default_rng(0)
    X, Y = rng.normal(size=(6, 3)), rng.normal(size=(6, 2))
    net = MLP([3, 2], seed=0)
    W, b = net.layers[0].W, net.layers[0].b
    A = np.tanh(X @ W.T + b)
    dZ = 2 * (A - Y) * (1 - A**2) / A.size
    [(dW, db)] = net.gradients(X, Y)
    np.testing.assert_allclose(dW, dZ.T @ X, rtol=1e-13)
    np.testing.assert_allclose(db, dZ.sum(axis=0), rtol=1e-13)


def test_trace_and_forward_and_loss():
    net = MLP([3, 5, 2], activation="sigmoid", seed=3)
    X, Y = _data(0, 4, [3, 5, 2])
    t = net.trace(X)
    assert isinstance(t, Trace) and len(t.Z) == 2 and len(t.A) == 3
    assert t.A[0] is not None and np.array_equal(t.A[0], X)
    for l, layer in enumerate(net.layers):
        np.testing.assert_allclose(t.Z[l], t.A[l] @ layer.W.T + layer.b, rtol=1e-14)
        np.testing.assert_allclose(t.A[l + 1], 1 / (1 + np.exp(-t.Z[l])), rtol=1e-14)
    np.testing.assert_array_equal(net.forward(X), t.A[-1])
    assert net.loss(X, Y) == pytest.approx(np.sum((t.A[-1] - Y) ** 2) / (4 * 2), rel=1e-14)
    assert net.loss(X, Y) == pytest.approx(mse(t.A[-1], Y), rel=1e-14)


def test_initialisation_is_seeded_and_pytorch_like():
    a, b, c = MLP([4, 3, 2], seed=5), MLP([4, 3, 2], seed=5), MLP([4, 3, 2], seed=6)
    for p, q in zip(a.parameters(), b.parameters()):
        np.testing.assert_array_equal(p, q)
    assert not np.array_equal(a.layers[0].W, c.layers[0].W)
    assert np.all(np.abs(a.layers[0].W) <= 1 / np.sqrt(4)) and np.all(np.abs(a.layers[1].W) <= 1 / np.sqrt(3))
    assert a.sizes == [4, 3, 2] and repr(a) == "MLP([4, 3, 2], activation='tanh', loss='mse')"
    assert all(p.dtype == np.float64 for p in a.parameters())


@pytest.mark.parametrize("activation", ["tanh", "sigmoid", "relu"])
def test_training_leaves_the_callers_data_alone(activation):
    net = MLP([3, 4, 2], activation=activation, seed=0)
    X, Y = _data(0, 8, [3, 4, 2])
    X_before, Y_before = X.copy(), Y.copy()
    net.forward(X), net.gradients(X, Y), net.step(X, Y, 0.1), net.train(X, Y, epochs=2, batch_size=3)
    np.testing.assert_array_equal(X, X_before)
    np.testing.assert_array_equal(Y, Y_before)


def test_parameters_are_the_arrays_themselves():
    net = MLP([2, 3, 1])
    W1, b1, W2, b2 = net.parameters()
    assert W1 is net.layers[0].W and b2 is net.layers[1].b
    W1 -= 1.0
    np.testing.assert_array_equal(net.layers[0].W, W1)


def test_from_weights_and_copy():
    W1, b1, W2, b2 = np.ones((2, 3)), np.zeros(2), np.ones((1, 2)), np.zeros(1)
    net = MLP.from_weights([(W1, b1), (W2, b2)], activation="relu")
    assert net.sizes == [3, 2, 1] and net.activation == "relu"
    np.testing.assert_array_equal(net.forward(np.ones((1, 3))), [[6.0]])
    net.layers[0].W[:] = 0.0
    assert W1[0, 0] == 1.0  # the caller's arrays were copied
    twin = net.copy()
    twin.layers[1].W[:] = 5.0
    assert net.layers[1].W[0, 0] == 1.0
    with pytest.raises(ValueError, match=r"layer 2: W has shape \(1, 3\) but layer 1 outputs 2 features"):
        MLP.from_weights([(W1, b1), (np.ones((1, 3)), b2)])
    with pytest.raises(ValueError, match=r"layer 1: W has shape \(2, 3\) and b has shape \(3,\)"):
        MLP.from_weights([(W1, np.zeros(3))])


def test_step_returns_the_loss_before_the_step_and_lowers_it():
    net = MLP([3, 5, 3], seed=0)
    X, Y = _data(1, 8, [3, 5, 3])
    before = net.loss(X, Y)
    assert net.step(X, Y, lr=0.1) == pytest.approx(before, rel=1e-14)
    assert net.loss(X, Y) < before
    # The engine path takes the same step.
    a, b = MLP([3, 5, 3], seed=0), MLP([3, 5, 3], seed=0)
    a.step(X, Y, 0.3)
    b.step(X, Y, 0.3, method="engine")
    for p, q in zip(a.parameters(), b.parameters()):
        np.testing.assert_allclose(p, q, rtol=1e-12)


def test_training_lowers_the_loss_on_a_seeded_task():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(64, 3))
    Y = np.tanh(X @ rng.normal(size=(3, 2)) * 0.5)
    net = MLP([3, 8, 2], seed=0)
    losses = net.train(X, Y, lr=0.5, epochs=200)
    assert losses.shape == (200,)
    assert losses[-1] < 0.2 * losses[0]
    assert np.all(np.diff(losses) <= 1e-12)  # full batch, small steps: monotone here
    assert losses[-1] == pytest.approx(net.loss(X, Y), rel=1e-14)


@pytest.mark.parametrize("batch_size", [None, 1, 10, 64, 1000])
def test_training_is_deterministic_for_a_seed(batch_size):
    X, Y = _data(0, 50, [3, 4, 2])
    runs = []
    for _ in range(2):
        net = MLP([3, 4, 2], seed=3)
        runs.append((net.train(X, Y, lr=0.2, epochs=15, batch_size=batch_size, seed=7), net.parameters()))
    np.testing.assert_array_equal(runs[0][0], runs[1][0])
    for p, q in zip(runs[0][1], runs[1][1]):
        np.testing.assert_array_equal(p, q)


def test_minibatches_shuffle_with_the_seed_and_learn():
    X, Y = _data(0, 50, [3, 4, 2])
    start = MLP([3, 4, 2], seed=3)
    a, b, full = start.copy(), start.copy(), start.copy()
    la = a.train(X, Y, lr=0.2, epochs=15, batch_size=8, seed=1)
    lb = b.train(X, Y, lr=0.2, epochs=15, batch_size=8, seed=2)
    lf = full.train(X, Y, lr=0.2, epochs=15)
    assert not np.array_equal(la, lb) and not np.array_equal(la, lf)
    assert la[-1] < start.loss(X, Y) and la[-1] < lf[-1]  # 7 steps per epoch beat 1
    assert len(start.train(X, Y, epochs=0)) == 0


# ---- bad input: ValueError / FloatingPointError with the shapes or values in the message ----

NET = MLP([3, 5, 3], seed=0)
GOOD_X, GOOD_Y = np.ones((4, 3)), np.zeros((4, 3))


@pytest.mark.parametrize("call", ["forward", "loss", "gradients", "step", "train", "trace"])
def test_wrong_number_of_columns_in_x(call):
    args = {"forward": (np.ones((4, 2)),), "trace": (np.ones((4, 2)),)}.get(call, (np.ones((4, 2)), GOOD_Y))
    kwargs = {"lr": 0.1} if call == "step" else {}
    with pytest.raises(ValueError, match=r"^X has shape \(4, 2\) but the first layer takes 3 features$"):
        getattr(NET, call)(*args, **kwargs)


def test_x_must_be_2d():
    with pytest.raises(ValueError, match=r"X has shape \(3,\) but must be 2-D .*pass X\[None, :\] for a single sample"):
        NET.forward(np.ones(3))
    with pytest.raises(ValueError, match=r"X has shape \(\) but must be 2-D"):
        NET.forward(1.0)
    with pytest.raises(ValueError, match=r"X has shape \(0, 3\): it holds no samples"):
        NET.forward(np.ones((0, 3)))


@pytest.mark.parametrize("Y_shape", [(4,), (4, 1), (3, 3), (4, 3, 1), (12,)])
def test_y_must_match_the_output_shape_exactly(Y_shape):
    message = rf"^Y has shape {Y_shape}".replace("(", r"\(").replace(")", r"\)") + r" but the network outputs \(4, 3\)"
    for call in (lambda Y: NET.loss(GOOD_X, Y), lambda Y: NET.gradients(GOOD_X, Y),
                 lambda Y: NET.step(GOOD_X, Y, 0.1), lambda Y: NET.train(GOOD_X, Y, epochs=1)):
        with pytest.raises(ValueError, match=message):
            call(np.zeros(Y_shape))


def test_a_1d_target_is_not_broadcast_against_a_single_output():
    net = MLP([2, 1])
    with pytest.raises(ValueError, match=r"Y has shape \(5,\) but the network outputs \(5, 1\)"):
        net.loss(np.ones((5, 2)), np.zeros(5))


def test_non_finite_inputs_name_count_and_position():
    X = np.ones((4, 3))
    X[1, 2], X[3, 0] = np.nan, np.inf
    with pytest.raises(ValueError, match=r"X contains 2 non-finite value\(s\); the first is nan at index \(1, 2\)"):
        NET.step(X, GOOD_Y, lr=0.1)
    Y = np.zeros((4, 3))
    Y[0, 1] = -np.inf
    with pytest.raises(ValueError, match=r"Y contains 1 non-finite value\(s\); the first is -inf at index \(0, 1\)"):
        NET.train(GOOD_X, Y)
    # Huge but finite values are fine (their sum overflows; the entries do not).
    NET.loss(np.full((2, 3), 1e308), np.zeros((2, 3)))


def test_a_diverging_loss_raises_floating_point_error_with_epoch_and_value():
    rng = np.random.default_rng(0)
    X, Y = rng.normal(size=(16, 3)), 3 * rng.normal(size=(16, 2))
    net = MLP([3, 5, 2], activation="relu", seed=0)
    with pytest.raises(FloatingPointError, match=r"loss became inf at epoch 1, step 1 \(lr=1e\+200\)"):
        net.train(X, Y, lr=1e200, epochs=10)
    net = MLP([3, 5, 2], activation="relu", seed=0)
    with pytest.raises(FloatingPointError, match=r"loss became inf at epoch 1, step 2 "):
        net.train(X, Y, lr=1e200, epochs=10, batch_size=8)
    net = MLP([3, 5, 2], seed=0)
    net.layers[0].W[0, 0] = np.nan
    with pytest.raises(FloatingPointError, match=r"step: the loss is nan"):
        net.step(X, Y, lr=0.1)


@pytest.mark.parametrize("lr", [0, -0.1, float("nan"), float("inf"), "0.1"])
def test_learning_rate_must_be_positive_and_finite(lr):
    with pytest.raises(ValueError, match=r"lr must be a positive finite number, got lr="):
        NET.copy().step(GOOD_X, GOOD_Y, lr=lr)


def test_other_argument_errors():
    with pytest.raises(ValueError, match=re.escape(f"activation must be one of {sorted(ACTIVATIONS)}, got 'gelu'")):
        MLP([3, 2], activation="gelu")
    with pytest.raises(ValueError, match=re.escape(f"loss must be one of {sorted(LOSSES)}, got 'hinge'")):
        MLP([3, 2], loss="hinge")
    with pytest.raises(ValueError, match=r"loss must be one of .*got 'softmax_cross_entropy'"):
        MLP.from_weights([(np.ones((2, 3)), np.zeros(2))], loss="softmax_cross_entropy")
    with pytest.raises(ValueError, match=r"sizes must list at least two positive integers.*\[3\]"):
        MLP([3])
    with pytest.raises(ValueError, match=r"sizes .*\[3, 0, 2\]"):
        MLP([3, 0, 2])
    with pytest.raises(ValueError, match=r"method must be 'hand' or 'engine', got 'torch'"):
        NET.gradients(GOOD_X, GOOD_Y, method="torch")
    with pytest.raises(ValueError, match=r"batch_size must be an integer >= 1, got batch_size=0"):
        NET.copy().train(GOOD_X, GOOD_Y, batch_size=0)
    with pytest.raises(ValueError, match=r"epochs must be an integer >= 0, got epochs=-1"):
        NET.copy().train(GOOD_X, GOOD_Y, epochs=-1)
    with pytest.raises(ValueError, match=r"epochs must be an integer >= 0, got epochs=2.5"):
        NET.copy().train(GOOD_X, GOOD_Y, epochs=2.5)
