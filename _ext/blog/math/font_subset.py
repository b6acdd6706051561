"""Cutting woff2 fonts down to the characters a site draws, for katex_build.py and icons.py.

One cache for both: each writes its cut fonts into the output folder after the pages are
written, with a record (under the doctrees folder) of what they were cut for: the fonts' hash,
the characters and the files written. A rebuild that needs the same characters does no work.
"""

import hashlib
import json
from pathlib import Path

from fontTools import subset


def fonts_hash(fonts) -> str:
    return hashlib.sha256(b"".join(Path(font).read_bytes() for font in fonts)).hexdigest()


def subset_woff2(source: Path, target: Path, characters) -> None:
    """Write `source` cut to `characters` (a string or an iterable of code points) to `target`."""
    unicodes = sorted({ord(c) if isinstance(c, str) else int(c) for c in characters})
    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["*"]
    options.notdef_outline = True
    font = subset.load_font(str(source), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=unicodes)
    subsetter.subset(font)
    target.parent.mkdir(parents=True, exist_ok=True)
    subset.save_font(font, str(target), options)


def write_subsets(fonts, target_dir: Path, characters, record: Path) -> bool:
    """Cut every font of `fonts` to `characters` into `target_dir` (same file names), unless
    the record says the files there are already these fonts cut for these characters.
    Returns whether it wrote anything."""
    fonts = sorted(Path(font) for font in fonts)
    wanted = {"fonts": fonts_hash(fonts),
              "characters": sorted({ord(c) if isinstance(c, str) else int(c) for c in characters})}
    previous = json.loads(record.read_text()) if record.is_file() else {}
    written = [target_dir / font.name for font in fonts]
    # Compared by content: Sphinx may have copied a theme's full font over a cut one since,
    # keeping the original's modification time.
    if ({key: previous.get(key) for key in wanted} == wanted
            and previous.get("written") == [_digest(path) for path in written]):
        return False
    for font, path in zip(fonts, written):
        subset_woff2(font, path, wanted["characters"])
    record.parent.mkdir(parents=True, exist_ok=True)
    record.write_text(json.dumps({**wanted, "written": [_digest(path) for path in written]}))
    return True


def _digest(path: Path):
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None


def recorded(record: Path, fonts) -> tuple[set[int], float]:
    """The code points the fonts in `record` were cut for and when, if they are these `fonts`;
    (empty, 0) otherwise. Lets a caller read only the pages written since."""
    if not record.is_file():
        return set(), 0.0
    previous = json.loads(record.read_text())
    if previous.get("fonts") != fonts_hash(sorted(Path(font) for font in fonts)):
        return set(), 0.0
    return set(previous.get("characters", [])), record.stat().st_mtime
