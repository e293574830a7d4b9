"""AFIP / Miettinen & Lasota 2006: risk of progressive disease by size, mitoses and site.

The table the NCCN guideline uses. "Progressive disease" means metastasis or death from the
tumour over the long-term follow-up of the source series. Only four sites have a column;
other sites are answered "not applicable", never borrowed from a neighbouring column.

Traps handled here (see clinical-facts.md): many reproductions swap the jejunum/ileum and
duodenum columns (we follow the site-specific series and the current PDQ), and older copies
print 10% for stomach group 3b where the current PDQ has 12%.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..choices import Site
from ..inputs import Tumour
from ..results import Row, SchemeResult, Status
from ..sources import MIETTINEN_2006
from ..wording import join_words
from .bands import SIZE_WORDS, SizeBand, format_number, mitoses_high, mitoses_words, size_band
from .completion import (
    Decision,
    completions,
    decide,
    missing_inputs,
    needs_patient,
    not_needed_clinician,
    not_needed_patient,
)

ID = "afip"
NAME = "AFIP (Miettinen and Lasota 2006)"
MEASURES = (
    "the chance of progressive disease (the tumour spreading, or death from it) during the "
    "long-term follow-up of the people in the source study"
)
SITES: tuple[Site, ...] = (Site.STOMACH, Site.JEJUNUM_ILEUM, Site.DUODENUM, Site.RECTUM)
RISK_LABELS = {
    "none": "None",
    "very_low": "Very low",
    "low": "Low",
    "moderate": "Moderate",
    "high": "High",
}


@dataclass(frozen=True, slots=True)
class Cell:
    """One published cell. ``risk`` None means the table says "insufficient data"."""

    risk: str | None
    percent: float | None
    few_cases: bool = False

    @property
    def text(self) -> str:
        if self.risk is None or self.percent is None:
            return "Insufficient data"
        few = " (few cases)" if self.few_cases else ""
        return f"{RISK_LABELS[self.risk]}, {format_number(self.percent)}%{few}"


@dataclass(frozen=True, slots=True)
class Group:
    id: str
    size: SizeBand
    high_mitoses: bool
    cells: dict[Site, Cell]

    @property
    def mitoses_text(self) -> str:
        return "> 5 per 5 mm²" if self.high_mitoses else "<= 5 per 5 mm²"


_NO_DATA = Cell(None, None)

# Miettinen M, Lasota J. Semin Diagn Pathol 2006;23:70-83, as tabulated in clinical-facts.md.
# Columns: stomach, jejunum/ileum, duodenum, rectum.
GROUPS: tuple[Group, ...] = (
    Group("1", SizeBand.UP_TO_2, False, {
        Site.STOMACH: Cell("none", 0), Site.JEJUNUM_ILEUM: Cell("none", 0),
        Site.DUODENUM: Cell("none", 0), Site.RECTUM: Cell("none", 0),
    }),
    Group("2", SizeBand.OVER_2_TO_5, False, {
        Site.STOMACH: Cell("very_low", 1.9), Site.JEJUNUM_ILEUM: Cell("low", 4.3),
        Site.DUODENUM: Cell("low", 8.3), Site.RECTUM: Cell("low", 8.5),
    }),
    Group("3a", SizeBand.OVER_5_TO_10, False, {
        Site.STOMACH: Cell("low", 3.6), Site.JEJUNUM_ILEUM: Cell("moderate", 24),
        Site.DUODENUM: _NO_DATA, Site.RECTUM: _NO_DATA,
    }),
    Group("3b", SizeBand.OVER_10, False, {
        Site.STOMACH: Cell("moderate", 12), Site.JEJUNUM_ILEUM: Cell("high", 52),
        Site.DUODENUM: Cell("high", 34), Site.RECTUM: Cell("high", 57),
    }),
    Group("4", SizeBand.UP_TO_2, True, {
        Site.STOMACH: Cell("none", 0, few_cases=True),
        Site.JEJUNUM_ILEUM: Cell("high", 50, few_cases=True),
        Site.DUODENUM: _NO_DATA, Site.RECTUM: Cell("high", 54),
    }),
    Group("5", SizeBand.OVER_2_TO_5, True, {
        Site.STOMACH: Cell("moderate", 16), Site.JEJUNUM_ILEUM: Cell("high", 73),
        Site.DUODENUM: Cell("high", 50), Site.RECTUM: Cell("high", 52),
    }),
    Group("6a", SizeBand.OVER_5_TO_10, True, {
        Site.STOMACH: Cell("high", 55), Site.JEJUNUM_ILEUM: Cell("high", 85),
        Site.DUODENUM: _NO_DATA, Site.RECTUM: _NO_DATA,
    }),
    Group("6b", SizeBand.OVER_10, True, {
        Site.STOMACH: Cell("high", 86), Site.JEJUNUM_ILEUM: Cell("high", 90),
        Site.DUODENUM: Cell("high", 86), Site.RECTUM: Cell("high", 71),
    }),
)  # fmt: skip

_SITE_WORDS = {
    Site.STOMACH: "the stomach",
    Site.DUODENUM: "the duodenum",
    Site.JEJUNUM_ILEUM: "the jejunum or ileum",
    Site.COLON: "the colon",
    Site.RECTUM: "the rectum",
    Site.ESOPHAGUS: "the oesophagus",
    Site.EXTRA_GI: "the tissues outside the gut (mesentery, omentum or peritoneum)",
}


def group_for(size_cm: float, mitoses: float) -> Group:
    band, high = size_band(size_cm), mitoses_high(mitoses)
    return next(g for g in GROUPS if g.size is band and g.high_mitoses is high)


USES: tuple[str, ...] = ("size", "mitoses", "site", "nodes", "metastasis")


def assess(tumour: Tumour) -> SchemeResult:
    if tumour.has_spread:
        return _result(
            Status.NOT_APPLICABLE,
            reason="The tumour has already spread; this table estimates the chance of spread "
            "for tumours that have not.",
            patient="This table estimates the chance that a tumour which has not spread will "
            "spread later. Yours already has, so it does not apply: what matters now is "
            "treatment, which the options below describe.",
            clinician="AFIP risk applies to localised primary GIST; not applicable with nodal "
            "or distant metastasis.",
        )
    if tumour.site is not None and tumour.site not in SITES:
        return _not_covered(tumour.site)
    gaps = missing_inputs(tumour, USES)
    if not gaps:
        return _assess_complete(tumour)
    decision = decide(tumour, gaps, _assess_complete, lambda r: (r.status, r.risk))
    if decision.agreed is not None:
        return _decided(tumour, decision)
    if decision.all_without_figure:
        return _result(
            Status.INSUFFICIENT_DATA,
            reason=f"The study had too few tumours like this to give a figure, whatever the "
            f"{decision.words}.",
            patient="The study behind this table had too few tumours like this one to give a "
            f"figure, whatever the {decision.words_or}. The other schemes here still give a "
            "risk group.",
            clinician=f"AFIP: insufficient data in the source series in every {decision.words} "
            "band.",
            notes=_rupture_notes(tumour),
        )
    return _result(
        Status.INSUFFICIENT_DATA,
        reason=f"Needs the tumour's {decision.words}.",
        patient=needs_patient(decision, "this table"),
        clinician=f"AFIP needs size, mitotic count and site; missing: {decision.words}; its "
        "bands give different results.",
        notes=_rupture_notes(tumour),
    )


def _not_covered(site: Site) -> SchemeResult:
    where = _SITE_WORDS[site]
    return _result(
        Status.NOT_APPLICABLE,
        reason=f"The AFIP table has no figures for tumours that start in {where}.",
        patient=f"This table has no figures for tumours that start in {where}, so it "
        "cannot give a number. The other schemes here still apply; ask your care team "
        "how they judge the risk.",
        clinician=f"AFIP (Miettinen & Lasota 2006) has no column for {where}; no "
        "neighbouring column is borrowed. Use NIH or modified NIH.",
    )


def _decided(tumour: Tumour, decision: Decision) -> SchemeResult:
    """Every band of the missing inputs gives one risk group; the figure only if it agrees."""
    cases = [
        (group_for(c.size_cm, c.mitoses_per_5mm2), c.site)
        for c in completions(tumour, decision.missing)
        if c.size_cm is not None and c.mitoses_per_5mm2 is not None and c.site is not None
    ]
    cells = [group.cells[site] for group, site in cases]
    group_ids = sorted({group.id for group, _ in cases})
    risk = cells[0].risk or ""
    label = RISK_LABELS[risk]
    percents = sorted({cell.percent for cell in cells if cell.percent is not None})
    few = any(cell.few_cases for cell in cells)
    groups_text = join_words(group_ids).replace(" and ", " or ")
    where = _SITE_WORDS[tumour.site] if tumour.site else "any of the table's sites"
    row = None
    if len(group_ids) == 1 and tumour.site is not None:
        group = cases[0][0]
        row = Row(
            key=f"{tumour.site.value}-{group.id}",
            cells=(
                ("Group", group.id),
                ("Size", group.size.value),
                ("Mitoses", group.mitoses_text),
                ("Site", tumour.site.label),
                ("Published cell", cells[0].text),
            ),
        )
    explanation = (
        f"Why: whatever the {decision.words_or}, a tumour like this falls in group "
        f"{groups_text} of the table, in {where}, and every one of them is in the risk group "
        f"'{label.lower()}'."
    )
    if len(percents) == 1:
        percent = percents[0]
        patient = _patient_words(risk, percent, few) + " " + not_needed_patient(decision, "figure")
        clinician = (
            f"AFIP group {groups_text}, {where}: risk group {label.lower()}, "
            f"{format_number(percent)}% progressive disease on long-term follow-up"
            + (" (few cases). " if few else ". ")
            + not_needed_clinician(decision, "figure")
        )
        return _result(
            Status.OK,
            row=row,
            group=group_ids[0] if len(group_ids) == 1 else None,
            risk=risk,
            percent=float(percent),
            patient=patient,
            clinician=clinician,
            notes=_rupture_notes(tumour),
            explanation=explanation,
            not_needed=decision.missing,
        )
    low, high = format_number(percents[0]), format_number(percents[-1])
    return _result(
        Status.OK,
        row=row,
        group=group_ids[0] if len(group_ids) == 1 else None,
        risk=risk,
        patient=f"In the large study behind this table, tumours like this were in the "
        f"{label.lower()}-risk group whatever their {decision.words_or}: we did not need the "
        f"{decision.words} for the group. How many of them spread depends on the "
        f"{decision.words}, so we give no figure out of 100.",
        clinician=f"AFIP, {where}: risk group {label.lower()} in every {decision.words} band "
        f"(groups {groups_text}: {low}% to {high}% progressive disease). "
        + not_needed_clinician(decision, "risk group")
        + f" The percentage needs the {decision.words}.",
        notes=_rupture_notes(tumour),
        explanation=explanation,
        not_needed=decision.missing,
    )


def _patient_words(risk: str, percent: float, few_cases: bool) -> str:
    per_100 = int(percent + 0.5)
    label = RISK_LABELS[risk]
    if per_100 == 0:
        patient = (
            "In the large study behind this table, none of the people with a tumour like "
            "this had it spread or died of it during long-term follow-up"
        )
    else:
        patient = (
            f"In the large study behind this table, about {per_100} out of 100 people with a "
            "tumour like this had it spread or died of it during long-term follow-up"
        )
    patient += f" (risk group: {label.lower()})."
    if few_cases:
        patient += " Few people in the study had a tumour like this, so the figure is uncertain."
    return patient


def _assess_complete(tumour: Tumour) -> SchemeResult:
    """The published cell for a tumour whose size, count and site are all known."""
    if tumour.site is None or tumour.size_cm is None or tumour.mitoses_per_5mm2 is None:
        raise ValueError("_assess_complete needs size, mitotic count and site")
    if tumour.site not in SITES:
        return _not_covered(tumour.site)
    group = group_for(tumour.size_cm, tumour.mitoses_per_5mm2)
    cell = group.cells[tumour.site]
    where = _SITE_WORDS[tumour.site]
    row = Row(
        key=f"{tumour.site.value}-{group.id}",
        cells=(
            ("Group", group.id),
            ("Size", group.size.value),
            ("Mitoses", group.mitoses_text),
            ("Site", tumour.site.label),
            ("Published cell", cell.text),
        ),
    )
    notes = _rupture_notes(tumour)
    explanation = (
        f"Why: the tumour is {SIZE_WORDS[group.size]} across, with "
        f"{mitoses_words(group.high_mitoses)} dividing cells (mitoses) per 5 mm², and started "
        f"in {where}: that is group {group.id} of the table, in its column for "
        f"{tumour.site.label.split(' (')[0].lower()}."
    )
    if cell.risk is None or cell.percent is None:
        return _result(
            Status.INSUFFICIENT_DATA,
            row=row,
            group=group.id,
            reason=f"The study had too few tumours of this size and mitotic count in {where} "
            "to give a figure (the table says 'insufficient data').",
            patient=f"The study behind this table had too few tumours like this one in {where} "
            "to give a figure. The other schemes here still give a risk group.",
            clinician=f"AFIP group {group.id}, {where}: insufficient data in the source series.",
            notes=notes,
            explanation=explanation,
        )
    label = RISK_LABELS[cell.risk]
    patient = _patient_words(cell.risk, cell.percent, cell.few_cases)
    return _result(
        Status.OK,
        row=row,
        group=group.id,
        risk=cell.risk,
        percent=float(cell.percent),
        patient=patient,
        clinician=f"AFIP group {group.id} ({group.size.value}, {group.mitoses_text}), {where}: "
        f"{label.lower()} risk, {format_number(cell.percent)}% progressive disease (metastasis "
        "or tumour-related death) on long-term follow-up"
        + (" (few cases)." if cell.few_cases else "."),
        notes=notes,
        explanation=explanation,
    )


def _rupture_notes(tumour: Tumour) -> tuple[str, ...]:
    if not tumour.rupture:
        return ()
    return (
        "This table does not take tumour rupture into account; rupture raises the risk a lot, "
        "which is why the modified NIH scheme counts any ruptured tumour as high risk.",
    )


def _result(
    status: Status,
    *,
    patient: str,
    clinician: str,
    reason: str | None = None,
    row: Row | None = None,
    group: str | None = None,
    risk: str | None = None,
    percent: float | None = None,
    notes: tuple[str, ...] = (),
    explanation: str | None = None,
    not_needed: tuple[str, ...] = (),
) -> SchemeResult:
    return SchemeResult(
        id=ID,
        name=NAME,
        status=status,
        patient=patient,
        clinician=clinician,
        citation=MIETTINEN_2006,
        risk=risk,
        risk_label=RISK_LABELS[risk] if risk else None,
        percent=percent,
        group=group,
        row=row,
        reason=reason,
        measures=MEASURES,
        explanation=explanation,
        conventions=(
            "Size bands include their upper limit: <= 2, > 2 to <= 5, > 5 to <= 10, > 10 cm.",
            "Mitotic count low is <= 5, high is > 5 per 5 mm² (50 HPF counted as 5 mm²).",
        ),
        notes=notes,
        inputs_used=USES,
        not_needed=not_needed,
    )
