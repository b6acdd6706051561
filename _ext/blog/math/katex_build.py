"""KaTeX at build time, from the npm copy pinned in package.json.

sphinxcontrib-katex prerenders math with Node but (0.9.11) ignores `katex_options` in that
mode (upstream: https://github.com/hagenw/sphinxcontrib-katex/issues/65 for the macros,
https://github.com/hagenw/sphinxcontrib-katex/issues/145 for every option), so a formula KaTeX
cannot parse becomes red text, and it takes its CSS from a CDN. This extension fixes all three:

- the macros of `katex_macros` and `throwOnError` go into the options sent to Node;
- a formula that KaTeX cannot parse is reported while the page is read, once, to the failure
  registry (failures.py) with its `.md` line: not again for every page that shows an excerpt of
  it (ABlog's lists), and again on every rebuild until it is fixed; each formula is rendered
  once per build, the pages reuse the result;
- the CSS and the woff2 fonts of node_modules/katex are served from the site itself, and
  Node renders with that same copy, so the page and the build agree on one KaTeX version;
- the fonts are cut down to the characters KaTeX draws on the site's pages, so math costs a
  reader well under 100 KB.

It also makes the Node server's start robust: the extension connects as soon as the socket
file exists, which on a loaded machine can be before Node listens (ConnectionRefusedError),
and it left the Node process running when that happened (not reported upstream as far as we
found; the start-up loop is KaTeXServer.start_server_process, from
https://github.com/hagenw/sphinxcontrib-katex/pull/69). Its temporary static folder, new in
every build, becomes a fixed one.

Without Node (or before `npm ci`), math is rendered in the reader's browser instead and the
build says so once.
"""

import hashlib
import json
from html import escape
import re
import shutil
import socket
import subprocess
import time
from html.parser import HTMLParser
from pathlib import Path

import sphinxcontrib.katex as katex
from docutils import nodes
from sphinx.errors import ExtensionError
from sphinx.util import logging

from ..judge.failures import report
from .font_subset import recorded, write_subsets
from ..judge.rules import line_of

logger = logging.getLogger(__name__)

STATIC_SUBDIR = "katex"
# Browsers that can run the site read woff2; the woff and ttf fallbacks are never fetched.
OLD_FONT_FORMATS = re.compile(r',\s*url\([^)]*\.(?:woff|ttf)\)\s*format\("(?:woff|truetype)"\)')


def katex_dist(confdir: Path) -> Path:
    return confdir / "node_modules" / "katex" / "dist"


def choose_renderer(app, config):
    dist = katex_dist(Path(app.confdir))
    macros = config.katex_macros
    if shutil.which(katex.NODEJS_BINARY) and (dist / "katex.min.js").is_file():
        config.katex_prerender = True
        config.katex_js_path = str(dist / "katex.min.js")  # absolute: see katex.build_command
        config.katex_css_path = f"{STATIC_SUBDIR}/katex.min.css"
        katex.KATEX_DEFAULT_OPTIONS.update({"throwOnError": True, "macros": macros})
        katex.KaTeXServer.start_server_process = classmethod(start_server_process)
        katex.setup_static_path = stable_static_path
        install_strict_renderer(app)
    else:
        config.katex_prerender = False
        config.katex_options = f"macros: {json.dumps(macros)}"
        logger.info(
            "KaTeX: Node.js or node_modules/katex not found (run `npm ci`); "
            "math will be rendered in the reader's browser instead of at build time."
        )


STARTUP_TIMEOUT = 60.0  # seconds; the extension's 5 s is short on a busy 2-core machine


def start_server_process(cls, rundir, timeout):
    """KaTeXServer.start_server_process, retrying until Node listens on its socket."""
    socket_path = rundir / "katex.sock"
    process = subprocess.Popen(cls.build_command(socket=socket_path),
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, cwd=rundir)
    deadline = time.monotonic() + max(timeout, STARTUP_TIMEOUT)
    while True:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            sock.connect(str(socket_path))
            return process, sock
        except (FileNotFoundError, ConnectionRefusedError):
            sock.close()
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise ExtensionError(
                    f"the KaTeX server (node {katex.SCRIPT_PATH}) did not start "
                    f"(exit code {process.poll()})"
                ) from None
            time.sleep(0.01)


# (latex, display) -> KaTeX's HTML or the KaTeXError: filled while the pages are read, used
# while they are written (and by the excerpts of the same formulas on other pages).
RENDERED: dict = {}


def render_once(latex, display):
    key = (latex, display)
    if key not in RENDERED:
        try:
            RENDERED[key] = ORIGINAL_RENDER(latex, {"displayMode": True} if display else None)
        except katex.KaTeXError as error:
            RENDERED[key] = error
    return RENDERED[key]


ORIGINAL_RENDER = getattr(katex.render_latex, "wrapped", katex.render_latex)


def install_strict_renderer(app):
    def render_from_cache(latex, options=None):
        result = render_once(latex, bool(options and options.get("displayMode")))
        if isinstance(result, Exception):  # reported with its line when the page was read
            return f'<span class="katex-error">{escape(latex)}</span>'
        return result

    # html_visit_math looks the function up at call time, so replacing it here is enough;
    # `wrapped` keeps a second build in the same process from wrapping the wrapper.
    render_from_cache.wrapped = ORIGINAL_RENDER
    katex.render_latex = render_from_cache


def check_formulas(app, doctree):
    """Render every formula of the page being read; report each one KaTeX refuses."""
    if not app.config.katex_prerender:
        return
    for node in doctree.findall(lambda n: isinstance(n, (nodes.math, nodes.math_block))):
        latex = node.astext()
        result = render_once(latex, isinstance(node, nodes.math_block))
        if isinstance(result, Exception):
            report(app.env, app.env.docname, line_of(node), "katex",
                   f"KaTeX cannot typeset this formula:\n    {latex.strip()[:300]}\n  {result}",
                   "correct the LaTeX; macros are defined once, in `katex_macros` in conf.py "
                   "(KaTeX refuses `\\newcommand` of an existing macro)")


def stable_static_path(app):
    """sphinxcontrib-katex's setup_static_path with a fixed folder instead of a new temporary
    one per build: a changing html_static_path made every rebuild report a changed configuration."""
    folder = Path(app.doctreedir) / "katex-static"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    app._katex_static_path = str(folder)
    if app._katex_static_path not in app.config.html_static_path:
        app.config.html_static_path.append(app._katex_static_path)


def copy_css(app):
    # Into sphinxcontrib-katex's static folder (made by its builder-inited, which runs first).
    if not app.config.katex_prerender:
        return
    dist = katex_dist(Path(app.confdir))
    static = Path(app._katex_static_path) / STATIC_SUBDIR
    static.mkdir(exist_ok=True)
    css = (dist / "katex.min.css").read_text(encoding="utf-8")
    (static / "katex.min.css").write_text(OLD_FONT_FORMATS.sub("", css), encoding="utf-8")


class KatexText(HTMLParser):
    """Collects the characters KaTeX draws: the text inside `.katex-html` elements."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}

    def __init__(self):
        super().__init__()
        self.depth = 0  # > 0 while inside a .katex-html element
        self.characters = set()

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return
        if self.depth:
            self.depth += 1
        elif "katex-html" in (dict(attrs).get("class") or "").split():
            self.depth = 1

    def handle_endtag(self, tag):
        if self.depth and tag not in self.VOID:
            self.depth -= 1

    def handle_data(self, data):
        if self.depth:
            self.characters.update(data)


def characters_drawn_by_katex(pages) -> set:
    parser = KatexText()
    for page in pages:
        parser.feed(page.read_text(encoding="utf-8"))
        parser.close()
        parser.depth = 0
    return parser.characters


def write_subset_fonts(app):
    # The fonts are written here, after the pages, and not through html_static_path: Sphinx
    # would refuse to overwrite a subset copied by an earlier build with the full font.
    fonts = sorted((katex_dist(Path(app.confdir)) / "fonts").glob("*.woff2"))
    target = Path(app.outdir) / "_static" / STATIC_SUBDIR / "fonts"
    record = Path(app.doctreedir) / "katex-font-characters.json"
    # Only the pages written since the last cut are read: the set only grows, so a character
    # once needed is never cut from a font.
    known, since = recorded(record, fonts)
    pages = [page for page in Path(app.outdir).rglob("*.html") if page.stat().st_mtime >= since]
    # ABlog writes its listing pages again on every build, unchanged: a page whose exact
    # content was read before adds no character (the set only grows), so it is not parsed again.
    scanned_record = Path(app.doctreedir) / "katex-scanned-pages.json"
    scanned = set(json.loads(scanned_record.read_text())) if since and scanned_record.is_file() else set()
    texts = {hashlib.sha1(page.read_bytes()).hexdigest(): page for page in pages}
    fresh = [page for digest, page in texts.items() if digest not in scanned]
    characters = {ord(c) for c in characters_drawn_by_katex(fresh) | set("0123456789")} | known
    write_subsets(fonts, target, characters, record)
    scanned_record.write_text(json.dumps(sorted(texts)))  # the pages since the cut, as read now


def finish(app, exception):
    if app.config.katex_prerender and exception is None and app.builder.format == "html":
        write_subset_fonts(app)


def setup(app):
    app.add_config_value("katex_macros", {}, "env", dict)
    app.connect("config-inited", choose_renderer)
    app.connect("builder-inited", copy_css)
    app.connect("doctree-read", check_formulas)
    app.connect("build-finished", finish)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
