"""What the build does around executed notebooks.

- Cache per version of src/: jupyter-cache keys a notebook on its code cells only, and Sphinx
  does not track the modules a notebook imports, so an edit to the `backprop` package would
  otherwise be served from a stale cache. Naming the cache folder after a hash of src/ makes
  an edit re-execute every post, and reverting the edit finds the old results again. The
  figures' style file (posts/matplotlibrc) is hashed too: the kernels read it at run time.
- Downloads: each post's executed notebook is offered as .ipynb in the page's download menu.
- Failures: a notebook whose execution failed fails the build (even without -W) and is read
  again by the next build, so a failure is never hidden behind an unchanged source.
- Reports: MyST-NB writes failed-execution logs into the HTML output; they are moved beside it
  so they are never published.
- Figures: the kernels get a fixed SOURCE_DATE_EPOCH, so matplotlib writes the same date into
  every SVG and two builds give identical files.
- Streams: MyST-NB's merging of a cell's stdout chunks strips each chunk, so wherever the
  kernel's periodic flush happens to split a line from its line break the page gains a blank
  line, and two builds of the same code differ. The chunks are joined verbatim first.
"""

import hashlib
import os
import shutil
from pathlib import Path

from myst_nb.core import render as nb_render
from myst_nb.core.utils import coalesce_streams
from myst_nb.sphinx_ import NbMetadataCollector
from sphinx.util import logging

logger = logging.getLogger(__name__)


def source_hash(src_dir: Path) -> str:
    """Hash of the paths and contents of every .py file under `src_dir`."""
    digest = hashlib.sha256()
    for path in sorted(src_dir.rglob("*.py")):
        digest.update(path.relative_to(src_dir).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def use_cache_per_source_version(app, config):
    # The cache path is an "env" config value: when it changes, Sphinx re-reads every post.
    if not config.nb_execution_cache_path:
        key = source_hash(Path(app.confdir) / "src")
        style = Path(app.confdir) / "posts" / "matplotlibrc"
        if style.is_file():
            key = hashlib.sha256(key.encode() + style.read_bytes()).hexdigest()[:16]
        config.nb_execution_cache_path = str(Path(app.outdir).parent / ".jupyter_cache" / key)


def coalesce_streams_verbatim(outputs):
    """One output per stream name, its chunks joined as the kernel sent them, then MyST-NB's
    own clean-up (carriage returns, backspaces, stdout before stderr)."""
    merged, first = [], {}
    for output in outputs:
        if output["output_type"] == "stream" and output["name"] in first:
            first[output["name"]]["text"] += output["text"]
            continue
        if output["output_type"] == "stream":
            output = output.copy()
            first[output["name"]] = output
        merged.append(output)
    return coalesce_streams(merged)


def pin_figure_dates(app):
    # Set after config-inited: Sphinx would otherwise also move the copyright year to 2023.
    # The kernels inherit this process's environment.
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1692403200")  # the first post's date


def failed_notebooks(env) -> list[str]:
    return sorted(
        docname
        for docname in env.found_docs
        if (NbMetadataCollector.get_exec_data(env, docname) or {}).get("traceback")
    )


def reread_failed_notebooks(app, env, added, changed, removed):
    return failed_notebooks(env)


def offer_executed_notebook(app, pagename, templatename, context, doctree):
    # Same mechanism sphinx-book-theme uses when a launch button is configured, without one.
    executed = Path(app.outdir).parent / "jupyter_execute" / f"{pagename}.ipynb"
    if executed.is_file():
        target = Path(app.outdir) / "_sources" / f"{pagename}.ipynb"
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(executed, target)
        context["ipynb_source"] = f"{pagename}.ipynb"


def finish(app, exception):
    failed = failed_notebooks(app.env)
    if failed:
        logger.error(f"notebook execution failed in: {', '.join(failed)}")
        app.statuscode = 1
    reports = Path(app.outdir) / "reports"
    if reports.is_dir():
        destination = Path(app.outdir).parent / "reports"
        shutil.rmtree(destination, ignore_errors=True)
        shutil.move(reports, destination)
        logger.info(f"notebook execution reports moved to {destination}")


def setup(app):
    nb_render.coalesce_streams = coalesce_streams_verbatim  # looked up at call time
    app.connect("config-inited", use_cache_per_source_version)
    app.connect("builder-inited", pin_figure_dates)
    # Before sphinx-book-theme builds the header buttons (priority 501).
    app.connect("html-page-context", offer_executed_notebook, priority=500)
    app.connect("env-get-outdated", reread_failed_notebooks)
    app.connect("build-finished", finish)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
