"""Every module of the package imports first, alone, in a fresh interpreter: no import cycle
hides behind the order in which ``backprop/__init__.py`` happens to import them.

Importing ``backprop.jacobian`` normally runs ``backprop/__init__.py`` first, which imports
everything in its own order; so the packages above the module are put in place as empty
shells first (their ``__init__`` not run), and the module's own imports are what run first.
"""

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


# Put the packages above the module in place without running their __init__, then import it.
FIRST = """
import importlib, os, sys, types
parts = "{module}".split(".")
for depth in range(1, len(parts)):
    shell = types.ModuleType(".".join(parts[:depth]))
    shell.__path__ = [os.path.join({src!r}, *parts[:depth])]
    sys.modules[shell.__name__] = shell
importlib.import_module("{module}")
"""


@pytest.fixture(scope="module")
def fresh_imports():
    """module -> (exit code, stderr) of ``python -c "import module"``, all started at once."""
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    running = {module: subprocess.Popen([sys.executable, "-c", FIRST.format(module=module, src=str(SRC))], env=env,
                                        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
               for module in MODULES}
    return {module: (process.wait(), process.stderr.read()) for module, process in running.items()}


@pytest.mark.parametrize("module", MODULES)
def test_module_imports_first_in_a_fresh_interpreter(module, fresh_imports):
    returncode, stderr = fresh_imports[module]
    assert returncode == 0, stderr


@pytest.mark.parametrize("name", ["tensor.py", "graph.py"])
def test_the_engine_imports_nothing_from_ops(name):
    # The Tensor engine is the independent second derivation: its derivatives are its own.
    tree = ast.parse((SRC / "backprop" / name).read_text())
    imported = [node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)]
    imported += [alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names]
    assert not [m for m in imported if "ops" in m.split(".")], imported
