"""What the site tests share: where the site is built and served, and a watched browser visit.

Kept out of conftest.py so that the test modules import it by a name of its own.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from browser_support import (
    BOOT_TIMEOUT_MS,
    BUILD_TIMEOUT_S,
    CHROMIUM_ARGS,
    DOCS,
    GUIDELINE_PAGES,
    PAGES,
    PYODIDE_DIR,
    REPO,
    SETTLED,
    SUB_PATH,
    VIEWPORT,
    Site,
    SiteHandler,
    front_matter,
)

# The shared names, re-exported for the site tests that import them from here.
__all__ = [
    "BOOT_TIMEOUT_MS",
    "BUILD_TIMEOUT_S",
    "CHROMIUM_ARGS",
    "DOCS",
    "GUIDELINE_PAGES",
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

# Timings the browser tests measure, printed at the end of the run.
TIMINGS: dict[str, float] = {}


@dataclass
class Visit:
    """One browser context on the site, with everything it asked for and complained about."""

    site: Site
    context: Any
    page: Any
    requests: list[str] = field(default_factory=list)
    offsite: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    http_errors: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)

    def on_request(self, request: Any) -> None:
        url = request.url
        self.requests.append(url)
        scheme = urlsplit(url).scheme
        if scheme in {"data", "blob"}:
            return
        if not self.site.on_site(url):
            self.offsite.append(url)

    def problems(self) -> list[str]:
        lines = [f"request left the site: {u}" for u in self.offsite]
        lines += [f"request failed: {u}" for u in self.failed]
        lines += [f"HTTP error: {u}" for u in self.http_errors]
        lines += [f"page error: {e}" for e in self.page_errors]
        lines += [f"console error: {e}" for e in self.console_errors]
        return lines

    def take_problems(self) -> list[str]:
        """The problems so far, forgetting them (for a page reused across tests)."""
        problems = self.problems()
        for found in (self.offsite, self.failed, self.http_errors, self.console_errors):
            found.clear()
        self.page_errors.clear()
        return problems

    def assert_clean(self) -> None:
        """No request left the site, none failed, and the page threw and logged no error.

        The problems are taken, so a later check reports only new ones.
        """
        problems = self.take_problems()
        assert not problems, "\n".join(problems)

    def goto(self, page: str) -> None:
        self.page.goto(self.site.page_url(page), wait_until="domcontentloaded")

    def wait_ready(self, timeout_ms: int = BOOT_TIMEOUT_MS) -> float:
        """Wait until the page's widget says ready; fail at once if it says error."""
        start = time.monotonic()
        self.page.wait_for_function(SETTLED, timeout=timeout_ms)
        states = self.page.eval_on_selector_all(
            "[data-gist-widget]", "roots => roots.map(r => r.getAttribute('data-state'))"
        )
        assert states == ["ready"], f"widget states {states} on {self.page.url}\n" + "\n".join(
            self.problems()
        )
        return time.monotonic() - start


def open_visit(browser: Any, site: Site) -> Visit:
    context = browser.new_context(viewport=VIEWPORT, service_workers="block")
    page = context.new_page()
    visit = Visit(site=site, context=context, page=page)
    context.on("request", visit.on_request)
    context.on("requestfailed", lambda r: visit.failed.append(f"{r.url} ({r.failure})"))
    context.on(
        "response",
        lambda r: visit.http_errors.append(f"{r.status} {r.url}") if r.status >= 400 else None,
    )
    page.on(
        "console",
        lambda m: (
            visit.console_errors.append(f"{m.text} at {m.location}") if m.type == "error" else None
        ),
    )
    page.on("pageerror", lambda e: visit.page_errors.append(str(e)))
    page.set_default_timeout(BOOT_TIMEOUT_MS)
    return visit
