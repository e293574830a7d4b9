"""gist-calc: the calculator on the command line.

argparse only splits the words; every value goes through the same validation as the browser,
so ``--site liver`` and ``--size abc`` produce the same field errors everywhere. Bad input
exits with status 2; with ``--json`` stdout then holds only the JSON with ``errors`` filled.
"""

from __future__ import annotations

import argparse
import json
import sys
import textwrap
from collections.abc import Sequence
from typing import Any, NoReturn

from .api import evaluate, to_json
from .fields import FIELDS, Kind, Section
from .results import Evaluation, FieldError, Status
from .version import __version__

EXIT_OK, EXIT_BAD_INPUT = 0, 2


class _UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    """Raise instead of printing and exiting, so --json can still answer in JSON."""

    def error(self, message: str) -> NoReturn:
        raise _UsageError(message)


# The risk command asks about the tumour only; treatment asks every field.
_RISK_SECTIONS = (Section.TUMOUR, Section.GENES)
# What the command line says about a field beyond the table's label.


def _options(p: argparse.ArgumentParser, *, risk: bool) -> None:
    """One option per field of the field table (gist_calculator.fields), in its order."""
    for field in FIELDS:
        if risk and field.section not in _RISK_SECTIONS:
            continue
        flag = "--" + field.name.replace("_", "-")
        text = field.label
        if field.choices is not None and field.kind is not Kind.LIST:
            text += " [" + ", ".join(field.choices.values()) + "]"
        if field.requires is not None:
            text += f" (with --{field.requires[0].replace('_', '-')} {field.requires[1]})"
        if field.required:
            text += " (required)"
        if field.kind is Kind.FLAG:
            p.add_argument(flag, action="store_true", help=text)
        elif field.kind is Kind.LIST:
            assert field.choices is not None
            p.add_argument(
                flag, action="append", default=[], metavar="DRUG",
                help=f"{text} (repeatable): {', '.join(field.choices.values())}",
            )  # fmt: skip
        else:
            p.add_argument(flag, help=text)
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="gist-calc",
        description="GIST recurrence risk, stage and guideline treatment options.",
    )
    parser.add_argument("--version", action="version", version=f"gist-calc {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    risk = sub.add_parser("risk", help="risk of the tumour coming back, and its stage")
    _options(risk, risk=True)
    treatment = sub.add_parser("treatment", help="the treatment options the guideline describes")
    _options(treatment, risk=False)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    want_json = "--json" in args_list
    try:
        args = build_parser().parse_args(args_list)
    except _UsageError as usage:
        return _fail_usage(str(usage), want_json)
    raw: dict[str, Any] = {
        key: value
        for key, value in vars(args).items()
        if key != "json" and value is not None and value is not False and value != []
    }
    evaluation = evaluate(raw)
    if args.json:
        print(json.dumps(to_json(evaluation), indent=2, ensure_ascii=False))
    else:
        print(render_text(evaluation))
    return EXIT_BAD_INPUT if evaluation.errors else EXIT_OK


def _fail_usage(message: str, want_json: bool) -> int:
    if want_json:
        error = FieldError("arguments", f"{message}. Run 'gist-calc --help' for the options.")
        print(json.dumps(to_json(Evaluation(errors=(error,))), indent=2))
    else:
        print(f"gist-calc: error: {message}", file=sys.stderr)
        print("Run 'gist-calc --help' for the options.", file=sys.stderr)
    return EXIT_BAD_INPUT


def render_text(evaluation: Evaluation) -> str:
    """A readable report for a terminal: the same words the widget shows."""
    if evaluation.errors:
        lines = ["Please check these inputs:"]
        lines += [f"  --{e.field.replace('_', '-')}: {e.message}" for e in evaluation.errors]
        return "\n".join(lines)
    out: list[str] = ["Risk and stage", "=============="]
    rows = []
    for s in evaluation.schemes:
        if s.status is Status.OK:
            result = (s.stage and f"Stage {s.stage}") or (s.risk_label or "")
            if s.percent is not None:
                result += f" ({s.percent:g}%)"
        elif s.status is Status.INSUFFICIENT_DATA:
            result = "Insufficient data"
            if s.stage_at_least:
                result += f" (stage {s.stage_at_least} if M0, IV if M1)"
        else:
            result = "Not applicable"
        rows.append((s.name, result, s.clinician))
    width = max(len(r[0]) for r in rows)
    rwidth = max(len(r[1]) for r in rows)
    for name, result, detail in rows:
        out.append(f"{name:<{width}}  {result:<{rwidth}}")
        out.extend(_wrap(detail, indent=4))
    if evaluation.options:
        out += ["", "Treatment options", "================="]
        for o in evaluation.options:
            label = o.recommendation.value.replace("_", " ")
            out.append(f"[{label}] {o.title}")
            out.extend(_wrap(o.why_patient, indent=4))
            if o.dose:
                out.extend(_wrap(f"Dose: {o.dose}", indent=4))
            if o.duration:
                out.extend(_wrap(f"How long: {o.duration}", indent=4))
    for note in evaluation.notes:
        out += ["", *_wrap(f"Note: {note.patient}", indent=0)]
    out += ["", "Not calculated here (no published formula):"]
    out += [f"  {m.name}: see {m.tool}" for m in evaluation.unimplemented]
    return "\n".join(out)


def _wrap(text: str, indent: int) -> list[str]:
    return textwrap.wrap(
        text, width=92, initial_indent=" " * indent, subsequent_indent=" " * indent
    )
