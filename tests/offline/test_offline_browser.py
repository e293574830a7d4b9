"""The unzipped copy in a real Chromium, opened from disk (file://) as a reader would.

Every page's widget must reach ready through the offline payload with one Pyodide boot, and
give the answer the build pre-rendered; the golden cases must come out of the browser exactly
as CPython's bridge gives them (and so the command line); a typed answer must update the
results; the search must find a page; nothing may be requested outside file:, blob: and
data:. Where the calculator cannot start, the page must keep its pre-rendered results and say
in plain words how to get the interactive version.
"""

from __future__ import annotations

import functools
import json
import shutil
import threading
import time
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from offline_support import (
    BOOT_TIMEOUT_MS,
    GOLDEN,
    GUIDELINE_PAGES,
    PAGES,
    REPORT,
    DiskVisit,
    open_disk_visit,
    wait_idle,
)

from gist_calculator import bridge
from gist_calculator.api import evaluate, to_json
from gist_calculator.render import MESSAGES

pytestmark = pytest.mark.browser

WIDGET = "[data-gist-widget]"
# The widget's results now, and the same HTML as the page itself would serialise it.
SAME_RESULTS = """([root, expected]) => {
    const parsed = document.createElement("template");
    parsed.innerHTML = expected;
    const shown = root.querySelector("[data-gist-results]");
    return shown.innerHTML === parsed.innerHTML && !shown.hasAttribute("data-stale");
}"""
# The same results, whatever their data-results state (a failure keeps them, marked stale).
SAME_CONTENT = """([root, expected]) => {
    const parsed = document.createElement("template");
    parsed.innerHTML = expected;
    return root.querySelector("[data-gist-results]").innerHTML === parsed.innerHTML;
}"""
# Every golden request through the page's own handle(), in one go.
RUN_CASES = """async ([requests, context]) => {
    const handle = await window.gistWidget.engine;
    return requests.map((r) => handle(JSON.stringify(r), context));
}"""


def golden_requests() -> list[tuple[str, dict[str, Any]]]:
    if not GOLDEN.is_file():
        pytest.fail(f"{GOLDEN} is missing: the offline copy is checked against it.")
    cases = json.loads(GOLDEN.read_text(encoding="utf-8"))["cases"]
    assert len(cases) >= 5, "golden.json has too few cases to check the offline copy"
    return [(case["id"], dict(case["request"])) for case in cases]


def prerendered(browser: Any, root: Path, page: str) -> tuple[str, str]:
    """The results HTML and data-context the build put in the page (JavaScript off)."""
    context = browser.new_context(java_script_enabled=False)
    try:
        tab = context.new_page()
        tab.goto((root / f"{page}.html").as_uri())
        widget = tab.locator(WIDGET)
        html = widget.locator("[data-gist-results]").inner_html()
        return html, widget.get_attribute("data-context") or "{}"
    finally:
        context.close()


def copy_of(unzipped: Path, tmp_path: Path) -> Path:
    target = tmp_path / unzipped.name
    shutil.copytree(unzipped, target)
    return target


# ---------------------------------------------------------------- every page from disk


@pytest.mark.parametrize("page", PAGES)
def test_page_reaches_ready_from_disk_with_the_prerendered_answer(
    browser: Any, unzipped: Path, disk: DiskVisit, page: str
) -> None:
    expected, _ = prerendered(browser, unzipped, page)
    start = time.monotonic()
    disk.goto(page)
    disk.wait_ready()
    seconds = time.monotonic() - start
    REPORT.setdefault("widget ready from disk, per page", "")
    REPORT["widget ready from disk, per page"] += f" {page} {seconds:.1f} s;"
    state = disk.page.evaluate("() => [window.gistWidget.strategy, window.gistWidget.boots]")
    assert state == ["offline", 1]
    root = disk.page.locator(WIDGET).element_handle()
    assert disk.page.evaluate(SAME_RESULTS, [root, expected]), (
        f"{page}: the browser's answer for the example case differs from the build's"
    )
    schemes = {urlsplit(url).scheme for url in disk.requests}
    assert schemes <= {"file", "blob", "data"}, schemes
    assert "blob" in schemes, "the payload was not turned into blob: URLs"


def test_time_to_ready_from_disk(browser: Any, unzipped: Path) -> None:
    """Measured from navigation start, on a fresh context (nothing cached in memory)."""
    visit = open_disk_visit(browser, unzipped)
    try:
        visit.goto("index")
        visit.wait_ready()
        marks = visit.page.evaluate(
            "() => Object.fromEntries(performance.getEntriesByType('mark')"
            ".map((m) => [m.name, m.startTime / 1000]))"
        )
        visit.assert_clean()
    finally:
        visit.context.close()
    REPORT["index.html from disk: payload decoded"] = f"{marks['gist:payload']:.2f} s"
    REPORT["index.html from disk: Pyodide started"] = f"{marks['gist:pyodide']:.2f} s"
    REPORT["index.html from disk: widget ready"] = f"{marks['gist:ready']:.2f} s"
    assert marks["gist:ready"] * 1000 < BOOT_TIMEOUT_MS


# ---------------------------------------------------------------- the calculator's answers


@pytest.fixture(scope="module")
def booted_index(browser: Any, unzipped: Path) -> Iterator[DiskVisit]:
    with open_disk_visit(browser, unzipped) as visit:
        visit.boot("index")
        yield visit
        visit.assert_clean()


def test_golden_cases_give_the_command_lines_answers(booted_index: DiskVisit) -> None:
    cases = golden_requests()
    page_context = booted_index.page.locator(WIDGET).get_attribute("data-context") or "{}"
    # The whole result travels only when asked for; the tests ask, the widget does not.
    context = json.dumps({**json.loads(page_context), "result": True})
    answers = booted_index.page.evaluate(RUN_CASES, [[r for _, r in cases], context])
    assert len(answers) == len(cases)
    for (case_id, request), answer in zip(cases, answers, strict=True):
        got = json.loads(answer)
        # The browser's Python and CPython give the same whole answer (results HTML too)...
        assert got == json.loads(bridge.handle(json.dumps(request), context)), case_id
        # ...and the result is the command line's (gist-calc --json runs api.evaluate).
        assert got["result"] == to_json(evaluate(request)), case_id
        assert "internal_error" not in got, case_id


def test_typed_answers_update_the_results(browser: Any, unzipped: Path, disk: DiskVisit) -> None:
    page = GUIDELINE_PAGES[0]
    disk.goto(page)
    disk.wait_ready()
    tab = disk.page
    root = tab.locator(WIDGET)
    handle_root = root.element_handle()
    _, context = prerendered(browser, unzipped, page)

    root.locator('[name="size"]').fill("abc")
    wait_idle(tab)
    shown = root.locator('[data-error-for="size"]').text_content() or ""
    expected = json.loads(bridge.handle(json.dumps({"size": "abc"}), context))
    messages = [e["message"] for e in expected["errors"] if e["field"] == "size"]
    assert messages, expected
    assert shown.strip() == " ".join(messages)
    assert root.locator("[data-gist-results]").get_attribute("data-stale") is not None

    root.locator('[name="size"]').fill("12")
    wait_idle(tab)
    request = tab.evaluate(
        """(root) => {
            const out = {};
            for (const el of root.querySelector("[data-gist-form]").elements) {
                if (!el.name || el.disabled) continue;
                if (el.type === "checkbox" && ["progressed_on", "intolerant_of"].includes(el.name)) {
                    out[el.name] = out[el.name] || [];
                    if (el.checked) out[el.name].push(el.value);
                } else if (el.type === "checkbox") out[el.name] = el.checked;
                else if (el.type === "radio") { if (el.checked) out[el.name] = el.value; }
                else if (el.type !== "submit" && el.type !== "button") out[el.name] = el.value;
            }
            return out;
        }""",
        handle_root,
    )
    assert request["size"] == "12"
    expected = json.loads(bridge.handle(json.dumps(request), context))
    assert not expected["errors"], expected["errors"]
    assert tab.evaluate(SAME_RESULTS, [handle_root, expected["results_html"]])
    assert root.locator('[data-error-for="size"]').text_content() in ("", None)


# ---------------------------------------------------------------- search from disk


def test_search_finds_a_page_from_disk(disk: DiskVisit) -> None:
    disk.goto("index")
    disk.wait_ready()  # the search and the calculator share the page; both must work
    box = disk.page.locator("input.md-search__input")
    box.click()
    box.press_sequentially("avapritinib", delay=30)  # Material searches on key presses
    first = disk.page.locator(".md-search-result__item a").first
    first.wait_for(timeout=BOOT_TIMEOUT_MS)
    href = first.get_attribute("href") or ""
    target = disk.page.evaluate("(a) => a.href", first.element_handle())
    assert urlsplit(target).scheme == "file", target
    assert urlsplit(target).path.endswith(".html"), href
    first.click()
    disk.page.wait_for_load_state("domcontentloaded")
    assert disk.page.url.split("#")[0] == target.split("#")[0]
    assert disk.page.locator("h1").count() == 1


# ---------------------------------------------------------------- when it cannot start


def assert_explains_and_keeps_results(visit: DiskVisit, expected_results: str) -> None:
    states = visit.wait_settled()
    assert states == ["error"], states
    root = visit.page.locator(WIDGET)
    status = (root.locator("[data-gist-status]").text_content() or "").strip()
    assert status == MESSAGES["error_offline"]
    for words in ("python3 -m http.server", "website"):
        assert words in status
    handle_root = root.element_handle()
    assert visit.page.evaluate(SAME_CONTENT, [handle_root, expected_results]), (
        "the pre-rendered results did not stay in place"
    )
    # They stay, but are not the reader's: marked stale and said so in words beside them
    # (issue 10, point 4: "stale" when the calculator failed).
    results = root.locator("[data-gist-results]")
    assert results.get_attribute("data-results") == "stale"
    assert results.get_attribute("data-stale") == ""
    words = root.locator("[data-gist-results-words]")
    assert words.is_visible()
    assert words.inner_text().strip() == MESSAGES["results-failed"]
    assert root.locator("[data-gist-form]").evaluate("(form) => form.inert")
    assert not visit.elsewhere, visit.elsewhere


def test_missing_payload_keeps_results_and_says_what_to_do(
    browser: Any, unzipped: Path, tmp_path: Path
) -> None:
    broken = copy_of(unzipped, tmp_path)
    (broken / "assets" / "pyodide-offline" / "pyodide.asm.wasm.js").unlink()
    expected, _ = prerendered(browser, broken, "index")
    visit = open_disk_visit(browser, broken)
    try:
        visit.goto("index")
        assert_explains_and_keeps_results(visit, expected)
    finally:
        visit.context.close()


def test_browser_without_decompression_keeps_results_and_says_what_to_do(
    browser: Any, unzipped: Path
) -> None:
    expected, _ = prerendered(browser, unzipped, "index")
    visit = open_disk_visit(browser, unzipped)
    try:
        visit.page.add_init_script("delete window.DecompressionStream;")
        visit.goto("index")
        assert_explains_and_keeps_results(visit, expected)
    finally:
        visit.context.close()


# ---------------------------------------------------------------- the local-server advice


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def test_unzipped_copy_served_by_a_local_server_works(browser: Any, unzipped: Path) -> None:
    """What the failure message advises (python3 -m http.server in the folder) must work."""
    handler = functools.partial(_Quiet, directory=str(unzipped))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    origin = f"http://127.0.0.1:{server.server_address[1]}"
    visit = open_disk_visit(browser, unzipped)
    try:
        visit.page.goto(origin + "/index.html", wait_until="domcontentloaded")
        visit.wait_ready()
        assert visit.page.evaluate("() => window.gistWidget.strategy") == "offline"
        visit.elsewhere[:] = [u for u in visit.elsewhere if not u.startswith(origin + "/")]
        visit.assert_clean()
    finally:
        visit.context.close()
        server.shutdown()
        server.server_close()
