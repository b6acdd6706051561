"""Checks a post's proof cell ends with: assert, then say in one line what was compared.

A formula on a page is checked by a cell that compares it with independent computations (the
engine, finite differences, a loop). The reader sees the cell folded behind the formula's ✓ and
only its one-line result, printed here from the numbers actually compared, never typed by hand.
"""

import numpy as np

from .display import agreement


def check_close(value, against, rtol=1e-6, atol=1e-9):
    """Assert that ``value`` matches every reference in ``against`` (label → array), entry by
    entry within ``atol + rtol·|reference|``; print one line saying how closely each agreed.

    Shapes must match exactly: a (3,) result is never broadcast against a (3, 1) reference.

    >>> check_close(np.array([1.0, 2.0]), {"the engine": [1.0, 2.0],
    ...                                    "finite differences": [1.0, 2.0 + 3e-11]})
    ✓ agrees with the engine exactly, with finite differences to within 3.0 × 10⁻¹¹
    >>> check_close(np.ones(2), {"a loop": np.ones((2, 1))})
    Traceback (most recent call last):
    ...
    ValueError: check_close: the value has shape (2,) but a loop has shape (2, 1)
    >>> check_close(np.array([1.0, 2.0]), {"a loop": [1.0, 2.5]}, rtol=0, atol=1e-9)
    Traceback (most recent call last):
    ...
    AssertionError: check_close: the value differs from a loop by up to 0.5 at index (1,) (value 2, a loop 2.5); allowed atol=1e-09 + rtol=0 × |a loop|
    """
    if not isinstance(against, dict) or not against:
        raise ValueError("check_close: against must be a non-empty dict {label: reference array}")
    if not (rtol >= 0 and atol >= 0):
        raise ValueError(f"check_close: tolerances must be >= 0, got rtol={rtol!r}, atol={atol!r}")
    value = np.asarray(value, dtype=np.float64)
    if not np.all(np.isfinite(value)):
        raise FloatingPointError(f"check_close: the value has non-finite entries: {value}")
    phrases = []
    for label, reference in against.items():
        reference = np.asarray(reference, dtype=np.float64)
        if reference.shape != value.shape:
            raise ValueError(
                f"check_close: the value has shape {value.shape} but {label} has shape {reference.shape}"
            )
        if not np.all(np.isfinite(reference)):
            raise AssertionError(f"check_close: {label} has non-finite entries: {reference}")
        difference = np.abs(value - reference)
        error = float(difference.max(initial=0.0))
        excess = difference - (atol + rtol * np.abs(reference))
        if np.any(excess > 0):
            where = np.unravel_index(int(np.argmax(excess)), value.shape) if value.ndim else ()
            raise AssertionError(
                f"check_close: the value differs from {label} by up to {error:.3g} at index "
                f"{tuple(int(i) for i in where)} (value {value[where]:.6g}, {label} "
                f"{reference[where]:.6g}); allowed atol={atol!r} + rtol={rtol!r} × |{label}|"
            )
        phrases.append(f"with {label} {agreement(error)}")
    print("✓ agrees " + ", ".join(phrases))


def check(condition, claim):
    """Assert a claim that is not a comparison of arrays (a rank, a sign, a count) and print it
    as a one-line result: ``check(rank == 2, "the Jacobian has rank 2")``.

    >>> check(3 > 2, "three exceeds two")
    ✓ three exceeds two
    >>> check(False, "the rows sum to zero")
    Traceback (most recent call last):
    ...
    AssertionError: check: it is not true that the rows sum to zero
    """
    if not isinstance(claim, str) or not claim:
        raise ValueError("check: claim must be a sentence saying what holds")
    if not bool(condition):
        raise AssertionError(f"check: it is not true that {claim}")
    print(f"✓ {claim}")
