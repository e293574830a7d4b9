"""Decided risk with missing inputs (issue 9 item 3), unknown nodes (item 4), SDH (item 7b).

The invariant, over a grid of values on and around every band edge, for every scheme and
every set of missing inputs (size, mitotic count, site): if every way of filling in what is
missing gives one answer, the scheme gives that answer (and names the inputs it did not
need); otherwise it says it has not enough information. Percentages are held to the same
rule. The ground truth here is computed from the grid's own values, not from the probe values
the package uses, so a wrong probe (a band missed) fails this test.

Then table cases with sources: clinical-facts.md §2-4 and §7 (decided risk; TNM N0 rule),
and Mason & Hornick 2016 for SDH-deficient GIST. Stdlib only: runs inside Pyodide too.
"""

from __future__ import annotations

import unittest
from dataclasses import replace
from itertools import product
from typing import Any

from _cases import run, scheme, table_tests

from gist_calculator.choices import MetastasisStatus, Mutation, NodeStatus, Setting, Site
from gist_calculator.fields import ADVANCED
from gist_calculator.inputs import Tumour
from gist_calculator.results import SchemeResult, Status
from gist_calculator.schemes import RISK_SCHEME_IDS, assess_all
from gist_calculator.schemes.bands import MitosisBand, SizeBand, mitosis_band, size_band
from gist_calculator.schemes.completion import MITOSES_PROBES, SIZE_PROBES, completions

# On, just above and inside every band edge (2, 5, 10 cm; 5, 10 mitoses per 5 mm²).
SIZES = (0.5, 2.0, 2.05, 5.0, 7.0, 10.0, 10.05, 40.0)
COUNTS = (0.0, 5.0, 5.5, 10.0, 10.5, 60.0)
SITES = tuple(Site)
SPREAD = (
    (NodeStatus.UNKNOWN, MetastasisStatus.UNKNOWN),
    (NodeStatus.UNKNOWN, MetastasisStatus.ABSENT),
    (NodeStatus.NEGATIVE, MetastasisStatus.ABSENT),
)
MISSING_SETS = (
    (),
    ("size",),
    ("mitoses",),
    ("site",),
    ("size", "mitoses"),
    ("size", "site"),
    ("mitoses", "site"),
    ("size", "mitoses", "site"),
)
USES = {
    "afip": ("size", "mitoses", "site"),
    "nih": ("size", "mitoses"),
    "modified_nih": ("size", "mitoses", "site"),
    "tnm": ("size", "mitoses", "site"),
}


def answer(result: SchemeResult) -> tuple[Any, ...]:
    """What must agree across completions: the group or stage, and the figure."""
    if result.id == "tnm":
        return (result.status, result.stage, result.stage_at_least, result.stage_if_not_spread)
    return (result.status, result.risk)


class TestDecidedRiskInvariant(unittest.TestCase):
    """Exhaustive over the grid x every set of missing inputs, for all four schemes."""

    maxDiff = None

    def test_a_scheme_answers_exactly_when_every_completion_agrees(self) -> None:
        complete: dict[tuple[Any, ...], dict[str, SchemeResult]] = {}
        for size, count, site, rupture, (nodes, metastasis) in product(
            SIZES, COUNTS, SITES, (False, True), SPREAD
        ):
            tumour = Tumour(size, count, site, rupture, nodes, metastasis)
            complete[(size, count, site, rupture, nodes, metastasis)] = {
                r.id: r for r in assess_all(tumour)
            }
        checked = decided = 0
        for missing in MISSING_SETS:
            seen: set[tuple[Any, ...]] = set()
            for size, count, site, rupture, (nodes, metastasis) in product(
                SIZES, COUNTS, SITES, (False, True), SPREAD
            ):
                given = (
                    None if "size" in missing else size,
                    None if "mitoses" in missing else count,
                    None if "site" in missing else site,
                )
                key = (*given, rupture, nodes, metastasis)
                if key in seen:
                    continue
                seen.add(key)
                tumour = Tumour(*given, rupture, nodes, metastasis)
                results = {r.id: r for r in assess_all(tumour)}
                fills = [
                    complete[(s, c, t, rupture, nodes, metastasis)]
                    for s in (SIZES if "size" in missing else (size,))
                    for c in (COUNTS if "mitoses" in missing else (count,))
                    for t in (SITES if "site" in missing else (site,))
                ]
                for scheme_id, got in results.items():
                    outcomes = [f[scheme_id] for f in fills]
                    answers = {answer(o) for o in outcomes}
                    where = f"{scheme_id} missing={missing} tumour={key}"
                    checked += 1
                    agreed = len(answers) == 1 and (
                        outcomes[0].status is Status.OK or outcomes[0].stage_at_least is not None
                    )
                    if agreed:
                        decided += 1 if missing else 0
                        self.assertEqual(answer(got), answer(outcomes[0]), where)
                        percents = {o.percent for o in outcomes}
                        expected_percent = percents.pop() if len(percents) == 1 else None
                        self.assertEqual(got.percent, expected_percent, where)
                        needed = tuple(m for m in missing if m in USES[scheme_id])
                        self.assertEqual(got.not_needed, needed, where)
                    else:
                        self.assertIsNot(got.status, Status.OK, where)
                        self.assertIsNone(got.risk, where)
                        self.assertIsNone(got.percent, where)
                        self.assertIsNone(got.stage, where)
                        if scheme_id == "tnm":
                            self.assertIsNone(got.stage_at_least, where)
                        self.assertEqual(got.not_needed, (), where)
                    if got.status is Status.OK or got.stage_at_least:
                        self.assertTrue(got.patient.strip() and got.clinician.strip(), where)
        # The grid is what the test claims: every missing set, and many decided answers.
        self.assertGreater(checked, 12000)
        self.assertGreater(decided, 500)


TREATMENT = {"command": "treatment", "setting": "resectable"}

# (name, request, {scheme: (status, risk or stage, percent, not_needed)}, source)
CASES: list[tuple[str, dict[str, object], dict[str, tuple[Any, ...]], str]] = [
    ("rupture alone is high under modified NIH", {"rupture": True},
     {"modified_nih": ("ok", "high", None, ["size", "mitoses", "site"]),
      "nih": ("insufficient_data", None, None, []),
      "afip": ("insufficient_data", None, None, [])},
     "clinical-facts.md §3 and §7: Joensuu 2008, rupture is high whatever size, count, site"),
    ("over 10 cm without a count, stomach", {"size": 12, "site": "stomach"},
     {"nih": ("ok", "high", None, ["mitoses"]),
      "modified_nih": ("ok", "high", None, ["mitoses"]),
      "afip": ("insufficient_data", None, None, [])},
     "clinical-facts.md §7: > 10 cm is high under NIH and modified NIH at any count; AFIP "
     "stomach 3b moderate 12% vs 6b high 86% (§1)"),
    ("over 10 cm without a count, jejunum/ileum", {"size": 12, "site": "jejunum-ileum"},
     {"afip": ("ok", "high", None, ["mitoses"]),
      "nih": ("ok", "high", None, ["mitoses"])},
     "clinical-facts.md §7: AFIP jejunum/ileum > 10 cm high in both rows (52%, 90%): "
     "category decided, percentage not"),
    ("over 10 cm, no count, no site", {"size": 12},
     {"nih": ("ok", "high", None, ["mitoses"]),
      "modified_nih": ("ok", "high", None, ["mitoses", "site"]),
      "afip": ("insufficient_data", None, None, [])},
     "clinical-facts.md §7 (NIH 2002, Joensuu 2008: > 10 cm high at any count)"),
    ("over 10 mitoses without a size or site", {"mitoses": 12},
     {"nih": ("ok", "high", None, ["size"]),
      "modified_nih": ("ok", "high", None, ["size", "site"])},
     "clinical-facts.md §7: > 10 mitoses per 5 mm² is high at any size"),
    ("7 cm colon without a count", {"size": 7, "site": "colon"},
     {"modified_nih": ("ok", "high", None, ["mitoses"]),
      "nih": ("insufficient_data", None, None, [])},
     "clinical-facts.md §3: 5.1-10 cm not stomach is high at <= 5 and at > 5; §2: NIH "
     "intermediate vs high"),
    ("1.5 cm stomach without a count", {"size": 1.5, "site": "stomach"},
     {"afip": ("ok", "none", 0.0, ["mitoses"]),
      "nih": ("insufficient_data", None, None, [])},
     "clinical-facts.md §1: stomach groups 1 and 4 are both none, 0%"),
    ("3 cm, 3 mitoses, no site", {"size": 3, "mitoses": 3},
     {"nih": ("ok", "low", None, []),
      "modified_nih": ("ok", "low", None, ["site"]),
      "afip": ("insufficient_data", None, None, []),
      "tnm": ("insufficient_data", None, None, [])},
     "clinical-facts.md §3: 2.1-5 cm <= 5 is low at any site; §1: AFIP has no column for "
     "some sites, so an unknown site is not decided; §4: IA vs I"),
    ("duodenum 7 cm without a count", {"size": 7, "site": "duodenum"},
     {"afip": ("insufficient_data", None, None, [])},
     "clinical-facts.md §1: duodenum 3a and 6a are both insufficient data"),
    ("T4 high rate without a site", {"size": 12, "mitoses": 8, "metastasis": "absent"},
     {"tnm": ("ok", "IIIB", None, ["site"])},
     "clinical-facts.md §4: T4 N0 M0 high is IIIB in both tables; §7 nodes unknown -> N0"),
    ("TNM nodes unknown, no spread", {"size": 3.5, "mitoses": 3, "site": "stomach",
                                      "metastasis": "absent"},
     {"tnm": ("ok", "IA", None, [])},
     "clinical-facts.md §4 and §7: unassessed nodes are staged N0 (AJCC 7th/8th; UICC TNM "
     "8/9 note to NX)"),
    ("TNM spread unknown stays conditional", {"size": 3.5, "mitoses": 3, "site": "stomach"},
     {"tnm": ("insufficient_data", None, None, [])},
     "clinical-facts.md §4: unknown metastasis status has no N0-like rule"),
    ("TNM positive nodes stay stage IV", {"size": 3.5, "mitoses": 3, "site": "stomach",
                                           "nodes": "positive"},
     {"tnm": ("ok", "IV", None, [])},
     "clinical-facts.md §4: N1 is IV"),
]  # fmt: skip


def check_case(tc: unittest.TestCase, case: tuple[Any, ...]) -> None:
    _, request, expected, _ = case
    result = run({**TREATMENT, **request})
    tc.assertEqual(result["errors"], [])
    for scheme_id, (status, value, percent, not_needed) in expected.items():
        got = scheme(result, scheme_id)
        shown = got["stage"] if scheme_id == "tnm" else got["risk"]
        tc.assertEqual(
            (got["status"], shown, got["percent"], got["not_needed"]),
            (status, value, percent, not_needed),
            scheme_id,
        )
        if not_needed:
            # Both voices say what was not needed.
            tc.assertIn("did not need", got["patient"])
            tc.assertIn("not given", got["clinician"])


TestDecidedRiskCases = table_tests(
    "TestDecidedRiskCases",
    "CASES",
    CASES,
    expected_rows=13,
    check=check_case,
    label=lambda c: c[0],
    source=lambda c: c[3],
)


class TestTnmConditionalStage(unittest.TestCase):
    def test_unknown_spread_gives_the_stage_if_it_has_not_spread(self) -> None:
        got = scheme(run({"size": 3.5, "mitoses": 3, "site": "stomach"}), "tnm")
        self.assertEqual(got["stage_if_not_spread"], "IA")
        self.assertEqual(got["stage_at_least"], "IA")
        self.assertIn("If the tumour has not spread", got["patient"])
        self.assertIn("IV", got["patient"])

    def test_unknown_nodes_say_the_n0_convention_in_words(self) -> None:
        got = scheme(
            run({"size": 3.5, "mitoses": 3, "site": "stomach", "metastasis": "absent"}), "tnm"
        )
        self.assertTrue(any("N0" in n for n in got["notes"]))
        self.assertTrue(any("NX" in c for c in got["conventions"]))


class TestSdhDeficientCaveat(unittest.TestCase):
    """Mason EF, Hornick JL. Am J Surg Pathol 2016;40:1616-21 (clinical-facts.md §7)."""

    def test_every_risk_scheme_says_it_for_sdh_deficient_and_only_then(self) -> None:
        for mutation in Mutation:
            for request in (
                {"size": 3, "mitoses": 3, "site": "stomach"},
                {**TREATMENT, "size": 12},
            ):
                result = run({**request, "mutation": mutation.value})
                for scheme_id in ("afip", "nih", "modified_nih"):
                    got = scheme(result, scheme_id)
                    if got["status"] == "not_applicable":
                        continue
                    said = any("SDH-deficient" in n for n in got["notes"])
                    cited = "Mason" in got["clinician"] and "1616" in got["clinician"]
                    with self.subTest(mutation=mutation.value, scheme=scheme_id):
                        self.assertEqual(said, mutation is Mutation.SDH_DEFICIENT)
                        self.assertEqual(cited, mutation is Mutation.SDH_DEFICIENT)

    def test_the_figures_stay_and_the_caveat_sits_beside_them(self) -> None:
        result = run({"size": 3, "mitoses": 12, "site": "stomach", "mutation": "sdh-deficient"})
        afip = scheme(result, "afip")
        self.assertEqual((afip["risk"], afip["percent"]), ("moderate", 16.0))
        self.assertTrue(any("76" in n for n in afip["notes"]))


class TestProbesCoverEveryBand(unittest.TestCase):
    """The package's probe values fall one in each band the tables use."""

    def test_probe_values(self) -> None:
        self.assertEqual([size_band(s) for s in SIZE_PROBES], list(SizeBand))
        self.assertEqual([mitosis_band(m) for m in MITOSES_PROBES], list(MitosisBand))

    def test_completions_fill_only_what_is_missing(self) -> None:
        tumour = Tumour(size_cm=3.0, rupture=True)
        filled = completions(tumour, ("mitoses", "site"))
        self.assertEqual(len(filled), 3 * len(Site))
        self.assertTrue(all(replace(f, mitoses_per_5mm2=None, site=None) == tumour for f in filled))


class TestNoRiskFigureForAnAdvancedTumour(unittest.TestCase):
    """The recurrence-risk schemes estimate the chance that a localised primary tumour comes
    back after complete removal (clinical-facts.md §1-3: AFIP, NIH 2002, modified NIH). For
    a tumour that cannot be removed or has come back, a figure would be false reassurance:
    over every size, count, site, rupture and gene change, none is given; in the situations
    that can be removed the same tumours keep their figures."""

    def test_every_tumour(self) -> None:
        for size, count, site, rupture, gene in product(
            SIZES[::2], COUNTS[::2], (*SITES[::2], None), (False, True),
            (Mutation.KIT_EXON_11, Mutation.SDH_DEFICIENT),
        ):  # fmt: skip
            tumour = Tumour(size_cm=size, mitoses_per_5mm2=count, site=site, rupture=rupture,
                            mutation=gene)  # fmt: skip
            for setting in Setting:
                results = {r.id: r for r in assess_all(tumour, setting)}
                alone = {r.id: r for r in assess_all(tumour)}
                with self.subTest(tumour=tumour, setting=setting):
                    for sid in RISK_SCHEME_IDS:
                        if setting in ADVANCED:
                            self.assertIs(results[sid].status, Status.NOT_APPLICABLE)
                            self.assertIsNone(results[sid].percent)
                            self.assertIsNone(results[sid].risk)
                        else:
                            self.assertEqual(results[sid], alone[sid])
                    self.assertEqual(results["tnm"], alone["tnm"])
