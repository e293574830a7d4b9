"""The JSON entry points themselves: text that is not a request, the response's shape, and
the bridge's extras (links, error summary).

Contract: ARCHITECTURE.md (Response) and the issue ("never raises on arbitrary input ...
always returning a result or field errors"). Arbitrary input is covered by the Hypothesis
tests in tests/calculator/test_properties.py; these are the named cases, portable to Pyodide.
"""

from __future__ import annotations

import json
import unittest
from typing import Any

from _cases import table_tests

from gist_calculator import bridge
from gist_calculator.api import evaluate_json

RESPONSE_KEYS = {"version", "inputs", "schemes", "options", "notes", "unimplemented", "errors"}


def strict_loads(text: str) -> Any:
    """Parse as a browser's JSON.parse would: NaN and Infinity are not JSON."""

    def refuse(constant: str) -> None:
        raise AssertionError(f"{constant} in the output is not valid JSON")

    return json.loads(text, parse_constant=refuse)


# (name, request text, expected error fields, why)
TEXT_CASES: list[tuple[str, str, list[str], str]] = [
    ("empty text", "", ["request"], "not JSON"),
    ("broken JSON", '{"size": 3', ["request"], "not JSON"),
    ("plain words", "size three", ["request"], "not JSON"),
    ("JSON null", "null", ["request"], "not an object"),
    ("JSON list", "[1, 2]", ["request"], "not an object"),
    ("JSON string", '"stomach"', ["request"], "not an object"),
    ("bare NaN", "NaN", ["request"], "Python's json accepts NaN; it is still not an object"),
    ("NaN size", '{"size": NaN, "mitoses": 3, "site": "stomach"}', ["size"], "issue: NaN"),
    (
        "Infinity mitoses",
        '{"size": 3, "mitoses": Infinity, "site": "stomach"}',
        ["mitoses"],
        "issue: huge numbers",
    ),
    (
        "huge integer",
        '{"size": 1' + "0" * 400 + ', "mitoses": 3, "site": "stomach"}',
        ["size"],
        "issue: huge numbers",
    ),
    (
        "huge exponent",
        '{"size": 1e999, "mitoses": 3, "site": "stomach"}',
        ["size"],
        "json reads 1e999 as infinity",
    ),
    (
        "deep nesting",
        '{"setting": "recurrent", "progressed_on": ' + "[" * 3000 + "]" * 3000 + "}",
        ["progressed_on"],
        "deeply nested garbage must not crash the parser or the validator",
    ),
    (
        "unicode garbage",
        '{"size": "\\u0663", "mitoses": "\\u00bd", "site": "\\ud83e\\udd14"}',
        ["size", "mitoses", "site"],
        "digits from other scripts are not silently read",
    ),
]


def check_text_case(tc: unittest.TestCase, case: Any) -> None:
    _, text, fields, _ = case
    out = strict_loads(evaluate_json(text))
    tc.assertEqual(set(out) & RESPONSE_KEYS, RESPONSE_KEYS)
    tc.assertEqual(sorted(e["field"] for e in out["errors"]), sorted(fields))
    tc.assertEqual((out["schemes"], out["options"]), ([], []))
    handled = strict_loads(bridge.handle(text))
    tc.assertNotIn("internal_error", handled)
    tc.assertEqual([e["field"] for e in handled["errors"]], [e["field"] for e in out["errors"]])
    tc.assertEqual(handled["results_html"], "")
    tc.assertTrue(handled["error_summary_html"].strip())


TestRequestText = table_tests(
    "TestRequestText",
    "TEXT_CASES",
    TEXT_CASES,
    expected_rows=13,
    check=check_text_case,
    label=lambda c: c[0],
    source=lambda c: c[3],
)


class TestResponseShape(unittest.TestCase):
    def test_risk_response(self) -> None:
        out = strict_loads(evaluate_json(json.dumps({"size": 3, "mitoses": 12, "site": "stomach"})))
        self.assertEqual(set(out) & RESPONSE_KEYS, RESPONSE_KEYS)
        self.assertEqual(out["errors"], [])
        self.assertEqual([s["id"] for s in out["schemes"]], ["afip", "nih", "modified_nih", "tnm"])
        self.assertEqual(out["options"], [])
        for s in out["schemes"]:
            for key in ("id", "status", "risk", "percent", "stage", "patient", "clinician",
                        "citation"):  # fmt: skip
                self.assertIn(key, s)
            self.assertTrue(s["patient"].strip() and s["clinician"].strip())
            self.assertTrue(s["citation"]["text"].strip())
        self.assertEqual({m["id"] for m in out["unimplemented"]}, {"mskcc", "contour_maps"})

    def test_treatment_response_options(self) -> None:
        request = {"setting": "unresectable", "metastasis": "present", "mutation": "kit-exon-9"}
        out = strict_loads(evaluate_json(json.dumps(request)))
        self.assertEqual(out["errors"], [])
        self.assertTrue(out["options"])
        for o in out["options"]:
            for key in ("id", "recommendation", "title", "why_patient", "why_clinician",
                        "dose_mg", "duration_years", "section", "anchor", "citations"):  # fmt: skip
                self.assertIn(key, o)
            self.assertEqual(o["section"], "unresectable")
            self.assertTrue(o["citations"], o["id"])
        imatinib = next(o for o in out["options"] if o["id"] == "imatinib")
        self.assertEqual((imatinib["recommendation"], imatinib["dose_mg"]), ("preferred", 800))

    def test_normalised_inputs_are_echoed(self) -> None:
        request = {"size": "45", "size_unit": "mm", "mitoses": "12", "mitoses_unit": "per-area",
                   "mitoses_area": "10", "site": "rectum"}  # fmt: skip
        inputs = strict_loads(evaluate_json(json.dumps(request)))["inputs"]
        self.assertEqual(
            {k: inputs[k] for k in ("size_cm", "mitoses_per_5mm2", "site", "size_unit")},
            {"size_cm": 4.5, "mitoses_per_5mm2": 6.0, "site": "rectum", "size_unit": "mm"},
        )


ASK_RESULT = json.dumps({"result": True})


class TestBridge(unittest.TestCase):
    def test_links_use_the_section_urls_given(self) -> None:
        request = json.dumps({"setting": "unresectable", "mutation": "kit-exon-11"})
        context = json.dumps({"section_urls": {"unresectable": "../unresectable/"}})
        out = strict_loads(bridge.handle(request, context))
        self.assertIn('href="../unresectable/#imatinib"', out["results_html"])

    def test_bad_context_is_ignored(self) -> None:
        request = json.dumps({"size": 3, "mitoses": 3, "site": "stomach"})
        for context in (
            "",
            "not json",
            "[]",
            '{"section_urls": 5}',
            '{"section_urls": {"x": null}}',
        ):
            with self.subTest(context=context):
                out = strict_loads(bridge.handle(request, context))
                self.assertNotIn("internal_error", out)
                self.assertEqual(out["errors"], [])
                self.assertTrue(out["results_html"].strip())

    def test_setting_without_command_is_a_treatment(self) -> None:
        out = strict_loads(bridge.handle(json.dumps({"setting": "recurrent"}), ASK_RESULT))
        self.assertEqual(out["result"]["inputs"]["command"], "treatment")
        self.assertTrue(out["result"]["options"])
        # The same default through every entry point (validation decides it, once).
        self.assertEqual(strict_loads(evaluate_json(json.dumps({"setting": "recurrent"}))),
                         out["result"])  # fmt: skip

    def test_a_blank_situation_is_an_error_not_a_risk_request(self) -> None:
        # A request that names the situation asks for treatment: leaving it blank must not
        # silently turn it into a risk-only answer.
        for entry in (evaluate_json, bridge.handle):
            with self.subTest(entry=entry.__qualname__):
                out = strict_loads(entry(json.dumps({"setting": " ", "size": 3})))
                self.assertEqual([e["field"] for e in out["errors"]], ["setting"])

    def test_the_whole_result_travels_only_when_asked(self) -> None:
        request = json.dumps({"setting": "recurrent"})
        self.assertNotIn("result", strict_loads(bridge.handle(request)))
        self.assertNotIn("result", strict_loads(bridge.handle(request, '{"result": 1}')))
        self.assertIn("result", strict_loads(bridge.handle(request, ASK_RESULT)))

    def test_error_summary_links_each_field(self) -> None:
        out = strict_loads(
            bridge.handle(json.dumps({"size": "abc", "mitoses": 3, "site": "liver"}))
        )
        self.assertEqual([e["field"] for e in out["errors"]], ["size", "site"])
        for field in ("size", "site"):
            self.assertIn(f'href="#gist-{field}"', out["error_summary_html"])
