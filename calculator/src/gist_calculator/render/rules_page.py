"""The "How the calculator decides" page's generated part: every rule of the table.

Made at build time from ``treatment.rules.TABLE``, the same rows the calculator runs, so the
page a reviewer reads cannot drift from the code: each rule's condition in words, what it
decides, the clinician's reason and the sources.
"""

from __future__ import annotations

from ..results import Recommendation
from ..treatment.catalogue import CATALOGUE
from ..treatment.engine import Offer, Say
from ..treatment.rules import FIELD_USES, GROUPS, TABLE
from .markup import Markup, esc, join, tag
from .results import RECOMMENDATION_WORDS

_HEADERS = ("Rule", "When", "Then", "Why (for clinicians)", "Sources")
_AND = " " + tag("em", "and") + " "


def _outcome(rule: Offer | Say) -> Markup:
    if isinstance(rule, Say):
        return esc("Note to the reader: " + rule.patient)
    words = RECOMMENDATION_WORDS[rule.recommendation]
    extra = []
    if rule.recommendation is not Recommendation.NOT_RECOMMENDED:
        if rule.dose:
            extra.append(f"dose: {rule.dose}")
        if rule.duration:
            extra.append(f"how long: {rule.duration}")
    more = f" ({'; '.join(extra)})" if extra else ""
    return tag("strong", CATALOGUE[rule.option].title) + f": {words.lower()}{more}"


def _row(rule: Offer | Say) -> Markup:
    when = join((c.words() for c in rule.when), _AND) or esc("always")
    sources = "; ".join(c.short for c in rule.sources)
    cells = (tag("code", rule.id), when, _outcome(rule), esc(rule.clinician), esc(sources))
    return tag("tr", join(tag("td", cell) for cell in cells))


def _table(rules: list[Offer | Say]) -> Markup:
    head = tag("tr", join(tag("th", h, scope="col") for h in _HEADERS))
    body = join(_row(rule) for rule in rules)
    return tag("table", tag("thead", head) + tag("tbody", body), class_="gist-rules")


def rules_html() -> Markup:
    """Every rule, grouped as in the table, then the fields the note may name as unused."""
    starts = dict(GROUPS)
    parts: list[Markup] = []
    group: list[Offer | Say] = []
    title = ""
    for rule in TABLE:
        if rule.id in starts:
            if group:
                parts.append(tag("h3", title) + _table(group))
            title, group = starts[rule.id], []
        group.append(rule)
    if group:
        parts.append(tag("h3", title) + _table(group))
    uses = join(
        tag("tr", tag("td", tag("code", u.field)) + tag("td", u.clinician)) for u in FIELD_USES
    )
    head = tag("tr", tag("th", "Field", scope="col") + tag("th", "Why", scope="col"))
    parts.append(
        tag("h3", "Answers that may not change the options")
        + tag(
            "p",
            "When the reader gave one of these and no rule read it, the answer carries a note "
            "saying so, with this reason.",
        )
        + tag("table", tag("thead", head) + tag("tbody", uses), class_="gist-rules")
    )
    count = sum(1 for _ in TABLE)
    summary = tag("p", f"{count} rules, in the order the calculator tries them.")
    return tag("div", summary + join(parts), class_="gist-rules-page", data_gist_rules=True)
