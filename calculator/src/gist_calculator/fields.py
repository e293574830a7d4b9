"""The one table of the calculator's fields: every field is declared here, and only here.

The validator takes its field names and order from ``REQUEST_FIELDS``; the form renderer
draws each control from its ``Field``; the bridge reads the kinds; the page script learns
what it needs (which fields a situation uses, which answer makes a field appear) from the
``data-*`` attributes the renderer writes, so no list of fields is restated in JavaScript.

Why a field is shown only in some situations: a reader should be asked only what the answer
uses. The situations each field serves follow ``treatment.rules`` (which inputs each
setting reads) and the risk tables (which are for tumours that can be removed: they need
size, mitotic count and site, and say "does not apply" once a tumour has spread).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from .choices import (
    Choice,
    Drug,
    MetastasisStatus,
    MitosisUnit,
    Mutation,
    NodeStatus,
    Setting,
    Site,
    SizeUnit,
)


class Kind(Enum):
    """How a field is entered: a number typed, one choice, a tick box, or a set of boxes."""

    NUMBER = "number"
    CHOICE = "choice"
    UNIT = "unit"  # a choice shown beside the number it qualifies
    FLAG = "flag"
    LIST = "list"


class Section(Enum):
    """The form's groups, with their legends, in the order a clinic letter gives them."""

    SITUATION = "The situation"
    TUMOUR = "The tumour (from the pathology report)"
    GENES = "Gene change"
    HISTORY = "Treatment so far"


ALL = frozenset(Setting)
LOCALISED = frozenset({Setting.RESECTABLE, Setting.MARGINALLY_RESECTABLE})
ADVANCED = frozenset({Setting.UNRESECTABLE, Setting.RECURRENT})


@dataclass(frozen=True)
class Field:
    """One input: how it is named, entered and worded, and when it is asked."""

    name: str
    kind: Kind
    section: Section
    label: str
    hint: str = ""
    choices: type[Choice] | None = None
    default: str | None = None
    # The first entry of a choice list that has no default ("Not known": nothing chosen).
    empty: str | None = None
    # The situations whose answer uses this field; it is asked in those only.
    settings: frozenset[Setting] = ALL
    # Asked only when another field has this value (the area counted, with its unit).
    requires: tuple[str, str] | None = None
    # For a number: the name of its unit's field, shown beside it.
    unit: str | None = None
    # A treatment request must give it: ``default`` is then only where the form starts, and
    # a blank answer is an error rather than the default.
    required: bool = False

    def request_default(self) -> str | None:
        """What a blank answer in a request reads as (None: nothing, or an error if required)."""
        return None if self.required else self.default


FIELDS: tuple[Field, ...] = (
    Field(
        "setting",
        Kind.CHOICE,
        Section.SITUATION,
        "Which describes the tumour now?",
        "Your care team can tell you whether it can be removed. The questions below change "
        "with this answer.",
        Setting,
        default=Setting.RESECTABLE.value,
        required=True,
    ),
    Field(
        "size",
        Kind.NUMBER,
        Section.TUMOUR,
        "Size (largest diameter)",
        "On the pathology report after surgery, or the scan report; for example 4.5 cm.",
        settings=LOCALISED,
        unit="size_unit",
    ),
    Field(
        "size_unit",
        Kind.UNIT,
        Section.TUMOUR,
        "Size unit",
        choices=SizeUnit,
        default=SizeUnit.CM.value,
        settings=LOCALISED,
    ),
    Field(
        "mitoses",
        Kind.NUMBER,
        Section.TUMOUR,
        "Mitotic count",
        "How many dividing cells (mitoses) the pathologist counted, usually 'per 5 mm²' or "
        "'per 50 HPF' (high-power fields, the microscope's view) on the pathology report.",
        settings=LOCALISED,
        unit="mitoses_unit",
    ),
    Field(
        "mitoses_unit",
        Kind.UNIT,
        Section.TUMOUR,
        "Mitotic count unit",
        choices=MitosisUnit,
        default=MitosisUnit.PER_5MM2.value,
        settings=LOCALISED,
    ),
    Field(
        "mitoses_area",
        Kind.NUMBER,
        Section.TUMOUR,
        "Area counted, in mm²",
        "The count is rescaled to 5 mm², the area the risk tables use.",
        settings=LOCALISED,
        requires=("mitoses_unit", MitosisUnit.PER_AREA.value),
    ),
    Field(
        "site",
        Kind.CHOICE,
        Section.TUMOUR,
        "Where did the tumour start?",
        "On the pathology or operation report. If it does not say, leave 'Not known': the "
        "risk tables then say what they need.",
        choices=Site,
        empty="Not known",
        settings=LOCALISED,
    ),
    Field(
        "rupture",
        Kind.FLAG,
        Section.TUMOUR,
        "The tumour ruptured (burst), before or during surgery",
        settings=LOCALISED,
    ),
    Field(
        "nodes",
        Kind.CHOICE,
        Section.TUMOUR,
        "Has it reached the lymph nodes?",
        choices=NodeStatus,
        default=NodeStatus.UNKNOWN.value,
        settings=LOCALISED,
    ),
    Field(
        "metastasis",
        Kind.CHOICE,
        Section.TUMOUR,
        "Has it spread to other organs (such as the liver)?",
        choices=MetastasisStatus,
        default=MetastasisStatus.UNKNOWN.value,
    ),
    Field(
        "mutation",
        Kind.CHOICE,
        Section.GENES,
        "Gene change found in the tumour",
        "From the molecular or genetic test of the tumour (KIT, PDGFRA and others); often "
        "a separate report from the pathology report.",
        Mutation,
        default=Mutation.UNKNOWN.value,
    ),
    Field(
        "progressed_on",
        Kind.LIST,
        Section.HISTORY,
        "Medicines the tumour grew on",
        "Tick each one.",
        Drug,
        settings=frozenset(Setting) - {Setting.RESECTABLE},
    ),
    Field(
        "intolerant_of",
        Kind.LIST,
        Section.HISTORY,
        "Medicines whose side effects were too much",
        "Tick each one.",
        Drug,
        settings=frozenset(Setting) - {Setting.RESECTABLE},
    ),
    Field(
        "shrinking",
        Kind.FLAG,
        Section.HISTORY,
        "The tumour is shrinking on treatment",
        settings=frozenset(Setting) - {Setting.RESECTABLE},
    ),
    Field(
        "symptoms",
        Kind.FLAG,
        Section.HISTORY,
        "The tumour is causing symptoms",
        settings=frozenset(Setting) - {Setting.MARGINALLY_RESECTABLE},
    ),
    Field(
        "limited_spread",
        Kind.FLAG,
        Section.HISTORY,
        "It has spread to only 1 or 2 places (for example the liver)",
        settings=ADVANCED,
    ),
    Field(
        "bone_pain",
        Kind.FLAG,
        Section.HISTORY,
        "There is pain from spread to the bones",
        settings=ADVANCED,
    ),
)

BY_NAME: dict[str, Field] = {f.name: f for f in FIELDS}
# The request's keys, in the order errors are listed: the command, then the form's fields.
REQUEST_FIELDS: tuple[str, ...] = ("command", *(f.name for f in FIELDS))
FORM_FIELDS: frozenset[str] = frozenset(BY_NAME)
TEXT_FIELDS: tuple[str, ...] = tuple(f.name for f in FIELDS if f.kind is Kind.NUMBER)
LIST_FIELDS: tuple[str, ...] = tuple(f.name for f in FIELDS if f.kind is Kind.LIST)
FLAG_FIELDS: tuple[str, ...] = tuple(f.name for f in FIELDS if f.kind is Kind.FLAG)
# The order of the sections on each situation's form: after a recurrence, the medicines
# already tried come first (a clinic letter starts there); before surgery, the pathology.
SECTION_ORDER: dict[Setting, tuple[Section, ...]] = {
    Setting.RESECTABLE: (Section.SITUATION, Section.TUMOUR, Section.GENES, Section.HISTORY),
    Setting.MARGINALLY_RESECTABLE: (
        Section.SITUATION,
        Section.TUMOUR,
        Section.GENES,
        Section.HISTORY,
    ),
    Setting.UNRESECTABLE: (Section.SITUATION, Section.GENES, Section.HISTORY, Section.TUMOUR),
    Setting.RECURRENT: (Section.SITUATION, Section.HISTORY, Section.GENES, Section.TUMOUR),
}


def relevant(name: str, answers: dict[str, object]) -> bool:
    """Whether the field is asked, given the situation and the other answers."""
    field = BY_NAME[name]
    raw = answers.get("setting")
    setting = Setting.RESECTABLE
    if isinstance(raw, str):
        try:
            setting = Setting.of(raw)
        except ValueError:
            return True
    if setting not in field.settings:
        return False
    if field.requires is not None:
        other, value = field.requires
        return answers.get(other) == value
    return True
