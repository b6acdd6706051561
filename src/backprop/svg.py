"""A deterministic SVG drawing of a fully connected network (the posts' nn.svg).

Dark ink on a transparent background, as the posts' matplotlib figures (posts/matplotlibrc):
the site's dark theme shows SVG figures inverted with their hues turned back, so one drawing
meets 4.5:1 contrast on both pages.
"""

from html import escape
from pathlib import Path

_SUPERSCRIPTS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
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
