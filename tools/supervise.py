"""Run a long command (the build, the live preview) so that stopping it is clean.

    python tools/supervise.py <what> -- <command> [args…]

- The command runs in a session of its own, so everything it starts (sphinx-autobuild, the
  builds it runs, their Jupyter kernels) can be stopped together: Ctrl-C, `kill <pid>` of this
  process, or the death of its parent (`make`, Linux's PR_SET_PDEATHSIG) stops the whole group.
- Stopped, it prints one line ("<what> stopped") instead of the tracebacks of each process
  interrupted mid-flight (sphinx-autobuild's asyncio CancelledError alone is 65 lines).
- Otherwise it is transparent: the command's output is passed through, its exit status kept.
"""

import ctypes
import os
import signal
import subprocess
import sys
import threading
import time

PR_SET_PDEATHSIG = 1
GRACE_SECONDS = 3


def die_with_parent() -> None:
    """Ask Linux to send SIGTERM to this process when its parent (make) dies."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    except (OSError, AttributeError):
        pass  # not Linux: Ctrl-C and kill still work


def main(argv: list[str]) -> int:
    what, command = argv[0], argv[argv.index("--") + 1:]
    die_with_parent()
    child = subprocess.Popen(command, start_new_session=True, stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT)
    stopping = threading.Event()

    def stop(signum, frame):
        stopping.set()
        try:
            os.killpg(child.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass

    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, stop)

    def forward():
        for line in iter(child.stdout.readline, b""):
            if not stopping.is_set():  # what dying processes print is not the author's concern
                sys.stdout.buffer.write(line)
                sys.stdout.buffer.flush()

    reader = threading.Thread(target=forward, daemon=True)
    reader.start()
    stopped_at = None
    while True:  # polled, so a signal is acted on even while the child keeps running
        try:
            code = child.wait(timeout=0.2)
            break
        except subprocess.TimeoutExpired:
            if stopping.is_set():
                stopped_at = stopped_at or time.monotonic()
                if time.monotonic() - stopped_at > GRACE_SECONDS:
                    os.killpg(child.pid, signal.SIGKILL)  # something ignored SIGTERM
    if stopping.is_set():
        try:
            os.killpg(child.pid, signal.SIGKILL)  # whatever of the group is still alive
        except ProcessLookupError:
            pass
        print(f"{what} stopped.", flush=True)
        return 130
    reader.join(timeout=5)
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
