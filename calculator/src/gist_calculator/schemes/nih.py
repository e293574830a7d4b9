"""NIH consensus (Fletcher et al. 2002) and modified NIH (Joensuu 2008) risk categories.

Both give a category, not a percentage, so results never carry a number. The two share the
row machinery: a published row is a label plus a predicate, evaluated in the order that makes
the published precedence hold (in modified NIH the high-risk rows win).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..choices import Site
from ..inputs import Tumour
from ..results import Row, SchemeResult, Status
from ..sources import FLETCHER_2002, JOENSUU_2008, Citation
from ..wording import join_words
from .bands import range_words
from .completion import (
    Decision,
    completions,
    decide,
    missing_inputs,
    needs_patient,
    not_needed_clinician,
    not_needed_patient,
)

RISK_LABELS = {
    "very_low": "Very low",
    "low": "Low",
    "intermediate": "Intermediate",
    "high": "High",
}
# What each category means for a reader, without inventing a number the scheme does not give.
_PATIENT_MEANING = {
    "very_low": "tumours like this very rarely come back or spread",
    "low": "tumours like this seldom come back or spread",
    "intermediate": "tumours like this have a middle chance of coming back or spreading",
    "high": "tumours like this are among those most likely to come back or spread",
}

Range = tuple[float | None, float | None]
"""(above, up_to): above is exclusive, up_to inclusive; None leaves that side open."""
ANY: Range = (None, None)


def _within(value: float, bounds: Range) -> bool:
    above, up_to = bounds
    return (above is None or value > above) and (up_to is None or value <= up_to)


@dataclass(frozen=True, slots=True)
class PublishedRow:
    """A printed row (its words) and the ranges we read it as (our convention)."""

    key: str
    risk: str
    size: str
    mitoses: str
    site: str
    size_cm: Range = ANY
    mitoses_per_5mm2: Range = ANY
    stomach: bool | None = None  # None: any site
    rupture: bool = False  # True: the row is "tumour rupture", whatever the rest

    def applies(self, size: float, mitoses: float, stomach: bool, rupture: bool) -> bool:
        if self.rupture:
            return rupture
        return (
            _within(size, self.size_cm)
            and _within(mitoses, self.mitoses_per_5mm2)
            and (self.stomach is None or self.stomach == stomach)
        )

    def why(self) -> str:
        """The row as a reader would say it, from the ranges we apply."""
        label = RISK_LABELS[self.risk].lower()
        if self.rupture:
            return f"Why: the tumour ruptured, and this scheme counts every ruptured tumour as {label} risk."
        parts = []
        if self.size_cm != ANY:
            parts.append(f"a size of {range_words(*self.size_cm, ' cm')}")
        if self.mitoses_per_5mm2 != ANY:
            count = range_words(*self.mitoses_per_5mm2, "", fewer=True)
            parts.append(f"{count} mitoses per 5 mm²")
        if self.stomach is not None:
            parts.append(
                "a start in the stomach" if self.stomach else "a start outside the stomach"
            )
        return f"Why: the tumour falls in the row for {join_words(parts)}, which is {label} risk."

    def as_row(self) -> Row:
        cells = [("Risk", RISK_LABELS[self.risk]), ("Size", self.size), ("Mitoses", self.mitoses)]
        if self.site:
            cells.append(("Site or rupture", self.site))
        return Row(key=self.key, cells=tuple(cells))


@dataclass(frozen=True, slots=True)
class Scheme:
    id: str
    name: str
    citation: Citation
    rows: tuple[PublishedRow, ...]
    conventions: tuple[str, ...]
    uses_site: bool
    uses_rupture: bool

    @property
    def uses(self) -> tuple[str, ...]:
        """The request fields this scheme reads."""
        return (
            ("size", "mitoses")
            + (("site",) if self.uses_site else ())
            + (("rupture",) if self.uses_rupture else ())
            + ("nodes", "metastasis")
        )

    def evaluation_order(self) -> tuple[PublishedRow, ...]:
        """High-risk rows take precedence (they overlap the others only in modified NIH)."""
        return tuple(r for r in self.rows if r.risk == "high") + tuple(
            r for r in self.rows if r.risk != "high"
        )

    def match(self, size: float, mitoses: float, stomach: bool, rupture: bool) -> PublishedRow:
        return next(
            r for r in self.evaluation_order() if r.applies(size, mitoses, stomach, rupture)
        )


NIH_2002 = Scheme(
    id="nih",
    name="NIH consensus (Fletcher et al. 2002)",
    citation=FLETCHER_2002,
    uses_site=False,
    uses_rupture=False,
    conventions=(
        "The published bands leave gaps; we read '< 5 mitoses' as '<= 5' and '< 2 cm' and "
        "'< 5 cm' as '<= 2 cm' and '<= 5 cm', so every band includes its upper limit, as in "
        "the other schemes.",
        "Mitoses per 50 HPF are taken as per 5 mm².",
    ),
    rows=(
        PublishedRow("very-low", "very_low", "< 2 cm", "< 5 per 50 HPF", "", (None, 2), (None, 5)),
        PublishedRow("low", "low", "2 to 5 cm", "< 5 per 50 HPF", "", (2, 5), (None, 5)),
        PublishedRow("intermediate-small", "intermediate", "< 5 cm", "6 to 10 per 50 HPF", "",
                     (None, 5), (5, 10)),
        PublishedRow("intermediate-large", "intermediate", "5 to 10 cm", "< 5 per 50 HPF", "",
                     (5, 10), (None, 5)),
        PublishedRow("high-size-mitoses", "high", "> 5 cm", "> 5 per 50 HPF", "",
                     (5, None), (5, None)),
        PublishedRow("high-size", "high", "> 10 cm", "any", "", (10, None), ANY),
        PublishedRow("high-mitoses", "high", "any", "> 10 per 50 HPF", "", ANY, (10, None)),
    ),
)  # fmt: skip

MODIFIED_NIH = Scheme(
    id="modified_nih",
    name="Modified NIH (Joensuu 2008)",
    citation=JOENSUU_2008,
    uses_site=True,
    uses_rupture=True,
    conventions=(
        "High-risk rows take precedence over the others.",
        "Sizes between two printed limits (2.0 and 2.1, 5.0 and 5.1, 10.0 and 10.1 cm) belong "
        "to the upper band.",
        "The original's '< 5.0 cm, 6 to 10 mitoses, any site' row is intermediate only where "
        "no high-risk row applies, which leaves <= 2.0 cm with 6 to 10 mitoses.",
        "Mitoses per 50 HPF are taken as per 5 mm².",
    ),
    rows=(
        PublishedRow("very-low", "very_low", "<= 2.0 cm", "<= 5", "any", (None, 2), (None, 5)),
        PublishedRow("low", "low", "2.1 to 5.0 cm", "<= 5", "any", (2, 5), (None, 5)),
        PublishedRow("intermediate-small", "intermediate", "<= 2.0 cm", "6 to 10", "any",
                     (None, 2), (5, 10)),
        PublishedRow("intermediate-gastric-small", "intermediate", "2.1 to 5.0 cm", "> 5",
                     "stomach", (2, 5), (5, None), stomach=True),
        PublishedRow("intermediate-gastric-large", "intermediate", "5.1 to 10.0 cm", "<= 5",
                     "stomach", (5, 10), (None, 5), stomach=True),
        PublishedRow("high-rupture", "high", "any", "any", "tumour rupture", rupture=True),
        PublishedRow("high-size", "high", "> 10 cm", "any", "any", (10, None), ANY),
        PublishedRow("high-mitoses", "high", "any", "> 10", "any", ANY, (10, None)),
        PublishedRow("high-size-mitoses", "high", "> 5.0 cm", "> 5", "any", (5, None), (5, None)),
        PublishedRow("high-nongastric-small", "high", "2.1 to 5.0 cm", "> 5", "not stomach",
                     (2, 5), (5, None), stomach=False),
        PublishedRow("high-nongastric-large", "high", "5.1 to 10.0 cm", "<= 5", "not stomach",
                     (5, 10), (None, 5), stomach=False),
    ),
)  # fmt: skip


def assess_nih(tumour: Tumour) -> SchemeResult:
    return _assess(NIH_2002, tumour)


def assess_modified_nih(tumour: Tumour) -> SchemeResult:
    return _assess(MODIFIED_NIH, tumour)


def _result_builder(scheme: Scheme, tumour: Tumour) -> Callable[..., SchemeResult]:
    notes: tuple[str, ...] = ()
    if tumour.rupture and not scheme.uses_rupture:
        notes = (
            "This scheme does not take tumour rupture into account; rupture raises the risk a "
            "lot, which is why the modified NIH scheme counts any ruptured tumour as high risk.",
        )

    def result(status: Status, **kw: object) -> SchemeResult:
        return SchemeResult(
            id=scheme.id,
            name=scheme.name,
            status=status,
            citation=scheme.citation,
            conventions=scheme.conventions,
            measures="a risk group for the tumour coming back or spreading after surgery; the "
            "scheme gives no percentage and no time period",
            notes=notes,
            inputs_used=scheme.uses,
            **kw,  # type: ignore[arg-type]
        )

    return result


def _assess(scheme: Scheme, tumour: Tumour) -> SchemeResult:
    result = _result_builder(scheme, tumour)
    if tumour.has_spread:
        return result(
            Status.NOT_APPLICABLE,
            reason="The tumour has already spread; this scheme sorts tumours that have not.",
            patient="This scheme sorts tumours that have not spread by how likely they are to "
            "come back. Yours already has, so it does not apply: the options below describe "
            "treatment instead.",
            clinician=f"{scheme.name} applies to localised primary GIST; not applicable with "
            "nodal or distant metastasis.",
        )
    gaps = missing_inputs(tumour, scheme.uses)
    if gaps:
        decision = decide(tumour, gaps, lambda c: _complete(scheme, c), lambda r: r.risk)
        if decision.agreed is None:
            return result(
                Status.INSUFFICIENT_DATA,
                reason=f"Needs the tumour's {decision.words}.",
                patient=needs_patient(decision, "this scheme"),
                clinician=f"{scheme.name}: missing {decision.words}; its bands give different "
                f"groups ({_spread_of(decision)}).",
            )
        return _decided(scheme, tumour, decision, result)
    return _complete(scheme, tumour, result)


def _spread_of(decision: Decision) -> str:
    """'low, intermediate or high': the groups the completions reach, lowest first."""
    order = list(RISK_LABELS)
    risks = sorted({o.risk for o in decision.outcomes if o.risk}, key=order.index)
    return join_words([RISK_LABELS[r].lower() for r in risks]).replace(" and ", " or ")


def _decided(
    scheme: Scheme, tumour: Tumour, decision: Decision, result: Callable[..., SchemeResult]
) -> SchemeResult:
    """Every band of the missing inputs gives one group: answer it and say what was not needed."""
    risk = decision.agreed.risk if decision.agreed and decision.agreed.risk else "high"
    label = RISK_LABELS[risk]
    short = "NIH 2002" if scheme.id == "nih" else "modified NIH"
    cases = completions(tumour, decision.missing)
    # A row that covers every completion (e.g. "> 10 cm, any count") explains it best.
    covering = next(
        (
            r
            for r in scheme.evaluation_order()
            if r.risk == risk
            and all(
                c.size_cm is not None
                and c.mitoses_per_5mm2 is not None
                and r.applies(c.size_cm, c.mitoses_per_5mm2, c.site is Site.STOMACH, tumour.rupture)
                for c in cases
            )
        ),
        None,
    )
    if covering is not None:
        explanation = covering.why()
        row: Row | None = covering.as_row()
        rows_text = "row: " + covering.as_row().describe()
    else:
        printed = sorted({o.row.describe() for o in decision.outcomes if o.row})
        explanation = (
            f"Why: whatever the {decision.words_or}, every row the tumour could fall in is "
            f"{label.lower()} risk."
        )
        row = None
        rows_text = "rows: " + " | ".join(printed)
    return result(
        Status.OK,
        risk=risk,
        risk_label=label,
        row=row,
        explanation=explanation,
        patient=f"The {short} scheme puts this tumour in its {label.lower()}-risk group: "
        f"{_PATIENT_MEANING[risk]}. This scheme gives a group, not a percentage. "
        + not_needed_patient(decision, "group"),
        clinician=f"{scheme.name}: {label.lower()} risk ({rows_text}). "
        + not_needed_clinician(decision, "group"),
        not_needed=decision.missing,
    )


def _complete(
    scheme: Scheme, tumour: Tumour, result: Callable[..., SchemeResult] | None = None
) -> SchemeResult:
    """The published row for a tumour whose size, count (and site, if used) are known."""
    result = result or _result_builder(scheme, tumour)
    size, mitoses = tumour.size_cm, tumour.mitoses_per_5mm2
    if size is None or mitoses is None:
        raise ValueError("_complete needs size and mitotic count")
    row = scheme.match(size, mitoses, tumour.site is Site.STOMACH, tumour.rupture)
    label = RISK_LABELS[row.risk]
    short = "NIH 2002" if scheme.id == "nih" else "modified NIH"
    patient = (
        f"The {short} scheme puts this tumour in its {label.lower()}-risk group: "
        f"{_PATIENT_MEANING[row.risk]}. This scheme gives a group, not a percentage."
    )
    published = row.as_row()
    return result(
        Status.OK,
        risk=row.risk,
        risk_label=label,
        row=published,
        explanation=row.why(),
        patient=patient,
        clinician=f"{scheme.name}: {label.lower()} risk (row: {published.describe()}).",
    )
