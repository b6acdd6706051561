"""`make preview`: sphinx-autobuild, with each rebuild forked from a warm process.

sphinx-autobuild runs every rebuild as a new `python -m sphinx` process, which spends seconds
importing Sphinx, MyST-NB, ABlog, the theme and matplotlib before it looks at the one page that
changed. Here those libraries are imported once, and each rebuild is a fork of this process
that runs Sphinx's `build_main` and exits: the same build (same options, same output), without
the imports. The blog's own extension (`_ext/blog`) and `conf.py` are not pre-imported, so an
edit to them is seen by the next rebuild.

    python tools/preview.py <sphinx-autobuild arguments…>
"""

import os
import subprocess
import sys

WARM = ["sphinx.cmd.build", "sphinx.builders.html", "myst_nb", "myst_nb.sphinx_ext", "ablog",
        "sphinx_book_theme", "pydata_sphinx_theme", "sphinxcontrib.katex", "sphinxcontrib.bibtex",
        "sphinxext.opengraph", "sphinx_sitemap", "sphinx_design", "sphinx_copybutton",
        "jupyter_cache", "nbclient", "bs4", "yaml", "fontTools.subset"]


class ForkingSubprocess:
    """Stands in for the `subprocess` module inside sphinx_autobuild.build: a
    `python -m sphinx build …` run becomes a fork calling build_main; anything else runs as usual."""

    CalledProcessError = subprocess.CalledProcessError

    @staticmethod
    def run(command, check=False, **kwargs):
        if command[1:4] != ["-m", "sphinx", "build"]:
            return subprocess.run(command, check=check, **kwargs)
        pid = os.fork()
        if pid == 0:  # the child: a fresh build in an already warm interpreter
            code = 1
            try:
                from sphinx.cmd.build import build_main

                code = build_main(command[4:])
            finally:
                sys.stdout.flush()
                sys.stderr.flush()
                os._exit(code)
        _, status = os.waitpid(pid, 0)
        code = os.waitstatus_to_exitcode(status)
        if check and code:
            raise subprocess.CalledProcessError(code, command)
        return subprocess.CompletedProcess(command, code)


def main(argv):
    import importlib

    for name in WARM:
        try:
            importlib.import_module(name)
        except ImportError:
            pass  # an optional piece: the forked build imports what it needs
    from sphinx_autobuild import build
    from sphinx_autobuild.__main__ import main as autobuild

    build.subprocess = ForkingSubprocess
    return autobuild(argv)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
