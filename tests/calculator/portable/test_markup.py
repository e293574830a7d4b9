"""HTML is escaped by default (issue 12, item 5): text becomes markup only when it is Markup.

First the rules of ``render.markup`` as a table of cases; then two invariants over the
calculator's whole output: no element is ever shown as text (a part built as a plain
string and escaped by mistake would show "<strong>" to a reader), and nothing a request
carries ever becomes an element. Portable: also run inside Pyodide.
"""

from __future__ import annotations

import itertools
import re
import unittest
from html.parser import HTMLParser

from _treatment_space import answer

from gist_calculator.api import evaluate
from gist_calculator.choices import Drug, MetastasisStatus, Mutation, NodeStatus, Setting, Site
from gist_calculator.fields import FIELDS, FORM_FIELDS, Kind
from gist_calculator.inputs import Treatment, Tumour
from gist_calculator.render import (
    error_summary_html,
    results_html,
    rules_html,
    table_html,
    versions_html,
    widget_html,
)
from gist_calculator.render.markup import Markup, attrs, esc, join, shape, tag, trusted, void
from gist_calculator.tables import TABLE_GROUPS

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>&amp;'
HOSTILE_SHOWN = (
    "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;&amp;amp;"
)

# (what, made, expected HTML)
CASES: list[tuple[str, str, str]] = [
    ("a plain body is escaped", tag("p", HOSTILE), f"<p>{HOSTILE_SHOWN}</p>"),
    ("a Markup body goes in as it is", tag("p", tag("em", "a")), "<p><em>a</em></p>"),
    ("esc leaves Markup alone (no double escape)", esc(esc("<")), "&lt;"),
    ("esc escapes quotes too", esc("\"'"), "&quot;&#x27;"),
    ("Markup + str escapes the str", tag("b", "x") + "<i>", "<b>x</b>&lt;i&gt;"),
    ("str + Markup escapes the str", "<i>" + tag("b", "x"), "&lt;i&gt;<b>x</b>"),
    ("Markup + Markup is kept", tag("b", "x") + tag("i", "y"), "<b>x</b><i>y</i>"),
    ("join escapes plain parts", join(["<a>", tag("b", "x")]), "&lt;a&gt;<b>x</b>"),
    ("join escapes a plain separator", join([tag("b", "1"), tag("b", "2")], "<>"),
     "<b>1</b>&lt;&gt;<b>2</b>"),
    ("join keeps a Markup separator", join(["a", "b"], trusted("<br>")), "a<br>b"),
    ("attribute values are always escaped", tag("a", "x", href='"><script>'),
     '<a href="&quot;&gt;&lt;script&gt;">x</a>'),
    ("True is a bare attribute; None and False are left out",
     void("input", checked=True, disabled=False, value=None), "<input checked>"),
    ("Python names become HTML names", tag("p", "", class_="c", data_gist_x="1"),
     '<p class="c" data-gist-x="1"></p>'),
    ("an SVG shape closes itself", shape("rect", x=1), '<rect x="1"/>'),
    ("no attributes, nothing added", str(attrs()), ""),
]  # fmt: skip


class TestMarkupRules(unittest.TestCase):
    def test_cases(self) -> None:
        for what, made, expected in CASES:
            with self.subTest(what):
                self.assertEqual(str(made), expected)

    def test_results_of_the_helpers_are_markup(self) -> None:
        for made in (tag("p"), esc("x"), join([]), trusted(""), void("br"), shape("g"), attrs()):
            self.assertIsInstance(made, Markup)
        # Concatenation stays Markup whichever side the plain string is on.
        self.assertIsInstance(tag("p") + "x", Markup)
        self.assertIsInstance("x" + tag("p"), Markup)


# An element shown as text: "&lt;" then a letter or "/" (a "<" in a sentence, as in "< 2 cm",
# is followed by a space). And text escaped twice: "&amp;" then an entity.
ESCAPED_ELEMENT = re.compile(r"&lt;/?[A-Za-z]")
DOUBLE_ESCAPED = re.compile(r"&amp;(?:lt|gt|amp|quot|#x?[0-9a-fA-F]+);")


def _texts_are_clean(tc: unittest.TestCase, html: str, where: str) -> None:
    tc.assertIsNone(ESCAPED_ELEMENT.search(html), f"{where}: an element shown as text")
    tc.assertIsNone(DOUBLE_ESCAPED.search(html), f"{where}: text escaped twice")


class Elements(HTMLParser):
    """The names of the elements and the attribute names in a piece of HTML."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.names: set[str] = set()
        self.attributes: set[str] = set()
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.names.add(tag)
        self.attributes.update(name for name, _ in attrs)


URLS = {"understanding-risk": "../understanding-risk/", "recurrent": "../recurrent/"}


class TestTheCalculatorsOutput(unittest.TestCase):
    """Every page part the package makes, over every situation, medicine history step,
    gene change and risk group: nothing escaped by mistake."""

    def test_results_over_the_input_space(self) -> None:
        histories = [frozenset(), frozenset({Drug.IMATINIB}),
                     frozenset({Drug.IMATINIB, Drug.SUNITINIB, Drug.REGORAFENIB})]  # fmt: skip
        space = itertools.product(
            Setting, (1.5, 12.0), (None, 12.0), (Site.STOMACH, Site.RECTUM, None),
            (Mutation.KIT_EXON_11, Mutation.PDGFRA_D842V, Mutation.SDH_DEFICIENT),
            (NodeStatus.UNKNOWN, NodeStatus.POSITIVE), (MetastasisStatus.ABSENT,), histories,
        )  # fmt: skip
        count = 0
        for setting, size, count_5, site, gene, nodes, spread, grew in space:
            tumour = Tumour(size_cm=size, mitoses_per_5mm2=count_5, site=site, mutation=gene,
                            nodes=nodes, metastasis=spread, size_entered=size,
                            mitoses_entered=count_5)  # fmt: skip
            evaluation = answer(tumour, Treatment(setting, progressed_on=grew))
            html = results_html(evaluation, URLS)
            _texts_are_clean(self, html, f"{setting} {size} {count_5} {site} {gene} {grew}")
            count += 1
        self.assertGreater(count, 500)

    def test_build_time_parts(self) -> None:
        parts = {"rules page": rules_html(), "versions": versions_html()}
        parts |= {f"table {group}": table_html(group) for group in TABLE_GROUPS}
        for setting in Setting:
            parts[f"widget {setting}"] = widget_html(
                {"setting": setting.value}, page_id="t", section_urls=URLS,
                glossary={"TNM": "Tumour, nodes, metastasis", "AFIP": "A < B"},
            )  # fmt: skip
        for where, html in parts.items():
            with self.subTest(where):
                _texts_are_clean(self, html, where)


class TestNothingARequestCarriesBecomesMarkup(unittest.TestCase):
    """Hostile text in every field: the answer (results or error summary) has no element
    and no attribute the calculator does not make itself."""

    def test_every_field(self) -> None:
        safe = Elements(results_html(evaluate({"setting": "recurrent"}), URLS))
        for field in FIELDS:
            value: object = [HOSTILE] if field.kind is Kind.LIST else HOSTILE
            with self.subTest(field=field.name):
                evaluation = evaluate({"setting": "recurrent", field.name: value})
                html = (
                    error_summary_html(evaluation.errors, FORM_FIELDS)
                    if evaluation.errors
                    else results_html(evaluation, URLS)
                )
                found = Elements(html)
                self.assertNotIn("script", found.names)
                self.assertNotIn("img", found.names)
                self.assertNotIn("onerror", found.attributes)
                self.assertLessEqual(found.names, safe.names | {"a", "ul", "li", "div", "h3"})
