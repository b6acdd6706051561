"""Fixtures of the site tests: the whole site, built once per test run."""

import pytest

from building import ROOT, Build, build


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Build:
    """The whole site, built once from a clean state."""
    result = build(ROOT, tmp_path_factory.mktemp("site"))
    assert result.returncode == 0, f"the site build failed:\n{result.output[-6000:]}"
    return result
