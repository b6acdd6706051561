"""What a post's templates need beyond ABlog's: its place in a series and how to cite it.

A post joins a series with `series: <name>` in its front matter; the series is ordered by date.
`_templates/series-nav.html` shows "Part k of n" with the neighbours' titles, and
`_templates/cite-this-post.html` a BibTeX entry built from the front matter and `site_url`;
`_templates/post-tags.html` the post's tags at its end.
"""

import re
from html import escape

from ablog.blog import Blog


def series_of(app, blog, docname):
    metadata = app.env.metadata
    name = metadata.get(docname, {}).get("series")
    if not name:
        return None
    members = sorted(post for post in blog.posts if metadata.get(post.docname, {}).get("series") == name)
    index = [post.docname for post in members].index(docname)
    return {"name": name, "part": index + 1, "total": len(members),
            "prev": members[index - 1] if index else None,
            "next": members[index + 1] if index + 1 < len(members) else None}


def bibtex_name(full_name: str) -> str:
    """ "Kai Nakamura" -> "Nakamura, Kai" (BibTeX's family-first form)."""
    *given, family = full_name.split()
    return f"{family}, {' '.join(given)}" if given else family


LEADING_ARTICLES = {"the", "a", "an"}


def key_word(title: str) -> str:
    """The word of a title that goes into a BibTeX key, as Google Scholar and the ACM choose it:
    the first word that is not a leading article, in lower case and ASCII letters and digits.

    >>> key_word("The Slope of tanh"), key_word("A Matrix: Calculus"), key_word("Tensor Jacobians")
    ('slope', 'matrix', 'tensor')
    """
    words = [re.sub(r"[^a-z0-9]", "", word.lower()) for word in title.split()]
    words = [word for word in words if word]
    while len(words) > 1 and words[0] in LEADING_ARTICLES:
        words.pop(0)
    return words[0] if words else "post"


def breakable_url(url: str) -> str:
    """`url` as HTML that a narrow screen may break after "//" or a slash, or before a dot, and
    nowhere else (not at a hyphen, not inside a word): each piece between those points is kept
    whole.

    >>> breakable_url("https://a-b.org/x.html")
    '<span class="url-piece">https://</span><wbr><span class="url-piece">a-b</span><wbr><span class="url-piece">.org/</span><wbr><span class="url-piece">x</span><wbr><span class="url-piece">.html</span>'
    """
    pieces = [piece for piece in re.split(r"(?<=/)(?!/)|(?=\.)", url) if piece]
    return "<wbr>".join(f'<span class="url-piece">{escape(piece)}</span>' for piece in pieces)


def citation(app, post):
    authors = [app.config.blog_authors.get(str(a), (str(a), None))[0] for a in post.author]
    first_word = key_word(post.title)
    url = app.config.blog_baseurl.rstrip("/") + "/" + app.builder.get_target_uri(post.docname)
    family = re.sub(r"[^a-z]", "", authors[0].split()[-1].lower()) if authors else "anon"
    return {
        "key": f"{family}{post.date.year}{first_word}",
        "author": " and ".join(bibtex_name(a) for a in authors),
        "title": post.title,
        "year": post.date.year,
        "month": post.date.strftime("%b").lower(),
        "site": app.config.blog_title,
        "url": url,
        "url_html": breakable_url(url),
    }


def add_post_context(app, pagename, templatename, context, doctree):
    blog = Blog(app)
    if pagename not in blog or not blog[pagename].published:
        return
    post = blog[pagename]
    context["series"] = series_of(app, blog, pagename)
    context["citation"] = citation(app, post)
    # The tags again at the post's end (_templates/post-tags.html): a phone's header leaves them out.
    context["post_tags"] = [(str(tag), app.builder.get_relative_uri(pagename, tag.docname))
                            for tag in post.tags if len(tag)]


def setup(app):
    # Before pydata-sphinx-theme (priority 500) renders the footer items and drops empty ones.
    app.connect("html-page-context", add_post_context, priority=450)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
