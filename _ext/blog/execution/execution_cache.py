"""Posts are re-executed when the package they import changes, and only then.

jupyter-cache keys a notebook on its code cells alone, and Sphinx does not track the modules a
notebook imports, so an edit to `src/backprop` would otherwise be served from a stale cache.
The cache folder is named after a hash of src/: an edit re-executes every post, and reverting
the edit finds the old results again. The figures' style file (posts/matplotlibrc) and the
kernels' configuration (kernels.py) are hashed too: the kernels read them at run time.
"""

import hashlib
from contextlib import closing
import shutil
import sqlite3
from pathlib import Path

from sphinx.util import logging

from .kernels import KERNEL_CONFIG

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
        extra = (style.read_bytes() if style.is_file() else b"") + KERNEL_CONFIG.encode()
        key = hashlib.sha256(key.encode() + extra).hexdigest()[:16]
        config.nb_execution_cache_path = str(Path(app.outdir).parent / ".jupyter_cache" / key)
    discard_if_damaged(Path(config.nb_execution_cache_path))


def discard_if_damaged(cache: Path) -> None:
    """A cache is disposable: one whose database is unreadable (a full disk, a killed write)
    would stop the build with SQLAlchemy's DatabaseError and a crash report, so it is said in
    one line, removed, and the posts are executed again."""
    database = cache / "global.db"
    if not database.is_file():
        return
    try:
        with closing(sqlite3.connect(f"file:{database}?mode=ro", uri=True)) as connection:
            connection.execute("SELECT count(*) FROM sqlite_master").fetchall()
        return
    except sqlite3.DatabaseError as error:
        problem = error
    shutil.rmtree(cache, ignore_errors=True)
    # Not a warning: -W would fail a build that has nothing wrong with its posts.
    logger.info(f"the execution cache was damaged ({database.name}: {problem}): removed, "
                "the posts are executed again")


def setup(app):
    app.connect("config-inited", use_cache_per_source_version)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
