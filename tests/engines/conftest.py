"""The engine tests' fixtures: a watched server for the built site, disk copies, the engines.

The site and the offline zip are the session's own builds (tests/conftest.py); here they are
served with the engine hook in every page (engine_support.py), or copied with it. Each
engine is started once for this directory. A missing engine is a failure, never a skip:
`.ci/run` installs them, and a check that silently does not run would count as passing.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from engine_support import (
    ENGINES,
    SHORT_LIMITS,
    TIMINGS,
    TIMINGS_FILE,
    Engine,
    EngineError,
    EngineHandler,
    EngineSite,
    hooked_copy,
    start,
)

from browser_support import Site, SiteServer


@pytest.fixture(scope="session")
def engine_site(site: Site) -> Iterator[EngineSite]:
    with SiteServer(site.root, EngineHandler) as server:
        server.start()
        served = EngineSite(server, site)
        try:
            yield served
        finally:
            served.set_faults()


@pytest.fixture
def faults(engine_site: EngineSite) -> Iterator[EngineSite]:
    """The served site, with whatever fault the test sets switched off again afterwards."""
    yield engine_site
    engine_site.set_faults()


@pytest.fixture(scope="session")
def disk_copy(unzipped: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The unzipped offline copy, each page loading the engine hook first."""
    return hooked_copy(unzipped, tmp_path_factory.mktemp("engines-disk") / "copy")


# Where the page loads Pyodide's own script from disk: here it hands back a Pyodide that never
# starts, as a stuck wasm compile or a browser that runs out of memory would.
HUNG_PYODIDE = "window.loadPyodide = function () { return new Promise(function () {}); };\n"


@pytest.fixture(scope="session")
def hung_disk_copy(unzipped: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The offline copy whose Pyodide never answers, with a short boot limit."""
    copy = hooked_copy(unzipped, tmp_path_factory.mktemp("engines-hung") / "copy", SHORT_LIMITS)
    script = copy / "assets" / "pyodide" / "pyodide.js"
    assert script.is_file(), f"the offline copy has no {script.relative_to(copy)}"
    script.write_text(HUNG_PYODIDE, encoding="utf-8")
    return copy


@pytest.fixture(
    scope="module",
    params=[pytest.param(name, marks=getattr(pytest.mark, name)) for name in ENGINES],
)
def engine(request: pytest.FixtureRequest) -> Iterator[Engine]:
    try:
        started = start(request.param)
    except EngineError as error:
        pytest.fail(str(error))
    try:
        yield started
    finally:
        started.close()


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if TIMINGS:
        terminalreporter.section(f"engines: time to ready (also in {TIMINGS_FILE.name})")
        for name, seconds in TIMINGS.items():
            terminalreporter.write_line(f"{name}: {seconds:.2f} s")
