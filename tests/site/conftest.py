"""The built site, served under a sub-path, and a real Chromium to read it with.

The site is built once per test session with `mkdocs build --strict`, exactly as `make build`
does, and served from a local address under /gist-guide/, as GitHub project pages serve it,
so a URL that is not relative breaks here as it would there. The browser is Debian's
Chromium; a missing browser or Pyodide is a failure, never a skip, because a check that
silently does not run would count as passing.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import sync_playwright
from site_support import (
    BUILD_TIMEOUT_S,
    CHROMIUM_ARGS,
    PYODIDE_DIR,
    REPO,
    SUB_PATH,
    TIMINGS,
    Site,
    SiteHandler,
    Visit,
    open_visit,
)
from widget_support import AXE_RESULTS, axe_table


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """Build the site once with `mkdocs build --strict` and serve it under /gist-guide/."""
    if not (PYODIDE_DIR / "pyodide.asm.wasm").is_file():
        pytest.fail(f"Pyodide is missing from {PYODIDE_DIR}: run 'make node' (npm ci) first.")
    root = tmp_path_factory.mktemp("built") / "site"
    handler = functools.partial(SiteHandler, directory=str(root))
    # Bind first: the port goes into site_url, which instant navigation needs exact.
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    port = server.server_address[1]
    origin = f"http://127.0.0.1:{port}"
    env = {**os.environ, "SITE_URL": origin + SUB_PATH, "NO_MKDOCS_2_WARNING": "1"}
    try:
        done = subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(root)],
            cwd=REPO,
            env=env,
            capture_output=True,
            text=True,
            timeout=BUILD_TIMEOUT_S,
            check=False,
        )
    except BaseException:
        server.server_close()
        raise
    log = done.stdout + done.stderr
    if done.returncode != 0:
        server.server_close()
        pytest.fail(f"`mkdocs build --strict` failed (exit {done.returncode}):\n{log}")
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield Site(root=root, origin=origin, base_url=origin + SUB_PATH, build_log=log)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


# ---------------------------------------------------------------- the browser


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's Chromium through Playwright (Playwright cannot download browsers here)."""
    executable = shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(executable).is_file():
        pytest.fail(
            "Chromium is needed for the browser tests and was not found: "
            "run 'apt-get install -y chromium' (Debian's package)."
        )
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=executable, headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture
def visit(browser: Any, site: Site) -> Iterator[Visit]:
    """A fresh browser context; at the end nothing may have left the site or gone wrong."""
    opened = open_visit(browser, site)
    try:
        yield opened
        opened.assert_clean()
    finally:
        opened.context.close()


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if TIMINGS:
        terminalreporter.section("site browser timings")
        for name, seconds in TIMINGS.items():
            terminalreporter.write_line(f"{name}: {seconds:.2f} s")
    if AXE_RESULTS:
        terminalreporter.section("accessibility (axe-core) per page, widget state and palette")
        for line in axe_table():
            terminalreporter.write_line(line)
