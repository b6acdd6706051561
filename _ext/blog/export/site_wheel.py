"""The package's wheel, which the site publishes so a downloaded notebook can install `backprop`.

setuptools builds it through `pip wheel`, from the same `pyproject.toml` as the PyPI release
(`python -m build`):

- offline: `--no-build-isolation --no-index` use the setuptools that requirements.txt pins in
  .venv, instead of downloading one into an isolated environment on every build;
- from a copy of pyproject.toml, the readme and src/: setuptools leaves build/ and *.egg-info
  beside what it builds, and a reused build/ would ship modules deleted from src/ since;
- the same bytes twice: SOURCE_DATE_EPOCH dates every zip entry (setuptools' WheelFile);
- once per content: the last wheel is kept under a hash of what goes into it, so a rebuild with
  an unchanged src/ copies it instead of paying pip's start-up again.
"""

import ast
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import tomllib
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

FIXED_DATE = "1692403200"  # the first post's date (2023-08-19), as the kernels' figures use


class WheelError(RuntimeError):
    """The wheel could not be built; the message is one line naming the cause and the fix."""


def package_version(root: Path, package: str) -> str:
    """`__version__` of `src/<package>/__init__.py`, read without importing it (as setuptools'
    `attr:` does)."""
    tree = ast.parse((root / "src" / package / "__init__.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "__version__" for t in node.targets):
            return ast.literal_eval(node.value)
    raise ValueError(f"src/{package}/__init__.py sets no __version__")


def project_metadata(root: Path) -> dict:
    """What the pages need before the wheel exists: the project's table, the import name, the version."""
    pyproject = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    package = pyproject["tool"]["setuptools"]["dynamic"]["version"]["attr"].split(".")[0]
    return {"project": pyproject["project"], "package": package, "version": package_version(root, package)}


def wheel_name(root: Path) -> str:
    meta = project_metadata(root)
    distribution = re.sub(r"[-_.]+", "_", meta["project"]["name"]).lower()
    return f"{distribution}-{meta['version']}-py3-none-any.whl"


def _inputs(root: Path) -> list[Path]:
    """The files setuptools reads: pyproject.toml, the readme, src/ (not its caches)."""
    readme = project_metadata(root)["project"].get("readme")
    files = [root / "pyproject.toml"] + ([root / readme] if isinstance(readme, str) else [])
    return files + sorted(
        path for path in (root / "src").rglob("*")
        if path.is_file() and not any(part == "__pycache__" or part.endswith(".egg-info") for part in path.parts)
    )


def _content_key(root: Path, inputs: list[Path], epoch: str) -> str:
    try:
        backend = version("setuptools")
    except PackageNotFoundError:
        raise WheelError("the site's wheel needs setuptools, which is not installed. "
                         "Fix: run `make html`, which installs requirements.txt into .venv") from None
    digest = hashlib.sha256(f"setuptools {backend}, epoch {epoch}\n".encode())
    for path in inputs:
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def _cause(output: str) -> str:
    """The line that says what went wrong: setuptools' exception, under pip's generic summary."""
    lines = [line.strip() for line in output.splitlines() if line.strip()]
    exceptions = [line for line in lines if re.match(r"^[\w.]*(Error|Exception): ", line)]
    return (exceptions or lines or ["pip wrote no wheel."])[-1]


def _build(root: Path, inputs: list[Path], target: Path, epoch: str) -> None:
    with tempfile.TemporaryDirectory(prefix="site-wheel-") as scratch:
        project = Path(scratch) / "project"
        for path in inputs:
            copy = project / path.relative_to(root)
            copy.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, copy)
        result = subprocess.run(
            [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
             "--no-index", "--disable-pip-version-check", "-w", str(Path(scratch) / "dist"), str(project)],
            capture_output=True, text=True, env={**os.environ, "SOURCE_DATE_EPOCH": epoch},
        )
        built = Path(scratch) / "dist" / target.name
        if result.returncode != 0 or not built.is_file():
            raise WheelError(f"the site's wheel could not be built from pyproject.toml and src/: "
                             f"{_cause(result.stderr + result.stdout)} Fix: that, or read the whole of "
                             f"`pip wheel --no-build-isolation --no-deps .`")
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(built, target.with_suffix(".part"))
        os.replace(target.with_suffix(".part"), target)  # never a half-written wheel in the cache


def write_wheel(root: Path, out_dir: Path, cache_dir: Path) -> Path:
    """The wheel of the project at `root`, built (or taken from `cache_dir`) into `out_dir`."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", FIXED_DATE)
    try:
        inputs, name = _inputs(root), wheel_name(root)
        cached = cache_dir / _content_key(root, inputs, epoch) / name
    except (OSError, ValueError, SyntaxError, KeyError, TypeError) as error:  # TOML errors are ValueErrors
        raise WheelError(f"the site's wheel cannot read pyproject.toml and src/: {type(error).__name__}: "
                         f"{error}. Fix: pyproject.toml's [project] table or src/'s __version__") from None
    if not cached.is_file():
        _build(root, inputs, cached, epoch)
    for stale in cache_dir.iterdir():  # one wheel kept: a revert of src/ costs one build
        if stale != cached.parent:
            shutil.rmtree(stale, ignore_errors=True)
    out_dir.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(cached, out_dir / name)
    return out_dir / name
