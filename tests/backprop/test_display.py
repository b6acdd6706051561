"""to_latex output, and the network SVG (including the committed images/matrix-calculus/nn.svg)."""

import re
from pathlib import Path
from xml.etree import ElementTree

import numpy as np
import pytest

from backprop import agreement, glue_numbers, network_svg, prose_number, to_latex, write_network_svg

COMMITTED_SVG = Path(__file__).resolve().parents[2] / "images" / "matrix-calculus" / "nn.svg"


def test_to_latex_matrix_vector_and_scalar():
    assert to_latex(np.array([[1.0, -2.5], [0.125, 3.0]])) == (
        r"\begin{bmatrix} 1.000 & -2.500 \\ 0.125 & 3.000 \end{bmatrix}"
    )
    assert to_latex(np.array([1, 2, 3]), precision=1) == r"\begin{bmatrix} 1.0 & 2.0 & 3.0 \end{bmatrix}"
    assert to_latex(np.array([[1.0], [2.0]]), precision=0) == r"\begin{bmatrix} 1 \\ 2 \end{bmatrix}"
    assert to_latex(np.float64(np.pi), precision=4) == "3.1416"
    assert to_latex(2) == "2.000"


def test_to_latex_normalises_negative_zero():
    assert to_latex(np.array([-0.0, -1e-9, 1e-9, -0.0004])) == r"\begin{bmatrix} 0.000 & 0.000 & 0.000 & 0.000 \end{bmatrix}"
    assert to_latex(-0.0) == "0.000"
    assert to_latex(-0.0005, precision=3) in ("-0.001", "0.000")  # rounding, but never "-0.000"


def test_to_latex_non_finite_entries_are_valid_math():
    assert to_latex(np.array([np.inf, -np.inf, np.nan])) == r"\begin{bmatrix} \infty & -\infty & \text{NaN} \end{bmatrix}"


def test_to_latex_rejects_more_than_two_dimensions_and_bad_precision():
    with pytest.raises(ValueError, match=r"shape \(2, 3, 2, 3\).*flatten_jacobian"):
        to_latex(np.zeros((2, 3, 2, 3)))
    with pytest.raises(ValueError, match=r"precision must be a non-negative integer, got precision=-1"):
        to_latex(1.0, precision=-1)


def test_committed_nn_svg_is_what_network_svg_draws():
    assert COMMITTED_SVG.read_text(encoding="utf-8") == network_svg([3, 5, 3]), (
        "images/matrix-calculus/nn.svg is stale: regenerate it with "
        "backprop.write_network_svg('images/matrix-calculus/nn.svg', [3, 5, 3])"
    )


def test_network_svg_is_deterministic_labelled_and_accessible():
    svg = network_svg([3, 5, 3])
    assert svg == network_svg((3, 5, 3)) == network_svg()
    root = ElementTree.fromstring(svg)  # well-formed XML
    ns = "{http://www.w3.org/2000/svg}"
    assert root.tag == f"{ns}svg" and root.get("role") == "img" and root.get("aria-label")
    assert root.find(f"{ns}title").text == root.get("aria-label")
    assert len(root.findall(f".//{ns}line")) == 3 * 5 + 5 * 3 == 30
    assert len(root.findall(f".//{ns}circle")) == 11
    texts = [t.text for t in root.findall(f".//{ns}text")]
    assert texts == ["Input ∈ ℝ³", "Hidden ∈ ℝ⁵", "Output ∈ ℝ³"]
    assert "white" not in svg and "<rect" not in svg  # transparent: works on dark pages too


def test_network_svg_numbers_hidden_layers_and_takes_labels():
    svg = network_svg([2, 12, 4, 1])
    for label in ["Input ∈ ℝ²", "Hidden 1 ∈ ℝ¹²", "Hidden 2 ∈ ℝ⁴", "Output ∈ ℝ¹"]:
        assert label in svg
    assert svg.count("<line") == 2 * 12 + 12 * 4 + 4 * 1
    custom = network_svg([2, 2], labels=["x", "y < z"])
    assert ">x<" in custom and "y &lt; z" in custom
    with pytest.raises(ValueError, match="got 1 labels for 2 layers"):
        network_svg([2, 2], labels=["x"])
    with pytest.raises(ValueError, match=r"sizes must list at least two positive integers, got \[3\]"):
        network_svg([3])


def test_write_network_svg(tmp_path):
    path = write_network_svg(tmp_path / "deep" / "nn.svg", [3, 5, 3])
    assert path.read_bytes() == network_svg([3, 5, 3]).encode("utf-8")


@pytest.mark.parametrize("value, digits, text", [
    (6.3812e-4, 3, "6.38 × 10⁻⁴"), (-1.5e-12, 2, "−1.5 × 10⁻¹²"), (123456.0, 3, "1.23 × 10⁵"),
    (99999.0, 3, "1.00 × 10⁵"), (0.001, 2, "0.0010"), (12.345, 4, "12.35"), (-7, 3, "−7"),
    (np.int64(1234567), 3, "1,234,567"), (np.float64(0.5), 1, "0.5"), (0.0, 3, "0"),
])
def test_prose_number_writes_numbers_as_readers_do(value, digits, text):
    assert prose_number(value, digits) == text
    assert not re.search(r"\d[eE][-+]?\d", prose_number(value, digits))


@pytest.mark.parametrize("bad", [float("nan"), float("inf")])
def test_prose_number_rejects_non_finite_values_naming_them(bad):
    with pytest.raises(ValueError, match="not a finite number"):
        prose_number(bad)


def test_prose_number_and_agreement_argument_errors():
    with pytest.raises(ValueError, match="digits must be a positive integer"):
        prose_number(1.0, digits=0)
    with pytest.raises(ValueError, match="finite number >= 0"):
        agreement(-1e-3)
    assert agreement(0.0) == "exactly" and agreement(2.5e-11) == "to within 2.5 × 10⁻¹¹"


def test_glue_numbers_glues_prose_strings_and_returns_nothing():
    glued = []
    result = glue_numbers(err=1e-9, steps=1000, phrase="exactly",
                          _glue=lambda name, value, display: glued.append((name, value, display)))
    assert result is None
    assert glued == [("err", "1.00 × 10⁻⁹", False), ("steps", "1,000", False), ("phrase", "exactly", False)]
