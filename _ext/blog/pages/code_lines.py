"""Code that fits the column: each line of highlighted code in its own span, so CSS can wrap
a long line with a hanging indent instead of making the reader scroll sideways.

Pygments hands its formatter's `wrap()` the highlighted source line by line, each line complete
HTML (a token spanning lines is split at the line break). Each line becomes
`<span class="line" style="--indent: Nch">…</span>`, N being the line's own indentation, and
`_static/reading.css` wraps it so that a continuation starts one step further in than the line
itself: Python's indentation stays readable. A line may wrap at its spaces and after an operator
or a punctuation token (a `<wbr>` after each), never inside a name unless a name alone is wider
than the column. The text of the block (what the copy button
copies, what a screen reader reads) is unchanged. A printed line starting with "✓ " (the one-line
result of a proof cell) is marked `check-result`: a sentence, which wraps even in printed output.
"""

import re
from html import unescape

from pygments.formatters import HtmlFormatter

TAG = re.compile(r"<[^>]*>")
# Pygments' operator and punctuation tokens ("." "(" "," "=" ...): a long line may wrap after
# one of them, as a programmer would break it, and not inside a name (bp.numerical_jacobia/n).
BREAK_AFTER = re.compile(r'(<span class="(?:o|p|ow)">[^<]*</span>)')


def indentation(line_html: str) -> int:
    text = unescape(TAG.sub("", line_html))
    return len(text) - len(text.lstrip(" "))


class LineSpanFormatter(HtmlFormatter):
    def wrap(self, source):
        return super().wrap(self._line_spans(source))

    @staticmethod
    def _line_spans(source):
        for is_line, html in source:
            if is_line:
                # A proof cell's printed result (bp.check_close / bp.check) is a sentence: it may wrap.
                kind = "line check-result" if unescape(TAG.sub("", html)).startswith("✓ ") else "line"
                wrappable = BREAK_AFTER.sub(r"\1<wbr>", html) if kind == "line" else html
                yield 1, f'<span class="{kind}" style="--indent: {indentation(html)}ch">{wrappable}</span>'
            else:
                yield 0, html


def use_line_spans(app):
    for name in ("highlighter", "dark_highlighter"):
        bridge = getattr(app.builder, name, None)
        if bridge is not None and getattr(bridge, "dest", None) == "html":
            bridge.formatter = LineSpanFormatter


def setup(app):
    app.connect("builder-inited", use_line_spans)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
