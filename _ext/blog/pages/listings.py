"""Incremental builds are never stale: every page that lists posts follows the posts.

Sphinx rewrites only the pages whose source changed, but every page of the blog lists posts:
the index (ABlog's postlist with excerpts) and, in its sidebar, every page ("Recent Posts",
tags, categories, archives). So after a post is added, removed, renamed, re-dated, retitled or
re-tagged, or its excerpt changes, the other pages kept the old list until `make clean`.

Here the posts' listed facts (title, dates, tags, category, author, excerpt) are compared with
those of the previous build (kept in the blog domain's data); when they differ, every page is
written again (`env-get-updated`): pages are re-rendered from their stored doctrees, nothing is
re-read or re-executed. ABlog's own pages (blog.html, tag, category and archive pages, the Atom
feed) are generated from the posts on every build already.

sphinx-sitemap lists only the pages written in the current build (it collects them in
`html-page-context`), so a rebuild that wrote three pages published a sitemap of three pages:
the pages not written this time are added to its list before it writes the file, and the list
is sorted, so the sitemap does not depend on which pages a build wrote.
"""

from __future__ import annotations

import sphinx_sitemap

LISTING_KEY = "listing"  # in the blog domain's data: the listed facts of the previous build


def listed_facts(env) -> list:
    facts = []
    for docname, posts in sorted(getattr(env, "ablog_posts", {}).items()):
        for post in posts:
            excerpt = " ".join(node.astext() for node in post.get("excerpt") or [])
            facts.append([docname, str(post.get("title")), str(post.get("date")), str(post.get("update")),
                          sorted(map(str, post.get("tags") or [])),
                          sorted(map(str, post.get("category") or [])),
                          sorted(map(str, post.get("author") or [])), excerpt,
                          bool(post.get("draft"))])
    return facts


def pages_listing_posts(app, env):
    data = env.get_domain("blog").data
    now = listed_facts(env)
    if data.get(LISTING_KEY) == now:
        return []
    data[LISTING_KEY] = now
    return sorted(env.found_docs)


def note_written(app, pagename, templatename, context, doctree):
    app._blog_written.add(pagename)


def reset_written(app):
    app._blog_written = set()


def complete_sitemap(app, exception):
    if exception is not None or app.builder.format != "html" or not hasattr(app, "sitemap_links"):
        return
    for docname in sorted(app.env.found_docs - app._blog_written):
        sphinx_sitemap.add_html_link(app, docname, None, {}, None)
    # In one order whichever pages this build wrote: a rebuild's sitemap is the clean build's.
    links = []
    while not app.sitemap_links.empty():
        links.append(app.sitemap_links.get_nowait())
    for link in sorted(links):
        app.sitemap_links.put(link)


def setup(app):
    app.setup_extension("sphinx_sitemap")
    app.connect("builder-inited", reset_written)
    app.connect("env-get-updated", pages_listing_posts)
    app.connect("html-page-context", note_written)
    app.connect("build-finished", complete_sitemap, priority=400)  # before sphinx-sitemap's (500)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
