"""A validated request: the only shape the schemes and the treatment logic ever see.

Everything here is already checked and normalised (size in cm, mitoses per 5 mm²), so the
clinical code never has to think about units, strings or missing keys. Build these through
``gist_calculator.validation.parse``; raw input never reaches the schemes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from .choices import (
    Drug,
    MetastasisStatus,
    MitosisUnit,
    Mutation,
    NodeStatus,
    Setting,
    Site,
    SizeUnit,
)


class Command(StrEnum):
    RISK = "risk"
    TREATMENT = "treatment"


@dataclass(frozen=True, slots=True)
class Tumour:
    """The tumour's features. ``None`` means the reader did not give that feature."""

    size_cm: float | None = None
    mitoses_per_5mm2: float | None = None
    site: Site | None = None
    rupture: bool = False
    nodes: NodeStatus = NodeStatus.UNKNOWN
    metastasis: MetastasisStatus = MetastasisStatus.UNKNOWN
    mutation: Mutation = Mutation.UNKNOWN
    # How the reader entered the figures, kept so results can say what was converted.
    size_entered: float | None = None
    size_unit: SizeUnit = SizeUnit.CM
    mitoses_entered: float | None = None
    mitoses_unit: MitosisUnit = MitosisUnit.PER_5MM2
    mitoses_area_mm2: float | None = None

    @property
    def has_spread(self) -> bool:
        """Spread to lymph nodes or distant organs: recurrence-risk tables no longer apply."""
        return self.metastasis is MetastasisStatus.PRESENT or self.nodes is NodeStatus.POSITIVE


@dataclass(frozen=True, slots=True)
class Treatment:
    """What has happened so far, for the treatment options."""

    setting: Setting
    progressed_on: frozenset[Drug] = field(default_factory=frozenset)
    intolerant_of: frozenset[Drug] = field(default_factory=frozenset)
    shrinking: bool = False
    symptoms: bool = False
    limited_spread: bool = False
    bone_pain: bool = False

    def stopped(self, drug: Drug) -> bool:
        """The drug stopped working or could not be taken: either way the next step applies."""
        return drug in self.progressed_on or drug in self.intolerant_of


@dataclass(frozen=True, slots=True)
class Request:
    command: Command
    tumour: Tumour
    treatment: Treatment | None = None
