"""Colours and fonts as a browser draws them, for test_browser.py: WCAG contrast, the CSS
filters the dark theme applies, and which code points a served woff2 font can draw. The SVG
figures are read by the extension's own reader (_ext/blog/judge/figures.py), which the build uses."""

import math
import re
from functools import lru_cache
from pathlib import Path

from blog.judge.figures import read_svg  # noqa: F401  (re-exported for test_browser.py)


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
