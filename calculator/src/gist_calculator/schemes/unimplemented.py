"""Models we name but do not compute, and why.

The MSKCC nomogram and the Joensuu 2012 contour maps are good models, but neither has a
published formula: the nomogram's points exist only in a printed figure and the contour maps
only as pictures and their official web tool. Reading values off a figure would be an
approximation presented as a result, so we point readers to the official tools instead.
"""

from __future__ import annotations

from ..results import UnimplementedModel
from ..sources import GOLD_2009, JOENSUU_2012

MODELS: tuple[UnimplementedModel, ...] = (
    UnimplementedModel(
        id="mskcc",
        name="MSKCC nomogram (Gold et al. 2009)",
        why="It estimates 2- and 5-year recurrence-free survival without adjuvant imatinib "
        "from size, site and mitotic count, but its points are published only as a printed "
        "figure, with no formula, so we do not approximate it.",
        tool="Memorial Sloan Kettering Cancer Center's online GIST nomogram",
        citation=GOLD_2009,
    ),
    UnimplementedModel(
        id="contour_maps",
        name="Joensuu 2012 contour maps",
        why="They estimate the 10-year risk of recurrence from size, mitotic count, site and "
        "rupture in 2,560 patients, but no formula was published, so we do not approximate "
        "them.",
        tool="gistrisk.com, the official implementation",
        citation=JOENSUU_2012,
    ),
)
