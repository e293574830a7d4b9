"""HTML for the site, made by the package so that the build and the browser show the same.

The site's hook calls ``widget_html``, ``table_html`` and ``versions_html`` at build time;
the browser bridge calls ``results_html`` and ``error_summary_html`` through Pyodide.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

from ..api import evaluate
from ..validation import FIELDS
from ..version import CONTENT_DATE, __version__
from .form import form_html
from .markup import esc, tag
from .results import announcement, error_summary_html, results_html
from .rules_page import rules_html
from .tables import table_html

FORM_FIELDS = frozenset(FIELDS) - {"command"}

MESSAGES = {
    "loading": "The calculator is starting. The results below are for the example case "
    "shown in the form; they will update as soon as you change an answer.",
    "ready": "The calculator is ready: results update as you change the answers. Nothing you "
    "enter leaves this device.",
    "error": "The calculator could not start in this browser, so the results below stay those "
    "of the example case. You can read every option on this page, or try again later.",
    # Shown instead of "error" when the page was opened from disk (the offline copy).
    "error_offline": "The calculator could not start from the downloaded copy in this "
    "browser, so the results below stay those of the example case. To use it, open this "
    "guide's website, or start a small local server: open a terminal in the unzipped folder, "
    "run python3 -m http.server, and visit http://localhost:8000/ in this browser.",
    "noscript": "The calculator needs JavaScript. The results below are for the example case "
    "in the form.",
    "share-hint": "The link keeps your answers after the # sign, which browsers do not send to "
    "any server. Anyone you give it to will see them, so share it only with people you choose.",
    "share-done": "Link copied. Paste it into a message or a note to come back to these answers.",
    "share-failed": "Could not copy automatically. Copy the address from the address bar "
    "instead: it now holds your answers.",
}


def widget_html(
    preset: Mapping[str, object], *, page_id: str, section_urls: Mapping[str, str]
) -> str:
    """The whole widget for a page, with the preset case's results already in place."""
    request = {"command": "treatment", **preset}
    evaluation = evaluate(request)
    if evaluation.errors:
        problems = "; ".join(f"{e.field}: {e.message}" for e in evaluation.errors)
        raise ValueError(f"invalid widget preset on page {page_id!r}: {problems}")
    context = json.dumps({"section_urls": dict(section_urls)}, sort_keys=True)
    status = tag(
        "p", esc(MESSAGES["loading"]), class_="gist-status", data_gist_status=True, role="status"
    )
    return tag(
        "section",
        tag("h3", "Your answers", class_="gist-heading", id=f"gist-{page_id}-form-title")
        + tag("div", "", class_="gist-error-summary", data_gist_error_summary=True)
        + form_html(preset)
        + status
        + tag("p", "", class_="gist-visually-hidden", data_gist_announce=True, aria_live="polite")
        + _clinician_toggle(page_id)
        + _actions()
        + f"<noscript>{tag('p', esc(MESSAGES['noscript']), class_='gist-status')}</noscript>"
        + tag(
            "div",
            results_html(evaluation, section_urls),
            class_="gist-results",
            data_gist_results=True,
        ),
        class_="gist-widget",
        data_gist_widget=True,
        data_state="loading",
        data_page=page_id,
        data_context=context,
        data_msg_ready=MESSAGES["ready"],
        data_msg_error=MESSAGES["error"],
        data_msg_share_done=MESSAGES["share-done"],
        data_msg_share_failed=MESSAGES["share-failed"],
        data_msg_error_offline=MESSAGES["error_offline"],
        aria_label="GIST calculator",
    )


def _clinician_toggle(page_id: str) -> str:
    """Show the clinicians' details (percentages, rows, conventions, sources) on request.

    The box has no name, so it is not one of the calculator's inputs; CSS does the showing,
    so it works before Pyodide is ready and without JavaScript.
    """
    box_id = f"gist-{page_id}-clinician-view"
    return tag(
        "div",
        f'<input type="checkbox" id="{esc(box_id)}" class="gist-checkbox" '
        "data-gist-clinician-toggle>"
        + tag(
            "label",
            "Show the details for clinicians (table rows, conventions, sources)",
            for_=box_id,
        ),
        class_="gist-field gist-check gist-toolbar",
    )


def _actions() -> str:
    """Print and share buttons: hidden until the page script is ready to run them."""
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
        + tag("p", esc(MESSAGES["share-hint"]), class_="gist-hint", id="gist-share-hint")
        + tag("p", "", class_="gist-hint", data_gist_share_status=True, role="status"),
        class_="gist-actions",
        hidden=True,
        data_gist_actions=True,
    )


def versions_html() -> str:
    return tag(
        "dl",
        tag("dt", "Calculator version")
        + tag("dd", esc(__version__))
        + tag("dt", "Clinical content last checked")
        + tag("dd", esc(CONTENT_DATE))
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
