"""Answering with an input missing, when that input cannot change the answer.

A reader may not know the mitotic count, the size or the site. Saying "not enough
information" is then right only if the missing input could change the answer: a tumour over
10 cm is high risk under NIH whatever its count, and a ruptured tumour is high risk under
modified NIH whatever else. So every scheme is evaluated once for every band the missing
inputs could fall in (a "completion"), and answers when all completions agree; the result
then names the inputs that were not needed. When they disagree it says which inputs it needs.

Every table here changes only at the same band edges (2, 5 and 10 cm; 5 and 10 mitoses per
5 mm²), so one value inside each band stands for the whole band; the tests check this against
values on and around every edge.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, replace
from itertools import product

from ..choices import Site
from ..inputs import Tumour
from ..results import SchemeResult, Status
from ..wording import join_words

# One value strictly inside each size band (<= 2, > 2 to <= 5, > 5 to <= 10, > 10 cm) and each
# mitotic band (<= 5, > 5 to <= 10, > 10 per 5 mm²).
SIZE_PROBES: tuple[float, ...] = (1.0, 3.0, 7.0, 15.0)
MITOSES_PROBES: tuple[float, ...] = (3.0, 7.0, 15.0)

# The request fields a completion can fill in, and how a reader calls them.
COMPLETABLE: tuple[str, ...] = ("size", "mitoses", "site")
INPUT_WORDS = {"size": "size", "mitoses": "mitotic count", "site": "site"}


def missing_inputs(tumour: Tumour, uses: Sequence[str]) -> tuple[str, ...]:
    """The completable inputs this scheme reads that the reader did not give."""
    given = {
        "size": tumour.size_cm is not None,
        "mitoses": tumour.mitoses_per_5mm2 is not None,
        "site": tumour.site is not None,
    }
    return tuple(name for name in COMPLETABLE if name in uses and not given[name])


def completions(tumour: Tumour, missing: Sequence[str]) -> tuple[Tumour, ...]:
    """The tumour once for every combination of bands of its missing inputs."""
    sizes: Sequence[float | None] = SIZE_PROBES if "size" in missing else (tumour.size_cm,)
    counts: Sequence[float | None] = (
        MITOSES_PROBES if "mitoses" in missing else (tumour.mitoses_per_5mm2,)
    )
    sites: Sequence[Site | None] = tuple(Site) if "site" in missing else (tumour.site,)
    return tuple(
        replace(tumour, size_cm=size, mitoses_per_5mm2=count, site=site)
        for size, count, site in product(sizes, counts, sites)
    )


@dataclass(frozen=True, slots=True)
class Decision:
    """What the completions say. ``agreed`` is the shared answer when they all agree."""

    missing: tuple[str, ...]
    outcomes: tuple[SchemeResult, ...]
    agreed: SchemeResult | None

    @property
    def words(self) -> str:
        """'mitotic count', 'size and site'."""
        return join_words([INPUT_WORDS[name] for name in self.missing])

    @property
    def words_or(self) -> str:
        """'mitotic count', 'size or site': for "whatever the ..." sentences."""
        return self.words.replace(" and ", " or ")

    @property
    def pronoun(self) -> str:
        return "them" if len(self.missing) > 1 else "it"

    @property
    def all_without_figure(self) -> bool:
        """Every completion is answered "insufficient data" by the table itself."""
        return all(o.status is Status.INSUFFICIENT_DATA for o in self.outcomes)


def decide(
    tumour: Tumour,
    missing: tuple[str, ...],
    assess_complete: Callable[[Tumour], SchemeResult],
    key: Callable[[SchemeResult], Hashable],
) -> Decision:
    """Evaluate every completion; agreed when all are answered (status OK) with one key."""
    outcomes = tuple(assess_complete(c) for c in completions(tumour, missing))
    keys = {key(o) for o in outcomes}
    agreed = (
        outcomes[0] if len(keys) == 1 and all(o.status is Status.OK for o in outcomes) else None
    )
    return Decision(missing, outcomes, agreed)


def not_needed_patient(decision: Decision, what: str) -> str:
    """The sentence telling a reader the missing input did not matter."""
    they = "they are" if len(decision.missing) > 1 else "it is"
    return (
        f"We did not need the tumour's {decision.words_or}: whatever {they}, the {what} is "
        "the same."
    )


def not_needed_clinician(decision: Decision, what: str) -> str:
    return (
        f"{decision.words.capitalize()} not given; every band of {decision.pronoun} gives "
        f"this {what}."
    )


def needs_patient(decision: Decision, scheme_words: str) -> str:
    return (
        f"To use {scheme_words} we need the tumour's {decision.words}: without "
        f"{decision.pronoun}, the answer could be different."
    )
