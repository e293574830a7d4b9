"""The small engine that runs the rules table: facts in, options and notes out.

The table (``rules.py``) holds every condition, recommendation, reason and source; this
module only knows how to test a condition and assemble the answer, so the rules a reviewer
reads on the "How the calculator decides" page are the rules that run.

Semantics, kept deliberately simple so the page can state them in one paragraph:

- rules are tried in table order; a rule fires when all its conditions hold;
- for each option, the first rule that fires decides it (recommendation, reason, dose);
- every note rule that fires adds its note;
- options are then ordered strongest first (usually recommended, an option, not
  recommended), keeping table order within each group;
- conditions are tested left to right and stop at the first that fails, and every fact
  tested records the request fields it read, so the answer knows which of the reader's
  answers it used.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..choices import Setting
from ..inputs import Treatment, Tumour
from ..results import Note, Option, Recommendation, SchemeResult
from ..sources import Citation
from .catalogue import CATALOGUE, SECTIONS, resolve_anchor
from .facts import SPECS, Fact, Facts, given_fields


@dataclass(frozen=True, slots=True)
class When:
    """One condition: the fact has one of these values."""

    fact: Fact
    values: frozenset[str]

    def holds(self, facts: Facts) -> bool:
        return facts.get(self.fact) in self.values

    def words(self) -> str:
        spec = SPECS[self.fact]
        listed = [spec.words(v) for v, _ in spec.values if v in self.values]
        if len(listed) == 1:
            return f"{spec.subject}: {listed[0]}"
        # Labels that contain commas are listed with semicolons, so the list stays readable.
        sep = "; " if any("," in words for words in listed) else ", "
        last = "; or " if sep == "; " else " or "
        return f"{spec.subject}: {sep.join(listed[:-1])}{last}{listed[-1]}"


def when(fact: Fact, *values: str) -> When:
    known = {v for v, _ in SPECS[fact].values}
    unknown = set(values) - known
    if unknown:
        raise ValueError(f"{fact}: unknown values {sorted(unknown)}")
    return When(fact, frozenset(values))


def unless(fact: Fact, *values: str) -> When:
    """The fact has any value but these."""
    known = {v for v, _ in SPECS[fact].values}
    return when(fact, *sorted(known - set(values)))


@dataclass(frozen=True, slots=True)
class Offer:
    """A rule whose outcome is a treatment option."""

    id: str
    when: tuple[When, ...]
    option: str
    recommendation: Recommendation
    patient: str
    clinician: str
    sources: tuple[Citation, ...]
    dose: str | None = None
    dose_mg: int | None = None
    duration: str | None = None
    duration_years: int | None = None
    anchor: str | None = None
    risk_basis: bool = False


@dataclass(frozen=True, slots=True)
class Say:
    """A rule whose outcome is a note to the reader."""

    id: str
    when: tuple[When, ...]
    note: str
    patient: str
    clinician: str
    sources: tuple[Citation, ...]


@dataclass(frozen=True, slots=True)
class FieldUse:
    """Why a field may not change the options, in both voices, for the 'not used' note."""

    field: str
    patient: str
    clinician: str


@dataclass(frozen=True, slots=True)
class Outcome:
    options: tuple[Option, ...]
    notes: tuple[Note, ...]
    fired: tuple[str, ...]
    read: frozenset[str]
    setting: Setting
    sequence: bool


RISK_BASIS = (
    "modified NIH (Joensuu 2008), the scheme the SSG XVIII trial used to choose who was at "
    "high risk"
)


def run(
    table: tuple[Offer | Say, ...],
    field_uses: tuple[FieldUse, ...],
    tumour: Tumour,
    treatment: Treatment,
    modified_nih: SchemeResult,
) -> Outcome:
    facts = Facts(tumour, treatment, modified_nih)
    setting = Setting.of(facts.get(Fact.SETTING))
    section = SECTIONS[setting]
    decided: dict[str, tuple[Offer, int]] = {}
    notes: list[Note] = []
    fired: list[str] = []
    for index, rule in enumerate(table):
        if isinstance(rule, Offer) and rule.option in decided:
            continue
        if not all(condition.holds(facts) for condition in rule.when):
            continue
        fired.append(rule.id)
        if isinstance(rule, Offer):
            decided[rule.option] = (rule, index)
        else:
            notes.append(Note(rule.note, rule.patient, rule.clinician))
    ordered = sorted(decided.values(), key=lambda pair: (pair[0].recommendation.rank, pair[1]))
    options = tuple(_option(rule, section) for rule, _ in ordered)
    sequence = facts.get(Fact.SEQUENCE) == "yes"
    not_read = given_fields(tumour, treatment) - facts.read
    unused = [u for u in field_uses if u.field in not_read]
    if unused:
        notes.append(_not_used(unused))
    return Outcome(
        options=options,
        notes=tuple(notes),
        fired=tuple(fired),
        read=frozenset(facts.read),
        setting=setting,
        sequence=sequence,
    )


def _option(rule: Offer, section: str) -> Option:
    entry = CATALOGUE[rule.option]
    practical = rule.recommendation is not Recommendation.NOT_RECOMMENDED
    citations = tuple(dict.fromkeys(rule.sources + entry.citations))
    page, anchor = resolve_anchor(
        section, rule.anchor or entry.anchor or rule.option.replace("_", "-")
    )
    return Option(
        id=rule.option,
        recommendation=rule.recommendation,
        title=entry.title,
        why_patient=rule.patient,
        why_clinician=rule.clinician,
        section=page,
        anchor=anchor,
        citations=citations,
        # The catalogue's evidence is the case for the option: beside "not recommended" it
        # would argue against the rule's own reason, which says why not.
        evidence=entry.evidence if practical else None,
        # A dose next to "not recommended" invites misreading; say why, not how much.
        dose=(rule.dose or entry.dose) if practical else None,
        dose_mg=(rule.dose_mg or entry.dose_mg) if practical else None,
        duration=(rule.duration or entry.duration) if practical else None,
        duration_years=rule.duration_years if practical else None,
        risk_basis=RISK_BASIS if rule.risk_basis else None,
    )


def _not_used(unused: list[FieldUse]) -> Note:
    return Note(
        "fields_not_used",
        "Some of your answers did not change the treatment options here. "
        + " ".join(u.patient for u in unused),
        "Inputs not used by the treatment rules for this situation: "
        + " ".join(u.clinician for u in unused),
    )
