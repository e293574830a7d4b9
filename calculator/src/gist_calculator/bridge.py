"""The browser's entry point: the page script's only call into Python.

The script sends the form's values as JSON and gets back the results as HTML plus the field
errors; it never interprets a result itself. Any failure inside becomes a message on the
form rather than an exception in the page, because a reader must never be left with a
broken widget.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .api import UNREADABLE, evaluate, to_json
from .choices import Choice, Drug
from .fields import FORM_FIELDS, LIST_FIELDS, TEXT_FIELDS
from .render import announcement, error_summary_html, results_html
from .results import Evaluation, FieldError
from .validation import read_field


def handle(request_json: str, context_json: str = "{}") -> str:
    """The answer to one request, as JSON: ``results_html``, ``errors``,
    ``error_summary_html`` and ``announcement``; also ``result`` (the whole answer, as
    ``api.to_json``) when the context asks ``{"result": true}``, and ``form_values`` when it
    asks ``{"form_values": true}``. ``internal_error`` appears only if the package failed.
    """
    try:
        return json.dumps(_handle(request_json, _context(context_json)))
    except Exception as exc:
        error = FieldError("request", "Something went wrong working this out. Please check "
                           "the answers, or reload the page.")  # fmt: skip
        answer = _answer(Evaluation(errors=(error,)), Context())
        return json.dumps({**answer, "internal_error": f"{type(exc).__name__}: {exc}"})


@dataclass(frozen=True, slots=True)
class Context:
    """What the page says about itself with a request: its section links, and what it wants
    back beyond the results (both extras cost time on every keystroke, so only on request)."""

    section_urls: Mapping[str, str] = field(default_factory=dict)
    result: bool = False
    form_values: bool = False


def _context(context_json: str) -> Context:
    try:
        context = json.loads(context_json)
    except (ValueError, TypeError, RecursionError):
        return Context()
    if not isinstance(context, dict):
        return Context()
    urls = context.get("section_urls")
    return Context(
        section_urls={str(k): str(v) for k, v in urls.items()} if isinstance(urls, dict) else {},
        result=context.get("result") is True,
        form_values=context.get("form_values") is True,
    )


def _handle(request_json: str, context: Context) -> dict[str, Any]:
    try:
        raw: object = json.loads(request_json)
    except (ValueError, TypeError, RecursionError):
        return _answer(Evaluation(errors=(UNREADABLE,)), context)
    answer = _answer(evaluate(raw), context)
    if context.form_values and isinstance(raw, dict):
        answer["form_values"] = form_values(raw)
    return answer


def _answer(evaluation: Evaluation, context: Context) -> dict[str, Any]:
    answer: dict[str, Any] = {
        "results_html": "" if evaluation.errors else results_html(evaluation, context.section_urls),
        "errors": [e.to_json() for e in evaluation.errors],
        "error_summary_html": error_summary_html(evaluation.errors, FORM_FIELDS),
        "announcement": announcement(evaluation),
    }
    if context.result:
        answer["result"] = to_json(evaluation)
    return answer


def form_values(raw: Mapping[str, object]) -> dict[str, Any]:
    """Each form field of ``raw`` as its control can show it; None where it cannot.

    Text boxes keep the text as given (the first, if a field came twice); a choice or a box
    shows the validator's own reading of the value (``validation.read_field``, the same
    reading a request gets), or None when it rejects it (the field then shows its error
    message); a group of boxes ticks the medicines it knows.
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
            known = {d for item in items for d in _drugs(read_field(name, [item]))}
            shown[name] = sorted(d.value for d in known)
        else:
            reading = read_field(name, value)
            shown[name] = reading.value if isinstance(reading, Choice) else reading
    return shown


def _drugs(reading: object) -> frozenset[Drug]:
    return reading if isinstance(reading, frozenset) else frozenset()
