"""Turn raw input (JSON, form values, command-line strings) into a ``Request``.

All checking happens here, once, for every entry point. Every bad field is reported in the
same pass, each with its field name and a message that says how to fix it, because a reader
who fixes one field only to be told about the next one gives up. Input that is valid but
outside what a scheme covers (an uncovered site, an unknown node status) is not an error:
the schemes answer it with ``not_applicable`` or ``insufficient_data``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import TypeVar

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
from .fields import REQUEST_FIELDS
from .inputs import Command, Request, Treatment, Tumour
from .results import FieldError

# --- Plausibility bounds -------------------------------------------------------------------
# The largest GISTs on record measure a few tens of centimetres. A size above 100 cm is
# almost certainly a slip (millimetres typed as centimetres, an extra zero), so we ask the
# reader to check rather than compute a risk from it.
MAX_SIZE_CM = 100.0
# Even the fastest-growing GISTs rarely show more than a few hundred mitoses per 5 mm²; a
# higher count points to a typing slip or to a count over a much larger area.
MAX_MITOSES = 1000.0
# A count over less than 1 mm² (about five high-power fields) is too small a sample to
# rescale to 5 mm² honestly; more than 100 mm² is beyond what a pathologist counts. The
# standard area is 5 mm²; 50 high-power fields of a modern microscope are about 10 to 12 mm².
MIN_AREA_MM2 = 1.0
MAX_AREA_MM2 = 100.0
# The standard area the risk tables use.
STANDARD_AREA_MM2 = 5.0

# The request's keys, in the order errors are listed: declared once, in fields.py.
FIELDS: tuple[str, ...] = REQUEST_FIELDS

_TRUE = {"true", "yes", "on", "1", "y"}
_FALSE = {"false", "no", "off", "0", "n"}

C = TypeVar("C", bound=Choice)


class InvalidInput(ValueError):
    """Raised with every field error found, never just the first."""

    def __init__(self, errors: Iterable[FieldError]) -> None:
        self.errors: tuple[FieldError, ...] = tuple(errors)
        super().__init__("; ".join(f"{e.field}: {e.message}" for e in self.errors))


class _Collector:
    """Gathers errors while parsing goes on, so one pass finds them all."""

    def __init__(self, raw: Mapping[str, object]) -> None:
        self.raw = raw
        self.errors: list[FieldError] = []

    def fail(self, name: str, message: str) -> None:
        if not any(e.field == name for e in self.errors):
            self.errors.append(FieldError(name, message))

    def present(self, name: str) -> bool:
        return not _is_blank(self.raw.get(name))

    def number(self, name: str, what: str, example: str) -> float | None:
        value = self.raw.get(name)
        if _is_blank(value):
            return None
        parsed = _to_number(value)
        if parsed is None:
            self.fail(name, f"Enter the {what} as a number, for example {example}.")
        return parsed

    def choice(self, name: str, kind: type[C], default: C | None, what: str) -> C | None:
        value = self.raw.get(name)
        if _is_blank(value):
            return default
        if isinstance(value, str):
            word = value.strip().lower()
            for member in kind:
                if member.value == word:
                    return member
        allowed = ", ".join(kind.values())
        self.fail(name, f"Choose the {what} from the list ({allowed}).")
        return default

    def flag(self, name: str) -> bool:
        value = self.raw.get(name)
        if _is_blank(value):
            return False
        if isinstance(value, bool):
            return value
        if isinstance(value, int | float) and value in (0, 1):
            return bool(value)
        if isinstance(value, str) and value.strip().lower() in _TRUE | _FALSE:
            return value.strip().lower() in _TRUE
        self.fail(name, "Answer yes or no (tick the box, or leave it empty).")
        return False

    def drugs(self, name: str) -> frozenset[Drug]:
        value = self.raw.get(name)
        if _is_blank(value):
            return frozenset()
        allowed = ", ".join(Drug.values())
        if isinstance(value, str):
            items: list[object] = [value]
        elif isinstance(value, list | tuple):
            items = list(value)
        else:
            self.fail(name, f"Choose the medicines from the list ({allowed}).")
            return frozenset()
        found: set[Drug] = set()
        for item in items:
            if _is_blank(item):
                continue
            word = item.strip().lower() if isinstance(item, str) else None
            match = next((d for d in Drug if d.value == word), None)
            if match is None:
                shown = item.strip() if isinstance(item, str) else repr(item)
                self.fail(name, f"'{shown[:40]}' is not a medicine we know: choose from {allowed}.")
            else:
                found.add(match)
        return frozenset(found)


def parse(raw: object) -> Request:
    """Validate and normalise a request, or raise ``InvalidInput`` with every problem."""
    if not isinstance(raw, Mapping) or not all(isinstance(k, str) for k in raw):
        raise InvalidInput([FieldError("request", "Send the inputs as an object of named fields.")])
    c = _Collector(raw)

    command = _command(c)
    size_unit = c.choice("size_unit", SizeUnit, SizeUnit.CM, "size unit") or SizeUnit.CM
    size_entered = c.number("size", "tumour size", "4.5")
    size_cm = _size_cm(c, size_entered, size_unit)
    mitoses_unit = (
        c.choice("mitoses_unit", MitosisUnit, MitosisUnit.PER_5MM2, "mitotic count unit")
        or MitosisUnit.PER_5MM2
    )
    mitoses_entered = c.number("mitoses", "mitotic count", "3")
    area = c.number("mitoses_area", "counted area in mm²", "10")
    mitoses = _mitoses_per_5mm2(c, mitoses_entered, mitoses_unit, area)
    site = c.choice("site", Site, None, "site")
    nodes = c.choice("nodes", NodeStatus, NodeStatus.UNKNOWN, "lymph node status")
    metastasis = c.choice("metastasis", MetastasisStatus, MetastasisStatus.UNKNOWN, "spread")
    mutation = c.choice("mutation", Mutation, Mutation.UNKNOWN, "gene change") or Mutation.UNKNOWN

    if command is Command.RISK:
        for name, what, example in (
            ("size", "tumour size", "4.5"),
            ("mitoses", "mitotic count", "3"),
        ):
            if not c.present(name):
                c.fail(name, f"Enter the {what}, for example {example}.")
        if not c.present("site"):
            c.fail("site", "Choose where the tumour started.")

    tumour = Tumour(
        size_cm=size_cm,
        mitoses_per_5mm2=mitoses,
        site=site,
        rupture=c.flag("rupture"),
        nodes=nodes or NodeStatus.UNKNOWN,
        metastasis=metastasis or MetastasisStatus.UNKNOWN,
        mutation=mutation,
        size_entered=size_entered,
        size_unit=size_unit,
        mitoses_entered=mitoses_entered,
        mitoses_unit=mitoses_unit,
        mitoses_area_mm2=area if mitoses_unit is MitosisUnit.PER_AREA else None,
    )

    treatment = None
    if command is Command.TREATMENT:
        setting = c.choice("setting", Setting, None, "situation")
        if setting is None and not c.present("setting"):
            c.fail(
                "setting",
                "Choose the situation: can the tumour be removed, has it spread or come back?",
            )
        progressed_on = c.drugs("progressed_on")
        intolerant_of = c.drugs("intolerant_of")
        flags = {
            name: c.flag(name) for name in ("shrinking", "symptoms", "limited_spread", "bone_pain")
        }
        if setting is not None:
            treatment = Treatment(
                setting=setting,
                progressed_on=progressed_on,
                intolerant_of=intolerant_of,
                **flags,
            )

    if c.errors:
        raise InvalidInput(sorted(c.errors, key=lambda e: _field_order(e.field)))
    return Request(command=command, tumour=tumour, treatment=treatment)


def _command(c: _Collector) -> Command:
    value = c.raw.get("command")
    if _is_blank(value):
        return Command.TREATMENT if c.present("setting") else Command.RISK
    if isinstance(value, str) and value.strip().lower() in {m.value for m in Command}:
        return Command(value.strip().lower())
    c.fail("command", "Choose 'risk' or 'treatment'.")
    return Command.RISK


def _size_cm(c: _Collector, entered: float | None, unit: SizeUnit) -> float | None:
    if entered is None:
        return None
    size_cm = entered / 10 if unit is SizeUnit.MM else entered
    if entered <= 0:
        c.fail("size", "The size must be more than 0.")
        return None
    if size_cm > MAX_SIZE_CM:
        limit = f"{MAX_SIZE_CM:g} cm" if unit is SizeUnit.CM else f"{MAX_SIZE_CM * 10:g} mm"
        c.fail(
            "size", f"The size must be {limit} or less. Check the number and the unit (cm or mm)."
        )
        return None
    return size_cm


def _mitoses_per_5mm2(
    c: _Collector, entered: float | None, unit: MitosisUnit, area: float | None
) -> float | None:
    if unit is MitosisUnit.PER_AREA:
        if area is None and not c.present("mitoses_area"):
            c.fail(
                "mitoses_area",
                "Enter the area the mitoses were counted over, in mm², for example 10.",
            )
        elif area is not None and not MIN_AREA_MM2 <= area <= MAX_AREA_MM2:
            c.fail(
                "mitoses_area",
                f"The counted area must be between {MIN_AREA_MM2:g} and {MAX_AREA_MM2:g} mm² "
                "(the standard is 5 mm²).",
            )
            area = None
    if entered is None:
        return None
    if entered < 0:
        c.fail("mitoses", "The mitotic count cannot be below 0.")
        return None
    if entered > MAX_MITOSES:
        c.fail("mitoses", f"The mitotic count must be {MAX_MITOSES:g} or less. Check the number.")
        return None
    if unit is MitosisUnit.PER_AREA:
        if area is None:
            return None
        return entered * STANDARD_AREA_MM2 / area
    # 50 high-power fields of the microscopes used in the source studies covered about
    # 5 mm²; AJCC and CAP treat the two conventions as the same.
    return entered


def _is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _to_number(value: object) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        # Huge integers cannot become floats; they are far beyond every bound anyway.
        return float(value) if abs(value) < 10**300 else (math.inf if value > 0 else -math.inf)
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if not isinstance(value, str):
        return None
    text = value.strip().replace("\u00a0", "").replace(" ", "")
    # A decimal comma ("3,5") is how much of the world writes 3.5.
    if "," in text and "." not in text and text.count(",") == 1:
        text = text.replace(",", ".")
    if not text or len(text) > 40 or not all(ch in "0123456789.+-eE" for ch in text):
        return None
    try:
        number = float(text)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def _field_order(name: str) -> int:
    return FIELDS.index(name) if name in FIELDS else len(FIELDS)
