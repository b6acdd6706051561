"""What the browser tests share: Debian's Chromium, its flags, and whether it can run here.

In CI (CI=true) a missing browser fails the tests that need it; elsewhere they are skipped."""

import os
from pathlib import Path

import pytest

try:
    from playwright.sync_api import sync_playwright
except ImportError:
    sync_playwright = None

CHROMIUM = Path(os.environ.get("CHROMIUM") or "/usr/bin/chromium")
# Offline and quiet: no first-run pages, updates or background requests to wait for.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
IN_CI = os.environ.get("CI", "").lower() in ("true", "1", "yes")
BROWSER = sync_playwright is not None and CHROMIUM.is_file()
needs_browser = pytest.mark.skipif(not BROWSER and not IN_CI, reason="needs Chromium and the playwright module")
