"""The risk schemes, each exactly as published, and the order results are shown in."""

from __future__ import annotations

from ..inputs import Tumour
from ..results import SchemeResult
from . import afip, nih, tnm

SCHEME_IDS: tuple[str, ...] = ("afip", "nih", "modified_nih", "tnm")


def assess_all(tumour: Tumour) -> tuple[SchemeResult, ...]:
    return (
        afip.assess(tumour),
        nih.assess_nih(tumour),
        nih.assess_modified_nih(tumour),
        tnm.assess(tumour),
    )
