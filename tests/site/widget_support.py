"""What the accessibility, share, fuzz and CSP tests share.

axe-core comes from node_modules (npm `axe-core`, pinned in package.json) and is evaluated in
the page, never added as a <script>: the pages carry a Content-Security-Policy that would
rightly refuse an injected inline script. The axe results are gathered per page, widget
state and colour scheme, and printed as a table at the end of the run (conftest.py).
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from site_support import REPO

AXE_SCRIPT = REPO / "node_modules" / "axe-core" / "axe.min.js"
# The list: WCAG 2.0, 2.1 and 2.2 A and AA, and axe's best practices.
AXE_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice")
# Rules switched off, each with the reason. None is: every rule of those tags runs.
AXE_DISABLED: dict[str, str] = {}
# Material's two palettes: `default` (light) and `slate` (dark).
SCHEMES = {"light": "default", "dark": "slate"}

# (page, widget state, scheme) -> number of axe violations found; printed by conftest.py.
AXE_RESULTS: dict[tuple[str, str, str], int] = {}

WIDGET = "[data-gist-widget]"
# The widget's contract for tests: no call waiting for Pyodide.

# Records every Content-Security-Policy violation of the page and of its same-origin frames
# (Material's offline search runs in an iframe) into the top window, across instant
# navigation. Added with add_init_script, so it runs before any page script.
CSP_RECORDER = """
(() => {
  let sink;
  try { sink = window.top; void sink.location.href; } catch (error) { sink = window; }
  sink.__cspViolations = sink.__cspViolations || [];
  const record = (event) => sink.__cspViolations.push({
    directive: event.effectiveDirective,
    blocked: event.blockedURI,
    sample: event.sample,
    source: event.sourceFile + ":" + event.lineNumber,
    frame: location.href,
  });
  document.addEventListener("securitypolicyviolation", record, true);
})();
"""


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """Run axe on the whole page with the issue's tags; return its violations."""
    if not AXE_SCRIPT.is_file():
        pytest.fail(f"{AXE_SCRIPT} is missing: run 'make node' (npm ci) first.")
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(AXE_SCRIPT.read_text(encoding="utf-8"))
    options = {
        "runOnly": {"type": "tag", "values": list(AXE_TAGS)},
        "rules": {rule: {"enabled": False} for rule in AXE_DISABLED},
        "resultTypes": ["violations"],
    }
    result = page.evaluate("(options) => axe.run(document, options)", options)
    violations: list[dict[str, Any]] = result["violations"]
    return violations


def describe(violations: list[dict[str, Any]]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']} [{len(v['nodes'])} nodes]")
        for node in v["nodes"][:5]:
            summary = " | ".join(node.get("failureSummary", "").splitlines()[1:3])
            lines.append(f"    {json.dumps(node['target'])}: {summary}")
    return "\n".join(lines)


def set_scheme(page: Any, scheme: str) -> None:
    """Switch Material's palette as its toggle does, then let the colour transitions end.

    axe reads computed colours; mid-transition colours would give contrast figures that no
    reader ever sees.
    """
    page.evaluate(
        "(scheme) => document.body.setAttribute('data-md-color-scheme', scheme)", SCHEMES[scheme]
    )
    page.wait_for_function(
        """() => document.getAnimations().every(
            (a) => a.playState !== "running" || a.effect?.getComputedTiming().iterations === Infinity)""",
        timeout=5_000,
    )


def check_axe(page: Any, page_name: str, state: str) -> list[str]:
    """axe in both palettes; every count goes into AXE_RESULTS; returns the failures."""
    failures = []
    for scheme in SCHEMES:
        set_scheme(page, scheme)
        violations = axe_violations(page)
        AXE_RESULTS[(page_name, state, scheme)] = sum(len(v["nodes"]) for v in violations)
        if violations:
            failures.append(f"{page_name}, {state}, {scheme}:\n{describe(violations)}")
    set_scheme(page, "light")
    return failures


def axe_table() -> list[str]:
    """Pages down, states across, `light/dark` violation counts in each cell."""
    pages = list(dict.fromkeys(k[0] for k in AXE_RESULTS))
    states = list(dict.fromkeys(k[1] for k in AXE_RESULTS))
    width = max(len(p) for p in pages) + 2
    cells = [max(len(s), 7) + 2 for s in states]
    lines = [
        "axe-core violations (nodes), light/dark; - = not run. Tags: " + ", ".join(AXE_TAGS),
        "page".ljust(width) + "".join(s.ljust(c) for s, c in zip(states, cells, strict=True)),
    ]
    for name in pages:
        row = name.ljust(width)
        for state, cell in zip(states, cells, strict=True):
            counts = [AXE_RESULTS.get((name, state, scheme)) for scheme in SCHEMES]
            row += "/".join("-" if c is None else str(c) for c in counts).ljust(cell)
        lines.append(row)
    if AXE_DISABLED:
        lines += [f"rule off: {rule}: {why}" for rule, why in AXE_DISABLED.items()]
    return lines


def wait_state(page: Any, states: tuple[str, ...], timeout_ms: int) -> str:
    """Wait until the page's widget is in one of `states`; return the state."""
    page.wait_for_function(
        "(states) => states.includes(document.querySelector('[data-gist-widget]')"
        "?.getAttribute('data-state'))",
        arg=list(states),
        timeout=timeout_ms,
    )
    state: str = page.get_attribute(WIDGET, "data-state")
    return state
