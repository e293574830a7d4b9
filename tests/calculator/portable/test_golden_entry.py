"""Golden end-to-end cases through both JSON entry points.

Data: golden.json (also used by the browser tests). Every case runs through
``gist_calculator.api.evaluate_json`` (text in, text out) and through
``gist_calculator.bridge.handle`` (what the page script calls), and both must give the
expected schemes, the exact set of options with their recommendation and key fields, and
the expected notes or field errors. Each case names its source.
"""

from __future__ import annotations

import json
import unittest
from typing import Any

from _cases import read_json, run_json, table_tests

from gist_calculator import bridge

CASES: list[dict[str, Any]] = read_json("golden.json")["cases"]

SCHEME_IDS = ["afip", "nih", "modified_nih", "tnm"]
STATUSES = {"ok", "insufficient_data", "not_applicable"}
RISKS = {
    "afip": {"none", "very_low", "low", "moderate", "high"},
    "nih": {"very_low", "low", "intermediate", "high"},
    "modified_nih": {"very_low", "low", "intermediate", "high"},
}
STAGES = {"IA", "IB", "I", "II", "IIIA", "IIIB", "IV"}
OPTION_IDS = {
    "surveillance",
    "surgery",
    "adjuvant_imatinib",
    "mutation_testing",
    "biopsy",
    "neoadjuvant_imatinib",
    "imatinib",
    "imatinib_dose_increase",
    "avapritinib",
    "sunitinib",
    "regorafenib",
    "ripretinib",
    "other_tki",
    "ntrk_inhibitor",
    "braf_inhibitor",
    "metastasectomy",
    "ablation",
    "embolization",
    "radiation",
    "clinical_trial",
    "chemotherapy",
    "further_testing",
    "dose_reduction",
    "supportive_care",
    "observation",
    "other_medicines",
}
RECOMMENDATIONS = {"preferred", "option", "not_recommended"}


def check_contract(tc: unittest.TestCase, result: dict[str, Any]) -> None:
    """Values every answer must draw from the issue's vocabularies."""
    for s in result["schemes"]:
        tc.assertIn(s["status"], STATUSES)
        if s["id"] in RISKS:
            tc.assertIn(s["risk"], RISKS[s["id"]] | {None})
            tc.assertEqual(s["risk"] is None, s["status"] != "ok", s)
        else:
            tc.assertIn(s["stage"], STAGES | {None})
            tc.assertIn(s["stage_at_least"], STAGES | {None})
            tc.assertEqual(s["stage"] is None, s["status"] != "ok", s)
    for o in result["options"]:
        tc.assertIn(o["id"], OPTION_IDS)
        tc.assertIn(o["recommendation"], RECOMMENDATIONS)
    for e in result["errors"]:
        tc.assertEqual(set(e), {"field", "message"})
        tc.assertTrue(e["message"].strip())


def check_expected(tc: unittest.TestCase, case: dict[str, Any], result: dict[str, Any]) -> None:
    check_contract(tc, result)
    expect = case["expect"]
    if "errors" in expect:
        fields = [e["field"] for e in result["errors"]]
        tc.assertEqual(sorted(fields), sorted(expect["errors"]), "one error per bad field")
        tc.assertEqual(len(fields), len(set(fields)), "each field reported once")
        tc.assertEqual((result["schemes"], result["options"]), ([], []))
        return
    tc.assertEqual(result["errors"], [])
    tc.assertEqual([s["id"] for s in result["schemes"]], SCHEME_IDS)
    by_scheme = {s["id"]: s for s in result["schemes"]}
    got_schemes = {
        sid: {key: by_scheme[sid].get(key) for key in fields}
        for sid, fields in expect["schemes"].items()
    }
    tc.assertEqual(got_schemes, expect["schemes"])

    ids = [o["id"] for o in result["options"]]
    tc.assertEqual(len(ids), len(set(ids)), f"an option is listed twice: {ids}")
    if "options" not in expect:
        # A risk-scheme case in the treatment form: the options belong to the rules' tests.
        tc.assertEqual(case["request"].get("command"), "treatment", case["id"])
    else:
        wanted = {o["id"]: o for o in expect["options"]}
        got_options = {
            o["id"]: {
                key: o.get(key) for key in wanted.get(o["id"], {"id": 0, "recommendation": 0})
            }
            for o in result["options"]
        }
        tc.assertEqual(got_options, wanted)
    notes = [n["id"] for n in result["notes"]]
    for note in expect.get("notes_include", []):
        tc.assertIn(note, notes)


def check_evaluate_json(tc: unittest.TestCase, case: dict[str, Any]) -> None:
    check_expected(tc, case, run_json(case["request"]))


def check_bridge(tc: unittest.TestCase, case: dict[str, Any]) -> None:
    out = json.loads(bridge.handle(json.dumps(case["request"]), '{"result": true}'))
    tc.assertNotIn("internal_error", out, out.get("internal_error"))
    result = out["result"]
    check_expected(tc, case, result)
    tc.assertEqual(result, run_json(case["request"]), "the bridge and evaluate_json must agree")
    tc.assertEqual(out["errors"], result["errors"])
    if result["errors"]:
        tc.assertEqual(out["results_html"], "")
        tc.assertTrue(out["error_summary_html"].strip())
    else:
        tc.assertTrue(out["results_html"].strip())


def label(case: dict[str, Any]) -> str:
    return str(case["id"])


def source(case: dict[str, Any]) -> str:
    return str(case.get("source", "")) if case.get("why") else ""


EXPECTED_CASES = 81
TestGoldenEvaluateJson = table_tests(
    "TestGoldenEvaluateJson",
    "golden.json",
    CASES,
    expected_rows=EXPECTED_CASES,
    check=check_evaluate_json,
    label=label,
    source=source,
)
TestGoldenBridge = table_tests(
    "TestGoldenBridge",
    "golden.json",
    CASES,
    expected_rows=EXPECTED_CASES,
    check=check_bridge,
    label=label,
    source=source,
)


class TestGoldenCoverage(unittest.TestCase):
    """The cases the issue asks for are all present."""

    def requests(self) -> list[dict[str, Any]]:
        return [c["request"] for c in CASES]

    def test_ids_are_unique(self) -> None:
        ids = [c["id"] for c in CASES]
        self.assertEqual(len(ids), len(set(ids)))

    def test_all_four_settings(self) -> None:
        settings = {r.get("setting") for r in self.requests()}
        for setting in ("resectable", "marginally-resectable", "unresectable", "recurrent"):
            self.assertIn(setting, settings)

    def test_every_mutation_class(self) -> None:
        mutations = {r.get("mutation", "unknown") for r in self.requests() if "setting" in r}
        self.assertEqual(
            mutations,
            {
                "unknown",
                "kit-exon-11",
                "kit-exon-9",
                "kit-other",
                "pdgfra-d842v",
                "pdgfra-other",
                "sdh-deficient",
                "nf1",
                "braf-v600e",
                "ntrk-fusion",
                "wild-type-other",
            },
        )

    def test_every_option_id_is_expected_somewhere(self) -> None:
        seen = {o["id"] for c in CASES for o in c["expect"].get("options", [])}
        self.assertEqual(seen, OPTION_IDS)

    def test_flags_and_drug_lists(self) -> None:
        requests = self.requests()
        for key in ("shrinking", "symptoms", "limited_spread", "bone_pain", "rupture",
                    "progressed_on", "intolerant_of"):  # fmt: skip
            self.assertTrue(any(key in r for r in requests), key)
