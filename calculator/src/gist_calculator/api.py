"""The one entry point every consumer calls: raw request in, whole answer out.

The command line, the build-time pages and the browser bridge all go through ``evaluate``,
so validation, schemes, options and notes are assembled in exactly one place.
"""

from __future__ import annotations

import json
from typing import Any

from .inputs import Command, Request
from .results import Evaluation, FieldError, Note, Option, Pathway, SchemeResult, Status
from .schemes import SCHEMES, assess_all
from .schemes.unimplemented import MODELS
from .treatment import recommend
from .validation import InvalidInput, parse
from .version import CONTENT_DATE, __version__

# Risk words of the three recurrence schemes on one ordinal scale, to notice disagreement.
# AFIP's "none" and NIH's "very low" are both the lowest group: not a disagreement.
_ORDER = {"none": 1, "very_low": 1, "low": 2, "moderate": 3, "intermediate": 3, "high": 4}


UNREADABLE = FieldError("request", "The request could not be read: send it as JSON.")


def evaluate(raw: object) -> Evaluation:
    try:
        request = parse(raw)
    except InvalidInput as invalid:
        return Evaluation(errors=invalid.errors)
    return evaluate_request(request)


def evaluate_request(request: Request) -> Evaluation:
    setting = request.treatment.setting if request.treatment is not None else None
    schemes = assess_all(request.tumour, setting)
    notes: list[Note] = []
    options: tuple[Option, ...] = ()
    pathway: Pathway | None = None
    fields_read: frozenset[str] = frozenset()
    fired: tuple[str, ...] = ()
    if request.command is Command.TREATMENT and request.treatment is not None:
        modified_nih = next(s for s in schemes if s.id == "modified_nih")
        answer = recommend(request.tumour, request.treatment, modified_nih)
        options, pathway = answer.options, answer.pathway
        fields_read, fired = answer.fields_read, answer.rules_fired
        notes.extend(answer.notes)
    disagreement = _disagreement(schemes)
    if disagreement:
        notes.append(disagreement)
    return Evaluation(
        request=request,
        schemes=schemes,
        options=options,
        notes=tuple(notes),
        unimplemented=MODELS,
        pathway=pathway,
        fields_read=fields_read,
        rules_fired=fired,
    )


def evaluate_json(request_json: str) -> str:
    """JSON in, JSON out; never raises, whatever the text."""
    try:
        raw: object = json.loads(request_json)
    except (ValueError, TypeError, RecursionError):
        return json.dumps(to_json(Evaluation(errors=(UNREADABLE,))))
    return json.dumps(to_json(evaluate(raw)))


def to_json(evaluation: Evaluation) -> dict[str, Any]:
    return {
        "version": __version__,
        "content_date": CONTENT_DATE,
        "inputs": normalised_inputs(evaluation.request) if evaluation.request else {},
        "schemes": [s.to_json() for s in evaluation.schemes],
        "options": [o.to_json() for o in evaluation.options],
        "notes": [n.to_json() for n in evaluation.notes],
        "unimplemented": [m.to_json() for m in evaluation.unimplemented],
        "errors": [e.to_json() for e in evaluation.errors],
        "pathway": evaluation.pathway.to_json() if evaluation.pathway else None,
    }


def normalised_inputs(request: Request) -> dict[str, Any]:
    t, tr = request.tumour, request.treatment
    inputs: dict[str, Any] = {
        "command": request.command.value,
        "size_cm": t.size_cm,
        "size_entered": t.size_entered,
        "size_unit": t.size_unit.value,
        "mitoses_per_5mm2": t.mitoses_per_5mm2,
        "mitoses_entered": t.mitoses_entered,
        "mitoses_unit": t.mitoses_unit.value,
        "mitoses_area_mm2": t.mitoses_area_mm2,
        "site": t.site.value if t.site else None,
        "rupture": t.rupture,
        "nodes": t.nodes.value,
        "metastasis": t.metastasis.value,
        "mutation": t.mutation.value,
    }
    if tr is not None:
        inputs |= {
            "setting": tr.setting.value,
            "progressed_on": sorted(d.value for d in tr.progressed_on),
            "intolerant_of": sorted(d.value for d in tr.intolerant_of),
            "shrinking": tr.shrinking,
            "symptoms": tr.symptoms,
            "limited_spread": tr.limited_spread,
            "bone_pain": tr.bone_pain,
        }
    return inputs


def _disagreement(schemes: tuple[SchemeResult, ...]) -> Note | None:
    rated = [s for s in schemes if s.id != "tnm" and s.status is Status.OK and s.risk]
    if len({_ORDER[s.risk] for s in rated if s.risk}) <= 1:
        return None
    listing = "; ".join(f"{s.name}: {s.risk_label}" for s in rated)
    return Note(
        "schemes_disagree",
        "The schemes do not all agree about this tumour ("
        + ", ".join(f"{SCHEMES[s.id].short} says {(s.risk_label or '').lower()}" for s in rated)
        + "). They were built from different groups of patients. The treatment suggestions "
        "follow the modified NIH scheme, the one a large trial of imatinib after surgery "
        "(SSG XVIII) used.",
        f"Schemes disagree ({listing}). Adjuvant recommendations follow modified NIH, as in "
        "SSG XVIII.",
    )
