"""Nothing the reader typed is lost when only the address's fragment changes (issue 12).

Material's instant navigation fetches the page again the first time the fragment changes on
a page (a heading in the table of contents, a fragment typed by hand, a pasted link to this
page) and swaps in a fresh copy of the content, calculator included. Driven here as a reader
would, in real Chromium against the built site: answers typed, then

- (a) a heading of the same page chosen in the table of contents,
- (b) the fragment changed by hand,
- (c) a shared link of other answers for this page opened in the same tab,
- (d) back and forward over those (back from a link brings the answers it replaced).

(a), (b) and (d) keep the reader's answers, the results worked out for them and the words
that say they are the reader's own ("form-yours", "results-current"), also where the
browser refuses session storage (the answers must not depend on it). (c) shows the link's
answers, says they came from the link, and the results follow them (the command line's
answer for the same request). No timing is checked; every wait has its own limit.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode

import pytest
from site_support import Site, Visit, open_visit
from test_browser import Widget, cli_json, expected_view, form_entry, shown

from browser_support import FORM_STATE, SELECT_FIELDS

pytestmark = pytest.mark.browser
# Both engines' sites: Zensical's instant navigation does not fetch the page again on a
# fragment change (seen here: no new document), MkDocs + Material's does, once.
SITE_ENGINES = ("mkdocs", "zensical")

PAGE = "localised-smaller"
PREFIX = "#answers?"
# The reader's own answers, away from the page's example (3 cm, 4 mitoses, stomach).
TYPED = {"setting": "resectable", "size": "12", "mitoses": "8", "site": "jejunum-ileum"}
# Shared links' answers, different from both: as the share button writes them (every list
# included), and cut short by hand (the lists it leaves out keep the reader's choice).
LINKS = {
    "full": {
        "setting": "resectable",
        "size": "3",
        "size_unit": "cm",
        "mitoses": "2",
        "mitoses_unit": "per-5mm2",
        "site": "colon",
        "nodes": "negative",
        "metastasis": "absent",
        "mutation": "kit-exon-11",
    },
    "short": {"setting": "resectable", "size": "3", "mitoses": "2", "site": "colon"},
}
# Headings of the page below the calculator (its table of contents links to them).
HEADING = "surgery"
OTHER_HEADING = "adjuvant-imatinib"
# How long Material may take to fetch and swap in the page again (a local server).
SWAP_TIMEOUT_MS = 15_000
# A browser that refuses session storage (some private modes, some settings): reading the
# property throws, as it does there.
NO_STORAGE = """
Object.defineProperty(window, "sessionStorage", {
  get() { throw new DOMException("The operation is insecure.", "SecurityError"); },
});
"""
# How many documents Material has put in place (1 once the page has loaded).
COUNT_SWAPS = """() => {
  if (window.__gistSwaps === undefined) {
    window.__gistSwaps = 0;
    window.document$.subscribe(() => { window.__gistSwaps += 1; });
  }
  return window.__gistSwaps;
}"""
# The words about the answers and the results, as the widget's contract sets them.
NOTES = """(root) => ({
  form: root.querySelector("[data-gist-form-note]").getAttribute("data-form"),
  formWords: root.querySelector("[data-gist-form-note]").textContent,
  results: root.querySelector("[data-gist-results]").getAttribute("data-results"),
  resultsWords: root.querySelector("[data-gist-results-words]").textContent,
})"""


def _notes(widget: Widget, form: str, results: str) -> dict[str, str]:
    """What the notes must say: the package's words (data-msg-*) for those states."""
    return {
        "form": form,
        "formWords": widget.root.get_attribute(f"data-msg-form-{form}") or "",
        "results": results,
        "resultsWords": widget.root.get_attribute(f"data-msg-results-{results}") or "",
    }


class Reader:
    """A reader on the page with their own answers typed, and what the page showed them."""

    def __init__(self, visit: Visit) -> None:
        self.visit = visit
        self.page = visit.page
        visit.goto(PAGE)
        visit.wait_ready()
        self.widget = Widget(visit)
        self.widget.set_form(form_entry(TYPED, self.widget.choices).target)
        self.view = self.widget.read()
        self.form = self.widget.root.evaluate(FORM_STATE)
        assert self.view["state"] == "ready"
        assert not self.view["stale"], self.view
        self.swaps = self.page.evaluate(COUNT_SWAPS)

    def kept(self, why: str) -> None:
        """The answers typed, their results, and the words that say they are the reader's."""
        view = self.widget.read()
        assert self.widget.root.evaluate(FORM_STATE) == self.form, why
        assert view == self.view, why
        assert self.widget.root.evaluate(NOTES) == _notes(self.widget, "yours", "current"), why

    def swapped(self) -> None:
        """Wait until Material has fetched and put in the page again (it does so once)."""
        if self.visit.site.engine != "mkdocs":
            return  # Zensical keeps the page as it is
        self.page.wait_for_function(
            "(n) => window.__gistSwaps > n", arg=self.swaps, timeout=SWAP_TIMEOUT_MS
        )
        self.swaps = self.page.evaluate(COUNT_SWAPS)

    def at(self, fragment: str) -> None:
        self.page.wait_for_function(
            "(h) => location.hash === h", arg=fragment, timeout=SWAP_TIMEOUT_MS
        )

    def move(self, way: str, fragment: str | None) -> None:
        """Back or forward to an entry whose answers differ: one call works them out.

        `fragment` is where it leads; None for a link's answers (the address holds them).
        """
        calls = self.page.evaluate("() => window.gistWidget.calls")
        getattr(self.page, f"go_{way}")(wait_until="commit")
        if fragment is None:
            self.page.wait_for_function(
                "(p) => location.hash.startsWith(p)", arg=PREFIX, timeout=SWAP_TIMEOUT_MS
            )
        else:
            self.at(fragment)
        self.page.wait_for_function(
            "(n) => window.gistWidget.calls > n", arg=calls, timeout=SWAP_TIMEOUT_MS
        )

    def heading_offset(self, name: str) -> float:
        """How far the heading is from where a jump to it puts it (its scroll margin)."""
        offset: float = self.page.eval_on_selector(
            f"#{name}",
            "(el) => el.getBoundingClientRect().top - parseFloat(getComputedStyle(el).scrollMarginTop)",
        )
        return offset

    def toc(self, name: str) -> None:
        """Choose a heading in the table of contents, with the mouse."""
        self.page.locator(f'.md-sidebar--secondary a.md-nav__link[href$="#{name}"]').click()
        self.at(f"#{name}")


@pytest.fixture(params=["storage", "no-storage"])
def reader(request: pytest.FixtureRequest, browser: Any, site: Site) -> Iterator[Reader]:
    with open_visit(browser, site) as visit:  # closed after the test, failed or not
        if request.param == "no-storage":
            visit.context.add_init_script(NO_STORAGE)
        yield Reader(visit)
        visit.assert_clean()


def test_a_heading_in_the_table_of_contents_keeps_the_answers(reader: Reader) -> None:
    reader.toc(HEADING)
    reader.swapped()  # the first fragment change: Material swaps in a fresh page
    reader.kept("(a) a heading of the same page, the first fragment change")
    # The heading is where the jump put it, whatever the calculator's height now.
    assert abs(reader.heading_offset(HEADING)) < 2, reader.heading_offset(HEADING)
    reader.toc(OTHER_HEADING)
    reader.kept("(a) another heading, once the page was swapped")


def test_a_fragment_changed_by_hand_keeps_the_answers(reader: Reader) -> None:
    reader.page.evaluate("(h) => { location.hash = h; }", f"#{HEADING}")
    reader.at(f"#{HEADING}")
    reader.swapped()
    reader.kept("(b) the fragment changed by hand, the first fragment change")
    reader.page.evaluate("() => { location.hash = '#not-a-heading'; }")
    reader.at("#not-a-heading")
    reader.kept("(b) a fragment that names nothing")


def test_back_and_forward_keep_the_answers(reader: Reader) -> None:
    reader.toc(HEADING)
    reader.swapped()
    reader.page.evaluate("(h) => { location.hash = h; }", f"#{OTHER_HEADING}")
    reader.at(f"#{OTHER_HEADING}")
    for move, fragment in (("back", f"#{HEADING}"), ("back", ""), ("forward", f"#{HEADING}")):
        getattr(reader.page, f"go_{move}")(wait_until="commit")
        reader.at(fragment)
        reader.kept(f"(d) {move} to {fragment or 'the page itself'}")


def test_a_reader_who_asked_for_a_link_keeps_their_own_words_on_back(reader: Reader) -> None:
    """The address holds the reader's answers once they ask for a link; back to it again is
    no link opened: the answers stay theirs (no "came from the link" note, no jump)."""
    reader.widget.root.locator("[data-gist-share]").click()
    reader.page.wait_for_function(
        "(p) => location.hash.startsWith(p)", arg=PREFIX, timeout=SWAP_TIMEOUT_MS
    )
    shared = reader.page.evaluate("() => location.hash")
    reader.toc(HEADING)
    reader.swapped()
    reader.kept("(a) a heading, with the reader's link in the address before")
    reader.page.go_back(wait_until="commit")
    reader.at(shared)
    reader.kept("(d) back to the address that holds the reader's own answers")
    reader.page.go_forward(wait_until="commit")
    reader.at(f"#{HEADING}")
    reader.kept("(d) forward to the heading")


@pytest.mark.parametrize("link", list(LINKS))
@pytest.mark.parametrize("first", [True, False], ids=["first-change", "after-a-heading"])
def test_a_link_opened_in_the_same_tab_shows_its_answers(
    reader: Reader, first: bool, link: str
) -> None:
    if not first:
        reader.toc(HEADING)
        reader.swapped()
    widget = reader.widget
    linked = LINKS[link]
    calls = reader.page.evaluate("() => window.gistWidget.calls")
    url = reader.visit.site.page_url(PAGE) + PREFIX + urlencode(linked)
    reader.page.goto(url, wait_until="commit")  # pasted into the address bar
    reader.page.wait_for_function(
        "(n) => window.gistWidget.calls > n", arg=calls, timeout=SWAP_TIMEOUT_MS
    )
    if first:
        reader.swapped()
    view = widget.read()
    # The link's answers; the lists it leaves out as the reader had them.
    kept_lists = {k: reader.form[k] for k in SELECT_FIELDS if k in reader.form}
    request = {**kept_lists, **linked}
    expected = form_entry(request, widget.choices)
    state = widget.root.evaluate(FORM_STATE)
    wanted = {k: v for k, v in expected.target.items() if v is not None and k in state}
    assert {k: state[k] for k in wanted} == wanted
    assert (state["size"], state["mitoses"], state["site"]) == ("3", "2", "colon")
    answer = cli_json({"command": "treatment", **request})
    assert shown(view) == expected_view(answer, widget.fields)
    assert not view["stale"], view
    assert widget.root.evaluate(NOTES) == _notes(widget, "link", "current")
    # The reader is taken to the sentence that says where the answers came from.
    reader.page.wait_for_function(
        "() => !!document.activeElement?.hasAttribute('data-gist-form-note')", timeout=5_000
    )
    # (d) Back: the answers the link replaced, worked out again; forward: the link's again.
    linked_form, linked_view = state, view
    reader.move("back", "" if first else f"#{HEADING}")
    reader.kept("(d) back from the link to where the reader's own answers were")
    reader.move("forward", None)
    assert widget.read() == linked_view
    assert widget.root.evaluate(FORM_STATE) == linked_form
    assert widget.root.evaluate(NOTES) == _notes(widget, "link", "current")
