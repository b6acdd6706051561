"""A post's `description` front matter becomes its description everywhere it is shared.

sphinxext-opengraph would otherwise take the page's first text, which in a post may begin with
a formula's LaTeX source; a page-level `og:description` is what it reads instead.
"""

from html import escape


def use_front_matter_description(app, pagename, templatename, context, doctree):
    meta = context.get("meta") or {}
    description = meta.get("description")
    if description:
        meta.setdefault("og:description", description)
        context["metatags"] = (
            context.get("metatags", "")
            + f'<meta name="description" content="{escape(description)}" />\n'
        )


def setup(app):
    # Before sphinxext-opengraph (default priority 500) reads the page's fields.
    app.connect("html-page-context", use_front_matter_description, priority=450)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
