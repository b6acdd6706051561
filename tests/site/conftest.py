"""Fixtures of the site tests: each expensive site is built once per test run."""

import re
import shutil
import time

import pytest

from building import ROOT, Build, build

SITE_FILES = ["conf.py", "index.md", "references.bib", "posts", "src", "_ext", "_static",
              "_templates", "images"]
NEW_POST_NAME = "the-slope-of-tanh"
SESSION_START = time.monotonic()
CLEAN_BUILD_SECONDS = []


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Build:
    """The whole site, built once from a clean state."""
    start = time.monotonic()
    result = build(ROOT, tmp_path_factory.mktemp("site"))
    CLEAN_BUILD_SECONDS.append(time.monotonic() - start)
    assert result.returncode == 0, f"the site build failed:\n{result.output[-6000:]}"
    return result


def readme_post_template() -> str:
    """The post that the README's "Writing a post" tells a new author to start from."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    found = re.search(r"<!-- new-post-template[^>]*-->\n````md\n(.*?)\n````\n", readme, re.S)
    assert found, "README.md lost its new-post template (the ````md block after its marker)"
    return found.group(1) + "\n"


@pytest.fixture(scope="session")
def site_with_new_post(tmp_path_factory) -> Build:
    """A second clean build of the whole site, with the README's template added as a post
    exactly as a new author would add it: no other file touched."""
    root = tmp_path_factory.mktemp("new-post")
    source = root / "src"
    for name in SITE_FILES:
        path = ROOT / name
        if path.is_dir():
            shutil.copytree(path, source / name, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
        else:
            source.mkdir(exist_ok=True)
            shutil.copy2(path, source / name)
    if (ROOT / "node_modules").is_dir():
        (source / "node_modules").symlink_to(ROOT / "node_modules")
    (source / "posts" / f"{NEW_POST_NAME}.md").write_text(readme_post_template(), encoding="utf-8")
    result = build(source, root / "out")
    assert result.returncode == 0, f"the site with the README's new post failed to build:\n{result.output[-6000:]}"
    return result


def pytest_terminal_summary(terminalreporter):
    """The test run's cost in clean site builds, both measured in this run (target: <= 8)."""
    if CLEAN_BUILD_SECONDS:
        total, clean = time.monotonic() - SESSION_START, CLEAN_BUILD_SECONDS[0]
        terminalreporter.write_line(
            f"test run {total:.0f} s = {total / clean:.1f} x one clean site build ({clean:.1f} s, same run)")
