"""The published tables as rows of text, generated from the same data the schemes use.

The "Understanding your risk" page renders these at build time, and a site test compares the
page with them, so the page and the calculator cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass

from .schemes import afip, tnm
from .schemes.nih import MODIFIED_NIH, NIH_2002, RISK_LABELS, Scheme
from .sources import AJCC_8, MIETTINEN_2006, Citation


@dataclass(frozen=True, slots=True)
class Table:
    id: str
    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    citation: Citation
    notes: tuple[str, ...] = ()


def _afip() -> Table:
    columns = ("Group", "Size", "Mitoses", *(site.label.split(" (")[0] for site in afip.SITES))
    rows = tuple(
        (g.id, g.size.value, g.mitoses_text, *(g.cells[site].text for site in afip.SITES))
        for g in afip.GROUPS
    )
    return Table(
        id="afip",
        title="AFIP (Miettinen and Lasota 2006): risk of progressive disease",
        columns=columns,
        rows=rows,
        citation=MIETTINEN_2006,
        notes=(
            "Percentages are the share of people in the source series whose tumour spread or "
            "who died of it during long-term follow-up.",
            "Colon, oesophagus and tumours outside the gut have no column.",
        ),
    )


def _nih(scheme: Scheme, table_id: str) -> Table:
    with_site = scheme.uses_site
    columns = ("Risk", "Size", "Mitoses per 50 HPF") + (("Site",) if with_site else ())
    rows = tuple(
        (RISK_LABELS[r.risk], r.size, r.mitoses.replace(" per 50 HPF", ""))
        + ((r.site,) if with_site else ())
        for r in scheme.rows
    )
    return Table(
        id=table_id,
        title=scheme.name,
        columns=columns,
        rows=rows,
        citation=scheme.citation,
        notes=scheme.conventions,
    )


def _tnm(table_id: tnm.TableId) -> Table:
    columns = ("Stage", "T", "N", "M", "Mitotic rate")
    rows = tuple(tuple(value for _, value in row.cells()) for row in tnm.TABLES[table_id])
    return Table(
        id=f"tnm_{table_id.value}",
        title=f"TNM stage groups: {tnm.TABLE_TITLES[table_id].lower()}",
        columns=columns,
        rows=rows,
        citation=AJCC_8,
        notes=(
            "T1 <= 2 cm, T2 > 2 to <= 5 cm, T3 > 5 to <= 10 cm, T4 > 10 cm; mitotic rate low "
            "<= 5, high > 5 per 5 mm².",
        ),
    )


def published_tables() -> dict[str, Table]:
    tables = [
        _afip(),
        _nih(NIH_2002, "nih"),
        _nih(MODIFIED_NIH, "modified_nih"),
        _tnm(tnm.TableId.GASTRIC),
        _tnm(tnm.TableId.SMALL_INTESTINE),
    ]
    return {t.id: t for t in tables}


# A page placeholder may name a group of tables: "tnm" shows both stage tables.
TABLE_GROUPS: dict[str, tuple[str, ...]] = {
    "afip": ("afip",),
    "nih": ("nih",),
    "modified_nih": ("modified_nih",),
    "tnm": ("tnm_gastric", "tnm_small_intestine"),
}
