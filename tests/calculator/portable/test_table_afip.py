"""AFIP (Miettinen & Lasota 2006): every published cell, and the sites the table lacks.

Data: afip_cells.csv (8 groups x 4 sites, with a representative size and count inside each
band) and afip_sites_not_covered.csv (colon, oesophagus, outside the gut). Source of truth:
clinical-facts.md §1.
"""

from __future__ import annotations

import unittest
from typing import Any

from _cases import number, read_csv, run, scheme, table_tests, text_or_none, yes

CELLS = read_csv("afip_cells.csv")
NOT_COVERED = read_csv("afip_sites_not_covered.csv")


def check_cell(tc: unittest.TestCase, row: Any) -> None:
    result = run(
        {"size": float(row["size_cm"]), "mitoses": float(row["mitoses"]), "site": row["site"]}
    )
    tc.assertEqual(result["errors"], [])
    afip = scheme(result, "afip")
    got = {k: afip[k] for k in ("status", "group", "risk", "percent")}
    want = {
        "status": row["status"],
        "group": row["group"],
        "risk": text_or_none(row["risk"]),
        "percent": number(row["percent"]),
    }
    tc.assertEqual(got, want)
    if row["status"] == "ok":
        words = (afip["clinician"] + " " + afip["row"]["text"]).lower()
        tc.assertEqual(
            "few cases" in words, yes(row["few_cases"]), "the 'few cases' mark must be shown"
        )
        tc.assertEqual(afip["per_100"], int(float(row["percent"]) + 0.5))
    else:
        tc.assertTrue(afip["reason"], "an insufficient-data cell must say why")


def check_not_covered(tc: unittest.TestCase, row: Any) -> None:
    result = run(
        {"size": float(row["size_cm"]), "mitoses": float(row["mitoses"]), "site": row["site"]}
    )
    tc.assertEqual(result["errors"], [])
    afip = scheme(result, "afip")
    tc.assertEqual(
        (afip["status"], afip["risk"], afip["percent"], afip["group"]),
        (row["afip_status"], None, None, None),
        "AFIP has no column for this site and must not borrow one",
    )
    tc.assertTrue(afip["reason"] and afip["patient"], "say that the table does not cover the site")
    tc.assertEqual(
        (scheme(result, "nih")["risk"], scheme(result, "modified_nih")["risk"]),
        (row["nih"], row["modified_nih"]),
        "the other schemes still answer for this site",
    )


TestAfipCells = table_tests(
    "TestAfipCells",
    "afip_cells.csv",
    CELLS,
    expected_rows=32,
    check=check_cell,
    label=lambda r: f"group {r['group']} {r['site']}",
)
TestAfipSitesNotCovered = table_tests(
    "TestAfipSitesNotCovered",
    "afip_sites_not_covered.csv",
    NOT_COVERED,
    expected_rows=6,
    check=check_not_covered,
    label=lambda r: f"{r['site']} {r['size_cm']} cm {r['mitoses']} mitoses",
)


class TestAfipCellsCoverTheTable(unittest.TestCase):
    def test_every_group_and_site_once(self) -> None:
        pairs = sorted((r["group"], r["site"]) for r in CELLS)
        groups = ["1", "2", "3a", "3b", "4", "5", "6a", "6b"]
        sites = ["duodenum", "jejunum-ileum", "rectum", "stomach"]
        self.assertEqual(pairs, sorted((g, s) for g in groups for s in sites))

    def test_uncovered_sites_are_the_three_without_a_column(self) -> None:
        self.assertEqual({r["site"] for r in NOT_COVERED}, {"colon", "esophagus", "extra-gi"})
