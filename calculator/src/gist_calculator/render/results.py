"""The widget's results and error summary as HTML, from an ``Evaluation``.

Words first for patients (what the result means, "out of 100" where the table has a
figure); the clinician's line, the row used, conventions and sources sit in a disclosure
beneath. The ``data-*`` attributes are the contract the site's tests read.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from ..choices import (
    MitosisUnit,
    SizeUnit,
)
from ..fields import ADVANCED
from ..inputs import Request
from ..results import (
    Evaluation,
    FieldError,
    Note,
    Option,
    Recommendation,
    SchemeResult,
    Status,
)
from ..schemes import SCHEMES
from ..schemes.bands import format_number
from ..version import CONTENT_DATE, __version__
from .markup import Markup, esc, join, shape, tag
from .pathway import pathway_html

RECOMMENDATION_WORDS = {
    Recommendation.PREFERRED: "Usually recommended",
    Recommendation.OPTION: "An option",
    Recommendation.NOT_RECOMMENDED: "Not recommended",
}
STATUS_WORDS = {
    Status.INSUFFICIENT_DATA: "Not enough information",
    Status.NOT_APPLICABLE: "Does not apply",
}


def _advanced(evaluation: Evaluation) -> bool:
    """Whether the answer is for a tumour that cannot be removed or has come back: the
    risk tables are not meant for it (they estimate the chance that a removed tumour that
    has not spread comes back)."""
    request = evaluation.request
    treatment = request.treatment if request is not None else None
    return treatment is not None and treatment.setting in ADVANCED


_LATE_NOTES = frozenset({"fields_not_used"})


def _notes(notes: Sequence[Note]) -> Markup:
    if not notes:
        return Markup()
    return tag(
        "div",
        join(tag("p", n.patient, class_="gist-note", data_note=n.id) for n in notes),
        class_="gist-notes",
    )


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def results_html(evaluation: Evaluation, section_urls: Mapping[str, str]) -> Markup:
    """Answer first: a few sentences, then the risk (tables that apply), then the options.

    Risk tables that do not apply collapse into one line with the reason (the details stay
    one click away), so that a reader whose tumour has spread meets treatment first.
    """
    parts = [print_summary(evaluation), answer_first(evaluation)]
    applies = [s for s in evaluation.schemes if s.status is Status.OK]
    others = [s for s in evaluation.schemes if s.status is not Status.OK]
    risk = Markup()
    if applies:
        risk += tag("h3", "Risk of coming back, and stage", class_="gist-heading")
        risk += tag("ul", join(_scheme(s, section_urls) for s in applies), class_="gist-schemes")
    if others:
        risk += tag(
            "details",
            tag("summary", _not_applicable_line(evaluation, others))
            + tag("ul", join(_scheme(s, section_urls) for s in others), class_="gist-schemes"),
            class_="gist-schemes-other",
        )
    advanced = _advanced(evaluation)
    if not advanced:
        parts.append(risk)
    # Notes that change how to read the options come before them; the list of answers that
    # changed nothing comes after, so that it does not stand between the reader and treatment.
    late = [n for n in evaluation.notes if n.id in _LATE_NOTES]
    parts.append(_notes([n for n in evaluation.notes if n.id not in _LATE_NOTES]))
    if evaluation.options:
        # Strongest first already (treatment.engine orders them).
        options = evaluation.options
        advised = [o for o in options if o.recommendation is not Recommendation.NOT_RECOMMENDED]
        advised_against = [o for o in options if o.recommendation is Recommendation.NOT_RECOMMENDED]
        parts.append(tag("h3", "Treatment options in the guideline", class_="gist-heading"))
        if advised:
            parts.append(
                tag("ul", join(_option(o, section_urls) for o in advised), class_="gist-options")
            )
        if advised_against:
            # Last, and closed: what is not advised, with the reason one click away.
            titles = "; ".join(o.title for o in advised_against)
            parts.append(
                tag(
                    "details",
                    tag("summary", f"Not recommended here: {titles}")
                    + tag(
                        "ul",
                        join(_option(o, section_urls) for o in advised_against),
                        class_="gist-options",
                    ),
                    class_="gist-options-against",
                )
            )
    if evaluation.pathway is not None:
        parts.append(pathway_html(evaluation.pathway))
    parts.append(_notes(late))
    if advanced:
        parts.append(risk)
    if evaluation.unimplemented:
        items = join(
            tag("li", tag("strong", m.name) + f": {m.why} See {m.tool}.")
            for m in evaluation.unimplemented
        )
        parts.append(
            tag(
                "details",
                tag("summary", "Other risk models we do not calculate") + tag("ul", items),
                class_="gist-unimplemented",
            )
        )
    return tag("div", join(parts), class_="gist-results-body")


def _not_applicable_line(evaluation: Evaluation, others: list[SchemeResult]) -> str:
    """One line for the risk tables that give no answer here, with the reason."""
    if _advanced(evaluation):
        return (
            "Risk tables: not used here. They estimate the chance that a tumour which was "
            "removed, and had not spread, comes back."
        )
    names = ", ".join(SCHEMES[s.id].phrase for s in others)
    names = names[:1].upper() + names[1:]
    reasons = list(dict.fromkeys(s.reason or STATUS_WORDS[s.status] for s in others))
    verb = "gives no answer" if len(others) == 1 else "give no answer"
    return f"{names} {verb} here: " + " ".join(reasons)


def answer_first(evaluation: Evaluation) -> Markup:
    """A few plain sentences at the top: what this means, and what is usually done next."""
    sentences: list[str] = []
    by_id = {s.id: s for s in evaluation.schemes if s.status is Status.OK}
    afip, mnih = by_id.get("afip"), by_id.get("modified_nih")
    if _advanced(evaluation):
        pass  # the risk tables are not meant for this situation: treatment comes first
    elif afip is not None and afip.per_100 is not None:
        sentences.append(
            f"What this means: in the AFIP table, {_people(afip.per_100)} with "
            f"a tumour like this had it spread or died of it during follow-up "
            f"({_risk_words(afip).lower()})."
        )
    elif mnih is not None and mnih.risk_label:
        sentences.append(
            f"What this means: the modified NIH scheme puts a tumour like this in its "
            f"{_risk_words(mnih).lower()} group."
        )
    elif evaluation.schemes:
        sentences.append(
            "The risk tables need the tumour's size, mitotic count and site, and say nothing "
            "yet: see below."
        )
    options = evaluation.options
    preferred = [o.title for o in options if o.recommendation is Recommendation.PREFERRED]
    if preferred:
        sentences.append("What is usually done next: " + "; ".join(preferred) + ".")
    elif options:
        sentences.append(
            "No single option is usually recommended here: the options below are to discuss "
            "with your care team."
        )
    if options:
        sentences.append(
            f"Below: {_plural(len(options), 'treatment option', 'treatment options')}, "
            "the strongest first. Information to discuss with your care team, not a decision."
        )
    if not sentences:
        return Markup()
    return tag(
        "div",
        tag("h3", "In short", class_="gist-heading") + join(tag("p", x) for x in sentences),
        class_="gist-answer-first",
        data_gist_answer_first=True,
    )


def _risk_words(s: SchemeResult) -> str:
    """The table's risk group in words; "none" is said as no measurable risk."""
    if s.risk == "none":
        return "No measurable risk"
    return f"{s.risk_label} risk" if s.risk_label else ""


def _verdict(s: SchemeResult) -> str:
    if s.status is not Status.OK:
        words = STATUS_WORDS[s.status]
        if s.stage_at_least:
            words += (
                f": stage {s.stage_at_least} if it has not spread to other organs, IV if it has"
            )
        return words
    if s.stage:
        return f"Stage {s.stage}"
    label = _risk_words(s)
    if s.per_100 is not None:
        label += ": " + ("none out of 100" if s.per_100 == 0 else f"about {s.per_100} out of 100")
    return label


def _people(per_100: int) -> str:
    """'about 12 out of 100 people'; 'none of the people' for a 0% cell (AFIP's "none")."""
    return "none of the people" if per_100 == 0 else f"about {per_100} out of 100 people"


# The 100 places of the picture, 10 by 10 (left to right, then down), drawn once: a filled
# square where the person was affected, an open circle where not.
_PLACES = [((i % 10) * 10, (i // 10) * 10) for i in range(100)]
_HIT_CELLS = tuple(
    shape("rect", class_="gist-icon-hit", x=x + 1, y=y + 1, width=8, height=8) for x, y in _PLACES
)
_MISS_CELLS = tuple(
    shape("circle", class_="gist-icon-miss", cx=x + 5, cy=y + 5, r=3) for x, y in _PLACES
)


def icon_array(per_100: int, affected: str, unaffected: str) -> Markup:
    """100 people, 10 by 10: filled squares for those affected, open circles for the rest.

    Shape as well as colour, so the picture reads in greyscale, in print and for people who
    do not see colour; the label says the same in a full sentence.
    """
    cells = _HIT_CELLS[:per_100] + _MISS_CELLS[per_100:]
    label = (
        f"Picture of 100 people: {per_100} filled squares for {affected}, and "
        f"{100 - per_100} open circles for {unaffected}."
    )
    picture = tag(
        "svg",
        join(cells),
        class_="gist-icon-array",
        viewBox="0 0 100 100",
        role="img",
        aria_label=label,
        focusable="false",
    )
    # The key, in words under the picture (the picture's own label says the same).
    key = tag(
        "figcaption",
        f"Key: each ■ is one person {affected_one(affected)}; each ○ is one person "
        f"{affected_one(unaffected)}.",
        class_="gist-icon-key",
        aria_hidden="true",
    )
    return tag("figure", picture + key, class_="gist-icon-figure")


def affected_one(group: str) -> str:
    """ "people whose tumour did not" -> "whose tumour did not" (for one person)."""
    return group.removeprefix("people ")


def _scheme(s: SchemeResult, section_urls: Mapping[str, str]) -> Markup:
    risk_page = section_urls.get("understanding-risk")
    name = esc(s.name)
    if risk_page is not None:
        name = tag("a", name, href=f"{risk_page}#{SCHEMES[s.id].anchor}")
    details = [tag("p", esc(s.clinician))]
    if s.row:
        details.append(tag("p", "Table row used: " + esc(s.row.describe())))
    if s.reason and s.status is not Status.OK:
        details.append(tag("p", "Why: " + esc(s.reason)))
    if s.measures:
        details.append(tag("p", "What it measures: " + esc(s.measures)))
    if s.conventions:
        details.append(
            tag("p", "Conventions applied:") + tag("ul", join(tag("li", c) for c in s.conventions))
        )
    details.append(tag("p", "Source: " + esc(s.citation.text), class_="gist-source"))
    picture = Markup()
    if s.status is Status.OK and s.per_100 is not None:
        picture = icon_array(
            s.per_100,
            "people whose tumour spread or who died of it",
            "people whose tumour did not",
        )
    words = tag("p", esc(s.patient), class_="gist-patient")
    if s.explanation:
        # Why this row of the table: one click away, so the verdict and its meaning come first.
        words += tag(
            "details",
            tag("summary", "Why this result") + tag("p", esc(s.explanation), class_="gist-why"),
            class_="gist-why-details",
        )
    words += join(tag("p", n, class_="gist-note") for n in s.notes)
    body = (
        tag("h4", name, class_="gist-scheme-name")
        + tag("p", esc(_verdict(s)), class_="gist-verdict")
        + tag("div", tag("div", words, class_="gist-words") + picture, class_="gist-scheme-body")
        + _for_clinicians(details)
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


def _for_clinicians(details: list[Markup]) -> Markup:
    """The clinician's block of a result or an option (shown by the details switch)."""
    return tag(
        "div",
        tag("p", "For clinicians", class_="gist-clinician-title") + join(details),
        class_="gist-clinician",
    )


def _option(o: Option, section_urls: Mapping[str, str]) -> Markup:
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
        + (tag("dl", join(facts), class_="gist-facts") if facts else Markup())
        + _for_clinicians(details)
    )
    return tag(
        "li",
        body,
        class_=f"gist-option gist-{o.recommendation.value}",
        data_option=o.id,
        data_recommendation=o.recommendation.value,
    )


_YES_NO = {True: "Yes", False: "No"}


def announcement(evaluation: Evaluation) -> str:
    """A short spoken summary for screen readers, so an update is heard without re-reading."""
    if evaluation.errors:
        count = len(evaluation.errors)
        return f"{count} answer{'s need' if count > 1 else ' needs'} checking: " + " ".join(
            e.message for e in evaluation.errors
        )
    parts = [
        f"{SCHEMES[s.id].spoken}: {_verdict(s)}."
        for s in evaluation.schemes
        if s.status is Status.OK
    ]
    if _advanced(evaluation):
        parts = ["The risk tables are not used for this situation."]
    elif evaluation.schemes and not parts:
        parts.append("The risk tables give no answer yet.")
    if evaluation.options:
        preferred = [
            o.title for o in evaluation.options if o.recommendation is Recommendation.PREFERRED
        ]
        parts.append(
            _plural(len(evaluation.options), "treatment option", "treatment options")
            + (f"; usually recommended: {', '.join(preferred)}." if preferred else ".")
        )
    return "Results updated. " + " ".join(parts)


def _input_rows(request: Request) -> list[tuple[str, str]]:
    """The reader's answers as label and value, for the printed summary."""
    t, tr = request.tumour, request.treatment
    rows: list[tuple[str, str]] = []
    if tr is not None:
        rows.append(("Situation", tr.setting.label))
    if t.size_entered is not None:
        size = f"{format_number(t.size_entered)} {t.size_unit.value}"
        if t.size_unit is SizeUnit.MM and t.size_cm is not None:
            size += f" ({format_number(t.size_cm)} cm)"
        rows.append(("Size", size))
    if t.mitoses_entered is not None:
        count = f"{format_number(t.mitoses_entered)} {t.mitoses_unit.label}"
        if t.mitoses_unit is MitosisUnit.PER_AREA:
            if t.mitoses_area_mm2:
                count = (
                    f"{format_number(t.mitoses_entered)} over "
                    f"{format_number(t.mitoses_area_mm2)} mm²"
                )
            if t.mitoses_per_5mm2 is not None:
                count += f" ({format_number(t.mitoses_per_5mm2)} per 5 mm²)"
        rows.append(("Mitotic count", count))
    if t.site is not None:
        rows.append(("Site", t.site.label))
    rows += [
        ("Rupture", _YES_NO[t.rupture]),
        ("Lymph nodes", t.nodes.label),
        ("Spread to other organs", t.metastasis.label),
        ("Gene change", t.mutation.label),
    ]
    if tr is None:
        return rows
    for drugs, label in (
        (tr.progressed_on, "Grew on"),
        (tr.intolerant_of, "Side effects too much"),
    ):
        if drugs:
            rows.append((label, ", ".join(d.label for d in sorted(drugs, key=lambda d: d.value))))
    rows += [
        ("Shrinking on treatment", _YES_NO[tr.shrinking]),
        ("Causing symptoms", _YES_NO[tr.symptoms]),
        ("Spread to only 1 or 2 places", _YES_NO[tr.limited_spread]),
        ("Pain from spread to the bones", _YES_NO[tr.bone_pain]),
    ]
    return rows


def print_summary(evaluation: Evaluation) -> Markup:
    """Shown only when printing: the answers as a table, with the versions and the date."""
    rows = join(
        tag("tr", tag("th", k, scope="row") + tag("td", v))
        for k, v in (_input_rows(evaluation.request) if evaluation.request else ())
    )
    stamp = (
        f"Worked out on {date.today().isoformat()} with the GIST calculator version "
        f"{__version__} (clinical content checked {CONTENT_DATE}). Information to discuss with "
        "your care team, not a decision."
    )
    return tag(
        "section",
        tag("h3", "Your answers", class_="gist-heading")
        + tag("table", tag("tbody", rows), class_="gist-answers")
        + tag("p", esc(stamp), class_="gist-stamp"),
        class_="gist-print-only",
    )


def error_summary_html(errors: tuple[FieldError, ...], field_names: frozenset[str]) -> Markup:
    """A summary that links each problem to its field, as the NHS design system does.

    Not an alert: it changes on every keystroke, and the widget's polite live region already
    speaks each update. The page script moves focus here when a committed change (leaving a
    field, picking an option) brings a new problem, so it is read out then, once.
    """
    if not errors:
        return Markup()
    items = join(
        tag("li", tag("a", e.message, href=f"#gist-{e.field}"))
        if e.field in field_names
        else tag("li", e.message)
        for e in errors
    )
    return tag(
        "div",
        tag("h3", "There is a problem", class_="gist-error-summary-title")
        + tag("ul", items, class_="gist-error-summary-list"),
        class_="gist-error-summary-box",
        tabindex="-1",
    )
