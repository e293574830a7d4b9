"""Every way the online site may start Python gives the same, correct answers.

The fast path restores a Pyodide memory snapshot made at build time, in a module worker.
Pyodide's snapshot API is private and has known bugs, so the page must fall back to a
normal boot on any failure, and to running Python on the page itself where no module worker
can start. Each path is forced here (a broken snapshot served in place of the real one, no
Worker, a worker script that cannot load) and must still reach `ready` with the command
line's answer for a changed input, and log no error. Timings are never checked here:
`make bench` measures them.
"""

from __future__ import annotations

import gzip
import hashlib
import html
import json
import re
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from site_html import parse
from site_support import PAGES, PYODIDE_DIR, REPO, Site, Visit, open_visit
from test_browser import Widget, cli_json, expected_view, shown

from gist_calculator import bridge

pytestmark = pytest.mark.browser

PAGE = "localised-smaller"
CHANGED = {"size": "7.5"}  # a changed input: its result can only come from Python
BOOT_META = "gist-boot"
# A worker given up (its snapshot failed) has its downloads cancelled: not a failure.
ABORTED = re.compile(r"request failed: \S+/assets/pyodide/\S+ \(net::ERR_ABORTED\)")
BOOT_TAG = re.compile(r"<meta name=\"gist-boot\" content='([^']*)'>")


def boot_config(site: Site) -> dict[str, str]:
    metas = parse(site.page_file("index").read_text(encoding="utf-8")).find_all(
        lambda e: e.tag == "meta" and e.get("name") == BOOT_META
    )
    assert len(metas) == 1, "the page does not name its wheel and snapshot"
    config = json.loads(metas[0].get("content") or "")
    assert isinstance(config, dict)
    return config


def snapshot_file(site: Site) -> Path:
    return site.root / "assets" / "pyodide" / boot_config(site)["snapshot"]


# ---------------------------------------------------------------- the build


def test_every_page_names_the_files_it_boots_from(site: Site) -> None:
    """The wheel and the snapshot named in each page exist and are the build's."""
    config = boot_config(site)
    assert set(config) == {"wheel", "stdlib", "snapshot", "snapshot_id", "bytes"}
    folder = site.root / "assets" / "pyodide"
    assert (folder / config["wheel"]).is_file()
    # The trimmed standard library, named by its content (hooks/trimmed_stdlib.py).
    stdlib = folder / config["stdlib"]
    assert stdlib.is_file()
    assert hashlib.sha256(stdlib.read_bytes()).hexdigest()[:16] in config["stdlib"]
    assert stdlib.stat().st_size < (PYODIDE_DIR / "python_stdlib.zip").stat().st_size / 2
    assert set(config["bytes"]) == {"boot", "snapshot"}
    lock = json.loads((folder / "pyodide-lock.json").read_text(encoding="utf-8"))
    assert lock["packages"]["gist-calculator"]["file_name"] == config["wheel"]
    assert snapshot_file(site).is_file()
    assert config["snapshot_id"] in config["snapshot"]
    for page in PAGES:
        tree = parse(site.page_file(page).read_text(encoding="utf-8"))
        metas = tree.find_all(lambda e: e.tag == "meta" and e.get("name") == BOOT_META)
        assert [json.loads(m.get("content") or "") for m in metas] == [config], page


def test_snapshot_restores_in_node_and_answers_as_the_package_does(site: Site) -> None:
    """The shipped image, restored by the very Pyodide the site ships, gives the same JSON."""
    config = boot_config(site)
    request = json.dumps({"setting": "unresectable", "mutation": "kit-exon-9"})
    script = f"""
      import {{ loadPyodide }} from {json.dumps((PYODIDE_DIR / "pyodide.mjs").as_uri())};
      import fs from "node:fs";
      import zlib from "node:zlib";
      const image = zlib.gunzipSync(fs.readFileSync({json.dumps(str(snapshot_file(site)))}));
      const pyodide = await loadPyodide({{ _loadSnapshot: new Uint8Array(image) }});
      const handle = pyodide.pyimport("gist_calculator.bridge").handle;
      console.log(JSON.stringify([pyodide.globals.get("_gist_snapshot"),
                                  handle({json.dumps(request)}, "{{}}")]));
    """
    done = subprocess.run(
        ["node", "--input-type=module", "-e", script],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=REPO,
    )
    assert done.returncode == 0, done.stderr
    snapshot_id, answer = json.loads(done.stdout.strip().splitlines()[-1])
    assert snapshot_id == config["snapshot_id"]
    assert json.loads(answer) == json.loads(bridge.handle(request, "{}"))


# ---------------------------------------------------------------- the browser


def garbage(_: bytes) -> bytes:
    return b"not a gzip file at all"


def gzipped_garbage(_: bytes) -> bytes:
    return gzip.compress(b"\x00" * 4096)


def truncated(real: bytes) -> bytes:
    """The first megabyte of the real image: right magic number and build id, no heap."""
    return gzip.compress(gzip.decompress(real)[:1_000_000])


def flipped(real: bytes) -> bytes:
    """The real image with a stretch of its heap overwritten."""
    image = bytearray(gzip.decompress(real))
    middle = len(image) // 2
    image[middle : middle + 65536] = b"\xff" * 65536
    return gzip.compress(bytes(image))


@pytest.fixture
def visit_page(browser: Any, site: Site) -> Iterator[Callable[..., Visit]]:
    """Open PAGE in a fresh context, after `prepare(context)`; checks it stayed clean."""
    opened: list[Visit] = []

    def open_page(prepare: Callable[[Any], None] | None = None) -> Visit:
        visit = open_visit(browser, site)
        opened.append(visit)
        warnings: list[str] = []
        visit.page.on("console", lambda m: warnings.append(m.text) if m.type == "warning" else None)
        visit.warnings = warnings  # type: ignore[attr-defined]
        if prepare is not None:
            prepare(visit.context)
        visit.goto(PAGE)
        return visit

    try:
        yield open_page
    finally:
        for visit in opened:
            visit.context.close()


def assert_clean_after_fallback(visit: Visit) -> None:
    """Clean, but for downloads cut short when the page stopped the first worker."""
    problems = visit.take_problems()
    unexpected = [p for p in problems if not ABORTED.fullmatch(p)]
    assert not unexpected, "\n".join(problems)


def answers_like_the_command_line(visit: Visit) -> str:
    """The widget, once ready, gives the package's answer for a changed input; its runtime."""
    visit.wait_ready()
    widget = Widget(visit)
    request = widget.root.evaluate(
        """(root) => {
            const out = {};
            new FormData(root.querySelector("[data-gist-form]")).forEach((v, k) => {
              (out[k] = out[k] || []).push(v);
            });
            return out;
        }"""
    )
    widget.control("size").fill(CHANGED["size"])
    view = widget.read()
    form = {k: v if k in {"progressed_on", "intolerant_of"} else v[-1] for k, v in request.items()}
    form.update(CHANGED)
    form = {k: v for k, v in form.items() if v not in ("", [])}
    assert not view["stale"]
    assert shown(view) == expected_view(cli_json({**form, "command": "treatment"}), set())
    runtime = visit.page.evaluate("() => window.gistWidget.runtime")
    assert isinstance(runtime, str)
    return runtime


def test_the_snapshot_is_restored_in_a_worker(visit_page: Callable[..., Visit]) -> None:
    visit = visit_page()
    assert answers_like_the_command_line(visit) == "worker-snapshot"
    assert visit.page.evaluate("() => window.gistWidget.pyodide instanceof Worker")
    visit.assert_clean()


@pytest.mark.parametrize(
    "spoil", [garbage, gzipped_garbage, truncated, flipped], ids=lambda f: f.__name__
)
def test_a_broken_snapshot_falls_back_to_a_normal_boot(
    visit_page: Callable[..., Visit], site: Site, spoil: Callable[[bytes], bytes]
) -> None:
    real = snapshot_file(site).read_bytes()
    name = snapshot_file(site).name

    def prepare(context: Any) -> None:
        context.route(
            f"**/{name}",
            lambda route: route.fulfill(status=200, body=spoil(real)),
        )

    visit = visit_page(prepare)
    assert answers_like_the_command_line(visit) == "worker"
    assert any("snapshot was not used" in w for w in visit.warnings)  # type: ignore[attr-defined]
    assert_clean_after_fallback(visit)


def rewrite_boot(context: Any, **changes: Any) -> None:
    """Serve PAGE with its gist-boot <meta> changed (as a page cached from another build)."""

    def rewrite(route: Any) -> None:
        response = route.fetch()

        def changed(match: re.Match[str]) -> str:
            config = {**json.loads(html.unescape(match.group(1))), **changes}
            return f"<meta name=\"{BOOT_META}\" content='{html.escape(json.dumps(config))}'>"

        body, count = BOOT_TAG.subn(changed, response.text())
        assert count == 1, "no gist-boot meta to change"
        route.fulfill(response=response, body=body)

    context.route(f"**/{PAGE}/", rewrite)


def test_a_snapshot_for_another_build_is_not_trusted(
    visit_page: Callable[..., Visit],
) -> None:
    """The page expects another snapshot id than the image holds."""
    visit = visit_page(lambda context: rewrite_boot(context, snapshot_id="0000000000000000"))
    assert answers_like_the_command_line(visit) == "worker"
    assert any("snapshot was not used" in w for w in visit.warnings)  # type: ignore[attr-defined]
    assert_clean_after_fallback(visit)


def test_a_stalled_snapshot_is_given_up_for_a_normal_boot(
    visit_page: Callable[..., Visit], site: Site
) -> None:
    """The snapshot's download never ends: after the page's wait, Python boots afresh."""
    name = snapshot_file(site).name

    def prepare(context: Any) -> None:
        rewrite_boot(context, snapshot_wait_ms=3000)
        context.route(f"**/{name}", lambda _route: None)  # never answered

    visit = visit_page(prepare)
    assert answers_like_the_command_line(visit) == "worker"
    assert any("no answer from the snapshot" in w for w in visit.warnings)  # type: ignore[attr-defined]
    assert_clean_after_fallback(visit)


def test_without_workers_python_runs_in_the_page(visit_page: Callable[..., Visit]) -> None:
    visit = visit_page(lambda context: context.add_init_script("delete window.Worker;"))
    assert answers_like_the_command_line(visit) == "main-thread"
    assert not visit.page.evaluate("() => window.gistWidget.pyodide instanceof EventTarget")
    visit.assert_clean()


def test_a_worker_that_cannot_load_leaves_python_to_the_page(
    visit_page: Callable[..., Visit],
) -> None:
    def prepare(context: Any) -> None:
        context.route("**/gist-worker.mjs", lambda route: route.fulfill(status=404, body=""))

    visit = visit_page(prepare)
    assert answers_like_the_command_line(visit) == "main-thread"
    problems = visit.take_problems()
    # The one expected failure: the worker script that was made to fail.
    assert [p for p in problems if "gist-worker.mjs" not in p] == [], problems
