"""What only the offline tests share: what only the copy may hold, its budget, its report.

Kept out of conftest.py so that the test modules import it by a name of its own; the shared
names the offline tests import from here (the watched visit from disk among them) are
browser_support's, re-exported.
"""

from __future__ import annotations

from browser_support import (
    BOOT_TIMEOUT_MS,
    BUILD_SCRIPT,
    BUILD_TIMEOUT_S,
    CHROMIUM_ARGS,
    FOLDER,
    GOLDEN,
    GUIDELINE_PAGES,
    LOCAL_SCHEMES,
    PAGES,
    PYODIDE_DIR,
    REPO,
    VIEWPORT,
    ZIP_NAME,
    DiskVisit,
    chromium_path,
    open_disk_visit,
    wait_idle,
)

# The shared names, re-exported for the offline tests that import them from here.
__all__ = [
    "BOOT_TIMEOUT_MS",
    "BUILD_SCRIPT",
    "BUILD_TIMEOUT_S",
    "CHROMIUM_ARGS",
    "FOLDER",
    "GOLDEN",
    "GUIDELINE_PAGES",
    "LOCAL_SCHEMES",
    "OFFLINE_ONLY_DIRS",
    "OFFLINE_ONLY_FILES",
    "OFFLINE_ONLY_WORDS",
    "PAGES",
    "PYODIDE_DIR",
    "REPO",
    "REPORT",
    "SIZE_LIMIT",
    "VIEWPORT",
    "ZIP_NAME",
    "DiskVisit",
    "chromium_path",
    "open_disk_visit",
    "wait_idle",
]

SIZE_LIMIT = 25_000_000  # bytes (the budget)
# The copy has one .html file per page (use_directory_urls is off offline).

# What only the offline copy may hold (the online site must carry none of it).
OFFLINE_ONLY_DIRS = ("assets/pyodide-offline",)
OFFLINE_ONLY_FILES = ("assets/javascripts/iframe-worker-shim.js",)
# (what the payload scripts and the manifest assign; gist-loader.js only reads them)
OFFLINE_ONLY_WORDS = (
    "window.gistOfflinePayload = {",
    "(window.gistOfflineData = window.gistOfflineData || {})",
    "iframe-worker-shim",
)

# Sizes and timings the tests measure, printed at the end of the run.
REPORT: dict[str, str] = {}
