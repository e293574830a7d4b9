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
from dataclasses import dataclass
from pathlib import Path

import pytest

pytestmark = pytest.mark.pyodide

REPO = Path(__file__).resolve().parents[2]
RUNNER = REPO / "tests" / "pyodide" / "run_calculator_tests.mjs"
PORTABLE = REPO / "tests" / "calculator" / "portable"
SOURCE = REPO / "calculator" / "src"
PYODIDE_ENTRY = REPO / "node_modules" / "pyodide" / "pyodide.mjs"
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


@pytest.fixture(scope="module")
def pyodide_run() -> PyodideRun:
    node = shutil.which("node")
    if node is None:
        pytest.fail("Node.js 18 or later is needed to run the tests in Pyodide: 'node' not found.")
    if not PYODIDE_ENTRY.is_file():
        pytest.fail(f"{PYODIDE_ENTRY} is missing: run 'make node' (npm ci) first.")
    if not PORTABLE.is_dir():
        pytest.fail(f"{PORTABLE} is missing: there are no portable calculator tests to run.")
    expected = _cpython_count()
    done = subprocess.run(
        [node, str(RUNNER)],
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
