"""Page weight of one post in a real browser: what a first visit downloads, and what math costs.

Builds the site once into a temporary folder with the README's options (or takes an existing
build with --html), serves it on 127.0.0.1 and loads one post in Chromium with a cold cache,
three times, each in a fresh browser context. Every response's body is counted and sorted into:

- math: anything KaTeX or MathJax (_static/katex/**, katex-math.css, ...);
- theme: the rest of _static/ (pydata-sphinx-theme, sphinx-book-theme, Font Awesome,
  basic.css, pygments.css, copybutton, doctools, the blog's own CSS, ...) and searchindex.js;
- content: the page's HTML, its images and anything else.

It also measures, in the page, the time from the `load` event until the math is visible (the
math is prerendered, so that is until document.fonts.ready resolves after `load`; 0 if it
already had) and counts the math scripts the page runs (expected 0). Prints a Markdown table
of medians and PASS/FAIL against the issue's targets. Requests leaving the machine are blocked
and listed. Not a test: run it with `make benchmark`.

    python -m benchmarks.bench_page_weight [--page posts/matrix-calculus.html] [--html PATH]
                                           [--runs 3] [--files] [--all]

With --all, it also prints one line per page (the index and every post): what a first visit
downloads, uncompressed and gzip-compressed, in KiB, against the 220 KiB target, and the largest
contentful paint on a throttled phone (1.6 Mb/s, 150 ms round trip, 4x CPU, gzip; see
benchmarks/first_paint.py) against the 1.2 s target.

Bytes are response bodies as the browser received them from the local server (uncompressed);
the gzip column estimates what a compressing host such as GitHub Pages sends for text files.
Chromium: /usr/bin/chromium, or the executable named by $CHROMIUM.
"""

import argparse
import functools
import gzip
import os
import re
import statistics
import sys
import tempfile
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
from tools.building import build, response_bodies  # one source for the build command

CHROMIUM = os.environ.get("CHROMIUM") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
CATEGORIES = ["theme", "math", "content"]
MATH = re.compile(r"katex|mathjax", re.I)
# Compressed by a typical static host; fonts and images (woff2, png) are compressed already.
COMPRESSIBLE = (".html", ".css", ".js", ".svg", ".json", ".txt", ".xml")
TARGET_MATH_BYTES = 100_000  # "math <= 100 KB per page"
TARGET_MATH_SCRIPT_MS = 0  # "0 ms of script per page"

# Runs in the page before its own scripts. From `load`: when every formula is typeset (always,
# once prerendered) and document.fonts.ready has resolved (the measure; it also waits
# for the theme's icon font and for pending layout), and when the KaTeX fonts alone are in.
PROBE = """
window.__bench = { fontsReadyAfterLoad: null, katexFontsAfterLoad: null };
addEventListener("load", () => {
    const loadAt = performance.now();
    window.__bench.loadAt = loadAt;
    window.__bench.typesetAtLoad = [...document.querySelectorAll(".math")]
        .every(m => m.querySelector(".katex, mjx-container"));
    const since = () => performance.now() - loadAt;
    const typeset = () => [...document.querySelectorAll(".math")]
        .every(m => m.querySelector(".katex, mjx-container"));
    const katexFaces = () => [...document.fonts].filter(f => /^["']?KaTeX_/.test(f.family));
    const whenTypeset = new Promise(done => {
        const poll = () => typeset() ? done() : requestAnimationFrame(poll);
        poll();
    });
    if (typeset() && document.fonts.status === "loaded") {
        window.__bench.fontsReadyAfterLoad = 0;
    } else {
        whenTypeset.then(() => document.fonts.ready)
            .then(() => { window.__bench.fontsReadyAfterLoad = since(); });
    }
    if (typeset() && !katexFaces().some(f => f.status === "loading")) {
        window.__bench.katexFontsAfterLoad = 0;
    } else {
        whenTypeset.then(() => Promise.allSettled(katexFaces().filter(f => f.status === "loading").map(f => f.loaded)))
            .then(() => { window.__bench.katexFontsAfterLoad = since(); });
    }
});
"""
COLLECT = """() => ({
    loadAt: window.__bench.loadAt,
    typesetAtLoad: window.__bench.typesetAtLoad,
    fontsReadyAfterLoad: window.__bench.fontsReadyAfterLoad,
    katexFontsAfterLoad: window.__bench.katexFontsAfterLoad,
    formulas: document.querySelectorAll(".katex").length,
    mathScripts: [...document.scripts]
        .filter(s => /katex|mathjax|renderMathInElement/i.test(s.src || s.textContent))
        .map(s => s.src || "inline: " + s.textContent.trim().slice(0, 60)),
})"""


class QuietHandler(SimpleHTTPRequestHandler):
    extensions_map = {
        **SimpleHTTPRequestHandler.extensions_map,
        ".js": "text/javascript", ".svg": "image/svg+xml", ".woff2": "font/woff2",
    }

    def log_message(self, format, *args):
        pass


def category(path: str) -> str:
    if MATH.search(path):
        return "math"
    if path.startswith("/_static/") or path == "/searchindex.js":
        return "theme"
    return "content"


def gzipped_size(path: str, body: bytes) -> int:
    return len(gzip.compress(body, 6, mtime=0)) if path.endswith(COMPRESSIBLE) else len(body)


def load_once(browser, base_url: str, page_name: str) -> dict:
    """One cold visit: every response's size, the math timing and the page's script time."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(30_000)
    remote = []

    def only_local(route):
        if route.request.url.startswith(base_url):
            route.continue_()
        else:
            remote.append(route.request.url)
            route.abort("blockedbyclient")

    context.route("**/*", only_local)
    context.add_init_script(PROBE)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Performance.enable")
    responses = []
    page.on("response", lambda response: responses.append(response))
    try:
        page.goto(base_url + page_name, wait_until="load")
        page.wait_for_load_state("networkidle")
        page.wait_for_function("[window.__bench.fontsReadyAfterLoad, window.__bench.katexFontsAfterLoad]"
                               ".every(t => t !== null)")
        facts = page.evaluate(COLLECT)
        metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
        files = [{"path": path, "status": response.status, "bytes": len(body),
                  "gzip": gzipped_size(path, body), "category": category(path)}
                 for path, response, body in response_bodies(responses)]
    finally:
        context.close()
    facts.update(files=files, remote=remote, script_ms=metrics.get("ScriptDuration", 0) * 1000)
    return facts


def serve(html: Path):
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(html)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def measure(html: Path, page_name: str, runs: int) -> list[dict]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        sys.exit("the playwright module is not installed (pip install -r requirements.txt)")
    if not Path(CHROMIUM).is_file():
        sys.exit(f"no Chromium at {CHROMIUM} (apt install chromium, or set $CHROMIUM)")
    if not (html / page_name).is_file():
        sys.exit(f"{html / page_name} does not exist (choose one with --page)")
    server, base_url = serve(html)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            try:
                results = []
                for run in range(runs):
                    results.append(load_once(browser, base_url, page_name))
                    print(f"run {run + 1}: {sum(f['bytes'] for f in results[-1]['files']):,} bytes, "
                          f"fonts.ready {results[-1]['fontsReadyAfterLoad']:.1f} ms after load", file=sys.stderr)
            finally:
                browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return results


def kb(n: float) -> str:
    return f"{n / 1000:,.1f} KB"


def report(results: list[dict], page_name: str) -> None:
    median = statistics.median
    rows = {}
    for name in [*CATEGORIES, "total"]:
        chosen = [[f for f in r["files"] if name in ("total", f["category"])] for r in results]
        rows[name] = (median(len(files) for files in chosen),
                      median(sum(f["bytes"] for f in files) for files in chosen),
                      median(sum(f["gzip"] for f in files) for files in chosen))
    total_bytes = rows["total"][1] or 1

    print(f"\nPage: {page_name}; cold cache, fresh context per run; medians of {len(results)} runs\n")
    print("| part | requests | bytes | share | gzip (est.) |")
    print("|---|---:|---:|---:|---:|")
    for name, (count, size, packed) in rows.items():
        label = f"**{name}**" if name == "total" else name
        print(f"| {label} | {count:g} | {kb(size)} | {size / total_bytes:.0%} | {kb(packed)} |")

    ready = median(r["fontsReadyAfterLoad"] for r in results)
    katex_fonts = median(r["katexFontsAfterLoad"] for r in results)
    load_at = median(r["loadAt"] for r in results)
    math_scripts = sorted({s for r in results for s in r["mathScripts"]}
                          | {f["path"] for r in results for f in r["files"]
                             if f["category"] == "math" and f["path"].endswith(".js")})
    script_ms = median(r["script_ms"] for r in results)
    formulas = median(r["formulas"] for r in results)
    typeset = "all typeset" if all(r["typesetAtLoad"] for r in results) else "NOT all typeset"
    print(f"\nFormulas on the page: {formulas:g}, {typeset} at `load` (at {load_at:.0f} ms). "
          f"Math visible after `load`: document.fonts.ready resolves {ready:.1f} ms later; "
          f"the KaTeX fonts alone were in {katex_fonts:.1f} ms later.")
    print(f"Math scripts run: {len(math_scripts)}{': ' + ', '.join(math_scripts) if math_scripts else ''}. "
          f"All JavaScript on the page (theme, search, copy button): {script_ms:.0f} ms.")
    remote = sorted({url for r in results for url in r["remote"]})
    if remote:
        print(f"Blocked requests to other hosts: {', '.join(remote)}")
    failed = sorted({f"{f['status']} {f['path']}" for r in results for f in r["files"] if f["status"] >= 400})
    if failed:
        print(f"Failed requests: {', '.join(failed)}")

    math_bytes = rows["math"][1]
    print("\n| target | measured | result |")
    print("|---|---:|---|")
    print(f"| math <= {kb(TARGET_MATH_BYTES)} per page | {kb(math_bytes)} | "
          f"{'PASS' if math_bytes <= TARGET_MATH_BYTES else 'FAIL'} |")
    print(f"| {TARGET_MATH_SCRIPT_MS} ms of math script per page | "
          f"{'0 ms' if not math_scripts else f'{len(math_scripts)} script(s)'} | "
          f"{'FAIL' if math_scripts else 'PASS'} |")  # any math script at all misses the target
    if remote:
        print("| no request off the machine | "
              f"{len(remote)} blocked | FAIL |")


def list_files(results: list[dict]) -> None:
    print("\n| file | part | bytes | gzip (est.) |")
    print("|---|---|---:|---:|")
    for f in sorted(results[0]["files"], key=lambda f: (CATEGORIES.index(f["category"]), -f["bytes"])):
        print(f"| {f['path']} | {f['category']} | {f['bytes']:,} | {f['gzip']:,} |")


TARGET_FIRST_VISIT = 220 * 1024  # bytes, gzip-compressed (issue 21)


def all_pages(html: Path) -> list[str]:
    return ["index.html", *(f"posts/{p.stem}.html" for p in sorted((ROOT / "posts").glob("*.md")))]


def report_pages(html: Path, runs: int) -> None:
    from benchmarks.first_paint import TARGET_LCP_MS, measure_lcp

    median = statistics.median
    pages = all_pages(html)
    lcp = measure_lcp(html, pages, runs)
    print(f"\n| page | requests | uncompressed | gzip (est.) | target <= {TARGET_FIRST_VISIT // 1024} KiB gzip "
          f"| LCP, throttled phone | target <= {TARGET_LCP_MS} ms |")
    print("|---|---:|---:|---:|---|---:|---|")
    for page_name in pages:
        results = measure(html, page_name, runs)
        count = median(len(r["files"]) for r in results)
        plain = median(sum(f["bytes"] for f in r["files"]) for r in results)
        packed = median(sum(f["gzip"] for f in r["files"]) for r in results)
        verdict = "PASS" if packed <= TARGET_FIRST_VISIT else "FAIL"
        paint = "PASS" if lcp[page_name] <= TARGET_LCP_MS else "FAIL"
        print(f"| {page_name} | {count:g} | {plain / 1024:,.1f} KiB | {packed / 1024:,.1f} KiB | {verdict} "
              f"| {lcp[page_name]:,.0f} ms | {paint} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--page", default="posts/matrix-calculus.html", help="page to load, relative to the site root")
    parser.add_argument("--html", type=Path, help="an existing build's HTML folder (default: build the site now)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--files", action="store_true", help="also list every file of the first run")
    parser.add_argument("--all", action="store_true", help="also one line per page: the index and every post")
    args = parser.parse_args()

    def run(html: Path) -> None:
        results = measure(html, args.page, args.runs)
        report(results, args.page)
        if args.files:
            list_files(results)
        if args.all:
            report_pages(html, args.runs)

    if args.html:
        run(args.html)
    else:
        with tempfile.TemporaryDirectory(prefix="bench-page-weight-") as tmp:
            print("building the site...", file=sys.stderr)
            site = build(ROOT, Path(tmp))
            if site.returncode:
                sys.exit(f"the site build failed:\n{site.output[-3000:]}")
            run(site.html)


if __name__ == "__main__":
    main()
