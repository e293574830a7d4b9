"""The offline copy restores the build's Pyodide memory snapshot, and survives a broken one.

Read from disk, Python runs on the page's main thread (no worker can start from file://); the
copy's payload carries the same memory snapshot as the online site, so Python need not boot.
Pyodide's snapshot API is private and has known bugs: a broken image (garbage, a spoiled
heap, an id from another build) must give way to a normal boot, with a warning and no error,
and the same answers as CPython's bridge. Timings are never checked here: `make bench`
measures them.
"""

from __future__ import annotations

import base64
import gzip
import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from offline_support import open_disk_visit

from gist_calculator import bridge

pytestmark = pytest.mark.browser

PAYLOAD = Path("assets") / "pyodide-offline"
SNAPSHOT = "snapshot.bin"
MANIFEST = re.compile(r"window\.gistOfflinePayload = (\{.*\});")
SCRIPT = re.compile(
    r'^(\(window\.gistOfflineData = [^\n]*\)\["[^"]+"\] = ")([A-Za-z0-9+/=]*)(";\n)$'
)
REQUESTS = (
    {"setting": "resectable", "size": "7.5", "mitoses": "3", "site": "jejunum-ileum"},
    {"setting": "unresectable", "mutation": "kit-exon-9"},
    {"setting": "recurrent", "progressed_on": ["imatinib", "sunitinib"]},
    {"size": "abc", "mitoses": "-1", "site": "stomach"},
)
# Through the page's own handle(), as the widget calls it.
RUN = """async ([requests, context]) => {
    const handle = await window.gistWidget.engine;
    return [handle.runtime, await Promise.all(
        requests.map((r) => handle(JSON.stringify(r), context)))];
}"""


def manifest(root: Path) -> dict[str, Any]:
    text = (root / PAYLOAD / "manifest.js").read_text(encoding="utf-8")
    found = MANIFEST.search(text)
    assert found, "manifest.js does not set window.gistOfflinePayload"
    loaded = json.loads(found.group(1))
    assert isinstance(loaded, dict)
    return loaded


def spoil_snapshot(root: Path, spoil: Callable[[bytes], bytes]) -> None:
    """Rewrite the payload's snapshot script with spoil(gzipped image) in its place."""
    path = root / PAYLOAD / manifest(root)["files"][SNAPSHOT]["script"]
    parts = SCRIPT.match(path.read_text(encoding="ascii"))
    assert parts, f"{path.name} is not a payload script"
    data = base64.b64encode(spoil(base64.b64decode(parts.group(2)))).decode("ascii")
    path.write_text(parts.group(1) + data + parts.group(3), encoding="ascii")


def garbage(_: bytes) -> bytes:
    return gzip.compress(b"not a memory image")


def flipped(real: bytes) -> bytes:
    image = bytearray(gzip.decompress(real))
    middle = len(image) // 2
    image[middle : middle + 65536] = b"\xff" * 65536
    return gzip.compress(bytes(image))


def answers(browser: Any, root: Path) -> tuple[str, list[str]]:
    """The runtime the copy started, the warnings it gave; its answers must be CPython's."""
    visit = open_disk_visit(browser, root)
    warnings: list[str] = []
    visit.page.on("console", lambda m: warnings.append(m.text) if m.type == "warning" else None)
    try:
        visit.goto("index")
        visit.wait_ready()
        context = visit.page.locator("[data-gist-widget]").get_attribute("data-context") or "{}"
        runtime, got = visit.page.evaluate(RUN, [list(REQUESTS), context])
        for request, answer in zip(REQUESTS, got, strict=True):
            assert json.loads(answer) == json.loads(bridge.handle(json.dumps(request), context))
        visit.assert_clean()
    finally:
        visit.context.close()
    return runtime, warnings


def test_the_copy_carries_the_snapshot_the_online_site_has(unzipped: Path) -> None:
    payload = manifest(unzipped)
    assert payload["snapshot"]["file"] == SNAPSHOT
    assert payload["files"][SNAPSHOT]["gzip"] is True
    assert re.fullmatch(r"[0-9a-f]{16}", payload["snapshot"]["id"])


def test_the_copy_restores_its_snapshot(browser: Any, unzipped: Path) -> None:
    runtime, warnings = answers(browser, unzipped)
    assert runtime == "main-thread-snapshot"
    assert not [w for w in warnings if "snapshot" in w], warnings


@pytest.mark.parametrize("spoil", [garbage, flipped], ids=lambda f: f.__name__)
def test_a_broken_snapshot_gives_way_to_a_normal_boot(
    browser: Any, unzipped: Path, tmp_path: Path, spoil: Callable[[bytes], bytes]
) -> None:
    copy = tmp_path / unzipped.name
    shutil.copytree(unzipped, copy)
    spoil_snapshot(copy, spoil)
    runtime, warnings = answers(browser, copy)
    assert runtime == "main-thread"
    assert any("snapshot was not used" in w for w in warnings), warnings


def test_a_snapshot_from_another_build_is_not_trusted(
    browser: Any, unzipped: Path, tmp_path: Path
) -> None:
    copy = tmp_path / unzipped.name
    shutil.copytree(unzipped, copy)
    path = copy / PAYLOAD / "manifest.js"
    text = path.read_text(encoding="utf-8")
    real = manifest(copy)["snapshot"]["id"]
    path.write_text(text.replace(f'"id": "{real}"', '"id": "0000000000000000"'), "utf-8")
    runtime, warnings = answers(browser, copy)
    assert runtime == "main-thread"
    assert any("snapshot was not used" in w for w in warnings), warnings
