"""The widget's results and error summary as HTML, from an ``Evaluation``.

Words first for patients (what the result means, "out of 100" where the table has a
figure); the clinician's line, the row used, conventions and sources sit in a disclosure
beneath. The ``data-*`` attributes are the contract the site's tests read.
"""

from __future__ import annotations

from collections.abc import Mapping

from ..results import (
    Evaluation,
    FieldError,
    Option,
    Recommendation,
    SchemeResult,
    Status,
)
from .markup import esc, tag

RECOMMENDATION_WORDS = {
    Recommendation.PREFERRED: "Usually recommended",
    Recommendation.OPTION: "An option",
    Recommendation.NOT_RECOMMENDED: "Not recommended",
}
STATUS_WORDS = {
    Status.INSUFFICIENT_DATA: "Not enough information",
    Status.NOT_APPLICABLE: "Does not apply",
}
SCHEME_ANCHORS = {"afip": "afip", "nih": "nih", "modified_nih": "modified-nih", "tnm": "tnm"}


def results_html(evaluation: Evaluation, section_urls: Mapping[str, str]) -> str:
    parts = [tag("h3", "Risk of coming back, and stage", class_="gist-heading")]
    parts.append(
        tag(
            "ul",
            "".join(_scheme(s, section_urls) for s in evaluation.schemes),
            class_="gist-schemes",
        )
    )
    if evaluation.notes:
        parts.append(
            tag(
                "div",
                "".join(
                    tag("p", esc(n.patient), class_="gist-note", data_note=n.id)
                    for n in evaluation.notes
                ),
                class_="gist-notes",
            )
        )
    if evaluation.options:
        parts.append(tag("h3", "Treatment options in the guideline", class_="gist-heading"))
        parts.append(
            tag(
                "ul",
                "".join(_option(o, section_urls) for o in evaluation.options),
                class_="gist-options",
            )
        )
    if evaluation.unimplemented:
        items = "".join(
            tag("li", f"<strong>{esc(m.name)}</strong>: {esc(m.why)} See {esc(m.tool)}.")
            for m in evaluation.unimplemented
        )
        parts.append(
            tag(
                "details",
                tag("summary", "Other risk models we do not calculate") + tag("ul", items),
                class_="gist-unimplemented",
            )
        )
    return tag("div", "".join(parts), class_="gist-results-body")


def _verdict(s: SchemeResult) -> str:
    if s.status is not Status.OK:
        words = STATUS_WORDS[s.status]
        if s.stage_at_least:
            words += f": at least stage {s.stage_at_least}"
        return words
    if s.stage:
        return f"Stage {s.stage}"
    label = f"{s.risk_label} risk" if s.risk_label else ""
    if s.per_100 is not None:
        label += f": about {s.per_100} out of 100"
    return label


def _scheme(s: SchemeResult, section_urls: Mapping[str, str]) -> str:
    risk_page = section_urls.get("understanding-risk")
    name = esc(s.name)
    if risk_page is not None:
        name = tag("a", name, href=f"{risk_page}#{SCHEME_ANCHORS[s.id]}")
    details = [tag("p", esc(s.clinician))]
    if s.row:
        details.append(tag("p", "Table row used: " + esc(s.row.describe())))
    if s.reason and s.status is not Status.OK:
        details.append(tag("p", "Why: " + esc(s.reason)))
    if s.measures:
        details.append(tag("p", "What it measures: " + esc(s.measures)))
    details.extend(tag("p", esc(c), class_="gist-convention") for c in s.conventions)
    details.append(tag("p", "Source: " + esc(s.citation.text), class_="gist-source"))
    body = (
        tag("h4", name, class_="gist-scheme-name")
        + tag("p", esc(_verdict(s)), class_="gist-verdict")
        + tag("p", esc(s.patient), class_="gist-patient")
        + "".join(tag("p", esc(n), class_="gist-note") for n in s.notes)
        + tag(
            "details",
            tag("summary", "For clinicians: details and source") + "".join(details),
            class_="gist-clinician",
        )
    )
    return tag(
        "li",
        body,
        class_=f"gist-scheme gist-status-{s.status.value}",
        data_scheme=s.id,
        data_status=s.status.value,
        data_risk=s.risk or "",
        data_stage=(s.stage or "") if s.id == "tnm" else None,
    )


def _option(o: Option, section_urls: Mapping[str, str]) -> str:
    page = section_urls.get(o.section)
    title = esc(o.title)
    if page is not None:
        title = tag("a", title, href=f"{page}#{o.anchor}")
    facts = []
    if o.dose:
        facts.append(tag("dt", "Dose") + tag("dd", esc(o.dose)))
    if o.duration:
        facts.append(tag("dt", "How long") + tag("dd", esc(o.duration)))
    details = [tag("p", esc(o.why_clinician))]
    if o.risk_basis:
        details.append(tag("p", "Risk basis: " + esc(o.risk_basis)))
    if o.evidence:
        details.append(tag("p", "Evidence: " + esc(o.evidence)))
    details.append(
        tag("p", "Sources: " + esc("; ".join(c.short for c in o.citations)), class_="gist-source")
    )
    body = (
        tag("h4", title, class_="gist-option-title")
        + tag("p", esc(RECOMMENDATION_WORDS[o.recommendation]), class_="gist-recommendation")
        + tag("p", esc(o.why_patient), class_="gist-patient")
        + (tag("dl", "".join(facts), class_="gist-facts") if facts else "")
        + tag(
            "details",
            tag("summary", "For clinicians: reasons and evidence") + "".join(details),
            class_="gist-clinician",
        )
    )
    return tag(
        "li",
        body,
        class_=f"gist-option gist-{o.recommendation.value}",
        data_option=o.id,
        data_recommendation=o.recommendation.value,
    )


def error_summary_html(errors: tuple[FieldError, ...], field_names: frozenset[str]) -> str:
    """A summary that links each problem to its field, as the NHS design system does."""
    if not errors:
        return ""
    items = "".join(
        tag("li", tag("a", esc(e.message), href=f"#gist-{e.field}"))
        if e.field in field_names
        else tag("li", esc(e.message))
        for e in errors
    )
    return tag(
        "div",
        tag("h3", "There is a problem", class_="gist-error-summary-title")
        + tag("ul", items, class_="gist-error-summary-list"),
        class_="gist-error-summary-box",
        role="alert",
        tabindex="-1",
    )
