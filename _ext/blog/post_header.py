"""A small header under each post's title: date, author, reading time and tags.

ABlog shows a post's date, author and tags only in the sidebar (its postcard), which a phone
hides behind the menu. This header puts them under the title on every screen, from ABlog's own
record of the post, so the sidebar no longer needs the postcard.

The reading time counts the words a reader sees: prose, headings, captions and the code and
output of cells that are not folded away; a formula counts as one word inline and ten words
displayed (a reader spends seconds on it whatever its source length). 200 words a minute,
rounded up.
"""

import math
from html import escape

from docutils import nodes

WORDS_PER_MINUTE = 200
WORDS_PER_DISPLAY_FORMULA = 10


def hidden(node) -> bool:
    """Whether `node` sits in the folded part of a notebook cell (shown only on a click)."""
    part = None  # "input" or "output": which part of a cell `node` is in
    for parent in _ancestors(node.parent, None):
        element = parent.get("nb_element")
        if element == "cell_code_source":
            part = "input"
        elif element == "cell_code_output":
            part = "output"
        mode = parent.get("hide_mode")
        if mode in ("all", "input+output") or (mode and mode == part):
            return True
    return False


def _ancestors(node, stop):
    while node is not None and node is not stop:
        yield node
        node = node.parent


def visible_words(doctree) -> int:
    words = 0
    for node in doctree.findall(lambda n: isinstance(n, (nodes.Text, nodes.math, nodes.math_block))):
        if hidden(node):
            continue
        if isinstance(node, nodes.math_block):
            words += WORDS_PER_DISPLAY_FORMULA
        elif isinstance(node, nodes.math):
            words += 1
        elif not any(isinstance(p, (nodes.math, nodes.math_block, nodes.raw, nodes.comment))
                     for p in _ancestors(node.parent, None)):
            words += len(node.astext().split())
    return words


def reading_minutes(doctree) -> int:
    return max(1, math.ceil(visible_words(doctree) / WORDS_PER_MINUTE))


def collection_links(collections, pathto) -> list[str]:
    return [f'<a href="{pathto(c.docname)}">{escape(str(c))}</a>' if len(c) else escape(str(c))
            for c in collections]


def header_html(app, post, doctree, pathto) -> str:
    date_format = app.config.post_date_format
    facts = [f'<time datetime="{post.date:%Y-%m-%d}">{post.date.strftime(date_format)}</time>']
    if post.update and post.update != post.date:
        facts.append(f'updated <time datetime="{post.update:%Y-%m-%d}">{post.update.strftime(date_format)}</time>')
    if post.author:
        facts.append("by " + ", ".join(collection_links(post.author, pathto)))
    facts.append(f"{reading_minutes(doctree)} min read")
    separator = '<span class="post-meta__sep" aria-hidden="true"> · </span>'
    html = ['<div class="post-meta">', f'<p class="post-meta__facts">{separator.join(facts)}</p>']
    if post.tags:
        items = "".join(f"<li>{link}</li>" for link in collection_links(post.tags, pathto))
        html.append(f'<ul class="post-meta__tags" aria-label="Tags">{items}</ul>')
    html.append("</div>")
    return "\n".join(html)


def add_post_header(app, pagename, templatename, context, doctree):
    from ablog.blog import Blog  # ablog registers its builder support on setup

    if doctree is None or "body" not in context:
        return
    blog = Blog(app)
    if pagename not in blog:
        return
    post = blog[pagename]
    if not post.date:
        return
    body = context["body"]
    at = body.find("</h1>")
    if at < 0:
        return
    at += len("</h1>")
    context["body"] = body[:at] + "\n" + header_html(app, post, doctree, context["pathto"]) + body[at:]


def setup(app):
    app.setup_extension("ablog")
    app.connect("html-page-context", add_post_header)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
