"""The Atom feed, read as a feed reader reads it: the entries' HTML without the site's CSS.

Each entry must carry each formula once (MathML, its TeX source in alttext), no proof code
and no result line, the teaching code, absolute links, the post's closing count of checked
formulas in words, and weigh at most 200 KB. An entry is also rendered in Chromium with no stylesheet at all.
"""

import re
import xml.etree.ElementTree as ET
from collections import Counter
from datetime import datetime

import pytest
from bs4 import BeautifulSoup

from tools.building import ROOT, published_fixture_posts

from blog.judge.checked_formulas import asserts_something
from blog.pages.feed import MAX_ENTRY_BYTES, entry_html

from browsing import CHROMIUM, IN_CI, sync_playwright

ATOM = "{http://www.w3.org/2005/Atom}"
SCREENSHOTS = ROOT / "_build" / "screenshots"


def entries(build) -> dict[str, str]:
    """post name -> the HTML of its feed entry."""
    feed = ET.parse(build.html / "blog" / "atom.xml").getroot()
    found = {}
    for entry in feed.findall(f"{ATOM}entry"):
        name = entry.find(f"{ATOM}link").get("href").split("#")[0].rsplit("/", 1)[-1].removesuffix(".html")
        found[name] = entry.find(f"{ATOM}content").text
    return found


def article(build, name):
    return BeautifulSoup(build.page(f"posts/{name}.html"), "lxml").select_one("article.bd-article")


def shown(element) -> bool:
    """Whether a reader sees `element` without unfolding anything on the page."""
    return element.find_parent("details", class_="hide") is None


NAMES = published_fixture_posts()  # the fixture site's (tests/fixtures/README.md)
WITH_TEACHING_CODE = ["normal"]  # the fixture posts that show code outside proof cells


@pytest.fixture(scope="module")
def feed(site):
    return entries(site)


def test_every_post_has_an_entry(feed):
    assert sorted(feed) == sorted(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_an_entry_weighs_at_most_200_kb(feed, name):
    size = len(feed[name].encode("utf-8"))
    assert size <= MAX_ENTRY_BYTES, f"the entry of {name} is {size / 1000:.0f} KB"


@pytest.mark.parametrize("name", NAMES)
def test_each_formula_of_the_article_is_in_the_entry_once_as_mathml(site, feed, name):
    entry = BeautifulSoup(feed[name], "html.parser")
    assert not entry.select(".katex, .katex-html, .katex-mathml"), "KaTeX's HTML rendering is in the entry"
    assert not entry.find("svg"), "the entry carries an SVG (KaTeX draws stretchy brackets as SVG)"
    assert not entry.find("annotation"), "a formula's TeX is in the entry as text (annotation)"
    maths = entry.find_all("math")
    assert all(m.get("alttext") for m in maths), "a formula without its TeX source (alttext)"
    in_entry = Counter(m["alttext"].strip() for m in maths)
    on_page = Counter(a.get_text().strip() for a in article(site, name).select('annotation[encoding="application/x-tex"]')
                      if shown(a))
    assert in_entry == on_page, (f"formulas the page shows and the entry carries differ: missing "
                                 f"{list((on_page - in_entry).elements())[:5]}, extra {list((in_entry - on_page).elements())[:5]}")


@pytest.mark.parametrize("name", NAMES)
def test_an_entry_keeps_the_teaching_code_and_leaves_out_the_proofs(site, feed, name):
    entry = BeautifulSoup(feed[name], "html.parser")
    codes = [pre.get_text() for pre in entry.select(".cell_input pre")]
    assert not [c for c in codes if asserts_something(c)], "a proof cell's code is in the entry"
    assert not entry.select("details.hide"), "a folded cell is in the entry"
    page = article(site, name)
    teaching = [cell.select_one(".cell_input pre").get_text() for cell in page.select("div.cell")
                if cell.select_one(".cell_input pre") and shown(cell.select_one(".cell_input"))
                and not asserts_something(cell.select_one(".cell_input pre").get_text())]
    # A short note may show no code; a post known to show some must have it found here.
    assert teaching or name not in WITH_TEACHING_CODE, f"{name}'s teaching code was not found"
    missing = [code[:60] for code in teaching if code not in codes]
    assert not missing, f"teaching code left out of the entry: {missing}"
    # The proofs stay on the site: no result line ("✓ agrees with …") in the entry; each checked
    # formula keeps its ✓ beside its number, as the post's words about the marks promise.
    assert "agrees with" not in entry.get_text() and not entry.select(".check-result, .proof-note"), \
        "a proof's result line is in the entry"
    checked = [f for f in page.select('[data-check="checked"]') if f.select_one(".eqno")]
    marked = [t for t in entry.find_all("mtext") if t.get_text().strip().endswith("✓")]
    assert len(marked) == len(checked), f"{len(checked)} checked formulas, {len(marked)} marked in the entry"


@pytest.mark.parametrize("name", NAMES)
def test_an_entry_links_absolutely_to_published_files(site, feed, name):
    entry = BeautifulSoup(feed[name], "html.parser")
    for element, attribute in [(a, "href") for a in entry.find_all("a", href=True)] + \
                              [(img, "src") for img in entry.find_all("img", src=True)]:
        assert element[attribute].startswith(("https://", "http://", "mailto:")), element[attribute]
    site_url = ET.parse(site.html / "blog" / "atom.xml").getroot().find(f"{ATOM}link").get("href")
    for img in entry.find_all("img", src=True):
        assert img["src"].startswith(site_url), f"an image from elsewhere: {img['src']}"
        assert (site.html / img["src"].removeprefix(site_url)).is_file(), f"an unpublished image: {img['src']}"
    for link in entry.find_all("a", href=True):
        if link["href"].startswith(site_url):
            target = link["href"].removeprefix(site_url).split("#")[0]
            assert (site.html / target).is_file() or target == "", f"a link to no page: {link['href']}"


@pytest.mark.parametrize("name", NAMES)
def test_an_entry_ends_as_the_post_does_with_the_count_of_checked_formulas_in_words(site, feed, name):
    entry = BeautifulSoup(feed[name], "html.parser")
    on_page = article(site, name).select(".formula-count")
    lines = entry.select("p.formula-count")
    assert len(lines) == len(on_page) <= 1, f"the page has {len(on_page)} closing counts, the entry {len(lines)}"
    if not lines:
        return
    words, page_words = lines[0].get_text(" ", strip=True), on_page[0].get_text(" ", strip=True)
    # The same count and the same definitions as the page; what the marks do is the feed's own.
    assert words.split(";")[0] == page_words.split(";")[0], (words, page_words)
    definitions = lambda text: re.findall(r"The other .*", text)
    assert definitions(words) == definitions(page_words), (words, page_words)
    # Only what the entry shows: its ✓ marks (no result lines, no ✓ that opens anything).
    assert "opens" not in words and "agrees with" not in words, words
    if "✓" in words:
        assert [t for t in entry.find_all("mtext") if t.get_text().strip().endswith("✓")], "it names a ✓ the entry lacks"
    # It closes the article: after it come only the references.
    after = [p.get_text(" ", strip=True)[:60] for p in lines[0].find_all_next("p")
             if not p.find_parent(["aside"]) and not (p.find_parent("section") and p.find_parent("section").find("h2")
                                                       and "reference" in p.find_parent("section").find("h2").get_text().lower())]
    assert not after and lines[0].find_next("math") is None, f"the article goes on after the count: {after}"


def test_the_closing_count_goes_before_the_references_once():
    html = ('<section id="post"><p>Text.</p><section id="more"><h2>More</h2><p>Last words.</p></section>'
            '<section id="references"><h2>References</h2><div>[1] A book.</div></section></section>')
    once = entry_html(html, "https://example.org/blog.html", "https://example.org/posts/p.html", count=(3, 4))
    soup = BeautifulSoup(once, "html.parser")
    line = soup.select("p.formula-count")
    assert len(line) == 1 and line[0].find_parent("section")["id"] == "more", once
    assert line[0].get_text(" ", strip=True).startswith("3 of the 4 display formulas in this post are checked by code")
    assert line[0].get_text().endswith("The other one states a definition.")
    assert line[0].find("a")["href"] == "https://example.org/posts/p.html"
    again = entry_html(once, "https://example.org/blog.html", "https://example.org/posts/p.html", count=(3, 4))
    assert again == once


def test_rewriting_an_entry_again_changes_nothing(feed):
    for name, html in feed.items():
        assert entry_html(html, "https://example.org/blog.html", f"https://example.org/posts/{name}.html") == html


# Runs in a page holding one entry's HTML and no stylesheet: each formula's text must be
# there once, in its MathML; the rest of the text must not repeat it.
READ_ENTRY = """() => {
    const maths = [...document.querySelectorAll("math")];
    const sizes = maths.map(m => m.getBoundingClientRect()).map(r => r.width * r.height);
    const formulaTexts = maths.map(m => m.textContent.replace(/\\s+/g, ""));
    maths.forEach(m => m.remove());
    const rest = document.body.innerText.replace(/\\s+/g, "");
    return {count: maths.length, empty: sizes.filter(s => !(s > 0)).length,
            // Formulas with a mathematical sign, long enough not to occur in prose by chance.
            repeated: [...new Set(formulaTexts.filter(t => t.length >= 6 && /[^\x00-\x7f]/.test(t) && rest.includes(t)))].slice(0, 5),
            stylesheets: document.styleSheets.length};
}"""


@pytest.mark.parametrize("name", NAMES)
def test_an_entry_read_without_css_shows_each_formula_once(site, feed, name):
    """Also writes screenshots of the entry (390 and 1280 px, light and dark, figures served
    from the build) to _build/screenshots/, for a person to look at."""
    if sync_playwright is None or not CHROMIUM.is_file():
        if IN_CI:
            pytest.fail("CI=true but Chromium or Playwright is missing")
        pytest.skip(f"needs Playwright and Chromium at {CHROMIUM}")
    document = f"<!DOCTYPE html><meta charset='utf-8'><meta name='color-scheme' content='light dark'><body>{feed[name]}</body>"
    site_url = ET.parse(site.html / "blog" / "atom.xml").getroot().find(f"{ATOM}link").get("href")

    def from_the_build(route):  # a feed reader fetches the entry's figures from the site
        url = route.request.url
        path = site.html / url.removeprefix(site_url).split("#")[0]
        if url.startswith(site_url) and path.is_file():
            route.fulfill(path=str(path))
        else:
            route.abort()

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                             args=["--no-sandbox", "--disable-gpu"])
        try:
            page = browser.new_page(viewport={"width": 390, "height": 900})
            page.route("**/*", lambda route: route.abort())  # nothing fetched: only the entry's own HTML
            page.set_content(document)
            seen = page.evaluate(READ_ENTRY)
            for width in (390, 1280):
                for scheme in ("light", "dark"):
                    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
                    context.route("**/*", from_the_build)
                    shot = context.new_page()
                    shot.set_content(document)
                    shot.wait_for_load_state("load")
                    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
                    shot.screenshot(path=str(SCREENSHOTS / f"feed-{name}-{width}-{scheme}.png"), full_page=True)
                    context.close()
        finally:
            browser.close()
    assert seen["stylesheets"] == 0
    assert seen["count"] > 0, "no formula rendered"
    assert seen["empty"] == 0, f"{seen['empty']} of {seen['count']} formulas draw nothing without CSS"
    assert not seen["repeated"], f"formula text repeated outside its MathML: {seen['repeated']}"


def test_the_feed_is_dated_by_its_newest_post_not_by_the_build(site):
    # ABlog dates the feed with the build's clock: every build then told feed readers of a
    # change, and two clean builds wrote two feeds.
    for feed_path in sorted(site.html.rglob("atom.xml")):
        feed = ET.parse(feed_path).getroot()
        dates = [entry.findtext(f"{ATOM}updated") for entry in feed.findall(f"{ATOM}entry")]
        if dates:
            assert feed.findtext(f"{ATOM}updated") == max(dates, key=datetime.fromisoformat), feed_path
