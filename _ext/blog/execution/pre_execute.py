"""The posts that need executing run side by side, before Sphinx reads them.

MyST-NB executes a post while Sphinx reads it, one post after another, and ABlog is not
parallel-read safe (`sphinx-build -j` reads serially with a warning), so a clean build used one
core of two. Here, once Sphinx knows which pages it will read (``env-before-read-docs``), every
post whose code has no result in jupyter-cache's cache yet is executed in a pool of worker
processes, one kernel per worker, and its result stored in that cache exactly as MyST-NB stores
it (jupyter-cache keys a notebook on its code cells and kernelspec alone). MyST-NB then finds
every result in the cache while reading, as on a rebuild.

A post that fails here (a raising cell, a timeout) is not stored: MyST-NB executes it again
while reading, so its error is reported by the usual path (cells.py), word for word.
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from sphinx.util import logging

from ..judge.failures import facts
from ..judge.front_matter import is_post

logger = logging.getLogger(__name__)


def execute(source: dict, cwd: str, timeout: int):
    """In a worker: run one notebook; (notebook, seconds) or (None, error text)."""
    import nbformat
    from jupyter_cache.executors.utils import single_nb_execution

    notebook = nbformat.from_dict(source)
    result = single_nb_execution(notebook, cwd=cwd, allow_errors=False, timeout=timeout,
                                 meta_override=True)
    if result.err is not None:
        return None, f"{type(result.err).__name__}"
    return nbformat.writes(notebook), result.time


def notebook_of(app, docname: str):
    """The notebook MyST-NB builds from the post (code cells and kernelspec are what count),
    and the post's timeout; None for a page without code."""
    from myst_nb.core.read import create_nb_reader

    path = app.env.doc2path(docname)
    text = Path(path).read_text(encoding="utf-8")
    reader = create_nb_reader(str(path), app.env.myst_config, app.env.mystnb_config, text)
    if reader is None:
        return None, None
    notebook = reader.read(text)
    if not any(cell.cell_type == "code" for cell in notebook.cells):
        return None, None
    overrides = notebook.metadata.get(app.env.mystnb_config.metadata_key, {}) or {}
    timeout = overrides.get("execution_timeout", app.config.nb_execution_timeout)
    # Only the kernelspec of the metadata: the rest (the front matter, with a YAML date) is
    # no part of the cache's key and need not survive JSON.
    notebook.metadata = {"kernelspec": dict(notebook.metadata.get("kernelspec", {}))}
    return notebook, timeout


def pre_execute(app, env, docnames):
    if app.config.nb_execution_mode != "cache" or app.builder.format != "html":
        return
    import nbformat
    from jupyter_cache import get_cache
    from jupyter_cache.base import CacheBundleIn

    cache = get_cache(app.config.nb_execution_cache_path)
    waiting = {}
    failed = facts(env, "failures")  # last build's, still there: pages are purged as read
    for docname in sorted(docnames):
        if not is_post(app, docname) or failed.get(docname):
            continue  # a post that failed last time would likely fail twice: MyST-NB runs it once
        try:
            notebook, timeout = notebook_of(app, docname)
        except Exception:  # an unreadable post is MyST-NB's to report, while reading
            continue
        if notebook is None:
            continue
        try:
            cache.match_cache_notebook(notebook)
            continue  # its result is in the cache already
        except KeyError:
            waiting[docname] = (notebook, timeout)
    if len(waiting) < 2:
        return  # one post: MyST-NB runs it as fast, and reports it in the usual place
    workers = min(len(waiting), os.cpu_count() or 1)
    # spawn: a fresh interpreter per worker, not a fork of Sphinx's threads and open files.
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        started = {docname: pool.submit(execute, dict(notebook), str(Path(env.doc2path(docname)).parent),
                                        timeout)
                   for docname, (notebook, timeout) in waiting.items()}
        for docname, future in started.items():
            try:
                text, seconds = future.result()
            except Exception:
                continue
            if text is None:
                continue  # MyST-NB runs it again while reading and reports the error

            cache.cache_notebook_bundle(
                CacheBundleIn(nbformat.reads(text, as_version=4), str(env.doc2path(docname)),
                              data={"execution_seconds": seconds}),
                check_validity=False, overwrite=True)
            logger.info(f"{env.doc2path(docname)}: Executed notebook in {seconds:.2f} seconds "
                        f"(in parallel, {workers} workers)")


def setup(app):
    # After cells.py clears its record of executed posts (priority 500) for this build.
    app.connect("env-before-read-docs", pre_execute, priority=600)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
