"""The order of medicines for advanced GIST, and where a reader is on it.

The guideline's sequence for tumours with a KIT or PDGFRA change (other than PDGFRA D842V):
imatinib; a higher imatinib dose on growth; sunitinib; regorafenib; ripretinib; then other
targeted medicines and trials. "Stopped" means the tumour grew on the medicine or the
reader could not tolerate it: either way the next step applies. We place the reader after
the latest step that stopped, so a history given out of order still lands on the next
medicine rather than sending someone back to one they skipped.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..choices import Drug
from ..inputs import Treatment


@dataclass(frozen=True, slots=True)
class Position:
    """Where the reader stands on the sequence."""

    next_step: str  # an option id, or "beyond" once ripretinib has stopped
    started: bool  # any medicine on the sequence has been taken


LADDER: tuple[tuple[str, frozenset[Drug]], ...] = (
    ("imatinib", frozenset({Drug.IMATINIB})),
    ("imatinib_dose_increase", frozenset({Drug.IMATINIB_800})),
    ("sunitinib", frozenset({Drug.SUNITINIB})),
    ("regorafenib", frozenset({Drug.REGORAFENIB})),
    ("ripretinib", frozenset({Drug.RIPRETINIB})),
)


def position(treatment: Treatment) -> Position:
    last_stopped = -1
    for index, (_, drugs) in enumerate(LADDER):
        if any(treatment.stopped(drug) for drug in drugs):
            last_stopped = index
    # Growth on 800 mg means 400 mg has been passed too.
    started = last_stopped >= 0
    for index in range(last_stopped + 1, len(LADDER)):
        step = LADDER[index][0]
        if step == "imatinib_dose_increase" and _skip_dose_increase(treatment):
            continue
        return Position(next_step=step, started=started)
    return Position(next_step="beyond", started=started)


def _skip_dose_increase(treatment: Treatment) -> bool:
    """A higher dose helps growth, not side effects: after intolerance, switch medicine."""
    return bool({Drug.IMATINIB, Drug.IMATINIB_800} & treatment.intolerant_of)
