"""What the offline tests share: where the copy is built, and a watched browser visit from disk.

Kept out of conftest.py so that the test modules import it by a name of its own.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from browser_support import (
    BOOT_TIMEOUT_MS,
    BUILD_SCRIPT,
    BUILD_TIMEOUT_S,
    CHROMIUM_ARGS,
    FOLDER,
    GOLDEN,
    GUIDELINE_PAGES,
    PAGES,
    PYODIDE_DIR,
    REPO,
    SETTLED,
    VIEWPORT,
    ZIP_NAME,
    chromium_path,
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
    "widget_ready_script",
]

SIZE_LIMIT = 25_000_000  # bytes (the budget)
# The only schemes a page of the offline copy may ask for.
LOCAL_SCHEMES = frozenset({"file", "blob", "data"})
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


def widget_ready_script() -> str:
    return SETTLED


@dataclass
class DiskVisit:
    """One browser context reading the unzipped copy, with everything it asked for."""

    root: Path  # the unzipped folder holding index.html
    context: Any
    page: Any
    requests: list[str] = field(default_factory=list)
    elsewhere: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)

    def on_request(self, request: Any) -> None:
        url = request.url
        self.requests.append(url)
        if urlsplit(url).scheme not in LOCAL_SCHEMES:
            self.elsewhere.append(url)

    def url(self, page: str) -> str:
        return (self.root / f"{page}.html").as_uri()

    def goto(self, page: str) -> None:
        self.page.goto(self.url(page), wait_until="domcontentloaded")

    def wait_settled(self, timeout_ms: int = BOOT_TIMEOUT_MS) -> list[str]:
        """Wait until every widget says ready or error; the states, in page order."""
        self.page.wait_for_function(widget_ready_script(), timeout=timeout_ms)
        states: list[str] = self.page.eval_on_selector_all(
            "[data-gist-widget]", "roots => roots.map(r => r.getAttribute('data-state'))"
        )
        return states

    def wait_ready(self, timeout_ms: int = BOOT_TIMEOUT_MS) -> float:
        """Seconds until the page's widget said ready; fails at once if it says error."""
        start = time.monotonic()
        states = self.wait_settled(timeout_ms)
        assert states == ["ready"], f"widget states {states} on {self.page.url}\n" + "\n".join(
            self.problems()
        )
        return time.monotonic() - start

    def problems(self) -> list[str]:
        lines = [f"request outside file:, blob:, data: {u}" for u in self.elsewhere]
        lines += [f"request failed: {u}" for u in self.failed]
        lines += [f"page error: {e}" for e in self.page_errors]
        lines += [f"console error: {e}" for e in self.console_errors]
        return lines

    def assert_clean(self) -> None:
        problems = self.problems()
        assert not problems, "\n".join(problems)


def open_disk_visit(browser: Any, root: Path) -> DiskVisit:
    context = browser.new_context(viewport=VIEWPORT, service_workers="block")
    page = context.new_page()
    visit = DiskVisit(root=root, context=context, page=page)
    context.on("request", visit.on_request)
    context.on("requestfailed", lambda r: visit.failed.append(f"{r.url} ({r.failure})"))
    page.on(
        "console",
        lambda m: (
            visit.console_errors.append(f"{m.text} at {m.location}") if m.type == "error" else None
        ),
    )
    page.on("pageerror", lambda e: visit.page_errors.append(str(e)))
    page.set_default_timeout(BOOT_TIMEOUT_MS)
    return visit
