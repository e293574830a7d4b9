"""The widget on a phone (issue 10), in real Chromium at 320 and 390 px and on a desktop.

What a frightened reader on a phone needs: nothing wider than the screen in any state; the
field being typed in does not move and keeps the focus; the results never look current when
they are not (the `data-results` contract); answers follow the reader to another page and
can be cleared; screen readers hear one short announcement per settled change.
The sizes measured (widget height, tab stops before the first result) are printed at the end
of the run, as numbers for the record, never as pass or fail.
"""

from __future__ import annotations

import os
import pathlib
import re
from collections.abc import Iterator
from typing import Any

import pytest
from site_support import GUIDELINE_PAGES, MEASURES, PAGES, REPO, Site, Visit, open_visit

from browser_support import checked, wait_idle

pytestmark = pytest.mark.browser

WIDGET = "[data-gist-widget]"
WIDTHS = {"320": 320, "390": 390, "desktop": 1280}

# How far the page reaches beyond the screen, and which elements stick out (for the message).
OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const out = [];
  document.querySelectorAll("[data-gist-widget] *").forEach((el) => {
    const box = el.getBoundingClientRect();
    if (box.width && (box.right > width + 1 || box.left < -1) && el.getClientRects().length
        && !el.closest(".gist-visually-hidden")) {
      out.push((el.className || el.tagName) + " " + Math.round(box.left) + ".." +
               Math.round(box.right));
    }
  });
  return {scroll: document.documentElement.scrollWidth - width, out: out.slice(0, 8)};
}"""

# Tab stops inside the widget before the first element of the results.
TAB_STOPS = """(root) => {
  const results = root.querySelector("[data-gist-results]");
  const tabbable = Array.from(root.querySelectorAll(
    "a[href], button, input, select, textarea, summary, [tabindex]")).filter((el) =>
      el.tabIndex >= 0 && !el.disabled && el.getClientRects().length > 0 &&
      getComputedStyle(el).visibility !== "hidden" && !el.closest("[inert]"));
  return tabbable.filter((el) =>
    results.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_PRECEDING).length;
}"""


def _visit(browser: Any, site: Site, width: int) -> Visit:
    visit = open_visit(browser, site)
    visit.page.set_viewport_size({"width": width, "height": 800})
    return visit


@pytest.fixture
def phone(browser: Any, site: Site) -> Iterator[Visit]:
    yield from checked(_visit(browser, site, 390))


@pytest.mark.parametrize("page_name", PAGES)
def test_measure_widget_at_390(phone: Visit, page_name: str) -> None:
    """Height of the widget and tab stops before the first result (recorded, not judged)."""
    phone.goto(page_name)
    phone.wait_ready()
    wait_idle(phone.page)
    root = phone.page.locator(WIDGET)
    height = root.evaluate("(r) => Math.round(r.getBoundingClientRect().height)")
    stops = root.evaluate(TAB_STOPS)
    MEASURES[f"phone 390 px {page_name}: height"] = f"{height} px"
    MEASURES[f"phone 390 px {page_name}: tab stops"] = str(stops)
    parts = root.evaluate(
        """(root) => Object.fromEntries([".gist-form", ".gist-results-note", ".gist-answer-first",
             ".gist-schemes", ".gist-schemes-other", ".gist-options", ".gist-toolbar",
             ".gist-actions", ".gist-glossary"].map((sel) => [sel, Math.round(Array.from(
               root.querySelectorAll(sel)).reduce((h, el) => h + el.getBoundingClientRect().height, 0))]))"""
    )
    for part, px in parts.items():
        MEASURES[f"phone 390 px {page_name}: {part}"] = f"{px} px"
    assert height > 0


# ---------------------------------------------------------------- helpers


def _root(visit: Visit) -> Any:
    return visit.page.locator(WIDGET)


def _msg(visit: Visit, name: str) -> str:
    text = _root(visit).get_attribute(f"data-msg-{name}")
    assert text, f"the widget has no data-msg-{name}"
    return str(text)


def _open(visit: Visit) -> None:
    """A compact widget (reference pages) opened, as a reader would."""
    opener = _root(visit).locator("[data-gist-open]")
    if opener.count() and opener.get_attribute("aria-expanded") == "false":
        opener.click()


def _open_failing(visit: Visit, page_name: str) -> None:
    """Open the page with Pyodide's wasm refused; wait until its widget says error.

    The refused request and the widget's own log of it are on purpose: taken, not reported.
    """
    visit.page.route("**/pyodide.asm.wasm", lambda route: route.abort())
    visit.goto(page_name)
    visit.page.wait_for_function(
        "() => document.querySelector('[data-gist-widget]').dataset.state === 'error'"
    )
    visit.take_problems()


def _results_state(visit: Visit) -> tuple[str, str, bool]:
    """data-results, the words next to the results, and whether those words are visible."""
    root = _root(visit)
    value = root.locator("[data-gist-results]").get_attribute("data-results") or ""
    words = root.locator("[data-gist-results-words]")
    return value, words.inner_text().strip(), words.is_visible()


def _overflow(visit: Visit, where: str) -> None:
    found = visit.page.evaluate(OVERFLOW)
    assert found["scroll"] <= 0, f"{where}: the page scrolls sideways: {found}"
    assert not found["out"], f"{where}: wider than the screen: {found}"


def _type(visit: Visit, name: str, text: str) -> None:
    field = _root(visit).locator(f'[data-gist-form] [name="{name}"]')
    field.click()
    visit.page.keyboard.press("Control+A")
    visit.page.keyboard.type(text)
    wait_idle(visit.page)


def _go(visit: Visit, page_name: str, *, fresh: bool = False) -> None:
    """To a page by instant navigation (Pyodide kept), as following a link does."""
    if fresh or not visit.page.evaluate("() => !!window.gistWidget"):
        visit.goto(page_name)
    else:
        url = visit.site.page_url(page_name)
        visit.page.evaluate(
            """(url) => { const a = document.createElement("a"); a.href = url;
                          document.body.appendChild(a); a.click(); }""",
            url,
        )
        visit.page.wait_for_function(
            """([url, name]) => location.href === url && Array.from(
                document.querySelectorAll("[data-gist-widget]")).some(
                  (r) => r.dataset.page === name && r.dataset.state !== "loading")""",
            arg=[url, page_name],
        )
    visit.wait_ready()
    wait_idle(visit.page)


# ---------------------------------------------------------------- 1. fits a phone


@pytest.mark.parametrize("width", list(WIDTHS))
def test_nothing_is_wider_than_the_screen_on_any_page_or_state(
    browser: Any, site: Site, width: str
) -> None:
    visit = _visit(browser, site, WIDTHS[width])
    try:
        for page_name in PAGES:
            _go(visit, page_name)
            _overflow(visit, f"{page_name} at {width}, example")
            _open(visit)
            _overflow(visit, f"{page_name} at {width}, opened")
            form = _root(visit).locator("[data-gist-form]")
            form.locator('[name="setting"]').select_option("resectable")
            wait_idle(visit.page)
            _type(visit, "size", "35 millimetres across")
            assert _results_state(visit)[0] == "stale"
            _overflow(visit, f"{page_name} at {width}, field error")
            form.locator('[name="mitoses_unit"]').select_option("per-area")
            _type(visit, "mitoses_area", "0.01")
            _overflow(visit, f"{page_name} at {width}, two errors")
            _type(visit, "size", "4")
            _type(visit, "mitoses_area", "10")
            _overflow(visit, f"{page_name} at {width}, current")
            _root(visit).locator("[data-gist-clear]").click()
            wait_idle(visit.page)
        visit.assert_clean()
    finally:
        visit.context.close()


@pytest.mark.parametrize("width", list(WIDTHS))
def test_nothing_is_wider_than_the_screen_when_the_calculator_fails(
    browser: Any, site: Site, width: str
) -> None:
    with _visit(browser, site, WIDTHS[width]) as visit:
        _open_failing(visit, "unresectable")
        _overflow(visit, f"unresectable at {width}, calculator failed")


@pytest.mark.parametrize("width", ["320", "390"])
def test_controls_are_touch_sized(browser: Any, site: Site, width: str) -> None:
    visit = _visit(browser, site, WIDTHS[width])
    try:
        _go(visit, "recurrent")
        small = _root(visit).evaluate(
            """(root) => Array.from(root.querySelectorAll(
                 "[data-gist-form] input[type=text], [data-gist-form] select, button"))
               .filter((el) => el.getClientRects().length)
               .filter((el) => el.getBoundingClientRect().height < 44)
               .map((el) => (el.name || el.textContent) + " " + el.getBoundingClientRect().height)"""
        )
        assert not small, f"controls under 44 px high: {small}"
        visit.assert_clean()
    finally:
        visit.context.close()


# ---------------------------------------------------------------- 2. ask only what matters

# (situation, a question asked, a question not asked)
ASKED = [
    ("resectable", "size", "progressed_on"),
    ("marginally-resectable", "shrinking", "bone_pain"),
    ("unresectable", "bone_pain", "size"),
    ("recurrent", "progressed_on", "site"),
]


def test_each_situation_asks_its_questions_and_hidden_answers_are_not_used(phone: Visit) -> None:
    _go(phone, "index")
    form = _root(phone).locator("[data-gist-form]")
    field = lambda name: form.locator(f'[data-field="{name}"]')  # noqa: E731
    for setting, asked, unasked in ASKED:
        form.locator('[name="setting"]').select_option(setting)
        wait_idle(phone.page)
        assert field(asked).is_visible(), (setting, asked)
        assert field(unasked).is_hidden(), (setting, unasked)
    # The area counted appears only with its unit.
    form.locator('[name="setting"]').select_option("resectable")
    assert field("mitoses_area").is_hidden()
    form.locator('[name="mitoses_unit"]').select_option("per-area")
    assert field("mitoses_area").is_visible()
    form.locator('[name="mitoses_unit"]').select_option("per-5mm2")
    assert field("mitoses_area").is_hidden()
    # A bad answer in a question then hidden is not used: no error, results current.
    _type(phone, "size", "abc")
    assert _results_state(phone)[0] == "stale"
    form.locator('[name="setting"]').select_option("recurrent")
    wait_idle(phone.page)
    assert _results_state(phone)[0] == "current"
    assert _root(phone).locator(".gist-error:visible").count() == 0


# ---------------------------------------------------------------- 4. never current when not


def test_results_say_whether_they_are_the_example_current_or_stale(phone: Visit) -> None:
    _go(phone, "index")
    assert _results_state(phone) == ("example", _msg(phone, "results-example"), True)
    assert _root(phone).locator("[data-gist-form-note]").inner_text() == _msg(phone, "form-example")
    _type(phone, "size", "35mm")
    state, words, visible = _results_state(phone)
    assert (state, words, visible) == ("stale", _msg(phone, "results-errors"), True)
    summary = _root(phone).locator("[data-gist-error-summary]")
    assert summary.is_visible()
    assert "#gist-size" in summary.inner_html()
    _type(phone, "size", "4")
    assert _results_state(phone) == ("current", _msg(phone, "results-current"), True)
    assert _root(phone).locator("[data-gist-form-note]").inner_text() == _msg(phone, "form-yours")


def test_results_are_stale_in_words_when_the_calculator_fails(browser: Any, site: Site) -> None:
    with _visit(browser, site, 390) as visit:
        _open_failing(visit, "localised-larger")
        assert _results_state(visit) == ("stale", _msg(visit, "results-failed"), True)
        assert _root(visit).locator("[data-gist-form-note]").inner_text() == _msg(
            visit, "form-failed"
        )
        assert _root(visit).locator("[data-gist-form]").evaluate("(form) => form.inert")


# ---------------------------------------------------------------- 5. nothing moves


@pytest.mark.parametrize("width", list(WIDTHS))
def test_the_field_being_typed_in_keeps_its_place_and_the_focus(
    browser: Any, site: Site, width: str
) -> None:
    visit = _visit(browser, site, WIDTHS[width])
    try:
        _go(visit, "index")
        where = "(el) => el.getBoundingClientRect().top + window.scrollY"
        for name, bad in (("size", "35mm"), ("mitoses", "many")):
            control = _root(visit).locator(f'[data-gist-form] [name="{name}"]')
            control.scroll_into_view_if_needed()
            before = control.evaluate(where)
            scrolled = visit.page.evaluate("() => window.scrollY")
            _type(visit, name, bad)
            assert _root(visit).locator(f'[data-error-for="{name}"]').is_visible()
            assert abs(control.evaluate(where) - before) <= 1, f"{name} moved at {width}"
            assert visit.page.evaluate("() => window.scrollY") == scrolled
            assert visit.page.evaluate("() => document.activeElement.name") == name
            # Leaving the field moves on to the next control, not to the list of problems.
            visit.page.keyboard.press("Tab")
            wait_idle(visit.page)
            assert visit.page.evaluate(
                "() => !document.activeElement.closest('[data-gist-error-summary]')"
            )
        visit.assert_clean()
    finally:
        visit.context.close()


def test_print_and_link_buttons_take_their_space_before_they_are_ready(
    browser: Any, site: Site
) -> None:
    visit = _visit(browser, site, 390)
    try:
        held: list[Any] = []
        visit.page.route("**/pyodide.asm.wasm", lambda route: held.append(route))  # noqa: PLW0108 (Playwright needs a Python function)
        visit.goto("index")
        visit.page.wait_for_load_state("load")
        for _ in range(200):  # the loader asks for the wasm once the page has loaded
            if held:
                break
            visit.page.wait_for_timeout(100)
        assert held, "the wasm request was never seen"
        assert visit.page.get_attribute(WIDGET, "data-state") == "loading"
        results = _root(visit).locator("[data-gist-results]")
        before = results.evaluate("(el) => el.getBoundingClientRect().top + window.scrollY")
        assert _root(visit).locator("[data-gist-actions]").is_hidden()
        for route in held:
            route.continue_()
        visit.page.unroute("**/pyodide.asm.wasm")
        visit.wait_ready()
        assert _root(visit).locator("[data-gist-actions]").is_visible()
        after = results.evaluate("(el) => el.getBoundingClientRect().top + window.scrollY")
        assert abs(after - before) <= 1, f"the results moved by {after - before} px when ready"
        visit.assert_clean()
    finally:
        visit.context.close()


# ---------------------------------------------------------------- 6. answers follow


def test_answers_follow_to_another_page_and_can_be_cleared(phone: Visit) -> None:
    _go(phone, "index")
    _type(phone, "size", "8")
    _root(phone).locator('[name="site"]').select_option("colon")
    wait_idle(phone.page)
    _go(phone, "localised-smaller")
    form = _root(phone).locator("[data-gist-form]")
    assert form.locator('[name="size"]').input_value() == "8"
    assert form.locator('[name="site"]').input_value() == "colon"
    assert _root(phone).locator("[data-gist-form-note]").inner_text() == _msg(phone, "form-kept")
    assert _results_state(phone)[0] == "current"
    _root(phone).locator("[data-gist-clear]").click()
    wait_idle(phone.page)
    assert form.locator('[name="size"]').input_value() == "3"  # the page's own example
    assert _results_state(phone)[0] == "example"
    assert phone.page.evaluate("() => sessionStorage.length") == 0
    _go(phone, "recurrent", fresh=True)
    assert _results_state(phone)[0] == "example"
    assert _root(phone).locator('[name="setting"]').input_value() == "recurrent"


# ---------------------------------------------------------------- 8. words


INTERNAL = re.compile(
    r"\b(jejunum-ileum|extra-gi|kit-exon-\d+|kit-other|pdgfra-d842v|pdgfra-other|"
    r"sdh-deficient|braf-v600e|ntrk-fusion|wild-type-other|imatinib-800|per-5mm2|per-50hpf|"
    r"per-area|marginally-resectable|progressed_on|intolerant_of|mitoses_area|size_unit|"
    r"mitoses_unit|limited_spread|bone_pain|modified_nih|None risk)\b"
)
FUZZED_LINKS = [
    "site=liver",
    "site=extra-gi&size=4&mitoses=2",
    "progressed_on=imatinib-900&setting=recurrent",
    "intolerant_of=aspirin&setting=unresectable",
    "mutation=kit-exon-12",
    "setting=sideways",
    "mitoses_unit=per-hour&mitoses=3&size=2&site=stomach",
    "size=35mm&mitoses=4&site=stomach",
    "size=1&mitoses=0&site=stomach&nodes=negative&metastasis=absent",
    "nodes=perhaps&metastasis=maybe",
    "setting=recurrent&progressed_on=imatinib&progressed_on=imatinib-800&mutation=pdgfra-d842v",
]


def test_no_internal_id_is_visible_after_a_link(phone: Visit) -> None:
    _go(phone, "index")
    for fragment in FUZZED_LINKS:
        phone.page.evaluate("(hash) => { location.hash = hash; }", "#answers?" + fragment)
        phone.page.wait_for_timeout(50)
        wait_idle(phone.page)
        text = (
            _root(phone).inner_text()
            + " "
            + _root(phone).locator("[data-gist-announce]").text_content()
        )
        found = sorted(set(INTERNAL.findall(text)))
        assert not found, f"#answers?{fragment} shows {found}"


# ---------------------------------------------------------------- 9. screen readers

COUNT_ANNOUNCEMENTS = """(region) => {
  window.__announced = [];
  new MutationObserver(() => window.__announced.push(region.textContent))
    .observe(region, {childList: true, characterData: true, subtree: true});
}"""


def test_one_short_announcement_per_settled_change(phone: Visit) -> None:
    _go(phone, "index")
    region = _root(phone).locator("[data-gist-announce]")
    region.evaluate(COUNT_ANNOUNCEMENTS)
    size = _root(phone).locator('[name="size"]')
    size.click()
    phone.page.keyboard.press("Control+A")
    for key in "12.5":
        phone.page.keyboard.type(key, delay=120)
    phone.page.keyboard.press("Enter")
    wait_idle(phone.page)
    phone.page.wait_for_timeout(2_000)  # longer than the pause the widget waits for
    heard = phone.page.evaluate("() => window.__announced.filter((t) => t.trim())")
    assert len(heard) == 1, heard
    assert len(heard[0]) < 400
    # The same answers again: nothing new to say, so nothing is said.
    size.press("End")
    phone.page.keyboard.type("0")
    phone.page.keyboard.press("Backspace")
    wait_idle(phone.page)
    phone.page.wait_for_timeout(2_000)
    heard = phone.page.evaluate("() => window.__announced.filter((t) => t.trim())")
    assert len(heard) == 1, heard


# ---------------------------------------------------------------- 10. links and printing


def test_a_shared_link_says_so_and_takes_the_reader_there(phone: Visit) -> None:
    phone.page.goto(
        phone.site.page_url("medicines") + "#answers?setting=unresectable&mutation=kit-exon-9",
        wait_until="domcontentloaded",
    )
    phone.wait_ready()
    wait_idle(phone.page)
    note = _root(phone).locator("[data-gist-form-note]")
    phone.page.wait_for_function(
        "(note) => document.activeElement === note", arg=note.element_handle()
    )
    assert note.inner_text() == _msg(phone, "form-link")
    # In view, and not under the site's fixed header: the note itself is what shows there.
    seen = note.evaluate(
        """(el) => { const box = el.getBoundingClientRect();
            const hit = document.elementFromPoint(box.left + 8, box.top + 4);
            return box.top >= 0 && box.bottom <= innerHeight && !!hit && el.contains(hit); }"""
    )
    assert seen, "the message about the link is not in view"


@pytest.mark.parametrize("page_name", GUIDELINE_PAGES)
def test_printing_gives_the_answers_and_results_on_two_pages_at_most(
    phone: Visit, page_name: str
) -> None:
    _go(phone, page_name)
    phone.page.evaluate("() => document.documentElement.setAttribute('data-gist-printing', '')")
    pdf = phone.page.pdf(format="A4", print_background=False)
    pages = len(re.findall(rb"/Type\s*/Page\b", pdf))
    MEASURES[f"printed pages {page_name}"] = f"{pages} A4 pages"
    assert 1 <= pages <= 2, f"{page_name}: {pages} printed pages"
    phone.page.emulate_media(media="print")
    try:
        stamp = _root(phone).locator(".gist-stamp")
        assert stamp.is_visible()
        assert "version" in stamp.inner_text()
        assert phone.page.locator(".md-content__inner > h1").is_hidden()  # results only
    finally:
        phone.page.emulate_media(media="screen")
        phone.page.evaluate("() => document.documentElement.removeAttribute('data-gist-printing')")


# ---------------------------------------------------------------- screenshots for review

SCREENSHOTS = REPO / "docs" / "screenshots"


@pytest.mark.parametrize("page_name", GUIDELINE_PAGES)
def test_screenshots_of_each_state_at_390(
    phone: Visit, page_name: str, tmp_path: pathlib.Path
) -> None:
    """The widget at 390 px in its example, current and stale states, as a reviewer sees it.

    Written to docs/screenshots/ when GIST_SCREENSHOTS=1 (the README links them), otherwise
    to a temporary folder; either way each state must be reached and look different.
    """
    out = SCREENSHOTS if os.environ.get("GIST_SCREENSHOTS") == "1" else tmp_path
    out.mkdir(parents=True, exist_ok=True)
    _go(phone, page_name, fresh=True)
    root = _root(phone)

    def shot(state: str) -> bytes:
        """The form's top, then the results' state and their start: two views of a phone."""
        data = b""
        for part, name in (("[data-gist-form-note]", "form"), ("[data-gist-results-note]", state)):
            if name == "form" and state != "example":
                continue
            box = root.locator(part).evaluate(
                "(el) => { const b = el.getBoundingClientRect();"
                " return {x: 0, y: b.top + scrollY - 60, width: innerWidth, height: 760}; }"
            )
            data += phone.page.screenshot(
                path=str(out / f"{page_name}-{name}.png"), clip=box, full_page=True
            )
        return data

    shots = {}
    shots["example"] = shot("example")
    assert _results_state(phone)[0] == "example"
    number = root.locator("[data-gist-form] input[type=text]:visible").first
    if number.count():
        _type(phone, str(number.get_attribute("name")), "2")
    else:
        root.locator("[data-gist-form] input[type=checkbox]:visible:not(:checked)").first.check()
        wait_idle(phone.page)
    assert _results_state(phone)[0] == "current"
    shots["current"] = shot("current")
    if number.count():
        _type(phone, str(number.get_attribute("name")), "35mm")
    else:
        setting = root.locator('[name="setting"]').input_value()
        phone.page.evaluate(
            "(hash) => { location.hash = hash; }",
            f"#answers?setting={setting}&progressed_on=aspirin",
        )
        phone.page.wait_for_timeout(50)
        wait_idle(phone.page)
    assert _results_state(phone)[0] == "stale"
    shots["stale"] = shot("stale")
    assert len({bytes(s) for s in shots.values()}) == 3
    phone.page.evaluate("() => sessionStorage.clear()")
