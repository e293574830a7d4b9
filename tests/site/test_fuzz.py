"""Random and garbage input into every control and into the link, in real Chromium.

Seeded (GIST_FUZZ_SEED, else a fixed seed, printed on failure) and bounded, so a run is fast
and a failure can be replayed. After every action: no uncaught exception in the page, the
widget is not stuck waiting, and it says `ready`. At the end valid answers go back in and the
widget must show exactly what the command line says for them.
"""

from __future__ import annotations

import os
import random
import string
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import pytest
from site_support import Site, open_visit
from test_browser import Widget, cli_json, expected_view, form_entry, shown
from widget_support import WIDGET

from browser_support import wait_idle

pytestmark = pytest.mark.browser

SEED = int(os.environ.get("GIST_FUZZ_SEED", "20260314"))
ACTIONS = 60  # form actions per run
LINKS = 15  # garbage links per run
# A widget may never wait longer than this for an answer (Pyodide is already up).
IDLE_WITHIN_MS = 10_000
VALID = {
    "setting": "resectable",
    "size": "4.5",
    "mitoses": "7",
    "site": "duodenum",
    "nodes": "negative",
    "metastasis": "absent",
}

# Text that has broken number parsers somewhere: signs, exponents, other digits, separators,
# markup, quotes, control characters, lone and paired surrogates' neighbours, long strings.
NASTY = [
    "",
    " ",
    "-",
    "+",
    ".",
    "1e",
    "1e999",
    "-1e-999",
    "NaN",
    "Infinity",
    "-0",
    "0x10",
    "١٢",  # Arabic-Indic digits
    "３",  # a full-width digit
    "1,5",
    "1,5,5",
    "1.2.3",
    "1_000",
    "9" * 400,
    "<script>window.__pwned=1</script>",
    "<img src=x onerror=window.__pwned=1>",
    "'\"\\`${}",
    "\u0000\u0007\u200b\ufeff",
    "😀",
    "%00%ZZ%",
    "__proto__",
    "constructor",
    "None",
    "null",
    "true",
    "[]",
    "{}",
]
GARBAGE_KEYS = ["__proto__", "constructor", "command", "", "size[]", "foo", "toString"]


def garbage(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.4:
        return rng.choice(NASTY)
    if roll < 0.7:
        return rng.choice(["", "-", ""]) + repr(rng.uniform(-1e6, 1e6))[: rng.randint(1, 12)]
    alphabet = string.printable + "µ²°–—éß漢字"
    return "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 60)))


@pytest.fixture(scope="module")
def fuzzed(browser: Any, site: Site) -> Iterator[Widget]:
    with open_visit(browser, site) as visit:
        visit.boot("localised-larger")
        yield Widget(visit)


def _controls(widget: Widget, *, asked_only: bool = True) -> list[dict[str, str]]:
    """The form's controls; by default those the situation asks (a reader sees no others)."""
    found: list[dict[str, str]] = widget.root.evaluate(
        """(root, askedOnly) => Array.from(root.querySelector("[data-gist-form]").elements)
            .filter((el) => el.name && !(askedOnly && el.closest("[data-field][hidden]")))
            .map((el) => ({name: el.name, type: el.type, value: el.value}))""",
        asked_only,
    )
    return found


def _act(widget: Widget, rng: random.Random, control: dict[str, str]) -> str:
    """One random action on one control; returns what was done, for the failure message."""
    name, kind = control["name"], control["type"]
    locator = widget.root.locator(f'[data-gist-form] [name="{name}"]')
    if kind == "checkbox":
        box = locator.nth(rng.randrange(locator.count()))
        box.click()
        return f"clicked a {name} box"
    if kind.startswith("select"):
        if rng.random() < 0.5:
            options = widget.choices[name]
            value = rng.choice(options)
            locator.select_option(value)
            return f"picked {name}={value!r}"
        # A tampered page (or an extension) offering a value the package never listed.
        value = garbage(rng)
        locator.evaluate(
            """(select, value) => {
                const option = new Option("tampered", value);
                select.add(option); select.value = value;
                select.dispatchEvent(new Event("input", {bubbles: true}));
                select.dispatchEvent(new Event("change", {bubbles: true}));
            }""",
            value,
        )
        return f"forced {name}={value!r}"
    value = garbage(rng)
    if rng.random() < 0.5 and value.isprintable() and len(value) < 30:
        locator.click()
        widget.page.keyboard.press("Control+A")
        widget.page.keyboard.type(value)
    else:
        locator.fill(value)
    if rng.random() < 0.5:
        locator.press("Tab")  # commit: the error summary may take focus
    return f"typed {name}={value!r}"


def _check(widget: Widget, done: list[str]) -> None:
    trail = f"seed {SEED}, after: " + " / ".join(done[-5:])
    wait_idle(widget.page, IDLE_WITHIN_MS)
    state = widget.page.get_attribute(WIDGET, "data-state")
    assert state == "ready", f"widget {state}; {trail}"
    assert not widget.visit.page_errors, f"{widget.visit.page_errors}; {trail}"
    assert widget.page.evaluate("() => window.__pwned") is None, trail
    results = widget.root.locator("[data-gist-results]")
    assert (results.text_content() or "").strip(), f"results emptied; {trail}"


def _recover(widget: Widget) -> None:
    """Valid answers again: every error clears and the results are the command line's."""
    widget.set_form(form_entry(VALID, widget.choices).target)
    view = widget.read()
    assert view["errors"] == {}, f"seed {SEED}: {view['errors']}"
    assert view["invalid"] == []
    assert not view["stale"]
    assert shown(view) == expected_view(cli_json({**VALID, "command": "treatment"}), set())


def test_garbage_in_every_control(fuzzed: Widget) -> None:
    rng = random.Random(SEED)
    done: list[str] = []
    for _ in range(ACTIONS):
        # The questions asked change with the answers (the situation, the count's unit).
        done.append(_act(fuzzed, rng, rng.choice(_controls(fuzzed))))
        _check(fuzzed, done)
    _recover(fuzzed)
    # The recovery must not have been luck: garbage once more, then valid again.
    for control in _controls(fuzzed):
        if control["type"] == "text":
            done.append(_act(fuzzed, rng, control))
    _check(fuzzed, done)
    _recover(fuzzed)
    fuzzed.visit.assert_clean()


def _garbage_link(rng: random.Random, names: list[str]) -> str:
    parts = []
    for _ in range(rng.randint(0, 8)):
        key = rng.choice(names + GARBAGE_KEYS)
        value = garbage(rng)
        encoded = quote(value, safe="") if rng.random() < 0.7 else value.replace("#", "")
        parts.append(f"{key}={encoded}" if rng.random() < 0.9 else key)
    joiner = rng.choice(["&", "&", "&&", ";"])
    return "#answers?" + joiner.join(parts)


def test_garbage_links(fuzzed: Widget, browser: Any, site: Site) -> None:
    rng = random.Random(SEED + 1)
    names = sorted({c["name"] for c in _controls(fuzzed, asked_only=False)})
    done: list[str] = []
    for _ in range(LINKS):
        link = _garbage_link(rng, names)
        done.append(f"link {link[:200]!r}")
        fuzzed.page.evaluate("(h) => { location.hash = h; }", link)
        _check(fuzzed, done)
    _recover(fuzzed)
    fuzzed.visit.assert_clean()
    # And once through a real page load, where the link is read before anything else.
    visit = open_visit(browser, site)
    try:
        link = _garbage_link(rng, names)
        visit.page.goto(site.page_url("recurrent") + link, wait_until="domcontentloaded")
        visit.wait_ready()
        widget = Widget(visit)
        _check(widget, [f"loaded with {link[:200]!r}"])
        _recover(widget)
        visit.assert_clean()
    finally:
        visit.context.close()
