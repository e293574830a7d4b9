"""Validation: every bad field reported at once under its own name, with a message that
says how to fix it; bounds; decimal comma; mm; per 50 HPF; per area; booleans; drug lists.

Contract: ARCHITECTURE.md (request keys and values; when errors is not empty, schemes and
options are empty) and the issue ("always returning a result or field errors").
"""

from __future__ import annotations

import math
import unittest
from typing import Any

from _cases import run, scheme, table_tests

from gist_calculator.choices import (
    Choice,
    Drug,
    MetastasisStatus,
    MitosisUnit,
    Mutation,
    NodeStatus,
    Setting,
    Site,
    SizeUnit,
)
from gist_calculator.fields import FIELDS, Kind
from gist_calculator.validation import InvalidInput, parse, read_field

OK_TUMOUR = {"size": 3, "mitoses": 3, "site": "stomach"}

# (name, request, expected error fields in any order, or None for a valid request, why)
ERROR_CASES: list[tuple[str, object, list[str] | None, str]] = [
    (
        "every risk field bad at once",
        {
            "size": "abc",
            "size_unit": "inch",
            "mitoses": -1,
            "mitoses_unit": "hpf",
            "site": "liver",
            "rupture": "perhaps",
            "nodes": "maybe",
            "metastasis": 3,
            "mutation": "x",
        },
        [
            "size",
            "size_unit",
            "mitoses",
            "mitoses_unit",
            "site",
            "rupture",
            "nodes",
            "metastasis",
            "mutation",
        ],
        "issue: field errors, one entry per bad field, all in one pass",
    ),
    (
        "every treatment field bad at once",
        {
            "setting": "sideways",
            "progressed_on": ["aspirin"],
            "intolerant_of": {"a": 1},
            "shrinking": "maybe",
            "symptoms": 2,
            "limited_spread": [],
            "bone_pain": "x",
        },
        [
            "setting",
            "progressed_on",
            "intolerant_of",
            "shrinking",
            "symptoms",
            "limited_spread",
            "bone_pain",
        ],
        "issue: field errors, one entry per bad field",
    ),
    (
        "risk asks for no measurement: the schemes say what they need",
        {},
        None,
        "issue 9 item 3: a missing input is a scheme's business, not a field error",
    ),
    (
        "empty strings count as missing, not as bad values",
        {"size": "", "mitoses": " ", "site": ""},
        None,
        "ARCHITECTURE.md: empty strings count as missing",
    ),
    (
        "treatment needs a setting",
        {"command": "treatment"},
        ["setting"],
        "ARCHITECTURE.md: setting required for treatment",
    ),
    (
        "unknown command",
        {"command": "banana", **OK_TUMOUR},
        ["command"],
        "ARCHITECTURE.md: command is risk or treatment",
    ),
    ("request is a list", [], ["request"], "the request must be an object"),
    ("request is a string", "size=3", ["request"], "the request must be an object"),
    ("request is null", None, ["request"], "the request must be an object"),
    ("request is a number", 3, ["request"], "the request must be an object"),
    ("size zero", {**OK_TUMOUR, "size": 0}, ["size"], "ARCHITECTURE.md: size > 0"),
    ("size negative", {**OK_TUMOUR, "size": -3}, ["size"], "size > 0"),
    ("size 100 cm is the limit", {**OK_TUMOUR, "size": 100}, None, "validation.MAX_SIZE_CM"),
    ("size over 100 cm", {**OK_TUMOUR, "size": 100.5}, ["size"], "validation.MAX_SIZE_CM"),
    (
        "size 1000 mm is the limit",
        {**OK_TUMOUR, "size": 1000, "size_unit": "mm"},
        None,
        "the same limit in mm",
    ),
    (
        "size over 1000 mm",
        {**OK_TUMOUR, "size": 1001, "size_unit": "mm"},
        ["size"],
        "the same limit in mm",
    ),
    ("mitoses zero", {**OK_TUMOUR, "mitoses": 0}, None, "ARCHITECTURE.md: mitoses >= 0"),
    ("mitoses negative", {**OK_TUMOUR, "mitoses": -0.5}, ["mitoses"], "mitoses >= 0"),
    ("mitoses 1000 is the limit", {**OK_TUMOUR, "mitoses": 1000}, None, "validation.MAX_MITOSES"),
    ("mitoses over 1000", {**OK_TUMOUR, "mitoses": 1000.5}, ["mitoses"], "validation.MAX_MITOSES"),
    (
        "per-area needs the area",
        {**OK_TUMOUR, "mitoses_unit": "per-area"},
        ["mitoses_area"],
        "ARCHITECTURE.md: mitoses_area required when mitoses_unit is per-area",
    ),
    (
        "area below 1 mm2",
        {**OK_TUMOUR, "mitoses_unit": "per-area", "mitoses_area": 0.99},
        ["mitoses_area"],
        "validation.MIN_AREA_MM2",
    ),
    (
        "area 1 mm2 is the limit",
        {**OK_TUMOUR, "mitoses_unit": "per-area", "mitoses_area": 1},
        None,
        "validation.MIN_AREA_MM2",
    ),
    (
        "area 100 mm2 is the limit",
        {**OK_TUMOUR, "mitoses_unit": "per-area", "mitoses_area": 100},
        None,
        "validation.MAX_AREA_MM2",
    ),
    (
        "area over 100 mm2",
        {**OK_TUMOUR, "mitoses_unit": "per-area", "mitoses_area": 100.1},
        ["mitoses_area"],
        "validation.MAX_AREA_MM2",
    ),
    (
        "area not a number",
        {**OK_TUMOUR, "mitoses_unit": "per-area", "mitoses_area": "ten"},
        ["mitoses_area"],
        "numbers only",
    ),
    (
        "boolean is not a number",
        {**OK_TUMOUR, "size": True},
        ["size"],
        "JSON true must not be read as 1",
    ),
    ("NaN size", {**OK_TUMOUR, "size": math.nan}, ["size"], "issue: NaN gives a field error"),
    ("infinite mitoses", {**OK_TUMOUR, "mitoses": math.inf}, ["mitoses"], "not finite"),
    ("overflowing text number", {**OK_TUMOUR, "size": "1e400"}, ["size"], "not finite"),
    ("huge integer", {**OK_TUMOUR, "size": 10**400}, ["size"], "issue: huge numbers"),
    (
        "huge negative integer",
        {**OK_TUMOUR, "mitoses": -(10**400)},
        ["mitoses"],
        "issue: huge numbers",
    ),
    ("number as a list", {**OK_TUMOUR, "size": [3]}, ["size"], "wrong type"),
    ("number as an object", {**OK_TUMOUR, "mitoses": {"value": 3}}, ["mitoses"], "wrong type"),
    ("choice as a number", {**OK_TUMOUR, "site": 1}, ["site"], "wrong type"),
    (
        "ambiguous thousands separator",
        {**OK_TUMOUR, "size": "1.000,5"},
        ["size"],
        "both separators: ask rather than guess",
    ),
    (
        "unknown keys are ignored",
        {**OK_TUMOUR, "colour": "blue"},
        None,
        "extra form controls must not break the request",
    ),
    ("flag as an object", {**OK_TUMOUR, "rupture": {"yes": True}}, ["rupture"], "wrong type"),
    ("flag as 2", {**OK_TUMOUR, "rupture": 2}, ["rupture"], "only 0 and 1 are yes/no numbers"),
    (
        "drug list of numbers",
        {"setting": "recurrent", "progressed_on": [5]},
        ["progressed_on"],
        "drug lists hold medicine names",
    ),
    (
        "drug as a number",
        {"setting": "recurrent", "intolerant_of": 5},
        ["intolerant_of"],
        "drug lists hold medicine names",
    ),
]

# (name, request, expected normalised inputs (a subset), why)
VALID_CASES: list[tuple[str, dict[str, object], dict[str, object], str]] = [
    (
        "decimal comma",
        {**OK_TUMOUR, "size": "3,5"},
        {"size_cm": 3.5},
        "much of the world writes 3,5 for 3.5",
    ),
    (
        "decimal comma at a boundary",
        {**OK_TUMOUR, "size": "2,05"},
        {"size_cm": 2.05},
        "2,05 must not become 205 or 2",
    ),
    ("spaces around a number", {**OK_TUMOUR, "size": " 4.5 "}, {"size_cm": 4.5}, "form input"),
    ("number as text", {**OK_TUMOUR, "mitoses": "7"}, {"mitoses_per_5mm2": 7.0}, "form input"),
    (
        "size in mm",
        {**OK_TUMOUR, "size": 45, "size_unit": "mm"},
        {"size_cm": 4.5, "size_entered": 45.0, "size_unit": "mm"},
        "clinical-facts.md: accept mm and convert",
    ),
    (
        "size in cm by default",
        {**OK_TUMOUR, "size": 45},
        {"size_cm": 45.0, "size_unit": "cm"},
        "ARCHITECTURE.md: cm is the default",
    ),
    (
        "per 50 HPF is per 5 mm2",
        {**OK_TUMOUR, "mitoses": 7, "mitoses_unit": "per-50hpf"},
        {"mitoses_per_5mm2": 7.0, "mitoses_unit": "per-50hpf"},
        "clinical-facts.md: AJCC/CAP treat 50 HPF as 5 mm²",
    ),
    (
        "count over 10 mm2 rescaled",
        {**OK_TUMOUR, "mitoses": 12, "mitoses_unit": "per-area", "mitoses_area": 10},
        {"mitoses_per_5mm2": 6.0, "mitoses_entered": 12.0, "mitoses_area_mm2": 10.0},
        "clinical-facts.md: a count over a known area is rescaled to 5 mm²",
    ),
    (
        "count over 1 mm2 rescaled",
        {**OK_TUMOUR, "mitoses": 1, "mitoses_unit": "per-area", "mitoses_area": "1"},
        {"mitoses_per_5mm2": 5.0},
        "rescaling works both ways",
    ),
    (
        "choices ignore case and spaces",
        {**OK_TUMOUR, "site": " Stomach ", "nodes": "NEGATIVE"},
        {"site": "stomach", "nodes": "negative"},
        "form input",
    ),
    (
        "defaults",
        dict(OK_TUMOUR),
        {
            "nodes": "unknown",
            "metastasis": "unknown",
            "mutation": "unknown",
            "rupture": False,
            "mitoses_unit": "per-5mm2",
            "command": "risk",
        },
        "ARCHITECTURE.md defaults",
    ),
    (
        "setting implies treatment",
        {"setting": "recurrent"},
        {"command": "treatment"},
        "ARCHITECTURE.md: command defaults to treatment if setting is given",
    ),
    ("explicit risk command", {"command": "risk", **OK_TUMOUR}, {"command": "risk"}, "command"),
    (
        "single drug as a string",
        {"setting": "recurrent", "progressed_on": "imatinib"},
        {"progressed_on": ["imatinib"]},
        "ARCHITECTURE.md: a single string is accepted too",
    ),
    (
        "drug list",
        {"setting": "recurrent", "progressed_on": ["sunitinib", "Imatinib ", ""]},
        {"progressed_on": ["imatinib", "sunitinib"]},
        "list, case, spaces, empty entries ignored",
    ),
    (
        "intolerance list",
        {"setting": "recurrent", "intolerant_of": ["imatinib-800"]},
        {"intolerant_of": ["imatinib-800"]},
        "drug list",
    ),
]

TRUE_WORDS: list[object] = [True, "true", "TRUE", "on", "yes", "Yes", "1", 1, "y"]
FALSE_WORDS: list[object] = [False, "false", "off", "no", "0", 0, "n", "", None]
FLAGS = ("shrinking", "symptoms", "limited_spread", "bone_pain")


def check_error_case(tc: unittest.TestCase, case: Any) -> None:
    _, request, fields, _ = case
    result = run(request)
    got = [e["field"] for e in result["errors"]]
    if fields is None:
        tc.assertEqual(got, [], result["errors"])
        tc.assertEqual(len(result["schemes"]), 4)
        return
    tc.assertEqual(sorted(got), sorted(fields), result["errors"])
    tc.assertEqual(len(got), len(set(got)), "each bad field is reported once")
    tc.assertEqual((result["schemes"], result["options"]), ([], []),
                   "with errors, no results are shown")  # fmt: skip
    for error in result["errors"]:
        tc.assertTrue(error["message"].strip(), error)


def check_valid_case(tc: unittest.TestCase, case: Any) -> None:
    _, request, expected, _ = case
    result = run(request)
    tc.assertEqual(result["errors"], [])
    got = {key: result["inputs"].get(key) for key in expected}
    tc.assertEqual(got, expected)


TestFieldErrors = table_tests(
    "TestFieldErrors",
    "ERROR_CASES",
    ERROR_CASES,
    expected_rows=41,
    check=check_error_case,
    label=lambda c: c[0],
    source=lambda c: c[3],
)
TestNormalisedInputs = table_tests(
    "TestNormalisedInputs",
    "VALID_CASES",
    VALID_CASES,
    expected_rows=16,
    check=check_valid_case,
    label=lambda c: c[0],
    source=lambda c: c[3],
)


def message(request: object, field: str) -> str:
    errors: dict[str, str] = {e["field"]: e["message"] for e in run(request)["errors"]}
    if field not in errors:
        raise AssertionError(f"expected an error on {field!r}, got {errors}")
    return errors[field]


class TestMessagesSayHowToFix(unittest.TestCase):
    def test_choice_messages_list_every_label_and_no_internal_id(self) -> None:
        """Issue 10 point 8: readers see the words of the form, never a command-line id."""
        bad_choices: list[tuple[str, dict[str, object], type[Choice]]] = [
            ("site", {**OK_TUMOUR, "site": "liver"}, Site),
            ("nodes", {**OK_TUMOUR, "nodes": "maybe"}, NodeStatus),
            ("metastasis", {**OK_TUMOUR, "metastasis": "maybe"}, MetastasisStatus),
            ("mutation", {**OK_TUMOUR, "mutation": "kit"}, Mutation),
            ("size_unit", {**OK_TUMOUR, "size_unit": "inch"}, SizeUnit),
            ("mitoses_unit", {**OK_TUMOUR, "mitoses_unit": "hpf"}, MitosisUnit),
            ("setting", {"setting": "sideways"}, Setting),
        ]
        for field, request, kind in bad_choices:
            with self.subTest(field=field):
                text = message(request, field)
                for member in kind:
                    self.assertIn(member.label, text)
                    if "-" in member.value:  # an id, not a word (stomach is both)
                        self.assertNotIn(member.value, text)

    def test_number_messages_give_an_example(self) -> None:
        for field in ("size", "mitoses"):
            with self.subTest(field=field):
                text = message({**OK_TUMOUR, field: "abc"}, field)
                self.assertIn("number", text)
                self.assertRegex(text, r"for example \d")

    def test_missing_values_are_named_by_the_schemes_that_need_them(self) -> None:
        # Issue 9 item 3, through the risk command too: nothing given, every scheme says it
        # needs more (in words); a decided risk is given whatever is missing.
        for result_scheme in run({})["schemes"]:
            with self.subTest(scheme=result_scheme["id"]):
                self.assertEqual(result_scheme["status"], "insufficient_data")
                self.assertTrue(result_scheme["patient"].strip())
        decided = run({"size": 12, "site": "stomach"})  # NIH 2002: > 10 cm is high at any count
        self.assertEqual(scheme(decided, "nih")["risk"], "high")
        self.assertIn("mitoses", scheme(decided, "nih")["not_needed"])

    def test_bound_messages_state_the_bound(self) -> None:
        self.assertIn("100 cm", message({**OK_TUMOUR, "size": 101}, "size"))
        self.assertIn("1000 mm", message({**OK_TUMOUR, "size": 1001, "size_unit": "mm"}, "size"))
        self.assertIn("1000", message({**OK_TUMOUR, "mitoses": 1001}, "mitoses"))
        area = message(
            {**OK_TUMOUR, "mitoses_unit": "per-area", "mitoses_area": 0.5}, "mitoses_area"
        )
        self.assertIn("1", area)
        self.assertIn("100", area)

    def test_too_small_numbers_say_so(self) -> None:
        self.assertIn("more than 0", message({**OK_TUMOUR, "size": 0}, "size"))
        self.assertIn("below 0", message({**OK_TUMOUR, "mitoses": -1}, "mitoses"))

    def test_huge_negative_numbers_are_too_small_not_too_large(self) -> None:
        # A sign lost on the way would tell the reader to enter a smaller number.
        self.assertIn("more than 0", message({**OK_TUMOUR, "size": -(10**400)}, "size"))
        self.assertIn("below 0", message({**OK_TUMOUR, "mitoses": -(10**400)}, "mitoses"))

    def test_unknown_medicine_is_not_echoed_and_the_labels_given(self) -> None:
        """A link's bad medicine id is not echoed; the list uses the form's labels."""
        for field in ("progressed_on", "intolerant_of"):
            with self.subTest(field=field):
                text = message({"setting": "recurrent", field: ["aspirin-9"]}, field)
                self.assertNotIn("aspirin", text)
                for drug in Drug:
                    self.assertIn(drug.label, text)
                self.assertNotIn("imatinib-800", text)


class TestBooleans(unittest.TestCase):
    def test_yes_and_no_words(self) -> None:
        for words, meaning in ((TRUE_WORDS, True), (FALSE_WORDS, False)):
            for word in words:
                with self.subTest(word=word, meaning=meaning):
                    result = run({**OK_TUMOUR, "rupture": word})
                    self.assertEqual(result["errors"], [])
                    self.assertIs(result["inputs"]["rupture"], meaning)

    def test_treatment_flags(self) -> None:
        for flag in FLAGS:
            with self.subTest(flag=flag):
                on = run({"setting": "recurrent", flag: "on"})
                off = run({"setting": "recurrent", flag: ""})
                self.assertIs(on["inputs"][flag], True)
                self.assertIs(off["inputs"][flag], False)
                bad = run({"setting": "recurrent", flag: "perhaps"})
                self.assertEqual([e["field"] for e in bad["errors"]], [flag])

    def test_rupture_changes_modified_nih(self) -> None:
        risks = [
            next(
                s for s in run({**OK_TUMOUR, "rupture": r})["schemes"] if s["id"] == "modified_nih"
            )["risk"]
            for r in ("no", "yes")
        ]
        self.assertEqual(risks, ["low", "high"])


# Values a link or a hand-made request can put in one choice, unit, tick box or box group.
ONE_FIELD_VALUES: list[object] = [
    None, "", " ", "junk", "x" * 300, True, False, 0, 1, 2, 1.5, [], ["junk"], {"a": 1},
    "yes", "NO", " on ", "imatinib-400", " SUNITINIB ", ["imatinib-400", "aspirin"],
    *(value for choice in (Setting, SizeUnit, MitosisUnit, Site, NodeStatus,
                           MetastasisStatus, Mutation, Drug)
      for member in choice for value in (member.value, member.value.upper())),
]  # fmt: skip


class TestOneFieldReading(unittest.TestCase):
    """``read_field`` (a shared link's values shown in the controls) reads every value
    exactly as a whole request does: the same member, or None exactly when the request
    gives that field an error. Over every non-text field and every value above."""

    def test_agrees_with_parse(self) -> None:
        for field in FIELDS:
            if field.kind is Kind.NUMBER:
                continue
            for value in ONE_FIELD_VALUES:
                with self.subTest(field=field.name, value=value):
                    raw = {"command": "treatment", "setting": "recurrent", "mitoses_area": "5"}
                    try:
                        request = parse({**raw, field.name: value})
                    except InvalidInput as invalid:
                        mine = [e for e in invalid.errors if e.field == field.name]
                        self.assertEqual(len(invalid.errors), len(mine), invalid.errors)
                        self.assertIsNone(read_field(field.name, value))
                        continue
                    parts = (request.tumour, request.treatment)
                    parsed = next(getattr(p, field.name) for p in parts if hasattr(p, field.name))
                    self.assertEqual(read_field(field.name, value), parsed)

    def test_typed_numbers_have_no_reading_of_their_own(self) -> None:
        for field in FIELDS:
            if field.kind is Kind.NUMBER:
                with self.subTest(field=field.name), self.assertRaises(ValueError):
                    read_field(field.name, "3")
