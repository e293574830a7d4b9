"""The treatment invariants of issue 9, as checks on one answer, and the input spaces to
run them over.

Each check takes the request (tumour and treatment) and the answer, and returns the list of
broken rules in words (empty when all hold), so a failure names the rule and the case. The
portable tests run them exhaustively over the drug histories; test_properties.py runs them
over the whole input space with Hypothesis. Stdlib only (these run inside Pyodide too).

Sources: issue 9 (items 1, 2, 5, 6, 7a, 9) and clinical-facts.md sections 6 and 7.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator

from gist_calculator.api import evaluate_request
from gist_calculator.choices import Drug, MetastasisStatus, Mutation, NodeStatus, Setting, Site
from gist_calculator.inputs import Command, Request, Treatment, Tumour
from gist_calculator.results import Evaluation, Option, Recommendation
from gist_calculator.treatment.catalogue import SECTION_ANCHORS
from gist_calculator.treatment.rules import FIELD_USES

LADDER = (Drug.IMATINIB, Drug.SUNITINIB, Drug.REGORAFENIB, Drug.RIPRETINIB)
KIT_PDGFRA = {
    Mutation.KIT_EXON_11,
    Mutation.KIT_EXON_9,
    Mutation.KIT_OTHER,
    Mutation.PDGFRA_OTHER,
    Mutation.UNKNOWN,
}
WILD = {Mutation.SDH_DEFICIENT, Mutation.NF1, Mutation.WILD_TYPE_OTHER}
WATCH_SITES = {Site.STOMACH, Site.ESOPHAGUS, Site.DUODENUM}
_ANCHOR_DRUG = {
    "imatinib": Drug.IMATINIB,
    "neoadjuvant-imatinib": Drug.IMATINIB,
    "imatinib-dose-increase": Drug.IMATINIB_800,
    "sunitinib": Drug.SUNITINIB,
    "regorafenib": Drug.REGORAFENIB,
    "ripretinib": Drug.RIPRETINIB,
    "avapritinib": Drug.AVAPRITINIB,
}


def answer(tumour: Tumour, treatment: Treatment) -> Evaluation:
    return evaluate_request(Request(Command.TREATMENT, tumour, treatment))


def offered(evaluation: Evaluation) -> list[Option]:
    return [o for o in evaluation.options if o.recommendation is not Recommendation.NOT_RECOMMENDED]


def drugs_of(option: Option) -> set[Drug]:
    """The medicines an offered option would give."""
    if option.id in {"imatinib", "neoadjuvant_imatinib", "adjuvant_imatinib"}:
        return {Drug.IMATINIB_800} if option.dose_mg == 800 else {Drug.IMATINIB}
    if option.id == "imatinib_dose_increase":
        return {Drug.IMATINIB_800}
    if option.id == "dose_reduction":
        return {_ANCHOR_DRUG[option.anchor]}
    named = {d.value: d for d in Drug}
    return {named[option.id]} if option.id in named else set()


def spread(tumour: Tumour, treatment: Treatment) -> bool:
    return (
        tumour.metastasis is MetastasisStatus.PRESENT
        or tumour.nodes is NodeStatus.POSITIVE
        or treatment.limited_spread
        or treatment.bone_pain
    )


def advanced(tumour: Tumour, treatment: Treatment) -> bool:
    return treatment.setting in {Setting.UNRESECTABLE, Setting.RECURRENT} or spread(
        tumour, treatment
    )


def check(tumour: Tumour, treatment: Treatment, evaluation: Evaluation) -> list[str]:
    problems: list[str] = []
    ids = {o.id: o for o in evaluation.options}
    given = offered(evaluation)
    tried = treatment.progressed_on | treatment.intolerant_of

    # Every option: a reason in both voices, a source, a heading that exists.
    for o in evaluation.options:
        if not (o.why_patient.strip() and o.why_clinician.strip() and o.citations):
            problems.append(f"{o.id}: missing a reason in a voice or a source")
        if o.anchor not in SECTION_ANCHORS[o.section]:
            problems.append(f"{o.id}: #{o.anchor} is not a heading on {o.section}")
        # Not advised: the reason why not, never a dose, a duration or the case for it.
        practical = (o.dose, o.dose_mg, o.duration, o.duration_years, o.evidence)
        if o.recommendation is Recommendation.NOT_RECOMMENDED and any(practical):
            problems.append(f"{o.id}: not recommended, yet given a dose, duration or evidence")
    # Strongest first.
    ranks = [o.recommendation.rank for o in evaluation.options]
    if ranks != sorted(ranks):
        problems.append("options not ordered strongest first")
    if len(ids) != len(evaluation.options):
        problems.append("an option is listed twice")

    # 6a. A medicine that stopped working is never offered again; the one exception is the
    # higher imatinib dose after growth on 400 mg.
    for o in given:
        for drug in drugs_of(o) & treatment.progressed_on:
            problems.append(f"{o.id} re-offers {drug.value}, on which the tumour grew")
    if "imatinib_dose_increase" in ids and Drug.IMATINIB not in treatment.progressed_on:
        problems.append("higher imatinib dose offered without growth on 400 mg")

    # 6b. No standard step skipped (KIT/PDGFRA line; wild-type: sunitinib before regorafenib).
    if treatment.setting is not Setting.RESECTABLE or spread(tumour, treatment) or tried:
        for o in given:
            line = (
                list(LADDER)
                if tumour.mutation in KIT_PDGFRA
                else [Drug.SUNITINIB, Drug.REGORAFENIB]
            )
            drug = next(iter(drugs_of(o)), None)
            if drug in line and o.id != "dose_reduction":
                for earlier in line[: line.index(drug)]:
                    if earlier is Drug.IMATINIB:
                        if not ({Drug.IMATINIB, Drug.IMATINIB_800} & tried):
                            problems.append(f"{o.id} offered before imatinib was tried")
                    elif earlier not in tried:
                        problems.append(f"{o.id} offered before {earlier.value} was tried")

    # 6c. Sunitinib never ranked below the higher dose, except for KIT exon 9.
    if "imatinib_dose_increase" in ids and tumour.mutation is not Mutation.KIT_EXON_9:
        sun = ids.get("sunitinib")
        if (
            sun is None
            or sun.recommendation.rank > ids["imatinib_dose_increase"].recommendation.rank
        ):
            problems.append("higher dose offered without sunitinib ranked at least as high")
        if ids["imatinib_dose_increase"].recommendation is Recommendation.PREFERRED:
            problems.append("higher dose ranked preferred outside KIT exon 9")

    # 6d. Growth on imatinib before surgery in a tumour still localised keeps surgery.
    localised = treatment.setting in {Setting.RESECTABLE, Setting.MARGINALLY_RESECTABLE}
    still_localised = localised and not spread(tumour, treatment)
    if still_localised and treatment.progressed_on and "surgery" not in {o.id for o in given}:
        problems.append("growth before surgery in a localised tumour dropped surgery")

    # 6e. Side effects are not failure: something to do about them, and a way on.
    if tumour.mutation is Mutation.PDGFRA_D842V and Drug.AVAPRITINIB in tried:
        wanted = {"clinical_trial", "other_medicines", "supportive_care"}
        if Drug.AVAPRITINIB not in treatment.progressed_on:
            wanted.add("dose_reduction")
        missing = wanted - {o.id for o in given}
        if missing:
            problems.append(f"D842V after avapritinib lacks {sorted(missing)}")
    latest = _latest_side_effects_only(treatment)
    if (
        latest is not None
        and tumour.mutation in KIT_PDGFRA
        and not any(o.id == "dose_reduction" for o in given)
    ):
        problems.append(f"side effects of {latest.value} without a dose change offered")
    if given and all(o.id in {"clinical_trial", "chemotherapy"} for o in given):
        problems.append("nothing but a trial offered")

    # 2. No fixed end date, no watching, no adjuvant course once it has spread.
    if advanced(tumour, treatment):
        for o in evaluation.options:
            if o.duration_years is not None or (o.duration and "year" in o.duration):
                problems.append(f"{o.id} has a fixed duration in advanced disease")
            if o.id in {"surveillance", "adjuvant_imatinib", "neoadjuvant_imatinib"}:
                problems.append(f"{o.id} offered in advanced disease")

    # 5. Watching only for small upper-gut tumours without high-risk features.
    if "surveillance" in ids:
        ok = (
            treatment.setting is Setting.RESECTABLE
            and not spread(tumour, treatment)
            and not tried
            and tumour.site in WATCH_SITES
            and tumour.size_cm is not None
            and tumour.size_cm <= 2
            and (tumour.mitoses_per_5mm2 is None or tumour.mitoses_per_5mm2 <= 5)
            and not tumour.rupture
            and not treatment.symptoms
        )
        if not ok:
            problems.append("watching offered outside small upper-gut tumours")

    # 7a. No KIT or PDGFRA change found: further tests.
    if tumour.mutation is Mutation.WILD_TYPE_OTHER and "further_testing" not in ids:
        problems.append("no further testing offered for a KIT/PDGFRA wild-type tumour")

    # 9. Intermediate risk: the guideline's year, and the evidence caveat in both voices.
    adjuvant = ids.get("adjuvant_imatinib")
    if adjuvant and adjuvant.duration_years == 1:
        for voice in (adjuvant.why_patient, adjuvant.why_clinician):
            if "strongest for high risk" not in voice:
                problems.append("intermediate-risk wording lacks the evidence caveat")

    # Review, November 2026. A biopsy is for a tumour not yet sampled: a known gene result
    # means tissue was taken and tested, and a tumour on medicine was diagnosed (ACS: the
    # biopsy comes before treatment starts).
    if "biopsy" in ids and (
        tumour.mutation is not Mutation.UNKNOWN or tried or treatment.shrinking
    ):
        problems.append("biopsy offered for a tumour already tested or on medicine")

    # Review: a test is listed before the medicine it decides, when they rank the same (the
    # gene test comes before imatinib is started; PDQ; ACS).
    order = [o.id for o in evaluation.options]
    for test in ("biopsy", "mutation_testing", "further_testing"):
        for medicine in _DECIDED_BY_TESTS:
            if test in ids and medicine in ids:
                same = ids[test].recommendation is ids[medicine].recommendation
                if same and order.index(test) > order.index(medicine):
                    problems.append(f"{test} listed after {medicine}, which it decides")

    # Review: the higher imatinib dose is the step before sunitinib (ACS; PDQ): once any
    # later medicine of the ladder has been tried, it is not offered.
    later = {Drug.SUNITINIB, Drug.REGORAFENIB, Drug.RIPRETINIB}
    if "imatinib_dose_increase" in ids and later & tried:
        problems.append("higher imatinib dose offered after a later medicine was tried")

    # Review: no internal id in anything a reader sees (field names, option ids).
    for place, text in _reader_texts(evaluation):
        token = _INTERNAL_ID.search(text)
        if token:
            problems.append(f"internal id {token.group(0)!r} in {place}")

    # Review: a pathway step is 'not needed on this path' only when the reader has gone past
    # it (a later medicine tried, or offered now); otherwise it lies ahead.
    if evaluation.pathway is not None:
        steps = evaluation.pathway.steps
        reached = [
            i
            for i, step in enumerate(steps)
            if step.status.value not in {"later", "passed"} and step.id != "other"
        ]
        for i, step in enumerate(steps):
            if step.status.value == "passed" and not any(j > i for j in reached):
                problems.append(f"pathway step {step.id} marked passed, though nothing later")

    # 1. No input silently ignored, and the 'not used' note tells the truth.
    problems.extend(ignored(tumour, treatment, evaluation))
    problems.extend(not_used_claims(evaluation))
    return problems


_DECIDED_BY_TESTS = ("imatinib", "neoadjuvant_imatinib", "adjuvant_imatinib", "avapritinib")
_INTERNAL_ID = re.compile(r"\b[a-z0-9]+_[a-z0-9_]+\b")


def _reader_texts(evaluation: Evaluation) -> Iterator[tuple[str, str]]:
    for o in evaluation.options:
        for name in ("title", "why_patient", "why_clinician", "evidence", "dose", "duration"):
            value = getattr(o, name)
            if value:
                yield f"{o.id}.{name}", value
    for n in evaluation.notes:
        yield f"note {n.id}", n.patient
        yield f"note {n.id}", n.clinician
    if evaluation.pathway is not None:
        yield "pathway title", evaluation.pathway.title
        for step in evaluation.pathway.steps:
            yield f"pathway {step.id}", step.label


def not_used_claims(evaluation: Evaluation) -> list[str]:
    """What the 'not used' sentences claim, checked against the answer they sit in."""
    note = next((n for n in evaluation.notes if n.id == "fields_not_used"), None)
    if note is None:
        return []
    problems = []
    ids = {o.id: o for o in evaluation.options}
    unused = {u.field for u in FIELD_USES if u.patient in note.patient}
    if unused & {"size", "mitoses", "site", "rupture"}:
        # "neither applies here": no watching, and no adjuvant advice decided by the risk.
        adjuvant = ids.get("adjuvant_imatinib")
        if "surveillance" in ids or (adjuvant and "modified NIH" in adjuvant.why_clinician):
            problems.append("a measurement reported unused where the risk or watching applies")
    if "shrinking" in unused and "surgery" not in ids:
        problems.append("shrinking reported unused 'as surgery is listed', but it is not")
    return problems


def _latest_side_effects_only(treatment: Treatment) -> Drug | None:
    """The latest ladder medicine, when it was stopped for side effects only (and a lower
    dose has not already failed)."""
    for drug in (
        Drug.RIPRETINIB,
        Drug.REGORAFENIB,
        Drug.SUNITINIB,
        Drug.IMATINIB_800,
        Drug.IMATINIB,
    ):
        if treatment.stopped(drug):
            if drug in treatment.progressed_on:
                return None
            if drug is Drug.IMATINIB_800 and Drug.IMATINIB in treatment.progressed_on:
                return None
            return drug
    return None


def ignored(tumour: Tumour, treatment: Treatment, evaluation: Evaluation) -> list[str]:
    """Every answered field was read by the rules, or the note names it."""
    note = next((n for n in evaluation.notes if n.id == "fields_not_used"), None)
    problems = []
    for use in FIELD_USES:
        if use.field not in given_fields(tumour, treatment):
            continue
        if use.field in evaluation.fields_read:
            continue
        if note is None or use.patient not in note.patient or use.clinician not in note.clinician:
            problems.append(f"{use.field} was given but neither used nor reported as unused")
    return problems


def given_fields(tumour: Tumour, treatment: Treatment) -> set[str]:
    fields = {
        "size": tumour.size_cm is not None,
        "mitoses": tumour.mitoses_per_5mm2 is not None,
        "site": tumour.site is not None,
        "rupture": tumour.rupture,
        "nodes": tumour.nodes is not NodeStatus.UNKNOWN,
        "metastasis": tumour.metastasis is not MetastasisStatus.UNKNOWN,
        "mutation": tumour.mutation is not Mutation.UNKNOWN,
        "progressed_on": bool(treatment.progressed_on),
        "intolerant_of": bool(treatment.intolerant_of),
        "shrinking": treatment.shrinking,
        "symptoms": treatment.symptoms,
        "limited_spread": treatment.limited_spread,
        "bone_pain": treatment.bone_pain,
    }
    return {name for name, yes in fields.items() if yes}


def histories(
    drugs: tuple[Drug, ...], states: int = 3
) -> Iterator[tuple[frozenset[Drug], frozenset[Drug]]]:
    """Every history over these medicines: untried, grew, side effects (and, with 4 states,
    both)."""
    for combo in itertools.product(range(states), repeat=len(drugs)):
        grew = frozenset(d for d, s in zip(drugs, combo, strict=True) if s in {1, 3})
        side = frozenset(d for d, s in zip(drugs, combo, strict=True) if s in {2, 3})
        yield grew, side
