"""The facts the treatment rules test, derived from the validated request.

Rules never look at raw inputs: they test named facts with a small set of values each
(``size`` is ``up-to-2``, ``2-to-10``, ``over-10`` or ``unknown``). Each fact is computed on
first use, and computing it records which request fields it read, so an evaluation can say
exactly which of the reader's answers were used. That record is what lets the answer tell a
reader plainly when something they entered did not change the options (issue 9, item 1).

Two facts settle conflicts between the chosen situation and the tumour's facts (issue 9,
item 2), with one behaviour everywhere: the options are those of the situation the facts
describe, and a note says so.

- Spread (lymph nodes involved, spread to other organs, "spread to only 1 or 2 places", or
  pain from spread to the bones) with a localised situation chosen: answer for "cannot be
  removed, or has spread".
- A medicine already taken (grew on it, side effects too much) or shrinking on treatment,
  with "localised and can be removed" chosen and no spread: the tumour is being treated
  before surgery, so answer for "larger or hard to remove", whose options cover medicine
  before surgery.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from ..choices import Drug, MetastasisStatus, Mutation, NodeStatus, Setting, Site
from ..inputs import Treatment, Tumour
from ..results import SchemeResult, Status


class Fact(StrEnum):
    SETTING = "setting"
    CHOSEN_SETTING = "chosen_setting"
    SPREAD = "spread"
    SEQUENCE = "sequence"
    STARTED = "started"
    SIZE = "size"
    MITOSES = "mitoses"
    SITE = "site"
    RUPTURE = "rupture"
    SYMPTOMS = "symptoms"
    SHRINKING = "shrinking"
    LIMITED_SPREAD = "limited_spread"
    BONE_PAIN = "bone_pain"
    RISK = "risk"
    MUTATION = "mutation"
    NEXT_STEP = "next_step"
    DOSE_INCREASE = "dose_increase"
    SIDE_EFFECTS_ON = "side_effects_on"
    SUNITINIB = "sunitinib"
    REGORAFENIB = "regorafenib"
    AVAPRITINIB = "avapritinib"


@dataclass(frozen=True, slots=True)
class FactSpec:
    """How a fact reads in words on the rules page, and the values it can take."""

    subject: str
    values: tuple[tuple[str, str], ...]  # (value, words)

    def words(self, value: str) -> str:
        return dict(self.values)[value]


_YES_NO = (("yes", "yes"), ("no", "no"))
_DRUG_STATUS = (
    ("untried", "not tried"),
    ("grew", "the tumour grew on it"),
    ("side-effects", "stopped for side effects (the tumour did not grow on it)"),
)
_LADDER_WORDS = (
    ("imatinib", "imatinib"),
    ("sunitinib", "sunitinib"),
    ("regorafenib", "regorafenib"),
    ("ripretinib", "ripretinib"),
    ("beyond", "beyond the approved medicines (all four tried)"),
)

SPECS: dict[Fact, FactSpec] = {
    Fact.SETTING: FactSpec(
        "the situation the facts describe",
        tuple((s.value, s.label.lower()) for s in Setting),
    ),
    Fact.CHOSEN_SETTING: FactSpec(
        "the situation the reader chose", tuple((s.value, s.label.lower()) for s in Setting)
    ),
    Fact.SPREAD: FactSpec(
        "spread",
        (
            ("none-known", "none known"),
            ("nodes-only", "to lymph nodes only"),
            ("distant", "to other organs (or to 1 or 2 places, or the bones)"),
        ),
    ),
    Fact.SEQUENCE: FactSpec(
        "the medicine sequence for advanced GIST applies",
        (
            (
                "yes",
                "yes (cannot be removed, has spread or come back, or a medicine before "
                "surgery already stopped)",
            ),
            ("no", "no"),
        ),
    ),
    Fact.STARTED: FactSpec("a medicine was already taken and stopped", _YES_NO),
    Fact.SIZE: FactSpec(
        "tumour size",
        (
            ("up-to-2", "2 cm or less"),
            ("2-to-10", "over 2 cm, up to 10 cm"),
            ("over-10", "over 10 cm"),
            ("unknown", "not given"),
        ),
    ),
    Fact.MITOSES: FactSpec(
        "mitotic count",
        (
            ("up-to-5", "5 or fewer per 5 mm²"),
            ("over-5", "over 5 per 5 mm²"),
            ("unknown", "not given"),
        ),
    ),
    Fact.SITE: FactSpec(
        "site",
        (*((s.value, s.label.split(" (")[0].lower()) for s in Site), ("unknown", "not given")),
    ),
    Fact.RUPTURE: FactSpec("tumour rupture", _YES_NO),
    Fact.SYMPTOMS: FactSpec("causing symptoms", _YES_NO),
    Fact.SHRINKING: FactSpec("shrinking on treatment", _YES_NO),
    Fact.LIMITED_SPREAD: FactSpec("spread to only 1 or 2 places", _YES_NO),
    Fact.BONE_PAIN: FactSpec("pain from spread to the bones", _YES_NO),
    Fact.RISK: FactSpec(
        "risk of coming back (modified NIH)",
        (
            ("very_low", "very low"),
            ("low", "low"),
            ("intermediate", "intermediate"),
            ("high", "high"),
            ("unknown", "not yet known (inputs missing)"),
        ),
    ),
    Fact.MUTATION: FactSpec("gene change", tuple((m.value, m.label) for m in Mutation)),
    Fact.NEXT_STEP: FactSpec("the first standard medicine not yet tried", _LADDER_WORDS),
    Fact.DOSE_INCREASE: FactSpec(
        "a higher imatinib dose is still possible",
        (
            (
                "available",
                "yes (grew on 400 mg; neither 800 mg nor any later medicine tried yet)",
            ),
            ("no", "no"),
        ),
    ),
    Fact.SIDE_EFFECTS_ON: FactSpec(
        "the latest medicine was stopped for side effects only",
        (
            ("none", "no"),
            ("imatinib", "imatinib 400 mg"),
            ("imatinib-800", "imatinib 800 mg taken as the first dose"),
            ("sunitinib", "sunitinib"),
            ("regorafenib", "regorafenib"),
            ("ripretinib", "ripretinib"),
        ),
    ),
    Fact.SUNITINIB: FactSpec("sunitinib", _DRUG_STATUS),
    Fact.REGORAFENIB: FactSpec("regorafenib", _DRUG_STATUS),
    Fact.AVAPRITINIB: FactSpec("avapritinib", _DRUG_STATUS),
}

# The request fields (validation.FIELDS) each read stands for. A number read also reads the
# unit it was given in (and the counted area), since both made the number.
FIELD_GROUPS: dict[str, tuple[str, ...]] = {
    "size": ("size", "size_unit"),
    "mitoses": ("mitoses", "mitoses_unit", "mitoses_area"),
}

WATCHABLE_SITES = frozenset({Site.STOMACH, Site.ESOPHAGUS, Site.DUODENUM})
LOCALISED = frozenset({Setting.RESECTABLE, Setting.MARGINALLY_RESECTABLE})

# The standard ladder for tumours with a KIT or PDGFRA change other than D842V (ACS; PDQ).
LADDER: tuple[str, ...] = ("imatinib", "sunitinib", "regorafenib", "ripretinib")
_LADDER_DRUGS: dict[str, frozenset[Drug]] = {
    "imatinib": frozenset({Drug.IMATINIB, Drug.IMATINIB_800}),
    "sunitinib": frozenset({Drug.SUNITINIB}),
    "regorafenib": frozenset({Drug.REGORAFENIB}),
    "ripretinib": frozenset({Drug.RIPRETINIB}),
}


def next_step(treatment: Treatment) -> str:
    """The first standard step not yet tried: no step is ever skipped (issue 9, item 6).

    A medicine counts as tried whether it stopped working or could not be taken: either way
    the next medicine applies. Imatinib at either dose counts as the imatinib step.
    """
    for step in LADDER:
        if not any(treatment.stopped(drug) for drug in _LADDER_DRUGS[step]):
            return step
    return "beyond"


def dose_increase_available(treatment: Treatment) -> bool:
    """800 mg is for growth on 400 mg (PDQ; ACS), not for side effects, and comes before
    sunitinib in the guideline's order: once any later medicine of the ladder has been tried
    (sunitinib, regorafenib or ripretinib), the reader is past that step."""
    return (
        Drug.IMATINIB in treatment.progressed_on
        and Drug.IMATINIB not in treatment.intolerant_of
        and not treatment.stopped(Drug.IMATINIB_800)
        and not any(treatment.stopped(drug) for drug in _AFTER_DOSE_INCREASE)
    )


_AFTER_DOSE_INCREASE = (Drug.SUNITINIB, Drug.REGORAFENIB, Drug.RIPRETINIB)


def side_effects_on(treatment: Treatment) -> str:
    """The latest standard medicine, if it was stopped for side effects and not for growth.

    Side effects are not failure: a lower dose or another schedule of that same medicine
    stays possible. Imatinib 800 mg after growth on 400 mg has nowhere lower to go that has
    not already failed, so only a first dose of 800 mg (KIT exon 9) counts.
    """
    order = (
        Drug.RIPRETINIB,
        Drug.REGORAFENIB,
        Drug.SUNITINIB,
        Drug.IMATINIB_800,
        Drug.IMATINIB,
    )
    for drug in order:
        if treatment.stopped(drug):
            intolerant_only = (
                drug in treatment.intolerant_of and drug not in treatment.progressed_on
            )
            if drug is Drug.IMATINIB_800 and Drug.IMATINIB in treatment.progressed_on:
                return "none"
            return drug.value if intolerant_only else "none"
    return "none"


def drug_status(treatment: Treatment, drug: Drug) -> str:
    if drug in treatment.progressed_on:
        return "grew"
    if drug in treatment.intolerant_of:
        return "side-effects"
    return "untried"


class Facts:
    """The facts of one request, each computed on first use, recording what it read."""

    def __init__(self, tumour: Tumour, treatment: Treatment, modified_nih: SchemeResult) -> None:
        self.tumour = tumour
        self.treatment = treatment
        self.modified_nih = modified_nih
        self.read: set[str] = set()
        self._cache: dict[Fact, str] = {}

    def get(self, fact: Fact) -> str:
        if fact not in self._cache:
            self._cache[fact] = self._compute(fact)
        return self._cache[fact]

    def _use(self, *fields: str) -> None:
        for name in fields:
            self.read.update(FIELD_GROUPS.get(name, (name,)))

    def _compute(self, fact: Fact) -> str:
        t, tr = self.tumour, self.treatment
        if fact is Fact.CHOSEN_SETTING:
            self._use("setting")
            return tr.setting.value
        if fact is Fact.SETTING:
            return self._setting().value
        if fact is Fact.SPREAD:
            return self._spread()
        if fact is Fact.SEQUENCE:
            setting = Setting.of(self.get(Fact.SETTING))
            if setting in {Setting.UNRESECTABLE, Setting.RECURRENT}:
                return "yes"
            if setting is Setting.MARGINALLY_RESECTABLE and self.get(Fact.STARTED) == "yes":
                return "yes"
            return "no"
        if fact is Fact.STARTED:
            self._use("progressed_on", "intolerant_of")
            return _yes(bool(tr.progressed_on or tr.intolerant_of))
        if fact is Fact.SIZE:
            self._use("size")
            if t.size_cm is None:
                return "unknown"
            return "up-to-2" if t.size_cm <= 2 else ("2-to-10" if t.size_cm <= 10 else "over-10")
        if fact is Fact.MITOSES:
            self._use("mitoses")
            if t.mitoses_per_5mm2 is None:
                return "unknown"
            return "up-to-5" if t.mitoses_per_5mm2 <= 5 else "over-5"
        if fact is Fact.SITE:
            self._use("site")
            return t.site.value if t.site else "unknown"
        if fact is Fact.RUPTURE:
            self._use("rupture")
            return _yes(t.rupture)
        if fact is Fact.RISK:
            # The modified NIH result rests on all four; the risk helper's scheme decides
            # which of them it needed, and the schemes above say so.
            self._use("size", "mitoses", "site", "rupture")
            risk = self.modified_nih
            return risk.risk if risk.status is Status.OK and risk.risk else "unknown"
        if fact is Fact.MUTATION:
            self._use("mutation")
            return t.mutation.value
        if fact in _FLAGS:
            self._use(fact.value)
            return _yes(bool(getattr(tr, fact.value)))
        if fact is Fact.NEXT_STEP:
            self._use("progressed_on", "intolerant_of")
            return next_step(tr)
        if fact is Fact.DOSE_INCREASE:
            self._use("progressed_on", "intolerant_of")
            return "available" if dose_increase_available(tr) else "no"
        if fact is Fact.SIDE_EFFECTS_ON:
            self._use("progressed_on", "intolerant_of")
            return side_effects_on(tr)
        self._use("progressed_on", "intolerant_of")
        return drug_status(tr, _DRUG_FACTS[fact])

    def _spread(self) -> str:
        t, tr = self.tumour, self.treatment
        self._use("nodes", "metastasis", "limited_spread", "bone_pain")
        if t.metastasis is MetastasisStatus.PRESENT or tr.limited_spread or tr.bone_pain:
            return "distant"
        if t.nodes is NodeStatus.POSITIVE:
            return "nodes-only"
        return "none-known"

    def _setting(self) -> Setting:
        chosen = Setting.of(self.get(Fact.CHOSEN_SETTING))
        if chosen not in LOCALISED:
            return chosen
        if self.get(Fact.SPREAD) != "none-known":
            return Setting.UNRESECTABLE
        if chosen is Setting.RESECTABLE:
            self._use("shrinking")
            if self.get(Fact.STARTED) == "yes" or self.treatment.shrinking:
                return Setting.MARGINALLY_RESECTABLE
        return chosen


_FLAGS = frozenset({Fact.SYMPTOMS, Fact.SHRINKING, Fact.LIMITED_SPREAD, Fact.BONE_PAIN})
_DRUG_FACTS: dict[Fact, Drug] = {
    Fact.SUNITINIB: Drug.SUNITINIB,
    Fact.REGORAFENIB: Drug.REGORAFENIB,
    Fact.AVAPRITINIB: Drug.AVAPRITINIB,
}


def _yes(value: bool) -> str:
    return "yes" if value else "no"


def given_fields(tumour: Tumour, treatment: Treatment) -> frozenset[str]:
    """The request fields the reader actually answered (anything but the default)."""
    given: set[str] = {"setting"}
    if tumour.size_cm is not None:
        given.update(FIELD_GROUPS["size"][:1])
    if tumour.mitoses_per_5mm2 is not None:
        given.add("mitoses")
    if tumour.site is not None:
        given.add("site")
    if tumour.rupture:
        given.add("rupture")
    if tumour.nodes is not NodeStatus.UNKNOWN:
        given.add("nodes")
    if tumour.metastasis is not MetastasisStatus.UNKNOWN:
        given.add("metastasis")
    if tumour.mutation is not Mutation.UNKNOWN:
        given.add("mutation")
    if treatment.progressed_on:
        given.add("progressed_on")
    if treatment.intolerant_of:
        given.add("intolerant_of")
    for name in ("shrinking", "symptoms", "limited_spread", "bone_pain"):
        if getattr(treatment, name):
            given.add(name)
    return frozenset(given)
