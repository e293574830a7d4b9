"""The widget on a phone (issue 10), in real Chromium at 320 and 390 px and on a desktop.

What a frightened reader on a phone needs: nothing wider than the screen in any state; the
field being typed in does not move and keeps the focus; the results never look current when
they are not (the `data-results` contract); answers follow the reader to another page and
can be cleared; screen readers hear one short announcement per settled change.
The sizes measured (widget height, tab stops before the first result) are printed at the end
of the run, as numbers for the record, never as pass or fail.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from site_support import PAGES, TIMINGS, Site, Visit, open_visit

pytestmark = pytest.mark.browser

WIDGET = "[data-gist-widget]"
WIDTHS = {"320": 320, "390": 390, "desktop": 1280}
IDLE = "(root) => window.gistWidget && !window.gistWidget.pending.has(root)"

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

MEASURED: dict[str, str] = {}


def _visit(browser: Any, site: Site, width: int) -> Visit:
    visit = open_visit(browser, site)
    visit.page.set_viewport_size({"width": width, "height": 800})
    return visit


@pytest.fixture
def phone(browser: Any, site: Site) -> Iterator[Visit]:
    visit = _visit(browser, site, 390)
    try:
        yield visit
        visit.assert_clean()
    finally:
        visit.context.close()


def _idle(page: Any) -> None:
    page.wait_for_function(IDLE, arg=page.locator(WIDGET).element_handle())


@pytest.mark.parametrize("page_name", PAGES)
def test_measure_widget_at_390(phone: Visit, page_name: str) -> None:
    """Height of the widget and tab stops before the first result (recorded, not judged)."""
    phone.goto(page_name)
    phone.wait_ready()
    _idle(phone.page)
    root = phone.page.locator(WIDGET)
    height = root.evaluate("(r) => Math.round(r.getBoundingClientRect().height)")
    stops = root.evaluate(TAB_STOPS)
    MEASURED[page_name] = f"widget height {height} px, {stops} tab stops before the results"
    TIMINGS[f"phone 390 px {page_name}: height px"] = float(height)
    TIMINGS[f"phone 390 px {page_name}: tab stops"] = float(stops)
    assert height > 0
