"""Sphinx configuration of the blog.

Settings that a fork changes are at the top: the site's URL, the author and the comments.
The machinery that keeps the build honest lives in `_ext/` (one small extension per job).
"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent / "_ext"))

# -- Settings a fork changes ---------------------------------------------------
# Absolute URLs in the feed, the sitemap and the social cards all derive from this one value.
site_url = os.environ.get("BLOG_SITE_URL", "https://backprop-by-hand.example.org/")
# The GitHub repository: "Open in Colab" and "Launch Binder" open each post's notebook from its
# `notebooks` branch, which the deploy workflow writes. A placeholder until the author sets it;
# the deploy workflow sets the real one (BLOG_REPOSITORY_URL), as it does for site_url.
repository_url = os.environ.get("BLOG_REPOSITORY_URL", "https://github.com/example/backprop-by-hand")
author = "Kai Nakamura"
# giscus (https://giscus.app): fill all four ids to show comments under each post;
# left empty, no comment markup is written at all (_templates/comments.html).
giscus = {
    "repo": "",
    "repo_id": "",
    "category": "Announcements",
    "category_id": "",
}

# -- Project information -------------------------------------------------------
project = "Backprop by Hand"
copyright = f"2023-2026, {author}"

# -- General configuration -----------------------------------------------------
extensions = [
    "myst_nb",  # loads myst_parser itself: listing both is an error
    "ablog",
    "sphinx_copybutton",
    "sphinx_design",  # {dropdown} folds a post's optional detours
    "sphinxcontrib.katex",
    "sphinxcontrib.bibtex",
    "sphinxext.opengraph",
    "sphinx_sitemap",
    "sphinx.ext.githubpages",  # .nojekyll: GitHub Pages would hide _static/ and _sources/
    "blog",  # _ext/blog: the checks and pages of this blog, one module per job
]
# The site's pages are the front page and the posts, nothing else: whatever the Makefile, the
# tests or a tool writes into this folder (.venv-package, caches, reports, docs/) is never read.
# A fork that adds a page (about.md) lists it here.
include_patterns = ["index.md", "notation.md", "reference.md", "posts/*.md"]
# Folders Sphinx need not even walk (include_patterns alone would still visit every file).
exclude_patterns = [
    "_build", "node_modules", ".venv*", ".git", ".pytest_cache", ".github", ".ci", "docs",
    "src", "tests", "benchmarks", "tools", "binder", "**/.ipynb_checkpoints",
]
templates_path = ["_templates"]

# -- MyST options --------------------------------------------------------------
myst_enable_extensions = ["amsmath", "dollarmath", "colon_fence"]
myst_heading_anchors = 3
myst_update_mathjax = False  # KaTeX typesets the math; no MathJax configuration to write

# -- MyST-NB options -----------------------------------------------------------
# Every post is executed; results are cached by jupyter-cache in a folder that
# _ext/blog/execution/execution_cache.py names after the contents of src/, so an edit to the package re-executes the posts.
nb_execution_mode = "cache"
nb_execution_timeout = 120  # seconds per cell
# A raising cell, a timeout or stderr output is reported by _ext/blog/execution/cells.py: the post's
# line, the exception and the author's frame; the full traceback in _build/reports/.
nb_execution_raise_on_error = False
nb_execution_show_tb = False
nb_output_stderr = "show"
nb_merge_streams = True
nb_render_markdown_format = "gfm"  # Markdown printed by a cell may contain tables

# -- KaTeX options (sphinxcontrib-katex, completed by _ext/blog/math/katex_build.py) -----
# Macros shared by every post, excerpt and tag page. KaTeX refuses to redefine a macro.
katex_macros = {
    r"\V": r"\mathbf{#1}",
    r"\pop": r"\frac{\partial #1}{\partial #2}",
    r"\sechsq": r"\operatorname{sech}^2",
    r"\R": r"\mathbb{R}",
    r"\diag": r"\operatorname{diag}",
    r"\vecop": r"\operatorname{vec}",
}

# -- Reference card options (_ext/blog/pages/reference_card.py) -------------------
# The page the build writes from the package's op registry, every formula checked like a post's.
blog_reference_card = "reference"

# -- Notebook export options (_ext/blog/export/notebook_export.py) -------------------------
# A downloaded notebook installs the package from the site's own wheel; say "pypi" once
# backprop-by-hand is published there (see the README, "Run a post yourself").
notebook_package_source = "site"
notebooks_branch = "notebooks"

# -- Bibliography options (sphinxcontrib-bibtex) -------------------------------
# One shared file; each post cites with {footcite:t} and lists what it cites with ```{footbibliography}```.
bibtex_bibfiles = ["references.bib"]
bibtex_default_style = "plain"
bibtex_reference_style = "author_year"

# -- ABlog options -------------------------------------------------------------
blog_title = project
blog_path = "blog"
blog_baseurl = site_url
blog_authors = {"Kai": (author, None)}
blog_default_author = "Kai"
blog_post_pattern = "posts/*"
blog_feed_fulltext = True
blog_feed_archives = False  # one feed: per-tag feeds re-render every post on every build
post_date_format = "%b %d, %Y"
post_date_format_short = "%b %d, %Y"
post_auto_excerpt = 1
post_show_prev_next = True
# pydata-sphinx-theme sets this at run time; without it every rebuild re-reads every post
# (https://github.com/pydata/pydata-sphinx-theme/issues/1222).
fontawesome_included = True

# -- HTML output options -------------------------------------------------------
html_theme = "sphinx_book_theme"
html_title = project
html_baseurl = site_url
html_favicon = "_static/favicon.svg"
html_last_updated_fmt = None
html_static_path = ["_static"]
html_css_files = ["blog.css", "reading.css", "front-page.css"]
# Every page's stylesheets, pruned, are one bundle written into its head (_ext/blog/pages/bundle_assets.py):
# on a throttled phone the first paint waits for no stylesheet request (170-450 ms sooner than
# linking the bundle); a reader's next page brings the CSS again (about 36 KB gzipped).
# False links the bundle as one cached file instead.
blog_inline_css = True
html_js_files = [("blog.js", {"defer": "defer"})]  # scrolling blocks: tab stops, edge fades
html_context = {"default_mode": "auto", "giscus": giscus}
# The values the theme would otherwise set at run time, which made every rebuild report
# "The configuration has changed" (see the README).
html_permalinks_icon = "#"
html_sourcelink_suffix = ""
html_theme_options = {
    "show_prev_next": False,  # ABlog's chronological prev/next is the one readers want
    "use_download_button": True,
    "use_fullscreen_button": False,
    "article_footer_items": ["post-tags.html", "cite-this-post.html", "comments.html"],
    "footer_content_items": ["subscribe.html", "copyright.html", "package-version.html"],
    "show_toc_level": 2,
    # A post's right-hand column is the margin for its proofs (_static/checked-formulas.css);
    # its "Contents" moves to the left sidebar (html_sidebars below). The other pages have no
    # sections to list.
    "secondary_sidebar_items": [],
    # The theme's defaults, written out so that its run-time additions change nothing.
    "navbar_persistent": ["search-button-field"],
    "icon_links": [],
    "logo": {},
}
# The sidebar helps a reader find the next thing to read: the series in order and the tags
# (_ext/blog/pages/front_page.py). The index names the site in its title, so it leaves out the logo.
blog_sidebar = ["navbar-logo.html", "blog-series.html", "ablog/tagcloud.html"]
# Keys must not overlap: two patterns matching one page is a warning. A post's date, author
# and tags are in its header (_ext/blog/pages/post_header.py), on every screen, not in a sidebar postcard.
html_sidebars = {
    "index": ["blog-series.html", "ablog/tagcloud.html"],
    "blog": blog_sidebar,
    "blog/**": blog_sidebar,
    "posts/*": ["navbar-logo.html", "blog-series.html", "page-toc.html"],
}

# -- OpenGraph options (sphinxext-opengraph) -----------------------------------
ogp_site_url = site_url
ogp_site_name = project
ogp_type = "article"
ogp_enable_meta_description = True
ogp_social_cards = {"enable": False}  # the cards need fonts and add seconds per page
# X reads og:title, og:description and og:image; it only needs to be told the card's kind.
# Every page has a 1200 × 630 image (_ext/blog/pages/social.py): the large card.
ogp_custom_meta_tags = ['<meta name="twitter:card" content="summary_large_image" />']

# -- Sitemap options (sphinx-sitemap) ------------------------------------------
sitemap_url_scheme = "{link}"
# blog/archive.html only sends readers to blog.html (_ext/blog/pages/site_pages.py).
sitemap_excludes = ["search.html", "genindex.html", "blog/drafts.html", "blog/archive.html"]

# -- Copy button options (sphinx-copybutton) -----------------------------------
copybutton_exclude = ".linenos, .gp, .go"
