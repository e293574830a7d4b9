"""The offline copy, built and unzipped once per test session, and a Chromium to read it with.

The zip is built from the current source by the same script `make offline` runs, so the tests
test this checkout and not a stale dist/. It is unzipped into a temporary folder and opened
through file:// URLs, as a reader who double-clicks index.html would, in Chromium started
without --allow-file-access-from-files. A missing browser or Pyodide is a failure, never a
skip, because a check that silently does not run would count as passing.
"""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from offline_support import (
    BUILD_SCRIPT,
    BUILD_TIMEOUT_S,
    CHROMIUM_ARGS,
    FOLDER,
    PYODIDE_DIR,
    REPO,
    REPORT,
    ZIP_NAME,
    DiskVisit,
    chromium_path,
    open_disk_visit,
)
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import sync_playwright


def _run(command: list[str], env: dict[str, str], what: str) -> str:
    done = subprocess.run(
        command,
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=BUILD_TIMEOUT_S,
        check=False,
    )
    log = done.stdout + done.stderr
    if done.returncode != 0:
        pytest.fail(f"{what} failed (exit {done.returncode}):\n{log}")
    return log


def _clean_env() -> dict[str, str]:
    """The environment without the switches that pick a kind of build."""
    env = {k: v for k, v in os.environ.items() if k not in {"OFFLINE", "GIST_OFFLINE_ZIP"}}
    env["NO_MKDOCS_2_WARNING"] = "1"
    return env


@pytest.fixture(scope="session")
def offline_zip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`make offline`'s zip, built from this checkout into a temporary folder."""
    if not (PYODIDE_DIR / "pyodide.asm.wasm").is_file():
        pytest.fail(f"Pyodide is missing from {PYODIDE_DIR}: run 'make node' (npm ci) first.")
    out = tmp_path_factory.mktemp("dist") / ZIP_NAME
    _run([sys.executable, str(BUILD_SCRIPT), "--out", str(out)], _clean_env(), "make offline")
    return out


@pytest.fixture(scope="session")
def unzipped(offline_zip: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder a reader gets by unzipping the download (it holds index.html)."""
    target = tmp_path_factory.mktemp("unzipped")
    with zipfile.ZipFile(offline_zip) as archive:
        archive.extractall(target)
    return target / FOLDER


def _online_build(tmp_path_factory: pytest.TempPathFactory, zip_path: Path | None) -> Path:
    root = tmp_path_factory.mktemp("online") / "site"
    env = _clean_env()
    if zip_path is not None:
        env["GIST_OFFLINE_ZIP"] = str(zip_path)
    _run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(root)],
        env,
        "the online `mkdocs build --strict`",
    )
    return root


@pytest.fixture(scope="session")
def published_site(offline_zip: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The online site as the Pages workflow builds it: with the zip published beside it."""
    return _online_build(tmp_path_factory, offline_zip)


@pytest.fixture(scope="session")
def plain_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The online site as `make build` makes it, with no zip given."""
    return _online_build(tmp_path_factory, None)


# ---------------------------------------------------------------- the browser


# Module scope: Playwright's sync API runs one instance per thread, and tests/site keeps its
# own for the whole session; this one must be closed before those tests start.
@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Chromium through Playwright: GIST_CHROMIUM, else Debian's /usr/bin/chromium."""
    executable = chromium_path()
    if executable is None:
        pytest.fail(
            "Chromium is needed for the offline tests and was not found: run "
            "'apt-get install -y chromium' (Debian's package), or set GIST_CHROMIUM to a "
            "Chromium or Google Chrome executable."
        )
    try:
        manager = sync_playwright()
        playwright = manager.__enter__()
    except PlaywrightError as error:
        pytest.fail(
            f"Playwright could not start ({error}). Its sync API allows one instance at a "
            "time: run tests/offline before tests/site (as `make test` does), or on its own."
        )
    try:
        launched = playwright.chromium.launch(
            executable_path=executable, headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield launched
        finally:
            launched.close()
    finally:
        manager.__exit__(None, None, None)


@pytest.fixture
def disk(browser: Any, unzipped: Path) -> Iterator[DiskVisit]:
    """A fresh browser context on the unzipped copy; at the end nothing may have gone wrong."""
    visit = open_disk_visit(browser, unzipped)
    try:
        yield visit
        visit.assert_clean()
    finally:
        visit.context.close()


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if REPORT:
        terminalreporter.section("offline copy: size and timings")
        for name, value in REPORT.items():
            terminalreporter.write_line(f"{name}: {value}")
