"""`make html` is the judge: every author mistake fails the build, named `posts/<name>.md:<line>`
with its fix, and keeps failing on an unchanged rebuild. Then a clean mini-site, and the
incremental sequence (conftest.build_incremental_sequence: unchanged, add, retitle, rename,
re-date with a code edit, a package edit and its revert, delete with a damaged cache), whose
every build is checked both for what it executed and for every page that lists posts.

Independent failures share one build: a mini-site with one broken post per mistake
(tests/site/mini_sites.py), built with the README's `--keep-going`, then built again unchanged.
"""

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from mini_sites import BROKEN

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")
# Sphinx's own warnings have no "Fix:" and are not in the closing summary (the pages they name
# are read again by the next build, so they come back too). An unknown label is the blog's.
SPHINX_WARNING = set()
MAX_RAISE_LINES = 15


def executed(result) -> int:
    return len(re.findall(r"Executed notebook in", result.output))


def plain(text: str) -> str:
    return re.sub(r"\x1b\[[0-9;]*m", "", text)


def expected_line(post: str) -> int:
    """The .md line the error must name: the line that is the post's marker (or else the first
    holding it); when that line lies in a code cell, the cell's ```{code-cell} fence."""
    lines, marker = BROKEN[post][0].splitlines(), BROKEN[post][2]
    number = next((n for n, line in enumerate(lines, 1) if line == marker), None) or \
        next(n for n, line in enumerate(lines, 1) if marker in line)
    fence = None
    for n, line in enumerate(lines[:number], 1):
        if line.startswith("```{code-cell}"):
            fence = n
        elif line.startswith("```") and fence is not None and n < number:
            fence = None
    return fence or number


def error_block(output: str, post: str) -> list[str]:
    """The lines of the error naming posts/<post>.md:<line>, up to and including its `Fix:`."""
    lines = plain(output).splitlines()
    start = next(i for i, line in enumerate(lines) if f"posts/{post}.md:{expected_line(post)}:" in line)
    end = next((i for i in range(start, len(lines)) if "Fix:" in lines[i]), start)
    return lines[start:end + 1]


@pytest.mark.parametrize("post", BROKEN)
def test_each_mistake_fails_the_build_naming_its_line_and_the_fix(broken, post):
    first, _ = broken
    assert first.returncode != 0
    said = plain(first.output)
    location = f"posts/{post}.md:{expected_line(post)}:"
    messages = BROKEN[post][1]
    headline = [line for line in said.splitlines() if location in line]
    assert headline, f"no error names {location}:\n" + "\n".join(
        line for line in said.splitlines() if f"posts/{post}.md" in line)
    assert any(messages[0] in line for line in headline), f"{location} does not say {messages[0]!r}: {headline}"
    block = "\n".join(error_block(first.output, post))
    for message in messages[1:]:
        assert message in block, f"the error of {location} does not say {message!r}:\n{block}"
    if post not in SPHINX_WARNING:
        assert "Fix: " in block, f"the error of {location} does not say how to fix it:\n{block}"


def test_no_mistake_crashes_the_build(broken):
    """Every mistake is an ordinary error: no "Extension error!" and no crash report."""
    for result in broken:
        for crash in ("Extension error", "Exception occurred", "please open an issue"):
            assert crash not in result.output, f"the build crashed ({crash}):\n{result.output[-3000:]}"


@pytest.mark.parametrize("post", BROKEN)
def test_each_mistake_keeps_failing_on_an_unchanged_rebuild(broken, post):
    first, again = broken
    assert again.returncode != 0
    assert error_block(again.output, post)[0] == error_block(first.output, post)[0]
    assert error_block(again.output, post)[-1] == error_block(first.output, post)[-1]


def test_the_summary_lists_every_broken_post(broken):
    first, _ = broken
    summary = plain(first.output).split("The build failed:")[-1]
    for post in set(BROKEN) - SPHINX_WARNING:
        assert f"posts/{post}.md:" in summary, f"posts/{post}.md is missing from the closing summary"


def test_a_myst_link_to_an_unknown_label_is_an_error_once_per_link(broken):
    """`[text](#label)`, `<project:#label>` and `<project:page.md>`: each on its own line with the nearest label, not
    again for the copies ABlog renders (the feed's full text), and again on an unchanged rebuild."""
    for result in broken:
        said = plain(result.output)
        lines = BROKEN["link-typo"][0].splitlines()
        project = next(n for n, line in enumerate(lines, 1) if "<project:#link-slope-x>" in line)
        headline = [line for line in said.splitlines() if f"posts/link-typo.md:{project}:" in line]
        assert any("the link `(#link-slope-x)` names no label" in line for line in headline), headline
        for target in ("(#link-slpe)", "(#link-slope-x)"):
            assert said.count(f"the link `{target}`") == 1, f"{target} is not reported exactly once"
        assert "'myst' cross-reference target not found" not in said
        # A link to a page that does not exist names the page, not a heading of it.
        page = next(n for n, line in enumerate(lines, 1) if "<project:raisng.md>" in line)
        headline = [line for line in said.splitlines() if f"posts/link-typo.md:{page}:" in line]
        assert any("the link `(raisng.md)` names no page of the site" in line for line in headline), headline
        assert said.count("the link `(raisng.md)`") == 1 and "did you mean `raising.md`" in said
        assert "Could not find document" not in said and "(raising.md)" not in said


@pytest.mark.parametrize("post, exception", [("raising", "RuntimeError"), ("raising-helper", "ValueError")])
def test_a_raising_cell_is_reported_in_a_few_lines_with_the_full_traceback_beside_the_site(broken, post, exception):
    first, _ = broken
    block = error_block(first.output, post)
    assert len(block) <= MAX_RAISE_LINES, "\n".join(block)
    # The author's own frame, with the .md line of the raising statement (in raising-helper,
    # a function defined in an earlier cell than the one that calls it).
    text, _, _ = BROKEN[post]
    raising_line = next(n for n, line in enumerate(text.splitlines(), 1) if f"raise {exception}" in line)
    assert f"(line {raising_line} of the post)" in "\n".join(block)
    report = Path(re.search(r"full traceback: (\S+)", "\n".join(block)).group(1))
    assert report.is_file() and report.name == f"{post}.log" and report.parent.parent.name == "reports"
    assert exception in report.read_text()
    assert "html" not in report.parts
    assert "glue data" not in plain(first.output), "a failed cell's missing glue keys were reported too"
    assert "nbclient" not in "\n".join(block) and "jupyter_cache" not in "\n".join(block)


def test_a_katex_error_is_reported_once(broken):
    first, _ = broken
    assert plain(first.output).count("KaTeX cannot typeset this formula") == 1
    assert "blog.rst" not in first.output


def test_the_log_is_quiet(broken, mini_site):
    for result in (broken[0], mini_site):
        output = plain(result.output)
        for noise in ("MdParserConfig(", "NbParserConfig(", "without encryption",
                      "Executing notebook failed", "stderr was found"):
            assert noise not in output, f"the build log says {noise!r}"
    assert "executed 2 posts: posts/mini.md, posts/short.md" in plain(mini_site.output)


def test_execution_reports_are_not_published(broken):
    first, _ = broken
    assert not (first.html / "reports").exists()
    assert (first.html.parent / "reports" / "posts" / "raising.log").is_file()


def test_mini_site_builds_clean(mini_site):
    assert mini_site.returncode == 0, mini_site.output
    assert "The value is <span class=\"pasted-text\">41</span>" in mini_site.page("posts/mini.html")


def test_a_short_post_with_an_iso_date_passes(mini_site):
    page = BeautifulSoup(mini_site.page("posts/short.html"), "lxml")
    assert "Dec 04, 2026" in page.select_one(".post-meta").get_text()
    assert not page.select(".formula-count"), "a post without display formulas has no formula count"


def test_printed_output_does_not_depend_on_when_the_kernel_flushes(mini_site):
    outputs = BeautifulSoup(mini_site.page("posts/mini.html"), "lxml").select(".output.stream")
    assert [o.get_text().strip() for o in outputs][0] == "first\nsecond"


def test_checked_formulas_are_marked_linked_folded_and_counted(mini_site):
    page = BeautifulSoup(mini_site.page("posts/mini.html"), "lxml")
    checked, definition = page.select('[data-check="checked"]'), page.select('[data-check="definition"]')
    assert len(checked) == 1 and len(definition) == 1
    link = checked[0].select_one("a.formula-check")
    cell = page.find(id=link["href"][1:])
    assert cell is not None and "cell" in cell["class"] and "assert_allclose" in cell.get_text()
    folded = cell.select_one("details.hide")
    assert folded is not None and "assert_allclose" in folded.get_text(), "the checking cell is not folded"
    assert "✓ agrees" in cell.select_one(".cell_output").get_text(), "its one-line result is not shown"
    assert "Proof of equation" in link.get_text(), "the ✓ is not named for screen readers"
    assert not definition[0].select("a.formula-check")
    # The proof sits beside its formula (pages/proof_notes.py), not in the flow after it.
    note = cell.find_parent("aside", class_="proof-note")
    assert note is not None and note.find_previous_sibling() is checked[0], "the proof is not beside its formula"
    assert not page.select(".formula-backlink")
    assert page.find(id="equation-doubling") is checked[0]
    count = page.select(".formula-count")
    assert len(count) == 1 and count[0].find_previous(class_="proof-block") is not None \
        and count[0].find_next(class_="checked-formula") is None, "the count is not at the post's end"
    assert "1 of the 2 display formulas in this post is checked by code" in count[0].get_text(" ", strip=True)


def test_comments_appear_on_posts_only_when_configured(mini_site):
    post = mini_site.page("posts/mini.html")
    for attribute in ('data-repo="someone/blog"', 'data-repo-id="R_1"', 'data-category-id="C_1"',
                      'data-mapping="pathname"', 'data-reactions-enabled="1"',
                      'data-loading="lazy"', 'data-input-position="bottom"'):
        assert attribute in post
    assert "comments.js" in post
    for page in ("index.html", "blog/tag/maths.html"):
        assert "data-repo=" not in mini_site.page(page), page


# The incremental sequence (conftest.build_incremental_sequence): one mini-site built again and
# again, every build checked for what it executed and for every page that lists posts.
SEQUENCE = ["first", "unchanged", "add", "retitle", "rename", "re-date and code edit", "package edit",
            "package reverted", "delete and damaged cache"]


def glued_value(step, stem) -> str:
    page = BeautifulSoup((step.html / "posts" / f"{stem}.html").read_text(encoding="utf-8"), "lxml")
    return page.select_one(".pasted-text").get_text()


def test_cache_rebuilds_only_what_changed_and_follows_src(incremental_sequence):
    steps = {step.name: step for step in incremental_sequence}
    assert list(steps) == SEQUENCE
    for step in steps.values():
        assert step.returncode == 0, f"{step.name}: {step.output[-2000:]}"
    executed_per_step = {name: executed(step) for name, step in steps.items()}
    # Only a new post, a code edit, or an edit to the package the posts import (every post
    # imports it) runs code; a prose edit, a rename and a revert to cached code do not.
    assert executed_per_step == {"first": 2, "unchanged": 0, "add": 1, "retitle": 0, "rename": 0,
                                 "re-date and code edit": 1, "package edit": 3, "package reverted": 0,
                                 "delete and damaged cache": 1}, executed_per_step
    damaged = [line for line in plain(steps["delete and damaged cache"].output).splitlines()
               if "cache" in line and "damaged" in line]
    assert len(damaged) == 1 and "executed again" in damaged[0], steps["delete and damaged cache"].output[-2000:]
    assert "Delta Thoughts" in (steps["retitle"].html / "posts" / "gamma.html").read_text(encoding="utf-8")
    # alpha glues VALUE + 2 from the code edit on, VALUE + 3 after the last; delta (gamma
    # renamed) VALUE + 10; beta VALUE.
    shown = {name: {stem: glued_value(steps[name], stem) for stem, _ in steps[name].posts}
             for name in ("re-date and code edit", "package edit", "package reverted", "delete and damaged cache")}
    assert shown == {"re-date and code edit": {"alpha": "43", "beta": "41", "delta": "51"},
                     "package edit": {"alpha": "44", "beta": "42", "delta": "52"},
                     "package reverted": {"alpha": "43", "beta": "41", "delta": "51"},
                     "delete and damaged cache": {"alpha": "44", "delta": "51"}}, shown


# -- Incremental builds: every page that lists posts follows them ----------------------------

LISTING_PAGES = ["index.html", "blog.html", "blog/tag/maths.html", "blog/category/machine-learning.html"]


@pytest.mark.parametrize("step", SEQUENCE)
def test_one_build_updates_every_page_that_lists_posts(incremental_sequence, step):
    """After each single build: the index, blog.html, the tag and category pages, every post's
    sidebar, the feed and the sitemap list exactly the posts there are, under their titles,
    newest first."""
    result = next(s for s in incremental_sequence if s.name == step)
    assert result.returncode == 0, result.output[-3000:]
    expected = result.posts  # [(file stem, title)], newest first
    titles = [title for _, title in expected]
    gone = [title for title in result.gone if title not in titles]
    # A post's page names other posts only through its series sidebar and its neighbours, so
    # it must not name a post that is gone; the listing pages name every post.
    pages = LISTING_PAGES + [f"posts/{stem}.html" for stem, _ in expected]
    for name in pages:
        text = BeautifulSoup((result.html / name).read_text(encoding="utf-8"), "lxml").get_text(" ")
        for title in titles if name in LISTING_PAGES else []:
            assert title in text, f"{step}: {name} does not list {title!r}"
        for title in gone:
            assert title not in text, f"{step}: {name} still lists {title!r}"
    listed = [a.get_text(strip=True) for a in BeautifulSoup(
        (result.html / "index.html").read_text(encoding="utf-8"), "lxml").select(".postlist .ablog-post-title a")]
    assert listed == titles, f"{step}: the index lists {listed}, expected {titles} (newest first)"
    feed = (result.html / "blog" / "atom.xml").read_text(encoding="utf-8")
    sitemap = (result.html / "sitemap.xml").read_text(encoding="utf-8")
    for stem, title in expected:
        assert title in feed, f"{step}: the feed lacks {title!r}"
        assert f"posts/{stem}.html" in sitemap, f"{step}: the sitemap lacks posts/{stem}.html"
    for title in gone:
        assert title not in feed, f"{step}: the feed still has {title!r}"
    for stem in result.removed:
        assert f"posts/{stem}.html" not in sitemap, f"{step}: the sitemap still has posts/{stem}.html"


def test_a_rebuild_writes_a_page_as_the_clean_build_did(incremental_sequence):
    """A page written again links the same stylesheets and scripts as the clean build's (MyST-NB's
    stylesheet once came after the pages: no `?v=` in a clean build, one in a rebuild), and the
    sitemap is in one order, so what is keyed on the pages' content need not run again."""
    def assets(step):
        page = BeautifulSoup((step.html / "index.html").read_text(encoding="utf-8"), "lxml")
        return [tag.get("href") or tag.get("src") for tag in page.select('link[rel="stylesheet"], script[src]')]

    first, unchanged, added = (next(s for s in incremental_sequence if s.name == name)
                               for name in ("first", "unchanged", "add"))
    assert assets(first) and assets(unchanged) == assets(first) and assets(added) == assets(first)
    for step in (first, added):
        sitemap = (step.html / "sitemap.xml").read_text(encoding="utf-8")
        locations = re.findall(r"<loc>([^<]+)</loc>", sitemap)
        assert locations == sorted(locations), f"{step.name}: the sitemap is not in one order"


def test_without_node_math_falls_back_to_the_browser_and_says_so(incremental_sequence):
    """The incremental sequence's mini-site has no node_modules: its first, clean build."""
    result = incremental_sequence[0]
    assert result.returncode == 0, result.output
    assert result.output.count("math will be rendered in the reader's browser") == 1
    assert "katex_autorenderer.js" in (result.html / "posts" / "alpha.html").read_text(encoding="utf-8")
