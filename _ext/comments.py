"""giscus comments under each post, configured once by the `giscus` dict in conf.py.

Nothing at all is written unless repo, repo_id and category_id are set. The thread is mapped
by the page's path, so post files must keep their names.
"""

from html import escape

REQUIRED = ("repo", "repo_id", "category", "category_id")


def giscus_attributes(config) -> str:
    settings = config.giscus or {}
    if not all(settings.get(key) for key in REQUIRED):
        return ""
    attributes = {
        "data-repo": settings["repo"],
        "data-repo-id": settings["repo_id"],
        "data-category": settings["category"],
        "data-category-id": settings["category_id"],
        "data-mapping": "pathname",
        "data-strict": "1",
        "data-reactions-enabled": "1",
        "data-emit-metadata": "0",
        "data-input-position": "bottom",
        "data-lang": settings.get("lang", "en"),
        "data-loading": "lazy",
    }
    return " ".join(f'{name}="{escape(value)}"' for name, value in attributes.items())


def add_comments_to_posts(app, pagename, templatename, context, doctree):
    is_post = pagename.startswith("posts/")
    context["giscus_attributes"] = giscus_attributes(app.config) if is_post else ""


def setup(app):
    app.add_config_value("giscus", {}, "html", dict)
    app.connect("html-page-context", add_comments_to_posts)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
