"""Largest contentful paint of a page on a throttled phone, as a first visit.

The issue's conditions: 1.6 Mb/s down, 750 kb/s up, 150 ms round trip, the CPU 4× slower
(Chrome DevTools' "Fast 3G"/mid-range phone profile), a 390 × 844 screen, a cold cache, and
text compressed with gzip as GitHub Pages serves it. The site is served by `GzipServer`, which
compresses text responses when the browser asks (the throttled link then carries gzip bytes,
not raw ones). LCP comes from the page's own PerformanceObserver ("largest-contentful-paint",
buffered), read once the page has loaded and settled.

    python -m benchmarks.first_paint [--html _build/html] [--runs 3] [--element] [page ...]
    python -m benchmarks.first_paint --html _build/html --against ../main/_build/html  # A/B, alternating
"""

import argparse
import functools
import gzip
import os
import statistics
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = os.environ.get("CHROMIUM") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
PHONE = {"width": 390, "height": 844}
DOWN_BYTES_PER_S = 1.6e6 / 8
UP_BYTES_PER_S = 750e3 / 8
RTT_MS = 150
CPU_SLOWDOWN = 4
COMPRESSIBLE = (".html", ".css", ".js", ".svg", ".json", ".txt", ".xml")
TARGET_LCP_MS = 1200


class GzipHandler(SimpleHTTPRequestHandler):
    """Static files, text ones gzip-compressed when the request accepts it."""

    extensions_map = {**SimpleHTTPRequestHandler.extensions_map,
                      ".js": "text/javascript", ".svg": "image/svg+xml", ".woff2": "font/woff2"}

    def log_message(self, format, *args):
        pass

    def do_GET(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if not (path.is_file() and path.suffix in COMPRESSIBLE
                and "gzip" in self.headers.get("Accept-Encoding", "")):
            return super().do_GET()
        body = gzip.compress(path.read_bytes(), 6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class GzipServer:
    """`with GzipServer(folder) as url:` serves the folder on 127.0.0.1 from a thread."""

    def __init__(self, directory: Path):
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(GzipHandler, directory=str(directory)))

    def __enter__(self) -> str:
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return f"http://127.0.0.1:{self.server.server_address[1]}/"

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


# The last LCP entry wins; its element is described so a slow page says what it waited for.
LCP_PROBE = """
window.__lcp = 0;
window.__lcpElement = "";
new PerformanceObserver(list => {
    for (const entry of list.getEntries()) {
        window.__lcp = entry.startTime;
        const el = entry.element;
        window.__lcpElement = el ? el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
            + (el.className && typeof el.className === "string" ? "." + el.className.trim().split(/\\s+/).join(".") : "")
            + (entry.url ? " " + entry.url.split("/").pop() : "")
            + ' "' + (el.textContent || "").trim().slice(0, 40) + '"' : "(removed)";
    }
}).observe({type: "largest-contentful-paint", buffered: true});
"""


def lcp_once(browser, base_url: str, page_name: str, elements: list | None = None) -> float:
    """One cold, throttled visit: the largest contentful paint in ms (its element appended to
    `elements` if given)."""
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(base_url)
                  else route.abort("blockedbyclient"))
    context.add_init_script(LCP_PROBE)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    cdp.send("Network.emulateNetworkConditions", {
        "offline": False, "latency": RTT_MS,
        "downloadThroughput": DOWN_BYTES_PER_S, "uploadThroughput": UP_BYTES_PER_S})
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
    try:
        page.goto(base_url + page_name, wait_until="load", timeout=60_000)
        page.wait_for_timeout(500)  # LCP candidates after load (a late font swap) are counted
        if elements is not None:
            elements.append(page.evaluate("window.__lcpElement"))
        return page.evaluate("window.__lcp")
    finally:
        context.close()


def measure_lcp(html: Path, pages: list[str], runs: int = 3, elements: dict | None = None) -> dict[str, float]:
    """Median LCP (ms) of each page over `runs` cold visits; `elements[page]` gets the LCP
    element of each visit if a dict is given."""
    from playwright.sync_api import sync_playwright

    results = {}
    with GzipServer(html) as base_url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            for page_name in pages:
                seen = elements.setdefault(page_name, []) if elements is not None else None
                results[page_name] = statistics.median(lcp_once(browser, base_url, page_name, seen) for _ in range(runs))
        finally:
            browser.close()
    return results


def compare_lcp(builds: list[Path], pages: list[str], runs: int) -> dict[str, list[float]]:
    """Median LCP (ms) of each page in each build, the builds' visits alternating (A, B, A, B
    ...) so that a busy machine slows both alike; {page: [median per build]}."""
    from contextlib import ExitStack

    from playwright.sync_api import sync_playwright

    samples = {page: [[] for _ in builds] for page in pages}
    with ExitStack() as stack, sync_playwright() as playwright:
        bases = [stack.enter_context(GzipServer(html)) for html in builds]
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            for page_name in pages:
                for _ in range(runs):
                    for i, base_url in enumerate(bases):
                        samples[page_name][i].append(lcp_once(browser, base_url, page_name))
        finally:
            browser.close()
    return {page: [statistics.median(s) for s in per_build] for page, per_build in samples.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pages", nargs="*", help="pages relative to the site root (default: the index and every post)")
    parser.add_argument("--html", type=Path, default=ROOT / "_build" / "html")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--element", action="store_true", help="also name the LCP element of each visit")
    parser.add_argument("--against", type=Path, metavar="HTML",
                        help="another build (e.g. main's) measured in turn with --html, visit for visit")
    args = parser.parse_args()
    pages = args.pages or ["index.html", *(f"posts/{p.stem}.html" for p in sorted((args.html / "posts").glob("*.html")))]
    if args.against:
        print(f"| page | LCP, {args.html} | LCP, {args.against} | (medians of {args.runs}, alternating) |")
        print("|---|---:|---:|---|")
        for page_name, (ours, theirs) in compare_lcp([args.html, args.against], pages, args.runs).items():
            print(f"| {page_name} | {ours:,.0f} ms | {theirs:,.0f} ms | {ours - theirs:+,.0f} ms |")
        return
    elements = {}
    print(f"| page | LCP, throttled phone (median of {args.runs}) | target <= {TARGET_LCP_MS} ms |"
          + (" LCP element |" if args.element else ""))
    print("|---|---:|---|" + ("---|" if args.element else ""))
    for page_name, ms in measure_lcp(args.html, pages, args.runs, elements).items():
        named = " " + "; ".join(dict.fromkeys(elements[page_name])) + " |" if args.element else ""
        print(f"| {page_name} | {ms:,.0f} ms | {'PASS' if ms <= TARGET_LCP_MS else 'FAIL'} |{named}")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
