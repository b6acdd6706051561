"""A reference to a label that does not exist is an ordinary post error, with the nearest labels.

Sphinx reports an unresolved `{eq}`, `{ref}`, `{numref}` or `{doc}` as a warning on the line of
the paragraph (not of the role), and the notebook export then met the same label and stopped
the build with a crash report. Here the warning is replaced (``warn-missing-reference``, whose
handler returning True silences Sphinx's own) by a failure of the registry that names the
role's own line and suggests the closest existing labels (difflib), so a typo reads as
``posts/x.md:41: ERROR: {eq}`tanh-slpe` names no equation … Fix: did you mean `tanh-slope`?``.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path

from .failures import report

WHAT = {"eq": "equation", "numref": "numbered formula, figure or section", "ref": "section or label",
        "doc": "page"}


def known_targets(env, reftype: str) -> list[str]:
    """The names a role of this type could have meant."""
    math = list(env.domains["math"].equations)
    std = env.domains["std"]
    labels = [*std.labels, *std.anonlabels]
    if reftype == "eq":
        return math
    if reftype == "numref":
        return [*math, *labels]
    if reftype == "doc":
        return sorted(env.found_docs)
    return labels


DEFINE_IT = "correct the label; define it first (`$$ … $$ (label)` for a formula, `(label)=` above a section)"


def suggestion(target: str, known: list[str], otherwise: str = DEFINE_IT, what: str = "label") -> str:
    close = difflib.get_close_matches(target, known, n=3, cutoff=0.6)
    if close:
        return "did you mean " + " or ".join(f"`{name}`" for name in close) + f"? Correct the {what}"
    return otherwise


def role_line(env, docname: str, reftype: str, target: str, near: int | None) -> int | None:
    """The .md line of the role itself: the first line from the paragraph's on that names
    `target` in a `{reftype}` role (Sphinx gives the paragraph's first line)."""
    path = Path(env.doc2path(docname))
    if not path.is_file():
        return near
    lines = path.read_text(encoding="utf-8").splitlines()
    role = re.compile(r"\{" + re.escape(reftype) + r"\}`[^`]*" + re.escape(target.split("/")[-1]))
    start = max((near or 1) - 1, 0)
    for number in [*range(start, len(lines)), *range(0, start)]:
        if role.search(lines[number]):
            return number + 1
    return near


def on_missing(app, domain, node) -> bool | None:
    reftype, target = node.get("reftype"), node.get("reftarget", "")
    if reftype not in WHAT or not node.get("refdoc"):
        return None  # Sphinx's own warning, which -W turns into a failure
    env, docname = app.env, node["refdoc"]
    origin = env.path2doc(node.source) if getattr(node, "source", None) else docname
    if origin != docname or docname not in env.found_docs:
        # A copy of another page's reference (ABlog's excerpts and feed): reported once, on
        # the page that has it.
        return True
    shown = target.removeprefix("/") if reftype == "doc" else target
    known = known_targets(env, reftype)
    if reftype == "doc":  # a relative {doc} target is joined to the page's folder
        known = [name.removeprefix(docname.rpartition("/")[0] + "/") for name in known]
    report(env, docname, role_line(env, docname, reftype, target, node.line), "unknown-label",
           f"{{{reftype}}}`{shown}` names no {WHAT[reftype]} of the site", suggestion(shown, known))
    return True


def setup(app):
    app.connect("warn-missing-reference", on_missing)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
