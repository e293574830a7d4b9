"""What only the site tests share: the timings they measure. The rest is browser_support's.

Kept out of conftest.py so that the test modules import it by a name of its own; the shared
names the site tests import from here are browser_support's, re-exported.
"""

from __future__ import annotations

from browser_support import (
    BOOT_TIMEOUT_MS,
    BUILD_TIMEOUT_S,
    CHROMIUM_ARGS,
    DOCS,
    GUIDELINE_PAGES,
    PAGES,
    PYODIDE_DIR,
    REPO,
    SUB_PATH,
    VIEWPORT,
    Site,
    SiteHandler,
    Visit,
    front_matter,
    open_visit,
)

# Timings the browser tests measure (seconds), and other measures with their units
# ("5323 px", "2 pages"), printed at the end of the run.
TIMINGS: dict[str, float] = {}
MEASURES: dict[str, str] = {}

__all__ = [
    "BOOT_TIMEOUT_MS",
    "BUILD_TIMEOUT_S",
    "CHROMIUM_ARGS",
    "DOCS",
    "GUIDELINE_PAGES",
    "MEASURES",
    "PAGES",
    "PYODIDE_DIR",
    "REPO",
    "SUB_PATH",
    "TIMINGS",
    "VIEWPORT",
    "Site",
    "SiteHandler",
    "Visit",
    "front_matter",
    "open_visit",
]
