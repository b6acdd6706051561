"""The reference card, ``reference.md``: every op's forward, Jacobian and VJP, written from the
package's registry (``backprop.reference.card_markdown``) when the build starts.

The page is a MyST notebook like a post: each formula is followed by the cell that checks it
(``:checks: <op>-vjp``), so the checked-formula rules apply to it as to a post, and a record
whose code disagrees with the engine or finite differences fails the build at
``reference.md:<line>``. It is not a post (ABlog takes ``posts/*``); the footer links it.
The file is rewritten only when its text changes, so an unchanged package re-executes nothing.
It is generated, hence in .gitignore. conf.py names the page (``blog_reference_card``); a site
that sets it to "" (the tests' mini-sites, which have no backprop package) has no card.
"""

from pathlib import Path


def write_card(app):
    page = app.config.blog_reference_card
    if not page:
        return
    from backprop.reference import card_markdown

    path = Path(app.srcdir) / f"{page}.md"
    text = card_markdown()
    if not path.is_file() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8", newline="\n")


def judge_the_card(app, config):
    # The checked-formula rules (judge/checked_formulas.py) cover this page as they cover posts.
    page = config.blog_reference_card
    if page and page not in config.checked_formulas_pages:
        config.checked_formulas_pages = [*config.checked_formulas_pages, page]


def link_the_card(app, pagename, templatename, context, doctree):
    context["reference_card"] = app.config.blog_reference_card  # the footer's link


def setup(app):
    app.add_config_value("blog_reference_card", "", "env", str)
    app.connect("config-inited", judge_the_card)
    app.connect("html-page-context", link_the_card)
    app.connect("builder-inited", write_card)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
