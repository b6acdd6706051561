"""Link previews: every page shares a 1200 × 630 PNG, made at build time.

A shared link unfurls with `og:image` (Facebook, LinkedIn, Mastodon, Slack) or `twitter:image`
(X reads og:image too); both want a raster image, 1.91:1, not an SVG. So:

- a post's image is its opening picture: the first SVG figure of the post outside its proofs
  (a figure the package computed), drawn with CairoSVG on white and centred in 1200 × 630;
- a post without a figure, and every other page, gets a title card: the site's name and the
  page's title in large type (the same renderer, from an SVG written here);
- the index, `blog.html` and the tag pages are `og:type` website; posts stay articles. ABlog's
  generated pages (the list of posts, tag and category pages) have no doctree, so
  sphinxext-opengraph writes nothing for them: their tags are written here.

The PNGs go to `_images/social/`. Each is cached under the doctrees folder by a hash of what it
is drawn from, so an unchanged figure is not drawn again; drawing is deterministic (no time
stamps in the PNG). Without CairoSVG (or the Cairo library), pages get no image and the build
says so once.

CairoSVG anchors each piece of a text on its own: in a centred label with a subscript
(`z<tspan dy="5">h,1</tspan>`, backprop.graph_svg) it centred the subscript on the end of the
letter, over it. Such a label is laid out here first (`lay_out_tspans`): measured with Cairo,
as CairoSVG measures it, and started at the x that centres (or ends) the whole label.
"""

import hashlib
import re
import shutil
import textwrap
from html import escape, unescape
from io import BytesIO
from pathlib import Path
from urllib.parse import urljoin

from docutils import nodes
from sphinx.util import logging

logger = logging.getLogger(__name__)

WIDTH, HEIGHT = 1200, 630
MARGIN = 40  # px of white around a figure
FOLDER = "_images/social"
VERSION = "2"  # bump when the drawing changes: the cache keys include it
JOBS_KEY = "blog_social_images"


def renderer():
    """CairoSVG's svg2png, or None when it (or the Cairo library it loads) is missing."""
    try:
        import cairosvg
        return cairosvg.svg2png
    except (ImportError, OSError):
        return None


def first_figure(app, doctree) -> Path | None:
    """The post's first SVG figure outside its proofs (pages/proof_notes.py), as a source file."""
    from .proof_notes import proof_note

    for image in doctree.findall(nodes.image):
        # The writer points `uri` at the published copy; `candidates` keeps the source path.
        uri = (image.get("candidates") or {}).get("*") or image.get("uri", "")
        if not uri.endswith(".svg"):
            continue
        if any(isinstance(parent, proof_note) for parent in ancestors(image)):
            continue
        path = Path(app.srcdir) / uri
        if path.is_file():
            return path
    return None


def ancestors(node):
    while node is not None:
        yield node
        node = node.parent


def title_card_svg(site: str, title: str) -> str:
    lines = textwrap.wrap(title, 30)[:4]
    size = 64 if len(lines) <= 3 else 54
    top = (HEIGHT - len(lines) * size * 1.2) / 2 + size * 0.8
    # The site's name above the title, unless the title is the name (the index).
    name = "" if site == title else f'<text x="80" y="90" font-size="32" fill="#555555">{escape(site)}</text>'
    text = "".join(f'<text x="80" y="{top + i * size * 1.2:.0f}" font-size="{size}" font-weight="bold" '
                   f'fill="#1a1a1a">{escape(line)}</text>' for i, line in enumerate(lines))
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
            f'font-family="DejaVu Sans, sans-serif"><rect width="100%" height="100%" fill="#ffffff"/>'
            f'<rect x="0" y="0" width="16" height="{HEIGHT}" fill="#2e7d32"/>'
            f'{name}{text}'
            f'<text x="80" y="{HEIGHT - 60}" font-size="28" fill="#2e7d32">✓ every formula checked by code</text></svg>')


SVG_NS = "http://www.w3.org/2000/svg"
FONT_KEYS = ("font-family", "font-size", "font-weight", "font-style", "text-anchor")


def inherited(element, parent: dict) -> dict:
    """The font properties of `element`: its attributes and style over its parent's."""
    found = dict(parent)
    for key in FONT_KEYS:
        if element.get(key):
            found[key] = element.get(key)
    for declaration in (element.get("style") or "").split(";"):
        key, _, value = declaration.partition(":")
        if key.strip() in FONT_KEYS and value.strip():
            found[key.strip()] = value.strip()
    return found


def text_measurer():
    """(properties, text) -> its advance in user units, letter by letter as CairoSVG draws it."""
    import cairocffi as cairo

    context = cairo.Context(cairo.ImageSurface(cairo.FORMAT_ARGB32, 1, 1))

    def advance(font: dict, text: str) -> float:
        family = (font.get("font-family") or "sans-serif").split(",")[0].strip("\"' ")
        weight = font.get("font-weight", "normal")
        bold = weight == "bold" or (weight.isdigit() and int(weight) >= 550)
        context.select_font_face(family, cairo.FONT_SLANT_ITALIC if font.get("font-style") == "italic"
                                 else cairo.FONT_SLANT_NORMAL,
                                 cairo.FONT_WEIGHT_BOLD if bold else cairo.FONT_WEIGHT_NORMAL)
        context.set_font_size(float(font["font-size"]))
        return sum(context.text_extents(letter)[4] for letter in text)

    return advance


def pixels(value: str | None) -> float | None:
    try:
        return float(value.removesuffix("px")) if value else None
    except ValueError:
        return None


def lay_out_tspans(svg: bytes) -> bytes:
    """Centred or end-anchored labels with tspans (a subscript), started at an explicit x instead;
    any other SVG is returned unchanged."""
    import xml.etree.ElementTree as ET

    if b"<tspan" not in svg:
        return svg
    ET.register_namespace("", SVG_NS)
    ET.register_namespace("xlink", "http://www.w3.org/1999/xlink")
    try:
        root = ET.fromstring(svg)
    except ET.ParseError:
        return svg
    advance, changed = text_measurer(), False

    def visit(element, font):
        nonlocal changed
        font = inherited(element, font)
        if element.tag == f"{{{SVG_NS}}}text" and len(element) and font.get("text-anchor") in ("middle", "end"):
            changed |= start_at_x(element, font, advance)
            return
        for child in element:
            visit(child, font)

    visit(root, {"font-size": "16"})
    return ET.tostring(root, encoding="utf-8") if changed else svg


def start_at_x(text, font: dict, advance) -> bool:
    """Give a centred (or end-anchored) `text` with tspans the x that CairoSVG, which anchors each
    piece alone, needs to place the whole label; False where it cannot be measured."""
    x = pixels(text.get("x"))
    pieces = [(font, text.text or "")]
    for child in text:
        if len(child) or child.get("x") is not None:
            return False  # nested or repositioned pieces: left as they are
        pieces += [(inherited(child, font), child.text or ""), (font, child.tail or "")]
    if x is None or any(pixels(f.get("font-size")) is None for f, _ in pieces):
        return False
    pieces = [(dict(f, **{"font-size": str(pixels(f["font-size"]))}), " ".join(t.split()) if t.strip() else "")
              for f, t in pieces]
    width = sum(advance(f, t) for f, t in pieces if t)
    text.set("x", f"{x - (width / 2 if font['text-anchor'] == 'middle' else width):.2f}")
    for element in (text, *text):
        element.set("text-anchor", "start")
    return True


def draw(svg_to_png, job) -> bytes:
    """The PNG of one job: ("figure", svg bytes) or ("card", site, title)."""
    from PIL import Image

    if job[0] == "card":
        return svg_to_png(bytestring=title_card_svg(job[1], job[2]).encode(), output_width=WIDTH,
                          output_height=HEIGHT)
    figure = Image.open(BytesIO(svg_to_png(bytestring=lay_out_tspans(job[1]), output_width=WIDTH * 2)))
    figure.load()
    scale = min((WIDTH - 2 * MARGIN) / figure.width, (HEIGHT - 2 * MARGIN) / figure.height)
    figure = figure.resize((max(1, round(figure.width * scale)), max(1, round(figure.height * scale))),
                           Image.LANCZOS)
    canvas = Image.new("RGB", (WIDTH, HEIGHT), "white")
    canvas.paste(figure, ((WIDTH - figure.width) // 2, (HEIGHT - figure.height) // 2),
                 figure if figure.mode == "RGBA" else None)
    out = BytesIO()
    canvas.save(out, format="PNG", optimize=True)
    return out.getvalue()


def image_name(pagename: str) -> str:
    return pagename.replace("/", "-") + ".png"


def is_listing(app, pagename) -> bool:
    """The index, the list of all posts and ABlog's tag, category and author pages."""
    return pagename in (app.config.root_doc, app.config.blog_path) or \
        pagename.startswith(app.config.blog_path + "/")


def add_preview(app, pagename, templatename, context, doctree):
    if not app.config.blog_social_images or app.builder.format != "html":
        return
    from ablog.blog import Blog

    blog = Blog(app)
    title = strip_tags(context.get("title") or app.config.project)
    figure = first_figure(app, doctree) if doctree is not None and pagename in blog else None
    job = ("figure", str(figure)) if figure else ("card", app.config.project, title)
    getattr(app.env, JOBS_KEY, {})[pagename] = job
    url = urljoin(app.config.ogp_site_url, f"{FOLDER}/{image_name(pagename)}")
    alt = f"The opening figure of “{title}”" if figure else title
    image = {"og:image": url, "og:image:alt": alt, "og:image:width": str(WIDTH),
             "og:image:height": str(HEIGHT)}
    kind = "website" if is_listing(app, pagename) else "article"
    if doctree is not None:  # sphinxext-opengraph (priority 500) writes the tags from these fields
        meta = context.get("meta")
        if meta is None:
            meta = context["meta"] = {}
        meta.update(image)
        meta["og:type"] = kind
        return
    # ABlog's generated pages: no doctree, so no tags from sphinxext-opengraph. Write them.
    page_url = urljoin(app.config.ogp_site_url, app.builder.get_target_uri(pagename))
    description = f"{title} on {app.config.project}: matrix calculus and backpropagation, derived by hand and checked by code"
    tags = {"og:title": title, "og:type": kind, "og:url": page_url,
            "og:site_name": app.config.project, "og:description": description, **image}
    context["metatags"] = context.get("metatags", "") + "".join(
        f'<meta property="{key}" content="{escape(value)}" />\n' for key, value in tags.items()) + \
        f'<meta name="description" content="{escape(description)}" />\n' + \
        "".join(f"{tag}\n" for tag in app.config.ogp_custom_meta_tags)


def strip_tags(text: str) -> str:
    """A page title as plain text (Sphinx hands it over as HTML)."""
    return unescape(re.sub(r"<[^>]+>", "", text)).strip()


def write_images(app, exception):
    if exception is not None or app.builder.format != "html" or not app.config.blog_social_images:
        return
    svg_to_png = renderer()
    jobs = getattr(app.env, JOBS_KEY, {})
    target = Path(app.outdir) / FOLDER
    target.mkdir(parents=True, exist_ok=True)
    cache = Path(app.doctreedir) / "social-images"
    cache.mkdir(exist_ok=True)
    for pagename, job in sorted(jobs.items()):
        if job[0] == "figure":
            job = ("figure", Path(job[1]).read_bytes())
        key = hashlib.sha256(repr((VERSION, job)).encode()).hexdigest()[:20]
        cached = cache / f"{key}.png"
        if not cached.is_file():
            cached.write_bytes(draw(svg_to_png, job))
        shutil.copyfile(cached, target / image_name(pagename))


def choose(app, config):
    if config.blog_social_images and renderer() is None:
        config.blog_social_images = False
        logger.info("social images: CairoSVG (pip) or the Cairo library is missing; "
                    "pages are shared without a preview image")


def start(app):
    setattr(app.env, JOBS_KEY, {})


def setup(app):
    app.setup_extension("sphinxext.opengraph")  # the previews extend its tags and read its site URL
    app.add_config_value("blog_social_images", True, "html", bool)
    app.connect("config-inited", choose)
    app.connect("builder-inited", start)
    # Before sphinxext-opengraph (500) reads the page's fields, after descriptions.py (450).
    app.connect("html-page-context", add_preview, priority=460)
    app.connect("build-finished", write_images)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
