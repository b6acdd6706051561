"""What every post must be, checked on every post the site has and on the README's template
post added to a copy of the site (so a new post needs no edit here).

What is specific to one post (its figure, its numbers) lives in that post's own asserts.
"""

import difflib
import json
import re
from datetime import datetime

import pytest
from bs4 import BeautifulSoup

from building import POSTS, ROOT, front_matter
from conftest import NEW_POST_NAME

# Published URLs: readers' links and comment threads map by path.
PUBLISHED = {"matrix-calculus", "tensor-jacobians", "training-the-network", "classification"}
CASES = [("site", path.stem) for path in POSTS] + [("site_with_new_post", NEW_POST_NAME)]
IDS = [f"{name}" if build == "site" else f"new-post:{name}" for build, name in CASES]
MAX_VISIBLE_WORDS = 2500
MIN_CHECKED_SHARE = 0.85
E_NOTATION = re.compile(r"\b\d+(?:\.\d+)?[eE][-+−]?\d+\b")
POST_BY_NUMBER = re.compile(r"\b(?:post|part) [1-9]\b", re.I)


@pytest.fixture(params=CASES, ids=IDS)
def post(request):
    """(the build, the post's name, its page as soup, its front matter)."""
    build_name, name = request.param
    build = request.getfixturevalue(build_name)
    page = BeautifulSoup(build.page(f"posts/{name}.html"), "lxml")
    return build, name, page, front_matter(build.srcdir / "posts" / f"{name}.md")


def article(page):
    return page.select_one("article.bd-article")


def conf_value(name):
    return re.search(rf'^{name} = "(.*)"', (ROOT / "conf.py").read_text(), re.M).group(1)


def test_published_posts_keep_their_names():
    assert PUBLISHED <= {path.stem for path in POSTS}


def test_front_matter(post):
    _, name, _, meta = post
    assert meta.get("blogpost") == "true", f"{name}: blogpost: true is missing"
    datetime.strptime(meta.get("date", ""), "%b %d, %Y")
    for key in ("author", "tags", "category", "description"):
        assert meta.get(key), f"{name}: front matter has no {key}"
    assert [tag.strip() for tag in meta["tags"].split(",") if tag.strip()]
    assert "$" not in meta["description"], f"{name}: the description is shown as plain text"


def test_post_is_executed_and_offered_as_a_notebook(post):
    build, name, _, _ = post
    notebook = json.loads((build.html / "_sources" / "posts" / f"{name}.ipynb").read_text())
    code = [cell for cell in notebook["cells"] if cell["cell_type"] == "code"]
    assert code and all(cell.get("execution_count") for cell in code), f"{name}: not every cell ran"


def display_formulas(page):
    """The display formulas written in the post (not those printed by its cells)."""
    return [m for m in article(page).select("div.math") if m.find_parent(class_="cell_output") is None]


def test_every_display_formula_is_checked_or_a_definition(post):
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
            # An assert, or backprop's asserting one-line checks (as _ext/checked_formulas.py).
            assert re.search(r"\bassert|\bcheck(_close)?\s*\(", cell.select_one(".cell_input").get_text()), \
                f"{name}: the cell {link['href']} asserts nothing"
        else:
            assert wrapper["data-check"] == "definition" and not wrapper.select("a.formula-check")
    checked = kinds.count("checked")
    if formulas:
        count = page.select_one("h1 ~ .formula-count").get_text(" ", strip=True)
        assert f"{checked} of {len(formulas)} formulas" in count, count
        assert checked / len(formulas) >= MIN_CHECKED_SHARE, \
            f"{name}: {checked} of {len(formulas)} formulas checked; at least 85 % must be"


def visible_text(element) -> str:
    """The words a reader sees in `element` without unfolding anything: prose, visible code
    and outputs; not folded cells or dropdowns, not formulas (symbols, not words), not the
    lines the site generates around the post (header, series, check-mark links), not scripts
    or permalink marks."""
    element = BeautifulSoup(str(element), "lxml")
    for hidden in element.select("details:not([open]) > :not(summary), script, style, .katex, "
                                 "a.headerlink, .visually-hidden, summary, .post-meta, .series-nav, "
                                 ".formula-backlink, .formula-count"):
        hidden.decompose()
    for code in element.select("pre"):  # highlighted code: its text as written, not per token
        code.replace_with(" " + code.get_text() + " ")
    return element.get_text(" ")


def test_visible_words(post):
    _, name, page, _ = post
    words = [w for w in visible_text(article(page)).split() if re.search(r"\w", w)]
    assert len(words) <= MAX_VISIBLE_WORDS, f"{name}: {len(words)} visible words (at most {MAX_VISIBLE_WORDS})"


def prose(page):
    """The post's sentences: paragraphs, list items and table cells outside code and outputs."""
    texts = []
    for block in article(page).select("p, li, td, th, figcaption"):
        if block.find_parent(class_=["cell", "highlight", "series-nav"]) or block.find_parent("pre"):
            continue
        block = BeautifulSoup(str(block), "lxml")
        for skip in block.select("code, .math, .katex"):
            skip.decompose()
        texts.append(block.get_text(" "))
    return texts


def test_prose_names_posts_by_title_and_writes_numbers_as_numbers(post):
    _, name, page, _ = post
    for sentence in prose(page):
        assert not POST_BY_NUMBER.search(sentence), f"{name}: refer to posts by title: {sentence[:120]!r}"
        assert not E_NOTATION.search(sentence), f"{name}: e-notation in prose: {sentence[:120]!r}"


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
    members = sorted((datetime.strptime(front_matter(path)["date"], "%b %d, %Y"), path.stem)
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
    date = datetime.strptime(meta["date"], "%b %d, %Y")
    family, *given = reversed(conf_value("author").split())
    assert entry.startswith("@misc{")
    assert fields["title"] == title and fields["year"] == str(date.year)
    assert fields["month"] == date.strftime("%b").lower()
    assert fields["author"] == f"{family}, {' '.join(reversed(given))}"
    assert fields["url"].startswith("http")
    assert fields["url"].endswith(f"posts/{name}.html")


def test_figures_are_svg_with_the_pinned_date(post):
    build, name, page, _ = post
    for img in article(page).select(".cell_output img"):
        assert img["src"].endswith(".svg"), f"{name}: figures are SVG"
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


@pytest.mark.parametrize("name", [path.stem for path in POSTS])
def test_two_clean_builds_give_identical_posts(site, site_with_new_post, name):
    first = comparable(site.page(f"posts/{name}.html"))
    second = comparable(site_with_new_post.page(f"posts/{name}.html"))
    if first != second:
        diff = difflib.unified_diff(first.splitlines(), second.splitlines(), lineterm="", n=2)
        pytest.fail(f"{name} differs between two clean builds:\n" + "\n".join(
            line[:300] for line in list(diff)[:40]))
