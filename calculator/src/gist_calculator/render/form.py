"""The widget's form: every control, its label, its help and its error slot.

Controls are named like the command-line options with underscores and carry the command
line's choice words as values, so the page script can send the form as it is. Each field
follows the pattern of the NHS design system: label, hint, an error message slot tied to the
control with aria-describedby, then the control.
"""

from __future__ import annotations

from collections.abc import Mapping

from ..choices import (
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
from .markup import attrs, esc, tag

Preset = Mapping[str, object]


def _id(name: str, value: str | None = None) -> str:
    return f"gist-{name}" + (f"-{value}" if value else "")


def _hint(name: str, text: str) -> str:
    return tag("div", esc(text), class_="gist-hint", id=_id(name, "hint")) if text else ""


def _error_slot(name: str) -> str:
    return tag(
        "p", "", class_="gist-error", id=_id(name, "error"), data_error_for=name, hidden=True
    )


def _described(name: str, hint: str) -> str:
    return " ".join(x for x in (_id(name, "hint") if hint else "", _id(name, "error")) if x)


def _text(preset: Preset, name: str) -> str:
    value = preset.get(name)
    if value is None or isinstance(value, bool):
        return ""
    return str(value)


def number_field(
    preset: Preset, name: str, label: str, hint: str, unit: str = "", *, unit_name: str = ""
) -> str:
    control = (
        "<input"
        + attrs(
            type="text",
            inputmode="decimal",
            autocomplete="off",
            spellcheck="false",
            id=_id(name),
            name=name,
            value=_text(preset, name),
            aria_describedby=_described(name, hint),
            class_="gist-input",
        )
        + ">"
    )
    return tag(
        "div",
        tag("label", esc(label), for_=_id(name), class_="gist-label")
        + _hint(name, hint)
        + _error_slot(name)
        + control
        + unit
        + (_error_slot(unit_name) if unit_name else ""),
        class_="gist-field",
        data_field=name,
    )


def select_field(
    preset: Preset,
    name: str,
    label: str,
    hint: str,
    choices: type[Choice],
    *,
    empty: str | None = None,
    default: str | None = None,
    inline: bool = False,
) -> str:
    current = _text(preset, name) or default or ""
    options = tag("option", esc(empty), value="") if empty is not None else ""
    options += "".join(
        tag("option", esc(c.label), value=c.value, selected=c.value == current) for c in choices
    )
    control = tag(
        "select",
        options,
        id=_id(name),
        name=name,
        aria_describedby=_described(name, hint),
        class_="gist-select",
    )
    if inline:
        # A unit picker beside a number: its own label is for screen readers.
        return tag("label", esc(label), for_=_id(name), class_="gist-visually-hidden") + control
    return tag(
        "div",
        tag("label", esc(label), for_=_id(name), class_="gist-label")
        + _hint(name, hint)
        + _error_slot(name)
        + control,
        class_="gist-field",
        data_field=name,
    )


def checkbox(preset: Preset, name: str, label: str, hint: str = "") -> str:
    checked = preset.get(name) in (True, "true", "on", "yes", "1")
    box = (
        "<input"
        + attrs(
            type="checkbox",
            id=_id(name),
            name=name,
            value="true",
            checked=checked,
            aria_describedby=_described(name, hint),
            class_="gist-checkbox",
        )
        + ">"
    )
    return tag(
        "div",
        box + tag("label", esc(label), for_=_id(name)) + _hint(name, hint) + _error_slot(name),
        class_="gist-field gist-check",
        data_field=name,
    )


def drug_group(preset: Preset, name: str, legend: str, hint: str) -> str:
    chosen = preset.get(name) or []
    if isinstance(chosen, str):
        chosen = [chosen]
    assert isinstance(chosen, list | tuple)
    boxes = "".join(
        tag(
            "div",
            "<input"
            + attrs(
                type="checkbox",
                id=_id(name, d.value),
                name=name,
                value=d.value,
                checked=d.value in chosen,
                class_="gist-checkbox",
            )
            + ">"
            + tag("label", esc(d.label), for_=_id(name, d.value)),
            class_="gist-check",
        )
        for d in Drug
    )
    return tag(
        "fieldset",
        tag("legend", esc(legend), class_="gist-legend")
        + _hint(name, hint)
        + _error_slot(name)
        + tag("div", boxes, class_="gist-checks"),
        class_="gist-field gist-group",
        data_field=name,
        id=_id(name),
        aria_describedby=_described(name, hint),
    )


def form_html(preset: Preset) -> str:
    situation = tag(
        "fieldset",
        tag("legend", "The situation", class_="gist-legend")
        + select_field(
            preset,
            "setting",
            "Which describes the tumour now?",
            "Your care team can tell you whether it can be removed.",
            Setting,
            default=Setting.RESECTABLE.value,
        ),
        class_="gist-section",
    )
    size_unit = select_field(
        preset, "size_unit", "Size unit", "", SizeUnit, inline=True, default=SizeUnit.CM.value
    )
    mitoses_unit = select_field(
        preset,
        "mitoses_unit",
        "Mitotic count unit",
        "",
        MitosisUnit,
        inline=True,
        default=MitosisUnit.PER_5MM2.value,
    )
    tumour = tag(
        "fieldset",
        tag("legend", "The tumour", class_="gist-legend")
        + number_field(
            preset,
            "size",
            "Size (largest diameter)",
            "On the pathology report after surgery, or the scan report; for example 4.5 cm.",
            tag("span", size_unit, class_="gist-unit"),
            unit_name="size_unit",
        )
        + number_field(
            preset,
            "mitoses",
            "Mitotic count",
            "How many dividing cells the pathologist counted, usually 'per 5 mm²' or 'per 50 "
            "HPF' (high-power fields) on the pathology report.",
            tag("span", mitoses_unit, class_="gist-unit"),
            unit_name="mitoses_unit",
        )
        + number_field(
            preset,
            "mitoses_area",
            "Area counted, in mm² (only if the count was over another area)",
            "The count is rescaled to 5 mm². Leave empty for per 5 mm² or per 50 HPF.",
        )
        + select_field(
            preset, "site", "Where did the tumour start?", "", Site, empty="Choose the site"
        )
        + checkbox(preset, "rupture", "The tumour ruptured (burst), before or during surgery")
        + select_field(
            preset,
            "nodes",
            "Has it reached the lymph nodes?",
            "",
            NodeStatus,
            default=NodeStatus.UNKNOWN.value,
        )
        + select_field(
            preset,
            "metastasis",
            "Has it spread to other organs (such as the liver)?",
            "",
            MetastasisStatus,
            default=MetastasisStatus.UNKNOWN.value,
        ),
        class_="gist-section",
    )
    genes = tag(
        "fieldset",
        tag("legend", "Gene change", class_="gist-legend")
        + select_field(
            preset,
            "mutation",
            "Gene change found in the tumour",
            "From the molecular or genetic test of the tumour (KIT, PDGFRA and others); often "
            "a separate report from the pathology report.",
            Mutation,
            default=Mutation.UNKNOWN.value,
        ),
        class_="gist-section",
    )
    history = tag(
        "fieldset",
        tag("legend", "Treatment so far", class_="gist-legend")
        + drug_group(preset, "progressed_on", "Medicines the tumour grew on", "Tick each one.")
        + drug_group(
            preset,
            "intolerant_of",
            "Medicines whose side effects were too much",
            "Tick each one.",
        )
        + checkbox(preset, "shrinking", "The tumour is shrinking on treatment")
        + checkbox(preset, "symptoms", "The tumour is causing symptoms")
        + checkbox(
            preset,
            "limited_spread",
            "It has spread to only 1 or 2 places (for example the liver)",
        )
        + checkbox(preset, "bone_pain", "There is pain from spread to the bones"),
        class_="gist-section",
    )
    return tag(
        "form",
        situation + tumour + genes + history,
        class_="gist-form",
        data_gist_form=True,
        novalidate=True,
        autocomplete="off",
    )
