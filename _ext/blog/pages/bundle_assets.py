"""One stylesheet per page instead of thirteen: the pages' CSS bundled after every build.

Sphinx, the themes and the extensions each add their own stylesheet (theme.css, which reaches
basic.css by ``@import``, pydata-sphinx-theme.css, pygments.css, MyST-NB's, KaTeX's, the
blog's ...), and a browser paints nothing until every one has arrived. On a slow phone over
HTTP/1.1 each costs a connection and a round trip. After the pages are written (and
prune_css.py has pruned the themes' files), this module concatenates, in the pages' order,
the stylesheets a page links into one file named by its content's hash
(``_static/site.<hash>.css``, so a changed bundle is never served stale from a cache), and
every page links that one file instead:

- ``@import`` is inlined (the bundle makes no second request);
- relative ``url()``s are rewritten from their file's folder to the bundle's (``_static/``);
- pruned copies come from prune_css.py (MyST-NB's stylesheet is pruned only in the bundle:
  MyST-NB refuses to copy its file over a changed one);
- ``documentation_options.js``, which the pages' inline scripts read at once and so cannot be
  deferred, is written into the page (it is 300 bytes: a blocking request less).

With ``blog_inline_css`` (conf.py), the bundle is written into each page's head instead
(``<style data-bundle="site.<hash>.css">``, its URLs rewritten for the page): the first paint
then waits for no request at all. Measured on a throttled phone (first_paint.py --against),
that paints 170–450 ms sooner than the linked bundle; the price is that a reader's next page
brings the CSS again (about 36 KB gzipped) instead of taking it from the cache.

A page written by an earlier build keeps its older bundle; its list of stylesheets is then read
from ``css-bundles.json`` beside the doctrees, so every page links the current
bundle of its list. Bundles no page links are removed. A page linking a stylesheet from
another site (a CDN) is left as it is, and the build says so once. Anything else this cannot
resolve (a missing file, a circular @import) fails the build with the file and the fix.
"""

from __future__ import annotations

import hashlib
import json
import posixpath
import re
from pathlib import Path

from sphinx.errors import ExtensionError
from sphinx.util import logging

logger = logging.getLogger(__name__)

BUNDLE = re.compile(r"^site\.[0-9a-f]{16}\.css$")
INLINED = re.compile(r'<style data-bundle="(site\.[0-9a-f]{16}\.css)">.*?</style>', re.S)
LINK = re.compile(r"<link\b[^>]*>", re.I)
ATTRIBUTE = re.compile(r'([\w:-]+)\s*=\s*"([^"]*)"')
IMPORT = re.compile(r"""@import\s+(?:url\(\s*)?["']?([^"')\s]+)["']?\s*\)?\s*([^;]*);""")
URL = re.compile(r"""url\(\s*(["']?)([^"')]+)\1\s*\)""")
CHARSET = re.compile(r"""@charset\s+["'][^"']*["']\s*;""")
SOURCE_MAP = re.compile(r"/\*#\s*sourceMappingURL=[^*]*\*/")
OPTIONS_SCRIPT = re.compile(r'<script src="([^"]*_static/documentation_options\.js)(?:\?[^"]*)?"></script>')
MANIFEST = "css-bundles.json"
REMOTE = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//)", re.I)


def stylesheet_links(head: str) -> list[tuple[re.Match, dict]]:
    """The `<link rel="stylesheet">` tags of a page's head, with their attributes."""
    links = []
    for match in LINK.finditer(head):
        attributes = dict(ATTRIBUTE.findall(match.group(0)))
        if attributes.get("rel", "").lower() == "stylesheet":
            links.append((match, attributes))
    return links


def static_name(page: Path, href: str, outdir: Path) -> str:
    """`../_static/styles/x.css?v=1` linked from `page` → `styles/x.css` (under _static)."""
    target = (page.parent / href.split("?", 1)[0].split("#", 1)[0]).resolve()
    static = (outdir / "_static").resolve()
    if static not in target.parents:
        raise ExtensionError(f"{page}: links the stylesheet {href} outside _static/. Fix: put it "
                             f"in a folder of html_static_path.")
    return target.relative_to(static).as_posix()


def rebase(css: str, name: str) -> str:
    """Rewrites the relative url()s of `css`, written for `_static/<name>`, for `_static/`."""
    folder = posixpath.dirname(name)

    def rewrite(match: re.Match) -> str:
        quote, url = match.groups()
        if re.match(r"^(?:[a-z][a-z0-9+.-]*:|/|#)", url, re.I) or not folder:
            return match.group(0)
        return f"url({quote}{posixpath.normpath(posixpath.join(folder, url))}{quote})"

    return URL.sub(rewrite, css)


def flatten(name: str, read, seen: tuple = ()) -> str:
    """The stylesheet `_static/<name>` with its @imports inlined, its URLs for `_static/`."""
    if name in seen:
        raise ExtensionError(f"_static/{name}: imports itself (through {' → '.join(seen)}). "
                             f"Fix: remove the circular @import.")
    css = SOURCE_MAP.sub("", CHARSET.sub("", read(name)))

    def inline(match: re.Match) -> str:
        url, media = match.group(1), match.group(2).strip()
        if re.match(r"^(?:[a-z][a-z0-9+.-]*:|//)", url, re.I):
            raise ExtensionError(f"_static/{name}: @imports {url} from another site. Fix: copy it "
                                 f"into _static/ and link it with html_css_files.")
        imported = flatten(posixpath.normpath(posixpath.join(posixpath.dirname(name), url)), read,
                           seen + (name,))
        return f"@media {media}{{{imported}}}" if media else imported

    return rebase(IMPORT.sub(inline, css), name)


def bundle_text(names: list[str], media: list[str | None], read) -> str:
    parts = []
    for name, query in zip(names, media):
        css = flatten(name, read)
        if "</style" in css.lower():  # it would end the page's <style> early
            raise ExtensionError(f"_static/{name}: contains '</style'. Fix: write it as '<\\/style'.")
        parts.append(f"/* {name} */\n" + (f"@media {query}{{{css}}}" if query else css))
    return "\n".join(parts) + "\n"


def bundle_name(text: str) -> str:
    return f"site.{hashlib.sha256(text.encode()).hexdigest()[:16]}.css"


def inline_options(html: str, options: str | None) -> str:
    """The page's `<script src=…documentation_options.js>` replaced by the script's text."""
    if options is None:
        return html
    return OPTIONS_SCRIPT.sub(lambda m: f"<script>{options.strip()}</script>", html, count=1)


def bundle(app, exception):
    if exception is not None or app.builder.format != "html" or not app.config.blog_bundle_assets:
        return
    outdir = Path(app.outdir)
    static = outdir / "_static"
    manifest_path = Path(app.doctreedir) / MANIFEST
    manifest = json.loads(manifest_path.read_text()) if manifest_path.is_file() else {}
    pruned = getattr(app, "blog_pruned_css", {})  # _static name → pruned copy (prune_css.py)

    def read(name: str) -> str:
        path = pruned.get(name) or static / name
        if not path.is_file():
            raise ExtensionError(f"_static/{name}: a page links or imports it, but it was not "
                                 f"written. Fix: check html_css_files in conf.py and the "
                                 f"extension that adds it.")
        return path.read_text(encoding="utf-8")

    options_file = static / "documentation_options.js"
    options = options_file.read_text(encoding="utf-8") if options_file.is_file() else None
    bundles: dict[tuple, str] = {}  # (names, media) → bundle file name
    texts: dict[tuple, str] = {}
    inline = app.config.blog_inline_css
    told: set[str] = set()
    for page in sorted(p for p in outdir.rglob("*.html") if "_static" not in p.relative_to(outdir).parts):
        html = page.read_text(encoding="utf-8")
        end = html.find("</head>")
        if end < 0:
            continue
        head, rest = html[:end], html[end:]
        links = [(m, a) for m, a in stylesheet_links(head)] + [(m, {"href": m.group(1), "inlined": True})
                                                               for m in INLINED.finditer(head)]
        links.sort(key=lambda link: link[0].start())
        if not links:
            continue
        remote = [attrs["href"] for _, attrs in links if REMOTE.match(attrs["href"])]
        if remote:  # bundling around it would change the cascade's order: the page stays as it is
            if remote[0] not in told:
                logger.info("CSS: pages that link %s (from another site) keep their stylesheets "
                            "unbundled; serve it from _static/ to bundle it", remote[0])
                told.add(remote[0])
            continue
        names = [attrs["href"] if attrs.get("inlined") else static_name(page, attrs["href"], outdir)
                 for _, attrs in links]
        media = [attrs.get("media") if attrs.get("media", "all") != "all" else None for _, attrs in links]
        if len(names) == 1 and BUNDLE.match(names[0]):
            # Written by an earlier build: its list of stylesheets is in the manifest.
            if names[0] not in manifest:
                raise ExtensionError(f"{page}: links the stylesheet bundle {names[0]}, which "
                                     f"{manifest_path} does not list. Fix: remove the build "
                                     f"folder (make clean) and build again.")
            names, media = manifest[names[0]]["names"], manifest[names[0]]["media"]
        key = (tuple(names), tuple(media))
        if key not in bundles:
            texts[key] = bundle_text(names, media, read)
            bundles[key] = bundle_name(texts[key])
            if not inline:
                (static / bundles[key]).write_text(texts[key], encoding="utf-8")
            manifest[bundles[key]] = {"names": names, "media": media}
        href = posixpath.relpath("_static/" + bundles[key], page.parent.relative_to(outdir).as_posix() or ".")
        if inline:  # the bundle's URLs are relative to _static/: rewritten for this page
            tag = f'<style data-bundle="{bundles[key]}">{rebase(texts[key], href)}</style>'
        else:
            tag = f'<link rel="stylesheet" href="{href}" />'
        first, *others = [match for match, _ in links]
        new_head = (head[:first.start()] + tag
                    + "".join(head[a.end():b.start()] for a, b in zip([first, *others], others))
                    + head[(others[-1] if others else first).end():])
        new_html = inline_options(new_head, options) + rest
        if new_html != html:  # an unchanged page keeps its time stamp (incremental builds)
            page.write_text(new_html, encoding="utf-8")
    in_use = set(bundles.values())
    for stale in static.glob("site.*.css"):
        if BUNDLE.match(stale.name) and (inline or stale.name not in in_use):
            stale.unlink()
    # Every page now holds a bundle in use; only those need remembering.
    manifest = {name: entry for name, entry in manifest.items() if name in in_use}
    manifest_path.write_text(json.dumps(manifest, indent=1, sort_keys=True))


def setup(app):
    app.add_config_value("blog_bundle_assets", True, "html", bool)
    app.add_config_value("blog_inline_css", False, "html", bool)
    # After prune_css (900), whose pruned copies it bundles, and after every page is written.
    app.connect("build-finished", bundle, priority=910)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
