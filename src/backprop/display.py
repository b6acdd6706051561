"""LaTeX for arrays, so a post can show a computed matrix as math (KaTeX-compatible)."""

import numbers

import numpy as np


def _entry(value, precision):
    if np.isnan(value):
        return r"\text{NaN}"
    if np.isinf(value):
        return r"\infty" if value > 0 else r"-\infty"
    text = f"{value:.{precision}f}"
    # -1e-9 rounds to "-0.000"; a minus sign on a printed zero only confuses the reader.
    return text.lstrip("-") if float(text) == 0 else text


def to_latex(array, precision=3):
    """A scalar, vector or matrix as LaTeX, every entry with ``precision`` decimals.

    Scalars come out plain, 1-D arrays as a one-row bmatrix, 2-D arrays as a bmatrix.

    >>> print(to_latex(np.array([[1, -0.00001], [2.5, 3]]), precision=2))
    \\begin{bmatrix} 1.00 & 0.00 \\\\ 2.50 & 3.00 \\end{bmatrix}
    >>> print(to_latex([1.0, 2.0]))
    \\begin{bmatrix} 1.000 & 2.000 \\end{bmatrix}
    >>> to_latex(0.5)
    '0.500'
    """
    if not isinstance(precision, numbers.Integral) or precision < 0:
        raise ValueError(f"precision must be a non-negative integer, got precision={precision!r}")
    values = np.asarray(array, dtype=np.float64)
    if values.ndim == 0:
        return _entry(values, precision)
    if values.ndim > 2:
        raise ValueError(
            f"to_latex: the array has shape {values.shape}, but LaTeX shows 1-D or 2-D arrays; "
            "flatten a Jacobian first with flatten_jacobian(J, out_shape, in_shape)"
        )
    rows = values.reshape(1, -1) if values.ndim == 1 else values
    body = r" \\ ".join(" & ".join(_entry(v, precision) for v in row) for row in rows)
    return r"\begin{bmatrix} " + body + r" \end{bmatrix}"
