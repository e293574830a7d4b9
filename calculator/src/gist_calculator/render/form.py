"""The widget's form, drawn from the one field table (``gist_calculator.fields``).

Controls are named like the command-line options with underscores and carry the command
line's choice words as values, so the page script can send the form as it is. Each field
follows the pattern of the NHS design system (label, hint, control), with its error slot
*after* the control: a message that appears while the reader types then pushes down only
what is below, never the box being typed in.

Which fields a situation asks is written into the HTML (``data-settings``,
``data-requires``), so the page script shows and hides them without its own list; fields
the preset's situation does not use are rendered hidden, so nothing moves when the script
starts.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping

from ..choices import Setting
from ..fields import BY_NAME, FIELDS, SECTION_ORDER, Field, Kind, Section, relevant
from .markup import Markup, join, tag, void

Preset = Mapping[str, object]


def _id(name: str, value: str | None = None) -> str:
    return f"gist-{name}" + (f"-{value}" if value else "")


def _hint(name: str, text: str) -> Markup:
    return tag("div", text, class_="gist-hint", id=_id(name, "hint")) if text else Markup()


def _error_slot(name: str) -> Markup:
    return tag(
        "p", Markup(), class_="gist-error", id=_id(name, "error"), data_error_for=name, hidden=True
    )


def _described(name: str, hint: str) -> str:
    return " ".join(x for x in (_id(name, "hint") if hint else "", _id(name, "error")) if x)


def _text(preset: Preset, name: str) -> str:
    value = preset.get(name)
    if value is None or isinstance(value, bool):
        return ""
    return str(value)


def _when(field: Field, shown: bool) -> dict[str, object]:
    """The field's own attributes: when it is asked, and whether it is asked now."""
    return {
        "data_field": field.name,
        "data_kind": field.kind.value,
        "data_settings": " ".join(s.value for s in Setting if s in field.settings),
        "data_requires": "=".join(field.requires) if field.requires else None,
        "hidden": not shown,
    }


def _select(preset: Preset, field: Field, *, described: bool = True) -> Markup:
    assert field.choices is not None
    current = _text(preset, field.name) or field.default or ""
    options = tag("option", field.empty, value="") if field.empty is not None else Markup()
    options += join(
        tag("option", c.label, value=c.value, selected=c.value == current) for c in field.choices
    )
    return tag(
        "select",
        options,
        id=_id(field.name),
        name=field.name,
        aria_describedby=_described(field.name, field.hint) if described else None,
        class_="gist-select",
    )


def number_field(preset: Preset, field: Field, shown: bool, unit: Field | None) -> Markup:
    control = void(
        "input",
        type="text",
        inputmode="decimal",
        autocomplete="off",
        spellcheck="false",
        id=_id(field.name),
        name=field.name,
        value=_text(preset, field.name),
        aria_describedby=_described(field.name, field.hint),
        class_="gist-input",
    )
    unit_html = Markup()
    if unit is not None:
        # A unit picker beside the number: its own label is for screen readers.
        unit_html = tag(
            "span",
            tag("label", unit.label, for_=_id(unit.name), class_="gist-visually-hidden")
            + _select(preset, unit, described=False),
            class_="gist-unit",
        )
    return tag(
        "div",
        tag("label", field.label, for_=_id(field.name), class_="gist-label")
        + _hint(field.name, field.hint)
        + tag("div", control + unit_html, class_="gist-control-row")
        + _error_slot(field.name)
        + (_error_slot(unit.name) if unit is not None else Markup()),
        class_="gist-field",
        **_when(field, shown),
    )


def select_field(preset: Preset, field: Field, shown: bool) -> Markup:
    return tag(
        "div",
        tag("label", field.label, for_=_id(field.name), class_="gist-label")
        + _hint(field.name, field.hint)
        + _select(preset, field)
        + _error_slot(field.name),
        class_="gist-field",
        **_when(field, shown),
    )


def checkbox(preset: Preset, field: Field, shown: bool) -> Markup:
    checked = preset.get(field.name) in (True, "true", "on", "yes", "1")
    box = void(
        "input",
        type="checkbox",
        id=_id(field.name),
        name=field.name,
        value="true",
        checked=checked,
        aria_describedby=_described(field.name, field.hint),
        class_="gist-checkbox",
    )
    return tag(
        "div",
        box
        + tag("label", field.label, for_=_id(field.name))
        + _hint(field.name, field.hint)
        + _error_slot(field.name),
        class_="gist-field gist-check",
        **_when(field, shown),
    )


def drug_group(preset: Preset, field: Field, shown: bool) -> Markup:
    assert field.choices is not None
    chosen = preset.get(field.name) or []
    if isinstance(chosen, str):
        chosen = [chosen]
    assert isinstance(chosen, list | tuple)
    boxes = join(
        tag(
            "div",
            void(
                "input",
                type="checkbox",
                id=_id(field.name, d.value),
                name=field.name,
                value=d.value,
                checked=d.value in chosen,
                class_="gist-checkbox",
            )
            + tag("label", d.label, for_=_id(field.name, d.value)),
            class_="gist-check",
        )
        for d in field.choices
    )
    when = _when(field, shown)
    return tag(
        "fieldset",
        tag("legend", field.label, class_="gist-legend")
        + _hint(field.name, field.hint)
        + tag("div", boxes, class_="gist-checks")
        + _error_slot(field.name),
        class_="gist-field gist-group",
        id=_id(field.name),
        aria_describedby=_described(field.name, field.hint),
        **when,
    )


_DRAW: dict[Kind, Callable[[Preset, Field, bool], Markup]] = {
    Kind.CHOICE: select_field,
    Kind.FLAG: checkbox,
    Kind.LIST: drug_group,
}


def _setting(preset: Preset) -> Setting:
    raw = preset.get("setting")
    try:
        return Setting.of(str(raw)) if raw else Setting.RESECTABLE
    except ValueError:
        return Setting.RESECTABLE


def form_html(preset: Preset) -> Markup:
    answers: dict[str, object] = dict(preset)
    answers.setdefault("setting", _setting(preset).value)
    for field in FIELDS:  # a field's default counts as its answer for `requires`
        if field.default is not None:
            answers.setdefault(field.name, field.default)
    sections: dict[Section, Markup] = {}
    for field in FIELDS:
        if field.kind is Kind.UNIT:
            continue  # drawn beside its number
        shown = relevant(field.name, answers)
        if field.kind is Kind.NUMBER:
            unit = BY_NAME[field.unit] if field.unit else None
            html = number_field(preset, field, shown, unit)
        else:
            html = _DRAW[field.kind](preset, field, shown)
        sections[field.section] = sections.get(field.section, Markup()) + html
    order = SECTION_ORDER[_setting(preset)]
    body = join(
        tag(
            "fieldset",
            tag("legend", section.value, class_="gist-legend") + sections[section],
            class_="gist-section",
            data_section=section.name.lower(),
        )
        for section in order
    )
    section_order = {
        s.value: [section.name.lower() for section in sections_]
        for s, sections_ in SECTION_ORDER.items()
    }
    return tag(
        "form",
        body,
        class_="gist-form",
        data_gist_form=True,
        data_section_order=json.dumps(section_order, sort_keys=True),
        novalidate=True,
        autocomplete="off",
    )
