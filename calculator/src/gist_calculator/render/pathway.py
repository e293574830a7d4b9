"""The pathway picture: where the reader stands in the medicine sequence, as HTML.

An ordered list, because the sequence is an order: screen readers announce "list, 6 items"
and each step's position. Each step says its status in words (visually hidden for a screen
reader, and a short visible tag with a symbol for sighted readers), so nothing depends on
colour; the colours and borders in gist-pathway.css only repeat what the words say.
"""

from __future__ import annotations

from ..results import STEP_STATUS_WORDS, Pathway, StepStatus
from .markup import Markup, join, tag

# Short visible tags, each with its own symbol so the states differ in shape too.
TAGS: dict[StepStatus, tuple[str, str]] = {
    StepStatus.GREW: ("✕", "grew on it"),
    StepStatus.SIDE_EFFECTS: ("!", "side effects"),
    StepStatus.NOW: ("➜", "next"),
    StepStatus.ALSO_NOW: ("+", "also possible now"),
    StepStatus.PASSED: ("–", "not needed"),
    StepStatus.LATER: ("○", "later"),
}


def pathway_html(pathway: Pathway) -> Markup:
    steps = []
    for step in pathway.steps:
        symbol, short = TAGS[step.status]
        badge = tag(
            "span",
            tag("span", symbol, class_="gist-step-symbol") + " " + short,
            class_="gist-step-tag",
            aria_hidden="true",
        )
        spoken = tag("span", f": {STEP_STATUS_WORDS[step.status]}", class_="gist-visually-hidden")
        steps.append(
            tag(
                "li",
                tag("span", step.label, class_="gist-step-label") + spoken + badge,
                class_=f"gist-step gist-step-{step.status.value}",
                data_step=step.id,
                data_status=step.status.value,
                aria_current="step" if step.status is StepStatus.NOW else None,
            )
        )
    heading_id = f"gist-pathway-{pathway.line}"
    body = tag(
        "h3", "Where you are in the order of medicines", class_="gist-heading", id=heading_id
    )
    body += tag("p", pathway.title, class_="gist-pathway-title")
    body += tag("ol", join(steps), class_="gist-pathway-steps")
    if pathway.other_lines:
        body += tag(
            "p",
            "The gene test can change this order. If it finds:",
            class_="gist-pathway-note",
        ) + tag("ul", join(tag("li", line) for line in pathway.other_lines))
    return tag(
        "section",
        body,
        class_="gist-pathway",
        data_pathway=pathway.line,
        aria_labelledby=heading_id,
    )
