"""A deterministic SVG drawing of a fully connected network (the posts' nn.svg).

Dark ink on a transparent background, as the posts' matplotlib figures (posts/matplotlibrc):
the site's dark theme shows SVG figures inverted with their hues turned back, so one drawing
meets 4.5:1 contrast on both pages.
"""

from html import escape
from pathlib import Path

import numpy as np

from .ops.registry import RECORDS

_SUPERSCRIPTS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
_SUBSCRIPT = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
_FILLS = {"input": "#1f77b4", "hidden": "#bc4c00", "output": "#1a7f37"}  # posts/matplotlibrc palette
_LINE, _TEXT = "#57606a", "#24292f"  # 6.4:1 and 14.7:1 on white
_COLUMN_GAP, _ROW_GAP, _RADIUS, _MARGIN, _CAPTION = 170, 46, 15, 60, 44


def default_labels(sizes):
    """Captions "Input ∈ ℝ³", "Hidden ∈ ℝ⁵" (numbered when there are several), "Output ∈ ℝ³".

    >>> default_labels([3, 5, 4, 2])
    ['Input ∈ ℝ³', 'Hidden 1 ∈ ℝ⁵', 'Hidden 2 ∈ ℝ⁴', 'Output ∈ ℝ²']
    """
    hidden = len(sizes) - 2
    middle = ["Hidden"] if hidden == 1 else [f"Hidden {k}" for k in range(1, hidden + 1)]
    names = ["Input"] + middle + ["Output"]
    return [f"{name} ∈ ℝ{str(size).translate(_SUPERSCRIPTS)}" for name, size in zip(names, sizes)]


def network_svg(sizes=(3, 5, 3), labels=None):
    """An SVG document (a string ending in a newline) drawing a fully connected network.

    One circle per neuron, one line per connection, a caption under each column. The same
    arguments always give the same text.

    >>> svg = network_svg([3, 5, 3])
    >>> svg.count("<line"), svg.count("<circle"), "Hidden ∈ ℝ⁵" in svg
    (30, 11, True)
    """
    sizes = list(sizes)
    if len(sizes) < 2 or not all(isinstance(s, int) and s > 0 for s in sizes):
        raise ValueError(f"sizes must list at least two positive integers, got {sizes!r}")
    labels = default_labels(sizes) if labels is None else list(labels)
    if len(labels) != len(sizes):
        raise ValueError(f"got {len(labels)} labels for {len(sizes)} layers")

    tallest = max(sizes)
    width = 2 * _MARGIN + (len(sizes) - 1) * _COLUMN_GAP
    height = 2 * _RADIUS + (tallest - 1) * _ROW_GAP + _CAPTION + 20

    def centre(layer, i):  # each column centred vertically on the tallest one
        offset = (tallest - sizes[layer]) * _ROW_GAP / 2
        return _MARGIN + layer * _COLUMN_GAP, 20 + _RADIUS + offset + i * _ROW_GAP

    description = "A fully connected neural network with layer sizes " + ", ".join(map(str, sizes))
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="{escape(description)}">',
        f"<title>{escape(description)}</title>",
        f'<g stroke="{_LINE}" stroke-width="1.2" stroke-opacity="0.8">',
    ]
    for layer in range(len(sizes) - 1):  # lines first, so the circles cover their ends
        for i in range(sizes[layer]):
            for j in range(sizes[layer + 1]):
                (x1, y1), (x2, y2) = centre(layer, i), centre(layer + 1, j)
                out.append(f'<line x1="{x1:g}" y1="{y1:g}" x2="{x2:g}" y2="{y2:g}"/>')
    out.append("</g>")
    for layer, size in enumerate(sizes):
        kind = "input" if layer == 0 else "output" if layer == len(sizes) - 1 else "hidden"
        out.append(f'<g fill="{_FILLS[kind]}">')
        for i in range(size):
            x, y = centre(layer, i)
            out.append(f'<circle cx="{x:g}" cy="{y:g}" r="{_RADIUS}"/>')
        out.append("</g>")
    out.append(f'<g fill="{_TEXT}" font-family="system-ui, sans-serif" font-size="16" '
               'text-anchor="middle">')
    for layer, label in enumerate(labels):
        out.append(f'<text x="{centre(layer, 0)[0]:g}" y="{height - 14}">{escape(label)}</text>')
    out.append("</g>")
    out.append("</svg>")
    return "\n".join(out) + "\n"


def write_network_svg(path, sizes=(3, 5, 3), labels=None):
    """Write ``network_svg(sizes, labels)`` to ``path`` (UTF-8, "\\n" line ends); returns the Path.

    The posts' picture: ``write_network_svg("images/matrix-calculus/nn.svg", [3, 5, 3])``.

    >>> import tempfile, os
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = write_network_svg(os.path.join(folder, "nn.svg"))
    ...     path.read_text(encoding="utf-8") == network_svg()
    True
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(network_svg(sizes, labels), encoding="utf-8", newline="\n")
    return path


# ---- the computational graph of one sample through a small network ----

_SIGNAL = "#bc4c00"  # backward signals: 5.0:1 on white, the hidden units' hue in nn.svg
_GRAPH_FONT, _GRAPH_SUB = 18, 14  # user units; at 390 px the figure is about 0.8 of its size
_GRAPH_COLUMN, _GRAPH_ROW, _GRAPH_NODE = 190, 110, 24


def _rounded(value, precision):
    # Exact short values as they are (1, −1, 0.25); others to `precision` decimals (−0.420).
    value = float(value)
    text = f"{value:.{precision}f}"
    if float(text) == value:
        text = text.rstrip("0").rstrip(".")
    text = "0" if text.lstrip("-") in ("", "0") or float(text) == 0 else text
    return text.replace("-", "\u2212")


def graph_signals(net, x, y):
    """The numbers the graph drawing shows, for one sample ``x`` with target ``y``.

    Returns ``(values, signals)``: ``values`` maps each variable's name (``"x"``, then
    ``"z1"``, ``"a1"``, ``"z2"``, ``"a2"``, ... one pair per layer, and ``"L"``) to its
    forward value, a 1-D array (L a float); ``signals`` maps the same names but ``"x"`` to
    ∂L/∂(variable), from the ops' VJPs chained backwards from ∂L/∂L = 1.

    >>> from backprop import MLP
    >>> net = MLP.from_weights([([[1.0, 0.5], [0.5, -1.0]], [-1.0, 0.5]), ([[1.0, 1.0]], [0.0])])
    >>> values, signals = graph_signals(net, [1.0, 2.0], [0.5])
    >>> values["z1"], float(values["L"]), signals["a2"], signals["a1"]
    (array([ 1., -1.]), 0.25, array([-1.]), array([-1., -1.]))
    """
    from .sequential import backward  # the network's own backward loop, over its records' VJPs

    if getattr(net, "loss_name", "mse") != "mse":
        raise ValueError(f"graph_signals draws a network trained on the squared error, "
                         f"got loss={net.loss_name!r}")
    X = np.asarray(x, dtype=np.float64).reshape(1, -1)
    Y = np.asarray(y, dtype=np.float64).reshape(1, -1)
    X, Y = net._check_data(X, Y)
    out, saved = net.run(X)
    loss = RECORDS["mse"]
    value, kept = loss.forward(out, Y)
    G = loss.vjp(1.0, kept)[0]
    _, signals_in = backward(net._layers, saved, G)
    outs = net.outputs(X)
    values, signals = {"x": X[0]}, {"L": 1.0}
    # layers alternate linear, activation: outputs z1, a1, z2, a2, ...; the signal of each
    # output is the next layer's input signal (and the loss's for the last).
    after = signals_in[1:] + [G]
    for k, (out_k, signal) in enumerate(zip(outs, after)):
        name = f"{'za'[k % 2]}{k // 2 + 1}"
        values[name], signals[name] = out_k[0], signal[0]
    values["L"] = float(value)
    return values, signals


def graph_svg(net, x, y, precision=3, paths_from=None, notes=()):
    """An SVG document drawing one sample's computational graph through ``net`` (top to
    bottom: inputs, then each layer's pre-activation z and activation a, then the loss L),
    with every wire labelled by the value it carries forward (left, in ink) and the signal
    ∂L/∂(value) it carries backward (right, in the accent colour), as ``graph_signals``
    computes them. Sizes up to 4 units per layer; one sample.

    ``paths_from=i`` draws thick, in the accent colour, every wire on a path from input
    ``i`` (0 for x₁) to the loss: the wires whose local derivatives the chain rule sums over
    when it computes ∂L/∂xᵢ. ``notes`` are up to three short lines written beside the loss.

    >>> from backprop import MLP
    >>> net = MLP.from_weights([([[1.0, 0.5], [0.5, -1.0]], [-1.0, 0.5]), ([[1.0, 1.0]], [0.0])])
    >>> svg = graph_svg(net, [1.0, 2.0], [0.5])
    >>> svg.count("<circle"), "0.762" in svg, "\u22120.42" in svg, "<title>" in svg
    (10, True, True, True)
    >>> marked = graph_svg(net, [1.0, 2.0], [0.5], paths_from=0, notes=["two paths"])
    >>> marked.count('stroke-width="4"'), "two paths" in marked
    (1, True)
    """
    sizes = net.sizes
    if max(sizes) > 4:
        raise ValueError(f"graph_svg draws layers of at most 4 units, got sizes {sizes}")
    if paths_from is not None and paths_from not in range(sizes[0]):
        raise ValueError(f"graph_svg: paths_from={paths_from!r} names no input; "
                         f"the network has inputs 0 to {sizes[0] - 1}")
    notes = [str(note) for note in notes]
    if len(notes) > 3:
        raise ValueError(f"graph_svg: {len(notes)} notes; at most 3 lines fit beside the loss")
    X = np.asarray(x, dtype=np.float64)
    if X.size != sizes[0] or X.ndim > 1 and X.shape[0] != 1:
        raise ValueError(f"graph_svg: x has shape {X.shape}; the network takes one sample of {sizes[0]} features")
    values, signals = graph_signals(net, x, y)
    target = np.asarray(y, dtype=np.float64).reshape(-1)
    number = lambda v: _rounded(v, precision)

    # Rows of nodes: x, then z and a of each layer, then L; columns centred on the widest.
    rows = [("x", sizes[0])]
    for layer, size in enumerate(sizes[1:], start=1):
        rows += [(f"z{layer}", size), (f"a{layer}", size)]
    rows.append(("L", 1))
    widest = max(sizes)
    width = widest * _GRAPH_COLUMN + 60
    height = len(rows) * _GRAPH_ROW + 60
    last = len(sizes) - 1

    def centre(row, i):
        count = rows[row][1]
        return width / 2 + (i - (count - 1) / 2) * _GRAPH_COLUMN, 40 + row * _GRAPH_ROW

    def name(row, i):  # x₁ · z with subscript h,1 or out · L (tspans, readable sizes)
        kind, count = rows[row]
        if kind in ("x", "L"):
            return escape(kind) + (str(i + 1).translate(_SUBSCRIPT) if kind == "x" else "")
        layer = int(kind[1:])
        where = "out" if layer == last else ("h" if last == 2 else f"h{layer}")
        index = f",{i + 1}" if count > 1 else ""
        return (f'{kind[0]}<tspan font-size="{_GRAPH_SUB}" dy="5">{where}{index}</tspan>')

    description = (
        f"The computational graph of one sample through a {'-'.join(map(str, sizes))} network: "
        "each wire is labelled with the value it carries forward and, in the accent colour, "
        f"the derivative of the loss with respect to that value; the loss is {number(values['L'])}."
    )
    wires, labels, nodes, on_paths = [], [], [], []
    stub = _GRAPH_ROW / 2  # each node's value leaves on a short vertical wire, then fans out
    for row, (kind, count) in enumerate(rows):
        for i in range(count):
            cx, cy = centre(row, i)
            nodes.append(f'<circle cx="{cx:g}" cy="{cy:g}" r="{_GRAPH_NODE}"/>')
            labels.append(f'<text x="{cx:g}" y="{cy + 6:g}" text-anchor="middle">{name(row, i)}</text>')
            top, bottom = cy + _GRAPH_NODE, cy + stub
            value = values[kind] if kind == "L" else values[kind][i]
            signal = signals.get(kind)
            signal = None if signal is None else (signal if kind == "L" else signal[i])
            # Layers are dense, so below the inputs every wire lies on a path from each input.
            on_path = paths_from is not None and (row > 0 or i == paths_from)
            wires_before = len(wires)
            wires.append(f'<line x1="{cx:g}" y1="{top:g}" x2="{cx:g}" y2="{bottom:g}"/>')
            middle = (top + bottom) / 2 + 6
            labels.append(f'<text x="{cx - 8:g}" y="{middle:g}" text-anchor="end">{number(value)}</text>')
            if signal is not None:
                labels.append(f'<text x="{cx + 8:g}" y="{middle:g}" fill="{_SIGNAL}">{number(signal)}</text>')
            if row + 1 < len(rows):  # fan out to the next row: every unit (z) or its own (a)
                targets = range(rows[row + 1][1]) if kind[0] in "xa" else [i]
                for j in targets:
                    tx, ty = centre(row + 1, j)
                    wires.append(f'<line x1="{cx:g}" y1="{bottom:g}" x2="{tx:g}" y2="{ty - _GRAPH_NODE:g}"/>')
            if on_path:
                on_paths += wires[wires_before:]
    # the target enters the loss from the side
    lx, ly = centre(len(rows) - 1, 0)
    tx = lx + _GRAPH_COLUMN * 0.75
    wires.append(f'<line x1="{tx - _GRAPH_NODE:g}" y1="{ly:g}" x2="{lx + _GRAPH_NODE:g}" y2="{ly:g}"/>')
    nodes.append(f'<circle cx="{tx:g}" cy="{ly:g}" r="{_GRAPH_NODE}"/>')
    labels.append(f'<text x="{tx:g}" y="{ly + 6:g}" text-anchor="middle">y</text>')
    target_text = ", ".join(map(number, target))
    labels.append(f'<text x="{tx:g}" y="{ly - _GRAPH_NODE - 8:g}" text-anchor="middle">{target_text}</text>')
    # the key: a wire like the others, its two sides named
    kx, ky = width - 100, ly + _GRAPH_ROW * 0.6
    wires.append(f'<line x1="{kx:g}" y1="{ky - 20:g}" x2="{kx:g}" y2="{ky + 20:g}"/>')
    labels.append(f'<text x="{kx - 8:g}" y="{ky - 4:g}" text-anchor="end">value</text>')
    labels.append(f'<text x="{kx + 8:g}" y="{ky + 18:g}" fill="{_SIGNAL}">signal</text>')
    for row, note in enumerate(notes):  # left of the loss, level with it
        labels.append(f'<text x="16" y="{ly - 35 + 25 * row:g}" fill="{_SIGNAL}">{escape(note)}</text>')

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:g} {height:g}" '
        f'width="{width:g}" height="{height:g}" role="img" aria-label="{escape(description)}">',
        f"<title>{escape(description)}</title>",
        f'<g stroke="{_LINE}" stroke-width="1.5" fill="none">', *wires, "</g>",
        *([f'<g stroke="{_SIGNAL}" stroke-width="4">', *on_paths, "</g>"] if on_paths else []),
        f'<g fill="#ffffff" fill-opacity="0" stroke="{_TEXT}" stroke-width="1.5">', *nodes, "</g>",
        f'<g fill="{_TEXT}" font-family="system-ui, sans-serif" font-size="{_GRAPH_FONT}">', *labels, "</g>",
        "</svg>",
    ]
    return "\n".join(out) + "\n"
