"""LaTeX for arrays, so a post can show a computed matrix as math (KaTeX-compatible), the
site's LaTeX macros for Jupyter, and numbers as prose."""

import numbers
import os
import re
import sys

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


def _read_argument(tex, i):
    """The macro argument starting at tex[i] (after spaces): a braced group or one token."""
    while i < len(tex) and tex[i] in " \t\n":
        i += 1
    if i >= len(tex):
        raise ValueError(f"a macro argument is missing at the end of {tex!r}")
    if tex[i] == "{":
        depth = 0
        for j in range(i, len(tex)):
            if tex[j] == "\\":
                continue
            if tex[j] == "{" and (j == 0 or tex[j - 1] != "\\"):
                depth += 1
            elif tex[j] == "}" and tex[j - 1] != "\\":
                depth -= 1
                if depth == 0:
                    return tex[i + 1:j], j + 1
        raise ValueError(f"unbalanced braces in {tex!r}")
    if tex[i] == "\\":
        name = re.match(r"\\([A-Za-z]+|.)", tex[i:]).group(0)
        return name, i + len(name)
    return tex[i], i + 1


def expand_latex_macros(tex, macros):
    r"""``tex`` with every macro of ``macros`` replaced by its definition, arguments filled in
    (``macros`` as KaTeX takes them: name → body with ``#1``, ``#2`` for the arguments).

    >>> macros = {r"\V": r"\mathbf{#1}", r"\pop": r"\frac{\partial #1}{\partial #2}"}
    >>> print(expand_latex_macros(r"\pop{L}{\V{x}} = \V x, \Vert", macros))
    \frac{\partial L}{\partial \mathbf{x}} = \mathbf{x}, \Vert
    >>> expand_latex_macros(r"\V{x", macros)
    Traceback (most recent call last):
    ...
    ValueError: unbalanced braces in '\\V{x'
    """
    if not macros:
        return tex
    names = sorted((name[1:] for name in macros), key=len, reverse=True)
    pattern = re.compile(r"\\(" + "|".join(map(re.escape, names)) + r")(?![A-Za-z])")
    limit = 10_000 + 100 * len(tex)  # a recursive macro doubles the text each round: stop early
    for _ in range(20):  # a macro may use another; KaTeX refuses recursion, so this ends
        if len(tex) > limit:
            break
        match = pattern.search(tex)
        if match is None:
            return tex
        out, position = [], 0
        for match in pattern.finditer(tex):
            if match.start() < position:
                continue
            body = macros["\\" + match.group(1)]
            count = max((int(n) for n in re.findall(r"#(\d)", body)), default=0)
            end, arguments = match.end(), []
            for _ in range(count):
                argument, end = _read_argument(tex, end)
                arguments.append(argument)
            for number, argument in enumerate(arguments, 1):
                body = body.replace(f"#{number}", argument)
            out.append(tex[position:match.start()] + body)
            position = end
        tex = "".join(out) + tex[position:]
    shown = tex if len(tex) <= 80 else tex[:80] + "..."
    raise ValueError(f"macros nest more than 20 deep in {shown!r}")


def use_latex_macros(macros):
    r"""Have Jupyter show every ``IPython.display.Math`` and ``Latex`` with ``macros``
    (``{r"\V": r"\mathbf{#1}"}``, as KaTeX takes them) expanded, since JupyterLab's and
    Colab's math renderers do not know the site's macros. A downloaded post calls it in its
    first cell. Returns whether it could: outside a Jupyter kernel there is nothing to set up.

    >>> use_latex_macros({r"\R": r"\mathbb{R}"})
    False
    """
    shell = _ipython_shell()
    if shell is None:
        return False
    from IPython.display import Latex, Math

    formatter = shell.display_formatter.formatters["text/latex"]
    for kind in (Math, Latex):  # a printer for the type comes before the object's _repr_latex_
        formatter.for_type(kind, lambda shown: expand_latex_macros(shown._repr_latex_(), macros))
    return True


_SUPERSCRIPT = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")


def prose_number(value, digits=3):
    """``value`` as a reader writes it, as a string: ``digits`` significant digits, powers of
    ten as ``× 10⁻⁴`` (never e-notation), a true minus sign, integers in full with commas.

    >>> prose_number(6.3812e-4)
    '6.38 × 10⁻⁴'
    >>> prose_number(0.01234), prose_number(-2.5), prose_number(123456)
    ('0.0123', '−2.50', '123,456')
    >>> prose_number(0.0), prose_number(3.0e7, digits=2)
    ('0', '3.0 × 10⁷')
    """
    if not isinstance(digits, numbers.Integral) or digits < 1:
        raise ValueError(f"digits must be a positive integer, got digits={digits!r}")
    if isinstance(value, (numbers.Integral, np.integer)) and not isinstance(value, bool):
        return f"{int(value):,}".replace("-", "\u2212")
    value = float(value)
    if not np.isfinite(value):
        raise ValueError(f"prose_number: {value} is not a finite number")
    if value == 0:
        return "0"
    mantissa, exponent = f"{value:.{digits - 1}e}".split("e")
    exponent = int(exponent)
    if -3 <= exponent < 5:
        decimals = max(digits - 1 - exponent, 0)
        text = f"{value:,.{decimals}f}"
    else:
        text = f"{mantissa} × 10" + str(exponent).translate(_SUPERSCRIPT)
    return text.replace("-", "\u2212")


def agreement(error, digits=2):
    """How closely two results agree, for a sentence "... agree {agreement}": ``"exactly"``
    for a zero difference, otherwise ``"to within 1.2 × 10⁻¹⁶"``.

    >>> agreement(0.0), agreement(1.234e-16)
    ('exactly', 'to within 1.2 × 10⁻¹⁶')
    """
    error = float(error)
    if not (np.isfinite(error) and error >= 0):
        raise ValueError(f"agreement: an error must be a finite number >= 0, got {error}")
    if error == 0:
        return "exactly"
    return f"to within {prose_number(error, digits)}"


# Set by the site's build (_ext notebook export) for the kernels that execute the posts.
GLUE_ENV = "BACKPROP_GLUE"


def glue_numbers(digits=3, **values):
    """Glue each keyword's value, as prose (``prose_number``; strings as they are), for the
    ``{glue:text}`` role of the notebook running this. Returns nothing, so that a cell ending
    with it prints nothing on the site.

    Keeps a cell's gluing to one line at its end, so the cell reads as the computation first.
    A glued string reaches the page without quotes (MyST-NB reads the repr back), and the
    site's CSS keeps it on one line.

    Inside the site's build (the environment variable ``BACKPROP_GLUE=myst-nb``, which the
    build sets for its kernels) the values go to MyST-NB's ``glue``. Anywhere else (a
    downloaded notebook in Jupyter or Colab, a script) there is no page to paste them into, so
    they are shown plainly, one ``name = value`` line each: in Jupyter as the cell's output,
    otherwise printed. Nothing else is needed: MyST-NB is not imported.

    >>> glue_numbers(loss=0.01234, steps=20000, phrase="exactly")
    loss = 0.0123
    steps = 20,000
    phrase = exactly
    >>> glued = {}
    >>> glue_numbers(loss=0.01234, _glue=lambda name, text, display: glued.update({name: text}))
    >>> glued
    {'loss': '0.0123'}
    """
    glue = values.pop("_glue", None)
    shown = {
        name: value if isinstance(value, str) else prose_number(value, digits)
        for name, value in values.items()
    }
    if glue is None and os.environ.get(GLUE_ENV) == "myst-nb":
        from myst_nb import glue  # only inside a notebook executed by the site's build
    if glue is not None:
        for name, text in shown.items():
            glue(name, text, display=False)
        return
    _show_plainly(shown)


def _show_plainly(shown):
    lines = "\n".join(f"{name} = {text}" for name, text in shown.items())
    shell = _ipython_shell()
    if shell is None:
        print(lines)
        return
    from IPython.display import display

    # One text output; the metadata names the glued values so a program reading the notebook
    # (the site's tests) can tell them from what the cell prints.
    display({"text/plain": lines}, raw=True, metadata={"backprop": {"glued": shown}})


def _ipython_shell():
    """The running IPython kernel's shell, or None in a plain interpreter (and in doctests)."""
    IPython = sys.modules.get("IPython")  # never imported here: a script does not need it
    if IPython is None:
        return None
    shell = IPython.get_ipython()
    # Jupyter's and Colab's shells have a kernel; a terminal IPython is served by print.
    return shell if getattr(shell, "kernel", None) is not None else None
