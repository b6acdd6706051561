"""Every module of the package imports first, alone, in a fresh interpreter: no import cycle
hides behind the order in which ``backprop/__init__.py`` happens to import them."""

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src"
MODULES = sorted(
    ".".join(path.relative_to(SRC).with_suffix("").parts).removesuffix(".__init__")
    for path in (SRC / "backprop").rglob("*.py")
)


def test_every_module_is_listed():
    assert {"backprop", "backprop.tensor", "backprop.ops.op", "backprop.ops.registry", "backprop.nn"} <= set(MODULES)


@pytest.mark.parametrize("module", MODULES)
def test_module_imports_first_in_a_fresh_interpreter(module):
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    result = subprocess.run([sys.executable, "-c", f"import {module}"], capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("name", ["tensor.py", "graph.py"])
def test_the_engine_imports_nothing_from_ops(name):
    # The Tensor engine is the independent second derivation: its derivatives are its own.
    tree = ast.parse((SRC / "backprop" / name).read_text())
    imported = [node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)]
    imported += [alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names]
    assert not [m for m in imported if "ops" in m.split(".")], imported
