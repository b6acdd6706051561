"""The front page as a blog's: the posts as cards in reading order, and a sidebar of series.

```{postcards}``` in a page becomes a "Start here" link to the first post, then one card per
published post in reading order (a series is read from its Part 1: oldest first), the newest
one marked "New": its series and part, title, date, reading time, description and tags. Everything on a card comes from what
the rest of the site already knows about the post: ABlog's record (title, date, tags), the
front matter (`description`, `series`), the reading time counted by post_header and the
series order of post_context. Nothing about a post is written twice.

The sidebar template `blog-series.html` lists each series with its parts in order; pages that
are not posts lose the theme's download menu (there is no notebook to download).
"""

from html import escape

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from .post_context import series_of
from .post_header import collection_links, reading_time_of


class post_cards(nodes.General, nodes.Element):
    """Where the cards go; replaced by their HTML once every post has been read."""


class PostCardsDirective(SphinxDirective):
    has_content = False

    def run(self):
        pages = self.env.blog_postcard_pages = getattr(self.env, "blog_postcard_pages", set())
        pages.add(self.env.docname)
        return [post_cards()]


def published_posts(app):
    from ablog.blog import Blog
    from ablog.post import register_posts

    blog = Blog(app)
    if not blog:
        # A build that reads no post (nothing changed) finds ABlog's list empty until ABlog fills
        # it, and ABlog's list remembers its first iteration: fill it first, as ABlog would.
        register_posts(app)
    return sorted((post for post in blog.posts if post.published), key=lambda p: p.date, reverse=True)


def card_html(app, post, link, newest: bool = False) -> str:
    """One post's card; `link(docname)` is the URL of a page relative to the card's page;
    `newest` marks the most recent post."""
    from ablog.blog import Blog

    metadata = app.env.metadata.get(post.docname, {})
    series = series_of(app, Blog(app), post.docname)
    date_format = app.config.post_date_format
    html = ['<article class="post-card">']
    if series:
        html.append(f'<p class="post-card__series">{escape(series["name"])} · '
                    f'Part {series["part"]} of {series["total"]}</p>')
    html.append(f'<h2 class="post-card__title"><a href="{link(post.docname)}">{escape(post.title)}</a></h2>')
    facts = [f'<time datetime="{post.date:%Y-%m-%d}">{post.date.strftime(date_format)}</time>']
    if newest:
        facts.insert(0, '<span class="post-card__new">New</span>')
    minutes = reading_time_of(app.env, post.docname)
    if minutes:
        facts.append(f"{minutes} min read")
    separator = '<span class="post-card__sep" aria-hidden="true"> · </span>'
    html.append(f'<p class="post-card__facts">{separator.join(facts)}</p>')
    description = metadata.get("description") or "".join(p.astext() for p in post.excerpt)
    if description:
        html.append(f'<p class="post-card__description">{escape(description)}</p>')
    if post.tags:
        items = "".join(f"<li>{a}</li>" for a in collection_links(post.tags, link))
        html.append(f'<ul class="post-card__tags" aria-label="Tags">{items}</ul>')
    html.append("</article>")
    return "\n".join(html)


def fill_post_cards(app, doctree, docname):
    from ablog.blog import Blog

    if not list(doctree.findall(post_cards)):
        return

    def link(target):
        return app.builder.get_relative_uri(docname, target)

    posts = published_posts(app)  # newest first
    reading_order = list(reversed(posts))
    cards = "\n".join(card_html(app, post, link, newest=len(posts) > 1 and post is posts[0])
                      for post in reading_order)
    start = ""
    if reading_order:
        first = reading_order[0]
        series = series_of(app, Blog(app), first.docname)
        part = f"Part {series['part']} · " if series else ""
        start = (f'<p class="start-here"><a href="{link(first.docname)}"><span class="start-here__label">'
                 f'Start here</span> {escape(part)}{escape(first.title)}</a></p>\n')
    for node in list(doctree.findall(post_cards)):
        node.replace_self(nodes.raw("", f'{start}<div class="post-cards">\n{cards}\n</div>', format="html"))


def all_series(app) -> list[dict]:
    """Every series, in the order of its first post, with its posts in order."""
    series = {}
    for post in sorted(published_posts(app), key=lambda p: p.date):
        name = app.env.metadata.get(post.docname, {}).get("series")
        if name:
            series.setdefault(name, []).append(post)
    return [{"name": name, "posts": [{"docname": p.docname, "title": p.title} for p in posts]}
            for name, posts in series.items()]


def add_sidebar_context(app, pagename, templatename, context, doctree):
    context["blog_series"] = all_series(app)


def drop_download_menu_off_posts(app, pagename, templatename, context, doctree):
    """The download menu offers a post's notebook and source; other pages have nothing to offer."""
    from ablog.blog import Blog

    if pagename in Blog(app) or "header_buttons" not in context:
        return
    context["header_buttons"] = [b for b in context["header_buttons"] if b.get("label") != "download-buttons"]


def refresh_card_pages(app, env, added, changed, removed):
    """A page with cards shows every post: re-read it when any other page changes (Sphinx
    otherwise rewrites it only when its own source changes)."""
    pages = getattr(env, "blog_postcard_pages", set())
    if (added | changed | removed) - pages:
        return sorted(pages & set(env.found_docs))
    return []


def purge_card_page(app, env, docname):
    getattr(env, "blog_postcard_pages", set()).discard(docname)


def merge_card_pages(app, env, docnames, other):
    env.blog_postcard_pages = getattr(env, "blog_postcard_pages", set()) | (
        getattr(other, "blog_postcard_pages", set()) & set(docnames))


def setup(app):
    app.add_node(post_cards)
    app.add_directive("postcards", PostCardsDirective)
    app.connect("doctree-resolved", fill_post_cards)
    app.connect("env-get-outdated", refresh_card_pages)
    app.connect("env-purge-doc", purge_card_page)
    app.connect("env-merge-info", merge_card_pages)
    app.connect("html-page-context", add_sidebar_context)
    # After sphinx-book-theme has made its header buttons (priority 501).
    app.connect("html-page-context", drop_download_menu_off_posts, priority=502)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
