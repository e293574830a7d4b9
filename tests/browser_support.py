"""What every browser test shares, whatever the engine: the pages, the builds, the server.

tests/site, tests/offline and tests/engines import this module by its own name (pytest puts
tests/ on sys.path through tests/conftest.py); bench/run.py imports it after putting tests/
and the checkout (for site_build) on sys.path. One copy of each of these, so that a page
added to the site, a launch argument or a change to how the site is served reaches every
test at once.

- the page list, the Chromium launch arguments and where Chromium is;
- the builds: `mkdocs build --strict` (as `make build`) and the offline zip (as
  `make offline`), each a function the session fixtures in tests/conftest.py call once;
- the server: the built site under a sub-path (/gist-guide/), as GitHub Pages serves it
  (site_build/serving.py's, the one `make serve` uses);
- a watched visit (every request, failure and error recorded) to the served site or to the
  offline copy from disk, and the check that the widget is idle;
- the golden cases, the command line's answer for a request, and how a request is entered
  in the form and what the widget must then show, in words any engine can check.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import io
import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar, Self, TypeVar
from urllib.parse import urlsplit

import pytest
import yaml

from gist_calculator import cli
from gist_calculator import fields as field_table
from site_build.serving import SubPathHandler, SubPathServer

REPO = Path(__file__).resolve().parents[1]
DOCS = REPO / "docs"
PYODIDE_DIR = REPO / "node_modules" / "pyodide"
BUILD_SCRIPT = REPO / "scripts" / "build_offline.py"
GOLDEN = REPO / "tests" / "calculator" / "data" / "golden.json"
SUB_PATH = "/gist-guide/"
BUILD_TIMEOUT_S = 600
# A Pyodide boot on two shared cores takes several seconds; give it room.
BOOT_TIMEOUT_MS = 60_000
ZIP_NAME = "gist-guide-offline.zip"
FOLDER = "gist-guide-offline"  # the offline zip's one top-level folder

# Deliberately without --allow-file-access-from-files: a reader's browser has no such flag.
# The others keep Chromium from calling home during the tests.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-gpu",
]
# Wide enough that Material shows the navigation sidebar and its search box.
VIEWPORT = {"width": 1400, "height": 1000}

# Every page of the site, with its widget; the guideline pages are the four situations.
PAGES = (
    "index",
    "localised-smaller",
    "localised-larger",
    "unresectable",
    "recurrent",
    "understanding-risk",
    "how-the-calculator-decides",
    "medicines",
    "sources",
)
GUIDELINE_PAGES = ("localised-smaller", "localised-larger", "unresectable", "recurrent")

# True once every widget of the page has settled (ready or error).
SETTLED = """() => {
    const roots = document.querySelectorAll("[data-gist-widget]");
    return roots.length > 0 && Array.from(roots).every(
        (r) => ["ready", "error"].includes(r.getAttribute("data-state")));
}"""


def chromium_path() -> str | None:
    """GIST_CHROMIUM if set (CI may point it at Google Chrome), else Debian's chromium."""
    named = os.environ.get("GIST_CHROMIUM", "").strip()
    if named:
        return named if Path(named).is_file() else None
    found = shutil.which("chromium") or "/usr/bin/chromium"
    return found if Path(found).is_file() else None


def front_matter(page: str) -> dict[str, Any]:
    """The page's YAML front matter; `widget:` is the example case its widget opens on."""
    text = (DOCS / f"{page}.md").read_text(encoding="utf-8")
    match = re.match(r"---\n(.*?)\n---\n", text, re.DOTALL)
    assert match, f"docs/{page}.md has no front matter"
    meta = yaml.safe_load(match.group(1))
    assert isinstance(meta, dict)
    return meta


# ---------------------------------------------------------------- builds


def clean_env() -> dict[str, str]:
    """The environment without the switches that pick a kind of build."""
    env = {k: v for k, v in os.environ.items() if k not in {"OFFLINE", "GIST_OFFLINE_ZIP"}}
    env["NO_MKDOCS_2_WARNING"] = "1"
    return env


def run_build(command: list[str], env: dict[str, str], what: str) -> str:
    """Run one build step from the repository; its log, or a test failure with the log."""
    if not (PYODIDE_DIR / "pyodide.asm.wasm").is_file():
        pytest.fail(f"Pyodide is missing from {PYODIDE_DIR}: run 'make node' (npm ci) first.")
    done = subprocess.run(
        command,
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=BUILD_TIMEOUT_S,
        check=False,
    )
    log = done.stdout + done.stderr
    if done.returncode != 0:
        pytest.fail(f"{what} failed (exit {done.returncode}):\n{log}")
    return log


def build_site(
    root: Path,
    site_url: str | None = None,
    offline_zip: Path | None = None,
    engine: str = "mkdocs",
) -> str:
    """The strict build into root with the engine, as `make build` does; the build's log."""
    from site_build.engines import build  # noqa: PLC0415  (the checkout's own build)
    from site_build.project import BuildError  # noqa: PLC0415

    env = clean_env()
    if site_url is not None:
        env["SITE_URL"] = site_url
    if offline_zip is not None:
        env["GIST_OFFLINE_ZIP"] = str(offline_zip)
    try:
        return build(engine, root, environ=env)
    except BuildError as error:
        pytest.fail(f"the {engine} build failed: {error}")


def build_offline_zip(out: Path) -> str:
    """`make offline`'s zip, built from this checkout into out; the build's log."""
    return run_build(
        [sys.executable, str(BUILD_SCRIPT), "--out", str(out)], clean_env(), "make offline"
    )


# ---------------------------------------------------------------- the server


@dataclass
class Site:
    """The built site and where it is served."""

    root: Path
    origin: str  # http://127.0.0.1:PORT
    base_url: str  # origin + SUB_PATH
    build_log: str
    engine: str = "mkdocs"  # or "zensical"

    def page_file(self, page: str) -> Path:
        return self.root / ("index.html" if page == "index" else f"{page}/index.html")

    def page_url(self, page: str) -> str:
        return self.base_url + ("" if page == "index" else f"{page}/")

    def on_site(self, url: str) -> bool:
        return url == self.origin or url.startswith(self.origin + "/")


# The one server of the site (site_build/serving.py, which `make serve` uses too): the tests
# subclass its handler for their faults (tests/engines) and the benchmark for its link.
SiteHandler = SubPathHandler


class SiteServer(SubPathServer):
    """The built site under SUB_PATH, on a free port of 127.0.0.1 (bound at once, see there)."""

    def __init__(self, root: Path, handler: type[SubPathHandler] = SubPathHandler) -> None:
        super().__init__(root, SUB_PATH, handler)


# ---------------------------------------------------------------- a watched visit

# The only schemes a page of the offline copy may ask for, read from disk.
LOCAL_SCHEMES = frozenset({"file", "blob", "data"})


@dataclass(kw_only=True)
class Watched:
    """One browser context and its page, with every request it made and every complaint.

    One recorder for the served site (Visit) and the copy read from disk (DiskVisit): they
    differ only in where a page is and in which requests go elsewhere. Made by open_visit or
    open_disk_visit; a context manager that closes the browser context.
    """

    context: Any
    page: Any
    requests: list[str] = dataclasses.field(default_factory=list)
    elsewhere: list[str] = dataclasses.field(default_factory=list)
    failed: list[str] = dataclasses.field(default_factory=list)
    http_errors: list[str] = dataclasses.field(default_factory=list)
    console_errors: list[str] = dataclasses.field(default_factory=list)
    page_errors: list[str] = dataclasses.field(default_factory=list)

    ELSEWHERE: ClassVar[str] = "request left the site"

    def goes_elsewhere(self, url: str) -> bool:
        raise NotImplementedError

    def url(self, page: str) -> str:
        raise NotImplementedError

    def watch(self) -> Self:
        """Record from now on; every wait of the page fails by itself after BOOT_TIMEOUT_MS."""
        self.context.on("request", self.on_request)
        self.context.on("requestfailed", lambda r: self.failed.append(f"{r.url} ({r.failure})"))
        self.context.on(
            "response",
            lambda r: self.http_errors.append(f"{r.status} {r.url}") if r.status >= 400 else None,
        )
        self.page.on(
            "console",
            lambda m: (
                self.console_errors.append(f"{m.text} at {m.location}")
                if m.type == "error"
                else None
            ),
        )
        self.page.on("pageerror", lambda e: self.page_errors.append(str(e)))
        self.page.set_default_timeout(BOOT_TIMEOUT_MS)
        return self

    def on_request(self, request: Any) -> None:
        self.requests.append(request.url)
        if self.goes_elsewhere(request.url):
            self.elsewhere.append(request.url)

    def problems(self) -> list[str]:
        lines = [f"{self.ELSEWHERE}: {u}" for u in self.elsewhere]
        lines += [f"request failed: {u}" for u in self.failed]
        lines += [f"HTTP error: {u}" for u in self.http_errors]
        lines += [f"page error: {e}" for e in self.page_errors]
        lines += [f"console error: {e}" for e in self.console_errors]
        return lines

    def take_problems(self) -> list[str]:
        """The problems so far, forgetting them (for a page reused across tests)."""
        problems = self.problems()
        for found in (self.elsewhere, self.failed, self.http_errors, self.console_errors):
            found.clear()
        self.page_errors.clear()
        return problems

    def assert_clean(self) -> None:
        """No request went elsewhere, none failed, and the page threw and logged no error.

        The problems are taken, so a later check reports only new ones.
        """
        problems = self.take_problems()
        assert not problems, "\n".join(problems)

    def goto(self, page: str) -> None:
        self.page.goto(self.url(page), wait_until="domcontentloaded")

    def wait_settled(self, timeout_ms: int = BOOT_TIMEOUT_MS) -> list[str]:
        """Wait until every widget says ready or error; the states, in page order."""
        self.page.wait_for_function(SETTLED, timeout=timeout_ms)
        states: list[str] = self.page.eval_on_selector_all(
            WIDGET, "roots => roots.map(r => r.getAttribute('data-state'))"
        )
        return states

    def wait_ready(self, timeout_ms: int = BOOT_TIMEOUT_MS) -> float:
        """Seconds until the page's widget said ready; fails at once if it says error."""
        start = time.monotonic()
        states = self.wait_settled(timeout_ms)
        assert states == ["ready"], f"widget states {states} on {self.page.url}\n" + "\n".join(
            self.problems()
        )
        return time.monotonic() - start

    def boot(self, page: str) -> float:
        """Open the page and wait for its widget to be ready, cleanly; the seconds it took."""
        start = time.monotonic()
        self.goto(page)
        self.wait_ready()
        self.assert_clean()
        return time.monotonic() - start

    def close(self) -> None:
        self.context.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


@dataclass(kw_only=True)
class Visit(Watched):
    """A visit to the served site: a request anywhere but its origin goes elsewhere."""

    site: Site

    def goes_elsewhere(self, url: str) -> bool:
        return urlsplit(url).scheme not in {"data", "blob"} and not self.site.on_site(url)

    def url(self, page: str) -> str:
        return self.site.page_url(page)


@dataclass(kw_only=True)
class DiskVisit(Watched):
    """A visit to the unzipped offline copy through file:// URLs, as a double-click opens it."""

    root: Path  # the unzipped folder holding index.html

    ELSEWHERE: ClassVar[str] = "request outside file:, blob:, data:"

    def goes_elsewhere(self, url: str) -> bool:
        return urlsplit(url).scheme not in LOCAL_SCHEMES

    def url(self, page: str) -> str:
        return (self.root / f"{page}.html").as_uri()


def _new_page(browser: Any) -> dict[str, Any]:
    """A fresh context (the tests' window, no service worker) and its one page."""
    context = browser.new_context(viewport=VIEWPORT, service_workers="block")
    return {"context": context, "page": context.new_page()}


def open_visit(browser: Any, site: Site) -> Visit:
    return Visit(site=site, **_new_page(browser)).watch()


def open_disk_visit(browser: Any, root: Path) -> DiskVisit:
    return DiskVisit(root=root, **_new_page(browser)).watch()


V = TypeVar("V", bound=Watched)


def checked(visit: V) -> Iterator[V]:
    """A visit for a fixture (`yield from checked(...)`), checked clean after the test, closed.

    pytest resumes a fixture after a failed test too, so the check always runs.
    """
    with visit:
        yield visit
        visit.assert_clean()


# ---------------------------------------------------------------- the cases and the form

TEXT_FIELDS = ("size", "mitoses", "mitoses_area")
SELECT_FIELDS = ("setting", "size_unit", "mitoses_unit", "site", "nodes", "metastasis", "mutation")
FLAG_FIELDS = ("rupture", "shrinking", "symptoms", "limited_spread", "bone_pain")
DRUG_FIELDS = ("progressed_on", "intolerant_of")
TRUE_WORDS = {"true", "yes", "on", "1", "y"}
FALSE_WORDS = {"false", "no", "off", "0", "n", ""}
WIDGET = "[data-gist-widget]"

# What the page shows, in the terms of the DOM contract (a function of the widget's root).
READ_WIDGET = """(root) => {
  const visible = (el) => !el.hidden && el.getClientRects().length > 0;
  const results = root.querySelector("[data-gist-results]");
  const schemes = {}, options = {}, errors = {}, invalid = [];
  results.querySelectorAll("[data-scheme]").forEach((s) => {
    schemes[s.dataset.scheme] = {status: s.dataset.status, risk: s.dataset.risk,
                                  stage: s.hasAttribute("data-stage") ? s.dataset.stage : null};
  });
  results.querySelectorAll("[data-option]").forEach((o) => {
    options[o.dataset.option] = o.dataset.recommendation;
  });
  root.querySelectorAll("[data-error-for]").forEach((slot) => {
    if (visible(slot) && slot.textContent.trim()) errors[slot.dataset.errorFor] = slot.textContent;
  });
  root.querySelectorAll("[aria-invalid=true]").forEach((el) => invalid.push(el.name));
  return {state: root.dataset.state, stale: results.hasAttribute("data-stale"),
          schemes, options, errors, invalid: invalid.sort()};
}"""
# What each select offers, and the values of each group of boxes: name -> values.
CHOICES = """(root) => {
  const out = {};
  root.querySelectorAll("[data-gist-form] select").forEach((s) => {
    out[s.name] = Array.from(s.options, (o) => o.value);
  });
  root.querySelectorAll("[data-gist-form] input[type=checkbox]").forEach((c) => {
    (out[c.name] = out[c.name] || []).push(c.value);
  });
  return out;
}"""
# The names of the form's controls (one per control: a group of boxes repeats its name).
FIELD_NAMES = (
    "(root) => Array.from(root.querySelectorAll('[data-gist-form] [name]'), (e) => e.name)"
)
# Whether the widget is idle: no call waiting for Pyodide.
# Idle: the widget now on the page (Material's instant navigation may have swapped in a
# fresh one, e.g. on the first change of the address's fragment) is bound, past "loading",
# and has nothing waiting.
IDLE = """(root) => {
  const now = root && root.isConnected ? root : document.querySelector("[data-gist-widget]");
  return !!(window.gistWidget && now && now.dataset.state !== "loading"
            && !window.gistWidget.pending.has(now));
}"""
# Each control's state: name (or name=value for a box) -> value or checked.
# The answers the form holds: the questions it asks (a hidden question's control is not one).
FORM_STATE = """(root) => {
  const state = {};
  root.querySelectorAll("[data-gist-form] [name]").forEach((el) => {
    if (el.closest("[data-field][hidden]")) return;
    if (el.type === "checkbox") state[el.name + "=" + el.value] = el.checked;
    else state[el.name] = el.value;
  });
  return state;
}"""


def wait_idle(page: Any, timeout_ms: int = BOOT_TIMEOUT_MS) -> None:
    """Wait until the widget now on the page is idle (IDLE): its answer is the one shown."""
    page.wait_for_function(IDLE, arg=page.locator(WIDGET).element_handle(), timeout=timeout_ms)


@functools.cache
def load_cases() -> list[dict[str, Any]]:
    """The calculator's golden end-to-end cases, each with an id and a JSON request."""
    if not GOLDEN.is_file():
        pytest.fail(f"{GOLDEN} is missing: the browser compares golden cases with it.")
    data = json.loads(GOLDEN.read_text(encoding="utf-8"))
    cases = data["cases"] if isinstance(data, dict) else data
    loaded = [{"id": str(c["id"]), "request": c["request"]} for c in cases]
    ids = [c["id"] for c in loaded]
    assert len(ids) == len(set(ids)), "golden.json has two cases with the same id"
    return loaded


def golden_ids() -> list[str]:
    try:
        return [c["id"] for c in load_cases()]
    except BaseException:  # collected anyway; the test itself then fails with the reason
        return ["golden.json"]


def cli_json(request: dict[str, Any]) -> dict[str, Any]:
    """What `gist-calc ... --json` prints for a JSON request (the command line, in process)."""
    argv = [str(request.get("command") or ("treatment" if "setting" in request else "risk"))]
    for key, value in request.items():
        if key == "command" or value is None:
            continue
        flag = "--" + key.replace("_", "-")
        if key in FLAG_FIELDS:
            checked = flag_value(value)
            if checked is None:
                raise ValueError(f"{key}={value!r} is not a yes or no")
            argv += [flag] if checked else []
        elif isinstance(value, list):
            argv += [f"{flag}={item}" for item in value]
        else:
            argv.append(f"{flag}={value}")
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        cli.main([*argv, "--json"])
    answer = json.loads(out.getvalue())
    assert isinstance(answer, dict)
    return answer


def flag_value(value: object) -> bool | None:
    """A request's yes/no as the form's checkbox holds it; None when it is neither."""
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float, str)) and str(value).strip().lower() in TRUE_WORDS:
        return True
    if value is None or str(value).strip().lower() in FALSE_WORDS:
        return False
    return None


@dataclass
class FormEntry:
    """A request as the form can hold it: each control's state, and what it cannot hold."""

    target: dict[str, Any]  # control key (name, or name=value for a box) -> state
    sent: dict[str, Any]  # the request the widget sends for that state (setting aside)
    dropped: dict[str, Any]  # words no control offers, such as site "liver"
    # Answers to questions the situation does not ask (the form hides them and sends none
    # of them: issue 10, "ask only what matters"); they are neither entered nor expected.
    unasked: dict[str, Any] = dataclasses.field(default_factory=dict)


def form_entry(request: dict[str, Any], options: dict[str, list[str]]) -> FormEntry:
    entry = FormEntry(target={}, sent={}, dropped={})
    known = {"command", *TEXT_FIELDS, *SELECT_FIELDS, *FLAG_FIELDS, *DRUG_FIELDS}
    entry.dropped.update({k: v for k, v in request.items() if k not in known})
    # The package's field table decides what the form asks, for the situation entered.
    answers = {
        "setting": request.get("setting") or options["setting"][0],
        "mitoses_unit": request.get("mitoses_unit") or options["mitoses_unit"][0],
    }
    for name in [*TEXT_FIELDS, *SELECT_FIELDS, *FLAG_FIELDS, *DRUG_FIELDS]:
        if name in request and not field_table.relevant(name, answers):
            entry.unasked[name] = request[name]
    request = {k: v for k, v in request.items() if k not in entry.unasked}
    for name in TEXT_FIELDS:
        value = request.get(name)
        entry.target[name] = "" if value is None else str(value)
        if value is not None:
            entry.sent[name] = value
    for name in SELECT_FIELDS:
        value = request.get(name)
        if value not in (None, "") and value not in options[name]:
            entry.dropped[name], value = value, None
        if value in (None, ""):
            # Left out: the control keeps its first choice (the default, or "choose").
            value = options[name][0] if name != "setting" else None
        else:
            entry.sent[name] = value
        entry.target[name] = value
    for name in FLAG_FIELDS:
        checked = flag_value(request.get(name))
        if checked is None:
            entry.dropped[name], checked = request[name], False
        entry.target[f"{name}=true"] = checked
        if checked:
            entry.sent[name] = True
    for name in DRUG_FIELDS:
        chosen = request.get(name) or []
        chosen = [chosen] if isinstance(chosen, str) else list(chosen)
        if [d for d in chosen if d not in options[name]]:
            entry.dropped[name] = [d for d in chosen if d not in options[name]]
        for drug in options[name]:
            entry.target[f"{name}={drug}"] = drug in chosen
        if [d for d in chosen if d in options[name]]:
            entry.sent[name] = [d for d in chosen if d in options[name]]
    return entry


def expected_view(answer: dict[str, Any], fields: set[str]) -> dict[str, Any]:
    """What the widget must show for a command-line answer."""
    errors: dict[str, list[str]] = {}
    for error in answer["errors"]:
        errors.setdefault(error["field"], []).append(error["message"])
    return {
        "schemes": {
            s["id"]: {
                "status": s["status"],
                "risk": s["risk"] or "",
                "stage": (s["stage"] or "") if s["id"] == "tnm" else None,
            }
            for s in answer["schemes"]
        },
        "options": {o["id"]: o["recommendation"] for o in answer["options"]},
        "errors": {f: " ".join(m) for f, m in errors.items() if f in fields},
        "invalid": sorted(f for f in errors if f in fields),
    }


def shown(view: dict[str, Any]) -> dict[str, Any]:
    return {k: view[k] for k in ("schemes", "options", "errors", "invalid")}
