"""The site tests' own fixtures; the build, its server and the browser are in tests/conftest.py.

The site is built once per test session with `mkdocs build --strict`, exactly as `make build`
does, and served from a local address under /gist-guide/, as GitHub project pages serve it,
so a URL that is not relative breaks here as it would there.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from site_support import TIMINGS, Site, Visit, open_visit
from widget_support import AXE_RESULTS, axe_table

from browser_support import checked


@pytest.fixture
def visit(browser: Any, site: Site) -> Iterator[Visit]:
    """A fresh browser context; at the end nothing may have left the site or gone wrong."""
    yield from checked(open_visit(browser, site))


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if TIMINGS:
        terminalreporter.section("site browser timings")
        for name, seconds in TIMINGS.items():
            terminalreporter.write_line(f"{name}: {seconds:.2f} s")
    if AXE_RESULTS:
        terminalreporter.section("accessibility (axe-core) per page, widget state and palette")
        for line in axe_table():
            terminalreporter.write_line(line)
