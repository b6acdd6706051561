"""The blog's Sphinx extension: one package, its modules grouped by job.

``conf.py`` lists the single name ``"blog"``; ``setup`` sets up each part in ``PARTS`` order.
Every check reports into one failure registry (judge/failures.py), which is set up first.

judge/      what a post must be; every problem reported with its line and fix
  failures             the registry of build failures; failing pages are read again next build
  front_matter         a post's front matter: required keys, two date forms, no guessing
  checked_formulas     formulas checked by cells (folded behind a ✓), enforced and shown
  rules                figures, e-notation, visible words, code and assertion lines
  references           an unknown {eq}/{ref}/{numref}/{doc} label: its line, the nearest labels
  links                the same for a MyST link, `[text](#label)`, `<project:#label>`, `page.md#id`
  visibility, figures  helpers: what a reader sees without unfolding; SVG text sizes
execution/  running the posts
  kernels              the posts' kernels: SVG figures, fixed figure dates, a quiet start
  execution_cache      re-execute posts when src/ (or the figure style) changes
  cells                a raising, stderr-writing or stuck cell: its line, its frame, the report
  pre_execute          posts not in the cache executed side by side before Sphinx reads them
  reproducible_outputs verbatim printed output
math/       KaTeX from npm at build time (katex_build), woff2 fonts cut to what is drawn (font_subset)
pages/      what readers see besides the post's own text
  social               link previews: a 1200 × 630 PNG of each post's opening figure, og/twitter tags
  prune_css            the themes' stylesheets cut to the selectors the pages use (PurgeCSS)
  bundle_assets        each page's stylesheets as one pruned bundle, in its head (first paint on a slow phone)
  proof_notes          each checking cell beside the formula it proves (a side note), the count at the end
  listings             pages that list posts follow every change of the posts; a full sitemap
  ablog_html_cache     ABlog's rendered excerpts and feed texts kept until a page is read again
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

What this extension changes in the libraries it builds on
=========================================================
Configuration first: what an option does is set in conf.py (fontawesome_included, the theme's
defaults, sitemap_excludes, blog_feed_archives, include_patterns ...). What no option does is
below: each patch of another library, and each event priority that orders this extension
against another's handler, with its reason. Nothing else in _ext/blog replaces a library's
function or depends on the order of handlers.

Patches (replacing a library's function or node):

| where | what is replaced | why (upstream) |
|---|---|---|
| math/katex_build | sphinxcontrib.katex `KATEX_DEFAULT_OPTIONS` | in prerender mode 0.9.11 ignores `katex_options`: macros and `throwOnError` reach Node only this way |
| math/katex_build | `katex.KaTeXServer.start_server_process` | the server's start-up failure becomes one clear error, not a hang |
| math/katex_build | `katex.setup_static_path` | a fixed static folder instead of a new temporary one per build, which made every rebuild report a changed configuration |
| math/katex_build | `katex.render_latex` | each formula is rendered once, while its post is read (its error reported with its line), then reused |
| execution/reproducible_outputs | `myst_nb.core.render.coalesce_streams` | MyST-NB strips each stdout chunk, so output depends on when the kernel flushed (MyST-NB#640) |
| pages/site_pages | MyST-NB's `HideCodeCellNode` HTML visitor | its `<summary>` label differs from its text (axe: label-content-name-mismatch) |
| pages/code_lines | the HTML builder's Pygments formatter | one span per code line, so long lines wrap with a hanging indent |
| judge/links | `myst_parser` `MystReferenceResolver.log_warning` | MyST resolves its links itself and logs a missing target without Sphinx's `warn-missing-reference` event: it becomes a judge error with the nearest labels |
| pages/ablog_html_cache | `ablog.blog.Post.to_html` | ABlog renders every excerpt and the feed's full texts on every build, about 1 s per post on a no-change rebuild; kept until a page is read again |
| (templates) | `_templates/layout.html` | drops the theme's 1.5 MB Font Awesome script (pydata-sphinx-theme#2379); defers every script file, loads the search scripts on the search page only, sphinx-design's tab script on pages with tabs only, and drops the preloads of deferred scripts (first paint on a slow phone) |
| (templates) | `_templates/page.html` | a post's series navigation after its introduction |

Event priorities (the default is 500):

| handler | event, priority | why |
|---|---|---|
| pages/proof_notes `move_proofs` | doctree-read, 600 (before rules: PARTS order) | after checked_formulas (500) has placed the marks and folded the cells it moves beside their formulas |
| judge/rules `check_post` | doctree-read, 600 | after checked_formulas (500) has folded the proof cells: visibility counts what a reader sees |
| pages/post_header `add_header` | doctree-read, 650 | after checked_formulas (500) folded the proof cells, which the reading time leaves out |
| execution/pre_execute | env-before-read-docs, 600 | after cells.py clears this build's record of executed posts (500) |
| pages/descriptions | html-page-context, 450 | before sphinxext-opengraph (500) reads the page's description |
| pages/post_context | html-page-context, 450 | before pydata-sphinx-theme (500) renders the footer items and drops empty ones |
| export/notebook_export `offer_notebook` | html-page-context, 500 | registered before the theme's 500 handler that builds the download buttons from `ipynb_source` |
| export/notebook_export `add_launch_buttons` | html-page-context, 501 | after the theme's `prep_header_buttons` (500) made the header's button list |
| pages/front_page `drop_download_menu_off_posts` | html-page-context, 502 | after the theme's buttons (500, 501) exist |
| pages/social `add_preview` | html-page-context, 460 | after descriptions (450), before sphinxext-opengraph (500) reads `og:image` and `og:type` from the page's fields |
| pages/prune_css `prune` | build-finished, 900 | after every page, script and font is written (icons.py reads the full stylesheet) |
| pages/bundle_assets `bundle` | build-finished, 910 | after prune_css (900), whose pruned stylesheets it bundles |
| pages/listings `complete_sitemap` | build-finished, 400 | before sphinx-sitemap (500) writes sitemap.xml |
| execution/cells `report_executed` | build-finished, 800 | the "executed N posts" line after the other reports |
| judge/failures `summary` | build-finished, 900 | the closing summary of failures comes last |
"""

from .execution import cells, execution_cache, kernels, pre_execute, reproducible_outputs
from .export import notebook_export
from .judge import checked_formulas, failures, front_matter, links, references, rules
from .math import katex_build
from .pages import (ablog_html_cache, bundle_assets, code_lines, descriptions, feed, front_page,
                    icons, listings, post_context, post_header, proof_notes, prune_css,
                    reference_card, site_pages, social)

PARTS = [
    failures,
    front_matter,
    kernels,
    execution_cache,
    cells,
    pre_execute,
    notebook_export,
    reproducible_outputs,
    checked_formulas,
    proof_notes,
    references,
    links,
    reference_card,
    rules,
    katex_build,
    listings,
    ablog_html_cache,
    post_context,
    descriptions,
    icons,
    post_header,
    front_page,
    code_lines,
    feed,
    site_pages,
    social,
    prune_css,
    bundle_assets,
]


def setup(app):
    for part in PARTS:
        part.setup(app)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "env_version": 2}
