"""A reader's page, measured in Chromium on the fixture site (tests/fixtures/README.md): the
proof beside the argument, nothing clipped, a first screen that starts the story, the front page
in reading order, link previews and a feed link. Issue 21's figures, on posts the tests own:

- `dense-checks`: a proof after every formula and the widest numbered formula;
- `long-title`: the longest title and words;
- `normal`: a full post (a figure, teaching code, a series part 1).

Every page is read at 390 px (a phone) and 1280 px, light and dark. Screenshots of the dense
post with a proof closed and open land in _build/screenshots/reader/ for a person to look at.
Static facts (meta tags, the feed link) are read from the HTML without a browser.
"""


import pytest
from bs4 import BeautifulSoup

from tools.building import ROOT

from browsing import BROWSER, CHROMIUM, CHROMIUM_ARGS, needs_browser, sync_playwright

PHONE, DESKTOP = 390, 1280
SCHEMES = ["light", "dark"]
DENSE, LONG, NORMAL = "posts/dense-checks.html", "posts/long-title.html", "posts/normal.html"
SHOTS = ROOT / "_build" / "screenshots" / "reader"
MAX_APPARATUS_SHARE = 0.03  # of a post's height at 390 px, proofs closed
MEASURE = (60, 75)  # characters a line, from 1024 px up
STORY_TOP_PX = 300
TAP_PX = 44


@pytest.fixture(scope="module")
def browser():
    if not BROWSER:
        pytest.fail("CI=true but Chromium or playwright is missing")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


class Reader:
    """One page at one width and colour scheme, offline."""

    def __init__(self, browser, base_url, page_name, width, scheme="light", height=None):
        self.context = browser.new_context(color_scheme=scheme, viewport={"width": width, "height": height or (844 if width < 500 else 900)})
        self.context.route("**/*", lambda r: r.continue_() if r.request.url.startswith(base_url) else r.abort())
        self.page = self.context.new_page()
        self.errors = []
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.goto(base_url + page_name, wait_until="load")
        self.page.evaluate("document.fonts.ready")
        self.page.wait_for_timeout(150)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.context.close()

    def js(self, script, arg=None):
        return self.page.evaluate(script, arg)


# -- 1. The proof in the margin ------------------------------------------------------------

APPARATUS = """() => {
    const seen = el => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== "hidden";
    const parts = [...document.querySelectorAll(".proof-note, .formula-backlink, .formula-count")].filter(seen);
    // A ✓ on a line of its own, under its formula, adds its height to the reading flow too.
    const ownLines = [...document.querySelectorAll(".checked-formula > a.formula-check")].filter(a =>
        a.getBoundingClientRect().top >= a.parentElement.querySelector("div.math").getBoundingClientRect().bottom - 1);
    const height = [...parts, ...ownLines].reduce((sum, el) => sum + el.getBoundingClientRect().height, 0);
    return {apparatus: height, page: document.querySelector("article.bd-article").getBoundingClientRect().height,
            notes: document.querySelectorAll(".proof-note").length};
}"""


@needs_browser
@pytest.mark.parametrize("scheme", SCHEMES)
def test_the_checking_apparatus_takes_at_most_3_percent_of_a_dense_post_on_a_phone(browser, base_url, scheme):
    with Reader(browser, base_url, DENSE, PHONE, scheme) as reader:
        seen = reader.js(APPARATUS)
    assert seen["notes"] == 8, "the fixture's eight proofs are not notes beside their formulas"
    share = seen["apparatus"] / seen["page"]
    assert share <= MAX_APPARATUS_SHARE, f"checking apparatus in the flow: {share:.1%} of the post"


HANDLES = """() => [...document.querySelectorAll('[data-check="checked"] a.formula-check')].map(a => {
    const r = a.getBoundingClientRect(), ink = a.querySelector('[aria-hidden]');
    return {w: r.width, h: r.height, name: a.innerText.trim() || a.textContent.trim(),
            visible: Boolean(ink) && getComputedStyle(ink).visibility !== "hidden" && r.width > 0,
            color: getComputedStyle(a).color};
})"""


@needs_browser
@pytest.mark.parametrize("width", [PHONE, DESKTOP])
def test_each_check_mark_is_a_visible_labelled_44px_handle(browser, base_url, width):
    with Reader(browser, base_url, DENSE, width) as reader:
        handles = reader.js(HANDLES)
    assert len(handles) == 8
    for handle in handles:
        assert handle["visible"], handle
        assert handle["w"] >= TAP_PX and handle["h"] >= TAP_PX, f"a {handle['w']}x{handle['h']} px tap target"
        assert "Proof of equation" in handle["name"], handle["name"]


BESIDE = """() => [...document.querySelectorAll('[data-check="checked"] > a.formula-check')].map(a => {
    const formula = a.parentElement, math = formula.querySelector("div.math"), shown = math.querySelector(".katex-display");
    const number = math.querySelector(".eqno");
    const r = a.getBoundingClientRect(), m = math.getBoundingClientRect(), d = shown.getBoundingClientRect();
    let n = null, gap = 0, natural = d.width;
    if (number) {  // the number's text, not its box (which keeps room for the ✓ under it)
        const range = document.createRange();
        range.selectNodeContents([...number.childNodes].find(c => c.nodeType === Node.TEXT_NODE) || number);
        n = range.getBoundingClientRect();
        gap = number.getBoundingClientRect().left - d.right;
        shown.style.flex = "none"; shown.style.width = "max-content";
        natural = shown.getBoundingClientRect().width;
        shown.style.flex = shown.style.width = "";
    }
    const overlap = (p, q) => p.left < q.right - 1 && q.left < p.right - 1 && p.top < q.bottom - 1 && q.top < p.bottom - 1;
    return {label: formula.id, number: number ? number.textContent.trim() : null, top: r.top, bottom: r.bottom,
            formulaTop: m.top, formulaBottom: m.bottom, right: r.right, viewport: innerWidth,
            overFormula: overlap(r, d), overNumber: Boolean(n) && overlap(r, n),
            scrolls: shown.scrollWidth > shown.clientWidth + 1,
            fits: Boolean(number) && natural + gap + number.getBoundingClientRect().width <= math.clientWidth};
})"""


@needs_browser
@pytest.mark.parametrize("width", [320, 360, PHONE, 430])
def test_on_a_phone_each_check_mark_stays_beside_its_formula_never_on_a_line_of_its_own(browser, base_url, width):
    """The ✓ of a numbered formula stands with its number, within the formula's height, at
    every phone width (the dense post's formulas cross the width at which a ✓ used to wrap):
    covering neither the formula nor its number and costing a formula that fits the column no
    scrolling."""
    for page_name in (DENSE, NORMAL, LONG):
        with Reader(browser, base_url, page_name, width) as reader:
            marks = reader.js(BESIDE)
        assert marks, f"no ✓ on {page_name}"
        for mark in marks:
            where = f"{page_name} at {width} px, ({mark['number']}): {mark}"
            assert mark["top"] < mark["formulaBottom"] - 1 and mark["top"] >= mark["formulaTop"] - 1, \
                f"a ✓ on a line of its own, under its formula: {where}"
            assert mark["right"] <= mark["viewport"], f"a ✓ cut at the screen's edge: {where}"
            assert not mark["overFormula"] and not mark["overNumber"], f"a ✓ over its formula or number: {where}"
            assert not (mark["fits"] and mark["scrolls"]), f"a formula that fits scrolls to make room for its ✓: {where}"


MARGIN = """() => {
    const article = document.querySelector("article.bd-article"), pad = getComputedStyle(article);
    const column = article.getBoundingClientRect().left + parseFloat(pad.paddingLeft)
        + article.querySelector("section > p").getBoundingClientRect().width;
    const notes = [...document.querySelectorAll(".proof-note")].map(note => {
        const r = note.getBoundingClientRect(), f = note.closest(".proof-block").querySelector(".checked-formula").getBoundingClientRect();
        const result = note.querySelector(".check-result"), code = note.querySelector(".cell_input");
        const printed = [...note.querySelectorAll(".output.stream pre")];
        return {left: r.left, right: r.right, top: r.top, bottom: r.bottom, formulaTop: f.top, formulaBottom: f.bottom,
                lines: printed.length, scrolls: printed.some(pre => pre.scrollWidth > pre.clientWidth + 1),
                result: Boolean(result) && result.checkVisibility({visibilityProperty: true}),
                code: Boolean(code) && code.checkVisibility({visibilityProperty: true})};
    });
    return {column, viewport: innerWidth, notes};
}"""


@needs_browser
@pytest.mark.parametrize("scheme", SCHEMES)
def test_on_a_wide_screen_each_proof_is_a_side_note_beside_its_formula(browser, base_url, scheme):
    with Reader(browser, base_url, DENSE, DESKTOP, scheme) as reader:
        seen = reader.js(MARGIN)
    notes = seen["notes"]
    assert notes
    for above, note in zip([None, *notes], notes):
        assert note["left"] >= seen["column"] and note["right"] <= seen["viewport"], f"a note outside the margin: {note}"
        assert note["result"] and not note["code"], "a closed note shows its result line, not its code"
        assert not note["scrolls"], f"a printed line of a proof runs past the note's edge: {note}"
        if above is None or above["bottom"] < note["formulaTop"]:
            assert abs(note["top"] - note["formulaTop"]) <= 2, f"a note not level with its formula: {note}"
        else:
            assert note["top"] >= above["bottom"], "two notes overlap in the margin"


TOGGLE = """async () => {
    const settle = () => new Promise(done => setTimeout(done, 250));
    const inView = el => { const r = el.getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; };
    // checkVisibility: the content of a closed <details> keeps its boxes but is not rendered.
    const shown = el => Boolean(el) && el.checkVisibility({visibilityProperty: true});
    const mark = document.querySelector('a.formula-check[href="#check-fx-dense-tanh"]');
    const block = mark.closest(".proof-block"), note = block.querySelector(".proof-note");
    const formula = block.querySelector(".checked-formula");
    formula.scrollIntoView({block: "center"});
    await settle();
    const before = {note: shown(note)};
    mark.click();
    await settle();
    const open = {expanded: mark.getAttribute("aria-expanded"), code: shown(note.querySelector(".cell_input")),
                  result: shown(note.querySelector(".check-result")), formulaInView: inView(formula),
                  below: note.getBoundingClientRect().top >= formula.getBoundingClientRect().bottom - 1,
                  hash: location.hash};
    mark.click();
    await settle();
    return {before, open, after: {code: shown(note.querySelector(".cell_input")), note: shown(note),
                                  expanded: mark.getAttribute("aria-expanded")}};
}"""


@needs_browser
@pytest.mark.parametrize("width", [PHONE, DESKTOP])
def test_a_check_mark_opens_its_proof_with_the_formula_in_view_and_closes_it(browser, base_url, width):
    with Reader(browser, base_url, DENSE, width) as reader:
        seen = reader.js(TOGGLE)
        assert not reader.errors, reader.errors
    opened, closed = seen["open"], seen["after"]
    assert opened["expanded"] == "true" and opened["code"] and opened["result"], seen
    assert opened["formulaInView"], "opening the proof moved its formula out of view"
    assert opened["hash"] == "#check-fx-dense-tanh", "an open proof is not in the URL (shareable)"
    assert closed["expanded"] == "false" and not closed["code"], seen
    if width == PHONE:
        assert not seen["before"]["note"] and opened["below"] and not closed["note"], \
            f"on a phone the proof opens under its formula and closes again: {seen}"


FROM_LINK = """async () => {
    await new Promise(done => setTimeout(done, 400));
    const note = document.querySelector("#check-fx-dense-sine").closest(".proof-note");
    const formula = note.closest(".proof-block").querySelector(".checked-formula").getBoundingClientRect();
    const header = document.querySelector(".bd-header-article");
    const covered = header && getComputedStyle(header).position === "sticky" ? header.getBoundingClientRect().bottom : 0;
    return {open: note.querySelector("details.hide").open, top: formula.top, bottom: formula.bottom,
            covered, height: innerHeight};
}"""


@needs_browser
@pytest.mark.parametrize("width", [PHONE, DESKTOP])
def test_a_proof_opened_from_a_link_shows_its_formula_below_the_sticky_header(browser, base_url, width):
    with Reader(browser, base_url, DENSE + "#check-fx-dense-sine", width) as reader:
        seen = reader.js(FROM_LINK)
    assert seen["open"], "a link to a proof does not open it"
    assert seen["top"] >= seen["covered"] - 1 and seen["bottom"] <= seen["height"], f"the formula is not in view: {seen}"


def test_the_count_of_checked_formulas_closes_the_post_in_words(site):
    page = BeautifulSoup(site.page(DENSE), "lxml")
    count = page.select(".formula-count")
    assert len(count) == 1 and count[0].find_next(class_="checked-formula") is None
    assert "Every display formula in this post is checked by code" in count[0].get_text(" ", strip=True)
    assert not page.select("h1 ~ .formula-count, .formula-backlink")


# -- Measure: 60-75 characters a line from 1024 px ------------------------------------------

CHARS_PER_LINE = """() => {
    const counts = [];
    for (const p of document.querySelectorAll("article.bd-article section > p")) {
        if (p.closest(".post-meta, .proof-note")) continue;
        const lines = new Map();
        const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            if (node.parentElement.closest(".katex")) continue;
            for (let i = 0; i < node.length; i++) {
                const range = document.createRange(); range.setStart(node, i); range.setEnd(node, i + 1);
                const rect = range.getClientRects()[0];
                if (rect) lines.set(Math.round(rect.top / 4), (lines.get(Math.round(rect.top / 4)) || 0) + 1);
            }
        }
        const full = [...lines.values()];
        full.pop();  // a paragraph's last line is short
        counts.push(...full.filter(c => c > 20));
    }
    counts.sort((a, b) => a - b);
    return counts;
}"""


@needs_browser
@pytest.mark.parametrize("width", [1024, 1280, 1440])
def test_the_text_column_keeps_60_to_75_characters_a_line(browser, base_url, width):
    counts = []
    for page_name in (NORMAL, LONG, DENSE):
        with Reader(browser, base_url, page_name, width) as reader:
            counts += reader.js(CHARS_PER_LINE)
    counts.sort()
    assert len(counts) >= 5, "too few full lines to measure"
    median = counts[len(counts) // 2]
    assert MEASURE[0] <= median <= MEASURE[1], f"{median} characters a line at {width} px"


# -- 2. Nothing clipped at 390 px -------------------------------------------------------------

CLIPPING = """() => {
    const numbers = [...document.querySelectorAll("article div.math > .eqno")].map(eqno => {
        const r = eqno.getBoundingClientRect(), box = eqno.closest("div.math").getBoundingClientRect();
        return {text: eqno.textContent.trim(), left: r.left, right: r.right, boxLeft: box.left, boxRight: box.right,
                width: r.width};
    });
    return {numbers, pageWidth: document.documentElement.scrollWidth, viewport: innerWidth};
}"""


@needs_browser
@pytest.mark.parametrize("page_name", [DENSE, LONG, NORMAL, "index.html"])
@pytest.mark.parametrize("scheme", SCHEMES)
def test_on_a_phone_no_equation_number_is_cut_and_nothing_scrolls_the_page(browser, base_url, page_name, scheme):
    with Reader(browser, base_url, page_name, PHONE, scheme) as reader:
        seen = reader.js(CLIPPING)
    assert seen["pageWidth"] <= seen["viewport"], f"the page scrolls sideways: {seen['pageWidth']} px"
    for number in seen["numbers"]:
        assert number["width"] > 0 and number["left"] >= max(0, number["boxLeft"] - 1) \
            and number["right"] <= min(seen["viewport"], number["boxRight"] + 1), f"equation number {number['text']} is cut: {number}"


CODE_BREAKS = """() => {
    // Identifiers broken over two lines: a run of name characters whose glyphs sit on two lines.
    const broken = [];
    for (const line of document.querySelectorAll("article .cell_input pre > .line")) {
        const text = line.textContent, walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
        const tops = [];
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            for (let i = 0; i < node.length; i++) {
                const range = document.createRange(); range.setStart(node, i); range.setEnd(node, i + 1);
                const rect = range.getClientRects()[0];
                tops.push([node.textContent[i], rect ? Math.round(rect.top) : null]);
            }
        }
        for (let i = 1; i < tops.length; i++) {
            const [a, ta] = tops[i - 1], [b, tb] = tops[i];
            if (/\\w/.test(a) && /\\w/.test(b) && ta !== null && tb !== null && tb > ta + 2) broken.push(text.slice(0, 60));
        }
    }
    return broken;
}"""


@needs_browser
def test_code_wraps_at_spaces_and_operators_never_inside_a_name(browser, base_url):
    with Reader(browser, base_url, DENSE, PHONE) as reader:
        reader.js("() => document.querySelectorAll('details').forEach(d => { d.open = true; })")
        reader.page.wait_for_timeout(100)
        broken = reader.js(CODE_BREAKS)
    assert not broken, f"code lines broken inside a name: {broken[:3]}"


@needs_browser
def test_figures_span_at_least_70_percent_of_the_column_at_1280(browser, base_url):
    with Reader(browser, base_url, NORMAL, DESKTOP) as reader:
        seen = reader.js("""() => {
            const p = document.querySelector("article.bd-article section > p").getBoundingClientRect().width;
            return {column: p, figures: [...document.querySelectorAll("article img[src$='.svg']")]
                .filter(i => !i.closest('.proof-note')).map(i => i.getBoundingClientRect().width)};
        }""")
    assert seen["figures"], "the fixture post has no figure"
    assert all(w >= 0.7 * seen["column"] for w in seen["figures"]), seen


# -- 3. The first screen --------------------------------------------------------------------

FIRST_SCREEN = """() => {
    const top = el => el ? el.getBoundingClientRect().top + scrollY : null;
    const story = [...document.querySelectorAll("article.bd-article section > p")].find(p => !p.closest(".post-meta"));
    const hook = document.querySelector(".post-meta__hook"), facts = document.querySelector(".post-meta__facts");
    return {title: top(document.querySelector("article h1")), hook: hook && hook.textContent.trim(),
            hookBottom: hook && hook.getBoundingClientRect().bottom, facts: facts && facts.textContent,
            factsBottom: facts && facts.getBoundingClientRect().bottom, story: top(story),
            seriesNav: top(document.querySelector("nav.series-nav")), screen: innerHeight};
}"""


@needs_browser
@pytest.mark.parametrize("page_name", [NORMAL, LONG])
def test_a_posts_first_phone_screen_is_title_hook_reading_time_and_story(browser, base_url, page_name, site):
    with Reader(browser, base_url, page_name, PHONE) as reader:
        seen = reader.js(FIRST_SCREEN)
    description = BeautifulSoup(site.page(page_name), "lxml").find("meta", attrs={"name": "description"})["content"]
    assert seen["hook"] == description, "the hook under the title is not the post's description"
    assert "min read" in seen["facts"] and seen["factsBottom"] <= seen["screen"]
    if page_name == NORMAL:  # the longest title may push it down; the story still starts on screen 1
        assert seen["story"] < STORY_TOP_PX, f"the story starts at y = {seen['story']:.0f} px"
    assert seen["story"] < seen["screen"]
    if seen["seriesNav"] is not None:
        assert seen["seriesNav"] > seen["story"], "the series navigation comes before the introduction"


@needs_browser
@pytest.mark.parametrize("scheme", SCHEMES)
def test_the_front_page_starts_at_part_1_on_a_phones_first_screen(browser, base_url, scheme, site):
    with Reader(browser, base_url, "index.html", PHONE, scheme) as reader:
        seen = reader.js("""() => {
            const start = document.querySelector(".start-here a");
            const cards = [...document.querySelectorAll(".post-card")];
            return {start: start && {text: start.textContent.trim(), href: start.getAttribute("href"),
                                     bottom: start.getBoundingClientRect().bottom},
                    dates: cards.map(c => c.querySelector("time").getAttribute("datetime")),
                    newest: cards.filter(c => c.querySelector(".post-card__new")).map(c => c.querySelector("time").getAttribute("datetime")),
                    screen: innerHeight};
        }""")
    assert seen["start"] and seen["start"]["text"].startswith("Start here"), seen
    assert "Part 1" in seen["start"]["text"] and seen["start"]["href"].endswith("posts/normal.html"), seen["start"]
    assert seen["start"]["bottom"] <= seen["screen"], "'Start here' is below the first screen"
    assert seen["dates"] == sorted(seen["dates"]), "the posts are not in reading order"
    assert seen["newest"] == [max(seen["dates"])], "the newest post is not the one marked new"


# -- 5. Share and subscribe -------------------------------------------------------------------

def meta(page, key):
    tag = page.find("meta", attrs={"property": key}) or page.find("meta", attrs={"name": key})
    return tag["content"] if tag else None


@pytest.mark.parametrize("page_name", [DENSE, NORMAL, LONG])
def test_every_post_has_a_1200x630_preview_image(site, page_name):
    from PIL import Image

    page = BeautifulSoup(site.page(page_name), "lxml")
    image = meta(page, "og:image")
    assert image and image.endswith(".png"), image
    assert meta(page, "twitter:card") == "summary_large_image" and meta(page, "og:type") == "article"
    site_url = meta(page, "og:url").split("posts/")[0]
    png = site.html / image.removeprefix(site_url)
    assert png.is_file(), f"{png} was not written"
    assert Image.open(png).size == (1200, 630)
    assert meta(page, "og:image:width") == "1200" and meta(page, "og:image:height") == "630"


def test_a_post_with_a_figure_previews_that_figure(site):
    page = BeautifulSoup(site.page(NORMAL), "lxml")
    assert "opening figure" in meta(page, "og:image:alt")


def test_a_preview_draws_a_label_with_a_subscript_whole_and_centred():
    """CairoSVG anchors each piece of a text alone: a centred node label of backprop.graph_svg
    (z with the subscript h,1) drew its subscript over the z. The preview lays it out first."""
    import re

    import numpy as np
    from PIL import Image

    import backprop as bp
    from blog.pages import social

    svg_to_png = social.renderer()
    if svg_to_png is None:
        pytest.skip("CairoSVG or the Cairo library is missing")
    net = bp.MLP.from_weights([([[1.0, 0.5], [0.5, -1.0]], [-1.0, 0.5]), ([[1.0, 1.0]], [0.0])])
    figure = bp.graph_svg(net, [1.0, 2.0], [0.5])
    fonts = re.search(r'<g fill="[^"]*" (font-family="[^"]*" font-size="[^"]*")>', figure)[1]
    label = re.search(r'<text x="[^"]*" y="[^"]*" text-anchor="middle">[^<]*<tspan[^>]*>[^<]*</tspan></text>', figure)[0]
    label = re.sub(r'x="[^"]*" y="[^"]*"', 'x="150" y="40"', label, count=1)
    svg = (f'<svg xmlns="http://www.w3.org/2000/svg" width="300" height="60"><rect width="300" height="60" fill="#fff"/>'
           f'<g fill="#000" {fonts}>{label}</g></svg>').encode()
    ink = np.asarray(Image.open(__import__("io").BytesIO(svg_to_png(bytestring=social.lay_out_tspans(svg)))).convert("L")) < 128
    columns = np.flatnonzero(ink.any(axis=0))
    drawn, centre = columns[-1] - columns[0] + 1, (columns[-1] + columns[0]) / 2
    letter, subscript = re.search(r">([^<]*)<tspan[^>]*>([^<]*)<", label).groups()
    advance = social.text_measurer()
    size = float(re.search(r'font-size="([\d.]+)"', fonts)[1])
    sub_size = float(re.search(r'<tspan font-size="([\d.]+)"', label)[1])
    whole = advance({"font-family": "system-ui", "font-size": size}, letter) + \
        advance({"font-family": "system-ui", "font-size": sub_size}, subscript)
    assert drawn >= 0.85 * whole, f"the label {letter}_{subscript} drawn {drawn} px wide, {whole:.0f} px laid end to end"
    assert abs(centre - 150) <= 4, f"the label is centred at {centre}, not on its node at 150"


@pytest.mark.parametrize("page_name", ["index.html", "blog.html", "blog/tag/proofs.html"])
def test_listing_pages_have_website_previews(site, page_name):
    page = BeautifulSoup(site.page(page_name), "lxml")
    assert meta(page, "og:type") == "website", page_name
    assert meta(page, "og:image") and meta(page, "og:title") and meta(page, "twitter:card") == "summary_large_image"


@pytest.mark.parametrize("page_name", ["index.html", DENSE, "blog.html", "blog/tag/proofs.html", "search.html"])
def test_every_page_has_a_visible_subscribe_link_to_the_feed(site, page_name):
    page = BeautifulSoup(site.page(page_name), "lxml")
    link = page.select_one("footer .subscribe a")
    assert link is not None and "Subscribe" in link.get_text() and link["href"].endswith("blog/atom.xml")


# -- axe and screenshots --------------------------------------------------------------------

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"


@needs_browser
@pytest.mark.parametrize("width", [PHONE, DESKTOP])
@pytest.mark.parametrize("scheme", SCHEMES)
def test_a_dense_post_with_a_proof_open_and_closed_screenshots_and_axe(browser, base_url, width, scheme):
    SHOTS.mkdir(parents=True, exist_ok=True)
    with Reader(browser, base_url, DENSE, width, scheme) as reader:
        formula = reader.page.locator("#equation-fx-dense-tanh")
        formula.scroll_into_view_if_needed()
        reader.js("() => window.scrollBy(0, -120)")
        reader.page.wait_for_timeout(200)
        reader.page.screenshot(path=str(SHOTS / f"dense-{width}-{scheme}-closed.png"))
        reader.page.locator('a.formula-check[href="#check-fx-dense-tanh"]').click()
        reader.page.wait_for_timeout(300)
        reader.page.screenshot(path=str(SHOTS / f"dense-{width}-{scheme}-open.png"))
        reader.page.add_script_tag(path=str(AXE))
        violations = reader.js("""async () => (await axe.run(document, {resultTypes: ["violations"]})).violations
            .filter(v => ["serious", "critical"].includes(v.impact))
            .map(v => v.id + ": " + v.nodes.slice(0, 2).map(n => n.target.join(" ")).join("; "))""")
    assert not violations, violations
