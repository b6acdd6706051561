"""What every page's <head> carries beyond the theme: the Atom feed link, the description
and Twitter cards.

ABlog's own template would add the feed link only where it is used as the page template, which
sphinx-book-theme does not do, so it is added here for every page. The Twitter tags mirror the
og:title and og:description that sphinxext-opengraph wrote, so every sharing target shows the
post's own title and summary. A post's `description` front matter, when given, becomes its
description everywhere (the text sphinxext-opengraph would take from the page may start
with a formula's LaTeX source).
"""

from html import escape

import re

OG_TAG = re.compile(r'<meta property="og:(title|description)" content="([^"]*)"')


def use_front_matter_description(app, pagename, templatename, context, doctree):
    meta = context.get("meta") or {}
    description = meta.get("description")
    if description:
        meta.setdefault("og:description", description)
        context["metatags"] = (
            context.get("metatags", "")
            + f'<meta name="description" content="{escape(description)}" />\n'
        )


def add_feed_and_twitter_tags(app, pagename, templatename, context, doctree):
    metatags = context.get("metatags", "")
    feed = context["pathto"](f"{app.config.blog_path}/atom.xml", 1)
    tags = [
        f'<link rel="alternate" type="application/atom+xml" '
        f'title="{app.config.blog_title}" href="{feed}" />'
    ]
    found = dict(OG_TAG.findall(metatags))
    if found:
        tags.append('<meta name="twitter:card" content="summary" />')
        tags += [f'<meta name="twitter:{key}" content="{value}" />' for key, value in found.items()]
    context["metatags"] = metatags + "\n".join(tags) + "\n"


def setup(app):
    # Before sphinxext-opengraph (default priority 500) reads the page's fields.
    app.connect("html-page-context", use_front_matter_description, priority=450)
    # After sphinxext-opengraph (default priority 500) has written its tags.
    app.connect("html-page-context", add_feed_and_twitter_tags, priority=600)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
