"""Guideline treatment options: the rules table, the engine that runs it, the catalogue of
option facts, and the pathway through the medicine sequence."""

from __future__ import annotations

from dataclasses import dataclass

from ..inputs import Treatment, Tumour
from ..results import Note, Option, Pathway, SchemeResult
from .engine import RISK_BASIS, run
from .pathway import pathway
from .rules import FIELD_USES, TABLE

__all__ = ["RISK_BASIS", "Recommendations", "recommend"]


@dataclass(frozen=True, slots=True)
class Recommendations:
    options: tuple[Option, ...]
    notes: tuple[Note, ...]
    pathway: Pathway | None
    fields_read: frozenset[str]
    rules_fired: tuple[str, ...]


def recommend(tumour: Tumour, treatment: Treatment, modified_nih: SchemeResult) -> Recommendations:
    outcome = run(TABLE, FIELD_USES, tumour, treatment, modified_nih)
    return Recommendations(
        options=outcome.options,
        notes=outcome.notes,
        pathway=pathway(tumour, treatment, outcome.setting, outcome.sequence, outcome.options),
        fields_read=outcome.read,
        rules_fired=outcome.fired,
    )
