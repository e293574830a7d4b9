"""AJCC/UICC TNM stage: every row of both stage tables, the site-to-table mapping, the
outside-the-gut case, and unknown node or metastasis status.

Data: tnm_cells.csv. Source of truth: clinical-facts.md §4 and the docstring of
gist_calculator/schemes/tnm.py (extra-GI is staged with both tables and gives
insufficient_data when they disagree).
"""

from __future__ import annotations

import unittest
from typing import Any

from _cases import read_csv, run, scheme, table_tests, text_or_none

ROWS = read_csv("tnm_cells.csv")
STAGES = {"IA", "IB", "I", "II", "IIIA", "IIIB", "IV"}
TABLE_STAGES = {
    "gastric": {"IA", "IB", "II", "IIIA", "IIIB", "IV"},
    "small_intestine": {"I", "II", "IIIA", "IIIB", "IV"},
}


def check(tc: unittest.TestCase, row: Any) -> None:
    result = run(
        {
            "size": float(row["size_cm"]),
            "mitoses": float(row["mitoses"]),
            "site": row["site"],
            "nodes": row["nodes"],
            "metastasis": row["metastasis"],
        }
    )
    tc.assertEqual(result["errors"], [])
    tnm = scheme(result, "tnm")
    tc.assertEqual(
        {k: tnm[k] for k in ("status", "stage", "stage_at_least", "risk", "percent")},
        {
            "status": row["status"],
            "stage": text_or_none(row["stage"]),
            "stage_at_least": text_or_none(row["stage_at_least"]),
            "risk": None,
            "percent": None,
        },
    )
    given = tnm["stage"] or tnm["stage_at_least"]
    if given is not None:
        tc.assertIn(given, STAGES)
    table = row["table"]
    if table in TABLE_STAGES and given is not None:
        tc.assertIn(given, TABLE_STAGES[table])
        if given != "IV":
            tc.assertTrue(
                tnm["row"]["key"].startswith(f"{table}-"),
                f"staged with the {table} table, row {tnm['row']}",
            )
    if row["status"] != "ok":
        tc.assertTrue(tnm["reason"], "say why no stage is given")


TestTnmCells = table_tests(
    "TestTnmCells",
    "tnm_cells.csv",
    ROWS,
    expected_rows=38,
    check=check,
    label=lambda r: (
        f"{r['site']} {r['size_cm']} cm {r['mitoses']} N {r['nodes']} M {r['metastasis']}"
    ),
)


class TestTnmTablesCovered(unittest.TestCase):
    def test_every_printed_row_of_both_tables(self) -> None:
        printed = {(r["table"], r["printed_row"]) for r in ROWS}
        for table, rows in {
            "gastric": [
                "IA: T1 or T2 N0 M0 low",
                "IB: T3 N0 M0 low",
                "II: T1 or T2 N0 M0 high",
                "II: T4 N0 M0 low",
                "IIIA: T3 N0 M0 high",
                "IIIB: T4 N0 M0 high",
                "IV: any T N1 M0 any rate",
                "IV: any T any N M1 any rate",
            ],
            "small_intestine": [
                "I: T1 or T2 N0 M0 low",
                "II: T3 N0 M0 low",
                "IIIA: T1 N0 M0 high",
                "IIIA: T4 N0 M0 low",
                "IIIB: T2 T3 or T4 N0 M0 high",
                "IV: any T N1 M0 any rate",
                "IV: any T any N M1 any rate",
            ],
        }.items():
            for text in rows:
                self.assertIn((table, text), printed)

    def test_every_site_is_staged_somewhere(self) -> None:
        self.assertEqual(
            {r["site"] for r in ROWS},
            {"stomach", "duodenum", "jejunum-ileum", "colon", "rectum", "esophagus", "extra-gi"},
        )
