"""Reading a matplotlib SVG figure the way a browser draws it: its view box width, every text
(size in user units, colour, opacity) and the paint of every shape.

The build uses it to hold every figure's smallest text to 9 px on a phone (rules.py); the
browser tests use it for the sizes and colours they measure on the page.
"""

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


def natural_width_px(path: Path) -> float | None:
    """The figure's own width in CSS px (matplotlib writes it in pt), if it says."""
    width = ET.parse(path).getroot().get("width") or ""
    match = FONT_SIZE.match(width)
    if not match:
        return None
    return float(match.group(1)) * (4 / 3 if match.group(2) == "pt" else 1)
