"""One registry of what fails the build: every check of the blog reports into it.

A failure names a page, the line of its source, what is wrong and how to fix it. It is logged as
an error at once (``posts/<name>.md:<line>: ERROR: … Fix: …``, so ``--keep-going`` shows every
post's problems in one build), kept in the environment, and summed up when the build ends, which
then fails even without ``-W``.

A page that failed is read again by every following build (``env-get-outdated``), so its checks
run again and its failures are reported again, in the same words, on an unchanged rebuild: one
mechanism for every kind of failure (a raising cell, stderr, a timeout, KaTeX, a formula, the
front matter, the post rules).

Sphinx's own warnings (a broken reference, a duplicate label) come back the same way: the pages
they name are recorded when the build ends (``warned-pages.json`` beside the environment, as
warnings found while pages are written come after the environment is saved) and read again by
the next build.

The state lives in a Sphinx domain (``env.domaindata["blog"]``): Sphinx pickles it with the
environment, purges a page's entries before it is read again (``clear_doc``) and merges the
entries of parallel readers (``merge_domaindata``). The other modules keep their per-page facts
in its tables too (``facts(env, table)``).
"""

from __future__ import annotations

import re
import json
import logging as std_logging
from pathlib import Path

from docutils import nodes
from sphinx.domains import Domain
from sphinx.util import logging
from sphinx.util.console import bold, red

logger = logging.getLogger(__name__)

TABLES = ("failures", "executed")  # what failed; which posts this build executed


class BlogDomain(Domain):
    """Per-page facts of the blog's checks: its failures, and whether this build executed it."""

    name = "blog"
    label = "Blog checks"
    data_version = 3  # the unread `formulas` and `posts` tables are gone
    initial_data = {table: {} for table in TABLES}

    def clear_doc(self, docname: str) -> None:
        for table in TABLES:
            self.data[table].pop(docname, None)

    def merge_domaindata(self, docnames, otherdata: dict) -> None:
        for table in TABLES:
            for docname in docnames:
                if docname in otherdata.get(table, {}):
                    self.data[table][docname] = otherdata[table][docname]

    def resolve_any_xref(self, *args, **kwargs):
        return []


def facts(env, table: str) -> dict:
    """docname -> what a module recorded for that page (``table`` is one of TABLES)."""
    return env.get_domain("blog").data[table]


def source_location(env, docname: str, line: int | None) -> str:
    """``posts/<name>.md:<line>``: the path an author opens, relative to the site's folder."""
    path = Path(env.doc2path(docname, False)).as_posix()
    return f"{path}:{line}" if line else path


FENCE = re.compile(r"^\s*(```+|:::+)\s*\{code-cell\}")


def cell_line(env, docname: str, cell) -> int | None:
    """The .md line of a code cell's ```{code-cell} fence. (MyST-NB gives a cell's node a line
    two below it; searching back for the fence keeps this right whatever it gives.)"""
    if cell is None or not cell.line:
        return None
    lines = Path(env.doc2path(docname)).read_text(encoding="utf-8").splitlines()
    for number in range(min(cell.line, len(lines)), max(0, cell.line - 6), -1):
        if FENCE.match(lines[number - 1]):
            return number
    return cell.line


def report(env, docname: str, line: int | None, kind: str, message: str, fix: str) -> None:
    """Record a failure of page `docname` at source line `line` and log it as an error.

    `kind` is a short name (``front-matter``, ``unchecked-formula``, …) shown in brackets;
    `message` says what is wrong, `fix` what to do about it."""
    failure = {"line": line, "kind": kind, "message": message, "fix": fix}
    facts(env, "failures").setdefault(docname, []).append(failure)
    log(source_location(env, docname, line), failure)


def log(location, failure) -> None:
    logger.error(f"{failure['message']}\n    Fix: {failure['fix']}", location=location,
                 type="blog", subtype=failure["kind"])


class WarnedPages(std_logging.Filter):
    """Notes the page each warning names; lets every record through."""

    def __init__(self, app):
        super().__init__()
        self.app = app
        self.pages: set[str] = set()

    def filter(self, record) -> bool:
        if record.levelno >= std_logging.WARNING:
            docname = docname_of(self.app, record)
            if docname:
                self.pages.add(docname)
        return True


def docname_of(app, record) -> str | None:
    """The page a log record names (its location, before Sphinx turns that into text)."""
    if getattr(record, "docname", None):
        return record.docname
    location = getattr(record, "location", None)
    if isinstance(location, tuple):
        return location[0]
    if isinstance(location, nodes.Node):
        source = location.get("source") if isinstance(location, nodes.Element) else None
        source = source or getattr(location, "source", None)
        return app.env.path2doc(source) if source else None
    if isinstance(location, str):
        path = location.split(":")[0]
        return app.env.path2doc(str(Path(app.srcdir) / path)) or app.env.path2doc(path) or (
            location if location in app.env.found_docs else None)
    return None


def warned_record(app) -> Path:
    return Path(app.doctreedir) / "warned-pages.json"


def install_warning_record(app):
    app._blog_warned = WarnedPages(app)
    for handler in std_logging.getLogger("sphinx").handlers:
        handler.filters.insert(0, app._blog_warned)


def save_warned_pages(app, exception):
    if exception is None:
        pages = sorted(app._blog_warned.pages & set(app.env.found_docs))
        warned_record(app).write_text(json.dumps(pages), encoding="utf-8")


def failing_pages(env) -> list[str]:
    return sorted(docname for docname, found in facts(env, "failures").items() if found)


def reread_failing_pages(app, env, added, changed, removed):
    """A failure is never hidden behind an unchanged source: failing pages are read again."""
    record = warned_record(app)
    warned = json.loads(record.read_text(encoding="utf-8")) if record.is_file() else []
    return sorted(docname for docname in {*failing_pages(env), *warned}
                  if docname in env.found_docs and docname not in removed)


def summary(app, exception):
    if exception is not None:
        return
    env = app.env
    pages = {docname: facts(env, "failures")[docname] for docname in failing_pages(env)}
    if not pages:
        return
    count = sum(map(len, pages.values()))
    lines = [red(bold(f"The build failed: {count} problem{'s' * (count != 1)} to fix "
                      "(each is described above, with its fix):"))]
    for docname, found in pages.items():
        kinds = ", ".join(sorted({f["kind"] for f in found}))
        lines.append(f"  {source_location(env, docname, None)}: {len(found)} ({kinds})")
    logger.info("\n".join(lines))
    app.statuscode = 1  # fails the build even without -W


def setup(app):
    app.add_domain(BlogDomain)
    install_warning_record(app)
    app.connect("build-finished", save_warned_pages)
    app.connect("env-get-outdated", reread_failing_pages)
    app.connect("build-finished", summary, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
