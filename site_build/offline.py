"""The copy readers download and open from disk (``file://``).

Pages opened from disk may run classic scripts but not fetch files or import modules, so
Pyodide's files travel as scripts that assign them, gzipped and base64-encoded, to
window.gistOfflineData; gist-loader.js turns them into blob: URLs. None of it goes into the
online site. The theme's search runs in a Worker, which file:// cannot start: both engines'
offline plugins then load the iframe-worker polyfill from a CDN unless told otherwise, so the
pages get the vendored copy instead. Instant navigation fetches pages, which file:// cannot
do: it is switched off in every page's configuration.
"""

from __future__ import annotations

import base64
import gzip
import json
import logging
import re
from pathlib import Path
from typing import Any

from .project import PYODIDE_SITE_DIR, BuildError, Project
from .runtime import LOCK_FILE, Snapshot, Wheel, copy_if_changed

log = logging.getLogger("site_build")

OFFLINE_SITE_DIR = "assets/pyodide-offline"
OFFLINE_MANIFEST = f"{OFFLINE_SITE_DIR}/manifest.js"
# (file in node_modules/pyodide, MIME type the browser needs, gzip it?)
OFFLINE_PAYLOAD = (
    ("pyodide.asm.mjs", "text/javascript", True),
    ("pyodide.asm.wasm", "application/wasm", True),
    ("python_stdlib.zip", "application/zip", True),
    (LOCK_FILE, "application/json", True),
)
OFFLINE_SNAPSHOT = "snapshot.bin"
# Its path must contain "iframe-worker", or the offline plugins add their CDN URL.
IFRAME_WORKER_SHIM = "assets/javascripts/iframe-worker-shim.js"
LOADER = "assets/javascripts/gist-loader.js"
ONLINE_ONLY_FEATURE_PREFIX = "navigation.instant"

_POLYFILL = re.compile(r"""(<script\b[^>]*\bsrc=["'])([^"']*iframe-worker[^"']*)(["'])""")
_LOADER_TAG = re.compile(r"<script\b[^>]*\bsrc=[\"']([^\"']*)" + re.escape(LOADER) + r"[\"'][^>]*>")
_CONFIG_JSON = re.compile(
    r'(<script id="__config" type="application/json">)(.*?)(</script>)', re.DOTALL
)
_PROGRESS = re.compile(r'<div class="md-progress"[^>]*></div>')


def offline_page(html: str, prefix: str, *, where: str) -> str:
    """A built page made fit for file://. `prefix` leads from the page to the site's root."""
    html, polyfills = _POLYFILL.subn(
        lambda m: m.group(1) + prefix + IFRAME_WORKER_SHIM + m.group(3), html
    )
    loader = _LOADER_TAG.search(html)
    if loader is not None and OFFLINE_MANIFEST not in html:
        tag = f'<script src="{loader.group(1)}{OFFLINE_MANIFEST}"></script>'
        html = html[: loader.start()] + tag + html[loader.start() :]
    html = _CONFIG_JSON.sub(_without_instant_navigation, html)
    if polyfills == 0 and "__config" in html:
        raise BuildError(
            f"{where}: no iframe-worker polyfill in the offline page: is the offline plugin on "
            "(OFFLINE=true)? Without it the search cannot start from disk."
        )
    return _PROGRESS.sub("", html)


def _without_instant_navigation(match: re.Match[str]) -> str:
    config = json.loads(match.group(2))
    features = config.get("features") or []
    config["features"] = [f for f in features if not f.startswith(ONLINE_ONLY_FEATURE_PREFIX)]
    text = json.dumps(config, sort_keys=True)
    for char, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("'", "\\u0027")):
        text = text.replace(char, escaped)
    return match.group(1) + text + match.group(3)


def vendor_iframe_worker(site_dir: Path, project: Project) -> str:
    """Copy the polyfill into the site; its source (the policy hashes what it writes)."""
    if not project.iframe_worker.is_file():
        raise BuildError(
            f"{project.iframe_worker} is missing (the offline search needs it); run 'make node'."
        )
    source = (
        "/* iframe-worker 1.0.4 (MIT licence, Martin Donath), from npm */\n"
        + project.iframe_worker.read_text(encoding="utf-8")
    )
    target = site_dir / IFRAME_WORKER_SHIM
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(source, encoding="utf-8")
    return source


def write_offline_payload(
    site_dir: Path, project: Project, wheel: Wheel, snapshot: Snapshot | None, stdlib: Path | None
) -> None:
    """Pyodide, its stdlib, the wheel and the snapshot as classic scripts, for pages on disk.

    Only pyodide.js (itself a classic script) stays a plain file; nothing else of Pyodide's
    is needed next to it, since gist-loader.js never fetches from assets/pyodide/ offline.
    """
    pyodide = project.pyodide
    copy_if_changed(pyodide / "pyodide.js", site_dir / PYODIDE_SITE_DIR / "pyodide.js")
    target = site_dir / OFFLINE_SITE_DIR
    target.mkdir(parents=True, exist_ok=True)
    sources = [  # the trimmed standard library, when there is one, in place of the whole
        (
            stdlib if stdlib is not None and name == "python_stdlib.zip" else pyodide / name,
            name,
            k,
            p,
        )
        for name, k, p in OFFLINE_PAYLOAD
    ]
    sources.append((wheel.path, wheel.path.name, "application/zip", False))  # compressed
    files = {}
    for source, name, kind, packed in sources:
        data = source.read_bytes()
        if packed:
            data = gzip.compress(data, compresslevel=9, mtime=0)
        files[name] = _payload_script(target, name, data, kind, packed)
    manifest: dict[str, Any] = {
        "pyodide": _pyodide_version(pyodide),
        "wheel": wheel.path.name,
        "files": files,
    }
    if snapshot is not None:
        # The memory snapshot, so that the copy starts Python in a fraction of a boot. It is
        # gzipped already: shipped as it is, and unzipped by the page like the others.
        files[OFFLINE_SNAPSHOT] = _payload_script(
            target, OFFLINE_SNAPSHOT, snapshot.path.read_bytes(), "application/octet-stream", True
        )
        manifest["snapshot"] = {"file": OFFLINE_SNAPSHOT, "id": snapshot.id}
    (site_dir / OFFLINE_MANIFEST).write_text(
        "/* The offline copy's Pyodide payload: the scripts gist-loader.js loads. */\n"
        f"window.gistOfflinePayload = {json.dumps(manifest, sort_keys=True)};\n",
        encoding="utf-8",
    )
    log.info("Wrote the offline payload (%s files) to %s", len(files), OFFLINE_SITE_DIR)


def _payload_script(
    target: Path, name: str, data: bytes, kind: str, packed: bool
) -> dict[str, Any]:
    """Write one payload file as a classic script; its manifest entry."""
    script = f"{name}.js"
    (target / script).write_text(
        "(window.gistOfflineData = window.gistOfflineData || {})"
        f'[{json.dumps(name)}] = "{base64.b64encode(data).decode("ascii")}";\n',
        encoding="ascii",
    )
    return {"script": script, "type": kind, "gzip": packed}


def _pyodide_version(pyodide: Path) -> str:
    package = json.loads((pyodide / "package.json").read_text(encoding="utf-8"))
    return str(package.get("version", ""))
