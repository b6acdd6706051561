"""Every module of the package imports first, alone, with nothing of the package loaded: no
import cycle hides behind the order in which ``backprop/__init__.py`` happens to import them.

Importing ``backprop.jacobian`` normally runs ``backprop/__init__.py`` first, which imports
everything in its own order; so the packages above the module are put in place as empty
shells first (their ``__init__`` not run), and the module's own imports are what run first.
"""

import ast
import json
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


# In ONE interpreter (numpy, which no cycle can involve, is imported once): for each module,
# forget every backprop module, put the packages above it in place without running their
# __init__, then import it; print {module: the error, or ""} as JSON.
FIRST = """
import importlib, json, os, sys, traceback, types
import numpy
results = {{}}
for module in {modules!r}:
    for name in [n for n in sys.modules if n == "backprop" or n.startswith("backprop.")]:
        del sys.modules[name]
    parts = module.split(".")
    for depth in range(1, len(parts)):
        shell = types.ModuleType(".".join(parts[:depth]))
        shell.__path__ = [os.path.join({src!r}, *parts[:depth])]
        sys.modules[shell.__name__] = shell
    try:
        importlib.import_module(module)
        results[module] = ""
    except Exception:
        results[module] = traceback.format_exc()
print(json.dumps(results))
"""


@pytest.fixture(scope="module")
def fresh_imports():
    """module -> the traceback of importing it first (empty when it imported)."""
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    done = subprocess.run([sys.executable, "-c", FIRST.format(modules=MODULES, src=str(SRC))], env=env,
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


@pytest.mark.parametrize("module", MODULES)
def test_module_imports_first_with_nothing_of_the_package_loaded(module, fresh_imports):
    assert fresh_imports[module] == "", fresh_imports[module]


@pytest.mark.parametrize("name", ["tensor.py", "graph.py"])
def test_the_engine_imports_nothing_from_ops(name):
    # The Tensor engine is the independent second derivation: its derivatives are its own.
    tree = ast.parse((SRC / "backprop" / name).read_text())
    imported = [node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)]
    imported += [alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names]
    assert not [m for m in imported if "ops" in m.split(".")], imported
