"""The pathway picture and the rules page, as HTML (portable: also run in Pyodide).

The pathway must be an ordered list whose steps say their status in words (not colour
alone), placed in the results wherever a medicine sequence applies (issue 9, "The rules,
published"); the rules page must list every rule of the table with its source.
"""

from __future__ import annotations

import unittest
from html.parser import HTMLParser

from gist_calculator.api import evaluate
from gist_calculator.render import results_html, rules_html
from gist_calculator.render.pathway import pathway_html
from gist_calculator.results import STEP_STATUS_WORDS, StepStatus
from gist_calculator.treatment.rules import FIELD_USES, TABLE


class Elements(HTMLParser):
    """Every start tag with its attributes, and the text, in order."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def with_attr(self, name: str) -> list[dict[str, str | None]]:
        return [a for _, a in self.tags if name in a]


def steps(request: dict[str, object]) -> list[tuple[str | None, str | None]]:
    evaluation = evaluate(request)
    assert evaluation.pathway is not None, request
    html = Elements(pathway_html(evaluation.pathway))
    return [(a["data-step"], a["data-status"]) for a in html.with_attr("data-step")]


# (request, expected (step, status) list, why)
CASES: list[tuple[dict[str, object], list[tuple[str, str]], str]] = [
    (
        {"setting": "unresectable", "mutation": "kit-exon-11", "progressed_on": "imatinib"},
        [("imatinib", "grew"), ("imatinib-800", "also-now"), ("sunitinib", "now"),
         ("regorafenib", "later"), ("ripretinib", "later"), ("other", "later")],
        "exon 11 after growth on 400 mg: sunitinib next, higher dose also possible (PDQ)",
    ),
    (
        {"setting": "recurrent", "mutation": "kit-exon-11", "intolerant_of": "imatinib"},
        [("imatinib", "side-effects"), ("imatinib-800", "passed"), ("sunitinib", "now"),
         ("regorafenib", "later"), ("ripretinib", "later"), ("other", "later")],
        "side effects of imatinib: no higher dose, sunitinib next (ACS)",
    ),
    (
        {"setting": "unresectable", "mutation": "kit-exon-11",
         "progressed_on": ["imatinib", "regorafenib"]},
        [("imatinib", "grew"), ("imatinib-800", "passed"), ("sunitinib", "now"),
         ("regorafenib", "grew"), ("ripretinib", "later"), ("other", "later")],
        "no skipped step: sunitinib, not ripretinib (issue 9 item 6); the higher dose is "
        "passed once a later medicine was tried (ACS order; review Nov 2026)",
    ),
    (
        {"setting": "recurrent", "mutation": "pdgfra-d842v", "progressed_on": "avapritinib"},
        [("avapritinib", "grew"), ("other", "now")],
        "D842V after avapritinib: trials and other medicines (PDQ)",
    ),
    (
        {"setting": "marginally-resectable", "mutation": "kit-exon-11"},
        [("imatinib", "now"), ("imatinib-800", "later"), ("sunitinib", "later"),
         ("regorafenib", "later"), ("ripretinib", "later"), ("other", "later")],
        "imatinib before surgery is the first step of the sequence",
    ),
    (
        {"setting": "unresectable", "mutation": "ntrk-fusion"},
        [("ntrk", "now"), ("other", "later")],
        "NTRK fusion: its own line",
    ),
]  # fmt: skip


class TestPathway(unittest.TestCase):
    def test_steps_and_statuses(self) -> None:
        for request, expected, why in CASES:
            with self.subTest(why):
                self.assertEqual(steps(request), expected)

    def test_an_ordered_list_with_status_words(self) -> None:
        evaluation = evaluate(CASES[0][0])
        assert evaluation.pathway is not None
        html = pathway_html(evaluation.pathway)
        parsed = Elements(html)
        self.assertEqual([t for t, _ in parsed.tags].count("ol"), 1)
        self.assertEqual(len(parsed.with_attr("data-step")), 6)
        hidden = [a for t, a in parsed.tags if a.get("class") == "gist-visually-hidden"]
        self.assertEqual(len(hidden), 6, "each step says its status to screen readers")
        text = "".join(parsed.text)
        for status in (StepStatus.GREW, StepStatus.NOW, StepStatus.ALSO_NOW, StepStatus.LATER):
            self.assertIn(STEP_STATUS_WORDS[status], text)
        current = parsed.with_attr("aria-current")
        self.assertEqual([a["data-step"] for a in current], ["sunitinib"])

    def test_in_the_results_where_a_sequence_applies(self) -> None:
        shown = results_html(evaluate(CASES[0][0]), {})
        self.assertIn('data-pathway="standard"', shown)
        for request in (
            {"setting": "resectable", "size": 3, "mitoses": 2, "site": "stomach"},
            {"size": 3, "mitoses": 2, "site": "stomach"},
        ):
            self.assertNotIn("data-pathway", results_html(evaluate(request), {}), request)

    def test_gene_test_pending_names_the_other_lines(self) -> None:
        evaluation = evaluate({"setting": "unresectable"})
        assert evaluation.pathway is not None
        html = pathway_html(evaluation.pathway)
        for words in ("D842V", "NTRK", "BRAF", "SDH"):
            self.assertIn(words, html)


class TestRulesPage(unittest.TestCase):
    def test_every_rule_with_its_source(self) -> None:
        html = rules_html()
        parsed = Elements(html)
        rows = [t for t, _ in parsed.tags].count("tr")
        tables = [t for t, _ in parsed.tags].count("table")
        self.assertEqual(rows, len(TABLE) + len(FIELD_USES) + tables, "one row per rule")
        for rule in TABLE:
            self.assertIn(f"<code>{rule.id}</code>", html)
            for source in rule.sources:
                self.assertIn(source.short.replace("&", "&amp;"), html)
        headers = [a.get("scope") for t, a in parsed.tags if t == "th"]
        self.assertTrue(headers and all(h == "col" for h in headers))


if __name__ == "__main__":
    unittest.main()


class TestResultsReadingOrder(unittest.TestCase):
    """Answer first (issue 10 point 3): nothing stands between the reader and the options
    but what changes how to read them; "none" is said as words, not "about 0 out of 100"."""

    def test_answers_that_changed_nothing_come_after_the_options(self) -> None:
        request = {"setting": "unresectable", "metastasis": "present", "nodes": "positive"}
        evaluation = evaluate(request)
        self.assertIn("fields_not_used", [n.id for n in evaluation.notes])
        html = results_html(evaluation, {})
        self.assertLess(html.index("gist-options"), html.index('data-note="fields_not_used"'))

    def test_a_zero_cell_is_said_as_none(self) -> None:
        # AFIP stomach <= 2 cm, <= 5 mitoses: 0% (Miettinen & Lasota 2006).
        html = results_html(evaluate({"size": 1.5, "mitoses": 2, "site": "stomach"}), {})
        self.assertNotIn("about 0 out of 100", html)
        self.assertIn("none out of 100", html)
