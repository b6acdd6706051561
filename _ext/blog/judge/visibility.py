"""What a reader sees of a post without unfolding anything, counted from its doctree.

One definition for every count: the reading time under the title (post_header.py) and the
limits the build holds a post to (rules.py). Folded away are the parts of notebook cells hidden
by their tags (`hide-input`, `hide-output`, `hide-cell`; a `:checks:` cell's code is folded by
the build) and closed `{dropdown}` blocks.
"""

import re

from docutils import nodes

WORDS_PER_DISPLAY_FORMULA = 10  # a reader spends seconds on a formula whatever its length
WORD = re.compile(r"\w")


def ancestors(node):
    while node is not None:
        yield node
        node = node.parent


def hidden(node) -> bool:
    """Whether `node` sits in a folded part of the page (shown only on a click)."""
    part = None  # "input" or "output": which part of a cell `node` is in
    for parent in ancestors(node):
        element = parent.get("nb_element") if isinstance(parent, nodes.Element) else None
        if element == "cell_code_source":
            part = "input"
        elif element == "cell_code_output":
            part = "output"
        if not isinstance(parent, nodes.Element):
            continue
        mode = parent.get("hide_mode")
        if mode in ("all", "input+output") or (mode and mode == part):
            return True
        if parent.get("design_component") == "dropdown" and not parent.get("opened"):
            return True
        if type(parent).__name__ == "dropdown_main" and not parent.get("opened"):
            return True
    return False


def in_cell_output(node) -> bool:
    return any(isinstance(p, nodes.Element) and p.get("nb_element") == "cell_code_output"
               for p in ancestors(node))


def visible_words(doctree, inline_formula: int = 1, display_formula: int = WORDS_PER_DISPLAY_FORMULA) -> int:
    """Words of prose, headings, captions and the code and output of unfolded cells (tokens
    with a letter or digit); a formula counts as `inline_formula` words inline and
    `display_formula` displayed (the reading time weighs them; the word limit does not)."""
    words = 0
    for node in doctree.findall(lambda n: isinstance(n, (nodes.Text, nodes.math, nodes.math_block))):
        if hidden(node):
            continue
        if isinstance(node, nodes.math_block):
            words += display_formula
        elif isinstance(node, nodes.math):
            words += inline_formula
        elif not any(isinstance(p, (nodes.math, nodes.math_block, nodes.raw, nodes.comment))
                     for p in ancestors(node.parent)):
            words += sum(1 for token in node.astext().split() if WORD.search(token))
    return words


def visible_code(doctree):
    """(node, its lines) of every block of code a reader sees: the source of unfolded cells and
    code blocks in the prose; not cell outputs."""
    for node in doctree.findall(nodes.literal_block):
        if hidden(node) or in_cell_output(node):
            continue
        lines = [line for line in node.astext().splitlines() if line.strip()]
        if lines:
            yield node, lines
