"""NIH consensus (Fletcher 2002) and modified NIH (Joensuu 2008): every published row.

Data: nih_cells.csv and modified_nih_cells.csv, one line per printed row (more than one where
a row spans several bands or sites), with the row key the result must cite. Source of truth:
clinical-facts.md §2 and §3.
"""

from __future__ import annotations

import unittest
from typing import Any

from _cases import read_csv, run, scheme, table_tests, yes

NIH = read_csv("nih_cells.csv")
MODIFIED_NIH = read_csv("modified_nih_cells.csv")


def checker(scheme_id: str) -> Any:
    def check(tc: unittest.TestCase, row: Any) -> None:
        request = {
            "size": float(row["size_cm"]),
            "mitoses": float(row["mitoses"]),
            "site": row["site"],
            "rupture": yes(row["rupture"]),
        }
        result = run(request)
        tc.assertEqual(result["errors"], [])
        got = scheme(result, scheme_id)
        tc.assertEqual(
            (got["status"], got["risk"], got["percent"], got["row"]["key"]),
            ("ok", row["risk"], None, row["row_key"]),
            "these schemes give a risk group and the row it comes from, never a percentage",
        )
        if scheme_id == "nih" and yes(row["rupture"]):
            tc.assertTrue(
                any("rupture" in note for note in got["notes"]),
                "NIH 2002 ignores rupture and must say so",
            )

    return check


def label(row: Any) -> str:
    rupture = " rupture" if row["rupture"] == "yes" else ""
    return f"{row['risk']} {row['site']} {row['size_cm']} cm {row['mitoses']}{rupture}"


TestNihCells = table_tests(
    "TestNihCells", "nih_cells.csv", NIH, expected_rows=12, check=checker("nih"), label=label
)
TestModifiedNihCells = table_tests(
    "TestModifiedNihCells",
    "modified_nih_cells.csv",
    MODIFIED_NIH,
    expected_rows=29,
    check=checker("modified_nih"),
    label=label,
)


class TestEveryPublishedRowIsCovered(unittest.TestCase):
    def test_nih_rows(self) -> None:
        self.assertEqual(
            {r["row_key"] for r in NIH},
            {
                "very-low",
                "low",
                "intermediate-small",
                "intermediate-large",
                "high-size-mitoses",
                "high-size",
                "high-mitoses",
            },
        )

    def test_modified_nih_rows(self) -> None:
        self.assertEqual(
            {
                (r["published_row"], r["printed_size"], r["printed_mitoses"], r["printed_site"])
                for r in MODIFIED_NIH
            },
            {
                ("very low", "<= 2.0", "<= 5", "any"),
                ("low", "2.1 to 5.0", "<= 5", "any"),
                ("intermediate", "<= 2.0", "6 to 10", "any"),
                ("intermediate", "2.1 to 5.0", "> 5", "stomach"),
                ("intermediate", "5.1 to 10.0", "<= 5", "stomach"),
                ("high", "any", "any", "tumour rupture"),
                ("high", "> 10", "any", "any"),
                ("high", "any", "> 10", "any"),
                ("high", "> 5.0", "> 5", "any"),
                ("high", "2.1 to 5.0", "> 5", "not stomach"),
                ("high", "5.1 to 10.0", "<= 5", "not stomach"),
            },
        )

    def test_non_gastric_rows_cover_every_other_site(self) -> None:
        others = {"duodenum", "jejunum-ileum", "colon", "rectum", "esophagus", "extra-gi"}
        for printed_size in ("2.1 to 5.0", "5.1 to 10.0"):
            sites = {
                r["site"]
                for r in MODIFIED_NIH
                if r["printed_site"] == "not stomach" and r["printed_size"] == printed_size
            }
            self.assertEqual(sites, others, printed_size)
