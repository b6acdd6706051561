"""`make check POST=posts/<name>.md`: build the site as `make html` does (incrementally, into
the same _build, so only what changed is read and executed) and report on one post only.

Prints the build's problems that name the post (each with its Fix) and whether the post passed;
exits 1 if it has any. Problems of other posts are counted, not shown: `make html` shows them.
"""

import re
import subprocess
import sys
from pathlib import Path

from building import sphinx_options

LOCATION = re.compile(r"^(\S+?\.md)(:\d+)?: (ERROR|WARNING)")


def main(post: str) -> int:
    post = Path(post).as_posix().removeprefix("./")
    if not Path(post).is_file():
        print(f"make check: no such post {post!r} (POST=posts/<name>.md)")
        return 2
    command = [sys.executable, "-m", "sphinx", *sphinx_options(), "-b", "html",
               "-d", "_build/doctrees", ".", "_build/html"]
    output = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True).stdout
    mine, others, current = [], 0, None
    for line in re.sub(r"\x1b\[[0-9;]*m", "", output).splitlines():
        found = LOCATION.match(line)
        if found:
            current = found.group(1).endswith(post)
            others += not current
        elif not line.startswith(" "):
            current = None
        if current:
            mine.append(line)
        if "Executed notebook" in line and post in line:
            print(line)
    print("\n".join(mine))
    note = f" ({others} problem{'s' * (others != 1)} in other pages: run make html)" if others else ""
    problems = sum(bool(LOCATION.match(line)) for line in mine)
    print(f"{post}: " + (f"{problems} problem{'s' * (problems != 1)} to fix" if problems else "passes") + note)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else ""))
