"""Failure paths and caching, on throwaway mini-sites that use the real conf.py and _ext/."""

import re

import pytest
from bs4 import BeautifulSoup

from building import build, make_mini_site

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def executed(result) -> int:
    return len(re.findall(r"Executed notebook in", result.output))


def test_mini_site_builds_clean(tmp_path):
    result = build(make_mini_site(tmp_path / "src"), tmp_path / "out")
    assert result.returncode == 0, result.output
    assert "The value is <span class=\"pasted-text\">41</span>" in result.page("posts/mini.html")


def test_printed_output_does_not_depend_on_when_the_kernel_flushes(tmp_path):
    # Two stdout chunks split between a line and its line break, as a periodic flush can do.
    code = "import time\nprint('first', end='', flush=True)\ntime.sleep(0.3)\nprint('\\nsecond')"
    result = build(make_mini_site(tmp_path / "src", extra_code=code), tmp_path / "out")
    assert result.returncode == 0, result.output
    outputs = BeautifulSoup(result.page("posts/mini.html"), "html.parser").select(".output.stream")
    assert [o.get_text().strip() for o in outputs] == ["first\nsecond"]


def test_a_raising_cell_fails_the_build_and_shows_its_traceback(tmp_path):
    code = "def inner():\n    raise RuntimeError('the derivation is wrong')\ninner()"
    result = build(make_mini_site(tmp_path / "src", extra_code=code), tmp_path / "out")
    assert result.returncode != 0
    assert "RuntimeError: the derivation is wrong" in re.sub(r"\x1b\[[0-9;]*m", "", result.output)
    assert "inner()" in result.output and "posts/mini" in result.output
    assert not (result.html / "reports").exists()


def test_a_failed_notebook_keeps_failing_on_rebuild(tmp_path):
    site = make_mini_site(tmp_path / "src", extra_code="raise ValueError('still wrong')")
    assert build(site, tmp_path / "out").returncode != 0
    again = build(site, tmp_path / "out")
    assert again.returncode != 0 and "still wrong" in again.output


def test_a_cell_past_the_time_limit_fails_the_build(tmp_path):
    site = make_mini_site(tmp_path / "src", extra_code="import time\ntime.sleep(30)",
                          extra_conf="\nnb_execution_timeout = 3\n")
    result = build(site, tmp_path / "out")
    assert result.returncode != 0
    assert "CellTimeoutError" in result.output or "timed out" in result.output.lower()


def test_stderr_output_fails_the_build(tmp_path):
    code = "import sys\nprint('careful', file=sys.stderr)"
    result = build(make_mini_site(tmp_path / "src", extra_code=code), tmp_path / "out")
    assert result.returncode != 0 and "stderr" in result.output


def test_a_sphinx_warning_fails_the_build(tmp_path):
    site = make_mini_site(tmp_path / "src", extra_prose="\nSee {ref}`a-label-that-does-not-exist`.\n")
    result = build(site, tmp_path / "out")
    assert result.returncode != 0 and "a-label-that-does-not-exist" in result.output


def test_a_formula_katex_cannot_parse_fails_the_build_naming_it(tmp_path):
    site = make_mini_site(tmp_path / "src", extra_prose="\nBroken: $\\frac{1}{$.\n")
    result = build(site, tmp_path / "out")
    assert result.returncode != 0
    assert "KaTeX cannot typeset" in result.output and "\\frac{1}{" in result.output
    assert "posts/mini" in result.output


def test_cache_rebuilds_only_what_changed_and_follows_src(tmp_path):
    site = make_mini_site(tmp_path / "src")
    out = tmp_path / "out"
    first = build(site, out)
    assert first.returncode == 0 and executed(first) == 1

    unchanged = build(site, out)
    assert unchanged.returncode == 0 and executed(unchanged) == 0

    post = site / "posts" / "mini.md"
    post.write_text(post.read_text().replace("# A mini post", "# A mini post, retitled"))
    prose = build(site, out)
    assert prose.returncode == 0 and executed(prose) == 0
    assert "retitled" in prose.page("posts/mini.html")

    package = site / "src" / "minipkg" / "__init__.py"
    package.write_text("VALUE = 42\n")
    edited = build(site, out)
    assert edited.returncode == 0 and executed(edited) == 1
    assert '<span class="pasted-text">42</span>' in edited.page("posts/mini.html")

    package.write_text("VALUE = 41\n")
    reverted = build(site, out)
    assert reverted.returncode == 0 and executed(reverted) == 0, "the old cache was not reused"
    assert '<span class="pasted-text">41</span>' in reverted.page("posts/mini.html")


def test_code_edit_reexecutes_the_post(tmp_path):
    site = make_mini_site(tmp_path / "src")
    out = tmp_path / "out"
    assert build(site, out).returncode == 0
    post = site / "posts" / "mini.md"
    post.write_text(post.read_text().replace('glue("value", VALUE', 'glue("value", VALUE + 1'))
    result = build(site, out)
    assert result.returncode == 0 and executed(result) == 1
    assert '<span class="pasted-text">42</span>' in result.page("posts/mini.html")


GISCUS = """
giscus = {"repo": "someone/blog", "repo_id": "R_1", "category": "Comments", "category_id": "C_1"}
"""


def test_comments_appear_on_posts_only_when_configured(tmp_path):
    result = build(make_mini_site(tmp_path / "src", extra_conf=GISCUS), tmp_path / "out")
    assert result.returncode == 0, result.output
    post = result.page("posts/mini.html")
    for attribute in ('data-repo="someone/blog"', 'data-repo-id="R_1"', 'data-category-id="C_1"',
                      'data-mapping="pathname"', 'data-reactions-enabled="1"',
                      'data-loading="lazy"', 'data-input-position="bottom"'):
        assert attribute in post
    assert "comments.js" in post
    for page in ("index.html", "blog.html", "blog/tag/maths.html"):
        assert "data-repo=" not in result.page(page), page


def test_without_node_math_falls_back_to_the_browser_and_says_so(tmp_path, monkeypatch):
    site = make_mini_site(tmp_path / "src")
    (site / "node_modules").unlink(missing_ok=True)
    result = build(site, tmp_path / "out")
    assert result.returncode == 0, result.output
    assert result.output.count("math will be rendered in the reader's browser") == 1
    assert "katex_autorenderer.js" in result.page("posts/mini.html")
