"""A post's MyST markdown as plain Jupyter markdown, for the notebook a reader downloads.

JupyterLab, Colab and VS Code render CommonMark with `$…$` math and some HTML; they know none
of MyST's roles and directives nor the site's KaTeX macros. This rewrites one markdown cell:

- the site's macros expanded (``\\V{x}`` → ``\\mathbf{x}``), in every formula;
- ``$$ … $$ (label)`` → ``$$ … \\tag{n} $$`` with the number the page shows; ``(label)=`` removed;
- roles: ``{glue:text}`` → the glued text, ``{footcite:t}``/``{footcite:p}`` → author–year text
  with a link, ``{ref}``/``{doc}``/``{eq}``/``{numref}`` and links to other pages → absolute
  links to the site, ``{math}`` → ``$…$``;
- directives: ``{dropdown}`` → ``<details>``, admonitions → a blockquote with a bold title,
  ``{figure}``/``{image}`` → an image from the site, ``{footbibliography}`` → the list of what
  the post cited, ``{math}`` → a display formula, code blocks → fenced code.

What it does not know is an error (`UnknownSyntax`), so a new construct in a post fails the
build instead of reaching readers raw. Everything the page resolved (glued values, equation
numbers, labels, titles, URLs, references) comes from a `Site` object, so the conversion itself
needs no Sphinx.
"""

import re
from dataclasses import dataclass, field
from typing import Callable

from backprop.display import expand_latex_macros as expand_macros


class UnknownSyntax(ValueError):
    """A role or directive the exporter cannot write as plain markdown (an unbalanced macro
    argument raises ValueError from `expand_macros`)."""


@dataclass
class Site:
    """What the page knows that the markdown does not, for one post."""

    macros: dict  # KaTeX macros: r"\V" → r"\mathbf{#1}"
    glued: dict  # glue name → text shown on the page
    equation: Callable  # label → (number, absolute URL of the formula)
    reference: Callable  # label → (title or None, absolute URL)  for {ref} and {numref}
    document: Callable  # target as written in the post → (title, absolute URL)  {doc}
    link: Callable  # a relative link target as written in the post → absolute URL
    image: Callable  # an image path as written in the post → absolute URL
    cite: Callable  # (keys, "t" or "p") → markdown text with links
    bibliography: Callable  # keys → markdown list of references
    cited: list = field(default_factory=list)  # keys cited so far, in order


# -- Inline syntax ----------------------------------------------------------------------------

INLINE = re.compile(
    r"""
    (?P<role>\{(?P<rname>[A-Za-z][\w:+.-]*)\}(?P<rtick>`+)(?P<rbody>.+?)(?P=rtick))
  | (?P<code>(?P<tick>`+).+?(?P=tick))
  | (?P<dmath>\$\$(?P<dbody>.+?)\$\$(?:[ \t]*\((?P<dlabel>[^()\s]+)\))?)
  | (?P<imath>(?<![\\$])\$(?=\S)(?P<ibody>(?:\\.|[^$\\])+?)(?<=\S)\$(?!\d))
  | (?P<link>(?P<bang>!?)\[(?P<ltext>(?:[^\[\]]|\[[^\[\]]*\])*)\]\((?P<ltarget><[^>]*>|[^()\s]+)(?P<ltitle>\s+"[^"]*")?\))
    """,
    re.S | re.X,
)
EXPLICIT_TITLE = re.compile(r"^(?P<title>.+?)\s*<(?P<target>[^<>]+)>$", re.S)
SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def display_math(body, tag=None, site=None):
    tex = expand_macros(body.strip(), site.macros)
    if tag is not None:
        tex += rf" \tag{{{tag}}}"
    return f"$$\n{tex}\n$$"


def _role(name, body, site):
    if name in ("glue:text", "glue", "glue:any"):
        key, _, spec = body.partition(":")
        if key not in site.glued:
            raise UnknownSyntax(f"{{{name}}}`{body}`: nothing was glued under the name {key!r}")
        if spec:
            raise UnknownSyntax(f"{{{name}}}`{body}`: a format on a glued text cannot be applied")
        return site.glued[key]
    if name in ("footcite:t", "footcite:p", "cite:t", "cite:p", "footcite", "cite"):
        keys = [key.strip() for key in body.split(",") if key.strip()]
        for key in keys:
            if key not in site.cited:
                site.cited.append(key)
        return site.cite(keys, "t" if name.endswith(":t") else "p")
    if name in ("ref", "numref", "doc", "eq", "any"):
        explicit = EXPLICIT_TITLE.match(body)
        title, target = (explicit["title"], explicit["target"]) if explicit else (None, body)
        if name == "eq":
            number, url = site.equation(target.strip())
            return f"[{title or f'({number})'}]({url})"
        if name == "doc":
            page_title, url = site.document(target.strip())
        else:
            page_title, url = site.reference(target.strip())
        if not (title or page_title):
            raise UnknownSyntax(f"{{{name}}}`{body}` needs a title: its target has none")
        return f"[{_inline(title, site) if title else page_title}]({url})"
    if name == "math":
        return f"${expand_macros(body, site.macros)}$"
    if name in ("sub", "sup"):
        return f"<{name}>{_inline(body, site)}</{name}>"
    if name == "kbd":
        return f"<kbd>{body}</kbd>"
    if name in ("abbr", "term", "dfn"):
        explicit = EXPLICIT_TITLE.match(body)
        return explicit["title"] if explicit else body
    if name in ("code", "literal", "samp", "file", "command", "program"):
        return f"`{body}`"
    raise UnknownSyntax(f"the role {{{name}}} has no plain-markdown form (in {{{name}}}`{body}`)")


def _inline(text, site):
    def replace(match):
        if match["role"]:
            return _role(match["rname"], match["rbody"], site)
        if match["code"]:
            return match["code"]
        if match["dmath"]:
            tag = None
            if match["dlabel"]:
                tag = site.equation(match["dlabel"])[0]
            return display_math(match["dbody"], tag, site)
        if match["imath"]:
            return f"${expand_macros(match['ibody'], site.macros)}$"
        target = match["ltarget"].strip("<>")
        text = _inline(match["ltext"], site)
        if match["bang"]:
            url = target if SCHEME.match(target) else site.image(target)
        else:
            url = target if SCHEME.match(target) else site.link(target)
        return f"{match['bang']}[{text}]({url}{match['ltitle'] or ''})"

    return INLINE.sub(replace, text)


# -- Blocks ------------------------------------------------------------------------------------

FENCE = re.compile(r"^(?P<indent>[ ]{0,3})(?P<fence>`{3,}|:{3,})\s*(?:\{(?P<name>[\w:.-]+)\}\s*)?(?P<rest>.*)$")
TARGET = re.compile(r"^\s*\([^()\s]+\)=\s*$")
OPTION = re.compile(r"^:(?P<key>[\w-]+):(?:\s+(?P<value>.*))?$")
ADMONITIONS = {
    "note": "Note", "tip": "Tip", "hint": "Hint", "important": "Important",
    "warning": "Warning", "caution": "Caution", "attention": "Attention", "danger": "Danger",
    "error": "Error", "seealso": "See also", "admonition": None,
    "margin": None, "sidebar": None, "topic": None, "epigraph": None, "pull-quote": None,
}
CODE_BLOCKS = ("code-block", "code", "sourcecode", "literalinclude")


def _split_options(body_lines):
    """MyST directive options: `:key: value` lines (or a `---` YAML block) before the body."""
    options, lines = {}, list(body_lines)
    if lines and lines[0].strip() == "---":
        end = lines.index("---", 1) if "---" in lines[1:] else None
        if end is None:
            raise UnknownSyntax("a directive's option block (---) is never closed")
        for line in lines[1:end]:
            key, _, value = line.partition(":")
            options[key.strip()] = value.strip()
        return options, lines[end + 1:]
    while lines and OPTION.match(lines[0]):
        match = OPTION.match(lines.pop(0))
        options[match["key"]] = (match["value"] or "").strip()
    return options, lines


def _blockquote(title, body):
    lines = ([f"**{title}**", ""] if title else []) + body.splitlines()
    return "\n".join(f"> {line}".rstrip() for line in lines)


def _directive(name, argument, body_lines, site):
    options, lines = _split_options(body_lines)
    body = convert_markdown("\n".join(lines), site).strip()
    if name == "dropdown":
        summary = _inline(argument, site) if argument else "Details"
        opened = " open" if "open" in options else ""
        return f"<details{opened}>\n<summary>{summary}</summary>\n\n{body}\n\n</details>"
    if name in ADMONITIONS:
        title = _inline(argument, site) if argument else ADMONITIONS[name]
        return _blockquote(title, body)
    if name in ("figure", "image"):
        alt = options.get("alt", "")
        image = f"![{alt}]({site.image(argument.strip())})"
        return f"{image}\n\n*{body}*" if body and name == "figure" else image
    if name == "math":
        tag = site.equation(options["label"])[0] if options.get("label") else None
        return display_math("\n".join(lines), tag, site)
    if name in CODE_BLOCKS:
        return "```" + argument.strip() + "\n" + "\n".join(lines) + "\n```"
    if name in ("footbibliography", "bibliography"):
        return site.bibliography(list(site.cited)) if site.cited else ""
    if name in ("tab-set", "grid", "div", "container", "card-carousel"):
        return body
    if name in ("tab-item", "grid-item", "grid-item-card", "card"):
        title = _inline(argument, site) if argument else ""
        return (f"**{title}**\n\n" if title else "") + body
    if name in ("raw",) and argument.strip() == "html":
        return "\n".join(lines)
    if name in ("toctree", "postlist", "tags"):
        return ""
    raise UnknownSyntax(f"the directive {{{name}}} has no plain-markdown form")


def convert_markdown(text, site):
    """One MyST markdown cell as plain Jupyter markdown (see the module's docstring)."""
    lines, out, paragraph = text.split("\n"), [], []

    def flush():
        if paragraph:
            out.append(_inline("\n".join(paragraph), site))
            paragraph.clear()

    i = 0
    while i < len(lines):
        line = lines[i]
        fence = FENCE.match(line)
        in_math = "\n".join(paragraph).count("$$") % 2 == 1
        if fence and not in_math:
            char, length = fence["fence"][0], len(fence["fence"])
            close = re.compile(rf"^\s{{0,3}}{re.escape(char)}{{{length},}}\s*$")
            end = next((j for j in range(i + 1, len(lines)) if close.match(lines[j])), len(lines))
            if char == ":" and not fence["name"]:
                raise UnknownSyntax(f"a colon fence without a directive name: {line!r}")
            flush()
            if fence["name"]:
                out.append(_directive(fence["name"], fence["rest"], lines[i + 1:end], site))
            else:
                out.append("\n".join(lines[i:end + 1]))  # a code block: verbatim
            i = end + 1
            continue
        if not in_math and TARGET.match(line):
            i += 1
            continue
        if not in_math and line.startswith("%"):  # a MyST comment
            i += 1
            continue
        if not line.strip() and not in_math:
            flush()
            out.append("")
        else:
            paragraph.append(line)
        i += 1
    flush()
    return re.sub(r"\n{3,}", "\n\n", "\n".join(out)).strip("\n")
