"""ABlog's rendered excerpts and full texts, kept from one build to the next.

ABlog writes its collection pages (blog.html, each tag, category, year, author) and the Atom
feed on every build, rendering each post's excerpt once per listing page and its full text for
the feed (`Post.to_html`: a deep copy of the doctree, references resolved, the HTML writer
run). On a no-change rebuild that was most of the time, and it grew with every post (about a
second per post on these machines). The result depends on the post's doctree, the page it is
rendered for, and the titles and labels of the other pages its references resolve to, all of
which come from the environment: so the cache is keyed on the call's arguments and on a
fingerprint of the environment (every page's read time, the configuration's hash), and an
entry is used only while nothing has been read again. One page re-read empties it.

This is the only patch of ABlog's rendering (see the table in `blog/__init__.py`); upstream
ABlog has no cache of its own (its `to_html` is called from the collection pages' template
context and the feed generator alike).
"""

from __future__ import annotations

import hashlib
import pickle
from pathlib import Path

RECORD = "ablog-html.pickle"


def fingerprint(app) -> str:
    env = app.env
    reads = sorted((docname, str(when)) for docname, when in env.all_docs.items())
    return hashlib.sha256(repr((reads, env.config_status, app.config.html_baseurl,
                                app.builder.name)).encode()).hexdigest()


class HtmlCache:
    def __init__(self, app):
        self.app = app
        self.path = Path(app.doctreedir) / RECORD
        self.key = None
        self.entries: dict = {}
        self.changed = False  # rewritten only when an entry was added: 8 MB at 16 posts

    def load(self) -> None:
        self.key = fingerprint(self.app)
        try:
            key, entries = pickle.loads(self.path.read_bytes())
        except (OSError, ValueError, EOFError, pickle.UnpicklingError, TypeError):
            key, entries = None, {}  # missing or damaged: only costs a render of each entry
        self.entries = entries if key == self.key else {}
        self.changed = key != self.key

    def save(self) -> None:
        if self.key is not None and self.changed:
            self.path.write_bytes(pickle.dumps((self.key, self.entries)))


def install(app) -> None:
    from ablog.blog import Post

    if app.builder.format == "html":
        app._blog_html_cache = HtmlCache(app)

    if getattr(Post.to_html, "_blog_cached", False):
        return
    render = Post.to_html

    def to_html(self, pagename, fulltext=False, drop_h1=True, img_url=False):
        cache = getattr(self._blog.app, "_blog_html_cache", None)
        if cache is None:
            return render(self, pagename, fulltext, drop_h1, img_url)
        if cache.key is None:  # the first call comes after reading, when the read times are final
            cache.load()
        key = (self.docname, self.section, pagename, bool(fulltext), drop_h1, bool(img_url))
        if key not in cache.entries:
            cache.entries[key] = render(self, pagename, fulltext, drop_h1, img_url)
            cache.changed = True
        return cache.entries[key]

    to_html._blog_cached = True
    Post.to_html = to_html


def save(app, exception):
    cache = getattr(app, "_blog_html_cache", None)
    if exception is None and cache is not None:
        cache.save()


def setup(app):
    app.connect("builder-inited", install)
    app.connect("build-finished", save)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
