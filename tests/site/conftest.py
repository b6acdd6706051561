"""Fixtures of the site tests: each expensive site is built once per test run.

The author's posts are built first, once, alone, and timed (the run reports its cost in such
builds); the suite asks only whether that build passed. The other sites the tests share, the
fixture site first (tests/fixtures/README.md), are then built in the background, two at a time
on these two-core machines.
"""

import functools
import shutil
import threading
import time
from datetime import datetime
from http.server import ThreadingHTTPServer
from typing import NamedTuple

import pytest

from mini_sites import BROKEN, CHECKED, FLUSH, GISCUS, SERVED_REPOSITORY, VALID_SHORT
from tools.building import ROOT, Build, QuietHandler, build, make_fixture_site, make_mini_site, mini_post, serve

SESSION_START = time.monotonic()
CLEAN_BUILD_SECONDS = []
BUILD_SLOTS = threading.Semaphore(2)
# name -> seconds each background job held its slot: the summary says where the run's time went.
BACKGROUND_SECONDS = {}


class Background:
    """`make()` running in a thread (holding one of the build slots); `result()` waits."""

    def __init__(self, make, name=""):
        self._value = self._error = None
        self._name = name
        self._thread = threading.Thread(target=self._run, args=(make,), daemon=True)
        self._thread.start()

    def _run(self, make):
        with BUILD_SLOTS:
            start = time.monotonic()
            try:
                self._value = make()
            except BaseException as error:  # handed to the test that waits for it
                self._error = error
            BACKGROUND_SECONDS[self._name] = time.monotonic() - start

    def result(self):
        self._thread.join()
        if self._error is not None:
            raise self._error
        return self._value


def build_fixture_site(root) -> Build:
    """A clean build of the fixture site (tests/fixtures/README.md): the real machinery, the
    tests' own posts and the README's template post, added as a new author would add it."""
    return build(make_fixture_site(root / "src"), root / "out")


def build_fixture_site_for_a_server(root) -> tuple[ThreadingHTTPServer, str, Build]:
    """A second clean build of the fixture site, in a folder of its own, with its `site_url` at
    a local server (bound first, so the build knows its port): the notebook tests download from
    it (test_notebooks.py), and its posts are compared with the first build's (test_posts.py:
    the articles hold no site URL, so two clean builds must agree byte for byte)."""
    out = root / "out"
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(out / "html")))
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    env = {"BLOG_SITE_URL": base, "BLOG_REPOSITORY_URL": SERVED_REPOSITORY}
    return server, base, build(make_fixture_site(root / "src"), out, env=env)


def build_broken_twice(root) -> tuple[Build, Build]:
    """A mini-site whose posts each fail in their own way, built, then built again."""
    site = make_mini_site(root / "src", posts={name: text for name, (text, _, _) in BROKEN.items()})
    return build(site, root / "out"), build(site, root / "out")


def build_mini_site(root) -> Build:
    """A mini-site that builds clean: a post with a checked formula, split stdout chunks and
    comments on; a short post with inline math only, no figure, no glued number, an ISO date."""
    posts = {"mini": mini_post(FLUSH, CHECKED), "short": VALID_SHORT}
    return build(make_mini_site(root / "src", extra_conf=GISCUS, posts=posts), root / "out")


class SequenceStep(NamedTuple):
    """One build of the incremental sequence: what it printed, its pages as it left them, and
    what every page listing posts must then show."""

    name: str
    returncode: int
    output: str
    html: object  # a copy of the pages this build left (the next build writes over them)
    posts: list  # [(file stem, title)], newest first
    gone: list  # titles that no longer exist
    removed: list  # file stems that no longer exist


# A page of cards besides the index (which keeps ABlog's postlist, the page the listing test
# reads): a page with {postcards} must be rewritten whenever a post changes (pages/front_page.py).
CARDS_PAGE = """---
orphan: true
---

# All the cards

```{postcards}
```
"""


# No sequence test reads the CSS or the preview images, which the fixture site's tests check
# (test_reader.py, test_browser.py): nine builds need not make them. The page of cards is a
# page the real conf.py does not know.
SEQUENCE_CONF = """
blog_prune_css = False
blog_social_images = False
include_patterns = include_patterns + ["cards.md"]
"""


def build_incremental_sequence(root) -> list[SequenceStep]:
    """One mini-site built again and again, each build checked for both what it executed (the
    cache) and what every page listing posts shows: clean, unchanged, add, retitle (a prose
    edit), rename, re-date with a code edit, an edit to its package and that edit's revert,
    then a post deleted while the cache is damaged.

    One sequence rather than a caching one and a listing one: every incremental build costs
    Sphinx's start-up and the site's writing, whichever of the two a test reads."""
    posts = {"alpha": ("Alpha Post", "Jan 02, 2024"), "beta": ("Beta Post", "Jan 05, 2024")}
    site = make_mini_site(root / "src", extra_conf=SEQUENCE_CONF,
                          posts={stem: mini_post(title=title, date=date) for stem, (title, date) in posts.items()})
    # Built without Node.js throughout: the fall-back to math rendered in the browser is tested
    # on its first build, and the nine builds skip KaTeX, which the other sites test.
    (site / "node_modules").unlink(missing_ok=True)
    (site / "cards.md").write_text(CARDS_PAGE, encoding="utf-8")
    out, package, steps, gone, removed = root / "out", site / "src" / "minipkg" / "__init__.py", [], [], []

    def write(stem, value="VALUE"):
        """The post `stem` as `posts` says, gluing `value` (a code edit when it changes)."""
        title, date = posts[stem]
        text = mini_post(title=title, date=date).replace('glue("value", VALUE,', f'glue("value", {value},')
        (site / "posts" / f"{stem}.md").write_text(text, encoding="utf-8")

    def step(name):
        result = build(site, out)
        pages = shutil.copytree(result.html, root / f"after-{name.replace(' ', '-')}",
                                ignore=shutil.ignore_patterns("_static", "_images", "_sources"))
        order = sorted(posts, key=lambda stem: datetime.strptime(posts[stem][1], "%b %d, %Y"), reverse=True)
        steps.append(SequenceStep(name, result.returncode, result.output, pages,
                                  [(stem, posts[stem][0]) for stem in order], list(gone), list(removed)))

    # What the Makefile and tools leave in the folder is never read (.venv-package after
    # `make test-package` once made 26 warnings of numpy's LICENSE files; docs/ is not published).
    for junk in (".venv-package/lib/numpy/LICENSE.md", "docs/how-it-is-built.md", "_build/reports/x.md"):
        (site / junk).parent.mkdir(parents=True, exist_ok=True)
        (site / junk).write_text("# Not a page\n", encoding="utf-8")
    step("first")
    step("unchanged")
    # Code of its own: a post whose cells match a cached post's would not run (the cache keys
    # on the code), and "add" must show that only the new post runs.
    posts["gamma"] = ("Gamma Post", "Jan 03, 2024")
    write("gamma", value="VALUE + 10")
    step("add")
    gone.append(posts["gamma"][0])
    posts["gamma"] = ("Delta Thoughts", "Jan 03, 2024")
    write("gamma", value="VALUE + 10")
    step("retitle")
    (site / "posts" / "gamma.md").rename(site / "posts" / "delta.md")
    posts["delta"] = posts.pop("gamma")
    removed.append("gamma")
    step("rename")
    posts["alpha"] = ("Alpha Post", "Jan 09, 2024")
    write("alpha", value="VALUE + 2")
    step("re-date and code edit")
    package.write_text("VALUE = 42\n")
    step("package edit")
    package.write_text("VALUE = 41\n")
    step("package reverted")
    # A damaged cache (as after a full disk): said in one line, rebuilt, the build goes on.
    for database in (out / ".jupyter_cache").glob("*/global.db"):
        database.write_bytes(b"not a database" * 100)
    write("alpha", value="VALUE + 3")
    gone.append(posts.pop("beta")[0])
    (site / "posts" / "beta.md").unlink()
    removed.append("beta")
    step("delete and damaged cache")
    return steps


BACKGROUND = {}
BACKGROUND_LOCK = threading.Lock()


# In the order the slots take them (first come, first served): the builds whose tests take
# long first, the fixture site that most tests read and its second build (the notebooks run in
# a fresh Jupyter, the reproducibility check), then the mini-site; the broken site and the
# nine builds of the sequence, whose tests only read what the builds printed, end the run.
BUILDS = {"fixture": build_fixture_site, "fixture-for-a-server": build_fixture_site_for_a_server,
          "mini": build_mini_site, "broken": build_broken_twice, "sequence": build_incremental_sequence}


def background(tmp_path_factory, name, everything=False) -> Background:
    """The background build called `name`, started if need be; with `everything`, start every
    shared build now (in the order of BUILDS), as the whole suite does once the site is built.
    A test file run alone starts only what it uses."""
    with BACKGROUND_LOCK:
        for key in (BUILDS if everything else [name]):
            if key not in BACKGROUND:
                folder = tmp_path_factory.mktemp(key)
                BACKGROUND[key] = Background(lambda make=BUILDS[key], folder=folder: make(folder), key)
    return BACKGROUND[name]


REAL_SITE = []


def build_real_site(tmp_path_factory) -> Build:
    """The author's posts, built once from a clean state, alone (so its time is a fair unit);
    then every shared build is started in the background."""
    if not REAL_SITE:
        start = time.monotonic()
        REAL_SITE.append(build(ROOT, tmp_path_factory.mktemp("real-site")))
        CLEAN_BUILD_SECONDS.append(time.monotonic() - start)
        background(tmp_path_factory, "fixture", everything=True)
    return REAL_SITE[0]


def pytest_collection_finish(session):
    """When the run includes tests that read the real build, make it now, before the package's
    tests: those then run on one core while the shared sites build on the other, instead of
    leaving a core idle for the package's half of the run."""
    if session.config.option.collectonly:
        return
    if any("real_site" in getattr(item, "fixturenames", ()) for item in session.items):
        build_real_site(session.config._tmp_path_factory)


# The fixtures that wait for a background build, in the order the builds are expected to end.
WAITS_FOR = ["site", "served_site", "site_again", "mini_site", "broken", "incremental_sequence"]


def pytest_collection_modifyitems(session, config, items):
    """Run the tests that wait for no build first and those that wait for the last build last
    (stable: files stay together within a rank), so the run's own thread keeps testing while
    the builds go on instead of waiting on the build of the next file in alphabetical order."""
    def rank(item):
        names = set(getattr(item, "fixturenames", ()))
        return max((WAITS_FOR.index(name) + 1 for name in names & set(WAITS_FOR)), default=0)

    items[:] = sorted(items, key=rank)


@pytest.fixture(scope="session")
def real_site(tmp_path_factory) -> Build:
    """The author's posts' build (build_real_site). Its verdict is the build's own: the tests
    only ask whether it passed."""
    return build_real_site(tmp_path_factory)


@pytest.fixture(scope="session")
def site(real_site, tmp_path_factory) -> Build:
    """The fixture site (tests/fixtures/README.md), which the site tests read."""
    result = background(tmp_path_factory, "fixture").result()
    assert result.returncode == 0, f"the fixture site failed to build:\n{result.output[-6000:]}"
    return result


@pytest.fixture(scope="module")
def base_url(site):
    """The fixture site, served on 127.0.0.1 for one test module's browser visits."""
    with serve(site.html) as url:
        yield url


@pytest.fixture(scope="session")
def served_site(tmp_path_factory):
    """(base URL, build): the second clean build of the fixture site, served on 127.0.0.1
    where its site_url says, until the run ends."""
    server, base, result = background(tmp_path_factory, "fixture-for-a-server").result()
    assert result.returncode == 0, f"the fixture site's second build failed:\n{result.output[-6000:]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield base, result
    server.shutdown()
    server.server_close()
    thread.join()


@pytest.fixture(scope="session")
def site_again(tmp_path_factory) -> Build:
    """The fixture site's second clean build (for a server), for the reproducibility check."""
    server, _, result = background(tmp_path_factory, "fixture-for-a-server").result()
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
def incremental_sequence(tmp_path_factory) -> list[SequenceStep]:
    return background(tmp_path_factory, "sequence").result()


def pytest_terminal_summary(terminalreporter):
    """The test run's cost in clean site builds, both measured in this run (target: <= 6), and
    how long each background job held its slot."""
    if CLEAN_BUILD_SECONDS:
        total, clean = time.monotonic() - SESSION_START, CLEAN_BUILD_SECONDS[0]
        terminalreporter.write_line(
            f"test run {total:.0f} s = {total / clean:.1f} x one clean site build ({clean:.1f} s, same run)")
    if BACKGROUND_SECONDS:
        terminalreporter.write_line("background builds (s, two at a time): " + ", ".join(
            f"{name} {seconds:.0f}" for name, seconds in BACKGROUND_SECONDS.items()))
