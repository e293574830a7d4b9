"""The widget in real Chromium, on the built site served under a sub-path.

Every page's widget must reach `ready`; the golden cases of the calculator, typed into the
form with real clicks and keys, must show what the command line's JSON says; bad input must
show a message on its field and leave the page working; instant navigation must keep the one
Pyodide; everything must work from the keyboard; and no request may leave the site. One page
is booted once and reused for the form cases: a Pyodide boot per case would take minutes.
"""

from __future__ import annotations

import functools
import json
import time
from collections.abc import Iterator
from typing import Any

import pytest
from site_support import (
    PAGES,
    TIMINGS,
    Site,
    Visit,
    front_matter,
    open_visit,
)

from browser_support import (
    CHOICES,
    FIELD_NAMES,
    FORM_STATE,
    READ_WIDGET,
    SELECT_FIELDS,
    WIDGET,
    cli_json,
    expected_view,
    form_entry,
    golden_ids,
    load_cases,
    shown,
    wait_idle,
)
from gist_calculator import fields as field_table
from gist_calculator.api import evaluate_json

# Shared with the other browser tests (browser_support.py); test_a11y imports them from here.
__all__ = ["Widget", "cli_json", "expected_view", "form_entry", "shown"]

pytestmark = pytest.mark.browser

# After the first boot, a page reached by instant navigation has Pyodide already.
NAVIGATION_READY_S = 5.0

# ---------------------------------------------------------------- driving the form


class Widget:
    """The widget of a page, driven through real user actions."""

    def __init__(self, visit: Visit) -> None:
        self.visit = visit
        self.page = visit.page
        self.root = self.page.locator(WIDGET)

    def control(self, key: str) -> Any:
        name, _, value = key.partition("=")
        selector = f'[data-gist-form] [name="{name}"]' + (f'[value="{value}"]' if value else "")
        return self.root.locator(selector)

    @functools.cached_property
    def choices(self) -> dict[str, list[str]]:
        return self.root.evaluate(CHOICES)

    @functools.cached_property
    def fields(self) -> set[str]:
        return set(self.root.evaluate(FIELD_NAMES))

    def set_form(self, target: dict[str, Any]) -> None:
        """Change only what differs, with the action a reader would use for each control."""
        current = self.root.evaluate(FORM_STATE)
        # The situation and the count's unit first: they decide which questions are shown.
        first = [k for k in ("setting", "mitoses_unit") if k in target]
        chosen = {k: v for k, v in target.items() if v is not None}
        for key in [*first, *(k for k in target if k not in first)]:
            value = target[key]
            if value is None or current.get(key) == value:
                continue
            control = self.control(key)
            name = key.partition("=")[0]
            if not field_table.relevant(name, {**current, **chosen}):
                continue  # a question this situation does not ask: hidden, never sent
            if isinstance(value, bool):
                control.set_checked(value)
            elif key in SELECT_FIELDS:
                control.select_option(value)
            else:
                control.fill(value)

    def read(self) -> dict[str, Any]:
        wait_idle(self.page)
        return self.root.evaluate(READ_WIDGET)


@pytest.fixture(scope="module")
def booted(browser: Any, site: Site) -> Iterator[Widget]:
    """One page with a ready widget, reused by every form case of this module."""
    with open_visit(browser, site) as visit:
        seconds = visit.boot("index")
        TIMINGS.setdefault("first widget ready (cold page load and Pyodide boot)", seconds)
        yield Widget(visit)


@pytest.fixture
def widget(booted: Widget) -> Iterator[Widget]:
    yield booted
    # Taken, not just read: a case that failed here must not fail the cases after it.
    booted.visit.assert_clean()


# ---------------------------------------------------------------- every page, one Pyodide


def expected_for_page(page: str) -> dict[str, Any]:
    preset = front_matter(page)["widget"]
    return expected_view(cli_json({"command": "treatment", **preset}), set())


@pytest.mark.both_engines
def test_every_page_reaches_ready_on_one_pyodide(visit: Visit) -> None:
    """First page by a full load, then every other page by instant navigation."""
    start = time.monotonic()
    visit.goto("index")
    visit.wait_ready()
    TIMINGS.setdefault(
        "first widget ready (cold page load and Pyodide boot)", time.monotonic() - start
    )
    page = visit.page
    page.evaluate(
        "() => { window.__notReloaded = {}; window.__pyodide = window.gistWidget.pyodide; }"
    )
    assert page.evaluate("() => window.gistWidget.boots") == 1
    slowest = 0.0
    links = page.locator(".md-sidebar--primary a.md-nav__link")
    for name in [*PAGES[1:], PAGES[0]]:
        url = visit.site.page_url(name)
        # Material rewrites the links' href attributes; the resolved href is what counts.
        index = links.evaluate_all(
            "(links, url) => links.findIndex((a) => a.href === url && a.offsetParent)", url
        )
        assert index >= 0, f"no visible navigation link to {url}"
        start = time.monotonic()
        links.nth(index).click()
        page.wait_for_function(
            """([url, name]) => location.href === url && Array.from(
                document.querySelectorAll("[data-gist-widget]")).some(
                  (r) => r.dataset.page === name && r.dataset.state !== "loading")""",
            arg=[url, name],
        )
        visit.wait_ready()
        elapsed = time.monotonic() - start
        slowest = max(slowest, elapsed)
        same = page.evaluate(
            """() => [typeof window.__notReloaded === "object",
                      window.gistWidget.boots,
                      window.__pyodide === window.gistWidget.pyodide]"""
        )
        assert same == [True, 1, True], f"{name}: a full reload or a second Pyodide ({same})"
        assert elapsed < NAVIGATION_READY_S, f"{name}: widget ready only after {elapsed:.1f} s"
        view = Widget(visit).read()
        assert not view["stale"]
        assert shown(view) == expected_for_page(name), name
    TIMINGS["slowest page ready after instant navigation"] = slowest
    wasm = [u for u in visit.requests if u.endswith("/pyodide.asm.wasm")]
    assert len(wasm) == 1, f"Pyodide's wasm was fetched {len(wasm)} times"
    visit.assert_clean()


def test_a_deep_page_loads_by_itself_under_the_sub_path(visit: Visit) -> None:
    """A nested page opened directly finds Pyodide and the wheel by relative URLs."""
    start = time.monotonic()
    visit.goto("recurrent")
    visit.wait_ready()
    TIMINGS["deep page ready (cold page load and Pyodide boot)"] = time.monotonic() - start
    view = Widget(visit).read()
    assert shown(view) == expected_for_page("recurrent")
    visit.assert_clean()


# ---------------------------------------------------------------- golden cases


@pytest.mark.both_engines
@pytest.mark.parametrize("case_id", golden_ids())
def test_golden_case_shows_what_the_command_line_says(widget: Widget, case_id: str) -> None:
    case = next(c for c in load_cases() if c["id"] == case_id)
    request = dict(case["request"])
    command = request.get("command") or ("treatment" if "setting" in request else "risk")
    entry = form_entry(request, widget.choices)
    if entry.dropped:
        # Only a word the command line itself rejects may be missing from the form: every
        # valid answer must be expressible with the controls.
        # (The JSON entry point, since the command line has no way to say bone_pain "maybe".)
        rejected = {e["field"] for e in json.loads(evaluate_json(json.dumps(request)))["errors"]}
        assert set(entry.dropped) <= rejected, (
            f"the form cannot express {entry.dropped}, which the command line accepts"
        )
    if entry.target["setting"] is None:
        # A risk-only case: the widget always answers for a setting too; use the first.
        entry.target["setting"] = widget.choices["setting"][0]
    widget.set_form(entry.target)
    # The same request as the widget now sends it, through the command line.
    answer = cli_json({**entry.sent, "command": "treatment", "setting": entry.target["setting"]})
    view = widget.read()
    expected = expected_view(answer, widget.fields)
    if answer["errors"]:
        assert view["stale"], "results for other answers are not marked out of date"
        assert {k: view[k] for k in ("errors", "invalid")} == {
            k: expected[k] for k in ("errors", "invalid")
        }
    else:
        assert not view["stale"]
        assert shown(view) == expected
        risk_answer = cli_json(request) if command == "risk" else None
        if risk_answer is not None and not risk_answer["errors"]:
            # The risk command's own answer has the same schemes. (Where it has errors, such
            # as a missing size, the widget, which always sends a setting, answers as
            # `treatment` does: with "not enough information".)
            assert expected["schemes"] == expected_view(risk_answer, set())["schemes"]


# ---------------------------------------------------------------- bad input


VALID = {"setting": "resectable", "size": "6", "mitoses": "3", "site": "jejunum-ileum"}


def _reset(widget: Widget, **changes: str) -> dict[str, Any]:
    request = {**VALID, **changes}
    entry = form_entry(request, widget.choices)
    assert not entry.dropped
    widget.set_form(entry.target)
    return request


@pytest.mark.parametrize(
    ("field", "text"),
    [("size", "abc"), ("size", "-3"), ("mitoses", "1e999"), ("mitoses", "-1"), ("size", "0")],
)
def test_bad_input_shows_a_field_error_and_the_page_keeps_working(
    widget: Widget, field: str, text: str
) -> None:
    _reset(widget)
    before = widget.read()
    assert not before["errors"]
    assert not before["stale"]
    control = widget.control(field)
    control.fill(text)
    view = widget.read()
    assert view["state"] == "ready"
    assert list(view["errors"]) == [field], view["errors"]
    assert view["errors"][field].strip()
    expected = cli_json({**VALID, field: text})["errors"]
    assert view["errors"][field] == " ".join(e["message"] for e in expected if e["field"] == field)
    assert control.get_attribute("aria-invalid") == "true"
    assert control.input_value() == text, "the entered text must stay in the field"
    assert view["stale"], "results for other answers are not marked out of date"
    slot = widget.root.locator(f'[data-error-for="{field}"]')
    assert slot.is_visible()
    # Fixing the value brings the results back and clears the error.
    control.fill("7")
    fixed = widget.read()
    assert fixed["errors"] == {}
    assert fixed["invalid"] == []
    assert not fixed["stale"]
    assert control.get_attribute("aria-invalid") is None
    assert not slot.is_visible()
    assert shown(fixed) == expected_view(
        cli_json({**VALID, field: "7", "command": "treatment"}), set()
    )


# ---------------------------------------------------------------- keyboard


def _tab_to(widget: Widget, name: str, *, back: bool = False, limit: int = 40) -> None:
    for _ in range(limit):
        if (
            widget.page.evaluate("() => document.activeElement && document.activeElement.name")
            == name
        ):
            return
        widget.page.keyboard.press("Shift+Tab" if back else "Tab")
    pytest.fail(f"{name} cannot be reached with the Tab key")


def test_everything_works_from_the_keyboard(widget: Widget) -> None:
    """Each key changes the answer (the steps are chosen so that every result moves)."""
    request = _reset(widget, rupture="false")
    page = widget.page
    before = shown(widget.read())
    # Start just before the form (a click on its heading), as a reader tabbing down would.
    widget.root.locator("h3").first.click()
    steps = (
        ("size", ("Control+A", "4"), "4"),  # 6 cm -> 4 cm
        ("site", ("ArrowDown",), "colon"),  # jejunum-ileum -> the next site in the list
        ("rupture", ("Space",), True),
    )
    for name, keys, value in steps:
        _tab_to(widget, name)
        for key in keys:
            if len(key) == 1:
                page.keyboard.type(key)
            else:
                page.keyboard.press(key)
        request[name] = value
        now = shown(widget.read())
        assert now == expected_view(cli_json(request), set()), f"after {keys} on {name}"
        assert now != before, f"{keys} on {name} did not change the results"
        before = now
    assert widget.control("site").input_value() == "colon"
    assert widget.control("rupture=true").is_checked()
    # Enter in a field must not submit the form and reload the page.
    page.evaluate("() => { window.__stillHere = true; }")
    _tab_to(widget, "mitoses", back=True)
    page.keyboard.press("Enter")
    assert page.evaluate("() => window.__stillHere") is True
    assert shown(widget.read()) == before
