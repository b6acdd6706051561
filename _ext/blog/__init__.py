"""The blog's Sphinx extension: one package, one job per module.

``conf.py`` lists the single name ``"blog"``; this module sets up each part in the order the
parts rely on (the execution cache before execution, the checked formulas before KaTeX
renders them, the header after the checks it counts).
"""

from . import (
    checked_formulas,
    descriptions,
    execution_cache,
    execution_failures,
    icons,
    katex_build,
    notebook_export,
    post_context,
    post_header,
    reproducible_outputs,
    site_pages,
)

PARTS = [
    execution_cache,
    execution_failures,
    notebook_export,
    reproducible_outputs,
    checked_formulas,
    katex_build,
    post_context,
    descriptions,
    icons,
    post_header,
    site_pages,
]


def setup(app):
    for part in PARTS:
        part.setup(app)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "env_version": 1}
