"""A post whose execution failed fails the build, and keeps failing until it is fixed.

MyST-NB reports a failed notebook as a warning (a failure only under -W) and, as the source did
not change, the next build would not read it again: here the build fails even without -W, the
failed posts are re-read by every following build, and MyST-NB's failure reports, which it
writes inside the HTML output, are moved beside it so that they are never published.
"""

import shutil
from pathlib import Path

from myst_nb.sphinx_ import NbMetadataCollector
from sphinx.util import logging

logger = logging.getLogger(__name__)


def failed_notebooks(env) -> list[str]:
    return sorted(
        docname
        for docname in env.found_docs
        if (NbMetadataCollector.get_exec_data(env, docname) or {}).get("traceback")
    )


def reread_failed_notebooks(app, env, added, changed, removed):
    return failed_notebooks(env)


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
    app.connect("env-get-outdated", reread_failed_notebooks)
    app.connect("build-finished", finish)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
