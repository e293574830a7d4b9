"""What the offline tests share: where the copy is built, and a watched browser visit from disk.

Kept out of conftest.py so that the test modules import it by a name of its own.
"""

from __future__ import annotations

import os
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parents[2]
BUILD_SCRIPT = REPO / "scripts" / "build_offline.py"
PYODIDE_DIR = REPO / "node_modules" / "pyodide"
GOLDEN = REPO / "tests" / "calculator" / "data" / "golden.json"
BUILD_TIMEOUT_S = 600
ZIP_NAME = "gist-guide-offline.zip"
FOLDER = "gist-guide-offline"  # the zip's one top-level folder
SIZE_LIMIT = 25_000_000  # bytes (the budget)
# A Pyodide boot from disk on two shared cores takes several seconds; give it room.
BOOT_TIMEOUT_MS = 60_000
# Deliberately without --allow-file-access-from-files: a reader's browser has no such flag.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-gpu",
]
VIEWPORT = {"width": 1400, "height": 1000}  # wide enough for Material's search box
# The only schemes a page of the offline copy may ask for.
LOCAL_SCHEMES = frozenset({"file", "blob", "data"})

# Every page of the copy (use_directory_urls is off offline: one .html file per page).
PAGES = (
    "index",
    "localised-smaller",
    "localised-larger",
    "unresectable",
    "recurrent",
    "understanding-risk",
    "medicines",
    "sources",
)
GUIDELINE_PAGES = ("localised-smaller", "localised-larger", "unresectable", "recurrent")

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


def chromium_path() -> str | None:
    """GIST_CHROMIUM if set (CI points it at Google Chrome), else Debian's chromium."""
    named = os.environ.get("GIST_CHROMIUM", "").strip()
    if named:
        return named if Path(named).is_file() else None
    found = shutil.which("chromium") or "/usr/bin/chromium"
    return found if Path(found).is_file() else None


def widget_ready_script() -> str:
    return """() => {
        const roots = document.querySelectorAll("[data-gist-widget]");
        return roots.length > 0 && Array.from(roots).every(
            (r) => ["ready", "error"].includes(r.getAttribute("data-state")));
    }"""


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
