"""The blog's Sphinx extension: one package, its modules grouped by job.

``conf.py`` lists the single name ``"blog"``; ``setup`` sets up each part in ``PARTS`` order.
Every check reports into one failure registry (judge/failures.py), which is set up first.

judge/      what a post must be; every problem reported with its line and fix
  failures             the registry of build failures; failing pages are read again next build
  front_matter         a post's front matter: required keys, two date forms, no guessing
  checked_formulas     formulas checked by cells (folded behind a ✓), enforced and shown
  rules                figures, e-notation, visible words, code and assertion lines
  visibility, figures  helpers: what a reader sees without unfolding; SVG text sizes
execution/  running the posts
  kernels              the posts' kernels: SVG figures, fixed figure dates, a quiet start
  execution_cache      re-execute posts when src/ (or the figure style) changes
  cells                a raising, stderr-writing or stuck cell: its line, its frame, the report
  reproducible_outputs verbatim printed output
math/       KaTeX from npm at build time (katex_build), woff2 fonts cut to what is drawn (font_subset)
pages/      what readers see besides the post's own text
  listings             pages that list posts follow every change of the posts; a full sitemap
  post_context         series position and the "Cite this post" entry
  descriptions         a post's description in its <meta> and OpenGraph tags
  icons                the Font Awesome fonts cut to the icons drawn
  post_header          date, author, reading time, tags under a post's title
  front_page           the index's post cards (``{postcards}``), the series sidebar
  code_lines           one span per highlighted line, so long code lines wrap (reading.css)
  feed                 Atom entries as the article: each formula once as MathML, no proof code
  site_pages           one list of posts, no empty drafts page, accessible folded cells
  reference_card       reference.md, every op's derivatives from the package's registry, judged
export/     each post as a notebook that runs anywhere (notebook_export), its markdown made plain
            (myst_to_jupyter), the package's wheel the site publishes (site_wheel)
"""

from .execution import cells, execution_cache, kernels, reproducible_outputs
from .export import notebook_export
from .judge import checked_formulas, failures, front_matter, rules
from .math import katex_build
from .pages import (code_lines, descriptions, feed, front_page, icons, listings, post_context,
                    post_header, reference_card, site_pages)

PARTS = [
    failures,
    front_matter,
    kernels,
    execution_cache,
    cells,
    notebook_export,
    reproducible_outputs,
    checked_formulas,
    reference_card,
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
