"""Turn raw input (JSON, form values, command-line strings) into a ``Request``.

All checking happens here, once, for every entry point. Every bad field is reported in the
same pass, each with its field name and a message that says how to fix it, because a reader
who fixes one field only to be told about the next one gives up. Input that is valid but
outside what a scheme covers (an uncovered site, an unknown node status) is not an error:
the schemes answer it with ``not_applicable`` or ``insufficient_data``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
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
from .fields import BY_NAME, REQUEST_FIELDS, Kind
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

    def reading(self, name: str, what: str, example: str) -> Reading | None:
        """The number typed in a field, with any unit typed after it; None if blank or bad.

        "1,000" and "1.000" could be a thousand or one: the reader is asked which was meant,
        in words, with both readings, instead of the calculator guessing.
        """
        value = self.raw.get(name)
        if _is_blank(value):
            return None
        if isinstance(value, str):
            text = value.strip()
            unit_match = _WITH_UNIT.match(text)
            unit = _unit_word(unit_match.group(2)) if unit_match and unit_match.group(2) else None
            number_text = unit_match.group(1) if unit_match and unit is not None else text
            ambiguous = _AMBIGUOUS.match(number_text)
            if ambiguous:
                whole, part = ambiguous.group(1), ambiguous.group(3)
                # Built from the digits, so no reading is rounded ("12.345" stays 12.345).
                thousands = whole + part
                decimal = f"{whole}.{part}".rstrip("0").rstrip(".")
                self.fail(
                    name,
                    f'Did you mean {thousands} or {decimal}? "{number_text}" can be read '
                    "either way (a thousands separator, or a decimal comma). Type "
                    f"{thousands} or {decimal}, without a thousands separator.",
                )
                return None
            if unit is not None:
                number = _to_number(number_text)
                if number is not None:
                    return Reading(number, unit)
        parsed = _to_number(value)
        if parsed is None:
            self.fail(name, f"Enter the {what} as a number, for example {example}.")
            return None
        return Reading(parsed, None)

    def choice(self, name: str, kind: type[C], default: C | None, what: str) -> C | None:
        value = self.raw.get(name)
        if _is_blank(value):
            return default
        if isinstance(value, str):
            word = value.strip().lower()
            for member in kind:
                if member.value == word:
                    return member
        self.fail(name, f"Choose the {what} from the list: {kind.listing()}.")
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
        if isinstance(value, str):
            items: list[object] = [value]
        elif isinstance(value, list | tuple):
            items = list(value)
        else:
            self.fail(name, f"Choose the medicines from the list: {Drug.listing()}.")
            return frozenset()
        found: set[Drug] = set()
        for item in items:
            if _is_blank(item):
                continue
            word = item.strip().lower() if isinstance(item, str) else None
            match = next((d for d in Drug if d.value == word), None)
            if match is None:
                # Not echoed: it may come from an old or altered link, and it is no word of ours.
                self.fail(
                    name,
                    "One of the medicines given is not one this calculator knows (an old or "
                    f"altered link can do this). Tick the medicines from the list: "
                    f"{Drug.listing()}.",
                )
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
    size_entered = _size_number(c, size_unit)
    size_cm = _size_cm(c, size_entered, size_unit)
    mitoses_unit = (
        c.choice("mitoses_unit", MitosisUnit, MitosisUnit.PER_5MM2, "mitotic count unit")
        or MitosisUnit.PER_5MM2
    )
    area = _area_number(c)
    mitoses_entered = _mitoses_number(c, mitoses_unit, area)
    mitoses = _mitoses_per_5mm2(c, mitoses_entered, mitoses_unit, area)
    site = c.choice("site", Site, None, "site")
    nodes = c.choice("nodes", NodeStatus, NodeStatus.UNKNOWN, "lymph node status")
    metastasis = c.choice("metastasis", MetastasisStatus, MetastasisStatus.UNKNOWN, "spread")
    mutation = c.choice("mutation", Mutation, Mutation.UNKNOWN, "gene change") or Mutation.UNKNOWN

    # No measurement is required, for either command: a scheme that can answer without one
    # (a tumour over 10 cm is high risk under NIH whatever its count) answers, and one that
    # cannot says which inputs it needs (schemes/completion.py).

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


FieldReading = Choice | bool | frozenset[Drug] | None


def read_field(name: str, value: object) -> FieldReading:
    """How the validator reads one choice, unit, tick box or group of boxes on its own.

    The same readers ``parse`` uses, without the other fields: a choice (its member; the
    field's default, or None, when blank), a tick box (True or False), a group of boxes (the
    medicines). None when the value is rejected. The page uses it to show a shared link's
    values in its controls. Raises KeyError for a name that is not a form field, and
    ValueError for a number field (those are shown as typed).
    """
    field = BY_NAME[name]
    c = _Collector({name: value})
    reading: FieldReading
    if field.kind is Kind.FLAG:
        reading = c.flag(name)
    elif field.kind is Kind.LIST:
        reading = c.drugs(name)
    elif field.choices is not None:
        default = field.request_default()
        reading = c.choice(
            name, field.choices, field.choices.of(default) if default else None, name
        )
    else:
        raise ValueError(f"{name} is typed, not chosen: it has no reading of its own")
    return None if c.errors else reading


def _command(c: _Collector) -> Command:
    """The command given, else the one default for every entry point: a request that names
    a situation (even blank, which is then an error on that field) asks for treatment."""
    value = c.raw.get("command")
    if _is_blank(value):
        return Command.TREATMENT if "setting" in c.raw else Command.RISK
    if isinstance(value, str) and value.strip().lower() in {m.value for m in Command}:
        return Command(value.strip().lower())
    c.fail("command", "Choose what to work out: the risk, or the treatment options.")
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
    if unit is not MitosisUnit.PER_AREA and area is not None and area != STANDARD_AREA_MM2:
        # An area the count does not use would be silently ignored: ask which is right.
        shown = _shown(area)
        if unit is MitosisUnit.PER_50HPF:
            meant = (
                f"if those 50 fields covered {shown} mm², choose "
                f'"{MitosisUnit.PER_AREA.label}" as the unit so the count is rescaled to 5 mm²'
            )
        else:
            meant = (
                f'if the count was over {shown} mm², choose "{MitosisUnit.PER_AREA.label}" '
                "as the unit"
            )
        c.fail(
            "mitoses_area",
            f"You gave an area of {shown} mm², but the count is set as "
            f"{unit.label}, which does not use an area: {meant}; otherwise clear the area.",
        )
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


@dataclass(frozen=True, slots=True)
class Reading:
    """A number as typed, and the unit typed after it (None if none was typed)."""

    value: float
    unit: TypedUnit | None


@dataclass(frozen=True, slots=True)
class TypedUnit:
    """A unit recognised after a number: a size unit, a count unit, or a count's area."""

    size: SizeUnit | None = None
    count: MitosisUnit | None = None
    area_mm2: float | None = None
    is_area: bool = False  # "mm²" alone: the unit of the counted-area field


# "1,000", "12.500": one to three digits (not starting with 0), one separator, three digits.
_AMBIGUOUS = re.compile(r"^([1-9][0-9]{0,2})([.,])([0-9]{3})$")
# A number followed by letters or a slash: "35mm", "3.5 cm", "12/5mm2", "12 per 50 HPF".
_WITH_UNIT = re.compile(r"^([0-9][0-9.,]*)\s*([a-zA-Z/²^].*)?$")
_AREA_UNIT = re.compile(r"^(?:mm2|mm\^2|sqmm)$")
_PER_AREA = re.compile(r"^(?:/|per)([0-9]+(?:[.,][0-9]+)?)(?:mm2|mm\^2|sqmm)$")
_PER_HPF = re.compile(r"^(?:/|per)50(?:hpf|hpfs|highpowerfields?)$")


def _unit_word(text: str) -> TypedUnit | None:
    """The unit in "mm", "cm", "/5mm2", "per 50 HPF", "/10 mm²", "mm²"; None if unknown."""
    word = text.strip().lower().replace(" ", "").replace("²", "2").rstrip(".")
    if word in {"cm", "mm"}:
        return TypedUnit(size=SizeUnit.of(word))
    if _AREA_UNIT.match(word):
        return TypedUnit(is_area=True)
    if _PER_HPF.match(word):
        return TypedUnit(count=MitosisUnit.PER_50HPF)
    per_area = _PER_AREA.match(word)
    if per_area:
        area = _to_number(per_area.group(1))
        if area == STANDARD_AREA_MM2:
            return TypedUnit(count=MitosisUnit.PER_5MM2)
        return TypedUnit(count=MitosisUnit.PER_AREA, area_mm2=area)
    return None


def _size_number(c: _Collector, unit: SizeUnit) -> float | None:
    """The size; "35 mm" is accepted when mm is the chosen unit, else the reader is asked."""
    reading = c.reading("size", "tumour size", "4.5")
    if reading is None or reading.unit is None:
        return None if reading is None else reading.value
    typed = reading.unit.size
    shown = _shown(reading.value)
    if typed is unit:
        return reading.value
    if typed is not None:
        c.fail(
            "size",
            f"It looks like {shown} {typed.label}: choose {typed.label} as the unit and enter "
            f"{shown}.",
        )
    else:
        c.fail(
            "size",
            f"Enter the size as a number only (for example {shown}), and choose cm or mm as "
            "the unit.",
        )
    return None


def _area_number(c: _Collector) -> float | None:
    """The counted area; "10 mm²" is accepted, the field's unit being mm²."""
    reading = c.reading("mitoses_area", "counted area in mm²", "10")
    if reading is None or reading.unit is None:
        return None if reading is None else reading.value
    if reading.unit.is_area:
        return reading.value
    c.fail(
        "mitoses_area",
        f"Enter the area as a number of mm² only, for example {_shown(reading.value)}.",
    )
    return None


def _mitoses_number(c: _Collector, unit: MitosisUnit, area: float | None) -> float | None:
    """The count; "12/5mm2" is accepted when it matches the chosen unit, else the reader is
    told which unit (and area) to choose."""
    reading = c.reading("mitoses", "mitotic count", "3")
    if reading is None or reading.unit is None:
        return None if reading is None else reading.value
    typed = reading.unit
    shown = _shown(reading.value)
    if typed.count is None:
        c.fail(
            "mitoses",
            f"Enter the mitotic count as a number only (for example {shown}), and choose its "
            "unit from the list.",
        )
        return None
    if typed.count is MitosisUnit.PER_AREA:
        typed_area = _shown(typed.area_mm2 or 0)
        if unit is MitosisUnit.PER_AREA and area is not None and area == typed.area_mm2:
            return reading.value
        c.fail(
            "mitoses",
            f"It looks like {shown} mitoses over {typed_area} mm²: choose "
            f'"{MitosisUnit.PER_AREA.label}" as the unit, enter {shown} here and '
            f"{typed_area} as the area.",
        )
        return None
    if typed.count is unit or (
        typed.count is MitosisUnit.PER_5MM2
        and unit is MitosisUnit.PER_AREA
        and area == STANDARD_AREA_MM2
    ):
        return reading.value
    c.fail(
        "mitoses",
        f'It looks like {shown} {typed.count.label}: choose "{typed.count.label}" as the '
        f"unit and enter {shown}.",
    )
    return None


def _shown(value: float) -> str:
    """A number as the reader typed it: 35.0 as 35, 3.125 as 3.125 (never rounded to 2 places)."""
    return f"{value:.10g}"


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
