"""What the site tests share: where the site is built and served, and a watched browser visit.

Kept out of conftest.py so that the test modules import it by a name of its own.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

REPO = Path(__file__).resolve().parents[2]
SUB_PATH = "/gist-guide/"
PYODIDE_DIR = REPO / "node_modules" / "pyodide"
DOCS = REPO / "docs"
BUILD_TIMEOUT_S = 600
# A Pyodide boot on two shared cores takes several seconds; give it room.
BOOT_TIMEOUT_MS = 60_000
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-gpu",
]
# Wide enough that Material shows the navigation sidebar instead of the drawer.
VIEWPORT = {"width": 1400, "height": 1000}

# Every page of the site, with its widget; the guideline pages are the four situations.
PAGES = (
    "index",
    "localised-smaller",
    "localised-larger",
    "unresectable",
    "recurrent",
    "understanding-risk",
    "how-the-calculator-decides",
    "medicines",
    "sources",
)
GUIDELINE_PAGES = ("localised-smaller", "localised-larger", "unresectable", "recurrent")

# Timings the browser tests measure, printed at the end of the run.
TIMINGS: dict[str, float] = {}


def front_matter(page: str) -> dict[str, Any]:
    """The page's YAML front matter; `widget:` is the example case its widget opens on."""
    text = (DOCS / f"{page}.md").read_text(encoding="utf-8")
    match = re.match(r"---\n(.*?)\n---\n", text, re.DOTALL)
    assert match, f"docs/{page}.md has no front matter"
    meta = yaml.safe_load(match.group(1))
    assert isinstance(meta, dict)
    return meta


@dataclass
class Site:
    """The built site and where it is served."""

    root: Path
    origin: str  # http://127.0.0.1:PORT
    base_url: str  # origin + SUB_PATH
    build_log: str
    engine: str = "mkdocs"  # or "zensical"

    def page_file(self, page: str) -> Path:
        return self.root / ("index.html" if page == "index" else f"{page}/index.html")

    def page_url(self, page: str) -> str:
        return self.base_url + ("" if page == "index" else f"{page}/")


class SiteHandler(SimpleHTTPRequestHandler):
    """Serves the built site under SUB_PATH only, with the types Pyodide needs."""

    extensions_map = {  # noqa: RUF012  (the base class declares it a plain class attribute)
        **SimpleHTTPRequestHandler.extensions_map,
        ".wasm": "application/wasm",
        ".mjs": "text/javascript",
        ".js": "text/javascript",
        ".zip": "application/zip",
        ".whl": "application/zip",
        ".json": "application/json",
        ".gz": "application/gzip",
    }

    def _outside(self) -> bool:
        path = urlsplit(self.path).path
        if path == SUB_PATH.rstrip("/"):
            self.send_response(HTTPStatus.MOVED_PERMANENTLY)
            self.send_header("Location", SUB_PATH)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return True
        if not path.startswith(SUB_PATH):
            self.send_error(HTTPStatus.NOT_FOUND, "Outside the site's sub-path")
            return True
        return False

    def do_GET(self) -> None:
        if not self._outside():
            super().do_GET()

    def do_HEAD(self) -> None:
        if not self._outside():
            super().do_HEAD()

    def translate_path(self, path: str) -> str:
        return super().translate_path("/" + path[len(SUB_PATH) :])

    def end_headers(self) -> None:
        # Like GitHub Pages, let the browser revalidate; tests always see the fresh build.
        self.send_header("Cache-Control", "no-cache")
        super().end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        pass  # quiet: failures show up in the tests' own messages


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
        if not (url == self.site.origin or url.startswith(self.site.origin + "/")):
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
        self.page.wait_for_function(
            """() => {
                const roots = document.querySelectorAll("[data-gist-widget]");
                return roots.length > 0 && Array.from(roots).every(
                    (r) => ["ready", "error"].includes(r.getAttribute("data-state")));
            }""",
            timeout=timeout_ms,
        )
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
