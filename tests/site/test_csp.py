"""The Content-Security-Policy: only the site's own scripts, and what Pyodide needs.

Every page carries the policy as a meta tag before anything it governs. Scripts may come
from the site itself, or be one of Material's inline scripts, each allowed by its sha256
hash (computed at build time); never 'unsafe-inline' or 'unsafe-eval'. WebAssembly needs
'wasm-unsafe-eval'. In the browser, a reader's whole visit (boot, answers, share, print,
palette, search, every page by instant navigation, a link read back) must raise no
`securitypolicyviolation` event; a script injected into the page must be refused, which
shows the recorder works.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterator
from typing import Any

import pytest
from site_html import Element, parse
from site_support import PAGES, Site, Visit, open_visit
from test_a11y import navigate
from test_browser import Widget
from widget_support import CSP_RECORDER

CSP_META = "Content-Security-Policy"
FORBIDDEN_IN_SCRIPT_SRC = ("'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "*", "data:")
EXECUTABLE_TYPES = ("", "text/javascript", "application/javascript", "module")


SITE_ENGINES = ("mkdocs", "zensical")  # conftest.py builds the site with each


def policy_of(tree: Element) -> dict[str, list[str]]:
    metas = [
        m for m in tree.by_tag("meta") if (m.get("http-equiv") or "").lower() == CSP_META.lower()
    ]
    assert len(metas) == 1, f"{len(metas)} CSP meta tags"
    directives: dict[str, list[str]] = {}
    for part in (metas[0].get("content") or "").split(";"):
        words = part.split()
        if words:
            assert words[0] not in directives, f"{words[0]} given twice"
            directives[words[0]] = words[1:]
    return directives


def inline_scripts(tree: Element) -> list[str]:
    return [
        s.text
        for s in tree.by_tag("script")
        if not s.has("src") and (s.get("type") or "").lower() in EXECUTABLE_TYPES
    ]


def sha256(text: str) -> str:
    digest = base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode()
    return f"'sha256-{digest}'"


# ---------------------------------------------------------------- the built pages


@pytest.mark.parametrize("page", PAGES)
def test_every_page_carries_the_policy_before_anything_it_governs(site: Site, page: str) -> None:
    html = site.page_file(page).read_text(encoding="utf-8")
    tree = parse(html)
    (head,) = tree.by_tag("head")
    meta = html.find(f'http-equiv="{CSP_META}"')
    assert meta != -1
    first_governed = min(
        i for i in (html.find("<script"), html.find("<link"), html.find("<style")) if i != -1
    )
    assert meta < first_governed, "the policy must come before the first script or link"
    assert any((m.get("http-equiv") or "") == CSP_META for m in head.by_tag("meta"))
    policy = policy_of(tree)
    scripts = policy["script-src"]
    assert not [w for w in scripts if w in FORBIDDEN_IN_SCRIPT_SRC or w.endswith(":")], scripts
    assert "'self'" in scripts
    assert "'wasm-unsafe-eval'" in scripts  # Pyodide compiles WebAssembly
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] in (["'self'"], ["'none'"])
    assert policy["default-src"] in (["'self'"], ["'none'"])
    for directive, sources in policy.items():
        assert not [s for s in sources if s.startswith(("http:", "https:", "*"))], directive
        assert "'unsafe-inline'" not in sources or directive == "style-src", directive
    # Every inline script is allowed by its hash, and nothing else is allowed by a hash.
    expected = {sha256(text) for text in inline_scripts(tree)}
    hashes = {w for w in scripts if w.startswith("'sha256-")}
    assert hashes == expected


@pytest.mark.parametrize("page", PAGES)
def test_no_inline_handlers_or_javascript_urls(site: Site, page: str) -> None:
    """A hash cannot allow these, so none may be there (they would be refused)."""
    html = site.page_file(page).read_text(encoding="utf-8")
    assert not re.findall(r"<[^>]*\son[a-z]+\s*=", html, re.IGNORECASE)
    assert "javascript:" not in html.lower()


# ---------------------------------------------------------------- in the browser


@pytest.fixture(scope="module")
def watched(browser: Any, site: Site) -> Iterator[Visit]:
    visit = open_visit(browser, site)
    try:
        visit.context.add_init_script(CSP_RECORDER)
        visit.context.add_init_script("window.print = () => { window.__printed = true; };")
        visit.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site.origin)
        yield visit
    finally:
        visit.context.close()


def violations(visit: Visit) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = visit.page.evaluate("() => window.__cspViolations || []")
    return found


def assert_no_violations(visit: Visit, step: str) -> None:
    found = violations(visit)
    assert not found, f"{step}: {found}"
    refused = [e for e in visit.console_errors if "Content Security Policy" in e]
    assert not refused, f"{step}: {refused}"


@pytest.mark.browser
def test_the_policy_is_enforced_and_the_recorder_hears_it(watched: Visit) -> None:
    watched.goto("index")
    watched.wait_ready()
    assert_no_violations(watched, "first load")
    blocked = watched.page.evaluate(
        """() => { const s = document.createElement("script");
                   s.textContent = "window.__injected = true;";
                   document.head.appendChild(s);
                   return window.__injected === undefined; }"""
    )
    assert blocked, "an injected inline script ran: the policy is not in force"
    watched.page.wait_for_function("() => (window.__cspViolations || []).length > 0")
    assert {v["directive"] for v in violations(watched)} == {"script-src-elem"}
    watched.page.evaluate("() => { window.__cspViolations.length = 0; }")
    watched.take_problems()  # the refusal's own console message


@pytest.mark.browser
def test_a_whole_visit_raises_no_violation(watched: Visit, site: Site) -> None:
    watched.goto("index")
    watched.wait_ready()
    page = watched.page
    widget = Widget(watched)
    widget.control("size").fill("7")
    widget.control("site").select_option("stomach")
    widget.control("rupture=true").check()
    widget.control("size").fill("x")
    widget.control("size").press("Tab")
    widget.control("size").fill("8")
    widget.read()
    page.locator("[data-gist-clinician-toggle]").check()
    page.locator("[data-gist-share]").click()
    page.locator("[data-gist-print]").click()
    assert_no_violations(watched, "answers, share and print")
    page.locator("form[data-md-component=palette] label:visible").first.click()
    page.locator(".md-search__input").click()
    page.keyboard.type("imatinib")
    if site.engine == "mkdocs":
        page.locator(".md-search-result__item").first.wait_for()
    else:  # Zensical's search shows its results in a shadow root with markup of its own
        page.wait_for_timeout(2000)
    page.keyboard.press("Escape")
    assert_no_violations(watched, "palette and search")
    for name in [*PAGES[1:], PAGES[0]]:
        navigate(watched, name)
        assert_no_violations(watched, f"instant navigation to {name}")
    link = page.url
    # A deep page loaded by itself, with a link's answers in its address.
    page.goto(site.page_url("recurrent") + "#answers?size=4&site=colon&setting=recurrent")
    watched.wait_ready()
    assert_no_violations(watched, "a deep page with a link")
    assert link.startswith(site.base_url)
    watched.assert_clean()
