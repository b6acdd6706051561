"""A post's front matter, checked while the post is read.

Every post needs `date`, `author`, `tags`, `category` and `description` (plain text: it is shown
where no math is typeset). Two date forms are accepted, both unambiguous: ISO `2026-12-04` and
the house form `Dec 04, 2026`. An ISO date is rewritten to the house form before MyST-NB reads
the post: YAML reads it as a date object, which MyST-NB cannot write into the notebook's JSON
metadata (`TypeError: Object of type date is not JSON serializable`, from `nbformat.writes` in
`myst_nb.sphinx_.Parser.parse`). Any other form, such as `04/12/2026` (April 12 or December 4?),
is refused instead of guessed.
"""

from __future__ import annotations

import datetime as dt
import re
from fnmatch import fnmatch

import yaml

from sphinx.util import logging

from .failures import report, source_location

logger = logging.getLogger(__name__)

REQUIRED = {
    "date": "date: 2026-12-04",
    "author": "author: Kai",
    "tags": "tags: maths, calculus",
    "category": "category: machine-learning",
    "description": "description: One plain sentence for the front page and link previews.",
}
HOUSE_DATE = "%b %d, %Y"
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def is_post(app, docname: str) -> bool:
    patterns = app.config.blog_post_pattern
    patterns = [patterns] if isinstance(patterns, str) else list(patterns)
    return any(fnmatch(docname, pattern) for pattern in patterns)


def front_matter_block(text: str) -> tuple[int, int] | None:
    """(first, last) 0-based line indexes of the YAML between the opening `---` lines."""
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---":
        return None
    for end in range(1, len(lines)):
        if lines[end].strip() == "---":
            return 1, end
    return None


def key_lines(lines: list[str], first: int, last: int) -> dict[str, int]:
    """Top-level key -> 1-based line number."""
    found = {}
    for index in range(first, last):
        match = re.match(r"^([A-Za-z_][\w-]*)\s*:", lines[index])
        if match:
            found[match.group(1)] = index + 1
    return found


def parse_date(value) -> tuple[dt.date | None, str]:
    """The date and the problem with it ("" when none)."""
    if isinstance(value, dt.datetime):
        return value.date(), ""
    if isinstance(value, dt.date):
        return value, ""
    text = str(value).strip()
    if ISO_DATE.match(text):
        try:
            return dt.date.fromisoformat(text), ""
        except ValueError as error:
            return None, f"`{text}` is not a date ({error})"
    try:
        return dt.datetime.strptime(text, HOUSE_DATE).date(), ""
    except ValueError:
        return None, f"`{text}` is not a date the build can read without guessing"


def check_front_matter(app, docname: str, source: list[str]) -> None:
    if not is_post(app, docname):
        return
    env, text = app.env, source[0]
    block = front_matter_block(text)
    if block is None:
        report(env, docname, 1, "front-matter", "the post has no front matter",
               "start the file with the `---` block of the README's template")
        return
    lines = text.splitlines(keepends=True)
    first, last = block
    where = key_lines([line.rstrip("\n") for line in lines], first, last)
    try:
        meta = yaml.safe_load("".join(lines[first:last])) or {}
    except yaml.YAMLError as error:
        report(env, docname, 1, "front-matter", f"the front matter is not valid YAML: {error}",
               "compare it with the README's template (a `key: value` per line)")
        return
    for key, example in REQUIRED.items():
        if meta.get(key) in (None, "", []):
            # At the key if it is there but empty, else at the front matter's last line.
            report(env, docname, where.get(key, last), "front-matter",
                   f"the front matter has no `{key}`", f"add a line such as `{example}`")
    description = meta.get("description")
    if isinstance(description, str) and "$" in description:
        report(env, docname, where["description"], "front-matter",
               "the description contains `$`: it is shown as plain text (feed, link previews)",
               "write the description in words, without math")
    if meta.get("date") in (None, ""):
        return
    date, problem = parse_date(meta["date"])
    line = where["date"]
    if problem:
        report(env, docname, line, "front-matter", f"the date {problem}",
               "write it as `2026-12-04` (ISO) or `Dec 04, 2026`")
        return
    check_publication(env, docname, date, meta.get("draft"), line, where.get("draft"))
    # One form for everything downstream (MyST-NB's JSON, ABlog's post_date_format).
    lines[line - 1] = f"date: {date.strftime(app.config.post_date_format)}\n"
    source[0] = "".join(lines)


def check_publication(env, docname, date: dt.date, draft, date_line: int, draft_line: int | None):
    """ABlog publishes a post dated today or earlier and silently keeps a later one as a draft
    (off the index, blog.html, the tag pages and the feed). A future date is what an author in
    a later time zone writes by accident, so it is an error unless the post says `draft: true`."""
    today = dt.date.today()  # ABlog compares with the build machine's local date too
    if draft not in (None, True, False):
        report(env, docname, draft_line, "front-matter", f"`draft: {draft}` is neither true nor false",
               "write `draft: true` (or delete the line to publish the post)")
    elif date > today and draft is not True:
        report(env, docname, date_line, "front-matter",
               f"the date {date:%Y-%m-%d} is after today ({today:%Y-%m-%d}): the post would be "
               "an unlisted draft, missing from the index, blog.html, its tag pages and the feed",
               "write today's date (or an earlier one) to publish it, or add `draft: true` to "
               "keep it a draft until that date")
    elif draft is True and date <= today:
        report(env, docname, draft_line, "front-matter",
               f"`draft: true`, but the date {date:%Y-%m-%d} is not after today: the post would be published",
               "delete `draft: true` to publish it, or give the date it should appear on")
    elif draft is True:
        logger.info(f"{source_location(env, docname, date_line)}: a draft: published on "
                    f"{date:%b %d, %Y}, when it appears on the index, blog.html, its tag pages and "
                    "the feed; until then only on blog/drafts.html")


def on_source_read(app, docname, source):
    check_front_matter(app, docname, source)


def setup(app):
    app.connect("source-read", on_source_read)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
