"""Failure paths and caching, on throwaway mini-sites that use the real conf.py and _ext/.

Independent failures share one build: a mini-site with one broken post per failure mode, built
with the README's `--keep-going`, must fail and name every broken post with its own message.
"""

import re

import pytest
from bs4 import BeautifulSoup

from mini_sites import BROKEN


pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

def executed(result) -> int:
    return len(re.findall(r"Executed notebook in", result.output))


def plain(text: str) -> str:
    return re.sub(r"\x1b\[[0-9;]*m", "", text)


def located_in(output: str, post: str, message: str) -> bool:
    """Whether a line of the output names posts/<post> and starts `message` (or the traceback
    of a failed cell, printed after the line naming the post, holds it)."""
    lines = plain(output).splitlines()
    return any(f"posts/{post}" in line and message in line for line in lines)


@pytest.mark.parametrize("post", BROKEN)
def test_each_broken_post_fails_the_build_and_is_named(broken, post):
    first, _ = broken
    assert first.returncode != 0
    said = plain(first.output)
    for message in BROKEN[post][1]:
        assert message in said, f"posts/{post}: the build output does not say {message!r}"
    first_message = BROKEN[post][1][0]
    if post not in ("raising", "slow"):  # tracebacks span lines; the rest name the post
        assert located_in(said, post, first_message), f"{first_message!r} is not located in posts/{post}"
    else:
        assert f"posts/{post}" in said


def test_failures_keep_failing_on_a_rebuild(broken):
    _, again = broken
    assert again.returncode != 0
    for post in ("raising", "unchecked", "wrong-label", "no-assert", "katex"):
        assert f"posts/{post}" in plain(again.output), f"posts/{post} no longer fails on a rebuild"


def test_execution_reports_are_not_published(broken):
    first, _ = broken
    assert not (first.html / "reports").exists()


def test_mini_site_builds_clean(mini_site):
    assert mini_site.returncode == 0, mini_site.output
    assert "The value is <span class=\"pasted-text\">41</span>" in mini_site.page("posts/mini.html")


def test_printed_output_does_not_depend_on_when_the_kernel_flushes(mini_site):
    outputs = BeautifulSoup(mini_site.page("posts/mini.html"), "lxml").select(".output.stream")
    assert [o.get_text().strip() for o in outputs] == ["first\nsecond"]


def test_checked_formulas_are_marked_linked_and_counted(mini_site):
    page = BeautifulSoup(mini_site.page("posts/mini.html"), "lxml")
    checked, definition = page.select('[data-check="checked"]'), page.select('[data-check="definition"]')
    assert len(checked) == 1 and len(definition) == 1
    link = checked[0].select_one("a.formula-check")
    cell = page.find(id=link["href"][1:])
    assert cell is not None and "cell" in cell["class"] and "assert_allclose" in cell.get_text()
    assert "is checked by the code cell below" in link.get_text()
    assert not definition[0].select("a.formula-check")
    back = cell.find_previous_sibling(class_="formula-backlink").select_one("a")
    assert back["href"] == "#equation-doubling" and page.find(id="equation-doubling") is checked[0]
    count = page.select_one("h1 ~ .formula-count").get_text(" ", strip=True)
    assert "1 of 2 formulas on this page are checked by code" in count


def test_comments_appear_on_posts_only_when_configured(mini_site):
    post = mini_site.page("posts/mini.html")
    for attribute in ('data-repo="someone/blog"', 'data-repo-id="R_1"', 'data-category-id="C_1"',
                      'data-mapping="pathname"', 'data-reactions-enabled="1"',
                      'data-loading="lazy"', 'data-input-position="bottom"'):
        assert attribute in post
    assert "comments.js" in post
    for page in ("index.html", "blog/tag/maths.html"):
        assert "data-repo=" not in mini_site.page(page), page


def test_cache_rebuilds_only_what_changed_and_follows_src(cache_sequence):
    steps = {step.name: step for step in cache_sequence}
    for step in steps.values():
        assert step.returncode == 0, f"{step.name}: {step.output[-2000:]}"
    executed_per_step = {name: executed(step) for name, step in steps.items()}
    assert executed_per_step == {"first": 1, "unchanged": 0, "prose edit": 0, "code edit": 1,
                                 "package edit": 1, "package reverted": 0}, executed_per_step
    assert "retitled" in steps["prose edit"].post
    assert '<span class="pasted-text">43</span>' in steps["code edit"].post
    assert '<span class="pasted-text">42</span>' in steps["package edit"].post
    assert '<span class="pasted-text">41</span>' in steps["package reverted"].post


def test_without_node_math_falls_back_to_the_browser_and_says_so(site_without_node):
    result = site_without_node
    assert result.returncode == 0, result.output
    assert result.output.count("math will be rendered in the reader's browser") == 1
    assert "katex_autorenderer.js" in result.page("posts/mini.html")
