"""What the calculator answers, in a form every consumer shares.

The command line, the JSON entry point, the build-time pages and the browser widget all
read these objects, so a wording or a number is decided once, here and in the schemes.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from .inputs import Request
from .sources import Citation


class Status(StrEnum):
    OK = "ok"
    INSUFFICIENT_DATA = "insufficient_data"
    NOT_APPLICABLE = "not_applicable"


class Recommendation(StrEnum):
    PREFERRED = "preferred"
    OPTION = "option"
    NOT_RECOMMENDED = "not_recommended"

    @property
    def rank(self) -> int:
        """Strongest first: what is usually done (0), an option (1), not advised (2)."""
        return _RANK[self]


_RANK = {Recommendation.PREFERRED: 0, Recommendation.OPTION: 1, Recommendation.NOT_RECOMMENDED: 2}


@dataclass(frozen=True, slots=True)
class Row:
    """One row of a published table, as printed, so a reader can find it in the source."""

    key: str
    cells: tuple[tuple[str, str], ...]

    def describe(self) -> str:
        return "; ".join(f"{name}: {value}" for name, value in self.cells)

    def to_json(self) -> dict[str, Any]:
        return {"key": self.key, "cells": dict(self.cells), "text": self.describe()}


@dataclass(frozen=True, slots=True)
class SchemeResult:
    id: str
    name: str
    status: Status
    patient: str
    clinician: str
    citation: Citation
    risk: str | None = None
    risk_label: str | None = None
    percent: float | None = None
    group: str | None = None
    stage: str | None = None
    stage_at_least: str | None = None
    row: Row | None = None
    reason: str | None = None
    measures: str | None = None
    explanation: str | None = None  # "why this result": the row that applied, in plain words
    conventions: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    # The request fields this scheme reads (request keys), and those the reader left empty
    # that could not change this scheme's answer (every possible value gives the same one).
    inputs_used: tuple[str, ...] = ()
    not_needed: tuple[str, ...] = ()
    # TNM with unknown spread to other organs: the stage if it has not spread (M0).
    stage_if_not_spread: str | None = None

    @property
    def per_100(self) -> int | None:
        """The percentage as a whole number of people out of 100, rounded half up."""
        if self.percent is None:
            return None
        return int(self.percent + 0.5)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "status": self.status.value,
            "risk": self.risk,
            "risk_label": self.risk_label,
            "percent": self.percent,
            "per_100": self.per_100,
            "group": self.group,
            "stage": self.stage,
            "stage_at_least": self.stage_at_least,
            "row": self.row.to_json() if self.row else None,
            "reason": self.reason,
            "measures": self.measures,
            "explanation": self.explanation,
            "patient": self.patient,
            "clinician": self.clinician,
            "citation": self.citation.to_json(),
            "conventions": list(self.conventions),
            "notes": list(self.notes),
            "inputs_used": list(self.inputs_used),
            "not_needed": list(self.not_needed),
            "stage_if_not_spread": self.stage_if_not_spread,
        }


@dataclass(frozen=True, slots=True)
class Option:
    id: str
    recommendation: Recommendation
    title: str
    why_patient: str
    why_clinician: str
    section: str
    anchor: str
    citations: tuple[Citation, ...]
    evidence: str | None = None
    dose: str | None = None
    dose_mg: int | None = None
    duration: str | None = None
    duration_years: int | None = None
    risk_basis: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "recommendation": self.recommendation.value,
            "title": self.title,
            "why_patient": self.why_patient,
            "why_clinician": self.why_clinician,
            "dose": self.dose,
            "dose_mg": self.dose_mg,
            "duration": self.duration,
            "duration_years": self.duration_years,
            "evidence": self.evidence,
            "risk_basis": self.risk_basis,
            "section": self.section,
            "anchor": self.anchor,
            "citations": [c.to_json() for c in self.citations],
        }


@dataclass(frozen=True, slots=True)
class Note:
    """Something the reader should know that is not a result of one scheme or option."""

    id: str
    patient: str
    clinician: str

    def to_json(self) -> dict[str, str]:
        return {"id": self.id, "patient": self.patient, "clinician": self.clinician}


class StepStatus(StrEnum):
    """Where a step of the medicine sequence stands for this reader."""

    GREW = "grew"
    SIDE_EFFECTS = "side-effects"
    NOW = "now"
    ALSO_NOW = "also-now"
    PASSED = "passed"
    LATER = "later"


STEP_STATUS_WORDS: dict[StepStatus, str] = {
    StepStatus.GREW: "tried: the tumour grew on it",
    StepStatus.SIDE_EFFECTS: "tried: stopped for side effects",
    StepStatus.NOW: "next step",
    StepStatus.ALSO_NOW: "also possible now",
    StepStatus.PASSED: "not needed on this path",
    StepStatus.LATER: "later, if needed",
}


@dataclass(frozen=True, slots=True)
class PathwayStep:
    id: str
    label: str
    status: StepStatus

    def to_json(self) -> dict[str, str]:
        return {
            "id": self.id,
            "label": self.label,
            "status": self.status.value,
            "status_words": STEP_STATUS_WORDS[self.status],
        }


@dataclass(frozen=True, slots=True)
class Pathway:
    """The reader's place in the medicine sequence: their line's steps, in order."""

    line: str
    title: str
    steps: tuple[PathwayStep, ...]
    other_lines: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "line": self.line,
            "title": self.title,
            "steps": [step.to_json() for step in self.steps],
            "other_lines": list(self.other_lines),
        }


@dataclass(frozen=True, slots=True)
class UnimplementedModel:
    id: str
    name: str
    why: str
    tool: str
    citation: Citation

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "why": self.why,
            "tool": self.tool,
            "citation": self.citation.to_json(),
        }


@dataclass(frozen=True, slots=True)
class FieldError:
    field: str
    message: str

    def to_json(self) -> dict[str, str]:
        return {"field": self.field, "message": self.message}


@dataclass(frozen=True, slots=True)
class Evaluation:
    """The whole answer to one request."""

    # The validated request this answers; None when the request had errors. Renderers read
    # it as it is; the JSON answer echoes it as ``api.normalised_inputs``.
    request: Request | None = None
    schemes: tuple[SchemeResult, ...] = ()
    options: tuple[Option, ...] = ()
    notes: tuple[Note, ...] = ()
    unimplemented: tuple[UnimplementedModel, ...] = ()
    errors: tuple[FieldError, ...] = ()
    pathway: Pathway | None = None
    # The request fields the treatment rules read, and the rules that fired, for the tests
    # and the rules page (not part of the JSON answer).
    fields_read: frozenset[str] = frozenset()
    rules_fired: tuple[str, ...] = ()

    def scheme(self, scheme_id: str) -> SchemeResult:
        return next(s for s in self.schemes if s.id == scheme_id)

    def option(self, option_id: str) -> Option | None:
        return next((o for o in self.options if o.id == option_id), None)
