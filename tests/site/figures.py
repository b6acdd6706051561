"""Reading the site's SVG figures and fonts the way a browser draws them, for test_browser.py:
the smallest text of a figure in user units, the colours of its ink, WCAG contrast, the CSS
filters the dark theme applies, and which code points a served woff2 font can draw."""

import math
import re
import xml.etree.ElementTree as ET
from functools import lru_cache
from pathlib import Path

SVG = "{http://www.w3.org/2000/svg}"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
INHERITED = ("fill", "stroke", "font-size", "fill-opacity", "stroke-opacity")
SCALE = re.compile(r"scale\(\s*([-\d.eE]+)")
FONT_SIZE = re.compile(r"([\d.]+)\s*(px|pt)?")
# matplotlib draws text as glyph paths (svg.fonttype "path") at a scale of size / 100.
MATPLOTLIB_GLYPH_UNITS = 100


def parse_style(element) -> dict:
    props = {k: v for k, v in element.attrib.items() if "}" not in k}
    for declaration in (element.get("style") or "").split(";"):
        key, _, value = declaration.partition(":")
        if value.strip():
            props[key.strip()] = value.strip()
    font = props.get("font")
    if font and "font-size" not in props:  # matplotlib: "font: 10px 'DejaVu Sans'"
        size = re.search(r"([\d.]+)(px|pt)?\s", font + " ")
        if size:
            props["font-size"] = size.group(1)
    return props


def _walk(element, inherited, opacity, found):
    props = parse_style(element)
    state = {**inherited, **{k: props[k] for k in INHERITED if k in props}}
    opacity *= float(props.get("opacity", 1))
    tag = element.tag.replace(SVG, "")
    if tag in ("defs", "clipPath", "mask", "title", "desc", "metadata", "style"):
        return
    if tag == "text":
        size = FONT_SIZE.match(state.get("font-size", "16"))
        text = (element.text or "").strip()  # its own text; a <tspan> has its own size
        if text:
            found["text"].append({"size": float(size.group(1)), "text": text[:40],
                                  "colour": state.get("fill", "#000000"),
                                  "opacity": opacity * float(state.get("fill-opacity", 1))})
        for child in element:  # <tspan font-size=...> (matplotlib's mathtext exponents)
            child_props = parse_style(child)
            if "font-size" in child_props and "".join(child.itertext()).strip():
                found["text"].append({"size": float(FONT_SIZE.match(child_props["font-size"]).group(1)),
                                      "text": "".join(child.itertext()).strip()[:40],
                                      "colour": child_props.get("fill", state.get("fill", "#000000")),
                                      "opacity": opacity * float(state.get("fill-opacity", 1))})
        return
    if (tag == "g" and (element.get("id") or "").startswith("text_")
            and element.find(f".//{SVG}use") is not None and element.find(f".//{SVG}text") is None):
        # A matplotlib text drawn as glyphs: <g transform="translate(..) scale(0.1 -0.1)"><use/>
        for group in element.iter(f"{SVG}g"):
            scale = SCALE.search(group.get("transform") or "")
            if scale and group.find(f"{SVG}use") is not None:
                colour = parse_style(group).get("fill", state.get("fill", "#000000"))
                found["text"].append({"size": abs(float(scale.group(1))) * MATPLOTLIB_GLYPH_UNITS,
                                      "text": f"glyphs of {element.get('id')}", "colour": colour,
                                      "opacity": opacity})
        return
    if tag in ("path", "line", "polyline", "polygon", "rect", "circle", "ellipse", "use"):
        for paint in ("fill", "stroke"):
            colour = state.get(paint, "#000000" if paint == "fill" else "none")
            if tag == "line" and paint == "fill":
                continue
            alpha = opacity * float(state.get(f"{paint}-opacity", 1))
            if colour not in ("none", "transparent") and not colour.startswith("url("):
                found["shapes"].append({"colour": colour, "opacity": alpha, "paint": paint,
                                        "id": element.get("id") or tag})
    for child in element:
        _walk(child, state, opacity, found)


@lru_cache(maxsize=None)
def read_svg(path: Path) -> dict:
    """The figure's view box width, every text (size in user units, colour, opacity) and the
    paint of every shape."""
    root = ET.parse(path).getroot()
    view_box = root.get("viewBox")
    width = float(view_box.split()[2]) if view_box else float(FONT_SIZE.match(root.get("width")).group(1))
    found = {"text": [], "shapes": []}
    _walk(root, {}, 1.0, found)
    return {"width": width, **found}


def rgb(colour: str) -> tuple[float, float, float]:
    colour = colour.strip().lower()
    named = {"black": "#000000", "white": "#ffffff", "gray": "#808080", "grey": "#808080"}
    colour = named.get(colour, colour)
    if colour.startswith("rgb"):
        return tuple(float(v) / 255 for v in re.findall(r"[\d.]+", colour)[:3])
    colour = colour.lstrip("#")
    if len(colour) == 3:
        colour = "".join(c * 2 for c in colour)
    return tuple(int(colour[i:i + 2], 16) / 255 for i in (0, 2, 4))


def luminance(c) -> float:
    def linear(v):
        return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4
    r, g, b = (linear(v) for v in c)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a, b) -> float:
    la, lb = sorted((luminance(a), luminance(b)))
    return (lb + 0.05) / (la + 0.05)


FILTER = re.compile(r"([a-z-]+)\(([^)]*)\)")


def apply_css_filter(c, css_filter: str):
    """`c` as drawn through the CSS filter functions of `css_filter` (Filter Effects 1: the
    shorthand functions work on sRGB values). Raises ValueError for a function it cannot model."""
    if not css_filter or css_filter == "none":
        return c
    r, g, b = c
    for name, argument in FILTER.findall(css_filter):
        argument = argument.strip()
        if name == "invert":
            amount = float(argument.rstrip("%")) / (100 if argument.endswith("%") else 1) if argument else 1
            r, g, b = (v * (1 - amount) + (1 - v) * amount for v in (r, g, b))
        elif name == "hue-rotate":
            angle = math.radians(float(re.match(r"[-\d.]+", argument).group()) if argument else 0)
            cos, sin = math.cos(angle), math.sin(angle)
            m = [[0.213 + cos * 0.787 - sin * 0.213, 0.715 - cos * 0.715 - sin * 0.715, 0.072 - cos * 0.072 + sin * 0.928],
                 [0.213 - cos * 0.213 + sin * 0.143, 0.715 + cos * 0.285 + sin * 0.140, 0.072 - cos * 0.072 - sin * 0.283],
                 [0.213 - cos * 0.213 - sin * 0.787, 0.715 - cos * 0.715 + sin * 0.715, 0.072 + cos * 0.928 + sin * 0.072]]
            r, g, b = (min(1.0, max(0.0, row[0] * r + row[1] * g + row[2] * b)) for row in m)
        else:
            raise ValueError(f"cannot model the CSS filter {name}({argument})")
    return r, g, b


FONT_FACE = re.compile(r"@font-face\s*\{([^}]*)\}")


def font_files(css_path: Path) -> dict[tuple[str, str], Path]:
    """(family, weight) -> woff2 file, from the @font-face rules of a served CSS file."""
    faces = {}
    for body in FONT_FACE.findall(css_path.read_text(encoding="utf-8")):
        props = dict(re.findall(r"([\w-]+)\s*:\s*([^;]+)", body))
        url = re.search(r"url\(([^)]+\.woff2)\)", props.get("src", ""))
        if url:
            family = props["font-family"].replace("\\", "").strip("'\" ")
            faces[(family, props.get("font-weight", "400").strip())] = (css_path.parent / url.group(1).strip("'\"")).resolve()
    return faces


@lru_cache(maxsize=None)
def code_points(font: Path) -> frozenset:
    from fontTools.ttLib import TTFont

    return frozenset(TTFont(font).getBestCmap())
