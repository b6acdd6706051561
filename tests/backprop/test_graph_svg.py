"""graph_svg: the computational graph drawn from the computed numbers, checked against the
engine and read back from the SVG text."""

import re
import xml.etree.ElementTree as ET

import numpy as np
import pytest

import backprop as bp
from backprop.svg import graph_signals, graph_svg

SVG = "{http://www.w3.org/2000/svg}"
PENCIL = bp.MLP.from_weights([([[1.0, 0.5], [0.5, -1.0]], [-1.0, 0.5]), ([[1.0, 1.0]], [0.0])])


def test_pencil_network_numbers_are_the_hand_computed_ones():
    values, signals = graph_signals(PENCIL, [1.0, 2.0], [0.5])
    np.testing.assert_array_equal(values["z1"], [1.0, -1.0])
    np.testing.assert_allclose(values["a1"], [np.tanh(1.0), -np.tanh(1.0)], rtol=1e-15)
    assert values["z2"][0] == 0.0 and values["L"] == 0.25
    np.testing.assert_array_equal(signals["a2"], [-1.0])  # 2 (0 − 0.5)
    np.testing.assert_array_equal(signals["z2"], [-1.0])  # times tanh'(0) = 1
    np.testing.assert_array_equal(signals["a1"], [-1.0, -1.0])
    np.testing.assert_allclose(signals["z1"], -(1 - np.tanh(1.0) ** 2) * np.ones(2), rtol=1e-15)


@pytest.mark.parametrize("sizes, activation", [([2, 2, 1], "tanh"), ([3, 4, 2], "relu"),
                                               ([2, 3, 3, 2], "sigmoid")])
def test_signals_are_the_engines_derivatives(sizes, activation):
    net = bp.MLP(sizes, activation=activation, seed=3)
    rng = np.random.default_rng(5)
    x, y = rng.normal(size=sizes[0]), rng.uniform(-0.5, 0.5, size=sizes[-1])
    values, signals = graph_signals(net, x, y)
    act = {"tanh": bp.Tensor.tanh, "relu": bp.Tensor.relu, "sigmoid": bp.Tensor.sigmoid}[activation]

    def loss_from(layer, kind):  # L as a function of z or a of one layer, run by the engine
        def f(t):
            a = act(t) if kind == "z" else t
            for W, b in [(lay.W, lay.b) for lay in net.layers][layer:]:
                a = act(a @ W.T + b)
            return ((a - y) ** 2).mean()
        return f

    for layer in range(1, len(sizes)):
        for kind in "za":
            expected = bp.jacobian(loss_from(layer, kind),
                                   values[f"{kind}{layer}"])
            np.testing.assert_allclose(signals[f"{kind}{layer}"], expected, rtol=1e-12, atol=1e-15)
    assert values["L"] == pytest.approx(net.loss(x.reshape(1, -1), y.reshape(1, -1)), rel=1e-15)


def texts(svg):
    root = ET.fromstring(svg)
    return root, ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]


def test_the_drawing_shows_every_value_and_signal_it_computed():
    svg = graph_svg(PENCIL, [1.0, 2.0], [0.5])
    root, labels = texts(svg)
    for expected in ["1", "2", "0.762", "−0.762", "−0.420", "−1", "0.25", "0.5",
                     "x₁", "x₂", "zh,1", "ah,2", "zout", "aout", "L", "y", "value", "signal"]:
        assert expected in labels, expected
    assert labels.count("−0.420") == 2 and labels.count("−1") == 5  # z_h,2 and four signals
    title = root.find(f"{SVG}title").text
    assert "2-2-1" in title and "0.25" in title and root.get("role") == "img"
    assert root.get("aria-label") == title


def test_text_is_readable_on_a_phone_and_signals_have_contrast():
    svg = graph_svg(PENCIL, [1.0, 2.0], [0.5])
    width = float(re.search(r'viewBox="0 0 ([\d.]+)', svg).group(1))
    sizes = [float(s) for s in re.findall(r'font-size="([\d.]+)"', svg)]
    assert min(sizes) * 358 / width >= 9  # a 390 px phone shows the figure 358 px wide

    def luminance(hex_colour):
        channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    for colour in set(re.findall(r'fill="(#[0-9a-f]{6})"', svg)) - {"#ffffff"}:
        assert 1.05 / (luminance(colour) + 0.05) >= 4.5, colour


def test_same_arguments_same_drawing():
    assert graph_svg(PENCIL, [1.0, 2.0], [0.5]) == graph_svg(PENCIL.copy(), np.array([1.0, 2.0]), 0.5)


def test_bad_input_is_named():
    with pytest.raises(ValueError, match=r"at most 4 units, got sizes \[2, 5, 1\]"):
        graph_svg(bp.MLP([2, 5, 1]), [1.0, 2.0], [0.5])
    with pytest.raises(ValueError, match=r"x has shape \(3,\); the network takes one sample of 2"):
        graph_svg(PENCIL, [1.0, 2.0, 3.0], [0.5])
    with pytest.raises(ValueError, match="squared error, got loss='cross_entropy'"):
        graph_signals(bp.MLP([2, 2, 2], loss="cross_entropy"), [1.0, 2.0], [0.5, 0.5])
    with pytest.raises(ValueError, match=r"x has shape \(2, 2\)"):
        graph_svg(PENCIL, np.ones((2, 2)), [0.5])


def test_graph_signals_for_an_identity_network():
    # Failed before: the VJP was looked up as ops.identity_vjp, which did not exist.
    import backprop as bp

    net = bp.MLP.from_weights([([[1.0, 0.5], [0.5, -1.0]], [-1.0, 0.5]), ([[1.0, 1.0]], [0.0])], activation="identity")
    values, signals = bp.graph_signals(net, [1.0, 2.0], [0.5])
    (dW1, db1), _ = net.gradients(np.array([[1.0, 2.0]]), np.array([[0.5]]), method="engine")
    np.testing.assert_allclose(signals["z1"], db1, rtol=1e-13)
    np.testing.assert_allclose(signals["a2"], 2 * (values["a2"] - 0.5), rtol=1e-13)


@pytest.mark.parametrize("activation", sorted(bp.ACTIVATIONS))
def test_every_activation_record_draws_with_signals_the_engine_confirms(activation):
    # A new elementwise op module is drawable at once: graph_signals runs the network's loop.
    net = bp.MLP.from_weights([([[1.0, 0.5], [0.5, -1.0]], [-0.5, 0.5]), ([[1.0, -1.0]], [0.2])], activation=activation)
    x, y = np.array([[0.7, 0.3]]), np.array([[0.5]])
    values, signals = bp.graph_signals(net, x[0], y[0])
    (_, db1), (_, db2) = net.gradients(x, y, method="engine")
    np.testing.assert_allclose(signals["z1"], db1, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(signals["z2"], db2, rtol=1e-12, atol=1e-15)
    assert bp.graph_svg(net, x[0], y[0]).count("<circle") == 10


def thick_wires(svg):
    root = ET.fromstring(svg)
    groups = [g for g in root.iter(f"{SVG}g") if g.get("stroke-width") == "4"]
    return [(float(w.get("x1")), float(w.get("y1")), float(w.get("x2")), float(w.get("y2")))
            for g in groups for w in g.iter(f"{SVG}line")]


@pytest.mark.parametrize("source", [0, 1])
def test_paths_from_an_input_are_exactly_the_wires_that_reach_the_loss_from_it(source):
    # Independent count: in a 2-2-1 net, input i's stub and its 2 fan-out wires, then every wire
    # below the inputs (2 z stubs, 2 z→a, 2 a stubs, 2 a→z_out, z_out's stub, z→a, a's stub,
    # a→L, L's stub): 3 + 13 = 16; nothing of the other input, the target's wire or the key.
    svg = graph_svg(PENCIL, [1.0, 2.0], [0.5], paths_from=source)
    thick = thick_wires(svg)
    assert len(thick) == 16 and len(set(thick)) == 16
    root = ET.fromstring(svg)
    circles = [(float(c.get("cx")), float(c.get("cy"))) for c in root.iter(f"{SVG}circle")]
    (own_x, input_y), (other_x, _) = circles[source], circles[1 - source]
    first_hidden_y = sorted({y for _, y in circles})[1]
    starts_at_inputs = [w for w in thick if w[1] < first_hidden_y]  # stub and fan-out
    assert len(starts_at_inputs) == 3 and all(w[0] == own_x for w in starts_at_inputs)
    loss_x, loss_y = next(c for c in circles if c[1] == max(y for _, y in circles))  # L (and y's)
    assert any(w[2] == loss_x and w[3] == loss_y - 24 for w in thick)  # a wire enters the loss


def test_notes_are_written_beside_the_loss_and_no_paths_means_no_thick_wires():
    notes = ["∂L/∂x₁ by path:", "−0.420 − 0.420", "= −0.840 <&>"]
    svg = graph_svg(PENCIL, [1.0, 2.0], [0.5], notes=notes)
    _, labels = texts(svg)  # parses: the note's <&> is escaped
    assert all(note in labels for note in notes)
    assert thick_wires(svg) == []
    with pytest.raises(ValueError, match="paths_from=2 names no input; the network has inputs 0 to 1"):
        graph_svg(PENCIL, [1.0, 2.0], [0.5], paths_from=2)
    with pytest.raises(ValueError, match="4 notes; at most 3 lines"):
        graph_svg(PENCIL, [1.0, 2.0], [0.5], notes=["a"] * 4)
