"""Properties over many generated inputs (Hypothesis).

1. Risk never falls as size or mitotic count grows, everything else fixed: AFIP (where both
   answers are cells with a figure), NIH 2002, modified NIH, and TNM stage within one stage
   table (the two tables name their stages differently, so stages are ranked per table).
2. The same tumour entered in mm or in cm, or counted per 50 HPF or per 5 mm², gets the same
   answer.
3. A scheme that answers with an input missing gives the same answer as with any value of
   that input (issue 9 item 3; the exhaustive band-grid version is in
   portable/test_decided_risk.py).
4. The JSON entry points never raise, whatever the text (random JSON, wrong types, huge
   numbers, NaN), and always answer with either results or field errors, in strict JSON.

Sources: clinical-facts.md §1-4 and the issue text.
"""

from __future__ import annotations

import json
import math
from typing import Any

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from gist_calculator import bridge
from gist_calculator.api import evaluate, evaluate_json, to_json
from gist_calculator.choices import (
    Drug,
    MetastasisStatus,
    MitosisUnit,
    Mutation,
    NodeStatus,
    Setting,
    Site,
    SizeUnit,
)
from gist_calculator.validation import FIELDS

AFIP_ORDER = {"none": 0, "very_low": 1, "low": 2, "moderate": 3, "high": 4}
NIH_ORDER = {"very_low": 0, "low": 1, "intermediate": 2, "high": 3}
TNM_ORDER = {
    "gastric": {"IA": 0, "IB": 1, "II": 2, "IIIA": 3, "IIIB": 4, "IV": 5},
    "small_intestine": {"I": 0, "II": 1, "IIIA": 2, "IIIB": 3, "IV": 4},
}
AFIP_SITES = ["stomach", "jejunum-ileum", "duodenum", "rectum"]
SINGLE_TABLE_SITES = [s for s in Site.values() if s != "extra-gi"]

# Band edges from the issue, so every run tries them next to random values.
EDGE_SIZES = [2.0, 2.05, 2.1, 5.0, 5.1, 10.0, 10.1]
EDGE_COUNTS = [5.0, 5.5, 6.0, 10.0, 10.5, 11.0]
sizes = st.one_of(
    st.sampled_from(EDGE_SIZES), st.floats(min_value=0.01, max_value=100, allow_nan=False)
)
counts = st.one_of(
    st.sampled_from(EDGE_COUNTS), st.floats(min_value=0, max_value=1000, allow_nan=False)
)
FAST = settings(max_examples=150, deadline=None)
RESECTABLE = {"command": "treatment", "setting": "resectable"}


def schemes_for(**request: object) -> dict[str, dict[str, Any]]:
    result = to_json(evaluate(request))
    assert result["errors"] == [], result["errors"]
    return {s["id"]: s for s in result["schemes"]}


def risk_ranks(size: float, mitoses: float, site: str, rupture: bool) -> dict[str, int | None]:
    found = schemes_for(size=size, mitoses=mitoses, site=site, rupture=rupture)
    afip = found["afip"]
    return {
        "afip": AFIP_ORDER[afip["risk"]] if afip["status"] == "ok" else None,
        "nih": NIH_ORDER[found["nih"]["risk"]],
        "modified_nih": NIH_ORDER[found["modified_nih"]["risk"]],
    }


def assert_not_lower(low: dict[str, int | None], high: dict[str, int | None], what: str) -> None:
    for scheme_id, rank in low.items():
        other = high[scheme_id]
        if rank is None or other is None:
            continue  # AFIP "insufficient data" or "not applicable": nothing to compare
        assert other >= rank, f"{scheme_id} risk fell as {what} grew: {low} -> {high}"


@FAST
@given(a=sizes, b=sizes, mitoses=counts, site=st.sampled_from(Site.values()), rupture=st.booleans())
@example(a=2.0, b=2.05, mitoses=8.0, site="jejunum-ileum", rupture=False)
@example(a=5.0, b=5.1, mitoses=3.0, site="stomach", rupture=False)
@example(a=10.0, b=10.1, mitoses=3.0, site="stomach", rupture=False)
def test_risk_never_falls_as_size_grows(
    a: float, b: float, mitoses: float, site: str, rupture: bool
) -> None:
    small, large = sorted((a, b))
    assert_not_lower(
        risk_ranks(small, mitoses, site, rupture), risk_ranks(large, mitoses, site, rupture), "size"
    )


@FAST
@given(a=counts, b=counts, size=sizes, site=st.sampled_from(Site.values()), rupture=st.booleans())
@example(a=5.0, b=6.0, size=1.5, site="stomach", rupture=False)
@example(a=10.0, b=11.0, size=3.5, site="stomach", rupture=False)
@example(a=5.0, b=6.0, size=7.0, site="jejunum-ileum", rupture=False)
def test_risk_never_falls_as_mitoses_grow(
    a: float, b: float, size: float, site: str, rupture: bool
) -> None:
    few, many = sorted((a, b))
    assert_not_lower(
        risk_ranks(size, few, site, rupture), risk_ranks(size, many, site, rupture), "mitoses"
    )


@FAST
@given(site=st.sampled_from(AFIP_SITES), size=sizes, mitoses=counts)
def test_afip_answers_every_covered_site(site: str, size: float, mitoses: float) -> None:
    afip = schemes_for(size=size, mitoses=mitoses, site=site)["afip"]
    assert afip["status"] in {"ok", "insufficient_data"}
    assert afip["group"] in {"1", "2", "3a", "3b", "4", "5", "6a", "6b"}


def stage_rank(size: float, mitoses: float, site: str) -> tuple[str, int]:
    tnm = schemes_for(size=size, mitoses=mitoses, site=site, nodes="negative", metastasis="absent")[
        "tnm"
    ]
    assert tnm["status"] == "ok", tnm
    table = "gastric" if site == "stomach" else "small_intestine"
    order = TNM_ORDER[table]
    assert tnm["stage"] in order, f"{site} must be staged with the {table} table: {tnm['stage']}"
    return table, order[tnm["stage"]]


@FAST
@given(a=sizes, b=sizes, mitoses=counts, site=st.sampled_from(SINGLE_TABLE_SITES))
@example(a=2.0, b=2.05, mitoses=8.0, site="jejunum-ileum")
@example(a=10.0, b=10.1, mitoses=3.0, site="stomach")
def test_stage_never_falls_as_size_grows(a: float, b: float, mitoses: float, site: str) -> None:
    small, large = sorted((a, b))
    assert stage_rank(large, mitoses, site)[1] >= stage_rank(small, mitoses, site)[1]


@FAST
@given(a=counts, b=counts, size=sizes, site=st.sampled_from(SINGLE_TABLE_SITES))
@example(a=5.0, b=6.0, size=3.5, site="stomach")
def test_stage_never_falls_as_mitoses_grow(a: float, b: float, size: float, site: str) -> None:
    few, many = sorted((a, b))
    assert stage_rank(size, many, site)[1] >= stage_rank(size, few, site)[1]


@FAST
@given(
    tenths=st.integers(min_value=1, max_value=1000),
    mitoses=st.integers(min_value=0, max_value=1000),
    site=st.sampled_from(Site.values()),
)
@example(tenths=20, mitoses=5, site="stomach")
@example(tenths=21, mitoses=6, site="jejunum-ileum")
@example(tenths=101, mitoses=10, site="rectum")
def test_mm_and_per_50hpf_give_the_same_answer(tenths: int, mitoses: int, site: str) -> None:
    # A size in mm is the same tumour as its exact decimal in cm (20 mm = "2.0" cm).
    in_cm = f"{tenths // 10}.{tenths % 10}"
    base = {"mitoses": mitoses, "site": site}
    reference = to_json(evaluate({**base, "size": in_cm}))["schemes"]
    by_mm = to_json(evaluate({**base, "size": tenths, "size_unit": "mm"}))["schemes"]
    by_hpf = to_json(evaluate({**base, "size": in_cm, "mitoses_unit": "per-50hpf"}))["schemes"]
    by_area = to_json(
        evaluate({**base, "size": in_cm, "mitoses_unit": "per-area", "mitoses_area": 5})
    )["schemes"]
    for other in (by_mm, by_hpf, by_area):
        assert [_result_fields(s) for s in other] == [_result_fields(s) for s in reference]


def _result_fields(s: dict[str, Any]) -> tuple[object, ...]:
    return (s["id"], s["status"], s["risk"], s["percent"], s["group"], s["stage"])


# --- The JSON entry points never raise -----------------------------------------------------

ODD_NUMBERS = [
    math.nan,
    math.inf,
    -math.inf,
    -0.0,
    5e-324,
    1e308,
    -1e308,
    10**400,
    -(10**400),
    2**63,
    True,
    False,
]
json_leaves = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),  # includes NaN and infinities; json.dumps writes them as NaN/Infinity
    st.text(max_size=20),
    st.sampled_from(ODD_NUMBERS),
)
json_values = st.recursive(
    json_leaves,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=20,
)
CHOICES: dict[str, list[str]] = {
    "command": ["risk", "treatment"],
    "size_unit": list(SizeUnit.values()),
    "mitoses_unit": list(MitosisUnit.values()),
    "site": list(Site.values()),
    "nodes": list(NodeStatus.values()),
    "metastasis": list(MetastasisStatus.values()),
    "mutation": list(Mutation.values()),
    "setting": list(Setting.values()),
}
NUMBERS = {"size", "mitoses", "mitoses_area"}
DRUG_LISTS = {"progressed_on", "intolerant_of"}


def plausible(field: str) -> st.SearchStrategy[object]:
    """Values a form could send for this field, so generated requests reach the schemes."""
    if field in CHOICES:
        return st.sampled_from(CHOICES[field] + [w.upper() for w in CHOICES[field]] + ["", " "])
    if field in NUMBERS:
        return st.one_of(
            st.floats(min_value=0.001, max_value=150),
            st.integers(min_value=-5, max_value=2000),
            st.sampled_from(["3,5", " 4.5 ", "1e2", "-0", "1.000,5", "", "abc"]),
        )
    if field in DRUG_LISTS:
        drugs = st.sampled_from([*Drug.values(), "aspirin", ""])
        return st.one_of(drugs, st.lists(drugs, max_size=6))
    return st.sampled_from([True, False, "on", "off", "yes", "no", "1", "0", 1, 0, ""])


def valid(field: str) -> st.SearchStrategy[object]:
    """Only values the request table of ARCHITECTURE.md allows for this field."""
    if field in CHOICES and field != "command":
        return st.sampled_from(CHOICES[field])
    if field == "size":
        return st.one_of(sizes, st.sampled_from(["2,05", " 4.5 ", "10.1"]))
    if field == "mitoses":
        return st.one_of(counts, st.integers(min_value=0, max_value=1000).map(str))
    if field == "mitoses_area":
        return st.floats(min_value=1, max_value=100)
    if field in DRUG_LISTS:
        drugs = st.sampled_from(Drug.values())
        return st.one_of(drugs, st.lists(drugs, max_size=6))
    return st.sampled_from([True, False, "on", "off", "yes", "no", "1", "0", 1, 0, ""])


TUMOUR = ["size_unit", "mitoses_unit", "rupture", "nodes", "metastasis", "mutation"]
TREATMENT = [
    "progressed_on",
    "intolerant_of",
    "shrinking",
    "symptoms",
    "limited_spread",
    "bone_pain",
]
valid_risk = st.fixed_dictionaries(
    {"size": valid("size"), "mitoses": valid("mitoses"), "site": valid("site")},
    optional={field: valid(field) for field in TUMOUR},
).filter(lambda r: r.get("mitoses_unit") != "per-area")
valid_treatment = st.fixed_dictionaries(
    {"setting": valid("setting")},
    optional={field: valid(field) for field in ["size", "mitoses", "site", *TUMOUR, *TREATMENT]},
).filter(lambda r: r.get("mitoses_unit") != "per-area")
valid_requests = st.one_of(valid_risk, valid_treatment)

requests = st.dictionaries(
    keys=st.one_of(st.sampled_from(FIELDS), st.text(max_size=8)),
    values=json_values,
    max_size=12,
) | st.fixed_dictionaries(
    {},
    optional={field: st.one_of(plausible(field), json_values) for field in FIELDS},
)


def strict_json(text: str) -> Any:
    """Parse as a browser's JSON.parse would: NaN and Infinity are not JSON."""

    def refuse(constant: str) -> None:
        raise AssertionError(f"{constant} in the output is not valid JSON")

    return json.loads(text, parse_constant=refuse)


def assert_result_or_errors(answer: dict[str, Any]) -> None:
    errors = answer["errors"]
    if errors:
        fields = [e["field"] for e in errors]
        assert len(fields) == len(set(fields)), f"a field reported twice: {fields}"
        assert all(isinstance(e["message"], str) and e["message"].strip() for e in errors)
        assert answer["schemes"] == []
        assert answer["options"] == []
    else:
        assert [s["id"] for s in answer["schemes"]] == ["afip", "nih", "modified_nih", "tnm"]


JSON_SETTINGS = settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


@FAST
@given(request=valid_requests)
def test_valid_requests_always_give_results(request: dict[str, object]) -> None:
    answer = strict_json(evaluate_json(json.dumps(request)))
    assert answer["errors"] == [], (request, answer["errors"])
    assert_result_or_errors(answer)
    if "setting" in request:
        assert answer["options"], "a treatment request always lists options"
    else:
        assert answer["options"] == []


@JSON_SETTINGS
@given(request=st.one_of(requests, valid_requests, json_values))
def test_evaluate_json_never_raises(request: object) -> None:
    text = json.dumps(request)  # allow_nan: NaN and Infinity reach the parser as Python reads them
    assert_result_or_errors(strict_json(evaluate_json(text)))


@JSON_SETTINGS
@given(text=st.text(max_size=200))
@example(text="")
@example(text="{")
@example(text='{"size": NaN, "mitoses": Infinity, "site": "stomach"}')
@example(text="[" * 5000)
def test_evaluate_json_never_raises_on_any_text(text: str) -> None:
    assert_result_or_errors(strict_json(evaluate_json(text)))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    request=st.one_of(requests, valid_requests, json_values),
    context=st.one_of(
        st.just("{}"),
        st.text(max_size=30),
        st.builds(lambda v: json.dumps({"section_urls": v}), json_values),
        st.builds(lambda v: json.dumps({"section_urls": v, "result": True}), json_values),
    ),
)
def test_bridge_never_fails(request: object, context: str) -> None:
    answer = strict_json(bridge.handle(json.dumps(request), context))
    # The bridge catches everything so the page never breaks; reaching that net is a bug.
    assert "internal_error" not in answer, answer.get("internal_error")
    # The whole answer travels only when asked for: it costs time on every keystroke.
    asked = '"result": true' in context
    assert ("result" in answer) is asked
    if asked:
        assert_result_or_errors(answer["result"])
        assert answer["errors"] == answer["result"]["errors"]
    if answer["errors"]:
        assert answer["results_html"] == ""
    else:
        assert answer["results_html"].strip()


@FAST
@given(
    size=sizes,
    mitoses=counts,
    site=st.sampled_from(Site.values()),
    rupture=st.booleans(),
    metastasis=st.sampled_from(["absent", "unknown"]),
    dropped=st.sets(st.sampled_from(["size", "mitoses", "site"]), min_size=1),
)
def test_a_decided_answer_holds_for_every_value_of_what_was_missing(  # noqa: PLR0917
    size: float, mitoses: float, site: str, rupture: bool, metastasis: str, dropped: set[str]
) -> None:
    full = {**RESECTABLE, "size": size, "mitoses": mitoses, "site": site, "rupture": rupture,
            "metastasis": metastasis}  # fmt: skip
    partial = {k: v for k, v in full.items() if k not in dropped}
    complete, missing = schemes_for(**full), schemes_for(**partial)
    for scheme_id, answer in missing.items():
        if answer["status"] != "ok" and answer["stage_if_not_spread"] is None:
            assert answer["not_needed"] == [], (scheme_id, answer["not_needed"])
            continue
        truth = complete[scheme_id]
        for key in ("status", "risk", "stage", "stage_if_not_spread"):
            assert answer[key] == truth[key], (scheme_id, key, partial, answer[key], truth[key])
        if answer["percent"] is not None:
            assert answer["percent"] == truth["percent"], (scheme_id, partial)
        assert set(answer["not_needed"]) == dropped & set(truth["inputs_used"]), scheme_id


# --- Treatment invariants over the whole input space (issue 9) ---------------------------

import itertools  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent / "portable"))
from _treatment_space import answer as treatment_answer  # noqa: E402
from _treatment_space import check  # noqa: E402

from gist_calculator.inputs import Treatment, Tumour  # noqa: E402
from gist_calculator.treatment.rules import TABLE  # noqa: E402

drug_sets = st.frozensets(st.sampled_from(list(Drug)))
tumours = st.builds(
    Tumour,
    size_cm=st.one_of(st.none(), sizes),
    mitoses_per_5mm2=st.one_of(st.none(), counts),
    site=st.one_of(st.none(), st.sampled_from(list(Site))),
    rupture=st.booleans(),
    nodes=st.sampled_from(list(NodeStatus)),
    metastasis=st.sampled_from(list(MetastasisStatus)),
    mutation=st.sampled_from(list(Mutation)),
)
treatments = st.builds(
    Treatment,
    setting=st.sampled_from(list(Setting)),
    progressed_on=drug_sets,
    intolerant_of=drug_sets,  # may overlap progressed_on: grew and had side effects
    shrinking=st.booleans(),
    symptoms=st.booleans(),
    limited_spread=st.booleans(),
    bone_pain=st.booleans(),
)


@settings(max_examples=600, deadline=None)
@given(tumours, treatments)
def test_treatment_invariants_hold_everywhere(tumour: Tumour, treatment: Treatment) -> None:
    """Every invariant of _treatment_space.check, over every input at once."""
    problems = check(tumour, treatment, treatment_answer(tumour, treatment))
    assert problems == [], (tumour, treatment, problems)


def test_every_history_of_every_medicine() -> None:
    """Exhaustive: all 4**6 histories (untried, grew, side effects, both) of the six
    medicines, in every setting, for the three lines that read the history most."""
    drugs = tuple(Drug)
    for setting, mutation in itertools.product(
        Setting, (Mutation.KIT_EXON_11, Mutation.KIT_EXON_9, Mutation.PDGFRA_D842V)
    ):
        tumour = Tumour(size_cm=7.0, mitoses_per_5mm2=8.0, site=Site.STOMACH, mutation=mutation)
        for combo in itertools.product(range(4), repeat=len(drugs)):
            grew = frozenset(d for d, s in zip(drugs, combo, strict=True) if s in {1, 3})
            side = frozenset(d for d, s in zip(drugs, combo, strict=True) if s in {2, 3})
            if setting is not Setting.UNRESECTABLE and combo.count(0) < 3:
                continue  # the full product once (unresectable); the other settings sampled
            treatment = Treatment(setting, grew, side)
            problems = check(tumour, treatment, treatment_answer(tumour, treatment))
            assert problems == [], (mutation, treatment, problems)


def test_every_rule_can_fire() -> None:
    """No dead rows: each rule of the table decides some answer (so the rules page lists
    only rules that run)."""
    fired: set[str] = set()
    histories = [
        (frozenset(g), frozenset(s))
        for g, s in [
            ((), ()),
            ((Drug.IMATINIB,), ()),
            ((), (Drug.IMATINIB,)),
            ((), (Drug.IMATINIB_800,)),
            ((Drug.IMATINIB,), (Drug.SUNITINIB,)),
            ((Drug.IMATINIB, Drug.SUNITINIB), ()),
            ((Drug.IMATINIB, Drug.SUNITINIB), (Drug.REGORAFENIB,)),
            ((Drug.IMATINIB, Drug.SUNITINIB, Drug.REGORAFENIB), ()),
            ((Drug.IMATINIB, Drug.SUNITINIB, Drug.REGORAFENIB), (Drug.RIPRETINIB,)),
            ((Drug.IMATINIB, Drug.SUNITINIB, Drug.REGORAFENIB, Drug.RIPRETINIB), ()),
            ((Drug.AVAPRITINIB,), ()),
            ((), (Drug.AVAPRITINIB,)),
        ]
    ]
    tumours_ = [
        Tumour(size_cm=s, mitoses_per_5mm2=m, site=site, nodes=n, metastasis=mt)
        for s, m, site in [
            (1.5, 2.0, Site.STOMACH),
            (1.5, 2.0, Site.RECTUM),
            (1.5, 2.0, None),
            (4.0, 3.0, Site.STOMACH),
            (7.0, 3.0, Site.STOMACH),
            (7.0, 8.0, Site.STOMACH),
            (12.0, None, Site.STOMACH),
            (4.0, None, None),
            (1.5, None, Site.DUODENUM),
        ]
        for n, mt in [
            (NodeStatus.UNKNOWN, MetastasisStatus.UNKNOWN),
            (NodeStatus.POSITIVE, MetastasisStatus.ABSENT),
            (NodeStatus.NEGATIVE, MetastasisStatus.PRESENT),
        ]
    ]
    for setting, mutation, (grew, side), flags in itertools.product(
        Setting,
        Mutation,
        histories,
        [
            (False,) * 4,
            (True, False, False, False),
            (False, True, False, False),
            (False, False, True, False),
            (False, False, False, True),
        ],
    ):
        for tumour in tumours_[:: 1 if not grew and not side else 8]:
            t = Tumour(
                **{**{k: getattr(tumour, k) for k in Tumour.__slots__}, "mutation": mutation}
            )
            tr = Treatment(setting, grew, side, *flags)
            fired.update(treatment_answer(t, tr).rules_fired)
    assert {rule.id for rule in TABLE} - fired == set()
