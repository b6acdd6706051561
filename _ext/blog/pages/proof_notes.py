"""The proof beside the argument: each checking cell moves out of the reading flow to the formula
it proves, as a side note.

checked_formulas.py judges the formulas and folds each checking cell where the author wrote it,
with a "The cell below checks …" line above it. A reader following the argument then meets that
apparatus after nearly every formula. This pass (run after the judge, on the same doctree) only
moves things; it reports nothing and never changes what the build accepts:

- each checking cell (the one a ✓ links to, `#check-<label>`) is taken out of the flow and put
  in a `proof_note` right after the formula it proves (the last of its formulas before the cell,
  where the author placed the cell; the first one otherwise), and the two are wrapped in a
  `proof_block`: `<div class="proof-block">` formula and ✓ `<aside class="proof-note">` cell;
- the "The cell below checks …" line goes: the note sits beside its formula;
- the count of checked formulas moves from under the title to the end of the article, in words
  (and is kept per page for the feed, pages/feed.py, which ends each entry with it).

_static/checked-formulas.css sets the note in the right margin from 1024 px (its one-line result
in view, the code behind the ✓) and, on a phone, under the formula, closed until the ✓ opens it;
_static/checked-formulas.js keeps the ✓, the folded code and the URL in step.
"""

from docutils import nodes

from ..judge.checked_formulas import (checked_formula, checked_labels, formula_backlink, formula_count,
                                      is_checked_page)


class proof_block(nodes.General, nodes.Element):
    """A checked formula and the note holding its proof."""


class proof_note(nodes.General, nodes.Element):
    """The checking cell, beside the formula; ``numbers`` are the equation numbers it proves."""


def checking_cells(doctree) -> dict:
    """id ("check-<label>") -> the checking cell carrying it."""
    cells = {}
    for cell in doctree.findall(nodes.container):
        if cell.get("nb_element") == "cell_code" and checked_labels(cell):
            for cell_id in cell["ids"]:
                if cell_id.startswith("check-"):
                    cells[cell_id] = cell
    return cells


def precedes(a, b, order) -> bool:
    return order[id(a)] < order[id(b)]


def move_proofs(app, doctree):
    if not is_checked_page(app, app.env.docname):
        return
    for backlink in list(doctree.findall(formula_backlink)):
        backlink.parent.remove(backlink)
    order = {id(node): i for i, node in enumerate(doctree.findall(nodes.Element))}
    formulas = [f for f in doctree.findall(checked_formula) if f["check"] == "checked"]
    # For the feed (feed.py), which shows a post without its proofs but keeps their marks.
    checked_by_doc(app.env)[app.env.docname] = sorted(f["label"] for f in formulas)
    for count in doctree.findall(formula_count):
        counts_by_doc(app.env)[app.env.docname] = (count["checked"], count["total"])
    for cell_id, cell in checking_cells(doctree).items():
        proved = [f for f in formulas if f.get("cell_id") == cell_id]
        if not proved:
            continue
        before = [f for f in proved if precedes(f, cell, order)]
        home = before[-1] if before else proved[0]
        numbers = [f.get("number") for f in proved]
        cell.parent.remove(cell)
        # Its folded code is opened by the ✓ (or, in the margin, by this summary).
        cell["prompt_show"], cell["prompt_hide"] = "Show the code", "Hide the code"
        block = proof_block()
        home.replace_self(block)
        block += home
        block += proof_note("", cell, numbers=numbers, cell_id=cell_id)
    move_count_to_end(doctree)


def checked_by_doc(env) -> dict:
    """docname -> the labels of its checked formulas."""
    if not hasattr(env, "blog_checked_labels"):
        env.blog_checked_labels = {}
    return env.blog_checked_labels


def counts_by_doc(env) -> dict:
    """docname -> (checked formulas, display formulas): the closing count, for the feed."""
    if not hasattr(env, "blog_formula_counts"):
        env.blog_formula_counts = {}
    return env.blog_formula_counts


def purge(app, env, docname):
    checked_by_doc(env).pop(docname, None)
    counts_by_doc(env).pop(docname, None)


def merge(app, env, docnames, other):
    checked_by_doc(env).update({d: v for d, v in checked_by_doc(other).items() if d in docnames})
    counts_by_doc(env).update({d: v for d, v in counts_by_doc(other).items() if d in docnames})


def move_count_to_end(doctree):
    """The count under the title becomes the article's closing line, before its references."""
    for count in list(doctree.findall(formula_count)):
        section = count.parent
        section.remove(count)
        ending = [child for child in section.children if isinstance(child, nodes.section)]
        last = ending[-1] if ending else section
        # A final "References" section (footbibliography) stays last: the count goes before it.
        if ending and last.next_node(nodes.title) and "reference" in last.next_node(nodes.title).astext().lower():
            last = ending[-2] if len(ending) > 1 else section
        last += count


def equations(numbers) -> str:
    shown = [f"({n})" for n in numbers if n]
    if not shown:
        return "this formula"
    noun = "equation" if len(shown) == 1 else "equations"
    return f"{noun} {shown[0]}" if len(shown) == 1 else f"{noun} {', '.join(shown[:-1])} and {shown[-1]}"


def visit_proof_block(self, node):
    self.body.append('<div class="proof-block">\n')


def depart_proof_block(self, node):
    self.body.append("</div>\n")


def visit_proof_note(self, node):
    what = equations(node["numbers"])
    self.body.append(f'<aside class="proof-note" id="proof-{node["cell_id"]}" aria-label="Proof of {what}">\n'
                     f'<p class="proof-note__title">Proof of {what}</p>\n')


def depart_proof_note(self, node):
    self.body.append("</aside>\n")


def transparent(self, node):
    pass


def setup(app):
    app.add_node(proof_block, html=(visit_proof_block, depart_proof_block),
                 latex=(transparent, transparent), text=(transparent, transparent))
    app.add_node(proof_note, html=(visit_proof_note, depart_proof_note),
                 latex=(transparent, transparent), text=(transparent, transparent))
    # After checked_formulas.process (priority 500) has folded the cells and placed the marks;
    # before post_header (650) counts the words a reader sees.
    app.connect("doctree-read", move_proofs, priority=600)
    app.connect("env-purge-doc", purge)
    app.connect("env-merge-info", merge)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
