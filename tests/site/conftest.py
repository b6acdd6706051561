"""Fixtures of the site tests: each expensive site is built once per test run.

The author's posts are built first, once, alone, and timed (the run reports its cost in such
builds); the suite asks only whether that build passed. The other sites the tests share, the
fixture site first (tests/fixtures/README.md), are then built in the background, two at a time
on these two-core machines.
"""

import shutil
import threading
import time
from datetime import datetime
from typing import NamedTuple

import pytest

from mini_sites import BROKEN, CHECKED, FLUSH, GISCUS, VALID_SHORT
from tools.building import NEW_POST_NAME, ROOT, Build, build, make_fixture_site, make_mini_site, mini_post

SESSION_START = time.monotonic()
CLEAN_BUILD_SECONDS = []
BUILD_SLOTS = threading.Semaphore(2)


class Background:
    """`make()` running in a thread (holding one of the build slots); `result()` waits."""

    def __init__(self, make):
        self._value = self._error = None
        self._thread = threading.Thread(target=self._run, args=(make,), daemon=True)
        self._thread.start()

    def _run(self, make):
        with BUILD_SLOTS:
            try:
                self._value = make()
            except BaseException as error:  # handed to the test that waits for it
                self._error = error

    def result(self):
        self._thread.join()
        if self._error is not None:
            raise self._error
        return self._value


def build_fixture_site(root) -> Build:
    """A clean build of the fixture site (tests/fixtures/README.md): the real machinery, the
    tests' own posts and the README's template post, added as a new author would add it."""
    return build(make_fixture_site(root / "src"), root / "out")


def build_broken_twice(root) -> tuple[Build, Build]:
    """A mini-site whose posts each fail in their own way, built, then built again."""
    site = make_mini_site(root / "src", posts={name: text for name, (text, _, _) in BROKEN.items()})
    return build(site, root / "out"), build(site, root / "out")


def build_mini_site(root) -> Build:
    """A mini-site that builds clean: a post with a checked formula, split stdout chunks and
    comments on; a short post with inline math only, no figure, no glued number, an ISO date."""
    posts = {"mini": mini_post(FLUSH, CHECKED), "short": VALID_SHORT}
    return build(make_mini_site(root / "src", extra_conf=GISCUS, posts=posts), root / "out")


class ListingStep(NamedTuple):
    """One build of the incremental sequence and what every listing page must then show."""

    name: str
    returncode: int
    output: str
    html: object
    posts: list  # [(file stem, title)], newest first
    gone: list  # titles that no longer exist
    removed: list  # file stems that no longer exist


def build_listing_sequence(root) -> list[ListingStep]:
    """clean -> add -> retitle -> rename -> re-date -> delete, one build each, on one mini-site."""
    posts = {"alpha": ("Alpha Post", "Jan 02, 2024"), "beta": ("Beta Post", "Jan 05, 2024")}
    site = make_mini_site(root / "src", posts={stem: mini_post(title=title, date=date)
                                              for stem, (title, date) in posts.items()})
    out, steps, gone, removed = root / "out", [], [], []

    def write(stem):
        title, date = posts[stem]
        (site / "posts" / f"{stem}.md").write_text(mini_post(title=title, date=date), encoding="utf-8")

    def step(name):
        result = build(site, out)
        # The pages as this build left them (the next build writes over them).
        pages = shutil.copytree(result.html, root / f"after-{name}",
                                ignore=shutil.ignore_patterns("_static", "_images", "_sources"))
        order = sorted(posts, key=lambda stem: datetime.strptime(posts[stem][1], "%b %d, %Y"), reverse=True)
        steps.append(ListingStep(name, result.returncode, result.output, pages,
                                 [(stem, posts[stem][0]) for stem in order], list(gone), list(removed)))

    step("first")
    posts["gamma"] = ("Gamma Post", "Jan 03, 2024")
    write("gamma")
    step("add")
    gone.append(posts["gamma"][0])
    posts["gamma"] = ("Delta Thoughts", "Jan 03, 2024")
    write("gamma")
    step("retitle")
    (site / "posts" / "gamma.md").rename(site / "posts" / "delta.md")
    posts["delta"] = posts.pop("gamma")
    removed.append("gamma")
    step("rename")
    posts["alpha"] = ("Alpha Post", "Jan 09, 2024")
    write("alpha")
    step("re-date")
    gone.append(posts.pop("beta")[0])
    (site / "posts" / "beta.md").unlink()
    removed.append("beta")
    step("delete")
    return steps


class Step(NamedTuple):
    """One build of a sequence, with the post's page as that build wrote it."""

    name: str
    returncode: int
    output: str
    post: str


def build_cache_sequence(root) -> list[Step]:
    """One mini-site built again and again: unchanged, after a prose edit, a code edit, an edit
    to its package and that edit's revert."""
    site, out = make_mini_site(root / "src"), root / "out"
    post, package = site / "posts" / "mini.md", site / "src" / "minipkg" / "__init__.py"
    steps = []

    def step(name):
        result = build(site, out)
        page = (result.html / "posts" / "mini.html")
        steps.append(Step(name, result.returncode, result.output,
                          page.read_text(encoding="utf-8") if page.is_file() else ""))

    # What the Makefile and tools leave in the folder is never read (.venv-package after
    # `make test-package` once made 26 warnings of numpy's LICENSE files; docs/ is not published).
    for junk in (".venv-package/lib/numpy/LICENSE.md", "docs/how-it-is-built.md", "_build/reports/x.md"):
        (site / junk).parent.mkdir(parents=True, exist_ok=True)
        (site / junk).write_text("# Not a page\n", encoding="utf-8")
    step("first")
    step("unchanged")
    post.write_text(post.read_text().replace("# A mini post", "# A mini post, retitled"))
    step("prose edit")
    post.write_text(post.read_text().replace('glue("value", VALUE', 'glue("value", VALUE + 2'))
    step("code edit")
    post.write_text(post.read_text().replace('glue("value", VALUE + 2', 'glue("value", VALUE'))
    package.write_text("VALUE = 42\n")
    step("package edit")
    package.write_text("VALUE = 41\n")
    step("package reverted")
    # A damaged cache (as after a full disk): said in one line, rebuilt, the build goes on.
    for database in (out / ".jupyter_cache").glob("*/global.db"):
        database.write_bytes(b"not a database" * 100)
    post.write_text(post.read_text().replace('glue("value", VALUE', 'glue("value", VALUE + 3'))
    step("damaged cache")
    return steps


def build_without_node(root) -> Build:
    site = make_mini_site(root / "src")
    (site / "node_modules").unlink(missing_ok=True)
    return build(site, root / "out")


BACKGROUND = {}
BACKGROUND_LOCK = threading.Lock()


BUILDS = {"cache": build_cache_sequence, "listing": build_listing_sequence, "fixture": build_fixture_site,
          "fixture-again": build_fixture_site,
          "broken": build_broken_twice, "mini": build_mini_site, "no-node": build_without_node}


def background(tmp_path_factory, name, everything=False) -> Background:
    """The background build called `name`, started if need be; with `everything`, start every
    shared build now (the longest first: the sequences are several builds in a row), as the
    whole suite does once the site is built. A test file run alone starts only what it uses."""
    with BACKGROUND_LOCK:
        for key in (BUILDS if everything else [name]):
            if key not in BACKGROUND:
                folder = tmp_path_factory.mktemp(key)
                BACKGROUND[key] = Background(lambda make=BUILDS[key], folder=folder: make(folder))
    return BACKGROUND[name]


@pytest.fixture(scope="session")
def real_site(tmp_path_factory) -> Build:
    """The author's posts, built once from a clean state, alone (so its time is a fair unit).
    Its verdict is the build's own: the tests only ask whether it passed."""
    start = time.monotonic()
    result = build(ROOT, tmp_path_factory.mktemp("real-site"))
    CLEAN_BUILD_SECONDS.append(time.monotonic() - start)
    background(tmp_path_factory, "fixture", everything=True)  # behind the tests of this build
    return result


@pytest.fixture(scope="session")
def site(real_site, tmp_path_factory) -> Build:
    """The fixture site (tests/fixtures/README.md), which the site tests read."""
    result = background(tmp_path_factory, "fixture").result()
    assert result.returncode == 0, f"the fixture site failed to build:\n{result.output[-6000:]}"
    return result


@pytest.fixture(scope="session")
def site_again(tmp_path_factory) -> Build:
    """A second clean build of the fixture site, for the reproducibility check."""
    result = background(tmp_path_factory, "fixture-again").result()
    assert result.returncode == 0, f"the fixture site's second build failed:\n{result.output[-6000:]}"
    return result


@pytest.fixture(scope="session")
def broken(tmp_path_factory) -> tuple[Build, Build]:
    return background(tmp_path_factory, "broken").result()


@pytest.fixture(scope="session")
def mini_site(tmp_path_factory) -> Build:
    result = background(tmp_path_factory, "mini").result()
    assert result.returncode == 0, result.output[-3000:]
    return result


@pytest.fixture(scope="session")
def cache_sequence(tmp_path_factory) -> list[Step]:
    return background(tmp_path_factory, "cache").result()


@pytest.fixture(scope="session")
def listing_sequence(tmp_path_factory) -> list[ListingStep]:
    return background(tmp_path_factory, "listing").result()


@pytest.fixture(scope="session")
def site_without_node(tmp_path_factory) -> Build:
    return background(tmp_path_factory, "no-node").result()


def pytest_terminal_summary(terminalreporter):
    """The test run's cost in clean site builds, both measured in this run (target: <= 8)."""
    if CLEAN_BUILD_SECONDS:
        total, clean = time.monotonic() - SESSION_START, CLEAN_BUILD_SECONDS[0]
        terminalreporter.write_line(
            f"test run {total:.0f} s = {total / clean:.1f} x one clean site build ({clean:.1f} s, same run)")
