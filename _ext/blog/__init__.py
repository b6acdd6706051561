"""The blog's Sphinx extension: one package, one job per module.

``conf.py`` lists the single name ``"blog"``; this module sets up each part. Every check reports
into one failure registry (failures.py), which is set up first.

==================== ==========================================================================
failures             the registry of build failures; failing pages are read again next build
front_matter         a post's front matter: required keys, two date forms, no guessing
kernels              the posts' kernels: SVG figures, fixed figure dates, a quiet start
execution_cache      re-execute posts when src/ (or the figure style) changes
execution            a raising, stderr-writing or stuck cell: its line, its frame, the report
reproducible_outputs verbatim printed output
notebook_export      each post as a notebook that runs anywhere: download, Colab, Binder, the wheel
checked_formulas     formulas checked by cells (folded behind a ✓), enforced and shown
rules                figures, e-notation, visible words, code and assertion lines
katex_build          KaTeX from npm at build time, each formula checked once, with its line
listings             pages that list posts follow every change of the posts; a full sitemap
post_context         series position and the "Cite this post" entry
descriptions         a post's description in its <meta> and OpenGraph tags
icons                the Font Awesome fonts cut to the icons drawn
post_header          date, author, reading time, tags under a post's title
front_page           the index's post cards (``{postcards}``), the series sidebar
code_lines           one span per highlighted line, so long code lines wrap (reading.css)
feed                 Atom entries as the article: each formula once as MathML, no proof code
site_pages           one list of posts, no empty drafts page, accessible folded cells
figures, font_subset, visibility: helpers (SVG text sizes, woff2 subsets, what a reader sees)
myst_to_jupyter, site_wheel: the notebook export's markdown rewriting and wheel writing
==================== ==========================================================================
"""

from . import (
    checked_formulas,
    code_lines,
    descriptions,
    execution,
    execution_cache,
    failures,
    feed,
    front_matter,
    front_page,
    icons,
    katex_build,
    kernels,
    listings,
    notebook_export,
    post_context,
    post_header,
    reproducible_outputs,
    rules,
    site_pages,
)

PARTS = [
    failures,
    front_matter,
    kernels,
    execution_cache,
    execution,
    notebook_export,
    reproducible_outputs,
    checked_formulas,
    rules,
    katex_build,
    listings,
    post_context,
    descriptions,
    icons,
    post_header,
    front_page,
    code_lines,
    feed,
    site_pages,
]


def setup(app):
    for part in PARTS:
        part.setup(app)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "env_version": 2}
