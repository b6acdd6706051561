"""The front page, the sidebar and the small things of a post page, read as HTML.

The cards are checked against the posts' own front matter and the post pages' headers, on the
fixture site (tests/fixtures/README.md, the README's template post included).
"""

import re
from datetime import datetime

import pytest
from bs4 import BeautifulSoup

from tools.building import front_matter, is_draft, published_fixture_posts

from blog.pages.post_context import breakable_url, key_word

BUILDS = ["site"]
POST_CASES = [("site", name) for name in published_fixture_posts()]
POST_IDS = [name for _, name in POST_CASES]


def soup(build, name):
    return BeautifulSoup(build.page(name), "lxml")


def posts_of(build) -> dict[str, dict]:
    """The published posts of a build: name -> front matter."""
    posts = {path.stem: front_matter(path) for path in sorted((build.srcdir / "posts").glob("*.md"))}
    return {name: meta for name, meta in posts.items() if not is_draft(meta)}


def date_of(meta) -> datetime:
    """Either date form the build accepts (ISO or the house form)."""
    try:
        return datetime.strptime(meta["date"], "%b %d, %Y")
    except ValueError:
        return datetime.strptime(meta["date"], "%Y-%m-%d")


@pytest.fixture(params=BUILDS)
def build(request):
    return request.getfixturevalue(request.param)


def test_the_index_shows_each_post_as_a_card_in_reading_order(build):
    posts = posts_of(build)
    cards = soup(build, "index.html").select(".post-cards .post-card")
    names = [card.select_one(".post-card__title a")["href"].removeprefix("posts/").removesuffix(".html")
             for card in cards]
    # A series is read from its Part 1: the cards go oldest first, the newest marked "New".
    assert names == sorted(posts, key=lambda name: date_of(posts[name]))
    newest = [card for card in cards if card.select_one(".post-card__new")]
    assert len(newest) == 1 and newest[0] is cards[-1]
    start = soup(build, "index.html").select_one(".start-here a")
    assert start is not None and start["href"] == f"posts/{names[0]}.html", "no 'Start here' link to the first post"
    for name, card in zip(names, cards):
        meta = posts[name]
        page = soup(build, f"posts/{name}.html")
        assert card.select_one(".post-card__title").get_text(strip=True) == page.find("h1").get_text().strip("#¶ \n")
        assert card.find("time")["datetime"] == f"{date_of(meta):%Y-%m-%d}"
        assert date_of(meta).strftime("%b %d, %Y") in card.select_one(".post-card__facts").get_text()
        # The reading time is the post header's, counted once by _ext/blog/pages/post_header.py.
        minutes = re.search(r"(\d+) min read", page.select_one(".post-meta").get_text()).group(1)
        assert f"{minutes} min read" in card.select_one(".post-card__facts").get_text()
        assert card.select_one(".post-card__description").get_text(strip=True) == meta["description"]
        tags = [t.strip() for t in meta["tags"].split(",") if t.strip()]
        assert [a.get_text(strip=True) for a in card.select(".post-card__tags a")] == tags
        for link in card.select(".post-card__tags a"):
            assert (build.html / link["href"]).is_file(), f"the tag link {link['href']} leads nowhere"


def test_a_card_names_the_series_and_the_part(build):
    posts = posts_of(build)
    for card in soup(build, "index.html").select(".post-card"):
        name = card.select_one(".post-card__title a")["href"].removeprefix("posts/").removesuffix(".html")
        series = posts[name].get("series")
        kicker = card.select_one(".post-card__series")
        if not series:
            assert kicker is None, f"{name} is in no series, its card says {kicker.get_text()!r}"
            continue
        members = sorted((n for n, m in posts.items() if m.get("series") == series), key=lambda n: date_of(posts[n]))
        assert kicker.get_text(strip=True) == f"{series} · Part {members.index(name) + 1} of {len(members)}"


def test_the_index_is_a_front_page_not_a_documentation_page(site):
    page = soup(site, "index.html")
    intro = " ".join(p.get_text(" ", strip=True) for p in page.select("article.bd-article section > p"))
    assert 1 <= intro.count(". ") + intro.endswith(".") <= 2, f"the introduction is not one or two sentences: {intro!r}"
    assert "build" not in intro.lower(), "the introduction talks about the build, not what a reader learns"
    assert page.select_one(".bd-sidebar-secondary") is None, "the index still has a one-entry Contents column"
    assert page.select_one(".dropdown-download-buttons, [aria-label='Download this page']") is None
    visible_titles = [el for el in page.select(".navbar-brand, article h1")
                      if "Backprop by Hand" in el.get_text()]
    assert len(visible_titles) == 1, f"the site title appears {len(visible_titles)} times"
    assert page.select_one(".postlist") is None


@pytest.mark.parametrize("name", ["index.html", "blog.html", "blog/tag/maths.html"])
def test_pages_that_are_not_posts_offer_no_download(site, name):
    assert soup(site, name).select_one(".dropdown-download-buttons") is None


def test_posts_still_offer_their_notebook(site):
    for name in posts_of(site):
        page = soup(site, f"posts/{name}.html")
        assert page.select_one(".dropdown-download-buttons a[href$='.ipynb']") is not None


@pytest.mark.parametrize("name", ["index.html", "posts/normal.html", "blog.html"])
def test_the_sidebar_holds_the_series_and_the_tags(site, name):
    sidebar = soup(site, name).select_one(".bd-sidebar-primary")
    headings = [h.get_text(strip=True) for h in sidebar.select(".ablog-sidebar-item h3")]
    # A post's sidebar holds its contents instead of the tags (under its title and on its cards):
    # the right-hand column is its proofs' margin.
    if name.startswith("posts/"):
        assert headings == ["Series"] and sidebar.select_one(".page-toc, nav#bd-toc-nav, .bd-toc-nav"), headings
    else:
        assert headings == ["Series", "Tags"], headings
    posts = posts_of(site)
    for series_name in {m["series"] for m in posts.values() if m.get("series")}:
        members = sorted((n for n, m in posts.items() if m.get("series") == series_name),
                         key=lambda n: date_of(posts[n]))
        this_page = name.removeprefix("posts/").removesuffix(".html")
        listed = [this_page if a.get("aria-current") == "page" else a["href"].split("/")[-1].removesuffix(".html")
                  for a in sidebar.select(".blog-series__posts a")]
        assert listed == members
    current = sidebar.select('.blog-series__posts a[aria-current="page"]')
    assert len(current) == (1 if name.startswith("posts/") else 0), "the page being read is not marked"


def test_a_card_page_is_rewritten_when_a_post_changes(incremental_sequence):
    """A page of cards lists every post: Sphinx must rewrite it when a post is added, retitled,
    renamed, re-dated or deleted, not only when its own source changes (the incremental
    sequence of conftest.py, whose mini-site has such a page, cards.md)."""
    for step in incremental_sequence:
        assert step.returncode == 0, f"{step.name}: {step.output[-3000:]}"
        page = BeautifulSoup((step.html / "cards.html").read_text(encoding="utf-8"), "lxml")
        titles = [a.get_text(strip=True) for a in page.select(".post-card__title a")]
        reading_order = [title for _, title in reversed(step.posts)]  # oldest first
        assert titles == reading_order, f"{step.name}: the cards show {titles}, expected {reading_order}"
        feed = (step.html / "blog" / "atom.xml").read_text(encoding="utf-8")
        assert feed.count("<entry>") == len(step.posts), f"{step.name}: the feed lacks entries"


# -- Small things: the cite key, the cite URL, the series arrows ------------------------------

@pytest.mark.parametrize("title, word", [
    ("The Slope of tanh", "slope"), ("A Matrix Cookbook", "matrix"), ("An Ode", "ode"),
    ("Tensor Jacobians: the Minibatch Snag", "tensor"), ("The", "the"), ("the 3-5-3 network", "353"),
    ("Théorie des réseaux", "thorie"),
])
def test_the_cite_key_skips_leading_articles(title, word):
    assert key_word(title) == word


@pytest.mark.parametrize("case, name", list(zip(POST_CASES, POST_IDS)), ids=POST_IDS)
def test_the_cite_key_uses_the_first_word_that_is_not_an_article(request, case, name):
    build_name, stem = case
    build = request.getfixturevalue(build_name)
    page = soup(build, f"posts/{stem}.html")
    title = page.find("h1").get_text().strip("#¶ \n")
    words = [w.lower() for w in re.findall(r"[A-Za-z0-9]+", title)]
    while len(words) > 1 and words[0] in ("the", "a", "an"):
        words.pop(0)
    key = re.match(r"@misc\{(\w+),", page.select_one(".cite-this-post pre").get_text()).group(1)
    assert re.fullmatch(rf"[a-z]+\d{{4}}{words[0]}", key), f"{title!r} cited as {key}"


def test_the_cite_url_breaks_only_after_slashes_or_before_dots():
    url = "https://backprop-by-hand.example.org/posts/tensor-jacobians.html"
    html = breakable_url(url)
    pieces = re.findall(r'<span class="url-piece">(.*?)</span>', html)
    assert "".join(pieces) == url, "the pieces do not make the URL"
    assert pieces == ["https://", "backprop-by-hand", ".example", ".org/", "posts/", "tensor-jacobians", ".html"]
    assert html.count("<wbr>") == len(pieces) - 1


@pytest.mark.parametrize("case, name", list(zip(POST_CASES, POST_IDS)), ids=POST_IDS)
def test_a_series_arrow_is_bound_to_a_word(request, case, name):
    build_name, stem = case
    page = soup(request.getfixturevalue(build_name), f"posts/{stem}.html")
    for link in page.select("nav.series-nav a"):
        kept = link.select_one(".series-nav__keep")
        assert kept is not None, f"{link.get_text()!r}: its arrow can be left alone on a line"
        text = kept.get_text()
        assert ("←" in text or "→" in text) and re.search(r"\w", text), f"{text!r} binds no word to the arrow"
        assert "\u00a0" in text, f"{text!r}: a plain space lets the arrow wrap away from its word"
