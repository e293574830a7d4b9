"""The site tests' own report: the timings they measured and the accessibility table.

The site's build (once per session and engine, strict, as `make build`), its server under
/gist-guide/, the browser and the watched visits are in tests/conftest.py.
"""

from __future__ import annotations

from typing import Any

from site_support import MEASURES, TIMINGS
from widget_support import AXE_RESULTS, axe_table


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if TIMINGS:
        terminalreporter.section("site browser timings")
        for name, seconds in TIMINGS.items():
            terminalreporter.write_line(f"{name}: {seconds:.2f} s")
    if MEASURES:
        terminalreporter.section("site browser measures")
        for name, value in MEASURES.items():
            terminalreporter.write_line(f"{name}: {value}")
    if AXE_RESULTS:
        terminalreporter.section("accessibility (axe-core) per page, widget state and palette")
        for line in axe_table():
            terminalreporter.write_line(line)
