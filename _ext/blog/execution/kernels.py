"""How the posts' kernels run: SVG figures by default, fixed figure dates, a quiet start.

The kernels inherit this process's environment. IPYTHONDIR points them at a profile written
under the doctrees folder, whose `ipython_kernel_config.py`

- makes SVG the inline figure format, so a post needs no `%config` line (and a figure scales
  on every screen; rules.py refuses any other format);
- silences the kernel's own log (a cell's errors reach the build as its outputs, not through
  this log; a kernel stopped at a timeout logs a socket error): ipykernel 7.3+ warns on every start that it "is running
  over TCP without encryption" (added in https://github.com/ipython/ipykernel/pull/1515;
  encryption is negotiated per https://github.com/jupyter/enhancement-proposals/pull/145). The
  kernel talks to this build over localhost only, and nbclient, through jupyter-cache, offers no
  way to ask its kernel manager for CurveZMQ keys (`transport_encryption`).

SOURCE_DATE_EPOCH is fixed, so matplotlib writes the same date into every SVG.
"""

import os
from pathlib import Path

KERNEL_CONFIG = '''\
# Written by _ext/blog/execution/kernels.py for the kernels that run the posts.
c.InlineBackend.figure_formats = {"svg"}
c.IPKernelApp.log_level = "CRITICAL"
'''


def prepare_kernels(app):
    # Set after config-inited: Sphinx would otherwise also move the copyright year to 2023.
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1692403200")  # the first post's date
    profile = Path(app.doctreedir) / "ipython" / "profile_default"
    profile.mkdir(parents=True, exist_ok=True)
    config = profile / "ipython_kernel_config.py"
    if not config.is_file() or config.read_text() != KERNEL_CONFIG:
        config.write_text(KERNEL_CONFIG)
    os.environ["IPYTHONDIR"] = str(profile.parent)


def setup(app):
    app.connect("builder-inited", prepare_kernels)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
