"""The built site, served under a sub-path, and a real Chromium to read it with.

The site is built once per test session and engine (MkDocs, and Zensical for the tests that
ask for both) by site_build.engines.build, exactly as `make build` does, and served from a local address under /gist-guide/, as GitHub project pages serve it,
so a URL that is not relative breaks here as it would there. The browser is Debian's
Chromium; a missing browser or Pyodide is a failure, never a skip, because a check that
silently does not run would count as passing.
"""

from __future__ import annotations

import functools
import os
import shutil
import threading
from collections.abc import Iterator
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import sync_playwright
from site_support import (
    CHROMIUM_ARGS,
    PYODIDE_DIR,
    SUB_PATH,
    TIMINGS,
    Site,
    SiteHandler,
    Visit,
    open_visit,
)
from widget_support import AXE_RESULTS, axe_table

from site_build.engines import build
from site_build.project import BuildError

# The engines a test module builds with: `SITE_ENGINES = ALL_ENGINES` in a module (or the
# marker `both_engines` on a test) adds Zensical to the default MkDocs build.
ALL_ENGINES = ("mkdocs", "zensical")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Give every test that uses the site the engines it must pass on (MkDocs by default)."""
    if "site" not in metafunc.fixturenames:
        return
    engines = getattr(metafunc.module, "SITE_ENGINES", ("mkdocs",))
    if metafunc.definition.get_closest_marker("both_engines"):
        engines = ALL_ENGINES
    metafunc.parametrize("site", engines, indirect=True, scope="session")


@pytest.fixture(scope="session")
def site(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Site]:
    """Build the site once per engine, strictly, as `make build` does; serve it under /gist-guide/."""
    engine = getattr(request, "param", "mkdocs")
    if not (PYODIDE_DIR / "pyodide.asm.wasm").is_file():
        pytest.fail(f"Pyodide is missing from {PYODIDE_DIR}: run 'make node' (npm ci) first.")
    root = tmp_path_factory.mktemp(f"built-{engine}") / "site"
    handler = functools.partial(SiteHandler, directory=str(root))
    # Bind first: the port goes into site_url, which instant navigation needs exact.
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    port = server.server_address[1]
    origin = f"http://127.0.0.1:{port}"
    env = {k: v for k, v in os.environ.items() if k not in {"OFFLINE", "GIST_OFFLINE_ZIP"}}
    env["SITE_URL"] = origin + SUB_PATH
    try:
        log = build(engine, root, environ=env)
    except BuildError as error:
        server.server_close()
        pytest.fail(f"the {engine} build failed: {error}")
    except BaseException:
        server.server_close()
        raise
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield Site(
            root=root, origin=origin, base_url=origin + SUB_PATH, build_log=log, engine=engine
        )
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
