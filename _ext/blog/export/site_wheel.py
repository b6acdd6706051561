"""The package as a pure-Python wheel, written by the site's build from `src/`.

A downloaded notebook installs `backprop` from this file when the reader's Jupyter lacks it.
The wheel is written here rather than by `pip wheel`: that needs setuptools in an isolated
environment (a download, seconds per build), while a pure-Python wheel is a zip with three
metadata files (https://packaging.python.org/en/latest/specifications/binary-distribution-format/).
It reads the same `pyproject.toml` as the PyPI release (`python -m build`), and every entry has
a fixed date and mode, so two builds write the same bytes.
"""

import ast
import base64
import hashlib
import re
import tomllib
import zipfile
from fnmatch import fnmatch
from pathlib import Path

FIXED_DATE = (2023, 8, 19, 0, 0, 0)  # the first post's date; zip cannot store dates before 1980


def package_version(root: Path, package: str) -> str:
    """`__version__` of `src/<package>/__init__.py`, read without importing it (as setuptools'
    `attr:` does)."""
    tree = ast.parse((root / "src" / package / "__init__.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "__version__" for t in node.targets):
            return ast.literal_eval(node.value)
    raise ValueError(f"src/{package}/__init__.py sets no __version__")


def project_metadata(root: Path) -> dict:
    pyproject = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    project = pyproject["project"]
    package = pyproject["tool"]["setuptools"]["dynamic"]["version"]["attr"].split(".")[0]
    return {
        "project": project,
        "package": package,
        "version": package_version(root, package),
        "package_data": pyproject["tool"]["setuptools"].get("package-data", {}),
    }


def wheel_name(root: Path) -> str:
    meta = project_metadata(root)
    distribution = re.sub(r"[-_.]+", "_", meta["project"]["name"]).lower()
    return f"{distribution}-{meta['version']}-py3-none-any.whl"


def package_files(root: Path, package: str, package_data: dict) -> list[tuple[str, Path]]:
    """(path in the wheel, file) for every module of the package and its declared data."""
    source = root / "src"
    files = []
    for path in sorted((source / package).rglob("*")):
        if not path.is_file() or "__pycache__" in path.parts:
            continue
        relative = path.relative_to(source).as_posix()
        # package-data patterns are relative to the package that declares them.
        declared = any(
            fnmatch(relative, f"{name.replace('.', '/')}/{pattern}")
            for name, patterns in package_data.items() for pattern in patterns
        )
        is_module = path.suffix == ".py" and (path.parent / "__init__.py").is_file()
        if is_module or declared:
            files.append((relative, path))
    return files


def _metadata_text(meta: dict, root: Path) -> str:
    project = meta["project"]
    lines = [
        "Metadata-Version: 2.1",
        f"Name: {project['name']}",
        f"Version: {meta['version']}",
        f"Summary: {project['description']}",
    ]
    for author in project.get("authors", []):
        lines.append(f"Author: {author['name']}")
    lines.append(f"Requires-Python: {project['requires-python']}")
    lines += [f"Requires-Dist: {requirement}" for requirement in project.get("dependencies", [])]
    lines += [f"Classifier: {classifier}" for classifier in project.get("classifiers", [])]
    readme = project.get("readme")
    if readme:
        lines.append("Description-Content-Type: text/markdown")
        return "\n".join(lines) + "\n\n" + (root / readme).read_text(encoding="utf-8")
    return "\n".join(lines) + "\n"


def _record_line(name: str, data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{name},sha256={digest},{len(data)}"


def write_wheel(root: Path, out_dir: Path) -> Path:
    """Write the wheel of the project at `root` into `out_dir`; return its path."""
    meta = project_metadata(root)
    name = wheel_name(root)
    dist_info = name.split("-py3-")[0] + ".dist-info"
    entries = [(arcname, path.read_bytes()) for arcname, path in
               package_files(root, meta["package"], meta["package_data"])]
    entries.append((f"{dist_info}/METADATA", _metadata_text(meta, root).encode()))
    entries.append((f"{dist_info}/WHEEL", (
        "Wheel-Version: 1.0\nGenerator: backprop-by-hand site build\n"
        "Root-Is-Purelib: true\nTag: py3-none-any\n").encode()))
    entries.append((f"{dist_info}/top_level.txt", f"{meta['package']}\n".encode()))
    record = "\n".join(_record_line(n, d) for n, d in entries) + f"\n{dist_info}/RECORD,,\n"
    entries.append((f"{dist_info}/RECORD", record.encode()))

    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / name
    with zipfile.ZipFile(target, "w") as wheel:
        for arcname, data in entries:
            info = zipfile.ZipInfo(arcname, date_time=FIXED_DATE)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            wheel.writestr(info, data, compresslevel=9)
    return target
