"""Each post's executed notebook (.ipynb, with its outputs) is offered in the download menu.

sphinx-book-theme offers the .ipynb only when a launch button is configured; this does what the
theme does then (copy it from jupyter_execute/ and name it in the context), without one.
"""

import shutil
from pathlib import Path


def offer_executed_notebook(app, pagename, templatename, context, doctree):
    executed = Path(app.outdir).parent / "jupyter_execute" / f"{pagename}.ipynb"
    if executed.is_file():
        target = Path(app.outdir) / "_sources" / f"{pagename}.ipynb"
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(executed, target)
        context["ipynb_source"] = f"{pagename}.ipynb"


def setup(app):
    # Before sphinx-book-theme builds the header buttons (priority 501).
    app.connect("html-page-context", offer_executed_notebook, priority=500)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
