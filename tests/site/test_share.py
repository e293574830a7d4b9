"""The opt-in "copy a link" and reading a link back, in real Chromium.

The link keeps the answers in the URL fragment (after `#answers?`), which browsers never
send to a server. Nothing goes into the address until the reader asks for a link. A link is
read back through the package's own validation (the page script sends it to
`gist_calculator.bridge.handle`): a bad or tampered link gives messages on the fields it
touched, keeps the typed text, and never breaks the page.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from site_support import Site, Visit, open_visit
from test_browser import FORM_STATE, Widget, form_entry
from widget_support import WIDGET

from gist_calculator import bridge
from gist_calculator.fields import BY_NAME, relevant
from gist_calculator.render import FORM_FIELDS

PREFIX = "#answers?"
LIST_FIELDS = {"progressed_on", "intolerant_of"}
VALID = {"setting": "resectable", "size": "6", "mitoses": "3", "site": "jejunum-ileum"}
# A link's answers: focus goes to the sentence that says they came from the link (issue 10).
LINK_NOTE_FOCUSED = "() => !!document.activeElement?.hasAttribute('data-gist-form-note')"

# Answers a reader may share: units, a count over another area, medicines, yes/no boxes, a
# decimal comma (kept as typed), an empty count.
ROUND_TRIPS = [
    {
        "setting": "resectable",
        "size": "45",
        "size_unit": "mm",
        "mitoses": "12",
        "mitoses_unit": "per-area",
        "mitoses_area": "10",
        "site": "stomach",
        "rupture": True,
    },
    {
        "setting": "recurrent",
        "mutation": "kit-exon-11",
        "progressed_on": ["imatinib", "sunitinib"],
        "intolerant_of": ["regorafenib"],
        "symptoms": True,
        "limited_spread": True,
    },
    {
        "setting": "unresectable",
        "size": "3,5",
        "site": "rectum",
        "nodes": "positive",
        "metastasis": "present",
        "bone_pain": True,
    },
]

# (fragment after "#answers?", fields that must show an error, controls as they must show)
# Each error's wording must be the package's for the same values (checked below).
TAMPERED = [
    ("size=abc", {"size"}, {"size": "abc"}),
    ("size=1e999&mitoses=4", {"size"}, {"size": "1e999", "mitoses": "4"}),
    ("size=%3Cscript%3Ealert(1)%3C%2Fscript%3E", {"size"}, {"size": "<script>alert(1)</script>"}),
    # The package quotes an unknown medicine back: it must arrive as text, not markup.
    (
        "setting=recurrent&progressed_on=%3Cimg%20src%3Dx%20onerror%3Dwindow.__pwned%3D1%3E",
        {"progressed_on"},
        {},
    ),
    ("size=1&size=2", {"size"}, {"size": "1"}),  # one field given twice
    ("site=liver", {"site"}, {"site": ""}),  # not a choice: the control shows "choose"
    ("site=STOMACH", set(), {"site": "stomach"}),  # the package accepts any case
    ("rupture=maybe", {"rupture"}, {"rupture=true": False}),
    ("rupture=YES", set(), {"rupture=true": True}),
    (
        "setting=recurrent&progressed_on=imatinib&progressed_on=aspirin",
        {"progressed_on"},
        {"progressed_on=imatinib": True},
    ),
    ("nodes=%E0%A4%A&metastasis=%FF", {"nodes", "metastasis"}, {}),  # broken encoding
    ("setting=" + "x" * 5000, {"setting"}, {}),
    ("mitoses_unit=per-area&mitoses=3", {"mitoses_area"}, {"mitoses_unit": "per-area"}),
    ("__proto__=x&constructor=y&toString=z&command=risk&foo=bar", set(), {}),  # not controls
    # A question the link's own situation does not ask: dropped, never used unseen.
    ("setting=recurrent&size=abc", set(), {"setting": "recurrent"}),
    ("", set(), {"size": "", "mitoses": ""}),  # an empty link: empty boxes
    ("size=%&mitoses=%%%&=&&&=5", {"size", "mitoses"}, {"size": "%"}),
]


# (a link's values as the page script sends them, what the controls must show, why)
SHOWN = [
    ({"size": "abc"}, {"size": "abc"}, "typed text stays, even when wrong"),
    ({"size": ["1", "2"]}, {"size": "1"}, "a field given twice shows the first"),
    ({"site": "STOMACH"}, {"site": "stomach"}, "the package reads any case"),
    ({"site": "liver"}, {"site": None}, "not a choice: the field shows its error"),
    ({"rupture": "YES"}, {"rupture": True}, "the package's yes-words tick the box"),
    ({"rupture": "maybe"}, {"rupture": None}, "neither yes nor no"),
    (
        {"progressed_on": ["imatinib", "aspirin", " SUNITINIB "]},
        {"progressed_on": ["imatinib", "sunitinib"]},
        "known medicines ticked, the unknown one left to its error",
    ),
    ({"intolerant_of": "ripretinib"}, {"intolerant_of": ["ripretinib"]}, "a single medicine"),
    ({"mitoses_unit": "per-area"}, {"mitoses_unit": "per-area"}, "valid without its area"),
    ({"setting": "x" * 5000}, {"setting": None}, "a long word is not a choice"),
    ({"command": "risk", "foo": "1", "__proto__": "x"}, {}, "not controls: ignored"),
]


@pytest.mark.parametrize(("raw", "shown", "why"), SHOWN, ids=[c[2] for c in SHOWN])
def test_the_package_says_what_each_control_can_show(
    raw: dict[str, Any], shown: dict[str, Any], why: str
) -> None:
    assert bridge.form_values(raw) == shown, why
    answer = json.loads(bridge.handle(json.dumps(raw), json.dumps({"form_values": True})))
    assert answer["form_values"] == shown
    assert "form_values" not in json.loads(bridge.handle(json.dumps(raw)))


@pytest.fixture(scope="module")
def sharer(browser: Any, site: Site) -> Iterator[Widget]:
    """A ready page whose clipboard the test may read."""
    with open_visit(browser, site) as visit:
        visit.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site.origin)
        visit.boot("index")
        yield Widget(visit)


def _hash(widget: Widget) -> str:
    value: str = widget.page.evaluate("() => location.hash")
    return value


def _follow(widget: Widget, fragment: str) -> None:
    """Change only the address's fragment, as pasting a link to this page does."""
    calls = widget.page.evaluate("() => window.gistWidget.calls")
    widget.page.evaluate("(h) => { location.hash = h; }", fragment)
    # The page has read the link (a call into Python) before the form is looked at.
    widget.page.wait_for_function("(calls) => window.gistWidget.calls > calls", arg=calls)
    widget.read()


def _share(widget: Widget) -> str:
    widget.root.locator("[data-gist-share]").click()
    status = widget.root.locator("[data-gist-share-status]")
    done = widget.root.get_attribute("data-msg-share-done")
    widget.page.wait_for_function(
        "([el, text]) => el.textContent === text", arg=[status.element_handle(), done]
    )
    return widget.page.url


def package_errors(fragment: str, form: dict[str, Any]) -> dict[str, str]:
    """The package's messages for the form's request overlaid with the link's fields."""
    raw: dict[str, Any] = {}
    for key, values in parse_qs(fragment, keep_blank_values=True).items():
        if key in FORM_FIELDS:
            raw[key] = values if key in LIST_FIELDS or len(values) > 1 else values[0]
    merged = {**form, **raw}
    # The page drops the link's answers to questions its situation does not ask.
    merged = {k: v for k, v in merged.items() if k not in BY_NAME or relevant(k, merged)}
    answer = json.loads(bridge.handle(json.dumps(merged)))
    messages: dict[str, list[str]] = {}
    for error in answer["errors"]:
        messages.setdefault(error["field"], []).append(error["message"])
    return {field: " ".join(m) for field, m in messages.items()}


@pytest.mark.browser
def test_nothing_goes_into_the_address_until_the_reader_asks(sharer: Widget) -> None:
    sharer.page.evaluate("() => history.replaceState(history.state, '', location.pathname)")
    sharer.set_form(form_entry({**VALID, "size": "8"}, sharer.choices).target)
    sharer.read()
    assert _hash(sharer) == ""
    assert sharer.root.locator("[data-gist-share]").is_visible()


@pytest.mark.browser
@pytest.mark.parametrize("answers", ROUND_TRIPS, ids=lambda a: a["setting"])
def test_a_copied_link_brings_back_the_same_answers(sharer: Widget, answers: Any) -> None:
    sharer.set_form(form_entry(answers, sharer.choices).target)
    before = sharer.read()
    form = sharer.root.evaluate(FORM_STATE)
    url = _share(sharer)
    assert urlsplit(url).fragment.startswith(PREFIX[1:])
    assert sharer.page.evaluate("() => navigator.clipboard.readText()") == url
    # Once asked for, the link follows later changes, so the address never goes stale.
    sharer.set_form(form_entry(VALID, sharer.choices).target)
    sharer.read()
    assert _hash(sharer) not in ("", "#" + urlsplit(url).fragment)
    _follow(sharer, "#" + urlsplit(url).fragment)
    assert sharer.root.evaluate(FORM_STATE) == form
    assert sharer.read() == before
    assert not [u for u in sharer.visit.requests if "answers" in u]


@pytest.mark.browser
def test_a_link_opened_in_a_new_browser_shows_the_answers(
    sharer: Widget, browser: Any, site: Site
) -> None:
    sharer.set_form(form_entry(ROUND_TRIPS[1], sharer.choices).target)
    before = sharer.read()
    form = sharer.root.evaluate(FORM_STATE)
    url = _share(sharer)
    visit: Visit = open_visit(browser, site)
    try:
        visit.page.goto(url, wait_until="domcontentloaded")
        visit.wait_ready()
        other = Widget(visit)
        assert other.root.evaluate(FORM_STATE) == form
        assert other.read() == before
        # A changed link from a previous visit is not sent anywhere either.
        assert not [u for u in visit.requests if "answers" in u]
        visit.assert_clean()
    finally:
        visit.context.close()


@pytest.mark.browser
@pytest.mark.parametrize(("fragment", "fields", "controls"), TAMPERED)
def test_a_bad_link_gives_field_errors_not_a_broken_page(
    sharer: Widget, fragment: str, fields: set[str], controls: dict[str, Any]
) -> None:
    sharer.set_form(form_entry(VALID, sharer.choices).target)
    sharer.read()
    form = sharer.root.evaluate(
        """(root) => { const out = {};
          for (const el of root.querySelector("[data-gist-form]").elements) {
            if (!el.name || el.closest("[data-field][hidden]")) continue;
            if (el.type === "checkbox" && ["progressed_on", "intolerant_of"].includes(el.name)) {
              out[el.name] = out[el.name] || []; if (el.checked) out[el.name].push(el.value);
            } else if (el.type === "checkbox") out[el.name] = el.checked;
            else out[el.name] = el.value;
          } return out; }"""
    )
    _follow(sharer, PREFIX + fragment)
    view = sharer.read()
    assert view["state"] == "ready"
    assert set(view["errors"]) == fields
    expected = package_errors(fragment, form)
    assert set(expected) == fields, expected
    assert view["errors"] == expected
    state = sharer.root.evaluate(FORM_STATE)
    for key, value in controls.items():
        assert state[key] == value, key
    assert sharer.page.evaluate("() => window.__pwned") is None
    sharer.page.wait_for_function(LINK_NOTE_FOCUSED, timeout=5_000)
    sharer.visit.assert_clean()


@pytest.mark.browser
def test_a_tampered_link_opened_fresh_shows_errors_then_recovers(browser: Any, site: Site) -> None:
    visit = open_visit(browser, site)
    try:
        fragment = "size=abc&site=liver&rupture=maybe&mitoses=4&mutation=kit-exon-11"
        visit.page.goto(site.page_url("localised-smaller") + PREFIX + fragment)
        visit.wait_ready()
        widget = Widget(visit)
        view = widget.read()
        assert set(view["errors"]) == {"size", "site", "rupture"}
        assert view["stale"]
        state = widget.root.evaluate(FORM_STATE)
        assert (state["size"], state["mitoses"], state["site"]) == ("abc", "4", "")
        assert state["mutation"] == "kit-exon-11"
        visit.page.wait_for_function(LINK_NOTE_FOCUSED, timeout=5_000)
        widget.control("size").fill("5")
        widget.control("site").select_option("stomach")
        fixed = widget.read()
        assert fixed["errors"] == {}
        assert not fixed["stale"]
        assert visit.page.get_attribute(WIDGET, "data-state") == "ready"
        visit.assert_clean()
    finally:
        visit.context.close()


@pytest.mark.parametrize(
    "clipboard",
    [
        "Object.defineProperty(navigator, 'clipboard', {value: {writeText: "
        "() => Promise.reject(new Error('denied'))}})",
        "Object.defineProperty(navigator, 'clipboard', {value: undefined})",
    ],
    ids=["refused", "absent"],
)
@pytest.mark.browser
def test_when_copying_fails_the_reader_is_told_to_copy_the_address(
    browser: Any, site: Site, clipboard: str
) -> None:
    visit = open_visit(browser, site)
    try:
        visit.context.add_init_script(clipboard)
        visit.goto("medicines")
        visit.wait_ready()
        widget = Widget(visit)
        widget.root.locator("[data-gist-open]").click()  # the compact widget, opened
        share = widget.root.locator("[data-gist-share]")
        share.focus()
        visit.page.keyboard.press("Enter")
        status = widget.root.locator("[data-gist-share-status]")
        failed = widget.root.get_attribute("data-msg-share-failed")
        visit.page.wait_for_function(
            "([el, text]) => el.textContent === text", arg=[status.element_handle(), failed]
        )
        assert visit.page.evaluate("() => location.hash").startswith(PREFIX)
        visit.assert_clean()
    finally:
        visit.context.close()
