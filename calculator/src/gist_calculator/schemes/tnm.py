"""AJCC/UICC TNM stage for GIST (AJCC 7th and 8th editions, UICC TNM 9).

A stage says how far the tumour has grown and spread; it is not a risk figure. Two stage
tables exist: one for the stomach and omentum, one for the small intestine that is also used
for the oesophagus, colon, rectum, mesentery and peritoneum. Our "outside the gut" site
covers both the omentum (gastric table) and the mesentery or peritoneum (small-intestine
table), so where the two disagree we say so instead of choosing.

Unknown node status is staged N0, as the AJCC and UICC rules say (nodal spread is rare in
GIST). Unknown metastasis status has no such rule: the stage is given as the stage if the
tumour has not spread (M0), and IV if it has.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from ..choices import MetastasisStatus, Mutation, NodeStatus, Site
from ..inputs import Tumour
from ..results import Row, SchemeResult, Status
from ..sources import AJCC_8
from ..wording import join_words
from .bands import format_number, mitoses_high
from .completion import (
    Decision,
    completions,
    missing_inputs,
    not_needed_clinician,
    not_needed_patient,
)

ID = "tnm"
USES: tuple[str, ...] = ("size", "mitoses", "site", "nodes", "metastasis")
NAME = "AJCC/UICC TNM stage"
STAGES: tuple[str, ...] = ("IA", "IB", "I", "II", "IIIA", "IIIB", "IV")


class TableId(StrEnum):
    GASTRIC = "gastric"
    SMALL_INTESTINE = "small_intestine"


TABLE_TITLES = {
    TableId.GASTRIC: "Stomach and omentum",
    TableId.SMALL_INTESTINE: (
        "Small intestine; also oesophagus, colon, rectum, mesentery and peritoneum"
    ),
}


@dataclass(frozen=True, slots=True)
class StageRow:
    stage: str
    t: tuple[int, ...]  # empty = any T
    n1: bool | None  # None = any N
    m1: bool
    high_mitoses: bool | None  # None = any rate

    def t_text(self) -> str:
        if not self.t:
            return "any T"
        names = [f"T{t}" for t in self.t]
        return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]

    def cells(self) -> tuple[tuple[str, str], ...]:
        return (
            ("Stage", self.stage),
            ("T", self.t_text()),
            ("N", "any N" if self.n1 is None else ("N1" if self.n1 else "N0")),
            ("M", "M1" if self.m1 else "M0"),
            (
                "Mitotic rate",
                "any" if self.high_mitoses is None else ("high" if self.high_mitoses else "low"),
            ),
        )


TABLE_SHORT = {
    TableId.GASTRIC: "the stomach and omentum",
    TableId.SMALL_INTESTINE: "the small intestine and the other sites",
}

_LOCALISED = False
_SPREAD = True

TABLES: dict[TableId, tuple[StageRow, ...]] = {
    TableId.GASTRIC: (
        StageRow("IA", (1, 2), False, _LOCALISED, False),
        StageRow("IB", (3,), False, _LOCALISED, False),
        StageRow("II", (1, 2), False, _LOCALISED, True),
        StageRow("II", (4,), False, _LOCALISED, False),
        StageRow("IIIA", (3,), False, _LOCALISED, True),
        StageRow("IIIB", (4,), False, _LOCALISED, True),
        StageRow("IV", (), True, _LOCALISED, None),
        StageRow("IV", (), None, _SPREAD, None),
    ),
    TableId.SMALL_INTESTINE: (
        StageRow("I", (1, 2), False, _LOCALISED, False),
        StageRow("II", (3,), False, _LOCALISED, False),
        StageRow("IIIA", (1,), False, _LOCALISED, True),
        StageRow("IIIA", (4,), False, _LOCALISED, False),
        StageRow("IIIB", (2, 3, 4), False, _LOCALISED, True),
        StageRow("IV", (), True, _LOCALISED, None),
        StageRow("IV", (), None, _SPREAD, None),
    ),
}

_T_WORDS = {
    1: "2 cm or smaller",
    2: "more than 2 cm and up to 5 cm",
    3: "more than 5 cm and up to 10 cm",
    4: "more than 10 cm",
}


def t_category(size_cm: float) -> int:
    if size_cm <= 2:
        return 1
    if size_cm <= 5:
        return 2
    if size_cm <= 10:
        return 3
    return 4


def tables_for(site: Site) -> tuple[TableId, ...]:
    if site is Site.STOMACH:
        return (TableId.GASTRIC,)
    if site is Site.EXTRA_GI:
        return (TableId.GASTRIC, TableId.SMALL_INTESTINE)
    return (TableId.SMALL_INTESTINE,)


def stage_of(table: TableId, t: int | None, n1: bool, m1: bool, high: bool | None) -> StageRow:
    """The published row for a fully known case (n1 and m1 known)."""
    for row in TABLES[table]:
        if row.m1 != m1:
            continue
        if row.n1 is not None and row.n1 != n1:
            continue
        if row.t and (t is None or t not in row.t):
            continue
        if row.high_mitoses is not None and row.high_mitoses != high:
            continue
        return row
    raise LookupError(f"no stage row for {table} T{t} N{int(n1)} M{int(m1)} high={high}")


def assess(tumour: Tumour) -> SchemeResult:
    m1 = tumour.metastasis is MetastasisStatus.PRESENT
    n1 = tumour.nodes is NodeStatus.POSITIVE
    size, mitoses, site = tumour.size_cm, tumour.mitoses_per_5mm2, tumour.site
    t = t_category(size) if size is not None else None
    high = mitoses_high(mitoses) if mitoses is not None else None

    if m1 or n1:
        # Any N1 or M1 is stage IV in both tables, whatever the size, rate or site.
        table = tables_for(site)[0] if site else TableId.SMALL_INTESTINE
        row = stage_of(table, t, n1, m1, high)
        where = "to other organs" if m1 else "to lymph nodes"
        return _result(
            Status.OK,
            stage="IV",
            row=Row(key=f"{table.value}-IV-{'m1' if m1 else 'n1'}", cells=row.cells()),
            patient=f"Stage IV: the tumour has spread {where}. The stage describes how far "
            "it has spread, not a chance of it coming back.",
            clinician=f"Stage IV ({'M1' if m1 else 'N1'}; {'any N, ' if m1 else ''}any T, any "
            "mitotic rate).",
        )

    gaps = missing_inputs(tumour, USES)
    found: dict[tuple[TableId, str, int, bool], StageRow] = {}
    for case in completions(tumour, gaps):
        if case.size_cm is None or case.mitoses_per_5mm2 is None or case.site is None:
            continue  # cannot happen: completions fill every missing input
        case_t, case_high = t_category(case.size_cm), mitoses_high(case.mitoses_per_5mm2)
        for table in tables_for(case.site):
            row = stage_of(table, case_t, False, False, case_high)
            found[(table, row.stage, case_t, case_high)] = row
    stages = sorted({key[1] for key in found}, key=STAGES.index)
    n0_note = _n0_note(tumour)
    if len(stages) > 1 and not gaps and site is not None and t is not None:
        rate = "high" if high else "low"
        gastric = stage_of(TableId.GASTRIC, t, False, False, high).stage
        small = stage_of(TableId.SMALL_INTESTINE, t, False, False, high).stage
        return _result(
            Status.INSUFFICIENT_DATA,
            reason="Tumours outside the gut are staged with the stomach table if they are in "
            "the omentum and with the small-intestine table if they are in the mesentery or "
            "peritoneum; the two give different stages here.",
            patient=f"For a tumour outside the gut the stage depends on exactly where it is: "
            f"stage {gastric} if it is in the omentum, stage {small} if it is in the mesentery "
            "or peritoneum.",
            clinician=f"T{t} N0 M0, {rate} mitotic rate: stage {gastric} (omentum, gastric "
            f"table) or {small} (mesentery/peritoneum, small-intestine table).",
            notes=n0_note,
        )
    if len(stages) > 1:
        decision = Decision(gaps, (), None)
        return _result(
            Status.INSUFFICIENT_DATA,
            reason=f"Needs the tumour's {decision.words} (or whether it has spread).",
            patient=f"To give the stage we need the tumour's {decision.words}: without "
            f"{decision.pronoun}, the stage could be {_or(stages)}.",
            clinician=f"TNM stage needs T (size), mitotic rate and site; missing: "
            f"{decision.words} (stage {_or(stages)} if N0 M0).",
            notes=n0_note,
        )

    stage = stages[0]
    decision = Decision(gaps, (), None)
    keys = list(found)
    table = keys[0][0]
    single = len(keys) == 1
    row_used = (
        Row(
            key=f"{table.value}-{stage}-t{keys[0][2]}-{'high' if keys[0][3] else 'low'}",
            cells=(("Table", TABLE_TITLES[table]), *found[keys[0]].cells()),
        )
        if single
        else None
    )
    tables = sorted({key[0] for key in keys})
    where = "in " + join_words([f"the stage table for {TABLE_SHORT[t_]}" for t_ in tables])
    if t is not None and high is not None and mitoses is not None:
        rate = "high" if high else "low"
        facts = (
            f"the tumour is {_T_WORDS[t]} (T{t}) and its cells divide "
            f"{'quickly' if high else 'slowly'} ({rate} mitotic rate, "
            f"{format_number(mitoses)} per 5 mm²)"
        )
        basis = f"T{t}, {rate} mitotic rate, " + (
            "both stage tables" if len(tables) > 1 else f"{TABLE_TITLES[tables[0]].lower()} table"
        )
    else:
        facts = f"whatever the tumour's {decision.words_or}, the tables give this stage"
        basis = "; ".join(
            f"T{key[2]}, {'high' if key[3] else 'low'} rate, {TABLE_TITLES[key[0]].lower()}"
            for key in keys
        )
    not_needed_p = (" " + not_needed_patient(decision, "stage")) if gaps else ""
    not_needed_c = (" " + not_needed_clinician(decision, "stage")) if gaps else ""
    if tumour.metastasis is MetastasisStatus.UNKNOWN:
        return _result(
            Status.INSUFFICIENT_DATA,
            stage_at_least=stage,
            stage_if_not_spread=stage,
            row=row_used,
            reason="Whether the tumour has spread to other organs is not known: stage "
            f"{stage} if it has not, IV if it has.",
            patient=f"If the tumour has not spread to other organs, the stage is {stage}: "
            f"{facts}. If it has spread, the stage is IV." + not_needed_p,
            clinician=f"{basis}: stage {stage} if M0; M unknown, IV if M1." + not_needed_c,
            notes=n0_note,
            not_needed=gaps,
        )
    nodes_words = (
        "the lymph nodes counted as free of tumour (not checked: N0)"
        if n0_note
        else "no spread to lymph nodes"
    )
    spread_words = "it has not spread to other organs" if n0_note else "it has not spread"
    return _result(
        Status.OK,
        explanation=f"Why: {facts}, with {nodes_words} and no spread to other organs; "
        f"{where} that is stage {stage}.",
        stage=stage,
        row=row_used,
        patient=f"Stage {stage}: {facts}, and {spread_words}. The stage describes how far "
        "the tumour has grown and spread; it is not a chance of it coming back." + not_needed_p,
        clinician=f"{basis}, N0 M0: stage {stage}." + not_needed_c,
        notes=n0_note,
        not_needed=gaps,
    )


def _or(stages: list[str]) -> str:
    return join_words(stages).replace(" and ", " or ")


def _n0_note(tumour: Tumour) -> tuple[str, ...]:
    """Unassessed nodes are staged N0 (AJCC 7th/8th; UICC TNM 8 and 9, note to NX)."""
    if tumour.nodes is not NodeStatus.UNKNOWN:
        return ()
    if tumour.mutation is Mutation.SDH_DEFICIENT:
        # PDQ: lymph node metastasis is characteristic of SDH-deficient GIST.
        return (
            "We do not know whether the lymph nodes were checked. The staging rules count "
            "nodes that were not checked as free of tumour (N0), and so do we; but "
            "SDH-deficient GIST spreads to lymph nodes more often than other GISTs, so ask "
            "whether they were checked.",
        )
    return (
        "We do not know whether the lymph nodes were checked. GIST very rarely spreads to "
        "lymph nodes, so the staging rules count nodes that were not checked as free of "
        "tumour (N0), and so do we.",
    )


def _result(
    status: Status,
    *,
    patient: str,
    clinician: str,
    stage: str | None = None,
    stage_at_least: str | None = None,
    row: Row | None = None,
    reason: str | None = None,
    explanation: str | None = None,
    stage_if_not_spread: str | None = None,
    notes: tuple[str, ...] = (),
    not_needed: tuple[str, ...] = (),
) -> SchemeResult:
    return SchemeResult(
        id=ID,
        name=NAME,
        status=status,
        patient=patient,
        clinician=clinician,
        citation=AJCC_8,
        stage=stage,
        stage_at_least=stage_at_least,
        row=row,
        reason=reason,
        measures="how far the tumour has grown and spread (stage); not a risk percentage",
        explanation=explanation,
        stage_if_not_spread=stage_if_not_spread,
        notes=notes,
        inputs_used=USES,
        not_needed=not_needed,
        conventions=(
            "T1 <= 2 cm, T2 > 2 to <= 5 cm, T3 > 5 to <= 10 cm, T4 > 10 cm.",
            "Mitotic rate low <= 5, high > 5 per 5 mm² (or per 50 HPF).",
            "Duodenum is staged as small intestine; the omentum uses the stomach table.",
            "Lymph nodes not assessed are staged N0, not NX (AJCC 7th and 8th editions; UICC "
            "TNM 8 and 9): nodal spread is rare in GIST.",
            "Unknown spread to other organs: the stage is given for M0, with IV if M1.",
        ),
    )
