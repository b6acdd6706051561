"""Posts are re-executed when the package they import changes, and only then.

jupyter-cache keys a notebook on its code cells alone, and Sphinx does not track the modules a
notebook imports, so an edit to `src/backprop` would otherwise be served from a stale cache.
The cache folder is named after a hash of src/: an edit re-executes every post, and reverting
the edit finds the old results again. The figures' style file (posts/matplotlibrc) and the
kernels' configuration (kernels.py) are hashed too: the kernels read them at run time.
"""

import hashlib
from pathlib import Path

from .kernels import KERNEL_CONFIG


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


def setup(app):
    app.connect("config-inited", use_cache_per_source_version)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
