"""The blog's generated pages, trimmed to what a reader needs.

- One list of all posts: ABlog writes both `blog.html` ("All Posts") and `blog/archive.html`
  ("All posts", the same posts grouped by year). `blog.html` stays; `blog/archive.html` becomes
  a small page that sends readers (and old links) to it (conf.py's sitemap_excludes lists it).
- No empty drafts page: ABlog writes `blog/drafts.html` even when there is no draft; it is
  removed after the build unless some post is a draft.
- Search snippets read like the article (_static/search-text.js, on the search page only).
- MyST-NB's folded cells: their `<summary>` carries aria-label="Toggle hidden content" while
  showing "Show code cell source", so a speech user cannot name the control by what they see
  (axe: label-content-name-mismatch). The same markup, without that label.
- Every build writes a page the same: MyST-NB copies its stylesheet when the build ends
  (`add_global_html_resources`, on build-finished), after the pages, so a clean build's pages
  linked it without Sphinx's `?v=<checksum>` (the file was not there yet) and a rebuild's with
  it. The first rebuild after a clean build then changed every page ABlog writes again, and
  each step keyed on the pages' content ran again (PurgeCSS, the KaTeX font cut): the no-change
  rebuild grew with the posts. The stylesheet is copied before the pages are written.
"""

from html import escape
from pathlib import Path

from myst_nb import sphinx_ as myst_nb_sphinx
from myst_nb import sphinx_ext as myst_nb_ext

MOVED_TEMPLATE = "moved.html"


def list_page(app) -> str:
    return app.config.blog_path  # "blog": ABlog's list of every post


def send_archive_to_list(app, pagename, templatename, context, doctree):
    from ablog.blog import Blog

    if pagename == Blog(app).archive.docname:
        context["moved_to"] = list_page(app)
        return MOVED_TEMPLATE
    return None


def remove_empty_drafts_page(app, exception):
    from ablog.blog import Blog

    if exception is not None or app.builder.format != "html":
        return
    blog = Blog(app)
    if not blog.drafts:
        (Path(app.outdir) / (blog.drafts.docname + app.builder.out_suffix)).unlink(missing_ok=True)


def visit_hide_cell(self, node):
    classes = " ".join(node["classes"])
    self.body.append(f'<details class="admonition hide {classes}">\n')
    self.body.append("<summary>\n")
    self.body.append(f'<p class="collapsed admonition-title">{escape(node["prompt_show"])}</p>\n')
    self.body.append(f'<p class="expanded admonition-title">{escape(node["prompt_hide"])}</p>\n')
    self.body.append("</summary>\n")


def copy_notebook_stylesheet_first(app):
    if app.builder.format == "html":
        (Path(app.outdir) / "_static").mkdir(parents=True, exist_ok=True)
        myst_nb_ext.add_global_html_resources(app, None)  # what MyST-NB does on build-finished


def search_snippets_from_the_article(app, pagename, templatename, context, doctree):
    """The search page makes its snippets from the article's words (_static/search-text.js)."""
    if pagename == "search":
        app.add_js_file("search-text.js", loading_method="defer")


def setup(app):
    app.setup_extension("myst_nb")
    app.setup_extension("ablog")
    app.add_node(myst_nb_sphinx.HideCodeCellNode, override=True,
                 html=(visit_hide_cell, myst_nb_sphinx.depart_HideCellInput))
    app.connect("builder-inited", copy_notebook_stylesheet_first)
    app.connect("html-page-context", send_archive_to_list)
    app.connect("html-page-context", search_snippets_from_the_article)
    app.connect("build-finished", remove_empty_drafts_page)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
