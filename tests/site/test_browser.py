"""The built site in a real browser: Chromium driven by Playwright, over a local HTTP server.

Every page below is visited once per width (390 px, a phone; 1280 px) and colour scheme (light,
dark); one visit gathers every fact the tests assert on, so the tests stay fast:

- the basics: the theme follows the reader's colour scheme, every formula is typeset by KaTeX
  with its fonts loaded, no raw TeX in the text, every image loads, nothing goes wrong in the
  console or on the network, and the page makes no request off the machine;
- reading on every screen: at 1280 px no display formula, cell output or table is wider than
  the column and no code line runs past it; at both widths nothing is cut off: whatever is
  wider than its box scrolls inside that box, reaches its last pixel, fades at the hidden edge
  and is a Tab stop (checked by pressing Tab through the page on a phone); at most a quarter
  of a post's display formulas need to scroll on a phone;
- figures: their smallest text is at least 9 px on a phone and 11 px at 1280 px, and their ink
  reaches 4.5:1 (text) and 3:1 (lines, marks) against the page in both themes, through the
  CSS filter the dark theme applies;
- a post's date, author, reading time and tags are on the first screen under its title on a
  phone;
- every icon is drawn: a box of non-zero size, its glyph in the (cut) font that draws it;
- a first visit to a page downloads at most 300 KiB with every response gzip-compressed, and
  never Font Awesome's script;
- axe-core finds no serious or critical violation, light and dark (at 1280 px).

Pages: the index, every published post of the fixture site (tests/fixtures/README.md), a tag page and the one list of all posts, so a new
post is tested without touching this file. Full-page screenshots of the index and every post
at both widths, light and dark, are written to _build/screenshots/ for a person to look at.

Uses the system's Chromium (Playwright's own browsers are not needed): /usr/bin/chromium, or
the executable named by $CHROMIUM. Without it, or without the playwright module, these tests
are skipped, except in CI ($CI=true), where that is a failure.
"""

import gzip
import os
import queue
import re
import threading
from concurrent.futures import Future
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from tools.building import ROOT, fixture_site_posts, post_date, published_fixture_posts, response_bodies, serve
from figures import apply_css_filter, code_points, contrast, font_files, read_svg, rgb

from browsing import CHROMIUM, CHROMIUM_ARGS, IN_CI, sync_playwright


if sync_playwright is None:
    MISSING = "the playwright module is not installed (pip install -r requirements.txt)"
elif not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
    MISSING = f"no Chromium at {CHROMIUM} (apt install chromium, or set $CHROMIUM)"
else:
    MISSING = None
if MISSING and not IN_CI:
    pytest.skip(f"browser tests need a browser: {MISSING}", allow_module_level=True)

# The fixture site (tests/fixtures/README.md): its published posts, long title included.
POSTS = published_fixture_posts()
POST_PAGES = [f"posts/{name}.html" for name in POSTS]
LIST_PAGE = "blog.html"  # the one list of all posts (blog/archive.html sends readers there)
PAGES = ["index.html", *POST_PAGES, "blog/tag/maths.html", LIST_PAGE]
SCREENSHOT_PAGES = ["index.html", *POST_PAGES]
SCHEMES = ["light", "dark"]
PHONE, DESKTOP = 390, 1280
WIDTHS = [PHONE, DESKTOP]
RAW_TEX = ["\\begin", "$$", "\\(", "\\["]
TIMEOUT_MS = 20_000
SCREENSHOTS = ROOT / "_build" / "screenshots"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
MAX_FIRST_VISIT = 300 * 1024  # bytes, every response gzip-compressed
MIN_FIGURE_TEXT_PX = {PHONE: 9, DESKTOP: 11}
TEXT_CONTRAST, MARK_CONTRAST = 4.5, 3.0  # WCAG 1.4.3 (text) and 1.4.11 (graphical objects)
AXE_WIDTHS = [DESKTOP]  # axe takes ~6 s on a post (KaTeX's many spans); one width suffices
MAX_SCROLLING_SHARE = 0.25  # of a post's display formulas, on a phone
TAB_PRESSES = 600  # upper bound on Tab stops walked through one page


@pytest.fixture(scope="module")
def browser():
    if MISSING:  # only reached in CI: a browser test must not be skipped there
        pytest.fail(f"CI=true but the browser tests cannot run: {MISSING}")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


# Runs in the page after `load`: the facts the test asserts on, gathered in one round trip.
INSPECT = """async () => {
    // Lazy images load once near the viewport: walk down the page, then wait for every image.
    for (let y = 0; y < document.documentElement.scrollHeight; y += window.innerHeight) {
        window.scrollTo(0, y);
        await new Promise(requestAnimationFrame);
    }
    window.scrollTo(0, 0);
    await Promise.all([...document.images].map(img => img.complete ? null : new Promise(done => {
        img.addEventListener("load", done, { once: true });
        img.addEventListener("error", done, { once: true });
    })));
    await document.fonts.ready;

    const describe = el => (el.getAttribute("data-latex") || el.textContent).trim().slice(0, 80);
    // The text a reader sees, minus source code (a cell may legitimately build a LaTeX string).
    const hide = document.createElement("style");
    hide.textContent = ".cell_input, :not(pre) > code { display: none !important; }";
    document.head.append(hide);
    const text = document.body.innerText;
    hide.remove();

    const fonts = [...document.fonts];
    return {
        theme: document.documentElement.dataset.theme,
        math: document.querySelectorAll(".math").length,
        katex: document.querySelectorAll(".katex").length,
        unrendered: [...document.querySelectorAll(".math")].filter(m => !m.querySelector(".katex")).map(describe),
        errors: [...document.querySelectorAll(".katex-error")].map(describe),
        text,
        katexMainLoaded: fonts.some(f => f.family.replace(/["']/g, "") === "KaTeX_Main" && f.status === "loaded"),
        katexMainCheck: document.fonts.check("16px KaTeX_Main"),
        brokenFonts: fonts.filter(f => f.status === "error").map(f => f.family),
        brokenImages: [...document.images].filter(img => !(img.complete && img.naturalWidth > 0))
            .map(img => img.currentSrc || img.src || img.outerHTML.slice(0, 120)),
        images: document.images.length,
    };
}"""

# Runs after INSPECT (and after the screenshot): opens every folded cell, then measures every
# block that may be wider than the column, every figure, every icon and the post header.
LAYOUT = """async () => {
    document.querySelectorAll("details").forEach(d => { d.open = true; });
    await new Promise(requestAnimationFrame);
    await new Promise(requestAnimationFrame);
    await new Promise(r => setTimeout(r, 50));  // blog.js updates on each details' toggle event

    const article = document.querySelector("article.bd-article") || document.querySelector("main");
    // The column: the article's content box (its padding is not room for text).
    const outer = article.getBoundingClientRect(), pad = getComputedStyle(article);
    const column = {left: outer.left + parseFloat(pad.paddingLeft), right: outer.right - parseFloat(pad.paddingRight)};
    column.width = column.right - column.left;
    const scrolls = el => ["auto", "scroll"].includes(getComputedStyle(el).overflowX);
    const visible = el => el.getClientRects().length > 0 && el.getBoundingClientRect().width > 0;
    const union = rects => rects.filter(r => r.width > 0 || r.height > 0).reduce((u, r) => u ? {
        left: Math.min(u.left, r.left), right: Math.max(u.right, r.right)} : {left: r.left, right: r.right}, null);
    const contentOf = (block, kind) => {
        if (kind === "formula") {
            return union([...block.querySelectorAll(".base, .tag")].map(e => e.getBoundingClientRect()));
        }
        if (kind === "code") return union(inkOf(block));
        const range = document.createRange();
        range.selectNodeContents(block);
        return union([...range.getClientRects(), ...[...block.querySelectorAll("*")].map(e => e.getBoundingClientRect())]);
    };
    // Where a block's characters are drawn. Code wraps (pre-wrap): the spaces at a soft wrap
    // hang past the line's end and draw nothing, so they are not measured.
    const inkOf = block => {
        const rects = [], walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            for (const run of node.textContent.matchAll(/\\S+/g)) {
                const range = document.createRange();
                range.setStart(node, run.index);
                range.setEnd(node, run.index + run[0].length);
                rects.push(...range.getClientRects());
            }
        }
        return rects;
    };
    // The box that scrolls a block: the block itself or its nearest scrolling ancestor inside
    // the article.
    const scrollerOf = block => {
        // A numbered formula scrolls inside its box (its .katex-display), its number beside it.
        const inner = block.matches("div.math") && block.querySelector(":scope > .katex-display");
        if (inner && scrolls(inner)) return inner;
        for (let el = block; el && el !== article; el = el.parentElement) if (scrolls(el)) return el;
        return null;
    };
    // A proof's note lives in the margin beside the text (pages/proof_notes.py): its blocks are
    // measured against the note's own box.
    const columnOf = block => {
        const note = block.closest(".proof-note");
        if (!note) return column;
        const r = note.getBoundingClientRect();
        return {left: r.left, right: r.right, width: r.width};
    };
    const describe = (block, kind) => (kind === "formula"
        ? (block.querySelector("annotation") || block).textContent
        : block.textContent).trim().replace(/\\s+/g, " ").slice(0, 70);

    const kinds = [
        ["formula", "div.math"],
        ["output", ".cell_output pre"],
        ["output", ".cell_output > .output.text_html"],
        ["table", "table"],
        ["code", ".cell_input pre"],
    ];
    const blocks = [];
    let id = 0;
    for (const [kind, selector] of kinds) {
        for (const block of article.querySelectorAll(selector)) {
            if (kind !== "formula" && block.closest("div.math")) continue;
            if (!visible(block)) continue;
            const content = contentOf(block, kind);
            if (!content) continue;
            const box = block.getBoundingClientRect();
            const scroller = scrollerOf(block);
            const s = scroller && scroller.getBoundingClientRect();
            const wider = content.left < box.left - 1 || content.right > box.right + 1;
            const column = columnOf(block);
            const fitsScroller = scroller ? (content.right - content.left) <= scroller.clientWidth + 1 : !wider;
            if (scroller && !scroller.dataset.testScroller) scroller.dataset.testScroller = String(++id);
            blocks.push({
                kind,
                what: describe(block, kind),
                inProse: !block.closest(".cell_output"),
                overflowsColumn: content.left < column.left - 1 || content.right > column.right + 1,
                contentWidth: Math.round(content.right - content.left),
                columnWidth: Math.round(column.width),
                needsScroll: !fitsScroller,
                scroller: scroller ? {
                    id: scroller.dataset.testScroller,
                    insideColumn: s.left >= column.left - 1 && s.right <= column.right + 1,
                    reaches: content.left >= s.left - 1 && scroller.scrollLeft === 0 &&
                        scroller.scrollWidth >= content.right - s.left - 1,
                    scrollable: scroller.scrollWidth > scroller.clientWidth + 1,
                    tabIndex: scroller.tabIndex,
                    cue: scroller.getAttribute("data-overflow"),
                    mask: getComputedStyle(scroller).maskImage || getComputedStyle(scroller).webkitMaskImage,
                } : null,
                wider,
            });
        }
    }

    const background = getComputedStyle(document.body).backgroundColor;
    const figures = [...article.querySelectorAll("img")].filter(visible).map(img => ({
        src: img.currentSrc || img.src,
        width: img.getBoundingClientRect().width,
        filter: getComputedStyle(img).filter,
        background: getComputedStyle(img).backgroundColor,
    }));

    const icons = [...document.querySelectorAll("[class*='fa-']")].flatMap(el => {
        const before = getComputedStyle(el, "::before");
        const content = before.content;
        if (!content || content === "none" || content === "normal") return [];
        const rect = el.getBoundingClientRect();
        const shown = el.getClientRects().length > 0 && getComputedStyle(el).visibility !== "hidden";
        return [{
            classes: el.className, content, shown,
            width: rect.width, height: rect.height,
            family: before.fontFamily, weight: before.fontWeight,
        }];
    });
    const iconFaces = [...document.fonts].filter(f => /Font Awesome/.test(f.family))
        .map(f => ({family: f.family.replace(/["']/g, ""), weight: f.weight, status: f.status}));

    const meta = document.querySelector(".post-meta");
    let header = null;
    if (meta) {
        window.scrollTo(0, 0);
        const rect = meta.getBoundingClientRect();
        const style = getComputedStyle(meta);
        header = {
            text: meta.innerText,
            top: rect.top + window.scrollY, bottom: rect.bottom + window.scrollY, width: rect.width,
            shown: visible(meta) && style.visibility !== "hidden" && style.display !== "none" && Number(style.opacity) > 0,
            tags: [...meta.querySelectorAll(".post-meta__tags a")].filter(visible).map(a => a.textContent.trim()),
            endTags: [...document.querySelectorAll(".post-tags a")].filter(visible).map(a => a.textContent.trim()),
            viewport: window.innerHeight,
            titleBottom: (document.querySelector("article h1") || meta).getBoundingClientRect().bottom,
        };
    }
    return {blocks, figures, background, icons, iconFaces, header};
}"""

AXE_RUN = """async () => {
    // Excluded: the comments iframe (giscus). Its content is giscus' and GitHub's, served from
    // their origin: this site cannot change it, and offline it is never loaded anyway.
    const result = await axe.run({exclude: [["iframe.giscus-frame"], [".giscus"]]},
                                 {resultTypes: ["violations"]});
    return result.violations.map(v => ({
        id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.slice(0, 3).map(n => n.target.join(" ") + ": " + n.html.slice(0, 120)),
    }));
}"""

# Records, for the Tab walk, which marked scroller (see LAYOUT) each Tab press focuses.
TAB_RECORDER = """() => {
    window.__tabbed = [];
    document.addEventListener("focusin", e => {
        const el = e.target;
        window.__tabbed.push(el.dataset && el.dataset.testScroller ? el.dataset.testScroller : "");
    });
    window.scrollTo(0, 0);
    if (document.activeElement) document.activeElement.blur();
}"""

def visit(browser, base_url, page_name, scheme, width=DESKTOP, screenshot=None, tab_walk=False):
    """Load one page with a cold cache and gather every fact the tests use: returns
    (facts, list of problems seen while loading)."""
    problems, responses = [], []
    context = browser.new_context(color_scheme=scheme, viewport={"width": width, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)

    def only_local(route):
        if route.request.url.startswith(base_url):
            route.continue_()
        else:
            problems.append(f"tried to fetch a remote URL: {route.request.url}")
            route.abort("blockedbyclient")

    context.route("**/*", only_local)
    page = context.new_page()
    page.on("console", lambda message: message.type == "error" and problems.append(
        f"console error: {message.text} (at {message.location.get('url', '?')})"))
    page.on("pageerror", lambda error: problems.append(f"uncaught JavaScript error: {error}"))
    page.on("requestfailed", lambda request: request.url.startswith(base_url) and problems.append(
        f"request failed: {request.url} ({request.failure})"))
    page.on("response", lambda response: (responses.append(response), response.status >= 400 and problems.append(
        f"HTTP {response.status} for {response.url}")))
    try:
        response = page.goto(base_url + page_name, wait_until="load")
        assert response is not None and response.ok, f"{page_name} [{scheme}]: could not load the page"
        facts = page.evaluate(INSPECT)  # waits for lazy images and fonts itself
        facts["responses"] = [(path, len(body), len(gzip.compress(body, 6, mtime=0)))
                              for path, _, body in response_bodies(responses)]
        if screenshot is not None:
            screenshot.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(screenshot), full_page=True)
        # pydata-sphinx-theme gives scrollable blocks their tabindex from a debounced handler.
        page.wait_for_timeout(350)
        facts.update(page.evaluate(LAYOUT))
        if width in AXE_WIDTHS:
            page.add_script_tag(path=str(AXE))
            facts["axe"] = page.evaluate(AXE_RUN)
        if tab_walk:
            wanted = {b["scroller"]["id"] for b in facts["blocks"] if b["scroller"] and b["scroller"]["scrollable"]}
            facts["tabbed"] = tab_through(page, wanted)
        seen = list(problems)  # before closing, which would abort anything still in flight
    finally:
        context.close()
    return facts, seen


def tab_through(page, wanted: set) -> set:
    """Press Tab from the top of the page until every scroller in `wanted` had focus, focus
    stops moving or TAB_PRESSES is reached; returns the scrollers that had focus."""
    page.evaluate(TAB_RECORDER)
    reached, count = set(), 0
    for presses in range(1, TAB_PRESSES + 1):
        page.keyboard.press("Tab")
        if presses % 40 == 0 or presses == TAB_PRESSES:
            tabbed = page.evaluate("window.__tabbed")
            reached = {t for t in tabbed if t}
            if wanted <= reached or len(tabbed) == count:  # all found, or focus left the page
                break
            count = len(tabbed)
    return reached


VISITORS = 2  # browsers visiting pages side by side: the machines have two cores


def visit_all(base_url, keys) -> dict:
    """Visit every (page, scheme, width) in `keys`, VISITORS browsers at a time, each in its own
    thread (a Playwright instance belongs to the thread that started it); returns Futures."""
    futures = {key: Future() for key in keys}
    todo = queue.SimpleQueue()
    for key in keys:
        todo.put(key)

    def visitor():
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
            try:
                while True:
                    try:
                        key = todo.get_nowait()
                    except queue.Empty:
                        return
                    page_name, scheme, width = key
                    screenshot = None
                    if page_name in SCREENSHOT_PAGES:
                        screenshot = SCREENSHOTS / f"{Path(page_name).stem}-{width}-{scheme}.png"
                    tab_walk = page_name in POST_PAGES and width == PHONE and scheme == "light"
                    try:
                        futures[key].set_result(visit(browser, base_url, page_name, scheme, width,
                                                      screenshot, tab_walk))
                    except BaseException as error:  # reported by the test that asks for it
                        futures[key].set_exception(error)
            finally:
                browser.close()

    for _ in range(VISITORS):
        threading.Thread(target=visitor, daemon=True).start()
    return futures


@pytest.fixture(scope="module")
def facts(browser, base_url):
    """facts(page, scheme, width): one visit per page, scheme and width for the whole module,
    all started at once and gathered as the tests ask for them."""
    visits = visit_all(base_url, [(page, scheme, width) for page in PAGES for scheme in SCHEMES
                                  for width in WIDTHS])

    def get(page_name, scheme, width):
        return visits[(page_name, scheme, width)].result(timeout=600)
    yield get


def check(page_name, facts):
    """The problems a page's facts show, as readable sentences."""
    problems = []
    if page_name.startswith("posts/") and not facts["katex"]:
        problems.append("a post without any typeset formula (KaTeX did not run?)")
    if facts["unrendered"]:
        problems.append(f"{len(facts['unrendered'])} of {facts['math']} math elements hold no .katex, "
                        f"first: {facts['unrendered'][:3]}")
    if facts["errors"]:
        problems.append(f"{len(facts['errors'])} .katex-error elements, first: {facts['errors'][:3]}")
    for raw in RAW_TEX:
        at = facts["text"].find(raw)
        if at >= 0:
            problems.append(f"raw TeX {raw!r} in the visible text: ...{facts['text'][max(0, at - 60):at + 60]!r}...")
    if facts["katex"] and not (facts["katexMainLoaded"] and facts["katexMainCheck"]):
        problems.append("the KaTeX_Main font is not loaded after document.fonts.ready")
    if facts["brokenFonts"]:
        problems.append(f"fonts failed to load: {sorted(set(facts['brokenFonts']))}")
    if facts["brokenImages"]:
        problems.append(f"{len(facts['brokenImages'])} of {facts['images']} images did not load: "
                        f"{facts['brokenImages']}")
    return problems


def report(title, problems):
    assert not problems, title + ":\n  " + "\n  ".join(problems)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("page_name", PAGES)
def test_page_in_browser(facts, page_name, scheme, width):
    seen, problems = facts(page_name, scheme, width)
    problems = list(problems)
    if seen["theme"] != scheme:
        problems.insert(0, f"data-theme is {seen['theme']!r}: the theme does not follow the {scheme} colour scheme")
    report(f"{page_name} [{scheme}, {width} px]", problems + check(page_name, seen))
    if page_name in SCREENSHOT_PAGES:
        shot = SCREENSHOTS / f"{Path(page_name).stem}-{width}-{scheme}.png"
        assert shot.is_file() and shot.stat().st_size > 0, f"no screenshot {shot}"


# -- Formulas, outputs, tables and code on every screen -----------------------------------------

def wider_than_the_column(seen, kinds) -> list[str]:
    return [f"{b['kind']} {b['contentWidth']} px wide in a {b['columnWidth']} px column: {b['what']!r}"
            for b in seen["blocks"] if b["kind"] in kinds and b["overflowsColumn"]]


@pytest.mark.parametrize("page_name", PAGES)
def test_no_formula_or_table_is_wider_than_the_column_at_1280(facts, page_name):
    seen, _ = facts(page_name, "light", DESKTOP)
    report(f"{page_name} at {DESKTOP} px: wider than the column", wider_than_the_column(seen, {"formula", "table"}))


@pytest.mark.parametrize("page_name", PAGES)
def test_no_cell_output_is_wider_than_the_column_at_1280(facts, page_name):
    # A printed line is as wide as the post's code makes it: the posts' authors fix these.
    seen, _ = facts(page_name, "light", DESKTOP)
    report(f"{page_name} at {DESKTOP} px: wider than the column", wider_than_the_column(seen, {"output"}))


def cut_off(block) -> str | None:
    """Why a block that is wider than its box cannot be read in full, or None if it can."""
    if not block["wider"] and not block["needsScroll"]:
        return None
    s = block["scroller"]
    if s is None:
        return "spills out of its box and nothing scrolls it"
    if not s["insideColumn"]:
        return "its scrolling box is itself wider than the column"
    if not s["reaches"]:
        return "part of it lies outside the range its box can scroll to"
    if s["scrollable"] and s["tabIndex"] < 0:
        return "its scrolling box is not a Tab stop (tabindex)"
    if s["scrollable"] and not (s["cue"] and "right" in s["cue"] and s["mask"] not in (None, "", "none")):
        return f"no cue at the hidden edge (data-overflow={s['cue']!r}, mask={s['mask']!r})"
    return None


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("page_name", PAGES)
def test_nothing_is_cut_off(facts, page_name, width):
    seen, _ = facts(page_name, "light", width)
    report(f"{page_name} at {width} px: cut off", [
        f"{b['kind']} ({b['contentWidth']} px): {why}: {b['what']!r}"
        for b in seen["blocks"] if (why := cut_off(b))])


@pytest.mark.parametrize("page_name", POST_PAGES)
def test_every_scrolling_block_is_reached_with_tab(facts, page_name):
    seen, _ = facts(page_name, "light", PHONE)
    scrollers = {b["scroller"]["id"]: b for b in seen["blocks"]
                 if b["scroller"] and b["scroller"]["scrollable"]}
    missed = sorted(set(scrollers) - seen["tabbed"], key=int)
    report(f"{page_name} at {PHONE} px: scrolling blocks that Tab never reaches",
           [f"{scrollers[i]['kind']}: {scrollers[i]['what']!r}" for i in missed])


@pytest.mark.parametrize("page_name", POST_PAGES)
def test_at_most_a_quarter_of_display_formulas_scroll_on_a_phone(facts, page_name):
    seen, _ = facts(page_name, "light", PHONE)
    formulas = [b for b in seen["blocks"] if b["kind"] == "formula" and b["inProse"]]
    scrolling = [b for b in formulas if b["needsScroll"]]
    assert len(scrolling) <= MAX_SCROLLING_SHARE * len(formulas), (
        f"{page_name}: {len(scrolling)} of {len(formulas)} display formulas scroll at {PHONE} px "
        f"(at most {MAX_SCROLLING_SHARE:.0%}); break them over lines:\n  "
        + "\n  ".join(f"{b['contentWidth']} px: {b['what']!r}" for b in scrolling))


@pytest.mark.parametrize("page_name", POST_PAGES)
def test_code_fits_the_column_at_1280(facts, page_name):
    seen, _ = facts(page_name, "light", DESKTOP)
    report(f"{page_name} at {DESKTOP} px: code wider than its box", [
        f"{b['contentWidth']} px of code: {b['what']!r}"
        for b in seen["blocks"] if b["kind"] == "code" and (b["needsScroll"] or b["overflowsColumn"])])


# -- Figures ------------------------------------------------------------------------------------

def figure_file(site, src: str) -> Path:
    return site.html / unquote(urlparse(src).path).lstrip("/")


def test_posts_draw_figures(facts):
    figures = [f for page_name in POST_PAGES for f in facts(page_name, "light", DESKTOP)[0]["figures"]]
    assert figures, "no post shows a figure: the figure tests below would check nothing"


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("page_name", POST_PAGES)
def test_figure_text_is_large_enough(site, facts, page_name, width):
    seen, _ = facts(page_name, "light", width)
    problems = []
    for figure in seen["figures"]:
        path = figure_file(site, figure["src"])
        if path.suffix != ".svg":
            problems.append(f"{path.name} is not an SVG: its text cannot be measured or scale")
            continue
        svg = read_svg(path)
        scale = figure["width"] / svg["width"]
        for text in svg["text"]:
            px = text["size"] * scale
            if px < MIN_FIGURE_TEXT_PX[width] - 0.05:
                problems.append(f"{path.name}: {text['text']!r} drawn at {px:.1f} px "
                                f"({text['size']:g} units, figure {figure['width']:.0f} px wide)")
    report(f"{page_name} at {width} px: figure text under {MIN_FIGURE_TEXT_PX[width]} px", sorted(set(problems)))


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("page_name", POST_PAGES)
def test_figure_ink_contrasts_with_the_page(site, facts, page_name, scheme):
    seen, _ = facts(page_name, scheme, DESKTOP)
    page = rgb(seen["background"])
    problems = set()
    for figure in seen["figures"]:
        path = figure_file(site, figure["src"])
        if path.suffix != ".svg":
            continue
        plate = rgb(figure["background"]) if "0)" not in figure["background"].replace(" ", "") else page
        svg = read_svg(path)
        inks = [(t["colour"], t["opacity"], TEXT_CONTRAST, f"text {t['text']!r}") for t in svg["text"]]
        inks += [(s["colour"], s["opacity"], MARK_CONTRAST, f"{s['paint']} of {s['id']}") for s in svg["shapes"]]
        for colour, opacity, needed, what in inks:
            if opacity < 0.99:
                continue  # translucent: grid lines and other deliberately faint marks
            drawn = apply_css_filter(rgb(colour), figure["filter"])
            ratio = contrast(drawn, plate)
            if ratio < needed:
                problems.add(f"{path.name}: {what} in {colour} (drawn as "
                             f"#{''.join(f'{round(v * 255):02x}' for v in drawn)}) has {ratio:.2f}:1, needs {needed}:1")
    report(f"{page_name} [{scheme}]: figure ink against {seen['background']}", sorted(problems)[:20])


# -- Post header, icons, weight, accessibility --------------------------------------------------

@pytest.mark.parametrize("path", POSTS)
def test_post_header_shows_date_author_and_reading_time_on_a_phone_and_the_tags(facts, path):
    from datetime import datetime

    seen, _ = facts(f"posts/{path}.html", "light", PHONE)
    header = seen["header"]
    assert header and header["shown"], "no visible post header (.post-meta) under the title"
    assert header["bottom"] <= header["viewport"], (
        f"the post header ends at {header['bottom']:.0f} px, below the first screen ({header['viewport']} px)")
    meta = fixture_site_posts()[path]
    date = post_date(meta).strftime("%b %d, %Y")
    for expected in (date, "min read", "Kai Nakamura"):
        assert expected in header["text"], f"{expected!r} not in the post header {header['text']!r}"
    tags = [t.strip() for t in meta["tags"].split(",")]
    # On a phone the first screen is the story's (issue 21): the tags close the post instead.
    assert header["tags"] in ([], tags) and header["endTags"] == tags, \
        f"tags shown {header['tags']} (header), {header['endTags']} (end), front matter {tags}"


@pytest.mark.parametrize("page_name", PAGES)
def test_every_icon_is_drawn(site, facts, page_name):
    faces = font_files(site.html / "_static" / "styles" / "pydata-sphinx-theme.css")
    problems = set()
    for width in WIDTHS:
        seen, _ = facts(page_name, "light", width)
        assert seen["icons"], f"{page_name}: no icon found (the theme draws several on every page)"
        used = set()
        for icon in seen["icons"]:
            family = icon["family"].split(",")[0].strip("'\" ")
            font = faces.get((family, str(icon["weight"])))
            glyph = re.match(r'\s*"(.*?)"', icon["content"])  # '"\uf133" / ""': glyph, then its alt text
            glyph = glyph.group(1) if glyph else icon["content"]
            if font is None:
                problems.add(f"{icon['classes']}: no @font-face for {family} {icon['weight']}")
                continue
            if len(glyph) != 1 or ord(glyph) not in code_points(font):
                problems.add(f"{icon['classes']}: {font.name} cannot draw {glyph!r}")
            if icon["shown"]:
                used.add(family)
                if not (icon["width"] > 0 and icon["height"] > 0):
                    problems.add(f"{icon['classes']}: shown with an empty box at {width} px")
        for face in seen["iconFaces"]:
            if face["family"] in used and face["status"] == "error":
                problems.add(f"the font {face['family']} {face['weight']} failed to load")
    report(f"{page_name}: icons", sorted(problems))


@pytest.mark.parametrize("page_name", PAGES)
def test_first_visit_is_light(facts, page_name):
    seen, _ = facts(page_name, "light", DESKTOP)
    paths = [path for path, _, _ in seen["responses"]]
    assert not any(path.endswith("fontawesome.js") for path in paths), "the page loads fontawesome.js"
    packed = sum(size for _, _, size in seen["responses"])
    plain = sum(size for _, size, _ in seen["responses"])
    heaviest = sorted(seen["responses"], key=lambda r: -r[2])[:5]
    assert packed <= MAX_FIRST_VISIT, (
        f"{page_name}: a first visit downloads {packed / 1024:.0f} KiB gzip-compressed "
        f"({plain / 1024:.0f} KiB uncompressed), over {MAX_FIRST_VISIT / 1024:.0f} KiB; heaviest: "
        + ", ".join(f"{p} {g / 1024:.0f} KiB" for p, _, g in heaviest))


@pytest.mark.parametrize("width", AXE_WIDTHS)
@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("page_name", PAGES)
def test_axe_finds_no_serious_violation(facts, page_name, scheme, width):
    seen, _ = facts(page_name, scheme, width)
    report(f"{page_name} [{scheme}, {width} px]: axe-core", [
        f"{v['impact']} {v['id']} ({v['help']}): {v['nodes']}"
        for v in seen["axe"] if v["impact"] in ("serious", "critical")])


def test_the_old_archive_page_leads_to_the_list_of_all_posts(browser, base_url):
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(base_url + "blog/archive.html", wait_until="load")
        page.wait_for_url(f"**/{LIST_PAGE}")
        assert page.locator("article .ablog-post-title a").count() == len(POSTS)
    finally:
        context.close()


# giscus stand-ins: the client script makes the iframe giscus would make, and the "widget"
# in it reports every message it receives back to the page, so the test can read them.
GISCUS_CLIENT = """(() => {
    const script = document.currentScript;
    const frame = document.createElement("iframe");
    frame.className = "giscus-frame";
    frame.src = "https://giscus.app/widget?theme=" + encodeURIComponent(script.dataset.theme);
    document.querySelector(".giscus").append(frame);
})();"""
GISCUS_WIDGET = """<!DOCTYPE html><script>
addEventListener("message", event => parent.postMessage({ echo: event.data }, "*"));
</script>"""


@pytest.fixture(scope="module")
def site_with_comments(mini_site):
    """The shared mini-site, which has giscus configured."""
    with serve(mini_site.html) as url:
        yield url


def test_comments_follow_the_theme_switch_live(browser, site_with_comments):
    context = browser.new_context(color_scheme="light")
    context.set_default_timeout(TIMEOUT_MS)

    def fake_giscus(route):
        url = route.request.url
        if url.startswith(site_with_comments):
            route.continue_()
        elif url == "https://giscus.app/client.js":
            route.fulfill(body=GISCUS_CLIENT, content_type="text/javascript")
        elif url.startswith("https://giscus.app/widget"):
            route.fulfill(body=GISCUS_WIDGET, content_type="text/html")
        else:
            route.abort("blockedbyclient")

    context.route("**/*", fake_giscus)
    page = context.new_page()
    try:
        page.goto(site_with_comments + "posts/mini.html", wait_until="load")
        page.evaluate("window.echoes = []; addEventListener('message', e => e.data.echo && echoes.push(e.data.echo))")
        frame = page.wait_for_selector("iframe.giscus-frame", state="attached")
        assert "theme=light" in frame.get_attribute("src"), "giscus did not start in the page's light theme"
        frame.content_frame().wait_for_load_state("load")

        # The reader picks "Dark" in the theme's own colour-mode menu.
        page.locator(".theme-switch-button").first.click()
        page.locator('.theme-change-button[data-mode="dark"]').first.click()
        assert page.evaluate("document.documentElement.dataset.theme") == "dark"
        page.wait_for_function("echoes.some(m => m.giscus && m.giscus.setConfig.theme === 'dark')")
    finally:
        context.close()


# A checked formula's ✓ opens its proof under the formula (on a phone) and closes it again.
FOLLOW_CHECK = """async () => {
    const inView = el => { const r = el.getBoundingClientRect();
                           return r.bottom > 0 && r.top < innerHeight && r.height > 0; };
    const settle = () => new Promise(done => setTimeout(done, 300));
    const shown = el => Boolean(el) && el.getClientRects().length > 0;
    const marks = [...document.querySelectorAll('[data-check="checked"] a.formula-check')];
    const noteOf = a => document.getElementById(a.getAttribute("href").slice(1)).closest(".proof-note");
    // A formula whose proof sits beside it.
    const mark = marks.find(a => noteOf(a) && noteOf(a).closest(".proof-block").contains(a));
    if (!mark) return null;
    const formula = mark.closest("[data-check]"), note = noteOf(mark);
    formula.scrollIntoView({block: "center"});
    await settle();
    const closedShown = shown(note);
    mark.focus();
    const focusable = document.activeElement === mark;
    const box = mark.getBoundingClientRect();
    mark.click();
    await settle();
    const open = { hash: location.hash, expanded: mark.getAttribute("aria-expanded"),
                   noteShown: shown(note), codeShown: shown(note.querySelector(".cell_input")),
                   resultShown: shown(note.querySelector(".check-result")),
                   formulaInView: inView(formula),
                   noteBelow: note.getBoundingClientRect().top >= formula.getBoundingClientRect().bottom - 1 };
    mark.click();
    await settle();
    return { closedShown, focusable, label: mark.textContent.trim(), width: box.width, height: box.height,
             ...open, closedAgain: !shown(note), expandedAfter: mark.getAttribute("aria-expanded") };
}"""


@pytest.mark.parametrize("page_name", POST_PAGES)
def test_a_check_mark_opens_its_proof_under_the_formula_and_closes_it(browser, base_url, page_name):
    context = browser.new_context(viewport={"width": PHONE, "height": 800})
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    try:
        page.goto(base_url + page_name, wait_until="load")
        seen = page.evaluate(FOLLOW_CHECK)
    finally:
        context.close()
    if seen is None:
        pytest.skip(f"{page_name} has no checked formula")
    assert not seen["closedShown"], "a closed proof shows in the flow on a phone"
    assert seen["focusable"], "the check mark cannot take keyboard focus"
    assert "Proof of equation" in seen["label"], "the mark is not described for screen readers"
    assert seen["width"] >= 44 and seen["height"] >= 44, f"the ✓ is a small tap target ({seen})"
    assert seen["expanded"] == "true" and seen["hash"].startswith("#check-"), seen
    assert seen["noteShown"] and seen["codeShown"] and seen["resultShown"] and seen["noteBelow"], seen
    assert seen["formulaInView"], seen
    assert seen["closedAgain"] and seen["expandedAfter"] == "false", seen
