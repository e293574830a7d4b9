"""HTML for the site, made by the package so that the build and the browser show the same.

The site's hook calls ``widget_html``, ``table_html`` and ``versions_html`` at build time;
the browser bridge calls ``results_html`` and ``error_summary_html`` through Pyodide.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

from ..api import evaluate
from ..fields import BY_NAME, FIELDS, FORM_FIELDS, relevant
from ..version import CONTENT_DATE, __version__
from .form import form_html
from .markup import Markup, join, tag, void
from .results import announcement, error_summary_html, results_html
from .rules_page import rules_html
from .tables import table_html

MESSAGES = {
    "loading": "The calculator is starting. It works in this browser: nothing you enter "
    "leaves this device.",
    "ready": "The calculator is ready: the results follow your answers. Nothing you enter "
    "leaves this device.",
    "error": "The calculator could not start in this browser. You can still read every option "
    "on this page, or try again later.",
    # Shown instead of "error" when the page was opened from disk (the offline copy).
    "error_offline": "The calculator could not start from the downloaded copy in this "
    "browser. To use it, open this guide's website, or start a small local server: open a "
    "terminal in the unzipped folder, run python3 -m http.server, and visit "
    "http://localhost:8000/ in this browser.",
    "noscript": "The calculator needs JavaScript. The results below are for the example case "
    "in the form.",
    "share-hint": "The link keeps your answers after the # sign, which browsers do not send to "
    "any server. Anyone you give it to will see them, so share it only with people you choose.",
    "share-done": "Link copied. Paste it into a message or a note to come back to these answers.",
    "share-failed": "Could not copy automatically. Copy the address from the address bar "
    "instead: it now holds your answers.",
    # Above the form: whose answers it shows (the same height in each case, so nothing moves).
    "form-example": "Example answers: change any of them to see your own results.",
    "form-yours": "Your answers: the results below follow as you change them.",
    "form-kept": "Your answers from another page, kept in this browser tab only.",
    "form-link": "These answers came from the link you opened: please check them.",
    "form-failed": "The calculator could not start, so these answers cannot be used.",
    # Next to the results: whether they are the reader's (data-results on the container).
    "results-example": "Example results, for the example answers above.",
    "results-current": "Results for your answers above.",
    "results-pending": "Out of date: working out the results for your new answers.",
    "results-errors": "Out of date: these results are for earlier answers, not the ones above. "
    "Fix the answers marked below to update them.",
    "results-failed": "Not your results: the calculator could not start, so these are the "
    "results of this page's example case.",
    "cleared": "Your answers were cleared; the example is shown again.",
}


def _messages(*names: str) -> dict[str, str]:
    """The package's words for the page script, as data-msg-* attributes."""
    return {"data_msg_" + name.replace("-", "_"): MESSAGES[name] for name in names}


def widget_html(
    preset: Mapping[str, object],
    *,
    page_id: str,
    section_urls: Mapping[str, str],
    compact: bool = False,
    glossary: Mapping[str, str] | None = None,
) -> Markup:
    """The whole widget for a page, with the preset case's results already in place.

    The order is the reader's: whose answers these are, the form, then the state of the
    results in words (with the list of problems when there are any), then the results. The
    problem list sits below the form so that it never pushes the field being typed in.

    ``compact`` (reference pages): the widget opens closed, showing the reader's answer in
    short and a button that opens the whole calculator in place. ``glossary`` is the site's
    own list of explanations (term -> words); the terms the widget uses are listed with it.
    """
    # An example answer the form would hide would be used without being shown: refused.
    answers = {**{f.name: f.default for f in FIELDS if f.default is not None}, **preset}
    unasked = sorted(name for name in preset if name in BY_NAME and not relevant(name, answers))
    if unasked:
        raise ValueError(
            f"invalid widget preset on page {page_id!r}: the situation "
            f"{answers.get('setting')!r} does not ask {', '.join(unasked)}"
        )
    evaluation = evaluate(answers)
    if evaluation.errors:
        problems = "; ".join(f"{e.field}: {e.message}" for e in evaluation.errors)
        raise ValueError(f"invalid widget preset on page {page_id!r}: {problems}")
    context = json.dumps({"section_urls": dict(section_urls)}, sort_keys=True)
    status = tag(
        "p", MESSAGES["loading"], class_="gist-status", data_gist_status=True, role="status"
    )
    form_note = tag(
        "p",
        MESSAGES["form-example"],
        class_="gist-form-note",
        data_gist_form_note=True,
        tabindex="-1",
    )
    results_note = tag(
        "div",
        tag("p", MESSAGES["results-example"], class_="gist-results-words",
            data_gist_results_words=True)
        + tag("div", "", class_="gist-error-summary", data_gist_error_summary=True, hidden=True),
        class_="gist-results-note",
        data_gist_results_note=True,
    )  # fmt: skip
    opener = ""
    if compact:
        opener = tag(
            "button",
            "Open the calculator to change the answers",
            type="button",
            class_="md-button gist-open",
            data_gist_open=True,
            aria_expanded="false",
        )
    return tag(
        "section",
        tag("h3", "Your answers", class_="gist-heading", id=f"gist-{page_id}-form-title")
        + form_note
        + opener
        + form_html(preset)
        + status
        + tag("p", "", class_="gist-visually-hidden", data_gist_announce=True, aria_live="polite")
        + _toolbar(page_id)
        + _actions()
        + tag("noscript", tag("p", MESSAGES["noscript"], class_="gist-status"))
        + results_note
        + tag(
            "div",
            results_html(evaluation, section_urls),
            class_="gist-results",
            data_gist_results=True,
            data_results="example",
        )
        + glossary_html(glossary or {}),
        class_="gist-widget",
        data_gist_widget=True,
        data_state="loading",
        data_compact="closed" if compact else None,
        data_page=page_id,
        data_context=context,
        aria_label="GIST calculator",
        **_messages(
            "ready", "error", "error_offline", "share-done", "share-failed", "form-example",
            "form-yours", "form-kept", "form-link", "form-failed", "results-example",
            "results-current", "results-pending", "results-errors", "results-failed", "cleared",
        ),
    )  # fmt: skip


# The words the widget's questions and results use that a reader may not know, in the order
# they meet them; explained with the site's own glossary (docs/includes/abbreviations.md).
WIDGET_TERMS = ("mitoses", "HPF", "KIT", "PDGFRA", "AFIP", "NIH", "TNM", "adjuvant")


def glossary_html(glossary: Mapping[str, str]) -> Markup:
    """A closed list of explanations, so the reader need not leave the calculator."""
    rows = join(
        tag("dt", term) + tag("dd", glossary[term]) for term in WIDGET_TERMS if term in glossary
    )
    if not rows:
        return Markup()
    tnm = " In a TNM stage, T is the tumour's size, N the lymph nodes and M spread to other organs."
    return tag(
        "details",
        tag("summary", "What the words mean (AFIP, NIH, TNM, HPF, mitoses)")
        + tag("dl", rows, class_="gist-glossary-list")
        + (tag("p", tnm.strip()) if "TNM" in glossary else Markup()),
        class_="gist-glossary",
    )


def _toolbar(page_id: str) -> Markup:
    """The clinicians' details switch, and the button that forgets the reader's answers.

    The details box has no name, so it is not one of the calculator's inputs; CSS does the
    showing, so it works before Pyodide is ready and without JavaScript.
    """
    box_id = f"gist-{page_id}-clinician-view"
    return tag(
        "div",
        tag(
            "div",
            void(
                "input",
                type="checkbox",
                id=box_id,
                class_="gist-checkbox",
                data_gist_clinician_toggle=True,
            )
            + tag(
                "label",
                "Show the details for clinicians (table rows, conventions, sources)",
                for_=box_id,
            ),
            class_="gist-check",
        )
        + tag(
            "button",
            "Clear my answers",
            type="button",
            class_="md-button gist-clear",
            data_gist_clear=True,
        ),
        class_="gist-field gist-toolbar",
    )


def _actions() -> Markup:
    """Print and share buttons: their space is kept while the calculator starts (no shift);
    they are shown, and usable, once it is ready."""
    return tag(
        "div",
        tag(
            "button",
            "Print or save these results",
            type="button",
            class_="md-button",
            data_gist_print=True,
        )
        + " "
        + tag(
            "button",
            "Copy a link to these answers",
            type="button",
            class_="md-button",
            data_gist_share=True,
            aria_describedby="gist-share-hint",
        )
        + tag("p", MESSAGES["share-hint"], class_="gist-hint", id="gist-share-hint",
              data_gist_share_hint=True)
        + tag("p", "", class_="gist-hint", data_gist_share_status=True, role="status"),
        class_="gist-actions",
        data_gist_actions=True,
    )  # fmt: skip


def versions_html() -> Markup:
    return tag(
        "dl",
        tag("dt", "Calculator version")
        + tag("dd", __version__)
        + tag("dt", "Clinical content last checked")
        + tag("dd", CONTENT_DATE)
        + tag("dt", "Guideline followed")
        + tag(
            "dd",
            "American Cancer Society, Typical Treatment Options for GIST, last revised "
            "May 18, 2020",
        ),
        class_="gist-versions",
        data_gist_versions=True,
    )


__all__ = [
    "FORM_FIELDS",
    "announcement",
    "error_summary_html",
    "results_html",
    "rules_html",
    "table_html",
    "versions_html",
    "widget_html",
]
