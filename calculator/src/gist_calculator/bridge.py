"""The browser's entry point: the page script's only call into Python.

The script sends the form's values as JSON and gets back the results as HTML plus the field
errors; it never interprets a result itself. Any failure inside becomes a message on the
form rather than an exception in the page, because a reader must never be left with a
broken widget.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from .api import UNREADABLE, evaluate, to_json
from .fields import FORM_FIELDS, LIST_FIELDS, TEXT_FIELDS
from .render import announcement, error_summary_html, results_html
from .results import Evaluation, FieldError


def handle(request_json: str, context_json: str = "{}") -> str:
    try:
        return json.dumps(_handle(request_json, context_json))
    except Exception as exc:
        error = FieldError("request", "Something went wrong working this out. Please check "
                           "the answers, or reload the page.")  # fmt: skip
        return json.dumps({
            "results_html": "",
            "errors": [error.to_json()],
            "error_summary_html": error_summary_html((error,), FORM_FIELDS),
            "result": to_json(Evaluation(errors=(error,))),
            "internal_error": f"{type(exc).__name__}: {exc}",
        })  # fmt: skip


def _handle(request_json: str, context_json: str) -> dict[str, Any]:
    try:
        raw: object = json.loads(request_json)
    except (ValueError, TypeError, RecursionError):
        return _answer(Evaluation(errors=(UNREADABLE,)), {})
    try:
        context = json.loads(context_json)
    except (ValueError, RecursionError):
        context = {}
    urls = context.get("section_urls") if isinstance(context, dict) else None
    section_urls = {str(k): str(v) for k, v in urls.items()} if isinstance(urls, dict) else {}
    if isinstance(raw, dict):
        raw = {"command": "treatment", **raw} if "setting" in raw else raw
    answer = _answer(evaluate(raw), section_urls)
    if isinstance(context, dict) and context.get("form_values") is True and isinstance(raw, dict):
        answer["form_values"] = form_values(raw)
    return answer


def _answer(evaluation: Evaluation, section_urls: dict[str, str]) -> dict[str, Any]:
    return {
        "results_html": "" if evaluation.errors else results_html(evaluation, section_urls),
        "errors": [e.to_json() for e in evaluation.errors],
        "error_summary_html": error_summary_html(evaluation.errors, FORM_FIELDS),
        "announcement": announcement(evaluation),
        "result": to_json(evaluation),
    }


# Reading a shared link back: what each control can show of the link's values. The package
# decides, with the same validation as every request, so the page script interprets nothing.
# Valid whatever single field is added, so a probe's errors are that field's own.
_PROBE = {"command": "treatment", "setting": "resectable", "mitoses_area": "5"}


def form_values(raw: Mapping[str, object]) -> dict[str, Any]:
    """Each form field of ``raw`` as its control can show it; None where it cannot.

    Text boxes keep the text as given (the first, if a field came twice); a choice or a box
    shows the package's own reading of the value, or None when the package rejects it (the
    field then shows its error message); a group of boxes ticks the medicines it knows.
    """
    shown: dict[str, Any] = {}
    for name, value in raw.items():
        if name not in FORM_FIELDS:
            continue
        if name in TEXT_FIELDS:
            first = value[0] if isinstance(value, list) and value else value
            shown[name] = first if isinstance(first, str) else ""
        elif name in LIST_FIELDS:
            items = value if isinstance(value, list) else [value]
            known = {d for item in items for d in _accepted(name, [item]) or ()}
            shown[name] = sorted(known)
        else:
            shown[name] = _accepted(name, value)
    return shown


def _accepted(name: str, value: object) -> Any:
    evaluation = evaluate({**_PROBE, name: value})
    return None if evaluation.errors else evaluation.inputs.get(name)
