"""The size and mitotic-count bands shared by the published tables.

Every band includes its upper limit (<= 2, > 2 to <= 5, > 5 to <= 10, > 10 cm; mitoses
<= 5, > 5 to <= 10, > 10 per 5 mm²). The AFIP, modified NIH and TNM tables are written that
way; the NIH 2002 table leaves gaps at exactly 5 mitoses and exactly 5 cm, and we close them
the same way so that every scheme on the site shares one convention.
"""

from __future__ import annotations

from enum import StrEnum


class SizeBand(StrEnum):
    UP_TO_2 = "<= 2 cm"
    OVER_2_TO_5 = "> 2 to <= 5 cm"
    OVER_5_TO_10 = "> 5 to <= 10 cm"
    OVER_10 = "> 10 cm"


class MitosisBand(StrEnum):
    UP_TO_5 = "<= 5 per 5 mm²"
    OVER_5_TO_10 = "> 5 to <= 10 per 5 mm²"
    OVER_10 = "> 10 per 5 mm²"


def size_band(size_cm: float) -> SizeBand:
    """Sizes between two printed limits (2.05 cm) belong to the upper band."""
    if size_cm <= 2:
        return SizeBand.UP_TO_2
    if size_cm <= 5:
        return SizeBand.OVER_2_TO_5
    if size_cm <= 10:
        return SizeBand.OVER_5_TO_10
    return SizeBand.OVER_10


def mitosis_band(mitoses: float) -> MitosisBand:
    if mitoses <= 5:
        return MitosisBand.UP_TO_5
    if mitoses <= 10:
        return MitosisBand.OVER_5_TO_10
    return MitosisBand.OVER_10


def mitoses_high(mitoses: float) -> bool:
    """Low is <= 5, high is > 5 per 5 mm² (or per 50 HPF), as in AFIP and TNM."""
    return mitoses > 5


def format_number(value: float) -> str:
    """Show 3.0 as 3 and 2.05 as 2.05: readers should recognise what they typed."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text or "0"


SIZE_WORDS = {
    SizeBand.UP_TO_2: "2 cm or smaller",
    SizeBand.OVER_2_TO_5: "more than 2 cm and up to 5 cm",
    SizeBand.OVER_5_TO_10: "more than 5 cm and up to 10 cm",
    SizeBand.OVER_10: "more than 10 cm",
}


def mitoses_words(high: bool) -> str:
    return "more than 5" if high else "5 or fewer"


def range_words(above: float | None, up_to: float | None, unit: str, *, fewer: bool = False) -> str:
    """(2, 5) -> 'more than 2 and up to 5 cm'; open sides read naturally."""
    if above is None and up_to is None:
        return "any"
    if above is None:
        return f"{format_number(up_to or 0)}{unit} or {'fewer' if fewer else 'less'}"
    if up_to is None:
        return f"more than {format_number(above)}{unit}"
    return f"more than {format_number(above)} and up to {format_number(up_to)}{unit}"
