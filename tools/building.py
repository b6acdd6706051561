"""Building and serving the site, for the site tests and the benchmarks alike.

Builds run `python -m sphinx` in a subprocess with the options of `make html` (one file,
tools/sphinx-options, which the Makefile reads too), into folders the caller names, so nothing
touches the author's _build. Import it as `tools.building`: pytest puts the project's folder on
the path (pyproject.toml), and the benchmarks run as `python -m benchmarks.<name>`.
"""

import contextlib
import functools
import os
import re
import shutil
import subprocess
import sys
import threading
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlparse

ROOT = Path(__file__).resolve().parents[1]
OPTIONS = ROOT / "tools" / "sphinx-options"
# The author's posts: built once by the suite (`real_site`), judged by the build alone.
POSTS = sorted((ROOT / "posts").glob("*.md"))
# The posts the tests own (tests/fixtures/README.md): the site the tests read is built from
# these and the README's template post, never from the author's posts.
FIXTURES = ROOT / "tests" / "fixtures"
FIXTURE_POSTS = sorted((FIXTURES / "posts").glob("*.md"))
NEW_POST_NAME = "the-slope-of-tanh"  # the README's template post, as the fixture site holds it
# Files of the project a site copy needs besides its posts (the wheel and the notebooks need
# pyproject.toml, README.md and binder/).
SITE_FILES = ["conf.py", "index.md", "references.bib", "src", "_ext", "_static", "pyproject.toml",
              "README.md", "binder", "_templates", "images"]


def sphinx_options() -> list[str]:
    """The options of `make html` (-W -n --keep-going)."""
    return OPTIONS.read_text(encoding="utf-8").split()


@dataclass
class Build:
    srcdir: Path
    html: Path
    returncode: int
    output: str

    def page(self, name: str) -> str:
        return (self.html / name).read_text(encoding="utf-8")


def build(srcdir: Path, outdir: Path, env: dict[str, str] | None = None) -> Build:
    """Build `srcdir` into `outdir/html` (doctrees beside it, as `make html` does) with the
    README's options, `env` added to the environment (conf.py reads BLOG_SITE_URL and
    BLOG_REPOSITORY_URL); never raises."""
    html = outdir / "html"
    command = [sys.executable, "-m", "sphinx", *sphinx_options(), "-b", "html",
               "-d", str(outdir / "doctrees"), str(srcdir), str(html)]
    result = subprocess.run(
        command,
        capture_output=True, text=True, timeout=900, env={**os.environ, **(env or {})},
    )
    return Build(srcdir, html, result.returncode, result.stdout + result.stderr)


MINI_INDEX = """# Mini site

```{postlist}
:excerpts:
```
"""

# The front matter every post starts with (jupytext header and ABlog's flag); a post adds its own keys.
POST_HEADER = """---
jupytext:
  text_representation:
    extension: .md
    format_name: myst
kernelspec:
  display_name: Python 3
  language: python
  name: python3
blogpost: true
"""

MINI_POST = POST_HEADER + """{front}{extra_front}---

# {title}

Some math: $\\pop{{y}}{{x}}$.

```{{code-cell}} python
import sys
sys.path.insert(0, "../src")
from minipkg import VALUE
from myst_nb import glue
glue("value", VALUE, display=False)
{extra_code}
```

The value is {{glue:text}}`value`.
"""


MINI_FRONT = {"date": "Jan 02, 2024", "author": "Kai", "tags": "maths", "category": "machine-learning",
              "description": "A mini post for the tests."}


def mini_post(extra_code: str = "", extra_prose: str = "", title: str = "A mini post",
              extra_front: str = "", **front) -> str:
    """A post importing the mini-site's own package, with code, prose or front matter added;
    `front` replaces front matter values (None removes the key)."""
    values = {**MINI_FRONT, **front}
    lines = "".join(f"{key}: {value}\n" for key, value in values.items() if value is not None)
    return MINI_POST.format(extra_code=extra_code, title=title, front=lines,
                            extra_front=extra_front) + extra_prose


def make_mini_site(root: Path, extra_code: str = "", extra_conf: str = "",
                   extra_prose: str = "", posts: dict[str, str] | None = None) -> Path:
    """A tiny blog using the real conf.py and _ext/, its posts importing its own src/ package.

    `posts` maps file names to post texts (see `mini_post`); by default one post, posts/mini.md,
    made of `extra_code` and `extra_prose`."""
    root.mkdir(parents=True, exist_ok=True)
    for name in ("_ext", "_static", "_templates"):
        shutil.copytree(ROOT / name, root / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy2(ROOT / "references.bib", root / "references.bib")
    # No reference card: a mini-site's posts import its own tiny package, not backprop.
    conf = (ROOT / "conf.py").read_text() + '\nblog_reference_card = ""\n' + extra_conf
    (root / "conf.py").write_text(conf, encoding="utf-8")
    if (ROOT / "node_modules").is_dir():
        (root / "node_modules").symlink_to(ROOT / "node_modules")
    (root / "index.md").write_text(MINI_INDEX, encoding="utf-8")
    (root / "posts").mkdir()
    for name, text in (posts or {"mini": mini_post(extra_code, extra_prose)}).items():
        (root / "posts" / f"{name}.md").write_text(text, encoding="utf-8")
    (root / "src" / "minipkg").mkdir(parents=True)
    (root / "src" / "minipkg" / "__init__.py").write_text("VALUE = 41\n", encoding="utf-8")
    return root


def readme_post_template() -> str:
    """The post that the README's "Writing a post" tells a new author to start from."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    found = re.search(r"<!-- new-post-template[^>]*-->\n````md\n(.*?)\n````\n", readme, re.S)
    assert found, "README.md lost its new-post template (the ````md block after its marker)"
    return found.group(1) + "\n"


def copy_site(source: Path, posts: dict[str, str]) -> Path:
    """A copy of the project's site machinery in `source` with exactly `posts` (name -> text) in
    posts/ (plus the house figure style, posts/matplotlibrc)."""
    for name in SITE_FILES:
        path = ROOT / name
        if path.is_dir():
            shutil.copytree(path, source / name, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
        else:
            source.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, source / name)
    if (ROOT / "node_modules").is_dir():
        (source / "node_modules").symlink_to(ROOT / "node_modules")
    (source / "posts").mkdir()
    shutil.copy2(ROOT / "posts" / "matplotlibrc", source / "posts" / "matplotlibrc")
    for name, text in posts.items():
        (source / "posts" / f"{name}.md").write_text(text, encoding="utf-8")
    return source


def fixture_posts() -> dict[str, str]:
    """name -> text of the fixture site's posts: tests/fixtures/posts and the README's template."""
    posts = {path.stem: path.read_text(encoding="utf-8") for path in FIXTURE_POSTS}
    posts[NEW_POST_NAME] = readme_post_template()
    return posts


def make_fixture_site(source: Path, extra_posts: dict[str, str] | None = None) -> Path:
    """The fixture site's source folder: the real machinery with the tests' own posts (and
    `extra_posts`, name -> text). Build it with `build(source, out)`."""
    return copy_site(source, {**fixture_posts(), **(extra_posts or {})})


def is_draft(meta: dict) -> bool:
    return str(meta.get("draft", "")).lower() == "true"


def front_matter(path: Path) -> dict:
    """The top-level `key: value` pairs of a post's YAML header."""
    return front_matter_of(path.read_text(encoding="utf-8"))


def front_matter_of(text: str) -> dict:
    block = text.split("---")[1]
    pairs = {}
    for line in block.splitlines():
        key, _, value = line.partition(":")
        if value.strip() and not line.startswith(" "):
            pairs[key.strip()] = value.strip()
    return pairs


def fixture_site_posts() -> dict[str, dict]:
    """name -> front matter of every post of the fixture site (drafts included)."""
    return {name: front_matter_of(text) for name, text in sorted(fixture_posts().items())}


def published_fixture_posts() -> list[str]:
    """The fixture site's posts that readers see listed (not drafts), for parametrizing tests."""
    return [name for name, meta in fixture_site_posts().items() if not is_draft(meta)]


def post_date(meta: dict):
    """The date of a post's front matter, in either form the build accepts."""
    from datetime import date, datetime

    text = meta["date"]
    try:
        return datetime.strptime(text, "%b %d, %Y")
    except ValueError:
        return datetime.combine(date.fromisoformat(text), datetime.min.time())


class QuietHandler(SimpleHTTPRequestHandler):
    extensions_map = {
        **SimpleHTTPRequestHandler.extensions_map,
        ".js": "text/javascript", ".svg": "image/svg+xml", ".woff2": "font/woff2",
    }

    def log_message(self, format, *args):
        pass


def response_bodies(responses):
    """(URL path, body bytes) of each Playwright response a page received; a redirect or an
    aborted load has no body (b"")."""
    for response in responses:
        try:
            body = response.body()
        except Exception:
            body = b""
        yield unquote(urlparse(response.url).path), response, body


@contextlib.contextmanager
def serve(directory):
    """`directory` served on 127.0.0.1 from a thread; yields its base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(directory)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
