"""The theme's icons from Font Awesome's fonts alone, cut to the icons the site draws.

pydata-sphinx-theme 0.20 loads Font Awesome's `all.min.js` (1.56 MB, about 540 KB gzipped) on
every page, and has no option to turn it off (pydata-sphinx-theme#2379). The page does not
need it: the theme's CSS carries Font Awesome's `@font-face` rules and a `--fa` code point for
every icon class, and the theme's own script never calls Font Awesome. So
`_templates/layout.html` drops the script, and this extension cuts the three woff2 fonts the
CSS names (solid, regular, brands; about 245 KB in all) down to the code points the site uses:

- every icon named by an `fa-*` class in a written page or in a script the pages load (the
  theme's script adds icons at run time), looked up in the CSS rules `.fa-name{--fa:"\\f185"}`;
- every private-use code point that the CSS draws by itself (`--pst-icon-*` variables and
  `content:` values: admonitions, external links, ...), i.e. those outside the `--fa` rules.

The fonts are written after the pages, over the theme's copies (Sphinx copies the full fonts
again on every build; the cut is cached under the doctrees folder, and so are the classes each
page names, so only the pages written again are read).
"""

import json
import re
from pathlib import Path

import pydata_sphinx_theme

from ..math.font_subset import write_subsets

WEBFONTS = Path("vendor") / "fontawesome" / "webfonts"  # under _static, in the theme and the site
THEME_STATIC = Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme" / "static"
# `.fa-user,.fa-user-alt,.fa-user-large{--fa:"\f007"}`
FA_RULE = re.compile(r'((?:\.fa-[\w-]+,?)+)\{--fa:"(\\[0-9a-fA-F]+|[^"\\])"\}')
FA_CLASS = re.compile(r"\bfa-[a-z0-9]+(?:-[a-z0-9]+)*")
ESCAPED = re.compile(r"\\([0-9a-fA-F]{4,6})")
PRIVATE_USE = range(0xE000, 0xF900)


def code_point(value: str) -> int:
    return int(value[1:], 16) if value.startswith("\\") else ord(value)


def icon_code_points(static: Path, texts) -> set[int]:
    """The Font Awesome code points needed to draw `texts` (pages, scripts) with the CSS under
    `static`."""
    by_class: dict[str, int] = {}
    drawn_by_css: set[int] = set()
    for css in static.rglob("*.css"):
        if "katex" in css.parts:
            continue
        text = css.read_text(encoding="utf-8", errors="replace")
        for selectors, value in FA_RULE.findall(text):
            for name in selectors.replace(".", "").split(","):
                by_class[name] = code_point(value)
        rest = FA_RULE.sub("", text)
        drawn_by_css |= {ord(c) for c in rest if ord(c) in PRIVATE_USE}
        drawn_by_css |= {int(h, 16) for h in ESCAPED.findall(rest) if int(h, 16) in PRIVATE_USE}
    named = set()
    for text in texts:
        named |= set(FA_CLASS.findall(text))
    return drawn_by_css | {by_class[name] for name in named if name in by_class}


def cut_fonts(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    out_static = Path(app.outdir) / "_static"
    target = out_static / WEBFONTS
    fonts = sorted((THEME_STATIC / WEBFONTS).glob("*.woff2"))
    if not fonts or not target.is_dir():
        return
    pages = [p for p in Path(app.outdir).rglob("*.html") if "_static" not in p.parts]
    scripts = [p for p in out_static.rglob("*.js") if p.name != "fontawesome.js"]
    names = icon_classes(Path(app.outdir), [*pages, *scripts], Path(app.doctreedir) / CLASSES_RECORD)
    points = icon_code_points(out_static, [" ".join(names)])
    write_subsets(fonts, target, points, Path(app.doctreedir) / "fontawesome-code-points.json")


CLASSES_RECORD = "fontawesome-classes.json"


def icon_classes(outdir: Path, files: list[Path], record: Path) -> set[str]:
    """The `fa-*` classes named in `files`. A file's classes are kept with its size and time:
    a no-change rebuild leaves the posts' pages as they were, and only the pages written
    again are read (reading every page made this grow with the posts)."""
    try:
        known = json.loads(record.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        known = {}
    now, names = {}, set()
    for path in files:
        stat, name = path.stat(), path.relative_to(outdir).as_posix()
        stamp = [stat.st_size, stat.st_mtime_ns]
        entry = known.get(name)
        if entry is None or entry[0] != stamp:
            entry = [stamp, sorted(set(FA_CLASS.findall(path.read_text(encoding="utf-8", errors="replace"))))]
        now[name] = entry
        names.update(entry[1])
    if now != known:
        record.write_text(json.dumps(now), encoding="utf-8")
    return names


def setup(app):
    app.connect("build-finished", cut_fonts)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
