"""A small header under each post's title: its one-sentence hook (the front matter's
`description`), date, author, reading time and tags.

ABlog shows a post's date, author and tags only in the sidebar (its postcard), which a phone
hides behind the menu. This header puts them under the title on every screen, from ABlog's own
record of the post, so the sidebar no longer needs the postcard.

Everything under a post's title is a doctree node placed while the post is read: this header
(`post_meta`, filled in from ABlog's record when the page is written) and the count of checked
formulas below it (checked_formulas.py). Only the post's own page shows the header (not the
feed's copy of the post).

The reading time counts the words a reader sees: prose, headings, captions and the code and
output of cells that are not folded away; a formula counts as one word inline and ten words
displayed (a reader spends seconds on it whatever its source length). 200 words a minute,
rounded up. The number is also kept in the environment (`reading_time_of`), so the front
page's card (front_page.py) shows the same number as the header.
"""

import math
from html import escape

from docutils import nodes

from ..judge.front_matter import is_post
from ..judge.visibility import visible_words

WORDS_PER_MINUTE = 200


def reading_minutes(doctree) -> int:
    return max(1, math.ceil(visible_words(doctree) / WORDS_PER_MINUTE))


def collection_links(collections, pathto) -> list[str]:
    return [f'<a href="{pathto(c.docname)}">{escape(str(c))}</a>' if len(c) else escape(str(c))
            for c in collections]


class post_meta(nodes.General, nodes.Element):
    """Under a post's title: ``docname`` and ``minutes`` (reading time), the rest from ABlog."""


def header_html(config, post, minutes, pathto, hook: str = "") -> str:
    """`hook`: the post's one-sentence description, shown first, as a lead."""
    date_format = config.post_date_format
    facts = [f'<time datetime="{post.date:%Y-%m-%d}">{post.date.strftime(date_format)}</time>']
    if post.update and post.update != post.date:
        facts.append(f'updated <time datetime="{post.update:%Y-%m-%d}">{post.update.strftime(date_format)}</time>')
    if post.author:
        facts.append("by " + ", ".join(collection_links(post.author, pathto)))
    facts.append(f"{minutes} min read")
    separator = '<span class="post-meta__sep" aria-hidden="true"> · </span>'
    html = ['<div class="post-meta">']
    if hook:
        html.append(f'<p class="post-meta__hook">{escape(hook)}</p>')
    html.append(f'<p class="post-meta__facts">{separator.join(facts)}</p>')
    if post.tags:
        items = "".join(f"<li>{link}</li>" for link in collection_links(post.tags, pathto))
        html.append(f'<ul class="post-meta__tags" aria-label="Tags">{items}</ul>')
    html.append("</div>")
    return "\n".join(html)


def add_header(app, doctree):
    docname = app.env.docname
    if not is_post(app, docname):
        return
    title = next(iter(doctree.findall(nodes.title)), None)
    if title is not None:
        header = post_meta(docname=docname, minutes=reading_minutes(doctree))
        title.parent.insert(title.parent.index(title) + 1, header)
        app.env.blog_reading_minutes = getattr(app.env, "blog_reading_minutes", {})
        app.env.blog_reading_minutes[docname] = header["minutes"]


def reading_time_of(env, docname) -> int | None:
    """A post's reading time in minutes, as its header shows it."""
    return getattr(env, "blog_reading_minutes", {}).get(docname)


def purge_reading_time(app, env, docname):
    getattr(env, "blog_reading_minutes", {}).pop(docname, None)


def merge_reading_time(app, env, docnames, other):
    env.blog_reading_minutes = getattr(env, "blog_reading_minutes", {})
    env.blog_reading_minutes.update({d: m for d, m in getattr(other, "blog_reading_minutes", {}).items()
                                     if d in docnames})


def visit_post_meta(self, node):
    from ablog.blog import Blog  # ablog registers its builder support on setup

    builder = self.builder
    docname = node["docname"]
    app = getattr(builder, "_app", None) or builder.app
    blog = Blog(app)
    if docname == getattr(builder, "current_docname", None) and docname in blog and blog[docname].date:
        pathto = lambda target: builder.get_relative_uri(docname, target)  # noqa: E731
        hook = builder.env.metadata.get(docname, {}).get("description", "")
        self.body.append(header_html(builder.config, blog[docname], node["minutes"], pathto, hook) + "\n")
    raise nodes.SkipNode


def skip(self, node):
    raise nodes.SkipNode


def setup(app):
    app.setup_extension("ablog")
    app.add_node(post_meta, html=(visit_post_meta, None), latex=(skip, None), text=(skip, None))
    # After checked_formulas.py has folded the checking cells (they count as hidden).
    app.connect("doctree-read", add_header, priority=650)
    app.connect("env-purge-doc", purge_reading_time)
    app.connect("env-merge-info", merge_reading_time)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
