"""The offline copy's Content-Security-Policy, read from disk in real Chromium.

From file:// the calculator unpacks Pyodide into blob: URLs (imported and fetched), and
Material's search runs in a frame the iframe-worker shim writes, whose inline script the
build allows by its hash. A visit (boot, answers, a link, search, another page) must raise
no `securitypolicyviolation` event, and an injected script must still be refused.
"""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path
from typing import Any

import pytest
from offline_support import PAGES, DiskVisit

# Records violations of the page and of its same-origin frames (the search frame) in the top
# window. The same recorder as tests/site/widget_support.py.
RECORDER = """
(() => {
  let sink;
  try { sink = window.top; void sink.location.href; } catch (error) { sink = window; }
  sink.__cspViolations = sink.__cspViolations || [];
  document.addEventListener("securitypolicyviolation", (event) => sink.__cspViolations.push({
    directive: event.effectiveDirective, blocked: event.blockedURI, sample: event.sample,
    source: event.sourceFile + ":" + event.lineNumber, frame: location.href}), true);
})();
"""
META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">')


def policy(path: Path) -> dict[str, list[str]]:
    found = META.findall(path.read_text(encoding="utf-8"))
    assert len(found) == 1, f"{path.name}: {len(found)} policies"
    return {
        part.split()[0]: part.split()[1:] for part in unescape(found[0]).split(";") if part.strip()
    }


@pytest.mark.parametrize("page", PAGES)
def test_copy_allows_blob_for_pyodide_and_nothing_inline(unzipped: Path, page: str) -> None:
    directives = policy(unzipped / f"{page}.html")
    scripts = directives["script-src"]
    assert {"'self'", "'wasm-unsafe-eval'", "blob:"} <= set(scripts)
    assert not {"'unsafe-inline'", "'unsafe-eval'", "*", "data:", "file:"} & set(scripts)
    assert "blob:" in directives["connect-src"]
    # Material's inline scripts and the search frame's script, by hash.
    assert len([s for s in scripts if s.startswith("'sha256-")]) >= 3


def _violations(disk: DiskVisit) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = disk.page.evaluate("() => window.__cspViolations || []")
    return found


@pytest.mark.browser
def test_a_visit_from_disk_raises_no_violation(disk: DiskVisit) -> None:
    disk.context.add_init_script(RECORDER)
    disk.goto("recurrent")
    disk.wait_ready()
    page = disk.page
    # The size is asked only once the situation is one where it matters (issue 10): choose
    # it first, as a reader would.
    page.locator('[data-gist-form] [name="setting"]').select_option("resectable")
    page.locator('[data-gist-form] [name="size"]').fill("7")
    page.locator('[data-gist-form] [name="site"]').select_option("colon")
    page.wait_for_function(
        "() => !window.gistWidget.pending.has(document.querySelector('[data-gist-widget]'))"
    )
    assert not _violations(disk), "widget"
    page.locator(".md-search__input").click()
    page.keyboard.type("imatinib")
    page.locator(".md-search-result__item").first.wait_for()
    page.keyboard.press("Escape")
    assert not _violations(disk), "search in its frame"
    page.goto(disk.url("unresectable") + "#answers?size=abc&setting=unresectable")
    disk.wait_ready()
    assert not _violations(disk), "another page, with a link's answers"
    refused = page.evaluate(
        """() => { const s = document.createElement("script");
                   s.textContent = "window.__injected = true;";
                   document.head.appendChild(s);
                   return window.__injected === undefined; }"""
    )
    assert refused, "an injected inline script ran: the policy is not in force"
    page.wait_for_function("() => window.__cspViolations.length > 0")
    assert [v["directive"] for v in _violations(disk)] == ["script-src-elem"]
    # The refusal's own console message is the one expected problem.
    disk.console_errors[:] = [e for e in disk.console_errors if "Content Security" not in e]
