"""Every band edge, explicitly: 2.0, 2.05, 2.1, 5.0, 5.1, 10.0, 10.1 cm; 5/6 and 10/11
mitoses; sizes in mm; counts per 50 HPF and over another area, rescaled to 5 mm².

Data: boundaries.csv. Each row is run with nodes negative and no metastasis so that the TNM
stage is given, and every scheme is checked at once, because a boundary read differently by
one scheme is exactly the bug this file exists to catch.
"""

from __future__ import annotations

import unittest
from typing import Any

from _cases import number, read_csv, run, scheme, table_tests

ROWS = read_csv("boundaries.csv")


def check(tc: unittest.TestCase, row: Any) -> None:
    request: dict[str, object] = {
        "size": row["size"],
        "size_unit": row["size_unit"],
        "mitoses": row["mitoses"],
        "site": row["site"],
        "nodes": "negative",
        "metastasis": "absent",
    }
    if row["mitoses_unit"]:
        request["mitoses_unit"] = row["mitoses_unit"]
    if row["mitoses_area"]:
        request["mitoses_area"] = row["mitoses_area"]
    result = run(request)
    tc.assertEqual(result["errors"], [])
    inputs = result["inputs"]
    tc.assertAlmostEqual(inputs["size_cm"], float(row["size_cm"]), places=9)
    tc.assertAlmostEqual(inputs["mitoses_per_5mm2"], float(row["mitoses_per_5mm2"]), places=9)
    afip, tnm = scheme(result, "afip"), scheme(result, "tnm")
    got = {
        "afip": (afip["status"], afip["group"], afip["risk"], afip["percent"]),
        "nih": scheme(result, "nih")["risk"],
        "modified_nih": scheme(result, "modified_nih")["risk"],
        "tnm": (tnm["status"], tnm["stage"]),
    }
    want = {
        "afip": ("ok", row["afip_group"], row["afip_risk"], number(row["afip_percent"])),
        "nih": row["nih"],
        "modified_nih": row["modified_nih"],
        "tnm": ("ok", row["tnm_stage"]),
    }
    tc.assertEqual(got, want)


def label(row: Any) -> str:
    unit = row["mitoses_unit"] or "per-5mm2"
    area = f" over {row['mitoses_area']} mm2" if row["mitoses_area"] else ""
    return (
        f"{row['kind']} {row['site']} {row['size']} {row['size_unit']} "
        f"{row['mitoses']} {unit}{area}"
    )


TestBoundaries = table_tests(
    "TestBoundaries",
    "boundaries.csv",
    ROWS,
    expected_rows=52,
    check=check,
    label=label,
    source=lambda r: r["why"],
)


class TestBoundariesNamedInTheIssue(unittest.TestCase):
    """The issue lists these edges; each must appear in the data file."""

    def test_sizes(self) -> None:
        sizes = {r["size"] for r in ROWS if r["kind"] == "size"}
        for size in ("2.0", "2.05", "2.1", "5.0", "5.1", "10.0", "10.1"):
            self.assertIn(size, sizes)

    def test_mitoses(self) -> None:
        counts = {r["mitoses"] for r in ROWS if r["kind"] == "mitoses"}
        for count in ("5", "6", "10", "11"):
            self.assertIn(count, counts)

    def test_mm_and_rescaled_counts(self) -> None:
        kinds = {r["kind"] for r in ROWS}
        for kind in ("mm", "per-area", "per-50hpf"):
            self.assertIn(kind, kinds)
