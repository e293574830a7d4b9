"""What the page script does around the package's answers, in real Chromium.

One call into Python per change (a select or a box fires both `input` and `change`); the
error summary never takes focus by itself (issue 10), and its links lead to the fields;
the polite live region speaks the package's own announcement; the print and share buttons
appear once the calculator is ready, and print calls the browser's print.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
from site_html import parse
from site_support import Site, Visit, open_visit
from test_browser import Widget, form_entry

from gist_calculator import bridge

pytestmark = pytest.mark.browser

VALID = {"setting": "resectable", "size": "6", "mitoses": "3", "site": "jejunum-ileum"}
CALLS = "() => window.gistWidget.calls"
SUMMARY_FOCUSED = "() => !!document.activeElement?.classList.contains('gist-error-summary-box')"


@pytest.fixture(scope="module")
def booted(browser: Any, site: Site) -> Iterator[Widget]:
    with open_visit(browser, site) as visit:
        visit.context.add_init_script(
            "window.print = () => { window.__printed = (window.__printed || 0) + 1; };"
        )
        visit.boot("index")
        yield Widget(visit)


@pytest.fixture
def widget(booted: Widget) -> Iterator[Widget]:
    entry = form_entry(VALID, booted.choices)
    booted.set_form(entry.target)
    booted.read()
    booted.page.locator("h1").first.click()  # focus outside the form
    yield booted
    booted.visit.assert_clean()


def _calls(widget: Widget) -> int:
    widget.read()  # idle first: a call still waiting would be counted later
    count: int = widget.page.evaluate(CALLS)
    return count


# (what the reader does, how many calls into Python it may cost)
ONE_CALL_PER_CHANGE = [
    ("pick another site", lambda w: w.control("site").select_option("colon"), 1),
    ("pick a unit", lambda w: w.control("size_unit").select_option("mm"), 1),
    ("tick a box", lambda w: w.control("rupture=true").check(), 1),
    ("move the caret", lambda w: w.control("size").press("End"), 0),
    ("type one character", lambda w: w.control("size").type("5"), 1),
    ("leave a field unchanged after typing", lambda w: w.control("size").press("Tab"), 0),
    # The medicines are asked once the situation uses them (issue 10).
    ("pick another situation", lambda w: w.control("setting").select_option("recurrent"), 1),
    ("tick a medicine", lambda w: w.control("progressed_on=imatinib").check(), 1),
]


def test_each_change_calls_python_once(widget: Widget) -> None:
    for what, act, expected in ONE_CALL_PER_CHANGE:
        before = _calls(widget)
        act(widget)
        assert _calls(widget) - before == expected, what


def test_summary_never_takes_focus_by_itself(widget: Widget) -> None:
    """Issue 10: focus stays with the reader, typing or leaving a field; the summary, below
    the form, lists the problems with links to their fields."""
    page = widget.page
    size = widget.control("size")
    size.click()
    page.keyboard.press("Control+A")
    for key in "4x":
        page.keyboard.type(key)
        widget.read()
        assert not page.evaluate(SUMMARY_FOCUSED), "focus moved while typing"
    assert page.evaluate("() => document.activeElement.name") == "size"
    assert widget.read()["errors"].keys() == {"size"}, "the error shows while typing"
    page.keyboard.press("Tab")  # leaving the field: focus goes on to the next control
    widget.read()
    page.wait_for_timeout(300)
    assert not page.evaluate(SUMMARY_FOCUSED), "the summary took focus"
    assert page.evaluate("() => document.activeElement.name") == "size_unit"
    widget.control("mitoses").fill("lots")
    widget.control("mitoses").press("Tab")
    widget.read()
    page.wait_for_timeout(300)
    assert not page.evaluate(SUMMARY_FOCUSED), "the summary took focus"
    links = page.locator("[data-gist-error-summary] a")
    assert links.count() == 2


@pytest.mark.parametrize(
    ("field", "text", "focused"),
    [
        ("size", "huge", "size"),
        ("mitoses", "-4", "mitoses"),
        ("mitoses_area", "0.1", "mitoses_area"),
    ],
)
def test_summary_links_lead_to_their_fields(
    widget: Widget, field: str, text: str, focused: str
) -> None:
    if field == "mitoses_area":
        widget.control("mitoses_unit").select_option("per-area")
    widget.control(field).fill(text)
    widget.control(field).press("Tab")
    widget.read()
    url = widget.page.url
    link = widget.page.locator(f'[data-gist-error-summary] a[href="#gist-{field}"]')
    link.click()
    assert widget.page.evaluate("() => document.activeElement.name") == focused
    assert widget.page.url == url


def test_live_region_speaks_the_packages_announcement(widget: Widget) -> None:
    region = widget.root.locator("[data-gist-announce]")
    assert region.get_attribute("aria-live") == "polite"
    context = widget.root.get_attribute("data-context") or "{}"
    for changes in ({"size": "11"}, {"size": "11", "mitoses": "-2"}, {"site": "rectum"}):
        request = {**VALID, **changes}
        entry = form_entry(request, widget.choices)
        widget.set_form(entry.target)
        widget.read()
        sent = {**entry.sent, "setting": entry.target["setting"]}
        expected = json.loads(bridge.handle(json.dumps(sent), context))["announcement"]
        assert expected.strip()
        # Spoken once the typing has settled (issue 10: one announcement per settled change).
        widget.page.wait_for_function(
            "([el, text]) => el.textContent === text",
            arg=[region.element_handle(), expected],
            timeout=5_000,
        )


def test_buttons_appear_when_ready_and_print_prints(browser: Any, site: Site) -> None:
    visit: Visit = open_visit(browser, site)
    try:
        visit.context.add_init_script(
            "window.print = () => { window.__printed = (window.__printed || 0) + 1; };"
        )
        # Not shown while the calculator starts (their space is kept, so nothing moves when
        # they appear): nothing runs them before the script is ready.
        built = parse(site.page_file("unresectable").read_text(encoding="utf-8"))
        (root,) = built.with_attr("data-gist-widget")
        assert root.attrs.get("data-state") == "loading"
        held: list[Any] = []
        visit.page.route("**/pyodide.asm.wasm", lambda route: held.append(route))  # noqa: PLW0108 (Playwright needs a Python function)
        visit.goto("unresectable")
        actions = visit.page.locator("[data-gist-actions]")
        visit.page.wait_for_function("() => document.querySelector('[data-gist-actions]')")
        assert actions.is_hidden()
        for route in held:
            route.continue_()
        visit.page.unroute("**/pyodide.asm.wasm")
        visit.wait_ready()
        assert actions.is_visible()
        visit.page.locator("[data-gist-print]").click()
        assert visit.page.evaluate("() => window.__printed") == 1
        visit.assert_clean()
    finally:
        visit.context.close()


def test_print_view_has_answers_results_sources_and_no_chrome(widget: Widget) -> None:
    """Printed: the answers as a table, the results with the clinicians' details and
    sources (when the reader has asked for them: issue 10 keeps a printout to one or two
    pages), the versions and the date; no navigation, form or buttons."""
    page = widget.page
    widget.root.locator("[data-gist-clinician-toggle]").check()
    page.emulate_media(media="print")
    try:
        for hidden in (".md-header", ".md-sidebar--primary", "[data-gist-form]", ".gist-actions"):
            assert page.locator(hidden).first.is_hidden(), hidden
        summary = widget.root.locator(".gist-print-only")
        assert summary.is_visible()
        rows = summary.locator("table.gist-answers tr")
        assert rows.count() >= 4
        assert any(row.startswith("Size") for row in rows.all_inner_texts())
        stamp = summary.locator(".gist-stamp").inner_text()
        assert "version" in stamp
        assert re.search(r"\d{4}-\d{2}-\d{2}", stamp)
        assert widget.root.locator(".gist-clinician").first.is_visible()
        assert widget.root.locator(".gist-source").first.is_visible()
        # Not asked for (the box is not printed, so it is unticked as by the reader before).
        widget.root.locator("[data-gist-clinician-toggle]").evaluate(
            "(box) => { box.checked = false; }"
        )
        assert widget.root.locator(".gist-clinician").first.is_hidden()
    finally:
        page.emulate_media(media="screen")
        widget.root.locator("[data-gist-clinician-toggle]").uncheck()
