"""Fixtures every browser test shares: the builds and one Chromium (session-wide), and a
watched visit to the served site (`visit`) or to the unzipped copy from disk (`disk`).

Each build is made once per test session, whichever directory asks for it first, and the
one Playwright Chromium serves tests/site and tests/offline alike, so the two directories
run in any order, or alone (Playwright's sync API allows one instance per thread: one for
the whole session is the only arrangement that never collides). A missing browser or
Pyodide is a failure, never a skip, because a check that silently does not run would count
as passing. What is shared lives in browser_support.py.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import sync_playwright

from browser_support import (
    CHROMIUM_ARGS,
    FOLDER,
    SUB_PATH,
    ZIP_NAME,
    DiskVisit,
    Site,
    SiteServer,
    Visit,
    build_offline_zip,
    build_site,
    checked,
    chromium_path,
    open_disk_visit,
    open_visit,
)

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
    root = tmp_path_factory.mktemp(f"built-{engine}") / "site"
    # Bind first: the port goes into site_url, which instant navigation needs exact.
    with SiteServer(root) as server:
        log = build_site(root, site_url=server.origin + SUB_PATH, engine=engine)
        server.start()
        yield Site(
            root=root,
            origin=server.origin,
            base_url=server.base_url,
            build_log=log,
            engine=engine,
        )


@pytest.fixture(scope="session")
def offline_zip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`make offline`'s zip, built from this checkout into a temporary folder."""
    out = tmp_path_factory.mktemp("dist") / ZIP_NAME
    build_offline_zip(out)
    return out


@pytest.fixture(scope="session")
def unzipped(offline_zip: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder a reader gets by unzipping the download (it holds index.html)."""
    target = tmp_path_factory.mktemp("unzipped")
    with zipfile.ZipFile(offline_zip) as archive:
        archive.extractall(target)
    return target / FOLDER


@pytest.fixture
def visit(browser: Any, site: Site) -> Iterator[Visit]:
    """A fresh browser context; at the end nothing may have left the site or gone wrong."""
    yield from checked(open_visit(browser, site))


@pytest.fixture
def disk(browser: Any, unzipped: Path) -> Iterator[DiskVisit]:
    """A fresh browser context on the unzipped copy; at the end nothing may have gone wrong."""
    yield from checked(open_disk_visit(browser, unzipped))


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Chromium through Playwright: GIST_CHROMIUM, else Debian's /usr/bin/chromium."""
    executable = chromium_path()
    if executable is None:
        pytest.fail(
            "Chromium is needed for the browser tests and was not found: run "
            "'apt-get install -y chromium' (Debian's package), or set GIST_CHROMIUM to a "
            "Chromium or Google Chrome executable."
        )
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=executable, headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield launched
        finally:
            launched.close()
