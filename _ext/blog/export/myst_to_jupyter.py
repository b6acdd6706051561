"""A post's MyST markdown as plain Jupyter markdown, for the notebook a reader downloads.

JupyterLab, Colab and VS Code render CommonMark with `$…$` math and some HTML; they know none
of MyST's roles and directives nor the site's KaTeX macros. A markdown cell is parsed by
myst-parser's own markdown-it parser (the one that read the post for the page) and written
back as markdown, token by token:

- the site's macros expanded (``\\V{x}`` → ``\\mathbf{x}``), in every formula;
- ``$$ … $$ (label)`` → ``$$ … \\tag{n} $$`` with the number the page shows; ``(label)=`` and
  ``%`` comments removed;
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

import functools
import re
import textwrap
from dataclasses import dataclass, field
from typing import Callable

from docutils.parsers.rst import Directive
from markdown_it.renderer import RendererHTML
from markdown_it.tree import SyntaxTreeNode
from myst_parser.config.main import MdParserConfig
from myst_parser.parsers.directives import parse_directive_text
from myst_parser.parsers.mdit import create_md_parser

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
    extensions: tuple = ("amsmath", "colon_fence", "dollarmath")  # conf.py's myst_enable_extensions
    cited: list = field(default_factory=list)  # keys cited so far, in order


@functools.cache
def parser(extensions: tuple):
    md = create_md_parser(MdParserConfig(enable_extensions=set(extensions)), RendererHTML)
    # Keep backslash escapes and entities as tokens of their own, so they are written back as
    # the author wrote them (joined into the text, `\*` would come back as an emphasis mark).
    return md.disable("text_join")


# -- Inline syntax ----------------------------------------------------------------------------

EXPLICIT_TITLE = re.compile(r"^(?P<title>.+?)\s*<(?P<target>[^<>]+)>$", re.S)
SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def display_math(body, tag=None, site=None):
    # Dedented: inside a list item the formula's lines carry the item's indentation, added again
    # when the item is written.
    tex = expand_macros(textwrap.dedent(body).strip(), site.macros)
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
        return f"[{_inline_text(title, site) if title else page_title}]({url})"
    if name == "math":
        return f"${expand_macros(body, site.macros)}$"
    if name in ("sub", "sup"):
        return f"<{name}>{_inline_text(body, site)}</{name}>"
    if name == "kbd":
        return f"<kbd>{body}</kbd>"
    if name in ("abbr", "term", "dfn"):
        explicit = EXPLICIT_TITLE.match(body)
        return explicit["title"] if explicit else body
    if name in ("code", "literal", "samp", "file", "command", "program"):
        return f"`{body}`"
    raise UnknownSyntax(f"the role {{{name}}} has no plain-markdown form (in {{{name}}}`{body}`)")


def _inline_text(text, site):
    """A role's title or a directive's argument: inline MyST, as plain markdown."""
    return _inline(SyntaxTreeNode(parser(site.extensions).parseInline(text)).children[0].children, site)


def _inline(nodes, site):
    return "".join(_inline_node(node, site) for node in nodes)


def _inline_node(node, site):
    kind = node.type
    if kind in ("text", "html_inline"):
        return node.content
    if kind == "text_special":  # a backslash escape or an entity, as written
        return node.markup
    if kind in ("softbreak", "hardbreak"):
        return "\n" if kind == "softbreak" else "\\\n"
    if kind == "code_inline":  # markdown-it dropped the spaces that set off a backtick inside
        pad = " " if node.content[:1] == "`" or node.content[-1:] == "`" else ""
        return f"{node.markup}{pad}{node.content}{pad}{node.markup}"
    if kind in ("em", "strong"):
        return f"{node.markup}{_inline(node.children, site)}{node.markup}"
    if kind == "math_inline":
        return f"${expand_macros(node.content, site.macros)}$"
    if kind == "math_inline_double":
        return display_math(node.content, None, site)
    if kind == "myst_role":
        return _role(node.meta["name"], node.content, site)
    if kind in ("link", "image"):
        target = node.attrs["href" if kind == "link" else "src"]
        if node.markup == "autolink":
            return f"<{target}>"
        url = target if SCHEME.match(target) else (site.link if kind == "link" else site.image)(target)
        title = f' "{node.attrs["title"]}"' if node.attrs.get("title") else ""
        return f"{'!' * (kind == 'image')}[{_inline(node.children, site)}]({url}{title})"
    raise UnknownSyntax(f"{node.type} ({node.markup or node.content!r}) has no plain-markdown form")


# -- Blocks ------------------------------------------------------------------------------------

DIRECTIVE = re.compile(r"^\{(?P<name>[\w:.-]+)\}\s*(?P<argument>.*)$")
ADMONITIONS = {
    "note": "Note", "tip": "Tip", "hint": "Hint", "important": "Important",
    "warning": "Warning", "caution": "Caution", "attention": "Attention", "danger": "Danger",
    "error": "Error", "seealso": "See also", "admonition": None,
    "margin": None, "sidebar": None, "topic": None, "epigraph": None, "pull-quote": None,
}
CODE_BLOCKS = ("code-block", "code", "sourcecode", "literalinclude")


class AnyDirective(Directive):
    """A directive that takes anything, for myst-parser to split a directive's text the way the
    page read it: its argument, its options (`:key: value` lines or a `---` block) and its body."""

    optional_arguments, final_argument_whitespace, has_content = 1, True, True
    option_spec = {"any": None}  # not empty: options are looked for, and read as plain YAML


def _blockquote(title, body):
    lines = ([f"**{title}**", ""] if title else []) + body.splitlines()
    return "\n".join(f"> {line}".rstrip() for line in lines)


def _directive(name, argument, content, site):
    parsed = parse_directive_text(AnyDirective, argument, content, validate_options=False)
    if parsed.warnings:
        raise UnknownSyntax(f"the directive {{{name}}}: {parsed.warnings[0].msg}")
    options, lines = parsed.options, parsed.body
    body = convert_markdown("\n".join(lines), site).strip()
    if name == "dropdown":
        summary = _inline_text(argument, site) if argument else "Details"
        opened = " open" if "open" in options else ""
        return f"<details{opened}>\n<summary>{summary}</summary>\n\n{body}\n\n</details>"
    if name in ADMONITIONS:
        title = _inline_text(argument, site) if argument else ADMONITIONS[name]
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
        title = _inline_text(argument, site) if argument else ""
        return (f"**{title}**\n\n" if title else "") + body
    if name in ("raw",) and argument.strip() == "html":
        return "\n".join(lines)
    if name in ("toctree", "postlist", "tags"):
        return ""
    raise UnknownSyntax(f"the directive {{{name}}} has no plain-markdown form")


def _list(node, site):
    paragraphs = [block for item in node.children for block in item.children if block.type == "paragraph"]
    separator = "\n" if all(paragraph.hidden for paragraph in paragraphs) else "\n\n"  # tight or loose
    items = []
    for item in node.children:
        marker = f"{item.info}{item.markup}" if node.type == "ordered_list" else item.markup
        lines = _blocks(item.children, site, separator).split("\n")
        items.append("\n".join([f"{marker} {lines[0]}"] + [" " * (len(marker) + 1) * bool(line) + line
                                                             for line in lines[1:]]))
    return separator.join(items)


def _table(node, site):
    rows = [row for part in node.children for row in part.children]
    align = {"text-align:left": ":--", "text-align:right": "--:", "text-align:center": ":-:"}
    lines = ["| " + " | ".join(_inline(cell.children[0].children, site) if cell.children else ""
                               for cell in row.children) + " |" for row in rows]
    rule = "|" + "|".join(align.get(cell.attrs.get("style"), "---") for cell in rows[0].children) + "|"
    return "\n".join([lines[0], rule, *lines[1:]])


def _block(node, site):
    kind = node.type
    if kind in ("paragraph", "heading"):
        text = _inline(node.children[0].children, site)
        return f"{'#' * int(node.tag[1])} {text}" if kind == "heading" else text
    if kind in ("bullet_list", "ordered_list"):
        return _list(node, site)
    if kind == "blockquote":
        return _blockquote(None, _blocks(node.children, site))
    if kind in ("fence", "colon_fence"):
        directive = DIRECTIVE.match(node.info.strip())
        if directive:
            return _directive(directive["name"], directive["argument"], node.content, site)
        if kind == "colon_fence":
            raise UnknownSyntax(f"a colon fence without a directive name: {node.markup}{node.info}")
        return f"{node.markup}{node.info}\n{node.content}{node.markup}"  # a code block: verbatim
    if kind == "code_block":
        return "\n".join(f"    {line}" if line else line for line in node.content.rstrip("\n").split("\n"))
    if kind in ("math_block", "math_block_label", "amsmath"):
        tag = site.equation(node.info)[0] if kind == "math_block_label" else None
        return display_math(node.content, tag, site)
    if kind in ("myst_target", "myst_line_comment", "myst_block_break"):
        return ""  # the page's anchors and the author's notes; nothing a reader sees
    if kind == "html_block":
        return node.content.rstrip("\n")
    if kind == "hr":
        return node.markup
    if kind == "table":
        return _table(node, site)
    raise UnknownSyntax(f"{kind} ({node.markup}) has no plain-markdown form")


def _blocks(nodes, site, separator="\n\n"):
    return separator.join(text for text in (_block(node, site) for node in nodes) if text)


def convert_markdown(text, site):
    """One MyST markdown cell as plain Jupyter markdown (see the module's docstring)."""
    tree = SyntaxTreeNode(parser(site.extensions).parse(text))
    return _blocks(tree.children, site).strip("\n")
