"""Build-time benchmark of the whole site: clean build and three kinds of rebuild.

Copies the working tree to a temporary folder (node_modules linked) and times, with the
README's options, three rounds of: a clean build, a rebuild with no change, a rebuild after a
prose edit and a rebuild after a code edit of one post. Prints a Markdown table of medians
and how many notebooks each kind executed. Not a test: run it with `make benchmark`.

    python -m benchmarks.bench_build [--rounds 3]
    python -m benchmarks.bench_build --scale 16 [--rounds 1]   # the posts vs 16 (copies)
    python -m benchmarks.bench_build --suite                   # the test suite's cost

`--scale N` copies the posts (labels renamed, as labels are site-wide) until the site has N,
and compares a clean build and a no-change rebuild of the real posts with those of N posts
(targets: clean at most 2.5x, no-change at most 1.5x), on the clock and in CPU time. `--suite`
runs `make test`'s pytest and prints its time and its cost in clean site builds (the line the
suite ends with).
"""

import argparse
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
from tools.building import sphinx_options  # one source for the build options

SKIP = {"_build", ".venv", ".venv-package", "node_modules", ".git", ".pytest_cache", "__pycache__"}


def copy_site(target: Path) -> Path:
    shutil.copytree(ROOT, target, ignore=lambda d, names: [n for n in names if n in SKIP])
    (target / "node_modules").symlink_to(ROOT / "node_modules")
    return target


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed_build(site: Path, cpu: list | None = None) -> tuple[float, int]:
    """The build's wall-clock seconds and the notebooks it executed; its CPU seconds (the build
    and every process it ran: kernels, Node) are appended to `cpu`: on a shared machine the
    clock measures the other jobs too, the CPU time only this build's work."""
    start, start_cpu = time.perf_counter(), children_cpu()
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", *sphinx_options(), "-b", "html",
         "-d", str(site / "_build" / "doctrees"), str(site), str(site / "_build" / "html")],
        capture_output=True, text=True,
    )
    seconds = time.perf_counter() - start
    if cpu is not None:
        cpu.append(children_cpu() - start_cpu)
    if result.returncode:
        sys.exit(f"build failed:\n{result.stdout[-3000:]}{result.stderr[-3000:]}")
    return seconds, len(re.findall(r"Executed notebook in", result.stdout + result.stderr))


LABEL = re.compile(r"\$\$\s*\(([^()\s]+)\)|^\(([^()\s]+)\)=", re.M)


def renamed_copy(text: str, suffix: str) -> str:
    """A post with every label it defines renamed (`label` -> `label-<suffix>`), everywhere."""
    labels = sorted({a or b for a, b in LABEL.findall(text)}, key=len, reverse=True)
    for label in labels:
        text = re.sub(rf"(?<![\w-]){re.escape(label)}(?![\w-])", f"{label}-{suffix}", text)
    return text


def grow_to(site: Path, count: int) -> None:
    """Copies of the site's posts until it has `count` posts."""
    originals = sorted((site / "posts").glob("*.md"))
    for number in range(count - len(originals)):
        source = originals[number % len(originals)]
        copy = site / "posts" / f"{source.stem}-copy{number}.md"
        copy.write_text(renamed_copy(source.read_text(encoding="utf-8"), f"c{number}"), encoding="utf-8")


def scale(posts: int, rounds: int) -> None:
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        for count in (None, posts):
            site = copy_site(Path(tmp) / f"site-{count}")
            if count:
                grow_to(site, count)
            n = len(list((site / "posts").glob("*.md")))
            clean, nochange, clean_cpu, nochange_cpu = [], [], [], []
            for round_ in range(rounds):
                shutil.rmtree(site / "_build", ignore_errors=True)
                clean.append(timed_build(site, clean_cpu)[0])
                nochange.append(timed_build(site, nochange_cpu)[0])
                print(f"{n} posts, round {round_ + 1}: clean {clean[-1]:.1f} s (CPU {clean_cpu[-1]:.1f} s), "
                      f"no-change {nochange[-1]:.1f} s (CPU {nochange_cpu[-1]:.1f} s)", file=sys.stderr)
            results[n] = [statistics.median(times) for times in (clean, nochange, clean_cpu, nochange_cpu)]
    (small, (c1, n1, cc1, nc1)), (large, (c2, n2, cc2, nc2)) = sorted(results.items())
    print(f"\n| posts | clean build | no-change rebuild | clean, CPU | no-change, CPU |\n|---:|---:|---:|---:|---:|")
    print(f"| {small} | {c1:.1f} s | {n1:.1f} s | {cc1:.1f} s | {nc1:.1f} s |")
    print(f"| {large} | {c2:.1f} s | {n2:.1f} s | {cc2:.1f} s | {nc2:.1f} s |")
    print(f"| ratio | {c2 / c1:.2f}x (target <= 2.5x) | {n2 / n1:.2f}x (target <= 1.5x) "
          f"| {cc2 / cc1:.2f}x | {nc2 / nc1:.2f}x |")
    print(f"\nLoad average when done: {' '.join(f'{load:.1f}' for load in os.getloadavg())} "
          f"({os.cpu_count()} cores): the clock counts other jobs, the CPU columns only the builds'.")


def suite() -> None:
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"],
                            cwd=ROOT, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    cost = re.findall(r"^test run .*$", result.stdout, re.M)
    print(f"make test's pytest: {seconds:.0f} s, exit {result.returncode}; {cost[-1] if cost else ''}")
    print(result.stdout.strip().splitlines()[-1] if result.stdout.strip() else result.stderr[-2000:])


def edit_prose(post: Path, round_: int) -> None:
    text = post.read_text(encoding="utf-8")
    post.write_text(text + f"\nA sentence added by the benchmark, round {round_}.\n", encoding="utf-8")


def edit_code(post: Path, round_: int) -> None:
    text = post.read_text(encoding="utf-8")
    cell = f"\n```{{code-cell}} python\n_benchmark_round = {round_}\n```\n"
    post.write_text(text + cell, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--scale", type=int, metavar="N", help="compare the real posts with N posts")
    parser.add_argument("--suite", action="store_true", help="time the test suite")
    args = parser.parse_args()
    if args.scale:
        return scale(args.scale, args.rounds)
    if args.suite:
        return suite()

    kinds = ["clean build", "no-change rebuild", "prose-edit rebuild", "code-edit rebuild"]
    times = {kind: [] for kind in kinds}
    executed = {kind: [] for kind in kinds}
    with tempfile.TemporaryDirectory() as tmp:
        site = copy_site(Path(tmp) / "site")
        post = sorted((site / "posts").glob("*.md"))[0]
        for round_ in range(args.rounds):
            shutil.rmtree(site / "_build", ignore_errors=True)
            steps = [("clean build", None), ("no-change rebuild", None),
                     ("prose-edit rebuild", edit_prose), ("code-edit rebuild", edit_code)]
            for kind, edit in steps:
                if edit:
                    edit(post, round_)
                seconds, count = timed_build(site)
                times[kind].append(seconds)
                executed[kind].append(count)
                print(f"round {round_ + 1}: {kind:<20} {seconds:6.2f} s, {count} notebook(s) executed",
                      file=sys.stderr)

    clean = statistics.median(times["clean build"])
    print(f"\nPosts: {len(list((ROOT / 'posts').glob('*.md')))}; options: {' '.join(sphinx_options())}; "
          f"medians of {args.rounds}\n")
    print("| build | median time | vs clean build | notebooks executed |")
    print("|---|---|---|---|")
    for kind in kinds:
        median = statistics.median(times[kind])
        counts = sorted(set(executed[kind]))
        print(f"| {kind} | {median:.1f} s | {median / clean:.0%} | {', '.join(map(str, counts))} |")
    no_change = statistics.median(times["no-change rebuild"])
    ok = no_change <= 0.4 * clean and set(executed["no-change rebuild"]) == {0}
    print(f"\nTarget (no-change rebuild executes nothing and takes <= 40 % of a clean build): "
          f"{'PASS' if ok else 'FAIL'}")


if __name__ == "__main__":
    main()
