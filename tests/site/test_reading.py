"""What a reader sees, in Chromium at 390 px (a phone) and 1280 px, light and dark: the front
page's first screen, code that fits, formulas never cut off (dropdowns included), figures at
the column's width, and the small things (series arrows, the cite URL).

Runs on the index and every post of the fixture site (tests/fixtures/README.md), the README's
template post included. One visit per page,
width and scheme gathers every fact (see READ below).
"""

import statistics

import pytest

from tools.building import published_fixture_posts

from browsing import CHROMIUM, IN_CI, sync_playwright

MISSING = ("the playwright module is not installed" if sync_playwright is None
           else None if CHROMIUM.is_file() else f"no Chromium at {CHROMIUM}")
if MISSING and not IN_CI:
    pytest.skip(f"browser tests need a browser: {MISSING}", allow_module_level=True)

PHONE, DESKTOP = 390, 1280
SCREEN_HEIGHT = 900
WIDTHS, SCHEMES = [PHONE, DESKTOP], ["light", "dark"]
# The fixture site (tests/fixtures/README.md): its published posts, the README's template included.
POST_PAGES = [f"posts/{name}.html" for name in published_fixture_posts()]
PAGES = ["index.html", *POST_PAGES]
MIN_TITLES_ON_THE_FIRST_PHONE_SCREEN = 2
MAX_SCROLLING_CODE_SHARE = {PHONE: 0.25, DESKTOP: 0.0}
MIN_MEDIAN_FIGURE_SHARE = 0.70  # of the column, at 1280 px


# Runs in the page after `load` and the fonts: every fact the tests below assert on.
READ = """async () => {
    await document.fonts.ready;
    window.scrollTo(0, 0);
    const article = document.querySelector("article.bd-article");
    const pad = getComputedStyle(article), outer = article.getBoundingClientRect();
    const column = {left: outer.left + parseFloat(pad.paddingLeft), right: outer.right - parseFloat(pad.paddingRight)};
    column.width = column.right - column.left;
    const shown = el => el.getClientRects().length > 0 && !el.closest("details:not([open])");
    const text = el => el.textContent.trim().replace(/\\s+/g, " ").slice(0, 70);

    // The front page's first screen.
    const titles = [...document.querySelectorAll(".post-card__title")].map(h => h.getBoundingClientRect());
    const firstScreenTitles = titles.filter(r => r.height > 0 && r.bottom <= innerHeight).length;

    // Code blocks a reader sees without unfolding anything (printed output may scroll).
    const code = [...article.querySelectorAll("pre")].filter(pre => !pre.closest(".output") && shown(pre))
        .map(pre => ({what: text(pre), scrolls: pre.scrollWidth > pre.clientWidth + 1,
                      overflows: pre.getBoundingClientRect().right > column.right + 1}));

    // Figures, before anything is unfolded.
    const figures = [...article.querySelectorAll(".cell_output img, figure img")].filter(shown).map(img => {
        const r = img.getBoundingClientRect();
        return {src: img.getAttribute("src").split("/").pop(), width: r.width,
                offset: (r.left + r.right) / 2 - (column.left + column.right) / 2};
    });

    // The small things, on the first layout.
    const arrows = [...document.querySelectorAll(".series-nav a")].map(a => {
        const kept = a.querySelector(".series-nav__keep");
        const arrow = [...a.querySelectorAll("[aria-hidden]")].find(s => /[←→]/.test(s.textContent));
        const lines = new Set([...a.getClientRects()].map(r => Math.round(r.top)));
        const arrowTop = arrow ? Math.round(arrow.getBoundingClientRect().top) : null;
        // The arrow shares its line with a word: some text with a letter lies on its line.
        const walker = document.createTreeWalker(a, NodeFilter.SHOW_TEXT);
        let wordsOnArrowLine = 0;
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            if (!/\\w/.test(node.textContent)) continue;
            const range = document.createRange();
            range.selectNodeContents(node);
            wordsOnArrowLine += [...range.getClientRects()].filter(r => Math.abs(Math.round(r.top) - arrowTop) <= 3).length;
        }
        return {what: text(a), lines: lines.size, keptWhole: kept ? new Set([...kept.getClientRects()].map(r => Math.round(r.top))).size === 1 : false,
                arrowWithWord: arrow !== undefined && wordsOnArrowLine > 0};
    });
    const urlPieces = [...document.querySelectorAll(".cite-this-post .url-piece")]
        .map(s => ({piece: s.textContent, whole: new Set([...s.getClientRects()].map(r => Math.round(r.top))).size === 1}));

    // Every display formula, dropdowns and folded cells opened: nothing of it out of reach.
    document.querySelectorAll("details").forEach(d => { d.open = true; });
    await new Promise(requestAnimationFrame);
    await new Promise(requestAnimationFrame);
    const scrolls = el => ["auto", "scroll"].includes(getComputedStyle(el).overflowX);
    const clips = el => ["hidden", "clip"].includes(getComputedStyle(el).overflowX);
    const formulas = [...article.querySelectorAll("div.math")].filter(m => m.getClientRects().length).map(m => {
        const bases = [...m.querySelectorAll(".base")].map(b => b.getBoundingClientRect()).filter(r => r.width > 0);
        if (!bases.length) return null;
        const content = {left: Math.min(...bases.map(b => b.left)), right: Math.max(...bases.map(b => b.right))};
        // The scrolling box is the formula's own box or, beside an equation number, the box
        // inside it that holds the typeset formula (reading.css): the nearest one above it.
        let scroller = null;
        for (let el = m.querySelector(".base").parentElement; el && el !== article; el = el.parentElement)
            if (scrolls(el)) { scroller = el; break; }
        const problems = [];
        const s = scroller && scroller.getBoundingClientRect();
        if (!scroller) {
            if (content.left < column.left - 1 || content.right > column.right + 1) problems.push("wider than the column and nothing scrolls it");
        } else {
            if (content.left < s.left - 1) problems.push(`${Math.round(s.left - content.left)} px lie left of where scrolling starts`);
            if (scroller.scrollWidth < content.right - s.left - 1) problems.push(`${Math.round(content.right - s.left - scroller.scrollWidth)} px lie beyond the scrolling range`);
            for (let el = scroller.parentElement; el && el !== article; el = el.parentElement) {
                const r = el.getBoundingClientRect();
                if (clips(el) && (s.left < r.left - 1 || s.right > r.right + 1)) problems.push(`its scrolling box is cut by ${el.className}`);
            }
        }
        const number = m.querySelector(".eqno");
        if (number) {
            const n = number.getBoundingClientRect();
            // What scrolls out of its box is not under the number: only what the box shows.
            const shownRight = scroller ? Math.min(content.right, s.right) : content.right;
            if (shownRight > n.left + 0.5 && content.left < n.right) problems.push(`${Math.round(shownRight - n.left)} px lie under its equation number`);
        }
        return {what: (m.querySelector("annotation") || m).textContent.trim().replace(/\\s+/g, " ").slice(0, 60),
                inDropdown: Boolean(m.closest(".sd-dropdown")), problems};
    }).filter(Boolean);
    return {column, firstScreenTitles, titles: titles.length, code, figures, arrows, urlPieces, formulas,
            pageScrollsSideways: document.documentElement.scrollWidth > innerWidth + 1};
}"""


def visit_all(base_url) -> dict:
    facts = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                             args=["--no-sandbox", "--disable-gpu"])
        try:
            for page_name in PAGES:
                for width in WIDTHS:
                    for scheme in SCHEMES:
                        context = browser.new_context(viewport={"width": width, "height": SCREEN_HEIGHT},
                                                      color_scheme=scheme)
                        context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(base_url)
                                      else route.abort())
                        page = context.new_page()
                        response = page.goto(base_url + page_name, wait_until="load")
                        assert response is not None and response.ok, f"{page_name}: could not load the page"
                        facts[page_name, width, scheme] = page.evaluate(READ)
                        context.close()
        finally:
            browser.close()
    return facts


@pytest.fixture(scope="module")
def seen(base_url):
    if MISSING:
        pytest.fail(f"CI=true but the browser tests cannot run: {MISSING}")
    return visit_all(base_url)


def report(title, problems):
    assert not problems, title + ":\n  " + "\n  ".join(problems)


@pytest.mark.parametrize("scheme", SCHEMES)
def test_the_first_phone_screen_shows_two_post_titles(seen, scheme):
    facts = seen["index.html", PHONE, scheme]
    assert facts["titles"] >= MIN_TITLES_ON_THE_FIRST_PHONE_SCREEN, "fewer posts than the rule needs"
    assert facts["firstScreenTitles"] >= MIN_TITLES_ON_THE_FIRST_PHONE_SCREEN, (
        f"{facts['firstScreenTitles']} post title(s) on the first {PHONE}x{SCREEN_HEIGHT} screen")


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("page_name", PAGES)
def test_code_fits(seen, page_name, width, scheme):
    facts = seen[page_name, width, scheme]
    scrolling = [c for c in facts["code"] if c["scrolls"] or c["overflows"]]
    allowed = MAX_SCROLLING_CODE_SHARE[width] * len(facts["code"])
    assert len(scrolling) <= allowed, (
        f"{page_name} at {width} px: {len(scrolling)} of {len(facts['code'])} visible code blocks scroll "
        f"sideways (at most {MAX_SCROLLING_CODE_SHARE[width]:.0%}):\n  " + "\n  ".join(c["what"] for c in scrolling))
    assert not facts["pageScrollsSideways"], f"{page_name} at {width} px: the page scrolls sideways"


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("page_name", POST_PAGES)
def test_no_formula_is_cut_off_dropdowns_included(seen, page_name, width, scheme):
    facts = seen[page_name, width, scheme]
    report(f"{page_name} at {width} px [{scheme}]: formulas cut off", [
        f"{'in a dropdown: ' if f['inDropdown'] else ''}{f['what']!r}: {'; '.join(f['problems'])}"
        for f in facts["formulas"] if f["problems"]])


def test_some_formula_sits_in_a_dropdown(seen):
    """The dropdown case above is real: some post has a display formula in a dropdown."""
    assert any(f["inDropdown"] for page in POST_PAGES for f in seen[page, PHONE, "light"]["formulas"])


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("page_name", POST_PAGES)
def test_figures_fill_most_of_the_column_at_1280_and_are_centred(seen, page_name, scheme):
    facts = seen[page_name, DESKTOP, scheme]
    figures = facts["figures"]
    if not figures:
        pytest.skip(f"{page_name} has no figure")
    shares = [f["width"] / facts["column"]["width"] for f in figures]
    assert statistics.median(shares) >= MIN_MEDIAN_FIGURE_SHARE, (
        f"{page_name}: figures at {', '.join(f'{s:.0%}' for s in shares)} of the column")
    report(f"{page_name}: figures not centred", [
        f"{f['src']} sits {f['offset']:+.0f} px off the column's centre" for f in figures if abs(f["offset"]) > 2])


@pytest.mark.parametrize("page_name", POST_PAGES)
def test_figures_take_the_whole_column_on_a_phone(seen, page_name):
    facts = seen[page_name, PHONE, "light"]
    report(f"{page_name} at {PHONE} px", [
        f"{f['src']} is {f['width']:.0f} px in a {facts['column']['width']:.0f} px column"
        for f in facts["figures"] if f["width"] < facts["column"]["width"] - 2])


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("page_name", POST_PAGES)
def test_a_series_arrow_never_stands_alone(seen, page_name, width):
    arrows = seen[page_name, width, "light"]["arrows"]
    report(f"{page_name} at {width} px: series links", [
        f"{a['what']!r}: its arrow {'is split from its word' if not a['keptWhole'] else 'stands alone on a line'}"
        for a in arrows if not (a["keptWhole"] and a["arrowWithWord"])])


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("page_name", POST_PAGES)
def test_the_cite_url_breaks_only_between_its_pieces(seen, page_name, width):
    pieces = seen[page_name, width, "light"]["urlPieces"]
    assert pieces, f"{page_name}: no cite URL"
    report(f"{page_name} at {width} px: the cite URL breaks inside a word",
           [p["piece"] for p in pieces if not p["whole"]])
