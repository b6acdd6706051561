"""The package outside the site's build: glue_numbers, the LaTeX macros, the version.

A reader runs a post in Jupyter, Colab or a script with nothing but numpy (and IPython in a
kernel): no MyST-NB, no Sphinx.
"""

import os
import subprocess
import sys
import tomllib
import types
from pathlib import Path

import pytest

import backprop
from backprop import expand_latex_macros, glue_numbers, use_latex_macros

ROOT = Path(__file__).resolve().parents[2]
MACROS = {r"\V": r"\mathbf{#1}", r"\pop": r"\frac{\partial #1}{\partial #2}", r"\R": r"\mathbb{R}"}


def run_plain_python(code):
    """`code` in a fresh interpreter that cannot import myst_nb, outside any build."""
    env = {key: value for key, value in os.environ.items() if key != "BACKPROP_GLUE"}
    env["PYTHONPATH"] = str(ROOT / "src")
    blocked = "import sys; sys.modules['myst_nb'] = None\n"  # `import myst_nb` now fails
    return subprocess.run([sys.executable, "-c", blocked + code], capture_output=True, text=True,
                          env=env, check=True).stdout


def test_glue_numbers_prints_name_value_lines_without_myst_nb():
    out = run_plain_python(
        "import backprop as bp\n"
        "bp.glue_numbers(loss=6.3812e-4, steps=20000, phrase='exactly')\n"
        "print(sys.modules.get('myst_nb'))\n"
    )
    assert out == "loss = 6.38 × 10⁻⁴\nsteps = 20,000\nphrase = exactly\nNone\n"


def test_glue_numbers_glues_for_myst_nb_inside_the_build(monkeypatch, capsys):
    glued = []
    fake = types.ModuleType("myst_nb")
    fake.glue = lambda name, value, display=True: glued.append((name, value, display))
    monkeypatch.setitem(sys.modules, "myst_nb", fake)
    monkeypatch.setenv("BACKPROP_GLUE", "myst-nb")
    assert glue_numbers(loss=0.01234, steps=3) is None
    assert glued == [("loss", "0.0123", False), ("steps", "3", False)]
    assert capsys.readouterr().out == "", "inside the build a glued value is pasted, not printed"


def test_glue_numbers_in_a_jupyter_kernel_is_one_display_naming_the_values(monkeypatch, capsys):
    IPython = pytest.importorskip("IPython")
    import IPython.display

    shown = []
    monkeypatch.delenv("BACKPROP_GLUE", raising=False)
    monkeypatch.setattr(IPython, "get_ipython", lambda: types.SimpleNamespace(kernel=object()))
    monkeypatch.setattr(IPython.display, "display", lambda *args, **kwargs: shown.append((args, kwargs)))
    glue_numbers(err=1.234e-16, n=4)
    assert shown == [(({"text/plain": "err = 1.23 × 10⁻¹⁶\nn = 4"},),
                      {"raw": True, "metadata": {"backprop": {"glued": {"err": "1.23 × 10⁻¹⁶", "n": "4"}}}})]
    assert capsys.readouterr().out == ""


def test_a_terminal_ipython_is_served_by_print(monkeypatch, capsys):
    IPython = pytest.importorskip("IPython")
    monkeypatch.delenv("BACKPROP_GLUE", raising=False)
    monkeypatch.setattr(IPython, "get_ipython", lambda: types.SimpleNamespace())  # no kernel
    glue_numbers(x=0.5)
    assert capsys.readouterr().out == "x = 0.500\n"


def test_glue_numbers_checks_its_values_before_showing_any():
    with pytest.raises(ValueError, match="not a finite number"):
        glue_numbers(good=1.0, bad=float("nan"))


def test_use_latex_macros_expands_macros_in_math_a_kernel_displays(monkeypatch):
    IPython = pytest.importorskip("IPython")
    from IPython.core.interactiveshell import InteractiveShell
    from IPython.display import Latex, Math

    shell = InteractiveShell.instance()
    shell.kernel = object()  # as in ipykernel's shell
    monkeypatch.setattr(IPython, "get_ipython", lambda: shell)
    try:
        assert use_latex_macros(MACROS) is True
        data, _ = shell.display_formatter.format(Math(r"\pop{L}{\V{x}} \in \R"))
        assert data["text/latex"] == r"$\displaystyle \frac{\partial L}{\partial \mathbf{x}} \in \mathbb{R}$"
        data, _ = shell.display_formatter.format(Latex(r"$\V{y}$"))
        assert data["text/latex"] == r"$\mathbf{y}$"
    finally:
        formatter = shell.display_formatter.formatters["text/latex"]
        formatter.pop(Math, None)
        formatter.pop(Latex, None)
        InteractiveShell.clear_instance()


def test_use_latex_macros_outside_a_kernel_does_nothing():
    assert use_latex_macros(MACROS) is False


@pytest.mark.parametrize("tex, expected", [
    (r"\V{x}^\top \V y", r"\mathbf{x}^\top \mathbf{y}"),
    (r"\pop{\V{f}}{\V{x}}", r"\frac{\partial \mathbf{f}}{\partial \mathbf{x}}"),
    (r"\pop L {W_h}", r"\frac{\partial L}{\partial W_h}"),
    (r"\pop{\{a\}}{b}", r"\frac{\partial \{a\}}{\partial b}"),
    (r"\Vert x \Vert, \Relax", r"\Vert x \Vert, \Relax"),  # longer names are left alone
    (r"\R^{n \times m}", r"\mathbb{R}^{n \times m}"),
])
def test_expand_latex_macros(tex, expected):
    assert expand_latex_macros(tex, MACROS) == expected


def test_expand_latex_macros_names_a_missing_argument():
    with pytest.raises(ValueError, match="argument is missing"):
        expand_latex_macros(r"x = \pop{L}", MACROS)


def test_expand_latex_macros_refuses_a_recursive_macro():
    with pytest.raises(ValueError, match="nest more than 20 deep"):
        expand_latex_macros(r"\A", {r"\A": r"\A\A"})


def test_version_is_the_distribution_version():
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert pyproject["project"]["name"] == "backprop-by-hand"  # `backprop` is taken on PyPI
    assert pyproject["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "backprop.__version__"}
    major, minor, patch = backprop.__version__.split(".")
    assert all(part.isdigit() for part in (major, minor, patch))


def test_importing_the_package_loads_nothing_but_numpy():
    out = run_plain_python(
        "import backprop\nprint(sorted(name for name, module in sys.modules.items() if module is not None\n"
        "                   and name.split('.')[0] in ('myst_nb', 'sphinx', 'IPython', 'matplotlib')))"
    )
    assert out == "[]\n"
