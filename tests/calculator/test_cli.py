"""The command line, run as a reader would run it: the ``gist-calc`` console script and
``python -m gist_calculator``, in a subprocess.

Contract (issue): ``gist-calc risk ...`` and ``gist-calc treatment ...`` print tables, or with
``--json`` the same JSON as the API; bad input (an unknown choice such as ``--site liver``, a
non-number) exits with status 2, and with ``--json`` stdout then holds only the JSON, with one
error per bad field.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from gist_calculator.api import evaluate, to_json
from gist_calculator.version import __version__

GIST_CALC = Path(sys.executable).parent / "gist-calc"
ENTRY_POINTS = {
    "gist-calc": [str(GIST_CALC)],
    "python-m": [sys.executable, "-m", "gist_calculator"],
}
EXIT_BAD_INPUT = 2


def cli(*args: str, entry: str = "gist-calc") -> subprocess.CompletedProcess[str]:
    if entry == "gist-calc" and not GIST_CALC.is_file():
        pytest.fail(f"{GIST_CALC} is missing: run 'make venv' (it installs the console script).")
    return subprocess.run(
        [*ENTRY_POINTS[entry], *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={**os.environ, "PYTHONUTF8": "1"},
        timeout=60,
        check=False,
    )


def _id(words: list[str]) -> str:
    return " ".join(words)[:60]


def only_json(stdout: str) -> dict[str, Any]:
    """stdout must be exactly one JSON document (json.loads rejects anything around it)."""
    document: dict[str, Any] = json.loads(stdout)
    return document


@pytest.mark.parametrize("entry", ENTRY_POINTS)
def test_risk_table(entry: str) -> None:
    done = cli("risk", "--size", "3", "--mitoses", "12", "--site", "jejunum-ileum", entry=entry)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    # AFIP group 5 jejunum/ileum 73% (clinical-facts.md §1); small-intestine T2 high: IIIB.
    assert "73%" in done.stdout
    assert "IIIB" in done.stdout
    assert "High" in done.stdout


def test_treatment_table() -> None:
    done = cli(
        "treatment", "--setting", "unresectable", "--metastasis", "present",
        "--mutation", "kit-exon-9",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "800 mg" in done.stdout  # first-line imatinib for KIT exon 9 (clinical-facts.md §6)
    assert "[preferred]" in done.stdout
    assert "[not recommended]" in done.stdout  # standard chemotherapy


# (command-line words, the same request as the API takes it)
SAME_AS_API: list[tuple[list[str], dict[str, object]]] = [
    (
        ["risk", "--size", "3", "--mitoses", "12", "--site", "jejunum-ileum"],
        {"command": "risk", "size": "3", "mitoses": "12", "site": "jejunum-ileum"},
    ),
    (
        ["risk", "--size", "45", "--size-unit", "mm", "--mitoses", "12", "--mitoses-unit",
         "per-area", "--mitoses-area", "10", "--site", "stomach", "--rupture", "--nodes",
         "negative", "--metastasis", "absent"],
        {"command": "risk", "size": "45", "size_unit": "mm", "mitoses": "12",
         "mitoses_unit": "per-area", "mitoses_area": "10", "site": "stomach", "rupture": True,
         "nodes": "negative", "metastasis": "absent"},
    ),
    (
        ["treatment", "--setting", "recurrent", "--mutation", "kit-exon-11", "--progressed-on",
         "imatinib", "--progressed-on", "sunitinib", "--intolerant-of", "regorafenib",
         "--bone-pain", "--symptoms"],
        {"command": "treatment", "setting": "recurrent", "mutation": "kit-exon-11",
         "progressed_on": ["imatinib", "sunitinib"], "intolerant_of": ["regorafenib"],
         "bone_pain": True, "symptoms": True},
    ),
    (
        ["treatment", "--setting", "marginally-resectable", "--size", "12", "--mitoses", "8",
         "--site", "stomach", "--mutation", "kit-exon-9", "--shrinking", "--limited-spread"],
        {"command": "treatment", "setting": "marginally-resectable", "size": "12",
         "mitoses": "8", "site": "stomach", "mutation": "kit-exon-9", "shrinking": True,
         "limited_spread": True},
    ),
]  # fmt: skip


@pytest.mark.parametrize("entry", ENTRY_POINTS)
@pytest.mark.parametrize(("words", "same"), SAME_AS_API, ids=[_id(w) for w, _ in SAME_AS_API])
def test_json_equals_the_api(entry: str, words: list[str], same: dict[str, object]) -> None:
    done = cli(*words, "--json", entry=entry)
    assert done.returncode == 0, done.stdout + done.stderr
    assert only_json(done.stdout) == to_json(evaluate(same))


def test_rupture_flag_reaches_modified_nih() -> None:
    done = cli("risk", "--size", "3", "--mitoses", "2", "--site", "stomach", "--rupture", "--json")
    schemes = {s["id"]: s for s in only_json(done.stdout)["schemes"]}
    assert schemes["modified_nih"]["risk"] == "high"  # clinical-facts.md §3: rupture is high


def test_nodes_and_metastasis_reach_tnm() -> None:
    done = cli("risk", "--size", "3", "--mitoses", "2", "--site", "stomach", "--nodes",
               "positive", "--json")  # fmt: skip
    schemes = {s["id"]: s for s in only_json(done.stdout)["schemes"]}
    assert (schemes["tnm"]["status"], schemes["tnm"]["stage"]) == ("ok", "IV")
    assert schemes["afip"]["status"] == "not_applicable"


RISK = ["risk", "--size", "3", "--mitoses", "3", "--site", "stomach"]

# (command-line words, the fields that must carry an error)
BAD_INPUT: list[tuple[list[str], list[str]]] = [
    (["risk", "--size", "abc", "--mitoses", "12", "--site", "jejunum-ileum"], ["size"]),
    (["risk", "--size", "3", "--mitoses", "12", "--site", "liver"], ["site"]),
    (["risk", "--size", "abc", "--mitoses", "many", "--site", "liver", "--nodes", "maybe",
      "--metastasis", "spread"], ["size", "mitoses", "site", "nodes", "metastasis"]),
    (["risk", "--size", "-3", "--mitoses", "-1", "--site", "stomach"], ["size", "mitoses"]),
    (["risk", "--size", "3", "--size-unit", "inch", "--mitoses", "3", "--site", "stomach"],
     ["size_unit"]),
    ([*RISK, "--mitoses-unit", "per-area"], ["mitoses_area"]),
    ([*RISK, "--mutation", "kit-exon-12"], ["mutation"]),
    (["treatment"], ["setting"]),
    (["treatment", "--setting", "sideways"], ["setting"]),
    (["treatment", "--setting", "recurrent", "--progressed-on", "aspirin", "--intolerant-of",
      "imatinib", "--mutation", "kit-exon-12"], ["mutation", "progressed_on"]),
]  # fmt: skip


@pytest.mark.parametrize(("words", "fields"), BAD_INPUT, ids=[_id(w) for w, _ in BAD_INPUT])
def test_bad_input_json(words: list[str], fields: list[str]) -> None:
    done = cli(*words, "--json")
    assert done.returncode == EXIT_BAD_INPUT
    answer = only_json(done.stdout)
    got = [e["field"] for e in answer["errors"]]
    assert sorted(got) == sorted(fields)
    assert len(got) == len(set(got)), "one entry per bad field"
    assert all(e["message"].strip() for e in answer["errors"])
    assert (answer["schemes"], answer["options"]) == ([], [])


@pytest.mark.parametrize(("words", "fields"), BAD_INPUT[:3], ids=[_id(w) for w, _ in BAD_INPUT[:3]])
def test_bad_input_text(words: list[str], fields: list[str]) -> None:
    done = cli(*words)
    assert done.returncode == EXIT_BAD_INPUT
    said = done.stdout + done.stderr
    for field in fields:
        assert f"--{field.replace('_', '-')}" in said


@pytest.mark.parametrize("entry", ENTRY_POINTS)
def test_bad_site_with_either_entry_point(entry: str) -> None:
    done = cli("risk", "--size", "3", "--mitoses", "12", "--site", "liver", "--json", entry=entry)
    assert done.returncode == EXIT_BAD_INPUT
    assert [e["field"] for e in only_json(done.stdout)["errors"]] == ["site"]


USAGE_ERRORS: list[list[str]] = [
    [*RISK, "--colour", "blue"],
    [],
    ["stage"],
    ["risk", "--size"],
]


@pytest.mark.parametrize("words", USAGE_ERRORS, ids=_id)
def test_usage_error_with_json(words: list[str]) -> None:
    done = cli(*words, "--json")
    assert done.returncode == EXIT_BAD_INPUT
    answer = only_json(done.stdout)
    assert answer["errors"], "the usage error must be reported in the JSON"
    assert all(set(e) == {"field", "message"} and e["message"] for e in answer["errors"])
    assert (answer["schemes"], answer["options"]) == ([], [])


def test_unknown_flag_is_named_in_the_json() -> None:
    done = cli(*RISK, "--colour", "blue", "--json")
    assert "--colour" in json.dumps(only_json(done.stdout)["errors"])


@pytest.mark.parametrize("words", USAGE_ERRORS, ids=_id)
def test_usage_error_without_json(words: list[str]) -> None:
    done = cli(*words)
    assert done.returncode == EXIT_BAD_INPUT
    assert done.stdout == ""
    assert "gist-calc" in done.stderr


def test_version_and_help() -> None:
    version = cli("--version")
    assert version.returncode == 0
    assert __version__ in version.stdout
    helped = cli("--help")
    assert helped.returncode == 0
    assert "risk" in helped.stdout
    assert "treatment" in helped.stdout
    sub = cli("treatment", "--help")
    assert sub.returncode == 0
    for flag in ("--setting", "--progressed-on", "--intolerant-of", "--shrinking", "--symptoms",
                 "--limited-spread", "--bone-pain", "--mutation"):  # fmt: skip
        assert flag in sub.stdout
