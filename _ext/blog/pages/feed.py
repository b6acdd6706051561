"""The Atom feed reads like the article: each entry rewritten for a feed reader, which shows
the HTML without the site's CSS or scripts.

ABlog writes each post's full HTML into its entry. Read without CSS, that HTML shows every
formula twice (KaTeX writes MathML for assistive technology and a tree of positioned spans for
the eye, which flattens into garbled text, with stretchy brackets as large SVGs), and every
folded cell unfolded, proof code and all. After ABlog has written `blog/atom.xml`, each entry
is rewritten:

- each formula once, as the MathML KaTeX already wrote for it (what feed readers and browsers
  render natively), its TeX source in `alttext`, a display formula's number at its end;
- the article without its proofs: what the page folds is left out (a folded set-up cell
  entirely), and so is every proof note (pages/proof_notes.py: code and result lines) and the
  code of any other cell that asserts (checked_formulas' own test); teaching code stays. Each
  checked formula keeps its ✓ after its number, so the words about the marks (the post's
  introduction) still describe what the reader sees;
- the entry ends as the post does, with the count of checked formulas in words (before the
  references), saying what the feed shows: a ✓ marks each checked formula, the proofs are on the
  site (the page's own line says "a ✓ opens its proof", which a feed reader's ✓ does not);
- links absolute (a feed reader resolves nothing against the site), images pointing at their
  published copies in `_images/` (ABlog writes their source paths), code lines without the
  spans and styles that only the site's CSS uses.

The rewrite is idempotent (an entry already rewritten is left as it is), so it does not matter
whether ABlog rewrote the file in this build.
"""

import hashlib
import json
import xml.etree.ElementTree as ET
from datetime import datetime
from pathlib import Path
from urllib.parse import urljoin

from bs4 import BeautifulSoup

from ..judge.checked_formulas import asserts_something, count_in_words

ATOM_NS = "http://www.w3.org/2005/Atom"
ATOM = f"{{{ATOM_NS}}}"
MAX_ENTRY_BYTES = 200_000  # what a feed reader should have to fetch for one article


def formulas_as_mathml(soup, checked_labels=frozenset()):
    for katex in soup.select("span.katex"):
        math = katex.select_one("span.katex-mathml math") or katex.find("math")
        if math is None:
            continue
        annotation = math.find("annotation", attrs={"encoding": "application/x-tex"})
        if annotation is not None:
            math["alttext"] = annotation.get_text().strip()
            annotation.decompose()
        semantics = math.find("semantics")
        if semantics is not None:
            semantics.unwrap()
        display = katex.find_parent("span", class_="katex-display")
        container = display.find_parent("div", class_="math") if display else None
        number = container.find("span", class_="eqno", recursive=False) if container else None
        if number is not None:
            # "(4)" at the formula's end: MathML Core has no equation numbers of its own. A
            # formula checked by code carries its ✓ there, as on the site: "(4) ✓".
            label = soup.new_tag("mtext")
            checked = container.get("id", "").removeprefix("equation-") in checked_labels
            label.string = number.get_text(strip=True) + (" ✓" if checked else "")
            space = soup.new_tag("mspace", attrs={"width": "2em"})
            row = soup.new_tag("mrow")
            for child in list(math.children):
                row.append(child.extract())
            math.append(row)
            math.append(space)
            math.append(label)
            number.decompose()
        (display or katex).replace_with(math.extract())


def article_only(soup):
    """Leave out the proofs (their notes, with code and result lines), what the page folds away
    (MyST-NB's folded cell parts) and the code of any other cell that asserts. Teaching code
    stays; each ✓ stays as a bare link to the proof on the site."""
    # ABlog keeps its copy of a post before pages/proof_notes.py moves the checking cells, so in
    # the feed they may still stand in the flow: a checking cell is known by its id or by its
    # one-line results (code_lines marks them), the line above it by its class.
    proofs = soup.select("aside.proof-note, p.formula-backlink, div.cell[id^='check-']")
    proofs += [cell for cell in soup.select("div.cell") if cell.select_one(".line.check-result")]
    for proof in proofs:
        if not proof.decomposed:
            proof.decompose()
    for mark in soup.select("a.formula-check"):
        # Without the site's CSS the screen-reader label would show as a sentence: a bare ✓.
        mark.clear()
        mark.string = "✓"
        mark["title"] = "Checked by code: the proof, on the site"
        for attribute in ("data-proof", "class"):
            del mark[attribute]
    for folded in soup.select("details.hide"):
        folded.decompose()
    for cell in soup.select("div.cell"):
        source = cell.select_one(".cell_input")
        if source is not None and asserts_something(source.get_text()):
            source.decompose()
        if not cell.select(".cell_input, .cell_output"):
            cell.decompose()
    for icon in soup.select("svg.sd-octicon"):  # a dropdown's chevron: the site's CSS sizes it
        icon.decompose()


def closing_count(soup, count, post_url: str):
    """The post's closing line, in words, where the page has it: the end of its last section
    before the references. `count` is (checked, display formulas); None for a post without
    display formulas (or unknown: an entry is then left as it is). An entry carries at most one
    count, so rewriting an entry again changes nothing."""
    if not count or not count[1]:
        return
    for line in soup.select("p.formula-count"):
        line.decompose()
    checked, total = count
    post = f'<a href="{post_url}">the post</a>'
    handle = (f"a ✓ after its number marks it, and {post} shows its proof beside it" if checked == 1 else
              f"a ✓ after a formula’s number marks each one, and {post} shows each proof beside its formula")
    line = BeautifulSoup(f'<p class="formula-count">{count_in_words(checked, total, handle)}</p>',
                         "html.parser").p
    article = soup.find("section")
    if article is None:
        soup.append(line)
        return
    ending = article.find_all("section", recursive=False)
    last = ending[-1] if ending else article
    heading = last.find(["h2", "h3"]) if ending else None
    if heading is not None and "reference" in heading.get_text().lower():
        last = ending[-2] if len(ending) > 1 else article
        if last is article:
            ending[-1].insert_before(line)
            return
    last.append(line)


def published_images(soup, images: dict[str, str], site_url: str):
    """ABlog points an entry's images at their source paths (`images/…`, MyST-NB's
    `…/jupyter_execute/…`), which are not published: point them at the copies in `_images/`.
    `images` maps a source path (as Sphinx records it) to its published file name."""
    for img in soup.find_all("img", src=True):
        source = next((key for key in sorted(images, key=len, reverse=True)
                       if img["src"] == key or img["src"].endswith("/" + key)), None)
        if source is not None:
            img["src"] = urljoin(site_url, "_images/" + images[source])
        if img["src"].endswith(".svg"):
            # The figures are dark ink on a transparent ground; a reader in dark mode would draw
            # them on black. Readers that keep inline styles give them a white plate.
            img["style"] = "background-color: #fff; max-width: 100%; height: auto"


def absolute_links(soup, list_url: str, post_url: str):
    """ABlog renders links relative to the list of posts; a feed reader needs them absolute,
    and an anchor within the post leads to the post."""
    for tag, attribute in (("a", "href"), ("img", "src")):
        for element in soup.find_all(tag, attrs={attribute: True}):
            value = element[attribute]
            if value.startswith("#"):
                element[attribute] = post_url + value
            else:
                element[attribute] = urljoin(list_url, value)


def plain_code(soup):
    for line in soup.select("pre span.line"):
        line.unwrap()
    for span in soup.select(".highlight pre > span"):
        if not span.contents:  # Pygments' leading <span></span> (a span holding a space is code)
            span.decompose()


def tidy_space(soup):
    """One line break where a removed block leaves several (outside code)."""
    soup.smooth()  # the strings either side of a removed element become one
    for text in soup.find_all(string=True):
        if "\n" in text and not text.strip() and text != "\n" and text.find_parent("pre") is None:
            text.replace_with("\n")


def entry_html(html: str, list_url: str, post_url: str, images: dict[str, str] | None = None,
               site_url: str | None = None, checked_labels=frozenset(), count=None) -> str:
    """An entry's HTML rewritten; `list_url` is the page ABlog rendered its links for,
    `images` maps source paths to published names under `site_url` + "_images/";
    `checked_labels` are the post's formulas that code checks (they keep their ✓); `count`
    is (checked, display formulas), the post's closing count."""
    soup = BeautifulSoup(html, "html.parser")
    formulas_as_mathml(soup, set(checked_labels))
    article_only(soup)
    closing_count(soup, count, post_url)
    published_images(soup, images or {}, site_url or urljoin(list_url, "."))
    absolute_links(soup, list_url, post_url)
    plain_code(soup)
    tidy_space(soup)
    return str(soup)


def latest_entry(feed):
    """Date the feed by its newest entry, not by the build (ABlog writes the build's clock):
    a feed reader then sees a change only when a post does, and two builds write one feed.

    >>> feed = ET.fromstring(f'<feed xmlns="{ATOM_NS}"><updated>2026-12-08T03:49:20+00:00</updated>'
    ...     f'<entry><updated>2023-08-19T00:00:00+00:00</updated></entry>'
    ...     f'<entry><updated>2026-12-07T00:00:00+00:00</updated></entry></feed>')
    >>> latest_entry(feed).find(f"{ATOM}updated").text
    '2026-12-07T00:00:00+00:00'
    """
    stamp = feed.find(f"{ATOM}updated")
    dates = [entry.findtext(f"{ATOM}updated") for entry in feed.findall(f"{ATOM}entry")]
    dates = [date for date in dates if date]
    if stamp is not None and dates:
        stamp.text = max(dates, key=datetime.fromisoformat)
    return feed


def rewrite_feed(path: Path, site_url: str, list_url: str, images: dict[str, str],
                 cache: dict[str, str] | None = None, checked: dict | None = None,
                 counts: dict | None = None) -> list[tuple[str, int]]:
    """Rewrite every entry of the Atom feed at `path`; returns (entry URL, bytes) per entry.

    `cache` maps a hash of an entry's input to its rewritten HTML: ABlog writes the feed again
    on every build, and parsing each post's HTML again cost about a second per post on a
    no-change rebuild. Entries whose input did not change are taken from it; it is left
    holding exactly this feed's entries. `checked` maps a post's URL to the labels of its
    checked formulas (they keep their ✓), `counts` to (checked, display formulas)."""
    ET.register_namespace("", ATOM_NS)
    tree = ET.parse(path)
    sizes, seen = [], {}
    images_key = json.dumps(images, sort_keys=True)
    for entry in tree.getroot().findall(f"{ATOM}entry"):
        content = entry.find(f"{ATOM}content")
        link = entry.find(f"{ATOM}link")
        post_url = link.get("href") if link is not None else list_url
        if content is not None and content.text:
            page_url = post_url.split("#")[0]
            labels = sorted((checked or {}).get(page_url, ()))
            count = tuple((counts or {}).get(page_url, ())) or None
            key = hashlib.sha256("\0".join([content.text, list_url, post_url, images_key, site_url, repr(count),
                                             *labels]).encode("utf-8")).hexdigest()
            if cache is None or key not in cache:
                seen[key] = entry_html(content.text, list_url, page_url, images, site_url, labels, count)
            else:
                seen[key] = cache[key]
            content.text = seen[key]
            sizes.append((post_url, len(content.text.encode("utf-8"))))
    latest_entry(tree.getroot())
    tree.write(path, encoding="utf-8", xml_declaration=True)
    if cache is not None:
        cache.clear()
        cache.update(seen)
    return sizes


def rewrite_feeds(app, exception):
    from ablog.blog import Blog
    from sphinx.util import logging

    if exception is not None or app.builder.format != "html":
        return
    blog = Blog(app)
    if not blog.blog_baseurl:
        return
    site_url = blog.blog_baseurl.rstrip("/") + "/"
    list_url = urljoin(site_url, app.builder.get_target_uri(blog.blog_path))
    images = {source: name for source, (_, name) in app.env.images.items()}
    checked = {urljoin(site_url, app.builder.get_target_uri(doc)): labels
               for doc, labels in getattr(app.env, "blog_checked_labels", {}).items()}
    counts = {urljoin(site_url, app.builder.get_target_uri(doc)): count
              for doc, count in getattr(app.env, "blog_formula_counts", {}).items()}
    record = Path(app.doctreedir) / "feed-entries.json"  # beside the environment, never published
    try:
        caches = json.loads(record.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        caches = {}  # a missing or damaged record only costs the time to rewrite every entry
    for path in sorted(Path(app.outdir).glob(f"{blog.blog_path}/**/*.xml")):
        if path.name.removesuffix(".xml") not in blog.blog_feed_templates:
            continue
        cache = caches.setdefault(path.relative_to(app.outdir).as_posix(), {})
        for url, size in rewrite_feed(path, site_url, list_url, images, cache, checked, counts):
            if size > MAX_ENTRY_BYTES:
                logging.getLogger(__name__).warning(
                    "the feed entry of %s is %d KB, over %d KB: a feed reader fetches all of it",
                    url, size // 1000, MAX_ENTRY_BYTES // 1000, type="blog", subtype="feed")
    record.write_text(json.dumps(caches), encoding="utf-8")


def setup(app):
    app.connect("build-finished", rewrite_feeds)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
