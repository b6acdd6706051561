"""The three posts: the names readers' links and comment threads depend on, their front
matter, and what their built pages must show (typeset matrices, glued numbers, figures)."""

import difflib
import re

import pytest
from bs4 import BeautifulSoup

from building import POSTS, ROOT, build, front_matter

EXPECTED = {
    "matrix-calculus": {"date": "Aug 19, 2023", "category": "machine-learning",
                        "tags": {"maths", "calculus", "linear-algebra", "neural-network"}},
    "tensor-jacobians": {"category": "machine-learning",
                         "tags": {"maths", "calculus", "linear-algebra", "neural-network"}},
    "training-the-network": {"category": "machine-learning", "tags": {"maths", "neural-network"}},
}


def article(site, name):
    return BeautifulSoup(site.page(f"posts/{name}.html"), "html.parser").select_one("article")


def test_post_files_keep_their_published_names():
    assert {path.stem for path in POSTS} == set(EXPECTED)


@pytest.mark.parametrize("name", EXPECTED)
def test_front_matter(name):
    meta = front_matter(ROOT / "posts" / f"{name}.md")
    expected = EXPECTED[name]
    if "date" in expected:
        assert meta["date"] == expected["date"]
    assert meta["category"] == expected["category"]
    assert expected["tags"] <= {tag.strip() for tag in meta["tags"].split(",")}
    assert meta.get("blogpost") == "true" and meta.get("author")
    assert meta.get("description") and "$" not in meta["description"]


@pytest.mark.parametrize("name", EXPECTED)
def test_post_shows_typeset_matrices_from_its_cells(site, name):
    outputs = article(site, name).select(".cell_output .math .katex")
    matrices = [node for node in outputs if node.select("mtable")]
    assert len(matrices) >= 2, f"{name}: fewer than two typeset matrices in cell outputs"


@pytest.mark.parametrize("name", EXPECTED)
def test_post_has_display_math_and_glued_numbers(site, name):
    page = article(site, name)
    assert len(page.select("div.math .katex-display")) >= 3
    numbers = [span.get_text() for span in page.select("p .pasted-text")]
    assert len(numbers) >= 3 and all(re.search(r"\d", text) for text in numbers)


def test_post_1_figure_admonition_jacobian_and_reference(site):
    page = article(site, "matrix-calculus")
    figure = page.select_one("figure img")
    assert figure is not None and figure["src"].endswith("nn.svg")
    admonition = page.select_one(".admonition.important")
    assert admonition is not None
    assert admonition.select_one('a[href="tensor-jacobians.html"]') is not None
    assert page.select_one(".amsmath .katex-display") is not None, "amsmath environment not typeset"
    text = page.get_text(" ")
    assert "J.shape = (2, 3, 2, 3)" in text
    assert "arXiv:1802.01528" in text and "Parr" in text and "Howard" in text


@pytest.mark.parametrize("name", ["tensor-jacobians", "training-the-network"])
def test_follow_up_posts_have_figures(site, name):
    images = article(site, name).select(".cell_output img")
    assert images, f"{name} shows no figure"
    for img in images:
        assert img["src"].endswith(".svg")
        svg = (site.html / "posts" / img["src"]).read_text(encoding="utf-8")
        assert "<dc:date>" not in svg or "2023-08-19" in svg


def comparable(html: str) -> str:
    """A post page minus the outputs of cells tagged `timing` (measured, so they vary)."""
    page = BeautifulSoup(html, "html.parser")
    for cell in page.select(".tag_timing"):
        cell.decompose()
    return str(page)


def test_two_clean_builds_give_identical_posts(site, tmp_path):
    again = build(ROOT, tmp_path)
    assert again.returncode == 0, again.output[-3000:]
    for path in POSTS:
        name = f"posts/{path.stem}.html"
        first, second = comparable(site.page(name)), comparable(again.page(name))
        if first != second:
            diff = difflib.unified_diff(first.splitlines(), second.splitlines(), lineterm="", n=2)
            pytest.fail(f"{name} differs between two clean builds:\n" + "\n".join(
                line[:300] for line in list(diff)[:40]))
