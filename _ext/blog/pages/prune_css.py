"""Ship only the CSS the pages use: the themes' big stylesheets, pruned after every build.

pydata-sphinx-theme's stylesheet is 377 KB (about 64 KB gzipped), most of it Bootstrap and a
`--fa` rule for each of Font Awesome's 2,000 icons; sphinx-design's and MyST-NB's add 100 KB
more. Every page blocks its first paint on them. After the pages are written, PurgeCSS (npm,
pinned in package.json) keeps the rules whose selectors can match something in a written page or
in a script the pages load (which add classes at run time: the theme's, Bootstrap's, the copy
button's, this site's), plus SAFELIST: states that only exist while a reader interacts.

The pruned files are cached under the doctrees folder by a hash of everything they were pruned
against, and handed to bundle_assets.py (``app.blog_pruned_css``), which bundles the pages'
stylesheets into one. They are also written over Sphinx's copies (which it copies afresh on
every build), except MyST-NB's: MyST-NB refuses to copy its own file over a changed one on the
next build, so its pruned copy exists only in the bundle. Without Node or PurgeCSS, the full
stylesheets stay, and the build says so once.
"""

import hashlib
import json
import shutil
import subprocess
from pathlib import Path

from sphinx.util import logging

logger = logging.getLogger(__name__)

# The stylesheets pruned, under the output's _static/ (glob patterns: MyST-NB's has a hash).
PRUNED = ["styles/pydata-sphinx-theme.css", "styles/sphinx-book-theme.css", "sphinx-design.min.css",
          "basic.css", "mystnb.*.css", "pygments.css", "katex/katex.min.css"]
# Pruned in the bundle only, never over their file: MyST-NB's (see above), and those other
# modules of the blog read after a build (the math's, the highlighting's) stay as written.
NOT_OVERWRITTEN = ["mystnb.*.css", "pygments.css", "katex/katex.min.css"]
# Selectors that match only while the reader interacts, or that scripts build from pieces.
SAFELIST = [
    r"^show$", r"^showing$", r"^hiding$", r"^collaps", r"^active$", r"^disabled$", r"^fade$",
    r"^modal", r"^tooltip", r"^bs-tooltip", r"^dropdown",
    r"^search", r"^bd-search", r"^pst-", r"^sidebar", r"^toc", r"^highlighted$", r"^kbd",
    r"^copybtn", r"^o-tooltip", r"^success$", r"^theme-switch", r"^scrolled", r"^dark$", r"^light$",
    r"^focus", r"^visible", r"^highlight",
]
GREEDY = [r"data-theme", r"data-mode", r"dialog", r"open", r"aria-", r"role"]
VERSION = "3"


def stylesheets(static: Path) -> list[Path]:
    return sorted({path for pattern in PRUNED for path in static.glob(pattern)})


def cached_name(outdir: Path, path: Path) -> str:
    """`_static/styles/x.css` → `styles__x.css`: the pruned copy's name in the cache."""
    return path.relative_to(outdir / "_static").as_posix().replace("/", "__")


def content_files(outdir: Path) -> list[Path]:
    pages = [p for p in outdir.rglob("*.html") if "_static" not in p.parts]
    # Bootstrap's bundle names every Bootstrap component (carousel, offcanvas, popover, ...), most
    # of which no page uses: it is left out, and the states the theme toggles through it are
    # in SAFELIST.
    scripts = [p for p in (outdir / "_static").rglob("*.js")
               if "katex" not in p.parts and p.name not in ("fontawesome.js", "bootstrap.js")]
    return sorted(pages + scripts)


def prune(app, exception):
    if exception is not None or app.builder.format != "html" or not app.config.blog_prune_css:
        return
    confdir, outdir = Path(app.confdir), Path(app.outdir)
    package = confdir / "node_modules" / "purgecss"
    node = shutil.which("node")
    if node is None or not package.is_dir():
        logger.info("CSS: Node or node_modules/purgecss not found (run `npm ci`); "
                    "the themes' stylesheets are shipped whole")
        return
    css = stylesheets(outdir / "_static")
    content = content_files(outdir)
    digest = hashlib.sha256(VERSION.encode())
    for path in css + content:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    cache = Path(app.doctreedir) / "pruned-css" / digest.hexdigest()[:20]
    if not cache.is_dir():
        staging = cache.with_name(cache.name + ".tmp")
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir(parents=True)
        job = {"purgecss": str(package), "css": [str(p) for p in css], "content": [str(p) for p in content],
               "out": [str(staging / cached_name(outdir, p)) for p in css],
               "safelist": SAFELIST, "greedy": GREEDY}
        result = subprocess.run([node, str(Path(__file__).with_suffix(".js"))], input=json.dumps(job),
                                capture_output=True, text=True, timeout=300)
        if result.returncode:
            logger.warning("CSS pruning failed, the stylesheets are shipped whole:\n%s",
                           result.stderr[-2000:], type="blog", subtype="css")
            return
        staging.rename(cache)
    app.blog_pruned_css = {}
    for path in css:
        name = path.relative_to(outdir / "_static").as_posix()
        app.blog_pruned_css[name] = cache / cached_name(outdir, path)
        if not any(path.match(pattern) for pattern in NOT_OVERWRITTEN):
            shutil.copyfile(app.blog_pruned_css[name], path)


def setup(app):
    app.add_config_value("blog_prune_css", True, "html", bool)
    # After the pages and the fonts are written (icons.py cuts Font Awesome by the same pages).
    app.connect("build-finished", prune, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
