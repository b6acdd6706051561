"""A post whose execution failed fails the build, in words an author can act on.

MyST-NB runs every post (jupyter-cache). When a cell raises, times out or writes to stderr, this
module reports it to the failure registry (failures.py) as ``posts/<name>.md:<line>`` of the cell,
with the exception and the author's own frame (the lines of the post's cells, not those of
nbclient or jupyter-cache) in a few lines; the whole traceback goes to
``_build/reports/<post>.log``, beside the site and never inside it. The registry makes the post
fail again on every following build until it is fixed.

MyST-NB's own reports of the same failures are silenced here, because they say less: its
"Executing notebook failed" warning (about 20 lines of nbclient internals before the author's
traceback), its report written inside the HTML output, its "stderr was found" warning (which
does not come back on a rebuild), and the "No key … in glue data" warnings that follow a failed
cell because the cells after it never ran.
"""

from __future__ import annotations

import logging as std_logging
import re
import shutil
import time
from pathlib import Path

from docutils import nodes
from myst_nb.sphinx_ import NbMetadataCollector
from sphinx.util import logging

from ..judge.failures import cell_line, docname_of, facts, failing_pages, report

logger = logging.getLogger(__name__)

ANSI = re.compile(r"\x1b\[[0-9;]*m")
# IPython names a frame in a notebook cell "Cell In[3], line 5" (optionally ", in f()").
CELL_FRAME = re.compile(r"^Cell In\[\d+\], line (\d+)")
# The configuration dumps, and MyST-NB's cache chatter around "Executed notebook in …".
CONFIG_DUMP = re.compile(r"(Md|Nb)ParserConfig\(|^Using jupyter-cache at|Executing notebook using"
                         r"|Cached executed notebook|Using cached notebook")
MAX_FRAME_LINES = 8
TIMEOUT = "CellTimeoutError"  # nbclient's, in jupyter-cache's record of the failure  # of the author's frame; the whole message stays under 15 lines


def reports_folder(app) -> Path:
    return Path(app.outdir).parent / "reports"


def shown_path(path: Path) -> str:
    """`path` as the author can paste it: relative to the working folder when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def code_cells(doctree):
    return [c for c in doctree.findall(nodes.container) if c.get("nb_element") == "cell_code"]


def outputs_with_class(cell, name):
    return [n for n in cell.findall(nodes.literal_block) if name in n.get("classes", [])]


def source_lines(app, docname) -> list[str]:
    return Path(app.env.doc2path(docname)).read_text(encoding="utf-8").splitlines()


def first_code_line(app, docname, cell) -> int | None:
    """The .md line of the cell's first line of code (after the fence and its `:option:` lines)."""
    fence = cell_line(app.env, docname, cell)
    if fence is None:
        return None
    lines = source_lines(app, docname)
    at = fence  # 0-based index of the line after the fence
    while at < len(lines) and (lines[at].startswith(":") or not lines[at].strip()):
        at += 1
    return at + 1


def authors_frame(traceback: str) -> list[str]:
    """The innermost frame of the post's own cells: its header and the lines around the arrow."""
    lines = traceback.splitlines()
    starts = [i for i, line in enumerate(lines) if CELL_FRAME.match(line)]
    if not starts:
        return []
    start = starts[-1]
    end = next((i for i in range(start + 1, len(lines)) if not lines[i].strip()), len(lines))
    frame = lines[start:end]
    arrow = next((i for i, line in enumerate(frame) if line.lstrip().startswith("--->")), len(frame) - 1)
    keep = frame[max(1, arrow - 2):arrow + 2]
    return [frame[0], *keep][:MAX_FRAME_LINES]


def exception_line(traceback: str) -> str:
    lines = [line for line in traceback.splitlines() if line.strip()]
    return lines[-1].strip() if lines else "the cell failed"


def check_execution(app, doctree):
    env, docname = app.env, app.env.docname
    exec_data = NbMetadataCollector.get_exec_data(env, docname)
    if not exec_data:
        return
    if exec_data.get("succeeded") and exec_data.get("mtime", 0) >= app._blog_build_start:
        facts(env, "executed")[docname] = exec_data.get("runtime")
    cells = code_cells(doctree)
    for cell in cells:
        for node in outputs_with_class(cell, "stderr"):
            text = ANSI.sub("", node.astext()).strip()
            first = text.splitlines()[0] if text else ""
            report(env, docname, cell_line(env, docname, cell), "stderr",
                   f"the cell wrote to stderr:\n    {first[:200]}",
                   "stderr means a warning or an error: fix its cause (or, for a warning you "
                   "expect, catch it with `warnings.catch_warnings()` in the cell)")
    if not exec_data.get("traceback"):
        return
    log_file = reports_folder(app) / f"{docname}.log"
    log_file.parent.mkdir(parents=True, exist_ok=True)
    raised = next(((cell, node) for cell in cells for node in outputs_with_class(cell, "traceback")), None)
    if raised is not None:
        cell, node = raised
        traceback = ANSI.sub("", node.astext())
        log_file.write_text(traceback + "\n\n" + exec_data["traceback"], encoding="utf-8")
        frame = authors_frame(traceback)
        line = cell_line(env, docname, cell)
        where = ""
        header = CELL_FRAME.match(frame[0]) if frame else None
        if header:
            # The frame may be in an earlier cell (a function defined there): "Cell In[n]" is
            # that cell's execution count.
            count = int(re.search(r"In\[(\d+)\]", frame[0]).group(1))
            owner = next((c for c in cells if c.get("exec_count") == count), cell)
            start = first_code_line(app, docname, owner)
            if start:
                where = f" (line {start + int(header.group(1)) - 1} of the post)"
        shown = "\n".join("    " + text for text in frame)
        if TIMEOUT in exec_data["traceback"]:
            report(env, docname, line, "cell-timeout",
                   f"the cell ran past the time limit and was stopped{where}:\n{shown}\n"
                   f"  full traceback: {shown_path(log_file)}", timeout_fix(app, exec_data))
            return
        report(env, docname, line, "cell-raised",
               f"a cell raised {exception_line(traceback)}\n  in the post's code{where}:\n{shown}\n"
               f"  full traceback: {shown_path(log_file)}",
               "correct the code (or the formula it checks) and run `make html` again")
        return
    # No cell shows an error: the kernel timed out or died while running the first cell that
    # has no execution count.
    log_file.write_text(exec_data["traceback"], encoding="utf-8")
    stuck = next((cell for cell in cells if cell.get("exec_count") is None), cells[-1] if cells else None)
    reason = exception_line(exec_data["traceback"])
    timeout = TIMEOUT in exec_data["traceback"]
    report(env, docname, cell_line(env, docname, stuck),
           "cell-timeout" if timeout else "execution",
           f"the post stopped running in this cell: {reason}\n  full traceback: {shown_path(log_file)}",
           timeout_fix(app, exec_data) if timeout else "run the post's code in Python to find why the kernel stopped")


def timeout_fix(app, exec_data) -> str:
    limit = re.search(r"after (\d+) seconds", exec_data["traceback"])
    seconds = limit.group(1) if limit else app.config.nb_execution_timeout
    return (f"make the cell finish within {seconds} s (smaller data, fewer "
            "iterations), or give the post a longer limit: `mystnb:` / `execution_timeout: <s>` "
            "in its front matter")


class QuietMystNb(std_logging.Filter):
    """Drops MyST-NB's reports of what check_execution reports better (see the module's doc),
    and the dumps of their whole configuration that myst-parser and MyST-NB print at start
    (about 1,500 characters each: `myst v5.2.0: MdParserConfig(...)`)."""

    def __init__(self, app):
        super().__init__()
        self.app = app

    def filter(self, record) -> bool:
        kind, subtype = getattr(record, "type", None), getattr(record, "subtype", None)
        if record.levelno < std_logging.WARNING and CONFIG_DUMP.search(record.getMessage()):
            return False
        if kind == "mystnb" and subtype in ("exec", "stderr"):
            return False
        if subtype in ("glue", "glue_ref"):
            docname = docname_of(self.app, record)
            return docname is None or docname not in failed_execution(self.app.env)
        return True


def failed_execution(env) -> set[str]:
    failures = facts(env, "failures")
    return {d for d in failing_pages(env)
            if any(f["kind"] in ("cell-raised", "cell-timeout", "execution") for f in failures[d])}


def install_filter(app):
    quiet = QuietMystNb(app)
    for handler in std_logging.getLogger("sphinx").handlers:
        # First, before Sphinx turns a record's location into text.
        handler.filters.insert(0, quiet)


def report_executed(app, exception):
    executed = sorted(facts(app.env, "executed"))
    if executed and exception is None:
        logger.info(f"executed {len(executed)} post{'s' * (len(executed) != 1)}: "
                    + ", ".join(Path(app.env.doc2path(d, False)).as_posix() for d in executed))
    # MyST-NB writes its own reports inside the HTML output: never publish them.
    shutil.rmtree(Path(app.outdir) / "reports", ignore_errors=True)


def clear_executed(app, env, docnames):
    facts(env, "executed").clear()


def setup(app):
    app._blog_build_start = time.time() - 1
    install_filter(app)  # now: the configuration dumps come at builder-inited
    app.connect("env-before-read-docs", clear_executed)
    app.connect("doctree-read", check_execution)
    app.connect("build-finished", report_executed, priority=800)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
