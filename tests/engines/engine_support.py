"""WebKit and Firefox for the engine tests: the drivers, a watched server, a page hook.

Readers on an iPhone read the site in WebKit whatever their browser; others use Firefox. The
Chromium tests (tests/site, tests/offline) do not see what these engines do differently, so
tests/engines runs a focused subset of them in both, from Debian's packages, downloading
nothing:

- WebKit: WebKitGTK's WebKitWebDriver (package webkit2gtk-driver) and its MiniBrowser,
  through Selenium's `webdriver.WebKitGTK`, under a private Xvfb (MiniBrowser has no
  headless mode). The driver has no BiDi, so nothing reports the console or the requests.
- Firefox: firefox-esr headless, through npm puppeteer-core over WebDriver BiDi
  (firefox_driver.mjs, one Node process per session speaking JSON lines).

Both are driven through one small interface (Engine): load a URL, evaluate a JavaScript
expression, poll one. What the page did is read from a hook script (HOOK) that the server
adds to every page right after its Content-Security-Policy, and that the disk copies carry
as engine-hook.js: it records console errors and warnings (an Error as `name: message`),
uncaught errors, and CSP violations. Requests are read from the page's resource timing
entries, and in Firefox from BiDi too (with the worker's); in WebKit the worker's own
requests are seen by nothing, though the CSP still stops any to another site.
"""

from __future__ import annotations

import json
import os
import re
import select
import shutil
import subprocess
import time
from http import HTTPStatus
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import urlsplit

from selenium import webdriver
from selenium.webdriver.webkitgtk.options import Options
from selenium.webdriver.webkitgtk.service import Service

from browser_support import REPO, SUB_PATH, Site, SiteHandler, SiteServer

ENGINES = ("webkit", "firefox")
WEBKIT_DRIVER = "/usr/bin/WebKitWebDriver"
MINIBROWSER = os.environ.get(
    "GIST_MINIBROWSER", "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser"
)
FIREFOX = "/usr/bin/firefox-esr"
FIREFOX_DRIVER = Path(__file__).with_name("firefox_driver.mjs")
# A Pyodide boot on two shared cores takes several seconds; give it room.
BOOT_TIMEOUT_S = 60.0
# Where the measured times to ready go (not asserted: timings belong in benchmarks).
TIMINGS_FILE = REPO / ".pytest_cache" / "engines-timings.json"
TIMINGS: dict[str, float] = {}

HOOK_NAME = "engine-hook.js"
HOOK_URL_PATH = SUB_PATH + "__engines__/" + HOOK_NAME
# A blank page on the site's origin, with no CSP, to hold pages in phone-sized iframes.
BLANK_URL_PATH = SUB_PATH + "__engines__/blank.html"
BLANK = "<!doctype html><html><head><title>frame</title></head><body></body></html>"
HOOK = """(function () {
  "use strict";
  var log = (window.__engine = { console: [], errors: [], csp: [] });
  function text(value) {
    if (value && typeof value === "object" && "message" in value && "name" in value) {
      return value.name + ": " + value.message; // what the page gave, not the engine's stack
    }
    if (typeof value === "string") return value;
    try {
      var json = JSON.stringify(value);
      return json === undefined ? String(value) : json;
    } catch (error) {
      return String(value);
    }
  }
  ["error", "warn"].forEach(function (level) {
    var original = console[level];
    console[level] = function () {
      log.console.push({ level: level, text: Array.prototype.map.call(arguments, text).join(" ") });
      return original.apply(console, arguments);
    };
  });
  window.addEventListener(
    "error",
    function (event) {
      if (event.target && event.target !== window) {
        var el = event.target;
        // Firefox prefetches a page's <link rel="next"> (the footer's next page); that hint
        // failing costs a reader nothing and is no fault of the page.
        var hint = ["next", "prev", "prefetch"].some(function (rel) {
          return el.tagName === "LINK" && el.relList && el.relList.contains(rel);
        });
        if (hint) return;
        log.errors.push(
          "could not load " + (el.src || el.href || "") + " (" + el.tagName.toLowerCase() +
            (el.rel ? " rel=" + el.rel : "") + ")"
        );
      } else {
        log.errors.push(event.message + " at " + event.filename + ":" + event.lineno);
      }
    },
    true
  );
  window.addEventListener("unhandledrejection", function (event) {
    log.errors.push("unhandled rejection: " + text(event.reason));
  });
  document.addEventListener(
    "securitypolicyviolation",
    function (event) {
      log.csp.push(
        event.effectiveDirective + " blocked " + event.blockedURI + " (" + event.sourceFile +
          ":" + event.lineNumber + ")"
      );
    },
    true
  );
})();
"""

CSP_META = re.compile(r'<meta http-equiv="Content-Security-Policy"[^>]*>')
BOOT_META = re.compile(r"""<meta name="gist-boot" content='([^']*)'>""")

# The hook's record, the resources the page asked for, and the widgets' states.
READ_LOG = """(() => {
  const log = window.__engine || {console: [], errors: [], csp: [], missing: true};
  const taken = {console: log.console.splice(0), errors: log.errors.splice(0),
                 csp: log.csp.splice(0), missing: !!log.missing};
  taken.resources = performance.getEntriesByType("resource").map((e) => e.name);
  return taken;
})()"""
STATES = """Array.from(document.querySelectorAll("[data-gist-widget]"),
                   (r) => r.getAttribute("data-state"))"""
SETTLED = f"""(() => {{ const s = {STATES}; return s.length > 0 &&
                 s.every((x) => x === "ready" || x === "error"); }})()"""
RESULTS_TEXT = """(() => { const r = document.querySelector("[data-gist-results]");
                   return r ? r.textContent.replace(/\\s+/g, " ").trim() : null; })()"""


def with_hook(html: str, src: str) -> str:
    """The page with the hook as its first script, right after its CSP (or <head>)."""
    tag = f'<script src="{src}"></script>'
    found = CSP_META.search(html)
    if found:
        return html[: found.end()] + tag + html[found.end() :]
    return html.replace("<head>", "<head>" + tag, 1)


def with_boot_limits(html: str, limits: dict[str, int]) -> str:
    """The page with shorter boot limits in its gist-boot meta (added when it has none)."""
    found = BOOT_META.search(html)
    if found:
        config = {**json.loads(found.group(1) or "{}"), **limits}
        meta = f"<meta name=\"gist-boot\" content='{json.dumps(config)}'>"
        return html[: found.start()] + meta + html[found.end() :]
    meta = f"<meta name=\"gist-boot\" content='{json.dumps(limits)}'>"
    return with_hook(html, "").replace('<script src=""></script>', meta, 1)


# ---------------------------------------------------------------- the server


# A worker that takes the boot message and never answers: a hung download or a Python stuck
# in a loop look the same to the page.
HUNG_WORKER = "self.onmessage = () => {};\n"
# Short limits for the hang tests, so that the error state comes within seconds.
SHORT_LIMITS = {"snapshot_wait_ms": 1500, "boot_limit_ms": 5000}


class EngineHandler(SiteHandler):
    """The built site with the hook in every page, and the faults a test switches on.

    `faults` (on the server, so that every request sees the same) may hold "no-wasm"
    (pyodide.asm.wasm answers 404) and "hung-worker" (gist-worker.mjs never answers, and
    the pages carry SHORT_LIMITS). Nothing is cached: a fault must not outlive its test.
    """

    cache_control = "no-store"

    def do_GET(self) -> None:
        path = urlsplit(self.path).path
        faults: set[str] = getattr(self.server, "faults", set())
        if path == HOOK_URL_PATH:
            self._send(HOOK.encode(), "text/javascript")
        elif path == BLANK_URL_PATH:
            self._send(BLANK.encode(), "text/html; charset=utf-8")
        elif "no-wasm" in faults and path.endswith("/pyodide.asm.wasm"):
            self.send_error(HTTPStatus.NOT_FOUND, "Missing on purpose (engine test)")
        elif "hung-worker" in faults and path.endswith("/gist-worker.mjs"):
            self._send(HUNG_WORKER.encode(), "text/javascript")
        elif path.startswith(self.sub_path) and (path.endswith("/") or path.endswith(".html")):
            file = Path(self.translate_path(path))
            file = file / "index.html" if file.is_dir() else file
            if not file.is_file():
                super().do_GET()
                return
            html = with_hook(file.read_text(encoding="utf-8"), HOOK_URL_PATH)
            if "hung-worker" in faults:
                html = with_boot_limits(html, SHORT_LIMITS)
            self._send(html.encode(), "text/html; charset=utf-8")
        else:
            super().do_GET()

    def _send(self, body: bytes, kind: str) -> None:
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class EngineSite:
    """The built site served with the hook; `faults` switches on a fault for one test."""

    def __init__(self, server: SiteServer, site: Site) -> None:
        self.server = server
        self.site = site
        self.base_url = server.base_url
        self.origin = server.origin
        server.server.faults = set()  # type: ignore[attr-defined]

    def page_url(self, page: str) -> str:
        return self.base_url + ("" if page == "index" else f"{page}/")

    def blank_url(self) -> str:
        return self.origin + BLANK_URL_PATH

    def set_faults(self, *faults: str) -> None:
        self.server.server.faults = set(faults)  # type: ignore[attr-defined]


def hooked_copy(source: Path, target: Path, limits: dict[str, int] | None = None) -> Path:
    """A copy of the unzipped offline folder whose pages load engine-hook.js first."""
    shutil.copytree(source, target)
    (target / HOOK_NAME).write_text(HOOK, encoding="utf-8")
    for page in target.glob("*.html"):
        html = with_hook(page.read_text(encoding="utf-8"), HOOK_NAME)
        if limits:
            html = with_boot_limits(html, limits)
        page.write_text(html, encoding="utf-8")
    return target


# ---------------------------------------------------------------- the engines


class EngineError(AssertionError):
    """The browser or its driver failed (not the page)."""


class Engine:
    """One browser: load a URL, evaluate JavaScript in the page, poll a condition."""

    name: ClassVar[str]
    version: str = ""

    def goto(self, url: str) -> None:
        raise NotImplementedError

    def evaluate(self, expression: str) -> Any:
        """The value of a JS expression in the page (a promise is awaited); JSON only."""
        raise NotImplementedError

    def fresh(self) -> None:
        """Forget what earlier tests loaded (where the engine allows it)."""

    def set_size(self, width: int, height: int) -> None:
        raise NotImplementedError

    def protocol_requests(self) -> list[str]:
        """Requests seen by the driver since the last call (none where it cannot see)."""
        return []

    def close(self) -> None:
        raise NotImplementedError

    def wait_for(self, expression: str, timeout_s: float = BOOT_TIMEOUT_S) -> Any:
        """Poll until the expression is truthy; its value, or a failure after timeout_s."""
        deadline = time.monotonic() + timeout_s
        while True:
            value = self.evaluate(expression)
            if value:
                return value
            if time.monotonic() > deadline:
                raise AssertionError(
                    f"{self.name}: still false after {timeout_s:.0f} s: {expression}"
                )
            time.sleep(0.1)

    def states(self) -> list[str]:
        states: list[str] = self.evaluate(STATES)
        return states

    def wait_settled(self, timeout_s: float = BOOT_TIMEOUT_S) -> list[str]:
        self.wait_for(SETTLED, timeout_s)
        return self.states()

    def page_log(self) -> dict[str, Any]:
        """What the hook recorded since the last call, and every resource the page asked for."""
        log: dict[str, Any] = self.evaluate(READ_LOG)
        assert not log["missing"], f"{self.name}: the page has no engine hook"
        log["requests"] = log["resources"] + self.protocol_requests()
        return log


class WebKit(Engine):
    """MiniBrowser through WebKitWebDriver and Selenium, on a private Xvfb display."""

    name = "webkit"

    def __init__(self) -> None:
        for tool, package in (
            (WEBKIT_DRIVER, "webkit2gtk-driver"),
            (MINIBROWSER, "webkit2gtk-driver"),
            (shutil.which("Xvfb") or "/usr/bin/Xvfb", "xvfb"),
        ):
            if not Path(tool).is_file():
                raise EngineError(f"{tool} is missing: run 'apt-get install -y {package}'.")
        read, write = os.pipe()
        # -displayfd: Xvfb picks a free display and writes its number to that descriptor.
        self.xvfb = subprocess.Popen(
            ["Xvfb", "-displayfd", str(write), "-screen", "0", "1400x1000x24", "-nolisten", "tcp"],
            pass_fds=(write,),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(write)
        ready, _, _ = select.select([read], [], [], 30)
        number = os.read(read, 64).decode().strip() if ready else ""
        os.close(read)
        if not number:
            self.xvfb.kill()
            raise EngineError("Xvfb did not start within 30 s")
        options = Options()
        options.binary_location = MINIBROWSER
        options.add_argument("--automation")
        env = {**os.environ, "DISPLAY": f":{number}"}
        env.pop("WEBKIT_DISABLE_COMPOSITING_MODE", None)  # it made screenshots hang
        service = Service(executable_path=WEBKIT_DRIVER, env=env)
        try:
            self.driver = webdriver.WebKitGTK(options=options, service=service)
        except Exception:
            self.xvfb.kill()
            raise
        # A browser that died (its X display gone) must fail the test, not hang it.
        self.driver.command_executor.client_config.timeout = int(BOOT_TIMEOUT_S * 3)
        self.driver.set_script_timeout(BOOT_TIMEOUT_S * 2)
        self.driver.set_page_load_timeout(BOOT_TIMEOUT_S)
        self.version = f"WebKitGTK {self.driver.capabilities.get('browserVersion', '?')}"
        self.set_size(1400, 1000)

    def alive(self) -> None:
        if self.xvfb.poll() is not None:
            raise EngineError(f"webkit: the private Xvfb exited ({self.xvfb.returncode})")

    def goto(self, url: str) -> None:
        self.alive()
        self.driver.get(url)

    def evaluate(self, expression: str) -> Any:
        self.alive()
        reply = self.driver.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            f"Promise.resolve().then(() => ({expression})).then("
            "(value) => done({ok: value === undefined ? null : value}),"
            "(error) => done({error: String(error && error.name) + ': ' +"
            " String(error && error.message)}));"
        )
        if "error" in reply:
            raise EngineError(f"webkit: {reply['error']} in {expression}")
        return reply["ok"]

    def fresh(self) -> None:
        self.driver.get("about:blank")

    def set_size(self, width: int, height: int) -> None:
        self.driver.set_window_size(width, height)

    def close(self) -> None:
        try:
            self.driver.quit()
        finally:
            self.xvfb.terminate()
            self.xvfb.wait(timeout=10)


class Firefox(Engine):
    """Firefox ESR through puppeteer-core over WebDriver BiDi (firefox_driver.mjs)."""

    name = "firefox"

    def __init__(self) -> None:
        executable = os.environ.get("GIST_FIREFOX") or FIREFOX
        if not Path(executable).is_file():
            raise EngineError(f"{executable} is missing: run 'apt-get install -y firefox-esr'.")
        if not (REPO / "node_modules" / "puppeteer-core").is_dir():
            raise EngineError("npm puppeteer-core is missing: run 'make node' (npm ci).")
        node = shutil.which("node")
        if node is None:
            raise EngineError("Node.js is needed to drive Firefox and 'node' was not found.")
        self.process = subprocess.Popen(
            [node, str(FIREFOX_DRIVER)],
            cwd=REPO,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        self.version = f"Firefox {self._send('fresh', timeout_s=120)}"

    def _send(self, op: str, timeout_s: float = BOOT_TIMEOUT_S * 2, **fields: Any) -> Any:
        assert self.process.stdin is not None
        assert self.process.stdout is not None
        self.process.stdin.write(json.dumps({"op": op, **fields}) + "\n")
        self.process.stdin.flush()
        ready, _, _ = select.select([self.process.stdout], [], [], timeout_s)
        line = self.process.stdout.readline() if ready else ""
        if not line:
            raise EngineError(f"firefox: no answer to {op} within {timeout_s:.0f} s")
        reply = json.loads(line)
        if "error" in reply:
            raise EngineError(f"firefox: {reply['error']} ({op} {fields})")
        return reply["ok"]

    def goto(self, url: str) -> None:
        self._send("goto", url=url)

    def evaluate(self, expression: str) -> Any:
        return self._send("eval", expression=expression)

    def fresh(self) -> None:
        self._send("fresh")

    def set_size(self, width: int, height: int) -> None:
        self._send("viewport", width=width, height=height)

    def driver_log(self) -> dict[str, Any]:
        log: dict[str, Any] = self._send("log")
        return log

    def protocol_requests(self) -> list[str]:
        requests: list[str] = self.driver_log()["requests"]
        return requests

    def close(self) -> None:
        try:
            self._send("close", timeout_s=30)
        finally:
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()


def start(name: str) -> Engine:
    return WebKit() if name == "webkit" else Firefox()


def record_time(name: str, seconds: float) -> None:
    """A time to ready, printed at the end of the run and kept in TIMINGS_FILE."""
    TIMINGS[name] = round(seconds, 2)
    TIMINGS_FILE.parent.mkdir(parents=True, exist_ok=True)
    TIMINGS_FILE.write_text(json.dumps(TIMINGS, indent=2) + "\n", encoding="utf-8")
