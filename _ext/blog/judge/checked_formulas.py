"""Checked formulas: every display formula of a post is proven by a code cell or marked a
definition, the build enforces it, and readers see which is which.

In a post's Markdown:

- ``$$ ... $$ (label)`` is a formula; some code cell on the page must check it;
- ``$$ ... $$ (def-label)`` is a definition (notation, a model's statement): nothing to check;
- a code cell with the option ``:checks: label`` (or ``[label-a, label-b]``) checks those
  formulas, and must contain an assertion: an ``assert`` statement or an ``assert…()`` call
  such as ``np.testing.assert_allclose``.

The build fails, naming the post, the line and the label, when a display formula is neither
checked nor a definition, when a cell checks a label the page does not have, or when a checking
cell asserts nothing. Formulas printed by cells (``Math(...)`` outputs) are results, not claims.

A checking cell is folded by the build (its code behind "Show code cell source", its one-line
result from ``bp.check_close``/``bp.check`` visible), so no assertion shows unless a reader asks.
Every problem goes to the failure registry (failures.py), with the line and the fix.

Definitions are capped per post: at most FREE_DEFINITIONS (2), or 15 % of the post's display
formulas when that is more (DEFINITION_SHARE). A short post may state its definitions; a long one
still checks at least 85 % of what it displays.

On the page each checked formula carries a check mark linking to its checking cell (a folded
cell unfolds when followed, see _static/checked-formulas.js), the cell links back to the
formula, and a line under the title counts the checked formulas.
"""

import ast
import difflib
import re
from fnmatch import fnmatch

from docutils import nodes

from .failures import cell_line, report

DEFINITION_PREFIX = "def-"
ASSERT_WORD = re.compile(r"\bassert\b|\bassert_\w*\s*\(|\bcheck(_close)?\s*\(")
# backprop.check_close / backprop.check assert and print the one-line result readers see.
CHECK_CALLS = {"check", "check_close"}
FREE_DEFINITIONS = 2  # a post may always state this many definitions
DEFINITION_SHARE = 0.15  # or this share of its display formulas, when that is more


class checked_formula(nodes.General, nodes.Element):
    """Wraps a display formula: ``check`` is "checked" or "definition"; ``cell_id`` links."""


class formula_backlink(nodes.General, nodes.Element):
    """Stands above a checking cell: links back to the formulas it checks (``targets``)."""


class formula_count(nodes.General, nodes.Element):
    """The line under a post's title: how many of its formulas code checks."""


# -- Reading a post ------------------------------------------------------------------------

def code_cell(node):
    """The MyST-NB code cell `node` lies in, or None."""
    while node is not None:
        if isinstance(node, nodes.container) and node.get("nb_element") == "cell_code":
            return node
        node = node.parent
    return None


def checked_labels(cell) -> list[str]:
    value = (cell.get("cell_metadata") or {}).get("checks") or []
    labels = [value] if isinstance(value, str) else list(value)
    return [re.sub(r"\s+", "-", str(label).strip()) for label in labels if str(label).strip()]


def cell_source(cell):
    for child in cell.findall(nodes.container):
        if child.get("nb_element") == "cell_code_source":
            return child.astext()
    return None


def asserts_something(source: str) -> bool:
    """True when the code holds an ``assert`` statement, calls a function named assert…, or
    calls ``check_close``/``check`` (backprop's asserting one-line checks)."""
    try:
        tree = ast.parse(source)
    except SyntaxError:  # IPython magics: fall back to the words themselves
        return bool(ASSERT_WORD.search(source))
    for node in ast.walk(tree):
        if isinstance(node, ast.Assert):
            return True
        if isinstance(node, ast.Call):
            name = getattr(node.func, "attr", None) or getattr(node.func, "id", "")
            if name.startswith("assert") or name in CHECK_CALLS:
                return True
    return False


def is_checked_page(app, docname) -> bool:
    return any(fnmatch(docname, pattern) for pattern in app.config.checked_formulas_pages)


def nearest(label, labels) -> str:
    """"did you mean `x`? " for the closest labels of the page (difflib), or ""."""
    close = difflib.get_close_matches(label, list(labels), n=3, cutoff=0.6)
    return f"did you mean {' or '.join(f'`{name}`' for name in close)}? " if close else ""


# -- The doctree-read pass -----------------------------------------------------------------

def process(app, doctree):
    env = app.env
    docname = env.docname
    if not is_checked_page(app, docname):
        return

    def problem(line, message, fix):
        report(env, docname, line, "checked-formulas", message, fix)

    def at(cell):
        return cell_line(env, docname, cell)

    formulas = [m for m in doctree.findall(nodes.math_block) if code_cell(m) is None]
    by_label = {m["label"]: m for m in formulas if m.get("label")}
    cells = [c for c in doctree.findall(nodes.container)
             if c.get("nb_element") == "cell_code" and checked_labels(c)]

    checker_of = {}  # label -> id of the first cell that checks it
    for cell in cells:
        labels = checked_labels(cell)
        source = cell_source(cell)
        where = f"the cell checking {', '.join(labels)}"
        if source is None:
            problem(at(cell), f"{where} hides its source (remove-input): a reader could not see the proof",
                    "drop `remove-input`: the build folds a checking cell by itself")
        elif not asserts_something(source):
            problem(at(cell), f"{where} contains no assertion",
                    "end the cell with `bp.check_close(value, {...})` or `bp.check(condition, \"claim\")` "
                    "(or an `assert` / `np.testing.assert_…()` call)")
        for label in labels:
            if label not in by_label:
                known = ", ".join(sorted(by_label)) or "none"
                problem(at(cell), f"{where} names `{label}`, but no display formula on this page "
                                   f"has that label (labels here: {known})",
                        nearest(label, by_label) + "correct the `:checks:` label, or label the formula "
                        "`$$ … $$ (" + label + ")`")
            elif label.startswith(DEFINITION_PREFIX):
                problem(at(cell), f"{where} names `{label}`, which is marked a definition",
                        "drop the `def-` prefix to make it a checked formula")
        fold_input(env, cell)
        cell_id = f"check-{labels[0]}"
        cell["ids"].append(cell_id)
        targets = [(label, by_label[label].get("number")) for label in labels if label in by_label]
        # Above the cell, not inside it: MyST-NB folds a cell only when its source comes first.
        if targets:
            cell.parent.insert(cell.parent.index(cell), formula_backlink(targets=targets))
        for label in labels:
            checker_of.setdefault(label, cell_id)

    checked = definitions = 0
    for formula in formulas:
        label = formula.get("label")
        line = formula.line
        if not label:
            problem(line, "a display formula is neither checked nor marked a definition:\n    "
                          f"{formula.astext().strip()[:160]}",
                    "label it `$$ … $$ (name)` and add `:checks: name` to the cell that proves it, "
                    "or label it `(def-name)` if it only states a definition")
            continue
        if label.startswith(DEFINITION_PREFIX):
            kind, definitions = "definition", definitions + 1
            if definitions == allowed_definitions(len(formulas)) + 1:
                problem(line, f"this is definition number {definitions} of the post's "
                              f"{len(formulas)} display formulas; at most "
                              f"{allowed_definitions(len(formulas))} may be definitions",
                        "check this formula with a `:checks:` cell (drop its `def-` prefix), or "
                        "state it in prose or inline math")
        elif label in checker_of:
            kind, checked = "checked", checked + 1
        else:
            problem(line, f"formula ({label}) is checked by no cell",
                    f"add `:checks: {label}` to the cell that proves it, or rename it `def-…` "
                    "if it only states a definition")
            continue
        wrapper = checked_formula(check=kind, cell_id=checker_of.get(label), label=label,
                                  number=formula.get("number"))
        formula.replace_self(wrapper)  # moves the formula's ids (its anchor) to the wrapper
        formula["ids"] = []
        wrapper += formula

    add_count(doctree, checked, len(formulas))


def fold_input(env, cell):
    """Fold a checking cell's code as `:tags: [hide-input]` would: the proof is one click away,
    its one-line result stays in view."""
    mode = cell.get("hide_mode")
    if mode in ("input", "input+output", "all"):
        return
    cell["hide_mode"] = "input+output" if mode == "output" else "input"
    cell.setdefault("prompt_show", env.mystnb_config.code_prompt_show)
    cell.setdefault("prompt_hide", env.mystnb_config.code_prompt_hide)


def allowed_definitions(total: int) -> int:
    return max(FREE_DEFINITIONS, int(DEFINITION_SHARE * total))


def add_count(doctree, checked, total):
    if not total:
        return
    title = next(iter(doctree.findall(nodes.title)), None)
    if title is not None:
        title.parent.insert(title.parent.index(title) + 1, formula_count(checked=checked, total=total))


# -- HTML ----------------------------------------------------------------------------------

def visit_checked_formula(self, node):
    self.body.append(self.starttag(node, "div", "", CLASS="checked-formula",
                                   **{"data-check": node["check"]}))


def depart_checked_formula(self, node):
    # The ✓ is the handle of the formula's proof (pages/proof_notes.py puts the checking cell
    # beside the formula; _static/checked-formulas.js opens and closes it there).
    if node["check"] == "checked":
        number = f" ({node['number']})" if node.get("number") else ""
        self.body.append(
            f'<a class="formula-check" href="#{node["cell_id"]}" data-proof="{node["cell_id"]}">'
            '<span aria-hidden="true">✓</span>'
            f'<span class="visually-hidden">Proof of equation{number}: the code that checks it</span></a>'
        )
    self.body.append("</div>\n")


def visit_formula_backlink(self, node):
    links = [f'<a href="#equation-{label}">({number})</a>' if number
             else f'<a href="#equation-{label}">{label}</a>' for label, number in node["targets"]]
    noun = "equation" if len(links) == 1 else "equations"
    joined = links[0] if len(links) == 1 else ", ".join(links[:-1]) + " and " + links[-1]
    self.body.append(f'<p class="formula-backlink"><span aria-hidden="true">✓</span> '
                     f"The cell below checks {noun} {joined}.</p>\n")
    raise nodes.SkipNode


def count_in_words(checked: int, total: int, handle: str = "a ✓ opens its proof") -> str:
    """A post's closing line: how many of its display formulas code checks, and what `handle`
    (how a reader reaches a proof where the line is read) does. Also the feed's (pages/feed.py)."""
    rest = total - checked
    subject = ("The display formula" if total == 1 else "Every display formula") if not rest \
        else f"{checked} of the {total} display formulas"
    verb = "is" if not rest or checked == 1 else "are"
    tail = "" if not rest else (" The other one states a definition." if rest == 1
                                else f" The other {rest} state definitions.")
    return f"{subject} in this post {verb} checked by code run when the page was built; {handle}.{tail}"


def visit_formula_count(self, node):
    """The article's closing line (pages/proof_notes.py moves it there): what the ✓ marks mean
    and how many formulas carry one, in words."""
    self.body.append(f'<p class="formula-count">{count_in_words(node["checked"], node["total"])}</p>\n')
    raise nodes.SkipNode


def skip(self, node):
    raise nodes.SkipNode


def transparent(self, node):
    pass


def setup(app):
    app.add_config_value("checked_formulas_pages", ["posts/*"], "env", list)
    app.add_node(checked_formula, html=(visit_checked_formula, depart_checked_formula),
                 latex=(transparent, transparent), text=(transparent, transparent))
    app.add_node(formula_backlink, html=(visit_formula_backlink, None), latex=(skip, None), text=(skip, None))
    app.add_node(formula_count, html=(visit_formula_count, None), latex=(skip, None), text=(skip, None))
    app.add_css_file("checked-formulas.css")
    app.add_js_file("checked-formulas.js", loading_method="defer")
    app.connect("doctree-read", process)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
