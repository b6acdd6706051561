"""check_close and check: the one-line results a post's proof cells print."""

import numpy as np
import pytest

from backprop import check, check_close


def test_check_close_prints_one_line_per_call(capsys):
    value = np.array([[1.0, 2.0], [3.0, 4.0]])
    check_close(value, {"the engine": value.copy(), "finite differences": value + 2e-10})
    line = capsys.readouterr().out
    assert line == "✓ agrees with the engine exactly, with finite differences to within 2.0 × 10⁻¹⁰\n"


def test_check_close_fails_beyond_tolerance_and_names_the_worst_entry():
    value = np.zeros((2, 3))
    reference = value.copy()
    reference[1, 2] = 1e-3
    with pytest.raises(AssertionError, match=r"differs from a loop by up to 0.001 at index \(1, 2\)"):
        check_close(value, {"a loop": reference})
    check_close(value, {"a loop": reference}, atol=1e-2)  # within a looser tolerance


def test_check_close_relative_tolerance_scales_with_the_reference():
    big = np.array([1e6])
    check_close(big + 0.5, {"x": big}, rtol=1e-6, atol=0)
    with pytest.raises(AssertionError):
        check_close(big + 2.0, {"x": big}, rtol=1e-6, atol=0)


def test_check_close_never_broadcasts_and_rejects_non_finite():
    with pytest.raises(ValueError, match=r"shape \(3,\) but ref has shape \(3, 1\)"):
        check_close(np.ones(3), {"ref": np.ones((3, 1))})
    with pytest.raises(FloatingPointError, match="non-finite"):
        check_close(np.array([np.nan]), {"ref": [0.0]})
    with pytest.raises(AssertionError):
        check_close(np.array([0.0]), {"ref": [np.inf]})
    with pytest.raises(ValueError, match="non-empty dict"):
        check_close(np.ones(1), {})
    with pytest.raises(ValueError, match="tolerances"):
        check_close(np.ones(1), {"r": np.ones(1)}, rtol=-1)


def test_check_close_scalars():
    check_close(0.5, {"a sum": 0.5})
    with pytest.raises(AssertionError, match=r"index \(\)"):
        check_close(0.5, {"a sum": 0.6})


def test_check_states_a_claim(capsys):
    check(np.linalg.matrix_rank(np.eye(3)) == 3, "the identity has full rank")
    assert capsys.readouterr().out == "✓ the identity has full rank\n"
    with pytest.raises(AssertionError, match="not true that 1 is 2"):
        check(1 == 2, "1 is 2")
    with pytest.raises(ValueError):
        check(True, "")
