"""The reference card, ``reference.md``: every op's forward, Jacobian and VJP, written from the
package's registry (``backprop.reference.card_markdown``) when the build starts.

The page is a MyST notebook like a post: each formula is followed by the cell that checks it
(``:checks: <op>-vjp``), so the checked-formula rules apply to it as to a post, and a record
whose code disagrees with the engine or finite differences fails the build at
``reference.md:<line>``. It is not a post (ABlog takes ``posts/*``); the footer links it.
The file is rewritten only when its text changes, so an unchanged package re-executes nothing.
It is generated, hence in .gitignore.
"""

from pathlib import Path

PAGE = "reference"


def write_card(app):
    from backprop.reference import card_markdown

    path = Path(app.srcdir) / f"{PAGE}.md"
    text = card_markdown()
    if not path.is_file() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8", newline="\n")


def judge_the_card(app, config):
    # The checked-formula rules (judge/checked_formulas.py) cover this page as they cover posts.
    if PAGE not in config.checked_formulas_pages:
        config.checked_formulas_pages = [*config.checked_formulas_pages, PAGE]


def setup(app):
    app.connect("config-inited", judge_the_card)
    app.connect("builder-inited", write_card)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
