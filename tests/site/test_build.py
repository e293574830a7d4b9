"""The built site's HTML, read without a browser.

Each page must carry one widget whose pre-rendered results are the package's answer for the
page's example case, with controls named and valued as on the command line; the risk tables
must be the package's tables cell for cell; every link the results can make must land on an
existing anchor; and nothing may be fetched from another site. The site is built once per
session and engine by the `site` fixture (conftest.py): every check here must hold for the
MkDocs build and for the Zensical one.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import hashlib
import io
import json
import re
import zipfile
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
from site_html import Element, parse
from site_support import (
    DOCS,
    GUIDELINE_PAGES,
    PAGES,
    PYODIDE_DIR,
    REPO,
    SUB_PATH,
    Site,
    front_matter,
)

from gist_calculator import bridge, cli
from gist_calculator.api import evaluate
from gist_calculator.choices import (
    Choice,
    Drug,
    MetastasisStatus,
    Mutation,
    NodeStatus,
    Setting,
    SizeUnit,
)
from gist_calculator.choices import (
    Site as TumourSite,
)
from gist_calculator.tables import published_tables
from gist_calculator.treatment.catalogue import SECTION_ANCHORS
from site_build.runtime import PYODIDE_FILES

SITE_ENGINES = ("mkdocs", "zensical")  # conftest.py builds the site with each

SCHEME_IDS = ("afip", "nih", "modified_nih", "tnm")
RISK_PAGE_ANCHORS = ("afip", "nih", "modified-nih", "tnm", "not-implemented")

# The DOM contract (issue): controls named like the command-line options, with underscores.
SINGLE_CHOICES: dict[str, type[Choice]] = {
    "size_unit": SizeUnit,
    "site": TumourSite,
    "nodes": NodeStatus,
    "metastasis": MetastasisStatus,
    "setting": Setting,
    "mutation": Mutation,
}
NUMBERS = ("size", "mitoses")
DRUG_LISTS = ("progressed_on", "intolerant_of")
FLAGS = ("rupture", "shrinking", "symptoms", "limited_spread", "bone_pain")
CONTRACT = (*NUMBERS, *SINGLE_CHOICES, *DRUG_LISTS, *FLAGS)

# Links a reader may follow off the site (never fetched by the page itself). Material's
# footer credit is the only one the built pages carry.
OUTBOUND_LINK_HOSTS = frozenset({"squidfunk.github.io"})
# Attributes whose URL the browser fetches by itself.
FETCHED_ATTRS = {
    "script": ("src",),
    "img": ("src", "srcset"),
    "source": ("src", "srcset"),
    "iframe": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "video": ("src", "poster"),
    "audio": ("src",),
    "track": ("src",),
    "input": ("src",),
    "form": ("action",),
}
# <link> relations that only name the page; everything else (stylesheet, icon, preload...)
# is fetched.
NAMING_LINK_RELS = frozenset({"canonical", "alternate", "prev", "next", "author", "license"})


# ---------------------------------------------------------------- helpers


@functools.cache
def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def page_html(site: Site, page: str) -> str:
    return _read(site.page_file(page))


def page_tree(site: Site, page: str) -> Element:
    return _tree(site.page_file(page))


@functools.cache
def _tree(path: Path) -> Element:
    return parse(_read(path))


def the_widget(site: Site, page: str) -> Element:
    widgets = page_tree(site, page).with_attr("data-gist-widget")
    assert len(widgets) == 1, f"{page}: {len(widgets)} widgets, expected exactly one"
    return widgets[0]


def the_form(widget: Element) -> Element:
    forms = widget.with_attr("data-gist-form")
    assert len(forms) == 1, "the widget must hold exactly one [data-gist-form]"
    return forms[0]


def controls(form: Element, name: str) -> list[Element]:
    return form.find_all(
        lambda e: e.tag in {"input", "select", "textarea"} and e.get("name") == name
    )


def option_values(select: Element) -> list[str]:
    return [o.get("value", o.text) or "" for o in select.by_tag("option")]


def collect(form: Element) -> dict[str, Any]:
    """The request the page script sends for the form as built (gist-widget.js collect())."""
    request: dict[str, Any] = {}
    for el in form.find_all(lambda e: e.tag in {"input", "select", "textarea"}):
        name, kind = el.get("name"), (el.get("type") or "text").lower()
        if not name or el.has("disabled") or kind in {"submit", "button", "reset", "image"}:
            continue
        if kind == "checkbox" and name in DRUG_LISTS:
            request.setdefault(name, [])
            if el.has("checked"):
                request[name].append(el.get("value", "on"))
        elif kind == "checkbox":
            request[name] = el.has("checked")
        elif kind == "radio":
            if el.has("checked"):
                request[name] = el.get("value", "on")
            else:
                request.setdefault(name, "")
        elif el.tag == "select":
            options = el.by_tag("option")
            chosen = [o for o in options if o.has("selected")] or options[:1]
            request[name] = (chosen[0].get("value", chosen[0].text) or "") if chosen else ""
        else:
            request[name] = el.get("value", "")
    return request


def shown_results(widget: Element) -> dict[str, Any]:
    """What the widget's results say, in the terms of the DOM contract."""
    schemes = {
        s.get("data-scheme"): {
            "status": s.get("data-status"),
            "risk": s.get("data-risk"),
            "stage": s.get("data-stage"),
        }
        for s in widget.with_attr("data-scheme")
    }
    options = {
        o.get("data-option"): o.get("data-recommendation") for o in widget.with_attr("data-option")
    }
    return {"schemes": schemes, "options": options}


def expected_results(raw: dict[str, Any]) -> dict[str, Any]:
    evaluation = evaluate(raw)
    assert not evaluation.errors, f"the example case is invalid: {evaluation.errors}"
    schemes = {
        s.id: {
            "status": s.status.value,
            "risk": s.risk or "",
            "stage": (s.stage or "") if s.id == "tnm" else None,
        }
        for s in evaluation.schemes
    }
    options = {o.id: o.recommendation.value for o in evaluation.options}
    return {"schemes": schemes, "options": options}


def treatment_parser() -> argparse.ArgumentParser:
    parser = cli.build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    chosen = sub.choices["treatment"]
    assert isinstance(chosen, argparse.ArgumentParser)
    return chosen


def run_cli(argv: list[str]) -> tuple[int, dict[str, Any]]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = cli.main([*argv, "--json"])
    return code, json.loads(out.getvalue())


def built_files(site: Site, *suffixes: str) -> list[Path]:
    return sorted(p for p in site.root.rglob("*") if p.is_file() and p.suffix in suffixes)


def page_url_of(site: Site, path: Path) -> str:
    relative = path.relative_to(site.root).as_posix()
    if relative.endswith("index.html"):
        relative = relative[: -len("index.html")]
    return site.base_url + relative


def target_file(site: Site, url: str) -> Path | None:
    """The built file a same-site URL lands on, or None when it is outside the site."""
    path = urlsplit(url).path
    base = urlsplit(site.base_url).path
    if not path.startswith(base):
        return None
    relative = path[len(base) :]
    candidate = site.root / relative
    if relative == "" or relative.endswith("/"):
        candidate = candidate / "index.html"
    return candidate


def url_attributes(tree: Element) -> list[tuple[Element, str, str]]:
    """(element, attribute, url) for every attribute of the page that holds a URL."""
    found = []
    for el in tree.iter():
        for name in ("src", "href", "srcset", "data", "poster", "action", "formaction"):
            if name == "data" and el.tag != "object":
                continue
            value = el.get(name)
            if value is None:
                continue
            urls = (
                [c.split()[0] for c in value.split(",") if c.strip()]
                if name == "srcset"
                else [value]
            )
            found.extend((el, name, u.strip()) for u in urls)
    return found


# ---------------------------------------------------------------- the build


def test_strict_build_passes_without_warnings(site: Site) -> None:
    # The fixture already failed the session if the strict build exited non-zero.
    warnings = [line for line in site.build_log.splitlines() if "WARNING" in line.upper()]
    assert not warnings, "\n".join(warnings)
    if site.engine == "mkdocs":
        assert "Documentation built" in site.build_log


def test_every_page_of_the_docs_is_checked() -> None:
    pages = {p.stem for p in DOCS.glob("*.md")}
    assert pages == set(PAGES), "update PAGES in tests/site/conftest.py to the pages in docs/"


# ---------------------------------------------------------------- the widget on each page


@pytest.mark.parametrize("page", PAGES)
def test_page_has_one_widget_still_loading(site: Site, page: str) -> None:
    widget = the_widget(site, page)
    assert widget.get("data-state") == "loading"
    assert widget.get("data-page") == page
    context = json.loads(widget.get("data-context") or "")
    assert isinstance(context.get("section_urls"), dict)


@pytest.mark.parametrize("page", PAGES)
def test_prerendered_results_are_the_package_answer_for_the_preset(site: Site, page: str) -> None:
    preset = front_matter(page).get("widget")
    assert isinstance(preset, dict), f"docs/{page}.md has no 'widget:' preset"
    raw = {"command": "treatment" if "setting" in preset else "risk", **preset}
    shown = shown_results(the_widget(site, page))
    expected = expected_results(raw)
    assert sorted(shown["schemes"]) == sorted(SCHEME_IDS)
    assert shown == expected
    if page in GUIDELINE_PAGES:
        assert shown["options"], f"{page}: a guideline page must show treatment options"


@pytest.mark.parametrize("page", PAGES)
def test_form_as_built_gives_the_results_shown(site: Site, page: str) -> None:
    """The first answer in the browser (the form's own values) must not change the page."""
    widget = the_widget(site, page)
    request = collect(the_form(widget))
    response = json.loads(bridge.handle(json.dumps(request), widget.get("data-context") or "{}"))
    assert response["errors"] == []
    assert response["results_html"], "the bridge returned no results"
    results = widget.with_attr("data-gist-results")
    assert len(results) == 1
    assert response["results_html"] in page_html(site, page), (
        "the pre-rendered results differ from what the widget shows once it is ready"
    )


@pytest.mark.parametrize("page", PAGES)
def test_controls_follow_the_command_line(site: Site, page: str) -> None:
    form = the_form(the_widget(site, page))
    labels = {label.get("for") for label in form.by_tag("label")}
    for name in NUMBERS:
        found = controls(form, name)
        assert len(found) == 1, f"{name}: {len(found)} controls"
        assert found[0].tag == "input", name
        assert found[0].get("type") in {"text", "number"}, name
    for name, choice in SINGLE_CHOICES.items():
        found = controls(form, name)
        if found and found[0].tag == "select":
            assert len(found) == 1, f"{name}: more than one select"
            values = option_values(found[0])
            assert "" not in values or values.count("") == 1, f"{name}: duplicate empty option"
            assert [v for v in values if v] == list(choice.values()), name
        else:
            assert found, f"no control named {name}"
            assert all(e.get("type") == "radio" for e in found), name
            assert [e.get("value") for e in found] == list(choice.values()), name
    for name in DRUG_LISTS:
        found = controls(form, name)
        assert all(e.get("type") == "checkbox" for e in found), name
        assert [e.get("value") for e in found] == list(Drug.values()), name
    for name in FLAGS:
        found = controls(form, name)
        assert len(found) == 1, f"{name}: {len(found)} controls"
        assert found[0].get("type") == "checkbox", name
    # Every control has a label a screen reader and a keyboard user can reach it by.
    for el in form.find_all(lambda e: e.tag in {"input", "select"} and e.has("name")):
        assert el.get("id") in labels, f"control {el.get('name')}={el.get('value')} has no label"


@pytest.mark.parametrize("page", PAGES)
def test_every_control_has_an_error_slot(site: Site, page: str) -> None:
    widget = the_widget(site, page)
    form = the_form(widget)
    names = {e.get("name") for e in form.find_all(lambda e: e.has("name"))} - {None}
    assert set(CONTRACT) <= names
    slots = [s.get("data-error-for") for s in widget.with_attr("data-error-for")]
    assert sorted(slots) == sorted(set(slots)), "a field has two error slots"
    assert names <= set(slots), f"no error slot for {sorted(names - set(slots))}"
    for slot in widget.with_attr("data-error-for"):
        assert slot.has("hidden"), "an error slot shows before any input"
        assert not slot.text.strip(), "an error shows before any input"


def test_control_names_and_values_are_the_command_lines(site: Site) -> None:
    form = the_form(the_widget(site, "index"))
    options = treatment_parser()._option_string_actions
    names = {e.get("name") for e in form.find_all(lambda e: e.has("name"))} - {None}
    for name in sorted(names):
        assert f"--{name.replace('_', '-')}" in options, f"{name} is not a gist-calc option"
    # Every choice word the form offers is one the command line accepts.
    for name in SINGLE_CHOICES:
        (select,) = controls(form, name)
        for value in filter(None, option_values(select)):
            extra = [] if name == "setting" else ["--setting", "resectable"]
            code, answer = run_cli(["treatment", *extra, f"--{name.replace('_', '-')}", value])
            assert (code, answer["errors"]) == (0, []), f"--{name} {value}"
    for name in DRUG_LISTS:
        for box in controls(form, name):
            flag, value = f"--{name.replace('_', '-')}", box.get("value") or ""
            code, answer = run_cli(["treatment", "--setting", "recurrent", flag, value])
            assert (code, answer["errors"]) == (0, []), f"{flag} {value}"


# ---------------------------------------------------------------- tables and anchors


def table_cells(container: Element) -> dict[str, Any]:
    (table,) = container.by_tag("table")
    (caption,) = table.by_tag("caption")
    (head,) = table.by_tag("thead")
    (body,) = table.by_tag("tbody")
    return {
        "title": caption.text,
        "columns": tuple(th.text for th in head.by_tag("th")),
        "rows": tuple(tuple(c.text for c in tr.by_tag("th", "td")) for tr in body.by_tag("tr")),
    }


def test_risk_tables_equal_the_package_tables(site: Site) -> None:
    tables = published_tables()
    containers = page_tree(site, "understanding-risk").with_attr("data-gist-table")
    shown = {c.get("data-gist-table"): table_cells(c) for c in containers}
    assert len(shown) == len(containers), "a table is shown twice"
    assert sorted(shown) == sorted(tables)
    for table_id, table in tables.items():
        expected = {"title": table.title, "columns": table.columns, "rows": table.rows}
        assert shown[table_id] == expected, table_id


@pytest.mark.parametrize("section", sorted(SECTION_ANCHORS))
def test_option_anchors_exist_on_their_pages(site: Site, section: str) -> None:
    ids = {e.get("id") for e in page_tree(site, section).with_attr("id")}
    missing = sorted(SECTION_ANCHORS[section] - ids)
    assert not missing, f"{section}: missing anchors {missing}"


def test_risk_page_has_the_scheme_anchors(site: Site) -> None:
    ids = {e.get("id") for e in page_tree(site, "understanding-risk").with_attr("id")}
    assert set(RISK_PAGE_ANCHORS) <= ids, sorted(set(RISK_PAGE_ANCHORS) - ids)


def test_every_link_within_the_site_lands(site: Site) -> None:
    """Includes the links inside the generated widget and tables, which MkDocs cannot check."""
    broken = []
    for path in built_files(site, ".html"):
        here = page_url_of(site, path)
        for el, attr, url in url_attributes(_tree(path)):
            absolute = urljoin(here, url)
            if urlsplit(absolute).scheme not in {"http", "https"}:
                continue
            target = target_file(site, absolute)
            if not absolute.startswith(site.origin) or target is None:
                continue
            if not target.is_file():
                broken.append(f"{path.relative_to(site.root)}: <{el.tag} {attr}={url!r}>")
                continue
            fragment = urlsplit(absolute).fragment
            if fragment and target.suffix == ".html":
                ids = {e.get("id") for e in _tree(target).with_attr("id")}
                ids |= {e.get("name") for e in _tree(target).by_tag("a") if e.has("name")}
                if fragment not in ids:
                    broken.append(f"{path.relative_to(site.root)}: {url!r} (no #{fragment})")
    assert not broken, "\n".join(broken)


def test_widget_links_are_relative(site: Site) -> None:
    """The links the widget makes in the browser come from data-context: relative too."""
    for page in PAGES:
        context = json.loads(the_widget(site, page).get("data-context") or "{}")
        for section, url in context["section_urls"].items():
            parts = urlsplit(url)
            relative = not parts.scheme and not parts.netloc and not url.startswith("/")
            assert relative, f"{page}: section_urls[{section}] = {url!r} is not relative"


# ---------------------------------------------------------------- nothing from elsewhere


def test_html_fetches_nothing_from_elsewhere_and_uses_relative_urls(site: Site) -> None:
    problems = []
    for path in built_files(site, ".html"):
        name = path.relative_to(site.root)
        for el, attr, url in url_attributes(_tree(path)):
            parts = urlsplit(url)
            if parts.scheme in {"data", "mailto", "tel", "javascript"} or url.startswith("#"):
                continue
            if not parts.scheme and not parts.netloc:
                # MkDocs gives the 404 page, served at any missing address, URLs from the
                # root through site_url's path; every other page must use relative ones.
                from_site_root = str(name) == "404.html" and url.startswith(SUB_PATH)
                if url.startswith("/") and not from_site_root:
                    problems.append(f"{name}: <{el.tag} {attr}={url!r}> breaks under a sub-path")
                continue
            own = f"{parts.scheme}://{parts.netloc}" == site.origin
            rels = set((el.get("rel") or "").lower().split())
            if el.tag == "a":
                if not own and parts.hostname not in OUTBOUND_LINK_HOSTS:
                    problems.append(f"{name}: link to another site {url!r}")
            elif el.tag == "link" and rels and rels <= NAMING_LINK_RELS:
                if not own:
                    problems.append(f"{name}: <link rel={sorted(rels)}> to another site {url!r}")
            else:
                # Fetched by the browser: must be relative, so it works under any sub-path.
                problems.append(f"{name}: <{el.tag} {attr}={url!r}> is an absolute URL")
        for el in _tree(path).by_tag("style"):
            problems += [f"{name}: <style> {u}" for u in _absolute_css_urls(el.text)]
        for el in _tree(path).with_attr("style"):
            problems += [f"{name}: style= {u}" for u in _absolute_css_urls(el.get("style") or "")]
    assert not problems, "\n".join(problems)


CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]*)\1\s*\)|@import\s+(['"])([^'"]*)\3""")
JS_URL_ATTRIBUTE = re.compile(
    r"""\b(?:src|href)\s*[=:]\s*["'`](?:https?:)?//"""
    + r"""|setAttribute\(\s*["'](?:src|href)["']\s*,\s*["'`](?:https?:)?//"""
)


def _absolute_css_urls(css: str) -> list[str]:
    found = []
    for match in CSS_URL.finditer(css):
        url = match.group(2) or match.group(4) or ""
        parts = urlsplit(url)
        if parts.scheme == "data":
            continue
        if parts.scheme or parts.netloc or url.startswith("/"):
            found.append(url)
    return found


def test_stylesheets_fetch_nothing_from_elsewhere(site: Site) -> None:
    problems = []
    for path in built_files(site, ".css"):
        problems += [f"{path.relative_to(site.root)}: {u}" for u in _absolute_css_urls(_read(path))]
    assert not problems, "\n".join(problems)


def test_scripts_set_no_src_or_href_to_elsewhere(site: Site) -> None:
    problems = []
    for path in built_files(site, ".js", ".mjs"):
        for match in JS_URL_ATTRIBUTE.finditer(_read(path)):
            problems.append(f"{path.relative_to(site.root)}: {match.group(0)!r}")
    assert not problems, "\n".join(problems)


def test_widget_script_names_no_other_site(site: Site) -> None:
    text = _read(site.root / "assets" / "javascripts" / "gist-widget.js")
    assert not re.findall(r"https?://|\bcdn\b", text, re.IGNORECASE)


# ---------------------------------------------------------------- Pyodide and the wheel
# The files the build says it ships (site_build.runtime.PYODIDE_FILES): each must be there,
# byte for byte. That the list is complete is for the browser tests to show: they boot the
# built site's Pyodide in a worker and, without workers, in the page (test_speed_paths.py).


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("name", PYODIDE_FILES)
def test_pyodide_file_is_shipped(site: Site, name: str) -> None:
    shipped = site.root / "assets" / "pyodide" / name
    assert shipped.is_file(), f"{name} is not in the built site"
    assert _sha256(shipped) == _sha256(PYODIDE_DIR / name)


def test_calculator_wheel_is_shipped_and_locked(site: Site) -> None:
    folder = site.root / "assets" / "pyodide"
    lock = json.loads((folder / "pyodide-lock.json").read_text(encoding="utf-8"))
    entry = lock["packages"]["gist-calculator"]
    wheel = folder / entry["file_name"]
    assert wheel.is_file(), f"the lock names {entry['file_name']}, which is not in the site"
    assert _sha256(wheel) == entry["sha256"]
    assert entry["imports"] == ["gist_calculator"]
    # The browser must run the very code the tests above ran.
    source = REPO / "calculator" / "src" / "gist_calculator"
    with zipfile.ZipFile(wheel) as archive:
        inside = {name: archive.read(name) for name in archive.namelist()}
    for path in sorted(source.rglob("*.py")):
        if "__pycache__" in path.parts:
            continue
        name = f"gist_calculator/{path.relative_to(source).as_posix()}"
        assert name in inside, f"{name} is missing from the wheel"
        assert inside[name] == path.read_bytes(), f"{name} in the wheel differs from the source"
