"""The blog extension (_ext/blog) in process: tiny sites built with `sphinx.testing`, and the
functions the checks are made of. No notebook is executed here (`nb_execution_mode = "off"`):
the failure paths that need a kernel are built end to end in tests/site/test_build_failures.py.
"""

import io
import re
import textwrap

import pytest
from sphinx.testing.util import SphinxTestApp

from blog.execution import cells as execution
from blog.judge import checked_formulas, front_matter, rules
from blog.pages import listings
from blog.judge.failures import facts
from tools.building import POST_HEADER

pytestmark = [pytest.mark.filterwarnings("ignore::DeprecationWarning"),
              pytest.mark.filterwarnings("ignore::PendingDeprecationWarning")]

CONF = """
extensions = ["myst_nb", "ablog", "sphinxcontrib.katex", "blog"]
exclude_patterns = ["_build"]
nb_execution_mode = "off"
myst_enable_extensions = ["amsmath", "dollarmath"]
blog_post_pattern = "posts/*"
post_date_format = "%b %d, %Y"
blog_baseurl = "https://example.org/"
katex_macros = {}
templates_path = ["_templates"]
"""

HEADER = POST_HEADER + """{front}---

# {title}

"""

FRONT = {"date": "Dec 04, 2026", "author": "Kai", "tags": "maths", "category": "notes",
         "description": "A tiny post."}


def post(body: str = "Some prose.\n", title: str = "A Tiny Post", **front) -> str:
    values = {**FRONT, **front}
    lines = "".join(f"{k}: {v}\n" for k, v in values.items() if v is not None)
    return HEADER.format(front=lines, title=title) + textwrap.dedent(body)


def make_site(root, posts: dict[str, str]):
    root.mkdir(parents=True, exist_ok=True)
    (root / "conf.py").write_text(CONF, encoding="utf-8")
    (root / "index.md").write_text("# Index\n\n```{postlist}\n```\n", encoding="utf-8")
    (root / "_templates").mkdir(exist_ok=True)  # the page ABlog's old archive becomes (site_pages)
    (root / "_templates" / "moved.html").write_text("{{ pathto(moved_to) }}", encoding="utf-8")
    (root / "posts").mkdir(exist_ok=True)
    for name, text in posts.items():
        (root / "posts" / f"{name}.md").write_text(text, encoding="utf-8")
    return root


def build(root):
    """Build `root` in process; return the app and what it logged as warnings and errors."""
    warnings = io.StringIO()
    app = SphinxTestApp("html", srcdir=root, builddir=root / "_build", status=io.StringIO(), warning=warnings)
    try:
        app.build()
    finally:
        app.cleanup()
    return app, re.sub(r"\x1b\[[0-9;]*m", "", warnings.getvalue())


def failures(app, docname) -> list[str]:
    return [f["kind"] + ": " + f["message"] for f in facts(app.env, "failures").get(docname, [])]


# -- Whole tiny sites --------------------------------------------------------------------

def test_front_matter_dates_and_keys(tmp_path):
    site = make_site(tmp_path, {"iso": post(date="2026-12-04"), "ambiguous": post(date="04/12/2026"),
                                "untagged": post(tags=None), "dollar": post(description="A $x$ post")})
    app, log = build(site)
    assert str(app.env.ablog_posts["posts/iso"][0]["date"].date()) == "2026-12-04"
    assert failures(app, "posts/iso") == []
    assert "posts/ambiguous.md:11: ERROR: the date `04/12/2026` is not a date" in log
    assert "Fix: write it as `2026-12-04` (ISO) or `Dec 04, 2026`" in log
    assert "posts/untagged.md:" in log and "the front matter has no `tags`" in log
    assert failures(app, "posts/dollar") == [
        "front-matter: the description contains `$`: it is shown as plain text (feed, link previews)"]
    assert app.statuscode == 1


def test_failures_come_back_on_an_unchanged_rebuild_and_leave_once_fixed(tmp_path):
    site = make_site(tmp_path, {"good": post(), "untagged": post(tags=None)})
    first, log = build(site)
    assert list(facts(first.env, "failures")) == ["posts/untagged"]
    again, log_again = build(site)  # nothing changed: the failing post is read again
    assert "the front matter has no `tags`" in log_again
    assert list(facts(again.env, "failures")) == ["posts/untagged"]
    (site / "posts" / "untagged.md").write_text(post(), encoding="utf-8")
    fixed, log_fixed = build(site)
    assert facts(fixed.env, "failures") == {} and "ERROR" not in log_fixed


def test_checked_formula_rules_and_the_cap_on_definitions(tmp_path):
    body = """
    $$ a = 1 $$

    $$ b = 2 $$ (lonely)

    $$ c = 3 $$ (def-c)

    $$ d = 4 $$ (def-d)

    $$ e = 5 $$ (def-e)
    """
    site = make_site(tmp_path, {"formulas": post(body)})
    app, log = build(site)
    kinds = failures(app, "posts/formulas")
    assert any("neither checked nor marked a definition" in k for k in kinds)
    assert any("formula (lonely) is checked by no cell" in k for k in kinds)
    assert any("definition number 3" in k and "at most 2 may be definitions" in k for k in kinds)
    assert re.search(r"posts/formulas\.md:\d+: ERROR: formula \(lonely\)", log)


def test_a_checking_cell_is_folded_and_a_visible_assertion_is_refused(tmp_path):
    body = """
    $$ y = 2x $$ (double)

    ```{code-cell} python
    :checks: double
    assert 2 * 3 == 6
    ```

    ```{code-cell} python
    x = 3
    assert x == 3
    ```
    """
    site = make_site(tmp_path, {"cells": post(body)})
    app, log = build(site)
    assert failures(app, "posts/cells") == ["visible-assertion: a visible cell asserts: `assert x == 3`"]
    text = (site / "posts" / "cells.md").read_text().splitlines()
    fence = [n for n, line in enumerate(text, 1) if line.startswith("```{code-cell}")][1]
    assert f"posts/cells.md:{fence}: ERROR: a visible cell asserts" in log
    page = (app.outdir / "posts" / "cells.html").read_text(encoding="utf-8")
    assert page.count('class="admonition hide above-input') == 1  # only the checking cell is folded


def test_e_notation_and_posts_by_number_in_prose(tmp_path):
    site = make_site(tmp_path, {"prose": post("The error is 3.2e-11, as part 2 shows.\n\n`1e-3` is code.\n")})
    app, _ = build(site)
    kinds = failures(app, "posts/prose")
    assert kinds[0].startswith("post-by-number: a post is named by its number: `part 2`")
    site2 = make_site(tmp_path / "two", {"prose": post("The error is 3.2e-11 here.\n\n`1e-3` is code.\n")})
    app2, _ = build(site2)
    assert failures(app2, "posts/prose") == [
        "e-notation: e-notation in prose: `3.2e-11` in \u201cThe error is 3.2e-11 here.…\u201d"]


def test_listing_pages_are_rewritten_only_when_the_posts_change(tmp_path):
    site = make_site(tmp_path, {"one": post(title="One")})
    app, _ = build(site)
    env = app.env
    assert listings.pages_listing_posts(app, env) == []  # recorded by the build itself
    env.ablog_posts["posts/one"][0]["title"] = "One, retitled"
    assert listings.pages_listing_posts(app, env) == sorted(env.found_docs)
    assert listings.pages_listing_posts(app, env) == []


def test_the_domain_merges_and_clears_per_page(tmp_path):
    site = make_site(tmp_path, {"one": post()})
    app, _ = build(site)
    domain = app.env.get_domain("blog")
    entry = [{"line": 3, "kind": "k", "message": "m", "fix": "f"}]
    domain.merge_domaindata(["posts/two"], {"failures": {"posts/two": entry, "posts/three": entry}})
    assert facts(app.env, "failures") == {"posts/two": entry}
    domain.clear_doc("posts/two")
    assert facts(app.env, "failures") == {}


# -- Functions -------------------------------------------------------------------------

TRACEBACK = """---------------------------------------------------------------------------
RuntimeError                              Traceback (most recent call last)
Cell In[1], line 3
      1 def inner():
      2     raise RuntimeError('wrong')
----> 3 inner()

Cell In[1], line 2, in inner()
      1 def inner():
----> 2     raise RuntimeError('wrong')

RuntimeError: wrong"""


def test_the_authors_frame_is_the_innermost_cell_frame():
    assert execution.authors_frame(TRACEBACK) == [
        "Cell In[1], line 2, in inner()", "      1 def inner():", "----> 2     raise RuntimeError('wrong')"]
    assert execution.exception_line(TRACEBACK) == "RuntimeError: wrong"


@pytest.mark.parametrize("value, problem", [("2026-12-04", ""), ("Dec 04, 2026", ""),
                                            ("04/12/2026", "without guessing"), ("2026-13-04", "not a date")])
def test_parse_date(value, problem):
    date, said = front_matter.parse_date(value)
    assert (problem in said) if problem else (said == "" and str(date) == "2026-12-04")


def test_allowed_definitions():
    assert [checked_formulas.allowed_definitions(n) for n in (1, 3, 13, 14, 20, 40)] == [2, 2, 2, 2, 3, 6]


@pytest.mark.parametrize("line, asserts", [
    ("assert x == 1", True), ("np.testing.assert_allclose(a, b)", True), ("bp.check_close(v, refs)", True),
    ("bp.check(ok, 'claim')", True), ("gradient_check(f, x)", False), ("check_mlp_gradients(net)", False),
    ("x = 1e-3", False)])
def test_assertion_lines(line, asserts):
    assert bool(rules.ASSERTION_LINE.search(line)) is asserts
