"""Turn a data file into a unittest class with one test per row.

The published tables live in data files with a source on every row, so the tests read as
tables. Each row becomes its own test method, so a failing cell is reported by name rather
than hidden inside a loop, and each class also checks the file's exact row count, so a row
deleted by accident fails loudly instead of silently shrinking the check.

Stdlib only: these modules also run inside Pyodide (tests/pyodide), which has no pytest.
"""

from __future__ import annotations

import csv
import json
import re
import unittest
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from gist_calculator.api import evaluate, evaluate_json, to_json

DATA = Path(__file__).resolve().parent.parent / "data"

Row = dict[str, str]
Check = Callable[[unittest.TestCase, Any], None]


def read_csv(name: str) -> list[Row]:
    with (DATA / name).open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def read_json(name: str) -> Any:
    with (DATA / name).open(encoding="utf-8") as handle:
        return json.load(handle)


def slug(text: str) -> str:
    return re.sub(r"[^0-9a-zA-Z]+", "_", text).strip("_").lower()[:60]


def table_tests(
    class_name: str,
    file_name: str,
    rows: Sequence[Any],
    *,
    expected_rows: int,
    check: Check,
    label: Callable[[Any], str],
    source: Callable[[Any], str] = lambda row: str(row.get("source", "")),
) -> type[unittest.TestCase]:
    """A TestCase class: one method per row, plus the row count and the sources."""

    def test_row_count(self: unittest.TestCase) -> None:
        self.assertEqual(
            len(rows),
            expected_rows,
            f"{file_name} should hold exactly {expected_rows} rows; if a row was added on "
            "purpose, update the count next to it",
        )

    def test_every_row_names_its_source(self: unittest.TestCase) -> None:
        missing = [label(row) for row in rows if not source(row).strip()]
        self.assertEqual(missing, [], f"rows of {file_name} without a source")

    namespace: dict[str, object] = {
        "maxDiff": None,
        "test_row_count": test_row_count,
        "test_every_row_names_its_source": test_every_row_names_its_source,
    }
    for index, row in enumerate(rows, start=1):
        name = f"test_{index:03d}_{slug(label(row))}"

        def method(self: unittest.TestCase, row: Any = row) -> None:
            check(self, row)

        method.__name__ = name
        method.__doc__ = f"{file_name} row {index}: {label(row)}"
        namespace[name] = method
    return type(class_name, (unittest.TestCase,), namespace)


# --- Calling the calculator the way every consumer does: JSON-shaped dicts in and out ----


def run(request: object) -> dict[str, Any]:
    """The public answer (the JSON contract) for a request, through ``evaluate``."""
    return to_json(evaluate(request))


def run_json(request: Mapping[str, object]) -> dict[str, Any]:
    """The same through the text entry point the browser uses."""
    result: dict[str, Any] = json.loads(evaluate_json(json.dumps(request)))
    return result


def scheme(result: Mapping[str, Any], scheme_id: str) -> dict[str, Any]:
    found = [s for s in result["schemes"] if s["id"] == scheme_id]
    if len(found) != 1:
        raise AssertionError(f"expected one {scheme_id!r} scheme, found {len(found)}: {result}")
    return dict(found[0])


def number(text: str) -> float | None:
    return float(text) if text.strip() else None


def text_or_none(text: str) -> str | None:
    return text if text.strip() else None


def yes(text: str) -> bool:
    if text not in {"yes", "no"}:
        raise ValueError(f"expected yes or no in the data file, got {text!r}")
    return text == "yes"
