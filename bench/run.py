"""Benchmark of how fast the site gives a reader a correct answer: `make bench`.

Not a test: timings are noisy, so nothing here passes or fails a build. It builds the site
(timing `mkdocs build`), serves it locally under /gist-guide/ as GitHub Pages would, and
drives Debian's Chromium through Playwright. Each repetition opens fresh browser contexts
(a cold cache) for:

- the baseline: a page that only boots the very Pyodide files the site ships
  (bench/baseline.html); its boot time is T_base, and every figure is also given as a
  ratio to the median T_base of the same run;
- a guideline page of the site, cold: when the pre-rendered result is first laid out, when a
  changed input first gives a Python-computed result, the main thread's long tasks until
  then, and the bytes fetched until then; then the next page through instant navigation
  (clicked the moment the first page is ready, and another after a one-second pause, as a
  reader would), and 200 input changes;
- the offline copy opened from file://, cold.

It prints a table, writes the numbers to bench/results/latest.json (and the table to
latest.md), and with --readme puts the table into README.md's Performance section.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, Page, ViewportSize, sync_playwright

# bench/ itself, the tests' browser support, and the checkout (for site_build's server).
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
sys.path.insert(0, str(Path(__file__).resolve().parent))
import browser_support  # the tests' own browser support: one launch recipe, one server
from network import PROFILES, Profile, Server, serve

REPO = Path(__file__).resolve().parents[1]
BENCH = REPO / "bench"
RESULTS = BENCH / "results"
README = REPO / "README.md"
README_START = "<!-- bench:start -->"
README_END = "<!-- bench:end -->"
FIRST_PAGE = "localised-smaller"  # a guideline page, opened cold
NEXT_PAGE = "localised-larger"  # reached from it through instant navigation, at once
THIRD_PAGE = "unresectable"  # and then this one, after a pause
READING_PAUSE_MS = 1000
CHANGES = 200
WAIT_MS = 120_000
# The tests' Chromium (GIST_CHROMIUM, else Debian's), headless, kept from calling home.
CHROMIUM = browser_support.chromium_path() or "/usr/bin/chromium"
# The tests' launch arguments and window (tests/browser_support.py), so both see one browser.
CHROMIUM_ARGS = browser_support.CHROMIUM_ARGS
VIEWPORT: ViewportSize = browser_support.VIEWPORT
# Pyodide's own files: left out of the page's byte count (they are the baseline's too).
PYODIDE_FILES = re.compile(
    r"/assets/pyodide/(pyodide\.js|pyodide\.mjs|pyodide\.asm\.mjs|pyodide\.asm\.wasm|"
    r"python_stdlib\.zip|pyodide-lock\.json)$"
)
# Quiet this long on the wire after the load event: a read-only visit has finished.
QUIET_S = 3.0
READ_ONLY_LIMIT_S = 60.0
# What the targets say about every profile (issue 11): ready as a fraction of T_base,
# bytes on the wire before ready, and when the pre-rendered example must be visible.
READY_TARGET = {"fast": 0.5, "4g": 0.7, "slow4g": 0.7}
BYTES_TARGET = 4_500_000
VISIBLE_TARGET_MS = {"slow4g": 2500.0}
# Pretends the browser's Save-Data preference is on (navigator.connection.saveData).
SAVE_DATA_SCRIPT = """
(() => {
  const base = navigator.connection || {};
  const connection = {saveData: true, effectiveType: base.effectiveType || "4g",
    downlink: base.downlink || 10, rtt: base.rtt || 50,
    addEventListener() {}, removeEventListener() {}};
  Object.defineProperty(Navigator.prototype, "connection", {get: () => connection});
})();
"""

# name, label, target as a fraction of T_base (or milliseconds), unit of the target
TARGETS: list[tuple[str, str, float | None, str]] = [
    ("t_base", "T_base: bare Pyodide boot (baseline page)", None, ""),
    ("result_visible", "pre-rendered result visible", 0.1, "T_base"),
    ("widget_ready", "widget ready (changed input, Python result)", 0.5, "T_base"),
    (
        "next_page_ready",
        "next page via instant navigation, ready (clicked after 1 s)",
        0.05,
        "T_base",
    ),
    ("next_page_at_once", "... clicked the moment the first page is ready", None, ""),
    ("change_p95", f"input change to updated result, p95 of {CHANGES}", 16.0, "ms"),
    ("offline_ready", "offline copy from file://, widget ready", 0.7, "T_base"),
    ("blocked", "main thread blocked until ready (long tasks beyond 50 ms)", 200.0, "ms"),
]


# ---------------------------------------------------------------- building


def mkdocs_build(site_dir: Path, env: dict[str, str]) -> float:
    """`mkdocs build --strict` as `make build` runs it; returns the seconds it took."""
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)]
    start = time.monotonic()
    done = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, check=False)
    seconds = time.monotonic() - start
    if done.returncode != 0:
        sys.stderr.write(done.stdout + done.stderr)
        raise SystemExit(f"error: mkdocs build failed (exit {done.returncode})")
    return seconds


def build_sites(work: Path, site_url: str, offline: bool) -> dict[str, Any]:
    """The online site (built twice: with empty caches, then again) and the offline copy."""
    cold_tmp = work / "tmp"
    cold_tmp.mkdir()
    env = {**os.environ, "SITE_URL": site_url, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("OFFLINE", None)
    cold = mkdocs_build(work / "site", {**env, "TMPDIR": str(cold_tmp)})
    warm = mkdocs_build(work / "site", {**env, "TMPDIR": str(cold_tmp)})
    build: dict[str, Any] = {"cold_s": round(cold, 2), "warm_s": round(warm, 2)}
    if offline:
        # As `make offline` builds it (scripts/build_offline.py), without the zipping.
        sys.path.insert(0, str(REPO / "scripts"))
        build_site = importlib.import_module("build_offline").build_site

        offline_dir = work / "offline"
        saved = dict(os.environ)
        os.environ.update({**env, "TMPDIR": str(cold_tmp)})
        start = time.monotonic()
        try:
            build_site(offline_dir)
        finally:
            os.environ.clear()
            os.environ.update(saved)
        build["offline_s"] = round(time.monotonic() - start, 2)
        build["offline_index"] = str(offline_dir / f"{FIRST_PAGE}.html")
    return build


# ---------------------------------------------------------------- measuring


def context_page(browser: Browser, probe: bool = True) -> tuple[Any, Page]:
    context = browser.new_context(viewport=VIEWPORT, service_workers="block")
    if probe:
        context.add_init_script(path=str(BENCH / "probe.js"))
    page = context.new_page()
    page.set_default_timeout(WAIT_MS)
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.bench_errors = errors  # type: ignore[attr-defined]
    return context, page


def blocked_ms(long_tasks: list[list[float]], until: float) -> tuple[float, float]:
    """Total blocking time (each task's part beyond 50 ms) and long tasks' whole length."""
    before = [(start, length) for start, length in long_tasks if start < until]
    return (
        sum(max(0.0, length - 50.0) for _, length in before),
        sum(length for _, length in before),
    )


def kind_of(path: str) -> str:
    if PYODIDE_FILES.search(path):
        return "pyodide"
    if "/assets/pyodide/wheels/" in path:
        return "calculator"
    if "snapshot" in path:
        return "snapshot"
    if "/assets/pyodide/" in path:
        return "stdlib"  # the trimmed standard library, or anything else of ours there
    return "page"


def byte_counts(server: Server, since: float, until: float) -> dict[str, int]:
    """Bytes on the wire between the two epoch times (headers, gzip bodies), by kind."""
    counts = {"page": 0, "calculator": 0, "snapshot": 0, "stdlib": 0, "pyodide": 0}
    for path, size in server.bytes_between(since, until).items():
        counts[kind_of(path)] += size
    counts["total"] = sum(counts.values())
    return counts


def measure_baseline(browser: Browser, server: Server) -> dict[str, Any]:
    context, page = context_page(browser)
    try:
        page.goto(server.base_url + "bench-baseline.html", wait_until="commit")
        page.wait_for_function("() => window.__baseline")
        result = page.evaluate(
            "() => ({...window.__baseline, longTasks: window.__bench.longTasks})"
        )
        if "error" in result:
            raise SystemExit(f"error: the baseline page failed: {result['error']}")
        blocked, _ = blocked_ms(result["longTasks"], result["readyAt"])
        return {"t_base": result["readyAt"], "blocked": blocked}
    finally:
        context.close()


READ_FIRST = """(page) => ({
    fcp: (performance.getEntriesByName("first-contentful-paint")[0] || {}).startTime,
    resultsSeenAt: window.__bench.resultsSeenAt,
    readyAt: window.__bench.readyAt[page],
    state: window.__bench.readyState[page],
    longTasks: window.__bench.longTasks,
    longTaskError: window.__bench.longTaskError || null,
    timeOrigin: performance.timeOrigin,
    engine: window.gistWidget && (window.gistWidget.runtime || window.gistWidget.strategy || null),
    marks: performance.getEntriesByType("mark").filter((m) => m.name.startsWith("gist:"))
      .map((m) => [m.name, Math.round(m.startTime)]),
})"""

CLICK_NEXT = """(url) => {
    const link = Array.from(document.querySelectorAll(".md-sidebar--primary a.md-nav__link"))
      .find((a) => a.href === url && a.offsetParent);
    if (!link) return null;
    window.__notReloaded = true;
    const start = performance.now();
    link.click();
    return start;
}"""


def navigate(page: Page, server: Server, target: str) -> tuple[float, float]:
    """Milliseconds from the click to the widget's Python answer, and to Material's swap."""
    clicked = page.evaluate(CLICK_NEXT, server.page_url(target))
    if clicked is None:
        raise RuntimeError(f"no navigation link to {target}")
    page.wait_for_function("(p) => window.__bench.readyAt[p] !== undefined", arg=target)
    after = page.evaluate(
        """(p) => [window.__bench.readyAt[p], window.__bench.readyState[p],
                   window.__notReloaded === true, window.__bench.insertedAt[p]]""",
        target,
    )
    if after[1] != "ready" or not after[2]:
        raise RuntimeError(f"instant navigation failed: {after} {page.bench_errors}")  # type: ignore[attr-defined]
    return after[0] - clicked, after[3] - clicked


def measure_site(browser: Browser, server: Server, full: bool) -> dict[str, Any]:
    """A cold first visit; with full, also instant navigation and the input-change loop."""
    context, page = context_page(browser)
    try:
        start = time.time()
        page.goto(server.page_url(FIRST_PAGE), wait_until="commit")
        page.wait_for_function(
            "(p) => window.__bench && window.__bench.readyAt[p] !== undefined", arg=FIRST_PAGE
        )
        first = page.evaluate(READ_FIRST, FIRST_PAGE)
        if first["state"] != "ready":
            raise RuntimeError(f"the widget did not start: {page.bench_errors}")  # type: ignore[attr-defined]
        ready = first["readyAt"]
        blocked, long_total = blocked_ms(first["longTasks"], ready)
        bytes_ = byte_counts(server, start, (first["timeOrigin"] + ready) / 1000.0)
        out: dict[str, Any] = {
            "result_visible": max(first["fcp"] or 0.0, first["resultsSeenAt"] or 0.0),
            "fcp": first["fcp"],
            "widget_ready": ready,
            "blocked": blocked,
            "long_tasks_total": long_total,
            "engine": first["engine"],
            "marks": first["marks"],
            "bytes": bytes_,
        }
        if first["longTaskError"]:
            out["long_task_error"] = first["longTaskError"]
        if not full:
            return out

        # The next pages, through Material's instant navigation (no reload, same Python):
        # one clicked the moment the first is ready (the page and Material's search worker
        # may still be busy), then one clicked after a pause, as a reader would.
        out["next_page_at_once"], out["next_page_swapped_at_once"] = navigate(
            page, server, NEXT_PAGE
        )
        page.wait_for_timeout(READING_PAUSE_MS)
        out["next_page_ready"], out["next_page_swapped"] = navigate(page, server, THIRD_PAGE)

        times = page.evaluate("(n) => window.__bench.changeLoop(n)", CHANGES)
        times.sort()
        out["change_p95"] = times[round(0.95 * (len(times) - 1))]
        out["change_median"] = statistics.median(times)
        out["change_max"] = times[-1]
        return out
    finally:
        context.close()


def measure_read_only(browser: Browser, server: Server, save_data: bool) -> dict[str, Any]:
    """Bytes of a visit that only reads: the page is left alone until the wire is quiet."""
    context = browser.new_context(viewport=VIEWPORT, service_workers="block")
    if save_data:
        context.add_init_script(SAVE_DATA_SCRIPT)
    page = context.new_page()
    page.set_default_timeout(WAIT_MS)
    try:
        start = time.time()
        page.goto(server.page_url(FIRST_PAGE), wait_until="load")
        while time.time() - start < READ_ONLY_LIMIT_S:
            last = max((sent.at for sent in list(server.log)), default=start)
            if time.time() - last >= QUIET_S:
                break
            time.sleep(0.25)
        counts = byte_counts(server, start, time.time())
        return {"bytes": counts["total"], "pyodide": counts["pyodide"]}
    finally:
        context.close()


def measure_offline(browser: Browser, index: Path) -> dict[str, Any]:
    context, page = context_page(browser)
    try:
        page.goto(index.as_uri(), wait_until="commit")
        page.wait_for_function(
            "(p) => window.__bench && window.__bench.readyAt[p] !== undefined", arg=FIRST_PAGE
        )
        first = page.evaluate(READ_FIRST, FIRST_PAGE)
        if first["state"] != "ready":
            raise RuntimeError(f"the offline widget did not start: {page.bench_errors}")  # type: ignore[attr-defined]
        blocked, _ = blocked_ms(first["longTasks"], first["readyAt"])
        return {"offline_ready": first["readyAt"], "offline_blocked": blocked}
    finally:
        context.close()


# ---------------------------------------------------------------- reporting


def machine() -> dict[str, Any]:
    cpu = ""
    with open("/proc/cpuinfo", encoding="utf-8") as info:
        for line in info:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory = ""
    with open("/proc/meminfo", encoding="utf-8") as info:
        for line in info:
            if line.startswith("MemTotal"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.0f} GB"
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory": memory,
        "os": platform.platform(),
        "python": platform.python_version(),
    }


def median_of(runs: list[dict[str, Any]], key: str) -> float | None:
    values = [run[key] for run in runs if run.get(key) is not None]
    return statistics.median(values) if values else None


def summarise(runs: list[dict[str, Any]], build: dict[str, Any]) -> dict[str, Any]:
    t_base = median_of(runs, "t_base")
    assert t_base
    measures = {}
    for key, label, target, unit in TARGETS:
        value = median_of(runs, key)
        entry: dict[str, Any] = {
            "label": label,
            "median_ms": None if value is None else round(value, 1),
            "ratio": None if value is None else round(value / t_base, 3),
            "values_ms": [round(run[key], 1) for run in runs if run.get(key) is not None],
        }
        if target is not None and value is not None:
            entry["target"] = f"<= {target:g} {unit}"
            entry["holds"] = value <= (target * t_base if unit == "T_base" else target)
        measures[key] = entry
    extra = {}
    for key in (
        "fcp",
        "long_tasks_total",
        "next_page_swapped",
        "next_page_swapped_at_once",
        "change_median",
        "change_max",
        "offline_blocked",
    ):
        value = median_of(runs, key)
        if value is not None:
            extra[key] = round(value, 1)
    bytes_runs = [run["bytes"] for run in runs if "bytes" in run]
    bytes_median = {
        kind: int(statistics.median(b[kind] for b in bytes_runs)) for kind in bytes_runs[0]
    }
    return {
        "t_base_ms": round(t_base, 1),
        "measures": measures,
        "other_ms": extra,
        "baseline_blocked_ms": round(median_of(runs, "baseline_blocked") or 0.0, 1),
        "bytes_before_ready": bytes_median,
        "engines": sorted({str(run.get("engine")) for run in runs}),
        "build": build,
    }


def kb(value: int) -> str:
    return f"{value / 1000:,.0f} kB"


def profile_summary(profile: Profile, runs: list[dict[str, Any]]) -> dict[str, Any]:
    """The issue 11 figures of one network profile: medians, ratios, bytes, targets."""
    t_base = median_of(runs, "t_base") or 0.0
    ready = median_of(runs, "widget_ready") or 0.0
    visible = median_of(runs, "result_visible") or 0.0
    kinds = runs[0]["bytes"].keys()
    wire = {k: int(statistics.median(run["bytes"][k] for run in runs)) for k in kinds}
    ready_target = READY_TARGET.get(profile.name)
    visible_target = VISIBLE_TARGET_MS.get(profile.name)
    return {
        "label": profile.label,
        "t_base_ms": round(t_base, 1),
        "visible_ms": round(visible, 1),
        "ready_ms": round(ready, 1),
        "ready_ratio": round(ready / t_base, 3) if t_base else None,
        "ready_target": ready_target,
        "ready_holds": None if ready_target is None else ready <= ready_target * t_base,
        "visible_target_ms": visible_target,
        "visible_holds": None if visible_target is None else visible <= visible_target,
        "bytes_before_ready": wire,
        "bytes_holds": wire["total"] <= BYTES_TARGET,
        "engines": sorted({str(run.get("engine")) for run in runs}),
        "values_ms": {
            key: [round(run[key]) for run in runs]
            for key in ("t_base", "result_visible", "widget_ready")
        },
    }


def mb(value: int) -> str:
    return f"{value / 1e6:.2f} MB"


def yes(flag: bool | None) -> str:
    return "" if flag is None else ("yes" if flag else "**no**")


def profiles_table(profiles: dict[str, dict[str, Any]]) -> str:
    """One row per network profile: the targets of issue 11 point 2."""
    lines = [
        "| network profile | T_base | example visible | ready | ready / T_base (target) "
        "| bytes on the wire until ready (target 4.5 MB) | engine |",
        "|---|---:|---:|---:|---|---|---|",
    ]
    for entry in profiles.values():
        s = entry["summary"]
        visible = f"{s['visible_ms']:,.0f} ms"
        if s["visible_target_ms"] is not None:
            visible += f" (<= {s['visible_target_ms']:,.0f}: {yes(s['visible_holds'])})"
        ratio = f"{s['ready_ratio']:.2f} (<= {s['ready_target']:g}: {yes(s['ready_holds'])})"
        b = s["bytes_before_ready"]
        parts = " + ".join(
            f"{label} {b[kind] / 1e6:.2f}"
            for kind, label in (
                ("pyodide", "Pyodide"),
                ("stdlib", "stdlib"),
                ("snapshot", "snapshot"),
                ("calculator", "wheel"),
                ("page", "page"),
            )
            if b[kind]
        )
        lines.append(
            f"| {s['label']} | {s['t_base_ms']:,.0f} ms | {visible} | {s['ready_ms']:,.0f} ms "
            f"| {ratio} | {mb(b['total'])}: {yes(s['bytes_holds'])} ({parts}) "
            f"| {', '.join(s['engines'])} |"
        )
    return "\n".join(lines)


def read_only_line(read_only: dict[str, dict[str, Any]]) -> str:
    parts = []
    for name, entry in read_only.items():
        label = PROFILES[name].label
        parts.append(
            f"{label}: {mb(entry['default']['bytes'])} "
            f"(of which Pyodide's files {mb(entry['default']['pyodide'])}); with Save-Data on "
            f"{mb(entry['save_data']['bytes'])} (Pyodide's files {mb(entry['save_data']['pyodide'])})"
        )
    return (
        "A visit that only reads (the page left alone until the wire is quiet): "
        + "; ".join(parts)
        + "."
    )


def table(summary: dict[str, Any]) -> str:
    lines = [
        "| measure | median | ratio to T_base | target | holds |",
        "|---|---:|---:|---|---|",
    ]
    for key, entry in summary["measures"].items():
        if entry["median_ms"] is None:
            lines.append(f"| {entry['label']} | not measured | | {entry.get('target', '')} | |")
            continue
        holds = "" if "holds" not in entry else ("yes" if entry["holds"] else "**no**")
        ratio = "1" if key == "t_base" else f"{entry['ratio']:.3f}"
        lines.append(
            f"| {entry['label']} | {entry['median_ms']:,.0f} ms | {ratio} | "
            f"{entry.get('target', '')} | {holds} |"
        )
    build = summary["build"]
    built = f"{build['cold_s']:.1f} s with empty caches, {build['warm_s']:.1f} s again"
    if "offline_s" in build:
        built += f"; offline copy {build['offline_s']:.1f} s"
    lines.append(f"| `mkdocs build --strict` | {built} | | reported | |")
    return "\n".join(lines)


def details(summary: dict[str, Any]) -> str:
    """The figures behind the table's rows, where they say what limits a measure."""
    other = summary["other_ms"]
    parts = []
    if "fcp" in other:
        parts.append(f"first contentful paint {other['fcp']:.0f} ms")
    if "next_page_swapped" in other:
        parts.append(
            "next page: Material had swapped it in after "
            f"{other['next_page_swapped']:.0f} ms ({other['next_page_swapped_at_once']:.0f} ms "
            "when clicked at once), before any of the widget's code ran"
        )
    if "change_median" in other:
        parts.append(
            f"input change median {other['change_median']:.1f} ms, "
            f"slowest {other['change_max']:.0f} ms"
        )
    if "long_tasks_total" in other:
        parts.append(f"long tasks until ready {other['long_tasks_total']:.0f} ms in all")
    parts.append(f"baseline page blocked {summary['baseline_blocked_ms']:.0f} ms")
    if "offline_blocked" in other:
        parts.append(f"offline copy blocked {other['offline_blocked']:.0f} ms")
    return "Medians behind the rows: " + "; ".join(parts) + "."


def describe(report: dict[str, Any]) -> str:
    m = report["machine"]
    return (
        f"{report['date']}, {report['reps']} cold repetitions per profile, medians; "
        f"{m['cpu']} ({m['cores']} cores, {m['memory']}), {m['os']}, {report['browser']} "
        "headless; served from 127.0.0.1 through bench/network.py (one shared token-bucket "
        "link, gzip as GitHub Pages, the round trip added per request and per connection)."
    )


def update_readme(markdown: str) -> None:
    text = README.read_text(encoding="utf-8")
    if README_START not in text or README_END not in text:
        raise SystemExit(f"error: README.md has no {README_START} ... {README_END} block")
    head, rest = text.split(README_START, 1)
    _, tail = rest.split(README_END, 1)
    README.write_text(f"{head}{README_START}\n{markdown}\n{README_END}{tail}", encoding="utf-8")


# ---------------------------------------------------------------- main


def other_chromium() -> bool:
    done = subprocess.run(["pgrep", "-f", "chromium"], capture_output=True, text=True, check=False)
    return bool(done.stdout.strip())


def repeat(reps: int, step: Callable[[int], dict[str, Any]]) -> list[dict[str, Any]]:
    runs = []
    for rep in range(reps):
        runs.append(step(rep))
        print(
            f"  repetition {rep + 1}/{reps}: "
            + ", ".join(
                f"{k}={v:.0f}"
                for k, v in runs[-1].items()
                if isinstance(v, (int, float)) and not isinstance(v, bool)
            ),
            flush=True,
        )
    return runs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=3, help="cold repetitions (default 3)")
    parser.add_argument(
        "--profiles",
        default=",".join(PROFILES),
        help=f"network profiles to measure, comma-separated (default: {','.join(PROFILES)})",
    )
    parser.add_argument("--out", type=Path, default=RESULTS / "latest.json")
    parser.add_argument("--no-offline", action="store_true", help="skip the offline copy")
    parser.add_argument("--readme", action="store_true", help="put the table into README.md")
    args = parser.parse_args(argv)
    chosen = [name.strip() for name in args.profiles.split(",") if name.strip()]
    unknown = [name for name in chosen if name not in PROFILES]
    if unknown or not chosen:
        raise SystemExit(f"error: unknown profile(s) {unknown}; choose from {list(PROFILES)}")
    if not Path(CHROMIUM).is_file():
        raise SystemExit(f"error: {CHROMIUM} is missing: apt-get install -y chromium")
    if other_chromium():
        print("warning: another Chromium is running; the timings will be noisy.", flush=True)

    extras = {
        "bench-baseline.html": BENCH / "baseline.html",
        "bench-baseline.js": BENCH / "baseline.js",
    }
    profiles: dict[str, dict[str, Any]] = {}
    read_only: dict[str, dict[str, Any]] = {}
    fast_runs: list[dict[str, Any]] = []
    version = ""
    with (
        tempfile.TemporaryDirectory(prefix="gist-bench-") as tmp,
        serve(Path(tmp) / "site", extras) as server,
    ):
        work = Path(tmp)
        print("Building the site (twice: with empty caches, then again) ...", flush=True)
        offline = not args.no_offline and "fast" in chosen
        build = build_sites(work, server.base_url, offline)
        offline_index = Path(build.pop("offline_index")) if offline else None
        if offline_index is not None and not offline_index.is_file():
            print(f"warning: {offline_index} is missing; the offline copy is not measured.")
            offline_index = None
        server.start()
        with sync_playwright() as playwright:
            for name in chosen:
                profile = PROFILES[name]
                server.link.profile = profile
                full = name == "fast"
                # A browser of its own per profile: Chromium's estimate of the network (what
                # navigator.connection reports) must not carry over from another profile.
                browser = playwright.chromium.launch(
                    executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
                )
                version = f"Chromium {browser.version}"
                try:

                    def step(
                        _: int, browser: Browser = browser, full: bool = full
                    ) -> dict[str, Any]:
                        base = measure_baseline(browser, server)
                        run = {"t_base": base["t_base"], "baseline_blocked": base["blocked"]}
                        run.update(measure_site(browser, server, full))
                        if full and offline_index is not None:
                            run.update(measure_offline(browser, offline_index))
                        return run

                    print(f"Measuring {profile.label} ({args.reps} repetitions) ...", flush=True)
                    runs = repeat(args.reps, step)
                    read_only[name] = {
                        "default": measure_read_only(browser, server, save_data=False),
                        "save_data": measure_read_only(browser, server, save_data=True),
                    }
                    print(f"  read-only visit: {read_only[name]}", flush=True)
                finally:
                    browser.close()
                profiles[name] = {"runs": runs, "summary": profile_summary(profile, runs)}
                if full:
                    fast_runs = runs

    report: dict[str, Any] = {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "reps": args.reps,
        "machine": machine(),
        "browser": version,
        "build": build,
        "profiles": profiles,
        "read_only": read_only,
    }
    markdown = profiles_table(profiles) + "\n\n" + read_only_line(read_only)
    if fast_runs:
        summary = summarise(fast_runs, build)
        report["summary"] = summary
        markdown += (
            "\n\nUnthrottled, in more detail:\n\n" + table(summary) + "\n\n" + details(summary)
        )
    markdown += "\n\n" + describe(report)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    args.out.with_suffix(".md").write_text(markdown + "\n", encoding="utf-8")
    print()
    print(markdown)
    print(f"\nWrote {args.out.relative_to(REPO) if args.out.is_relative_to(REPO) else args.out}")
    if args.readme:
        update_readme(markdown)
        print("Updated README.md's Performance section")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
