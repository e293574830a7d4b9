"""How typed numbers are read (issue 9 items 1 and 8; issue 10 point 8, validation part).

- A number that could have a thousands separator or a decimal comma ("1,000", "1.000") is
  never guessed: the field gets an error that gives both readings. Unambiguous decimal
  commas ("4,5") still work. Checked on every numeric field.
- A number typed with its unit ("35mm", "3.5 cm", "12/5mm2") is accepted when the unit is
  the one chosen, and otherwise the message says which unit to choose and what to enter.
- A counted area that the chosen count unit does not use is a field error that says how to
  resolve it, never silently ignored (4 mitoses over 2 mm² is really 10 per 5 mm²).

Stdlib only: runs inside Pyodide too.
"""

from __future__ import annotations

import unittest
from typing import Any

from _cases import run, table_tests

from gist_calculator.choices import (
    Drug,
    MetastasisStatus,
    MitosisUnit,
    Mutation,
    NodeStatus,
    Setting,
    Site,
)
from gist_calculator.validation import FIELDS

STOMACH = {"size": 3, "mitoses": 3, "site": "stomach"}
PER_AREA = {"mitoses_unit": "per-area", "mitoses_area": 10}

# Every numeric field, with the other fields it needs to be read.
NUMERIC_FIELDS: dict[str, dict[str, object]] = {
    "size": {**STOMACH},
    "mitoses": {**STOMACH},
    "mitoses_area": {**STOMACH, **PER_AREA},
}

# (typed, ambiguous?, the two readings or the accepted value, why)
NUMBERS: list[tuple[str, bool, tuple[str, ...], str]] = [
    ("1,000", True, ("1000", "1"), "issue 9 item 8: read as 1.0 cm before"),
    ("1.000", True, ("1000", "1"), "the same with a point as the thousands separator"),
    ("12,500", True, ("12500", "12.5"), "two digits before the separator"),
    ("2.500", True, ("2500", "2.5"), "a point followed by exactly three digits"),
    ("100,000", True, ("100000", "100"), "three digits before the separator"),
    (" 5,000 ", True, ("5000", "5"), "spaces around do not hide it"),
    ("12.345", True, ("12345", "12.345"), "no reading is rounded"),
    ("4,5", False, ("4.5",), "an unambiguous decimal comma still works"),
    ("4,25", False, ("4.25",), "two decimals after a comma: not a thousands separator"),
    ("0,125", False, ("0.125",), "a leading 0 cannot start a thousands group"),
    ("4.5", False, ("4.5",), "a decimal point"),
    ("1000", False, ("1000",), "no separator"),
]


def check_number(tc: unittest.TestCase, case: tuple[Any, ...]) -> None:
    typed, ambiguous, readings, _ = case
    for field, base in NUMERIC_FIELDS.items():
        with tc.subTest(field=field):
            result = run({**base, field: typed})
            errors = {e["field"]: e["message"] for e in result["errors"]}
            if ambiguous:
                tc.assertIn(field, errors)
                for reading in readings:
                    tc.assertIn(reading, errors[field])
                tc.assertIn("decimal comma", errors[field])
                continue
            # Not ambiguous: never the ambiguity question (a bound may still apply).
            tc.assertNotIn("either way", errors.get(field, ""))
            if field not in errors:
                entered = {
                    "size": "size_entered",
                    "mitoses": "mitoses_entered",
                    "mitoses_area": "mitoses_area_mm2",
                }[field]
                tc.assertEqual(result["inputs"][entered], float(readings[0]))


TestAmbiguousNumbers = table_tests(
    "TestAmbiguousNumbers",
    "NUMBERS",
    NUMBERS,
    expected_rows=12,
    check=check_number,
    label=lambda c: c[0],
    source=lambda c: c[3],
)

# (name, request, field with an error or None, words the message must hold, or the accepted
#  normalised inputs, why)
UNITS: list[tuple[str, dict[str, object], str | None, tuple[str, ...] | dict[str, Any], str]] = [
    ("35mm with cm chosen", {**STOMACH, "size": "35mm"}, "size",
     ("35 mm", "choose mm", "enter 35"), "issue 10 point 8: offer the unit"),
    ("35 mm with mm chosen", {**STOMACH, "size": "35 mm", "size_unit": "mm"}, None,
     {"size_cm": 3.5}, "the unit matches the selected unit: accept the number"),
    ("3.5 cm with cm chosen", {**STOMACH, "size": "3.5 cm"}, None, {"size_cm": 3.5},
     "the unit matches"),
    ("3,5 cm with mm chosen", {**STOMACH, "size": "3,5 cm", "size_unit": "mm"}, "size",
     ("3.5 cm", "choose cm", "enter 3.5"), "the unit differs: offer it"),
    ("35 MM upper case with mm chosen", {**STOMACH, "size": "35 MM", "size_unit": "mm"}, None,
     {"size_cm": 3.5}, "units are read whatever their case"),
    ("3.1255 cm with mm chosen", {**STOMACH, "size": "3.1255 cm", "size_unit": "mm"}, "size",
     ("3.1255 cm", "enter 3.1255"), "the number offered is the number typed, not rounded"),
    ("4 inches", {**STOMACH, "size": "4 inches"}, "size", ("number",),
     "an unknown unit: ask for a number"),
    ("12/5mm2 with per 5 mm² chosen", {**STOMACH, "mitoses": "12/5mm2"}, None,
     {"mitoses_per_5mm2": 12.0}, "the unit matches"),
    ("12 per 5 mm² with per 5 mm² chosen", {**STOMACH, "mitoses": "12 per 5 mm²"}, None,
     {"mitoses_per_5mm2": 12.0}, "the unit matches, written out"),
    ("12/50 HPF with per 5 mm² chosen", {**STOMACH, "mitoses": "12/50 HPF"}, "mitoses",
     ("12 per 50 high-power fields", "enter 12"), "a different unit: name it in words"),
    ("12/50hpf with per 50 HPF chosen",
     {**STOMACH, "mitoses": "12/50hpf", "mitoses_unit": "per-50hpf"}, None,
     {"mitoses_per_5mm2": 12.0}, "the unit matches"),
    ("12/10mm2 with per 5 mm² chosen", {**STOMACH, "mitoses": "12/10mm2"}, "mitoses",
     ("12 mitoses over 10 mm²", "over another area", "10 as the area"),
     "a count over another area: say which unit and area to give"),
    ("12/10mm2 with that area chosen", {**STOMACH, **PER_AREA, "mitoses": "12/10 mm2"}, None,
     {"mitoses_per_5mm2": 6.0}, "unit and area match: accept, rescaled to 5 mm²"),
    ("12/10mm2 with another area", {**STOMACH, **PER_AREA, "mitoses_area": 20,
                                    "mitoses": "12/10mm2"}, "mitoses", ("10 mm²",),
     "the typed area differs from the area field"),
    ("area typed with mm²", {**STOMACH, **PER_AREA, "mitoses_area": "10 mm²"}, None,
     {"mitoses_area_mm2": 10.0}, "the area field's own unit is accepted"),
    ("area typed with cm", {**STOMACH, **PER_AREA, "mitoses_area": "10 cm"}, "mitoses_area",
     ("mm²",), "not an area unit"),
]  # fmt: skip


def check_unit(tc: unittest.TestCase, case: tuple[Any, ...]) -> None:
    _, request, field, expect, _ = case
    result = run(request)
    errors = {e["field"]: e["message"] for e in result["errors"]}
    if field is None:
        tc.assertEqual(errors, {})
        for key, value in expect.items():
            tc.assertEqual(result["inputs"][key], value)
        return
    tc.assertEqual(list(errors), [field])
    for words in expect:
        tc.assertIn(words, errors[field])


TestTypedUnits = table_tests(
    "TestTypedUnits",
    "UNITS",
    UNITS,
    expected_rows=16,
    check=check_unit,
    label=lambda c: c[0],
    source=lambda c: c[4],
)

# (count unit, area, error on mitoses_area?, why)
AREAS: list[tuple[str, float, bool, str]] = [
    ("per-5mm2", 2, True, "issue 9 item 1: 4 over 2 mm² is 10 per 5 mm², not 4"),
    ("per-5mm2", 10, True, "an area the unit does not use"),
    ("per-5mm2", 5, False, "5 mm² is what the unit means: consistent"),
    ("per-50hpf", 10, True, "a modern 50 HPF is often 10-12 mm² (clinical-facts.md inputs)"),
    ("per-50hpf", 5, False, "50 HPF is taken as 5 mm² (AJCC/CAP): consistent"),
    ("per-area", 2, False, "the unit uses the area: rescaled"),
]


def check_area(tc: unittest.TestCase, case: tuple[Any, ...]) -> None:
    unit, area, error, _ = case
    for mitoses in (4, ""):
        result = run(
            {"command": "treatment", "setting": "resectable", **STOMACH, "mitoses": mitoses,
             "mitoses_unit": unit, "mitoses_area": area}
        )  # fmt: skip
        errors = {e["field"]: e["message"] for e in result["errors"]}
        if error:
            tc.assertEqual(list(errors), ["mitoses_area"])
            tc.assertIn("over another area", errors["mitoses_area"])
            tc.assertIn("clear the area", errors["mitoses_area"])
        else:
            tc.assertEqual(errors, {})


TestAreaWithoutAreaUnit = table_tests(
    "TestAreaWithoutAreaUnit",
    "AREAS",
    AREAS,
    expected_rows=6,
    check=check_area,
    label=lambda c: f"{c[0]} {c[1]} mm2",
    source=lambda c: c[3],
)


class TestTheIssueExample(unittest.TestCase):
    def test_four_over_two_mm2_is_high_when_the_unit_says_so(self) -> None:
        """Issue 9 item 1: 4 mitoses over 2 mm² is 10 per 5 mm²."""
        result = run({**STOMACH, "size": 6, "mitoses": 4, **PER_AREA, "mitoses_area": 2})
        self.assertEqual(result["errors"], [])
        self.assertEqual(result["inputs"]["mitoses_per_5mm2"], 10.0)


class TestNoInternalIdInAnyMessage(unittest.TestCase):
    """Issue 10 point 8: no message shows a command-line id, and none echoes a bad id."""

    def test_every_field_with_a_bad_value(self) -> None:
        ids = {
            member.value
            for kind in (Site, Setting, Mutation, Drug, MitosisUnit, NodeStatus, MetastasisStatus)
            for member in kind
            if "-" in member.value
        }
        bad_values: list[object] = ["zzz-bad", "35mm", "1,000", ["zzz-bad"], {"a": 1}, -5]
        for field in FIELDS:
            for bad in bad_values:
                request = {"command": "treatment", "setting": "recurrent", field: bad}
                if field in {"command", "setting"}:
                    request = {**STOMACH, field: bad}
                for error in run(request)["errors"]:
                    with self.subTest(field=field, bad=bad):
                        self.assertNotIn("zzz", error["message"])
                        for word in ids:
                            self.assertNotIn(word, error["message"])
