"""Where the reader stands in the medicine sequence, as data for the pathway picture.

Built from the same answer the options come from (the options offered and the medicines
tried), so the picture can never disagree with the list: a step is "next" exactly when the
rules offer it as usually recommended, "also possible now" when they offer it as an option.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..choices import Drug, Mutation, Setting
from ..inputs import Treatment, Tumour
from ..results import Option, Pathway, PathwayStep, Recommendation, StepStatus


@dataclass(frozen=True, slots=True)
class Step:
    id: str
    label: str
    drugs: frozenset[Drug]
    options: frozenset[str]  # offering any of these puts the reader on this step now
    trial_step: bool = False  # "other medicines and trials": a preferred trial counts


@dataclass(frozen=True, slots=True)
class Line:
    id: str
    title: str
    steps: tuple[Step, ...]


def _s(
    id_: str, label: str, drugs: tuple[Drug, ...], options: tuple[str, ...], trial: bool = False
) -> Step:
    return Step(id_, label, frozenset(drugs), frozenset(options), trial)


_LATER = _s(
    "other", "Other medicines and clinical trials", (), ("other_tki", "other_medicines"), True
)

STANDARD = Line(
    "standard",
    "The usual order of medicines (KIT or PDGFRA change)",
    (
        _s("imatinib", "Imatinib", (Drug.IMATINIB,), ("imatinib", "neoadjuvant_imatinib")),
        _s(
            "imatinib-800",
            "A higher dose of imatinib (800 mg)",
            (Drug.IMATINIB_800,),
            ("imatinib_dose_increase",),
        ),
        _s("sunitinib", "Sunitinib", (Drug.SUNITINIB,), ("sunitinib",)),
        _s("regorafenib", "Regorafenib", (Drug.REGORAFENIB,), ("regorafenib",)),
        _s("ripretinib", "Ripretinib", (Drug.RIPRETINIB,), ("ripretinib",)),
        _LATER,
    ),
)
D842V = Line(
    "pdgfra-d842v",
    "The order of medicines for the PDGFRA D842V change",
    (_s("avapritinib", "Avapritinib", (Drug.AVAPRITINIB,), ("avapritinib",)), _LATER),
)
NTRK = Line(
    "ntrk-fusion",
    "The order of medicines for an NTRK fusion",
    (
        _s("ntrk", "Larotrectinib or entrectinib (NTRK inhibitors)", (), ("ntrk_inhibitor",)),
        _LATER,
    ),
)
BRAF = Line(
    "braf-v600e",
    "The order of medicines for the BRAF V600E change",
    (_s("braf", "A BRAF inhibitor with a MEK inhibitor", (), ("braf_inhibitor",)), _LATER),
)
WILD = Line(
    "wild-type",
    "Medicines for a tumour without a KIT or PDGFRA change (SDH-deficient, NF1 or other)",
    (
        _s("sunitinib", "Sunitinib", (Drug.SUNITINIB,), ("sunitinib",)),
        _s("regorafenib", "Regorafenib", (Drug.REGORAFENIB,), ("regorafenib",)),
        _LATER,
    ),
)

_LINES = {
    Mutation.PDGFRA_D842V: D842V,
    Mutation.NTRK_FUSION: NTRK,
    Mutation.BRAF_V600E: BRAF,
    Mutation.SDH_DEFICIENT: WILD,
    Mutation.NF1: WILD,
    Mutation.WILD_TYPE_OTHER: WILD,
}

# For a reader whose gene test is pending: the lines a result could lead to.
OTHER_LINES = (
    "PDGFRA D842V change: avapritinib instead of imatinib.",
    "NTRK fusion: larotrectinib or entrectinib.",
    "BRAF V600E change: a BRAF inhibitor with a MEK inhibitor.",
    "SDH-deficient, NF1-related or no KIT/PDGFRA change: clinical trials, sunitinib, regorafenib.",
)


def pathway(
    tumour: Tumour,
    treatment: Treatment,
    setting: Setting,
    sequence: bool,
    options: tuple[Option, ...],
) -> Pathway | None:
    """The pathway, where a medicine sequence applies (not for a tumour that can simply be
    removed)."""
    if not sequence and setting is not Setting.MARGINALLY_RESECTABLE:
        return None
    line = _LINES.get(tumour.mutation, STANDARD)
    offered = {o.id: o.recommendation for o in options}
    statuses = [_status(step, treatment, offered) for step in line.steps]
    # A step never taken was passed over on purpose (a higher dose after side effects, say)
    # only when a later medicine has been tried or is offered now; otherwise it lies ahead.
    # The closing "other medicines and trials" step does not count: a trial offered for a
    # localised tumour does not make sunitinib "not needed".
    reached = [
        i
        for i, (step, s) in enumerate(zip(line.steps, statuses, strict=True))
        if s is not None and not step.trial_step
    ]
    last_reached = reached[-1] if reached else -1
    steps = tuple(
        PathwayStep(
            step.id,
            step.label,
            (StepStatus.PASSED if index < last_reached else StepStatus.LATER)
            if status is None
            else status,
        )
        for index, (step, status) in enumerate(zip(line.steps, statuses, strict=True))
    )
    return Pathway(
        line=line.id,
        title=line.title,
        steps=steps,
        other_lines=OTHER_LINES if tumour.mutation is Mutation.UNKNOWN else (),
    )


def _status(
    step: Step, treatment: Treatment, offered: dict[str, Recommendation]
) -> StepStatus | None:
    if any(d in treatment.progressed_on for d in step.drugs):
        return StepStatus.GREW
    if any(d in treatment.intolerant_of for d in step.drugs):
        return StepStatus.SIDE_EFFECTS
    recs = [offered[o] for o in step.options if o in offered]
    if step.trial_step and offered.get("clinical_trial") is Recommendation.PREFERRED:
        recs.append(Recommendation.PREFERRED)
    if Recommendation.PREFERRED in recs:
        return StepStatus.NOW
    if Recommendation.OPTION in recs:
        return StepStatus.ALSO_NOW
    return None
