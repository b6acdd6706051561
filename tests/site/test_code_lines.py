"""The code formatter behind wrapping code (_ext/blog/pages/code_lines.py): one span per line, its
indentation recorded, the code's text unchanged (what the copy button copies)."""

import re
from html import unescape

from pygments import highlight
from pygments.lexers import PythonLexer

from blog.pages.code_lines import LineSpanFormatter, indentation

CODE = '''def f(x):
    """A docstring
    over two lines."""
    return some_function(x, "a string with  two spaces",
                         other=1)  # aligned continuation
'''


def text_of(html: str) -> str:
    return unescape(re.sub(r"<[^>]*>", "", html))


def test_each_line_is_one_span_with_its_indentation():
    html = highlight(CODE, PythonLexer(), LineSpanFormatter())
    lines = re.findall(r'<span class="line" style="--indent: (\d+)ch">', html)
    assert [int(n) for n in lines] == [0, 4, 4, 4, 25]
    assert text_of(html.split("<pre>", 1)[1]).rstrip("\n") == CODE.rstrip("\n")


def test_a_token_over_two_lines_is_split_at_the_line_break():
    html = highlight(CODE, PythonLexer(), LineSpanFormatter())
    for line in re.findall(r'<span class="line"[^>]*>(.*?)\n</span>', html, re.S):
        assert line.count("<span") == line.count("</span>"), f"a span crosses a line break: {line!r}"


def test_indentation_counts_leading_spaces_of_the_text():
    assert indentation('<span class="w">    </span><span class="k">return</span>') == 4
    assert indentation('<span class="n">x</span>') == 0
    assert indentation("&nbsp;x") == 0


def test_a_proof_cells_result_line_is_marked_so_it_can_wrap():
    from pygments.lexers import TextLexer
    printed = "✓ agrees with the engine exactly\n[0.1 0.2 0.3]\n  ✓ indented is not a result\n"
    html = highlight(printed, TextLexer(), LineSpanFormatter())
    kinds = re.findall(r'<span class="(line[^"]*)"', html)
    assert kinds == ["line check-result", "line", "line"]
    assert text_of(html.split("<pre>", 1)[1]).rstrip("\n") == printed.rstrip("\n")
