"""The risk schemes, each exactly as published, and the order results are shown in."""

from __future__ import annotations

from dataclasses import dataclass, replace

from ..choices import Mutation, Setting
from ..fields import ADVANCED
from ..inputs import Tumour
from ..results import SchemeResult, Status
from . import afip, nih, tnm


@dataclass(frozen=True, slots=True)
class SchemeWords:
    """How the site names a scheme outside its own result: in a sentence, in a list, aloud,
    and the heading that explains it on the "Understanding your risk" page."""

    short: str  # in a sentence: "modified NIH says high"
    phrase: str  # in a list of schemes: "the modified NIH scheme"
    spoken: str  # the screen-reader summary's label: "Modified NIH: High risk."
    anchor: str  # the heading id on understanding-risk.md


# Every scheme, in the order results are shown; the ids are the results' ``id``.
SCHEMES: dict[str, SchemeWords] = {
    "afip": SchemeWords("AFIP", "the AFIP table", "AFIP", "afip"),
    "nih": SchemeWords("NIH 2002", "the NIH 2002 scheme", "NIH 2002", "nih"),
    "modified_nih": SchemeWords(
        "modified NIH", "the modified NIH scheme", "Modified NIH", "modified-nih"
    ),
    "tnm": SchemeWords("TNM", "the TNM stage", "Stage", "tnm"),
}
SCHEME_IDS: tuple[str, ...] = tuple(SCHEMES)
# The schemes that turn size and mitotic count into a chance of the tumour coming back.
RISK_SCHEME_IDS: tuple[str, ...] = ("afip", "nih", "modified_nih")

# SDH-deficient GIST (citation MASON_2016): the size-and-mitoses figures do not predict how it behaves. Mason EF,
# Hornick JL, Am J Surg Pathol 2016;40:1616-21: of 76 cases, 74% developed distant metastases,
# and 60-82% in every risk group. Said next to the figures, in both voices.
SDH_PATIENT = (
    "Your tumour is SDH-deficient. For this kind of GIST, the size and the mitotic count do "
    "not tell how likely it is to spread. In a study of 76 people with it, about 3 in 4 had "
    "it spread to other organs, and between 6 and 8 in 10 in every risk group, the lowest "
    "included. So do not take the group above as reassurance; ask your care team about "
    "long-term follow-up."
)
SDH_CLINICIAN = (
    "SDH-deficient GIST: size/mitosis risk schemes do not predict progression "
    "(Mason & Hornick, Am J Surg Pathol 2016;40:1616-21: 76 cases, 74% distant "
    "metastasis, 60-82% in every risk group)."
)


def assess_all(tumour: Tumour, setting: Setting | None = None) -> tuple[SchemeResult, ...]:
    """Every scheme's answer for the tumour; ``setting`` is the treatment situation, if any.

    The recurrence-risk schemes estimate the chance that a localised primary tumour comes
    back after it was removed completely (AFIP: Miettinen & Lasota 2006; NIH: Fletcher 2002;
    modified NIH: Joensuu 2008). For a tumour that cannot be removed or has come back they
    do not apply: a figure such as "2 out of 100" would be false reassurance.
    """
    results: tuple[SchemeResult, ...] = (
        afip.assess(tumour),
        nih.assess_nih(tumour),
        nih.assess_modified_nih(tumour),
        tnm.assess(tumour),
    )
    if setting in ADVANCED:
        results = tuple(
            _not_for_this_situation(r) if r.id in RISK_SCHEME_IDS else r for r in results
        )
    return tuple(with_caveats(r, tumour) for r in results)


def _not_for_this_situation(result: SchemeResult) -> SchemeResult:
    """A risk scheme's answer for a tumour that cannot be removed or has come back."""
    return SchemeResult(
        id=result.id,
        name=result.name,
        status=Status.NOT_APPLICABLE,
        citation=result.citation,
        reason="It estimates the chance that a tumour which was removed, and had not "
        "spread, comes back; this tumour cannot be removed or has already come back.",
        patient="This scheme estimates the chance that a tumour which was removed, and had "
        "not spread, comes back. Yours cannot be removed or has already come back, so it "
        "does not apply: what matters now is treatment, which the options describe.",
        clinician=f"{result.name} estimates recurrence risk after complete resection of a "
        "localised primary GIST; not applicable to unresectable or recurrent disease.",
        measures=result.measures,
        inputs_used=("setting",),
    )


def with_caveats(result: SchemeResult, tumour: Tumour) -> SchemeResult:
    """Add what the reader must know next to a risk figure that may not hold for them."""
    if (
        tumour.mutation is Mutation.SDH_DEFICIENT
        and result.id in RISK_SCHEME_IDS
        and result.status is not Status.NOT_APPLICABLE
    ):
        return replace(
            result,
            notes=(*result.notes, SDH_PATIENT),
            clinician=f"{result.clinician} {SDH_CLINICIAN}",
            inputs_used=(*result.inputs_used, "mutation"),
        )
    return result
