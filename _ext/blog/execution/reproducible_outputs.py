"""Two builds of the same posts give the same pages.

- Figures: the kernels get a fixed SOURCE_DATE_EPOCH (kernels.py), so matplotlib writes the
  same date into every SVG.
- Printed output: MyST-NB's merging of a cell's stdout chunks strips each chunk, so wherever the
  kernel's periodic flush splits a line from its line break the page gains a blank line, and
  two builds of the same code differ (upstream: https://github.com/executablebooks/MyST-NB/pull/640,
  `strip` in `coalesce_streams`). The chunks are joined verbatim first.
"""

from myst_nb.core import render as nb_render
from myst_nb.core.utils import coalesce_streams


def coalesce_streams_verbatim(outputs):
    """One output per stream name, its chunks joined as the kernel sent them, then MyST-NB's
    own clean-up (carriage returns, backspaces, stdout before stderr)."""
    merged, first = [], {}
    for output in outputs:
        if output["output_type"] == "stream" and output["name"] in first:
            first[output["name"]]["text"] += output["text"]
            continue
        if output["output_type"] == "stream":
            output = output.copy()
            first[output["name"]] = output
        merged.append(output)
    return coalesce_streams(merged)


def setup(app):
    nb_render.coalesce_streams = coalesce_streams_verbatim  # looked up at call time
    return {"parallel_read_safe": True, "parallel_write_safe": True}
