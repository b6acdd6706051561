"""The built fixture site (tests/fixtures/README.md), read as HTML: the blog's pages, feeds,
math and head metadata."""

import re
import xml.etree.ElementTree as ET
from datetime import datetime
from pathlib import Path
from urllib.parse import urlparse

import pytest
from bs4 import BeautifulSoup

from tools.building import ROOT, fixture_site_posts, is_draft, post_date, published_fixture_posts

ATOM = "{http://www.w3.org/2005/Atom}"
POSTS = fixture_site_posts()  # name -> front matter, drafts included
POST_NAMES = published_fixture_posts()
DRAFTS = [name for name, meta in POSTS.items() if is_draft(meta)]
TAGS = sorted({tag.strip() for meta in POSTS.values() for tag in meta["tags"].split(",")})
CATEGORIES = sorted({meta["category"] for meta in POSTS.values()})


def soup(build, name):
    return BeautifulSoup(build.page(name), "lxml")


def post_dates() -> dict[str, datetime]:
    return {name: post_date(POSTS[name]) for name in POST_NAMES}


def tags_of(name) -> list[str]:
    return [tag.strip() for tag in POSTS[name]["tags"].split(",")]


def html_pages(build):
    return sorted(p for p in build.html.rglob("*.html") if "_static" not in p.parts)


def test_the_fixture_site_has_a_draft_and_a_tag_used_once():
    assert DRAFTS and any(sum(tag in tags_of(name) for name in POST_NAMES) == 1 for name in POST_NAMES
                          for tag in tags_of(name))


@pytest.mark.parametrize("name", list(POSTS))
def test_every_post_page_exists(site, name):
    page = soup(site, f"posts/{name}.html")
    assert page.find("h1") is not None


def test_index_shows_dates_in_the_blog_format(site):
    text = soup(site, "index.html").select_one(".post-cards").get_text(" ")
    for date in post_dates().values():
        assert date.strftime("%b %d, %Y") in text


LISTINGS = {"blog.html": POST_NAMES,
            **{f"blog/tag/{tag}.html": [n for n in POST_NAMES if tag in tags_of(n)] for tag in TAGS},
            **{f"blog/category/{category}.html": [n for n in POST_NAMES if POSTS[n]["category"] == category]
               for category in CATEGORIES}}


@pytest.mark.parametrize("page", list(LISTINGS))
def test_generated_pages_list_their_posts_and_no_draft(site, page):
    """Each tag and category page lists exactly the published posts carrying it (a tag used by
    one post alone included); the list of all posts lists every published post."""
    if not LISTINGS[page]:
        assert not (site.html / page).exists() or not soup(site, page).select(".ablog-post"), page
        return
    listed = {Path(urlparse(a["href"]).path).stem for a in soup(site, page).select(".ablog-post-title a")}
    assert listed == set(LISTINGS[page]), f"{page} lists {sorted(listed)}"


def test_yearly_archive_lists_posts_of_that_year(site):
    for name, date in post_dates().items():
        hrefs = " ".join(a.get("href", "") for a in soup(site, f"blog/{date.year}.html").find_all("a"))
        assert f"posts/{name}.html" in hrefs


def test_atom_feed_lists_every_post_with_absolute_urls_and_full_text(site):
    feed = ET.parse(site.html / "blog" / "atom.xml").getroot()
    entries = feed.findall(f"{ATOM}entry")
    links = [entry.find(f"{ATOM}link").get("href") for entry in entries]
    assert sorted(Path(urlparse(link).path).stem for link in links) == sorted(POST_NAMES)
    assert all(link.startswith("https://") for link in links)
    full = {Path(urlparse(e.find(f"{ATOM}link").get("href")).path).stem: e.find(f"{ATOM}content").text or ""
            for e in entries}
    # Full text: prose well past the excerpt (the first paragraph) is in the entry.
    assert "says why" in full["normal"] and "one check" in full["short-note"], "feed is not full text"


def test_every_image_is_present(site):
    for path in html_pages(site):
        for img in BeautifulSoup(path.read_text(encoding="utf-8"), "lxml").find_all("img"):
            src = img["src"]
            if src.startswith("data:"):
                continue
            assert not urlparse(src).scheme, f"{path.name} loads a remote image {src}"
            assert (path.parent / src).resolve().is_file(), f"{path.name}: missing {src}"


def test_math_is_prerendered_everywhere(site):
    checked = 0
    for path in html_pages(site):
        page = BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")
        assert not page.select(".katex-error"), f"{path.name} has a KaTeX error"
        for node in page.select(".math"):
            assert node.select(".katex"), f"{path.name}: math left for the browser: {node.get_text()[:80]}"
            checked += 1
        for script in page.find_all("script", src=True):
            assert "katex" not in script["src"] and "mathjax" not in script["src"].lower()
    assert checked > 5


def test_katex_css_and_fonts_are_served_from_the_site(site):
    css = (site.html / "_static" / "katex" / "katex.min.css").read_text(encoding="utf-8")
    fonts = re.findall(r"url\((fonts/[^)]+)\)", css)
    assert fonts and all(font.endswith(".woff2") for font in fonts)
    for font in fonts:
        assert (site.html / "_static" / "katex" / font).is_file()
    # A post carries KaTeX's rules in its one stylesheet, in its head (_ext/blog/pages/bundle_assets.py).
    assert "url(../_static/katex/fonts/" in site.page("posts/" + POST_NAMES[0] + ".html")


def test_katex_fonts_are_cut_to_the_characters_the_pages_use(site):
    from fontTools.ttLib import TTFont

    text = "".join(
        node.get_text()
        for path in html_pages(site)
        for node in BeautifulSoup(path.read_text(encoding="utf-8"), "lxml").select(".katex-html")
    )
    served = site.html / "_static" / "katex" / "fonts"
    originals = ROOT / "node_modules" / "katex" / "dist" / "fonts"
    fonts = sorted(originals.glob("*.woff2"))
    assert fonts and sorted(p.name for p in served.glob("*.woff2")) == [p.name for p in fonts]
    for original in fonts:
        full = TTFont(original).getBestCmap()
        cut = TTFont(served / original.name).getBestCmap() or {}  # a font no page uses: cut to nothing
        needed = {ord(char) for char in text} & set(full)
        assert needed <= set(cut), f"{original.name} lost {sorted(map(chr, needed - set(cut)))[:10]}"
        assert len(cut) <= len(full)
    assert sum(p.stat().st_size for p in served.glob("*.woff2")) < 0.6 * sum(
        p.stat().st_size for p in fonts
    )


def test_build_by_products_are_not_published(site):
    assert not (site.html / "reports").exists()  # failed-execution logs
    assert not (site.html / ".doctrees").exists()
    assert not list(site.html.rglob("*.pickle"))


@pytest.mark.parametrize("page", ["index.html", "blog.html", "blog/tag/maths.html"] +
                         [f"posts/{name}.html" for name in POST_NAMES])
def test_every_page_links_the_atom_feed(site, page):
    links = soup(site, page).select('head link[rel="alternate"][type="application/atom+xml"]')
    targets = {(site.html / page).parent.joinpath(link["href"]).resolve() for link in links}
    assert (site.html / "blog" / "atom.xml").resolve() in targets


@pytest.mark.parametrize("name", POST_NAMES)
def test_posts_carry_open_graph_and_twitter_meta(site, name):
    head = soup(site, f"posts/{name}.html").head
    meta = {tag.get("property") or tag.get("name"): tag.get("content") for tag in head.find_all("meta")}
    title = soup(site, f"posts/{name}.html").find("h1").get_text().strip("#¶ \n")
    assert meta["og:title"] == title
    description = POSTS[name]["description"]
    assert meta["og:description"] == description == meta["description"]
    # X (Twitter) reads the og: tags; it only needs the card's kind (a large picture: the
    # post's preview image, tested in test_reader.py).
    assert meta["twitter:card"] == "summary_large_image"
    assert meta["og:url"].endswith(f"posts/{name}.html")


def test_sitemap_lists_every_post(site):
    sitemap = ET.parse(site.html / "sitemap.xml").getroot()
    urls = [loc.text for loc in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    for name in POST_NAMES:
        assert any(url.endswith(f"posts/{name}.html") for url in urls)
    assert not any(url.endswith("search.html") for url in urls)


def test_favicon_nojekyll_and_copy_buttons(site):
    head = soup(site, "index.html").head
    icon = head.find("link", rel="icon")
    assert icon and (site.html / icon["href"]).is_file()
    assert (site.html / ".nojekyll").is_file()
    assert "copybutton" in site.page(f"posts/{POST_NAMES[0]}.html")


@pytest.mark.parametrize("name", POST_NAMES)
def test_executed_notebook_is_offered_for_download(site, name):
    page = soup(site, f"posts/{name}.html")
    link = page.select_one('a.btn-download-notebook-button[href$=".ipynb"]')
    assert link is not None
    notebook = (site.html / "posts" / link["href"]).resolve()
    assert notebook.is_file() and '"outputs"' in notebook.read_text(encoding="utf-8")


def test_no_comment_markup_when_giscus_is_unconfigured(site):
    for path in html_pages(site):
        text = path.read_text(encoding="utf-8")
        assert "giscus" not in text and "comments.js" not in text, path.name


def test_build_output_has_no_warning(site):
    # Sphinx's own format, which the blog's errors use too (posts/<name>.md:<line>: ERROR: …).
    assert not re.search(r"(^|: )(WARNING|ERROR):", site.output, re.M), site.output[-3000:]


def test_one_list_of_all_posts_and_the_old_address_leads_to_it(site):
    moved = soup(site, "blog/archive.html")
    refresh = moved.select_one('meta[http-equiv="refresh"]')
    assert refresh and refresh["content"].endswith("url=../blog.html")
    assert moved.select_one('meta[name="robots"]')["content"] == "noindex"
    assert not moved.select(".ablog-post"), "blog/archive.html still lists the posts a second time"
    sitemap = (site.html / "sitemap.xml").read_text(encoding="utf-8")
    assert "blog/archive.html" not in sitemap and "blog.html" in sitemap
    for path in html_pages(site):
        for link in BeautifulSoup(path.read_text(encoding="utf-8"), "lxml").select("a[href]"):
            if path.name != "archive.html":
                assert not link["href"].split("#")[0].endswith("blog/archive.html") and \
                    link["href"] != "archive.html", f"{path.name} links to the old archive page"


def test_a_draft_is_listed_on_the_drafts_page_only(site):
    listed = {Path(urlparse(a["href"]).path).stem for a in soup(site, "blog/drafts.html").select(".ablog-post-title a")}
    assert listed == set(DRAFTS)
    assert not any(f"posts/{name}.html" in site.page("index.html") for name in DRAFTS)


def test_the_build_says_once_that_a_draft_is_a_draft_and_when_it_appears(site):
    for name in DRAFTS:
        said = [line for line in site.output.splitlines() if f"posts/{name}.md:" in line and "a draft:" in line]
        assert len(said) == 1 and "a draft: published on" in said[0] and "blog/drafts.html" in said[0], said


def test_no_empty_drafts_page(mini_site):
    assert not (mini_site.html / "blog" / "drafts.html").exists()


def test_index_title_does_not_repeat_the_site_name(site):
    title = soup(site, "index.html").title.get_text()
    assert title.count("Backprop by Hand") == 1, title


def test_pages_do_not_load_font_awesome_script_and_its_fonts_are_cut(site):
    for path in html_pages(site):
        assert "fontawesome.js" not in path.read_text(encoding="utf-8"), path.name
    import pydata_sphinx_theme

    theme = Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme" / "static"
    for font in (site.html / "_static" / "vendor" / "fontawesome" / "webfonts").glob("*.woff2"):
        full = theme / "vendor" / "fontawesome" / "webfonts" / font.name
        assert font.stat().st_size < 0.2 * full.stat().st_size, f"{font.name} is not cut"


@pytest.mark.parametrize("name", POST_NAMES)
def test_post_header_under_the_title(site, name):
    page = soup(site, f"posts/{name}.html")
    header = page.select_one("article h1 + .post-meta")
    assert header is not None, "no .post-meta right under the title"
    text = header.get_text(" ")
    assert post_dates()[name].strftime("%b %d, %Y") in text and "min read" in text
    tags = tags_of(name)
    assert [a.get_text() for a in header.select(".post-meta__tags a")] == tags
