"""`make bench` is not a test, but it must keep starting: it imports the tests' browser
support and server (tests/browser_support.py), so a move there can break it unseen.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_bench_starts_and_lists_its_profiles() -> None:
    done = subprocess.run(
        [sys.executable, str(REPO / "bench" / "run.py"), "--help"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "--profiles" in done.stdout
