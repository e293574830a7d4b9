"""The calculator's portable tests, run inside real Pyodide (under Node).

The widget runs the calculator in the reader's browser through Pyodide, whose Python (3.14,
WebAssembly) differs from the one the other tests use. These tests run the stdlib-only modules
in tests/calculator/portable there, and check that Pyodide ran every test case that CPython's
own unittest loader finds, so that a module Pyodide skipped or could not collect cannot pass
unnoticed. A missing Node or Pyodide is a failure, not a skip: this check must not vanish.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

pytestmark = pytest.mark.pyodide

REPO = Path(__file__).resolve().parents[2]
RUNNER = REPO / "tests" / "pyodide" / "run_calculator_tests.mjs"
PORTABLE = REPO / "tests" / "calculator" / "portable"
SOURCE = REPO / "calculator" / "src"
PYODIDE_ENTRY = REPO / "node_modules" / "pyodide" / "pyodide.mjs"
HOOKS = REPO / "hooks"
TRIMMED_LINE = re.compile(r"^pyodide: imports the trimmed library lacks: (.*)$", re.MULTILINE)
SUMMARY = re.compile(r"^pyodide: (\d+) passed, (\d+) failed(?:, (\d+) skipped)?$")
TIMEOUT_S = 600

# Discovery exactly as the runner does it in Pyodide: same start and top-level directory.
COUNT_WITH_CPYTHON = """
import sys, unittest
portable, source = sys.argv[1], sys.argv[2]
sys.path.insert(0, source)
loader = unittest.TestLoader()
suite = loader.discover(start_dir=portable, pattern="test_*.py", top_level_dir=portable)
for error in loader.errors:
    print(error, file=sys.stderr)
print(suite.countTestCases())
sys.exit(1 if loader.errors else 0)
"""


@dataclass(frozen=True)
class PyodideRun:
    """What the runner printed and returned, and what CPython expected it to run."""

    returncode: int
    output: str
    passed: int
    failed: int
    skipped: int
    expected: int


def _cpython_count() -> int:
    found = subprocess.run(
        [sys.executable, "-c", COUNT_WITH_CPYTHON, str(PORTABLE), str(SOURCE)],
        capture_output=True,
        text=True,
        timeout=TIMEOUT_S,
        check=False,
    )
    if found.returncode != 0:
        pytest.fail(f"CPython's unittest loader could not load the portable tests:\n{found.stderr}")
    return int(found.stdout.strip().splitlines()[-1])


def _run_in_pyodide(*extra: str) -> PyodideRun:
    node = shutil.which("node")
    if node is None:
        pytest.fail("Node.js 18 or later is needed to run the tests in Pyodide: 'node' not found.")
    if not PYODIDE_ENTRY.is_file():
        pytest.fail(f"{PYODIDE_ENTRY} is missing: run 'make node' (npm ci) first.")
    if not PORTABLE.is_dir():
        pytest.fail(f"{PORTABLE} is missing: there are no portable calculator tests to run.")
    expected = _cpython_count()
    done = subprocess.run(
        [node, str(RUNNER), *extra],
        capture_output=True,
        text=True,
        timeout=TIMEOUT_S,
        check=False,
        cwd=REPO,
    )
    output = done.stdout + done.stderr
    lines = done.stdout.strip().splitlines()
    match = SUMMARY.match(lines[-1]) if lines else None
    if match is None:
        pytest.fail(f"the Pyodide runner printed no summary line:\n{output}")
    passed, failed, skipped = (int(group or 0) for group in match.groups())
    return PyodideRun(done.returncode, output, passed, failed, skipped, expected)


@pytest.fixture(scope="module")
def pyodide_run() -> PyodideRun:
    return _run_in_pyodide()


def _trimmed_stdlib() -> Path:
    """The trimmed standard library the site ships, made exactly as the build makes it."""
    from site_build import runtime, trimmed_stdlib  # noqa: PLC0415  (the checkout's build)
    from site_build.project import Project  # noqa: PLC0415

    wheel = runtime.built_wheel(Project.here())
    return Path(trimmed_stdlib.trimmed_stdlib(REPO, wheel.path, wheel.sha256))


@pytest.fixture(scope="module")
def trimmed() -> Path:
    return _trimmed_stdlib()


@pytest.fixture(scope="module")
def trimmed_run(trimmed: Path) -> PyodideRun:
    return _run_in_pyodide("--stdlib", str(trimmed))


def test_every_portable_test_passes_in_pyodide(pyodide_run: PyodideRun) -> None:
    assert pyodide_run.failed == 0, pyodide_run.output
    assert pyodide_run.returncode == 0, pyodide_run.output


def test_pyodide_runs_every_test_cpython_finds(pyodide_run: PyodideRun) -> None:
    assert pyodide_run.expected > 0, "CPython found no portable test cases"
    assert pyodide_run.skipped == 0, f"tests were skipped in Pyodide:\n{pyodide_run.output}"
    assert pyodide_run.passed == pyodide_run.expected, (
        f"Pyodide passed {pyodide_run.passed} tests, CPython's loader finds "
        f"{pyodide_run.expected}:\n{pyodide_run.output}"
    )


# The site boots Pyodide on a trimmed standard library (site_build/trimmed_stdlib.py): the whole
# portable suite must pass on it, and no module it lacks may be imported for the calculator.


def test_every_portable_test_passes_on_the_trimmed_stdlib(trimmed_run: PyodideRun) -> None:
    assert trimmed_run.failed == 0, trimmed_run.output
    assert trimmed_run.returncode == 0, trimmed_run.output
    assert trimmed_run.skipped == 0, trimmed_run.output
    assert trimmed_run.passed == trimmed_run.expected, trimmed_run.output


def test_the_calculator_imports_nothing_the_trimmed_stdlib_lacks(trimmed_run: PyodideRun) -> None:
    said = TRIMMED_LINE.search(trimmed_run.output)
    assert said is not None, f"the runner did not check the imports:\n{trimmed_run.output}"
    assert said.group(1) == "none", said.group(1)


def test_the_trimmed_stdlib_is_a_part_of_pyodides(trimmed: Path) -> None:
    whole = REPO / "node_modules" / "pyodide" / "python_stdlib.zip"
    with zipfile.ZipFile(trimmed) as small, zipfile.ZipFile(whole) as full:
        kept, every = set(small.namelist()), set(full.namelist())
        assert kept < every
        for name in kept - {n for n in kept if n.endswith("/")}:
            ours, theirs = small.read(name), full.read(name)
            if name.endswith(".py"):
                # Docstrings and comments go, but every line stays where it was, so that a
                # traceback points at the right line of Pyodide's own source.
                assert ours.count(b"\n") == theirs.count(b"\n"), name
                assert len(ours) <= len(theirs), name
            else:
                assert ours == theirs, name
