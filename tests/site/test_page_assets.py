"""What a page makes a first visit wait for (issue 21: the first paint on a slow phone), read from
the fixture site's build (tests/fixtures/README.md): one stylesheet, written into the page's head
(conf.py's blog_inline_css), so no stylesheet request; no blocking script file; the dark-mode
script still first; and, in Chromium, the page styled by that one stylesheet in both colour
schemes. The bundler's own steps (@import, url(), a page written by an earlier build) are
checked on small files of their own (_ext/blog/pages/bundle_assets.py)."""

import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from bs4 import BeautifulSoup

from blog.pages import bundle_assets
from tools.building import serve

from browsing import BROWSER, CHROMIUM, CHROMIUM_ARGS, needs_browser, sync_playwright

POST = "posts/normal.html"


def themed_pages(build):
    """Every page the theme writes (a moved page's redirect has no stylesheet, nor needs one)."""
    pages = sorted(p for p in build.html.rglob("*.html") if "_static" not in p.relative_to(build.html).parts)
    return [p for p in pages if "dataset.mode" in p.read_text(encoding="utf-8")]


def head_of(page: Path) -> BeautifulSoup:
    text = page.read_text(encoding="utf-8")
    return BeautifulSoup(text[:text.index("</head>")] + "</head>", "lxml").head


def stylesheets(head) -> list[str]:
    return [link["href"] for link in head.find_all("link") if "stylesheet" in link.get("rel", [])]


def bundle_of(build, page_name: str) -> str:
    [style] = head_of(build.html / page_name).find_all("style", attrs={"data-bundle": True})
    return style.string


def test_every_page_holds_exactly_one_stylesheet_and_requests_none(site):
    pages = themed_pages(site)
    assert len(pages) > 10
    names = set()
    for page in pages:
        head = head_of(page)
        links = stylesheets(head)
        assert not links, f"{page.relative_to(site.html)}: the first paint waits for {links}"
        styles = head.find_all("style", attrs={"data-bundle": True})
        assert len(styles) == 1, f"{page.relative_to(site.html)}: {len(styles)} bundles in its head"
        names.add(styles[0]["data-bundle"])
        assert len(styles[0].string) > 50_000, "the bundle is not the site's whole CSS"
    assert len(names) == 1, f"the pages carry different bundles: {names}"
    assert not list((site.html / "_static").glob("site.*.css")), "a bundle file no page links"


def test_no_script_file_blocks_the_first_paint_and_dark_mode_is_set_before_the_stylesheet(site):
    for page in themed_pages(site):
        if page.name == "search.html":
            continue  # the search page keeps Sphinx's order for its search scripts
        head = head_of(page)
        name = page.relative_to(site.html)
        blocking = [s["src"] for s in head.find_all("script", src=True)
                    if not (s.has_attr("defer") or s.has_attr("async"))]
        assert not blocking, f"{name}: scripts that hold up the first paint: {blocking}"
        assert not head.find("script", src=re.compile("documentation_options")), name
        inline = [s.string or "" for s in head.find_all("script", src=False)]
        assert any("const DOCUMENTATION_OPTIONS" in s for s in inline), \
            f"{name}: documentation_options.js is neither linked nor written into the page"
        # The theme's mode script must run before anything is painted: inline, ahead of the CSS.
        elements = head.find_all(["script", "style"])
        mode = next(i for i, e in enumerate(elements) if e.name == "script" and "dataset.mode" in (e.string or ""))
        css = next(i for i, e in enumerate(elements) if e.name == "style" and e.has_attr("data-bundle"))
        assert mode < css and not elements[mode].has_attr("src"), f"{name}: the dark-mode script is not first"


def test_the_bundle_has_every_stylesheet_the_page_uses_and_no_import(site):
    bundle = bundle_of(site, POST)
    assert "@import" not in bundle
    page = BeautifulSoup(site.page(POST), "lxml")
    # One class the post draws from each stylesheet Sphinx and the extensions add.
    for used in ["bd-header",  # pydata-sphinx-theme
                 "bd-sidebar-primary",  # sphinx-book-theme
                 "cell_output",  # MyST-NB
                 "katex",  # KaTeX
                 "highlight",  # Pygments
                 "post-meta",  # the blog's
                 "headerlink"]:  # Sphinx's basic.css
        assert page.select_one(f".{used}") is not None, f"the fixture post draws no .{used}"
        assert re.search(rf"\.{used}\b", bundle), f"the bundle has no rule for .{used}, which the post uses"
    assert re.search(r"html\[data-theme=\"?dark\"?\]", bundle), "the bundle has no dark-mode rules"
    urls = [url for url in re.findall(r"url\(\s*[\"']?([^\"')]+)", bundle) if not re.match(r"^(data:|[a-z]+://|#|/)", url)]
    assert any("katex/fonts/" in url for url in urls)
    for url in urls:  # written for the page's folder
        assert (site.html / POST).parent.joinpath(url).is_file(), f"the bundle's url({url}) leads nowhere from {POST}"


def test_myst_nb_stylesheet_is_pruned_in_the_bundle_and_left_whole_on_disk(site):
    import myst_nb

    original = (Path(myst_nb.__file__).parent / "static" / "mystnb.css").read_text(encoding="utf-8")
    [on_disk] = (site.html / "_static").glob("mystnb.*.css")
    assert on_disk.read_text(encoding="utf-8") == original, "MyST-NB's file was changed (it refuses to copy over it)"
    bundle = bundle_of(site, POST)
    part = re.search(r"/\* mystnb\.[0-9a-f]+\.css \*/\n(.*?)\n/\* ", bundle, re.S)
    assert part, "MyST-NB's stylesheet is not in the bundle"
    assert len(part.group(1)) < len(original) / 2, "MyST-NB's stylesheet is not pruned"


# -- The bundler on files of its own ------------------------------------------------------------

def fake_app(tmp_path, pruned=None, inline=False):
    out = tmp_path / "html"
    (out / "_static" / "styles").mkdir(parents=True)
    (out / "_static" / "fonts").mkdir()
    (out / "posts").mkdir()
    app = SimpleNamespace(outdir=str(out), doctreedir=str(tmp_path / "doctrees"),
                          builder=SimpleNamespace(format="html"), blog_pruned_css=pruned or {},
                          config=SimpleNamespace(blog_bundle_assets=True, blog_inline_css=inline))
    (tmp_path / "doctrees").mkdir()
    return app, out


PAGE = """<html><head><script>document.documentElement.dataset.mode = "auto";</script>
<link href="../_static/styles/theme.css?digest=1" rel="stylesheet" />
<link rel="stylesheet" type="text/css" href="../_static/own.css?v=2" />
<script src="../_static/documentation_options.js?v=3"></script>
</head><body><p>x</p></body></html>"""


def test_bundler_inlines_imports_rebases_urls_and_follows_an_older_page(tmp_path):
    app, out = fake_app(tmp_path)
    static = out / "_static"
    (static / "basic.css").write_text("p{margin:0}")
    (static / "styles" / "theme.css").write_text('@import "../basic.css";\n.a{background:url(../fonts/f.woff2)}')
    (static / "own.css").write_text(".b{color:red}/*# sourceMappingURL=own.css.map */")
    (static / "documentation_options.js").write_text("const DOCUMENTATION_OPTIONS = {};")
    (out / "posts" / "p.html").write_text(PAGE)
    bundle_assets.bundle(app, None)

    page = (out / "posts" / "p.html").read_text()
    [href] = re.findall(r'<link rel="stylesheet" href="([^"]+)"', page)
    assert page.count("stylesheet") == 1 and href.startswith("../_static/site.")
    assert "<script>const DOCUMENTATION_OPTIONS = {};</script>" in page
    text = (out / "posts" / href).read_text()
    assert "@import" not in text and "sourceMappingURL" not in text
    assert text.index("p{margin:0}") < text.index(".a{") < text.index(".b{")  # the pages' order
    assert "url(fonts/f.woff2)" in text

    # The next build changes a stylesheet but not the page: the page links the new bundle.
    (static / "own.css").write_text(".b{color:blue}")
    bundle_assets.bundle(app, None)
    [new_href] = re.findall(r'<link rel="stylesheet" href="([^"]+)"', (out / "posts" / "p.html").read_text())
    assert new_href != href and ".b{color:blue}" in (out / "posts" / new_href).read_text()
    assert not (out / "posts" / href).exists(), "the old bundle, linked by no page, is left behind"


def test_bundler_writes_the_bundle_into_the_page_with_urls_for_its_folder(tmp_path):
    app, out = fake_app(tmp_path, inline=True)
    static = out / "_static"
    (static / "styles" / "theme.css").write_text(".a{background:url(../fonts/f.woff2)}")
    (static / "own.css").write_text(".b{color:red}")
    (out / "posts" / "p.html").write_text(PAGE)
    (out / "index.html").write_text(PAGE.replace("../_static", "_static"))
    bundle_assets.bundle(app, None)
    post, index = (out / "posts" / "p.html").read_text(), (out / "index.html").read_text()
    assert "stylesheet" not in post and post.count("<style data-bundle=") == 1
    assert "url(../_static/fonts/f.woff2)" in post and "url(_static/fonts/f.woff2)" in index
    assert not list(static.glob("site.*.css"))
    # The next build changes a stylesheet, not the pages: they carry the new rules.
    (static / "own.css").write_text(".b{color:blue}")
    bundle_assets.bundle(app, None)
    post = (out / "posts" / "p.html").read_text()
    assert ".b{color:blue}" in post and ".b{color:red}" not in post and post.count("<style") == 1


def test_bundler_uses_pruned_copies_and_fails_with_the_file_and_a_fix(tmp_path):
    pruned = tmp_path / "pruned.css"
    pruned.write_text(".pruned{}")
    app, out = fake_app(tmp_path, {"own.css": pruned})
    (out / "_static" / "own.css").write_text(".whole{} .unused{}")
    (out / "posts" / "p.html").write_text(PAGE)
    with pytest.raises(Exception, match=r"styles/theme\.css.*Fix:"):
        bundle_assets.bundle(app, None)  # theme.css was never written
    (out / "_static" / "styles" / "theme.css").write_text(".t{}")
    bundle_assets.bundle(app, None)
    [href] = re.findall(r'<link rel="stylesheet" href="([^"]+)"', (out / "posts" / "p.html").read_text())
    text = (out / "posts" / href).read_text()
    assert ".pruned{}" in text and ".whole" not in text

    # A page linking a bundle no build recorded: the fix is a clean build.
    (out / "posts" / "q.html").write_text(PAGE.replace('href="../_static/styles/theme.css?digest=1" rel="stylesheet"',
                                                       'rel="stylesheet" href="../_static/site.0123456789abcdef.css"')
                                          .replace('<link rel="stylesheet" type="text/css" href="../_static/own.css?v=2" />', ""))
    with pytest.raises(Exception, match="make clean"):
        bundle_assets.bundle(app, None)


def test_a_page_linking_a_stylesheet_from_another_site_is_left_as_it_is(tmp_path):
    app, out = fake_app(tmp_path)
    (out / "_static" / "styles" / "theme.css").write_text(".t{}")
    (out / "_static" / "own.css").write_text(".o{}")
    page = PAGE.replace("../_static/own.css?v=2", "https://cdn.example.org/x.css")
    (out / "posts" / "p.html").write_text(page)
    bundle_assets.bundle(app, None)
    assert (out / "posts" / "p.html").read_text().count('rel="stylesheet"') == 2


# -- In the browser -----------------------------------------------------------------------------

@needs_browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_post_is_styled_by_its_one_stylesheet_in_both_schemes(site, scheme):
    if not BROWSER:
        pytest.fail("CI=true but Chromium or playwright is missing")
    with serve(site.html) as base_url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            context = browser.new_context(viewport={"width": 390, "height": 844}, color_scheme=scheme)
            context.add_init_script(f"localStorage.setItem('mode', '{scheme}')")
            page = context.new_page()
            page.goto(base_url + POST, wait_until="load")
            seen = page.evaluate("""() => ({
                sheets: [...document.styleSheets].map(s => s.href || s.ownerNode.dataset.bundle),
                rules: [...document.styleSheets].map(s => s.cssRules.length),
                theme: document.documentElement.dataset.theme,
                background: getComputedStyle(document.body).backgroundColor,
                layout: getComputedStyle(document.querySelector('.bd-container')).display,
                headerHeight: document.querySelector('.bd-header-article').getBoundingClientRect().height,
                mathFont: getComputedStyle(document.querySelector('.katex')).fontFamily,
            })""")
        finally:
            browser.close()
    assert len(seen["sheets"]) == 1 and seen["sheets"][0].startswith("site."), seen["sheets"]
    assert seen["rules"][0] > 100, "the bundle was served empty"
    assert seen["theme"] == scheme
    red, green, blue = map(int, re.findall(r"\d+", seen["background"])[:3])
    luminance = (red + green + blue) / 3
    assert (luminance < 80) if scheme == "dark" else (luminance > 200), \
        f"{scheme}: the page's background is {seen['background']}"
    assert seen["layout"] == "flex" and seen["headerHeight"] > 0, "the theme's layout did not apply"
    assert "KaTeX_Main" in seen["mathFont"], f"KaTeX's stylesheet did not apply: {seen['mathFont']}"
