"""The site in WebKit (Safari's engine) and Firefox: online, from disk, and when it fails.

A focused subset of the Chromium tests, run in each engine (engine_support.py says how):
every page reaches ready online; a table of golden cases entered in the form shows what the
command line's JSON says; the unzipped offline copy reaches ready from disk and answers; no
request leaves the site (or file:, blob:, data: from disk); the pages' CSP reports nothing;
and when Pyodide's wasm is missing or the boot hangs (the worker online, Pyodide from disk),
the widget reaches the error state, saying why in words, with the example's results kept.
Times to ready are recorded, never asserted.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from engine_support import RESULTS_TEXT, SHORT_LIMITS, Engine, EngineSite, record_time

from browser_support import (
    CHOICES,
    FIELD_NAMES,
    FORM_STATE,
    IDLE,
    LOCAL_SCHEMES,
    PAGES,
    READ_WIDGET,
    cli_json,
    expected_view,
    form_entry,
    load_cases,
    shown,
)

# Golden cases (tests/calculator/data/golden.json) entered in each engine: every setting
# (none, that is risk only; resectable; marginally resectable; unresectable; recurrent),
# every kind of control (numbers, units, selects, boxes, drug lists) and field errors.
GOLDEN_CASES = (
    "risk-count-over-another-area",
    "resectable-rupture-high-risk",
    "marginal-shrinking-surgery",
    "unresectable-intolerant-of-imatinib",
    "recurrent-bone-pain",
    "error-every-bad-field",
)
# A changed input answered from disk (a case other than the page's example).
DISK_CASE = "resectable-high-risk-3-years"
# Schemes the page may ask for from disk.
DISK_SCHEMES = tuple(f"{scheme}:" for scheme in sorted(LOCAL_SCHEMES))

# The widget's root, for the shared readers (functions of the root).
ROOT = 'document.querySelector("[data-gist-widget]")'

# Sets the form's controls as the target says, firing the events a reader's action fires.
SET_FORM = """((target) => {
  const root = document.querySelector("[data-gist-widget]");
  for (const [key, value] of Object.entries(target)) {
    if (value === null) continue;
    const [name, box] = key.split("=");
    const selector = `[data-gist-form] [name="${name}"]` + (box ? `[value="${box}"]` : "");
    const control = root.querySelector(selector);
    if (!control) throw new Error("no control " + selector);
    if (typeof value === "boolean") {
      if (control.checked === value) continue;
      control.checked = value;
    } else {
      if (control.value === value) continue;
      control.value = value;
      control.dispatchEvent(new Event("input", {bubbles: true}));
    }
    control.dispatchEvent(new Event("change", {bubbles: true}));
  }
  return true;
})"""


def problems(engine: Engine, *, allowed: tuple[str, ...]) -> list[str]:
    """What went wrong on the page: requests elsewhere, CSP reports, errors, warnings."""
    log = engine.page_log()
    # data: and blob: URLs are the page's own bytes (Firefox's BiDi reports them as requests).
    local = ("data:", "blob:")
    lines = [
        f"request left the site: {u}" for u in log["requests"] if not u.startswith(allowed + local)
    ]
    lines += [f"CSP violation: {v}" for v in log["csp"]]
    lines += [f"page error: {e}" for e in log["errors"]]
    lines += [f"console {c['level']}: {c['text']}" for c in log["console"]]
    return lines


def wait_ready(engine: Engine) -> float:
    """Seconds until the widget said ready; fails at once if it said error."""
    begun = time.monotonic()
    states = engine.wait_settled()
    elapsed = time.monotonic() - begun
    assert states == ["ready"], f"{engine.name}: widget states {states}\n" + "\n".join(
        problems(engine, allowed=("",))
    )
    return elapsed


def enter(engine: Engine, request: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Enter a request in the form; what the widget shows and what the command line says."""
    choices = engine.evaluate(f"({CHOICES})({ROOT})")
    entry = form_entry(request, choices)
    if entry.target["setting"] is None:
        # A risk-only case: the widget always answers for a setting too; use the first.
        entry.target["setting"] = choices["setting"][0]
    before = engine.evaluate(f"({FORM_STATE})({ROOT})")
    changed = {k: v for k, v in entry.target.items() if v is not None and before.get(k) != v}
    engine.evaluate(f"{SET_FORM}({_json(changed)})")
    engine.wait_for(f"({IDLE})({ROOT})")
    view = engine.evaluate(f"({READ_WIDGET})({ROOT})")
    answer = cli_json({**entry.sent, "command": "treatment", "setting": entry.target["setting"]})
    fields = set(engine.evaluate(f"({FIELD_NAMES})({ROOT})"))
    return view, expected_view(answer, fields) | {"has_errors": bool(answer["errors"])}


def _json(value: Any) -> str:
    return json.dumps(value)


def case(case_id: str) -> dict[str, Any]:
    found = [c for c in load_cases() if c["id"] == case_id]
    assert found, f"golden.json has no case {case_id}"
    return dict(found[0]["request"])


def assert_shows(view: dict[str, Any], expected: dict[str, Any]) -> None:
    if expected["has_errors"]:
        got = {k: view[k] for k in ("errors", "invalid")}
        assert got == {k: expected[k] for k in ("errors", "invalid")}
    else:
        assert view["state"] == "ready"
        assert shown(view) == shown(expected)


# ---------------------------------------------------------------- online


def test_every_page_reaches_ready_online(engine: Engine, engine_site: EngineSite) -> None:
    """Each page by a full load, so that each one boots (worker and snapshot) by itself."""
    engine.fresh()
    found = []
    for page in PAGES:
        engine.goto(engine_site.page_url(page))
        elapsed = wait_ready(engine)
        if page == "index":
            record_time(f"{engine.version} online (worker)", elapsed)
        runtime = engine.evaluate("window.gistWidget && window.gistWidget.runtime")
        assert runtime in {"worker-snapshot", "worker"}, f"{page}: ran in {runtime}"
        found += [f"{page}: {p}" for p in problems(engine, allowed=(engine_site.origin + "/",))]
    assert not found, "\n".join(found)


@pytest.mark.parametrize("case_id", GOLDEN_CASES)
def test_golden_case_through_the_form_is_the_command_lines_answer(
    engine: Engine, engine_site: EngineSite, case_id: str
) -> None:
    url = engine_site.page_url("index")
    if engine.evaluate("location.href") != url or engine.states() != ["ready"]:
        engine.goto(url)
        wait_ready(engine)
    view, expected = enter(engine, case(case_id))
    assert_shows(view, expected)
    assert not problems(engine, allowed=(engine_site.origin + "/",))


# ---------------------------------------------------------------- from disk


def test_offline_copy_from_disk_reaches_ready_and_answers(engine: Engine, disk_copy: Path) -> None:
    engine.fresh()
    engine.goto((disk_copy / "index.html").as_uri())
    elapsed = wait_ready(engine)
    record_time(f"{engine.version} from disk (main thread)", elapsed)
    assert engine.evaluate("window.gistWidget.strategy") == "offline"
    view, expected = enter(engine, case(DISK_CASE))
    assert_shows(view, expected)
    assert not problems(engine, allowed=DISK_SCHEMES)


# ---------------------------------------------------------------- failures


def example_kept(engine: Engine, example: str) -> None:
    assert example, "the page shows no example results before the boot"
    assert engine.evaluate(RESULTS_TEXT) == example, "the example's results were not kept"


def test_missing_wasm_reaches_error_with_the_reason_and_keeps_the_example(
    engine: Engine, faults: EngineSite
) -> None:
    """The wasm answers 404: the worker fails, the page's own try fails, the reason is named.

    WebKit and Firefox leave the message out of an Error's stack: the worker must send
    `name: message`, or the page's warning says only where it failed (issue 13).
    """
    faults.set_faults("no-wasm")
    engine.fresh()
    engine.goto(faults.page_url("index"))
    example = engine.evaluate(RESULTS_TEXT)
    assert engine.wait_settled() == ["error"]
    example_kept(engine, example)
    log = engine.page_log()
    said = [c["text"] for c in log["console"]]
    from_worker = [s for s in said if s.startswith("gist: the worker did not start")]
    assert from_worker, "the page did not say that the worker failed:\n" + "\n".join(said)
    assert all("pyodide.asm.wasm: HTTP 404" in s for s in from_worker), "\n".join(from_worker)
    assert any(
        s.startswith("gist widget: the calculator did not load") and "HTTP 404" in s for s in said
    ), "\n".join(said)
    assert not log["csp"]


def test_hung_worker_reaches_error_in_time_and_keeps_the_example(
    engine: Engine, faults: EngineSite
) -> None:
    """The snapshot worker and the fresh one after the watchdog both never answer."""
    faults.set_faults("hung-worker")
    engine.fresh()
    engine.goto(faults.page_url("index"))
    example = engine.evaluate(RESULTS_TEXT)
    # The pages carry SHORT_LIMITS: the whole boot ends within boot_limit_ms.
    limit_s = SHORT_LIMITS["boot_limit_ms"] / 1000
    assert engine.wait_settled(timeout_s=limit_s + 20) == ["error"]
    example_kept(engine, example)
    said = [c["text"] for c in engine.page_log()["console"]]
    assert any("no answer from the snapshot" in s for s in said), "\n".join(said)
    # The fresh worker's own limit and the whole boot's end at the same moment: either says so.
    timed_out = ("no answer", "did not finish within")
    assert any("did not load" in s and any(t in s for t in timed_out) for s in said), "\n".join(
        said
    )


def test_hung_pyodide_from_disk_reaches_error_in_time_and_keeps_the_example(
    engine: Engine, hung_disk_copy: Path
) -> None:
    engine.fresh()
    engine.goto((hung_disk_copy / "index.html").as_uri())
    example = engine.evaluate(RESULTS_TEXT)
    limit_s = SHORT_LIMITS["boot_limit_ms"] / 1000
    assert engine.wait_settled(timeout_s=limit_s + 20) == ["error"]
    example_kept(engine, example)
    said = [c["text"] for c in engine.page_log()["console"]]
    assert any("did not load" in s and "did not finish within" in s for s in said), "\n".join(said)


# ---------------------------------------------------------------- search from disk

# Material's search from disk: its worker runs in an iframe (the iframe-worker polyfill the
# offline build adds) and reads the index from search/search_index.js.
SEARCH = """((words) => {
  const input = document.querySelector("input[data-md-component=search-query]");
  if (!input) throw new Error("no search box");
  input.focus();
  input.value = words;
  input.dispatchEvent(new Event("input", {bubbles: true}));
  input.dispatchEvent(new KeyboardEvent("keyup", {bubbles: true, key: "Enter"}));
  return true;
})"""
SEARCH_HITS = """Array.from(
  document.querySelectorAll("[data-md-component=search-result] a[href]"),
  (a) => a.getAttribute("href"))"""


def test_search_from_disk_finds_pages(engine: Engine, disk_copy: Path) -> None:
    """A word from the medicines page, searched on another page opened from disk."""
    engine.fresh()
    engine.goto((disk_copy / "sources.html").as_uri())
    engine.wait_for("document.readyState === 'complete'")
    engine.evaluate(f"{SEARCH}('avapritinib')")
    hits = engine.wait_for(
        f"(() => {{ const h = {SEARCH_HITS}; return h.length ? h : null; }})()", 20
    )
    assert any("medicines.html" in h for h in hits), hits
    assert not problems(engine, allowed=DISK_SCHEMES)


# ---------------------------------------------------------------- phone widths (WebKit)

# A phone is most often WebKit. MiniBrowser's window cannot be narrower than about 450 px,
# so each page is read inside an iframe of the phone's width on the engine server's blank
# page: the iframe is the page's viewport, media queries and all.
PHONE_WIDTHS = (320, 390)
OVERFLOW = """((frame) => {
  const doc = frame.contentDocument, root = doc.documentElement;
  const width = root.clientWidth;
  const wide = Array.from(doc.body.querySelectorAll("*"))
    .filter((el) => el.getBoundingClientRect().right > width + 0.5)
    .filter((el) => !el.parentElement.closest("[class*=scrollwrap], pre, .md-sidebar"))
    .slice(0, 5)
    .map((el) => el.tagName.toLowerCase() + (el.className ? "." + el.className : "") +
                 " " + Math.round(el.getBoundingClientRect().right) + "px");
  return {scroll: root.scrollWidth, width, wide};
})"""


def webkit_at_phone_widths(test: Callable[..., None]) -> Callable[..., None]:
    """The phone checks run in WebKit only (Chromium has them in tests/site), at each width."""
    only_webkit = [pytest.param("webkit", marks=pytest.mark.webkit)]
    test = pytest.mark.parametrize("width", PHONE_WIDTHS)(test)
    return pytest.mark.parametrize("engine", only_webkit, indirect=True)(test)


def on_blank_page(engine: Engine, engine_site: EngineSite) -> None:
    """Forget what earlier tests loaded; open the served blank page that holds the frame."""
    engine.fresh()
    engine.goto(engine_site.blank_url())


def _in_phone_frame(engine: Engine, url: str, width: int, states: tuple[str, ...]) -> str:
    """The page in a frame `width` px wide (MiniBrowser's window cannot be that narrow), its
    widget in one of `states`; answers kept from earlier tests cleared (issue 10 keeps them
    per visit), so the page shows its example. Returns the expression for the frame."""
    engine.evaluate(
        "(() => { sessionStorage.clear(); document.body.innerHTML = '';"
        " const f = document.createElement('iframe');"
        f" f.style.width = '{width}px'; f.style.height = '800px'; f.style.border = '0';"
        f" f.src = {json.dumps(url)}; document.body.appendChild(f); return true; }})()"
    )
    frame = "document.querySelector('iframe')"
    engine.wait_for(
        f"(() => {{ const d = {frame}.contentDocument; return d && d.readyState === 'complete'"
        " && d.querySelector('[data-gist-widget]') && "
        f"{json.dumps(list(states))}.includes("
        "d.querySelector('[data-gist-widget]').getAttribute('data-state')); })()"
    )
    return frame


@webkit_at_phone_widths
def test_no_horizontal_overflow_at_phone_width_in_webkit(
    engine: Engine, engine_site: EngineSite, width: int
) -> None:
    on_blank_page(engine, engine_site)
    found = []
    for page in PAGES:
        frame = _in_phone_frame(engine, engine_site.page_url(page), width, ("ready", "error"))
        measured = engine.evaluate(f"{OVERFLOW}({frame})")
        assert measured["width"] == width, f"{page}: the frame is {measured['width']} px wide"
        if measured["scroll"] > measured["width"]:
            found.append(
                f"{page}: {measured['scroll']} px of content in {width} px {measured['wide']}"
            )
    assert not found, "\n".join(found)


# Issue 13 point 2: the phone checks of issue 10 in WebKit too, in a phone-wide frame (as
# above): the results say whether they are the example, current or stale, in visible words
# from the widget's own messages; typing a bad value keeps the field in its place and the
# focus in the field.
PHONE_STATE = """((frame) => {
  const d = frame.contentDocument;
  const root = d.querySelector('[data-gist-widget]');
  const results = root.querySelector('[data-gist-results]');
  const words = root.querySelector('[data-gist-results-words]');
  const size = root.querySelector('[data-gist-form] [name="size"]');
  const error = root.querySelector('[data-error-for="size"]');
  return {
    state: results.getAttribute('data-results'),
    words: words.textContent.trim(),
    wordsShown: words.getClientRects().length > 0 && !words.closest('[hidden]'),
    messages: {
      example: root.getAttribute('data-msg-results-example'),
      current: root.getAttribute('data-msg-results-current'),
      errors: root.getAttribute('data-msg-results-errors'),
    },
    sizeTop: Math.round(size.getBoundingClientRect().top + frame.contentWindow.scrollY),
    scrollY: frame.contentWindow.scrollY,
    focused: d.activeElement ? d.activeElement.name : null,
    errorShown: !!error && error.getClientRects().length > 0 && !error.closest('[hidden]'),
  };
})"""
TYPE_SIZE = """((frame, text) => {
  const size = frame.contentDocument.querySelector('[data-gist-widget] [data-gist-form] [name="size"]');
  size.focus();
  size.value = text;
  size.dispatchEvent(new Event('input', {bubbles: true}));
  return true;
})"""


@webkit_at_phone_widths
def test_results_state_and_a_still_field_at_phone_width_in_webkit(
    engine: Engine, engine_site: EngineSite, width: int
) -> None:
    on_blank_page(engine, engine_site)
    frame = _in_phone_frame(engine, engine_site.page_url("index"), width, ("ready",))

    def state() -> dict[str, Any]:
        found: dict[str, Any] = engine.evaluate(f"{PHONE_STATE}({frame})")
        return found

    example = state()
    assert (example["state"], example["wordsShown"]) == ("example", True), example
    assert example["words"] == example["messages"]["example"], example

    # Scroll the field to the middle of the frame, then type a value the calculator refuses.
    engine.evaluate(
        f"(() => {{ const w = {frame}.contentWindow; const s = w.document.querySelector("
        "'[data-gist-widget] [data-gist-form] [name=\"size\"]');"
        " w.scrollTo(0, s.getBoundingClientRect().top + w.scrollY - 300); return true; })()"
    )
    before = state()
    engine.evaluate(f"{TYPE_SIZE}({frame}, '35mm')")
    # Stale at once ("working out"), then stale with the reason once the package has answered.
    engine.wait_for(
        f"(() => {{ const w = {frame}.contentDocument.querySelector('[data-gist-widget]');"
        " return w.querySelector('[data-gist-results]').getAttribute('data-results') === "
        "'stale' && w.querySelector('[data-gist-results-words]').textContent.trim() === "
        "w.getAttribute('data-msg-results-errors'); })()"
    )
    stale = state()
    assert (stale["wordsShown"], stale["words"]) == (True, stale["messages"]["errors"]), stale
    assert stale["errorShown"], "the size's error is not shown next to it"
    assert abs(stale["sizeTop"] - before["sizeTop"]) <= 1, (before, stale)
    assert stale["scrollY"] == before["scrollY"], (before, stale)
    assert stale["focused"] == "size", stale

    engine.evaluate(f"{TYPE_SIZE}({frame}, '4')")
    engine.wait_for(
        f"(() => {{ const r = {frame}.contentDocument.querySelector("
        "'[data-gist-widget] [data-gist-results]'); return r.getAttribute('data-results') === "
        "'current'; })()"
    )
    current = state()
    assert (current["wordsShown"], current["words"]) == (True, current["messages"]["current"])
