"""The rules every post is held to, checked while it is read; each broken rule goes to the
failure registry (failures.py) with the post's `.md` line and the fix.

- figures are SVG (kernels.py makes SVG the default: a post needs no `%config` line) and their
  smallest text is at least 9 px on a 390 px phone and 11 px on a 1280 px screen;
- no e-notation in prose (glued numbers are written 1.41 × 10⁻³ by `bp.glue_numbers`), and no
  post named by its number ("part 2"): by its linked title;
- at most MAX_VISIBLE_WORDS visible words, MAX_VISIBLE_CODE_LINES visible lines of code and no
  visible assertion line: proofs are folded behind their formula's ✓ (checked_formulas.py folds
  every `:checks:` cell), set-up and LaTeX plumbing behind `hide-input` / `hide-cell`.

What counts as visible is defined once, in visibility.py.
"""

from __future__ import annotations

import re
from pathlib import Path

from docutils import nodes

from .failures import cell_line, report
from .figures import natural_width_px, read_svg
from .front_matter import is_post
from .visibility import ancestors, hidden, visible_code, visible_words

MAX_VISIBLE_WORDS = 2500
MAX_VISIBLE_CODE_LINES = 80
MAX_VISIBLE_ASSERTION_LINES = 0
# The smallest figure text, in CSS px, on a 390 px phone and a 1280 px screen, and the width
# every figure is drawn at there (_static/reading.css: the whole 358 px column on a phone,
# 31rem = 496 px on a wide screen, whatever the figure's own size; tests/site/test_reading.py
# measures it on the page).
MIN_TEXT_PX = {"a 390 px phone": (9, 358), "a 1280 px screen": (11, 496)}
POST_BY_NUMBER = re.compile(r"\b(?:post|part) [1-9]\b", re.I)
E_NOTATION = re.compile(r"\b\d+(?:\.\d+)?[eE][-+−]?\d+\b")
ASSERTION_LINE = re.compile(r"\bassert\b|\bassert_\w*\s*\(|(?<![\w.])(?:bp\.|backprop\.)?check(?:_close)?\s*\(")
PROSE = (nodes.paragraph, nodes.list_item, nodes.entry, nodes.caption, nodes.title)
NOT_PROSE = (nodes.literal, nodes.literal_block, nodes.math, nodes.math_block, nodes.raw,
             nodes.comment)


def cell_of(node):
    return next((p for p in ancestors(node) if isinstance(p, nodes.Element)
                 and p.get("nb_element") == "cell_code"), None)


def line_of(node, env=None, docname=None):
    """The .md line of `node`: its cell's fence for anything in a code cell."""
    cell = cell_of(node)
    if cell is not None and env is not None:
        return cell_line(env, docname, cell)
    return next((p.line for p in ancestors(node) if getattr(p, "line", None)), None)


def figure_file(app, docname, uri: str) -> Path | None:
    candidates = [Path(uri), Path(app.srcdir) / uri.lstrip("/"),
                  Path(app.env.doc2path(docname)).parent / uri]
    return next((path for path in candidates if path.is_file()), None)


def check_figures(app, docname, doctree):
    env = app.env
    for image in doctree.findall(nodes.image):
        cell = cell_of(image)
        if cell is None:
            continue  # a figure that is a file (images/): drawn by hand, not by a cell
        line = cell_line(env, docname, cell)
        path = figure_file(app, docname, image["uri"])
        if path is None or path.suffix.lower() != ".svg":
            report(env, docname, line, "figure-format",
                   f"the cell's figure is {(path.suffix if path else image['uri']).lstrip('.').upper()}, not SVG",
                   "delete the `%config InlineBackend.figure_formats` line (or `set_matplotlib_formats`) "
                   "from the post: the build draws figures as SVG by itself")
            continue
        svg = read_svg(path)
        natural = natural_width_px(path) or svg["width"]
        smallest = min(svg["text"], key=lambda text: text["size"], default=None)
        if smallest is None:
            continue
        for screen, (minimum, shown) in MIN_TEXT_PX.items():
            px = smallest["size"] * shown / svg["width"]
            if px < minimum - 0.05:
                report(env, docname, line, "figure-text",
                       f"the smallest text of the cell's figure ({smallest['text']}) is {px:.1f} px "
                       f"on {screen} (at least {minimum} px; the figure is {natural / 96:.1f} in "
                       f"wide, shown {shown:.0f} px wide)",
                       "use the house style (posts/matplotlibrc: 4.2 in wide, 11 pt text): drop "
                       "the `figsize=` and `fontsize=` arguments, or stack panels instead of widening")
                break


def check_prose(app, docname, doctree):
    seen = set()
    for text in doctree.findall(nodes.Text):
        above = list(ancestors(text.parent))
        block = next((p for p in above if isinstance(p, PROSE)), None)
        if block is None or id(block) in seen or any(isinstance(p, NOT_PROSE) for p in above):
            continue
        if cell_of(block) is not None or hidden(block):
            continue
        by_number = POST_BY_NUMBER.search(text.astext())
        if by_number:
            seen.add(id(block))
            report(app.env, docname, line_of(block), "post-by-number",
                   f"a post is named by its number: `{by_number.group()}`",
                   "name it by its linked title: {doc}`the-post-name` (numbers change as posts come)")
            continue
        found = E_NOTATION.search(text.astext())
        if found:
            seen.add(id(block))
            report(app.env, docname, line_of(block), "e-notation",
                   f"e-notation in prose: `{found.group()}` in "
                   f"\u201c{block.astext()[:100].strip()}…\u201d",
                   "glue the number with `bp.glue_numbers(name=value)` and write {glue:text}`name` "
                   "(shown as 1.41 × 10⁻³), or write it out in words")


def check_visible_amounts(app, docname, doctree):
    env = app.env
    title = next(iter(doctree.findall(nodes.title)), None)
    title_line = line_of(title) if title is not None else 1
    words = visible_words(doctree, inline_formula=0, display_formula=0)
    if words > MAX_VISIBLE_WORDS:
        report(env, docname, title_line, "visible-words",
               f"the post shows {words} words (at most {MAX_VISIBLE_WORDS}: prose and unfolded "
               "code and output; formulas are not counted)",
               "shorten it, fold optional detours into a `{dropdown}`, or split it into a series")
    blocks = list(visible_code(doctree))
    total = sum(len(lines) for _, lines in blocks)
    if total > MAX_VISIBLE_CODE_LINES:
        largest = sorted(blocks, key=lambda block: -len(block[1]))[:3]
        where = ", ".join(f"line {line_of(node, env, docname)} ({len(lines)})" for node, lines in largest)
        report(env, docname, line_of(largest[0][0], env, docname), "visible-code",
               f"the post shows {total} lines of code (at most {MAX_VISIBLE_CODE_LINES}); "
               f"the largest visible blocks: {where}",
               "fold set-up and LaTeX-building cells with `:tags: [hide-input]` (their output "
               "stays), move a helper used twice into src/backprop, or shorten the code")
    for node, lines in blocks:
        asserting = [line.strip() for line in lines if ASSERTION_LINE.search(line)]
        if len(asserting) > MAX_VISIBLE_ASSERTION_LINES:
            report(env, docname, line_of(node, env, docname), "visible-assertion",
                   f"a visible cell asserts: `{asserting[0][:100]}`"
                   + (f" (and {len(asserting) - 1} more)" if len(asserting) > 1 else ""),
                   "give the cell `:checks: <formula label>` (the build folds it behind the "
                   "formula's ✓ and shows its one-line result), or move the check into such a cell")


def check_post(app, doctree):
    docname = app.env.docname
    if not is_post(app, docname):
        return
    check_figures(app, docname, doctree)
    check_prose(app, docname, doctree)
    check_visible_amounts(app, docname, doctree)


def setup(app):
    # After checked_formulas.py (priority 500) has folded the checking cells.
    app.connect("doctree-read", check_post, priority=600)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
