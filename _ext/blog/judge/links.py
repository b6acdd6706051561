"""A MyST link to a label that does not exist is an ordinary post error, with the nearest labels.

`[the slope](#tanh-slpe)`, `<project:#tanh-slpe>` and `[part 1](matrix-calculus.md#no-such)`
are resolved by MyST's own resolver (``MystReferenceResolver``, a post-transform), which logs
``'myst' cross-reference target not found`` itself: Sphinx's ``warn-missing-reference`` event,
which references.py answers for `{eq}`/`{ref}`, is never emitted for them, and the warning had
no fix. Here MyST's ``log_warning`` is wrapped: a missing target becomes a failure of the
registry on the link's own line with the nearest labels (difflib, as references.py), e.g.
``posts/x.md:41: ERROR: the link `(#tanh-slpe)` names no label … Fix: did you mean `tanh-slope`?``.
Every other MyST warning (an ambiguous target, a legacy domain) is left as it was.
"""

from __future__ import annotations

import re
from pathlib import Path

from docutils.utils import get_source_line

from .failures import report
from .references import suggestion

KIND = "unknown-label"
PAGE = "page of the site"
NO_SUCH_PAGE = "link to a page's file, relative to this one: `[its title](other-post.md)`"


def labels_of_site(env, docname: str) -> list[str]:
    """What `#target` could have meant: the site's labels and equations, this page's headings."""
    std = env.domains["std"]
    slugs = env.metadata.get(docname, {}).get("myst_slugs", {})
    return sorted({*std.labels, *std.anonlabels, *env.domains["math"].equations, *slugs})


def labels_of_page(env, docname: str) -> list[str]:
    """What `page.md#target` could have meant: the page's heading anchors and labels."""
    std = env.domains["std"]
    slugs = env.metadata.get(docname, {}).get("myst_slugs", {})
    own = [name for store in (std.labels, std.anonlabels) for name, entry in store.items()
           if entry[0] == docname]
    return sorted({*slugs, *own})


def page_paths(env, docname: str) -> list[str]:
    """What a link to a missing `.md` could have meant: the pages, relative to the linking page."""
    folder = docname.rpartition("/")[0]
    return sorted(f"{name.removeprefix(folder + '/') if folder else name}.md" for name in env.found_docs)


def link_line(env, docname: str, target: str, near: int | None) -> int | None:
    """The .md line of the link itself: the first line from `near` on that links to `target`."""
    path = Path(env.doc2path(docname))
    if not path.is_file():
        return near
    lines = path.read_text(encoding="utf-8").splitlines()
    link = re.compile(r"[(<](?:project:)?[^()<>\s]*" + re.escape(target) + r"[)>\s]")
    start = max((near or 1) - 1, 0)
    for number in [*range(start, len(lines)), *range(0, start)]:
        if link.search(lines[number]):
            return number + 1
    return near


def what_is_missing(env, node) -> tuple[str, str, list[str]]:
    """The target as the author wrote it, what it should have named, and the known names."""
    docname = node["refdoc"]
    if node.get("refdomain") == "doc" and node["reftarget"] not in env.found_docs:  # <project:nopage.md>
        return f"{node['reftarget'].rpartition('/')[2]}.md", PAGE, page_paths(env, docname)
    if node.get("refdomain") == "doc":  # [text](page.md#id): the page exists, the id does not
        page, anchor = node["reftarget"], node.get("reftargetid") or ""
        return anchor, f"heading or label of {page}.md", labels_of_page(env, page)
    target = node["reftarget"]
    if target.endswith(".md") or "/" in target:
        return target, PAGE, page_paths(env, docname)
    return target, "label, equation or heading of the site", labels_of_site(env, docname)


def install(app) -> None:
    from myst_parser.sphinx_ext.myst_refs import MystReferenceResolver
    from myst_parser.warnings_ import MystWarnings
    from sphinx.addnodes import pending_xref

    if getattr(MystReferenceResolver.log_warning, "_blog_judged", False):
        return
    log_warning = MystReferenceResolver.log_warning

    def judged(self, target, msg, subtype, **kwargs):
        node = kwargs.get("location")
        if subtype is not MystWarnings.XREF_MISSING or not isinstance(node, pending_xref) \
                or not node.get("refdoc"):
            return log_warning(self, target, msg, subtype, **kwargs)
        env, docname = self.env, node["refdoc"]
        source, near = get_source_line(node)  # MyST's pending_xref has neither: its paragraph's
        origin = env.path2doc(source) if source else docname
        if origin != docname or docname not in env.found_docs:
            # A copy of another page's link (ABlog's excerpts and feed, whose references
            # ABlog points at the listing page): reported once, on the page that has it.
            return None
        shown, what, known = what_is_missing(env, node)
        line = link_line(env, docname, shown, near)
        fix = suggestion(shown, known, NO_SUCH_PAGE, "link") if what == PAGE else suggestion(shown, known)
        report(env, docname, line, KIND, f"the link `{link_text(node)}` names no {what}", fix)
        return None

    judged._blog_judged = True
    MystReferenceResolver.log_warning = judged


def link_text(node) -> str:
    if node.get("refdomain") == "doc":
        anchor = f"#{node['reftargetid']}" if node.get("reftargetid") else ""
        return f"({node['reftarget'].rpartition('/')[2]}.md{anchor})"
    target = node["reftarget"]
    return f"({target})" if target.endswith(".md") or "/" in target else f"(#{target})"


def setup(app):
    app.connect("builder-inited", install)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
