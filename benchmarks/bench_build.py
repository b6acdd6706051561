"""Build-time benchmark of the whole site: clean build and three kinds of rebuild.

Copies the working tree to a temporary folder (node_modules linked) and times, with the
README's options, three rounds of: a clean build, a rebuild with no change, a rebuild after a
prose edit and a rebuild after a code edit of one post. Prints a Markdown table of medians
and how many notebooks each kind executed. Not a test: run it with `make benchmark`.

    python -m benchmarks.bench_build [--rounds 3]
"""

import argparse
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
from tools.building import sphinx_options  # one source for the build options

SKIP = {"_build", ".venv", "node_modules", ".git", ".pytest_cache", "__pycache__"}


def copy_site(target: Path) -> Path:
    shutil.copytree(ROOT, target, ignore=lambda d, names: [n for n in names if n in SKIP])
    (target / "node_modules").symlink_to(ROOT / "node_modules")
    return target


def timed_build(site: Path) -> tuple[float, int]:
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", *sphinx_options(), "-b", "html",
         "-d", str(site / "_build" / "doctrees"), str(site), str(site / "_build" / "html")],
        capture_output=True, text=True,
    )
    seconds = time.perf_counter() - start
    if result.returncode:
        sys.exit(f"build failed:\n{result.stdout[-3000:]}{result.stderr[-3000:]}")
    return seconds, len(re.findall(r"Executed notebook in", result.stdout + result.stderr))


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
    args = parser.parse_args()

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
