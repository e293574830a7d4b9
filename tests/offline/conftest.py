"""The offline tests' own fixtures; the builds, the browser and the visits are in
tests/conftest.py.

The zip is built from the current source by the same script `make offline` runs, so the tests
test this checkout and not a stale dist/. It is unzipped into a temporary folder and opened
through file:// URLs, as a reader who double-clicks index.html would, in Chromium started
without --allow-file-access-from-files.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from offline_support import REPORT

from browser_support import build_site


def _online_build(tmp_path_factory: pytest.TempPathFactory, zip_path: Path | None) -> Path:
    root = tmp_path_factory.mktemp("online") / "site"
    build_site(root, offline_zip=zip_path)
    return root


@pytest.fixture(scope="session")
def published_site(offline_zip: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The online site as the Pages workflow builds it: with the zip published beside it."""
    return _online_build(tmp_path_factory, offline_zip)


@pytest.fixture(scope="session")
def plain_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The online site as `make build` makes it, with no zip given."""
    return _online_build(tmp_path_factory, None)


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if REPORT:
        terminalreporter.section("offline copy: size and timings")
        for name, value in REPORT.items():
            terminalreporter.write_line(f"{name}: {value}")
