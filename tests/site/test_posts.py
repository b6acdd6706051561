"""What a post's page shows, checked on the fixture site's posts (tests/fixtures/README.md)
and the README's template post, which the fixture site holds as a new author would add it.

The rules a post must satisfy (front matter, checked formulas, figures, visible words, code and
assertion lines, e-notation) are enforced by `make html` itself (_ext/blog); test_build_failures.py
checks that the build enforces each of them. Here: what the build makes of a post that passes.
"""

import difflib
import json
import re

import pytest
from bs4 import BeautifulSoup

from tools.building import ROOT, front_matter, post_date, published_fixture_posts

NAMES = published_fixture_posts()


@pytest.fixture(params=NAMES)
def post(request, site):
    """(the build, the post's name, its page as soup, its front matter)."""
    name, build = request.param, site
    page = BeautifulSoup(build.page(f"posts/{name}.html"), "lxml")
    return build, name, page, front_matter(build.srcdir / "posts" / f"{name}.md")


def article(page):
    return page.select_one("article.bd-article")


def conf_value(name):
    return re.search(rf'^{name} = "(.*)"', (ROOT / "conf.py").read_text(), re.M).group(1)


def test_post_is_executed_and_offered_as_a_notebook(post):
    build, name, _, _ = post
    notebook = json.loads((build.html / "_sources" / "posts" / f"{name}.ipynb").read_text())
    code = [cell for cell in notebook["cells"] if cell["cell_type"] == "code"
            and "install" not in cell["metadata"].get("tags", [])]  # the reader's set-up cell
    assert code and all(cell.get("execution_count") for cell in code), f"{name}: not every cell ran"


def display_formulas(page):
    """The display formulas written in the post (not those printed by its cells)."""
    return [m for m in article(page).select("div.math") if m.find_parent(class_="cell_output") is None]


def test_checked_formulas_link_to_their_folded_cells(post):
    """Each ✓ leads to the cell that checks the formula; the cell's code is folded, its one-line
    result in view; the count under the title matches the marks."""
    _, name, page, _ = post
    formulas = display_formulas(page)
    kinds = []
    for formula in formulas:
        wrapper = formula.find_parent(attrs={"data-check": True})
        assert wrapper is not None, f"{name}: a display formula has no data-check: {formula.get_text()[:80]}"
        kinds.append(wrapper["data-check"])
        if wrapper["data-check"] == "checked":
            link = wrapper.select_one("a.formula-check[href^='#']")
            cell = page.find(id=link["href"][1:])
            assert cell is not None and "cell" in cell.get("class", []), f"{name}: {link['href']} is no cell"
            folded = cell.select_one("details.hide")
            assert folded is not None and folded.select_one(".cell_input"), \
                f"{name}: the checking cell {link['href']} shows its code unfolded"
            assert cell.find_parent("aside", class_="proof-note") is not None, \
                f"{name}: the checking cell {link['href']} is not in a proof note"
        else:
            assert wrapper["data-check"] == "definition" and not wrapper.select("a.formula-check")
    if formulas:
        count = page.select_one(".formula-count").get_text(" ", strip=True)
        checked = kinds.count("checked")
        expected = (("The display formula" if len(formulas) == 1 else "Every display formula")
                    if checked == len(formulas) else f"{checked} of the {len(formulas)} display formulas")
        assert expected in count, count


def test_links_within_the_page_resolve(post):
    _, name, page, _ = post
    ids = {tag["id"] for tag in page.find_all(id=True)}
    for link in article(page).select("a[href^='#']"):
        assert link["href"][1:] in ids, f"{name}: the link {link['href']} leads nowhere"


def test_series_navigation(post):
    build, name, page, meta = post
    nav = page.select_one("nav.series-nav")
    if not meta.get("series"):
        assert nav is None
        return
    members = sorted((post_date(front_matter(path)), path.stem)
                     for path in (build.srcdir / "posts").glob("*.md")
                     if front_matter(path).get("series") == meta["series"])
    order = [stem for _, stem in members]
    part = order.index(name) + 1
    assert nav is not None, f"{name}: series {meta['series']!r} but no series navigation"
    assert f"Part {part} of {len(order)}" in nav.get_text()
    expected = {"prev": order[part - 2] if part > 1 else None, "next": order[part] if part < len(order) else None}
    for rel, neighbour in expected.items():
        link = nav.select_one(f"a[rel='{rel}']")
        assert (link is None) == (neighbour is None), f"{name}: series link {rel} wrong"
        if link is not None:
            assert link["href"] == f"{neighbour}.html"


def test_cite_this_post_matches_the_front_matter(post):
    _, name, page, meta = post
    entry = page.select_one(".cite-this-post pre").get_text()
    fields = dict(re.findall(r"^\s*(\w+)\s*=\s*\{?(.*?)\}?,$", entry, re.M))
    title = page.find("h1").get_text().strip("#¶ \n")
    date = post_date(meta)
    family, *given = reversed(conf_value("author").split())
    assert entry.startswith("@misc{")
    assert fields["title"] == title and fields["year"] == str(date.year)
    assert fields["month"] == date.strftime("%b").lower()
    assert fields["author"] == f"{family}, {' '.join(reversed(given))}"
    assert fields["url"].startswith("http")
    assert fields["url"].endswith(f"posts/{name}.html")


def test_figures_carry_the_pinned_date(post):
    build, name, page, _ = post
    for img in article(page).select(".cell_output img"):
        svg = (build.html / "posts" / img["src"]).read_text(encoding="utf-8")
        assert "<dc:date>" not in svg or "2023-08-19" in svg


def comparable(html: str) -> str:
    """A post's article minus what legitimately differs between the two builds: outputs of
    cells tagged `timing` (measured) and ABlog's links to neighbouring posts."""
    page = BeautifulSoup(html, "lxml")
    body = article(page)
    for varying in body.select(".tag_timing, .ablog__prev-next"):
        varying.decompose()
    return str(body)


@pytest.mark.parametrize("name", NAMES)
def test_two_clean_builds_give_identical_posts(site, site_again, name):
    first = comparable(site.page(f"posts/{name}.html"))
    second = comparable(site_again.page(f"posts/{name}.html"))
    if first != second:
        diff = difflib.unified_diff(first.splitlines(), second.splitlines(), lineterm="", n=2)
        pytest.fail(f"{name} differs between two clean builds:\n" + "\n".join(
            line[:300] for line in list(diff)[:40]))
