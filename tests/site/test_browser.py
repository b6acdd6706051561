"""The built site in a real browser: Chromium driven by Playwright, over a local HTTP server.

For the index, every post, a tag page and the archive, in the light and the dark theme: the
theme follows the reader's colour scheme, every formula is typeset by KaTeX with its fonts
loaded, no raw TeX is left in the text, every image loads, nothing goes wrong in the console
or on the network, and the page makes no request off the machine. A full-page screenshot of
each post is saved in the test's tmp_path (`pytest --basetemp DIR` keeps them somewhere known).

Uses the system's Chromium (Playwright's own browsers are not needed): /usr/bin/chromium, or
the executable named by $CHROMIUM. Without it, or without the playwright module, these tests
are skipped, except in CI ($CI=true), where that is a failure.
"""

import os
from pathlib import Path

import pytest

from building import POSTS, build, make_mini_site, serve

try:
    from playwright.sync_api import sync_playwright
except ImportError:
    sync_playwright = None

CHROMIUM = Path(os.environ.get("CHROMIUM") or "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
IN_CI = os.environ.get("CI", "").lower() in ("true", "1", "yes")

if sync_playwright is None:
    MISSING = "the playwright module is not installed (pip install -r requirements.txt)"
elif not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
    MISSING = f"no Chromium at {CHROMIUM} (apt install chromium, or set $CHROMIUM)"
else:
    MISSING = None
if MISSING and not IN_CI:
    pytest.skip(f"browser tests need a browser: {MISSING}", allow_module_level=True)

PAGES = ["index.html", *(f"posts/{path.stem}.html" for path in POSTS), "blog/tag/maths.html", "blog/archive.html"]
SCHEMES = ["light", "dark"]
RAW_TEX = ["\\begin", "$$", "\\(", "\\["]
TIMEOUT_MS = 20_000


@pytest.fixture(scope="module")
def base_url(site):
    """The built site, served for the whole module."""
    with serve(site.html) as url:
        yield url


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


def visit(browser, base_url, page_name, scheme, screenshot=None):
    """Load one page with a cold cache; returns (facts from INSPECT, list of problems seen)."""
    problems = []
    context = browser.new_context(color_scheme=scheme, viewport={"width": 1280, "height": 900})
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
    page.on("response", lambda response: response.status >= 400 and problems.append(
        f"HTTP {response.status} for {response.url}"))
    try:
        response = page.goto(base_url + page_name, wait_until="load")
        assert response is not None and response.ok, f"{page_name} [{scheme}]: could not load the page"
        page.wait_for_load_state("networkidle")
        facts = page.evaluate(INSPECT)
        if screenshot is not None:
            page.screenshot(path=str(screenshot), full_page=True)
        seen = list(problems)  # before closing, which would abort anything still in flight
    finally:
        context.close()
    return facts, seen


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


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("page_name", PAGES)
def test_page_in_browser(browser, base_url, page_name, scheme, tmp_path):
    screenshot = None
    if page_name.startswith("posts/"):
        screenshot = tmp_path / f"{Path(page_name).stem}-{scheme}.png"
    facts, problems = visit(browser, base_url, page_name, scheme, screenshot)
    if facts["theme"] != scheme:
        problems.insert(0, f"data-theme is {facts['theme']!r}: the theme does not follow the {scheme} colour scheme")
    problems += check(page_name, facts)
    assert not problems, f"{page_name} [{scheme} theme]:\n  " + "\n  ".join(problems)
    if screenshot is not None:
        assert screenshot.stat().st_size > 0, f"{page_name} [{scheme} theme]: empty screenshot"


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
GISCUS_CONF = """
giscus.update(repo="someone/blog", repo_id="R_1", category="Comments", category_id="C_1")
"""


@pytest.fixture(scope="module")
def site_with_comments(tmp_path_factory):
    root = tmp_path_factory.mktemp("comments")
    result = build(make_mini_site(root / "src", extra_conf=GISCUS_CONF), root / "out")
    assert result.returncode == 0, result.output[-3000:]
    with serve(result.html) as url:
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
