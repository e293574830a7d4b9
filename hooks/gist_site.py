"""MkDocs hooks that join the site to the calculator package.

The pages only carry markers (``<!-- gist:widget -->``, ``<!-- gist:table ID -->``,
``<!-- gist:versions -->``, ``<!-- gist:rules -->``); every word and number inside them comes
from ``gist_calculator.render``, so the site never restates what the package computes. After the
build, the package is shipped as a wheel next to Pyodide's own files so the browser runs the
very same code. Everything lives in plain functions so a move away from MkDocs stays a thin
change.

With Material's offline plugin on (OFFLINE=true, `make offline`) the same build makes the
copy readers download and open from disk: Pyodide travels as classic scripts instead, instant
navigation is off, and ``<!-- gist:download -->`` says it is the copy. Online, that marker
links to the zip when the build is given one (GIST_OFFLINE_ZIP), which is then published
beside the site.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import importlib
import json
import logging
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from html import escape as html_escape
from html.parser import HTMLParser
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

from mkdocs.config.config_options import ExtraScriptValue
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

sys.path.insert(0, str(Path(__file__).resolve().parent))
import trimmed_stdlib  # this folder's own module, beside the hook

log = logging.getLogger("mkdocs.hooks.gist_site")

# Section ids the results may link to; each is a page `<id>.md` at the top of docs/.
SECTION_IDS = (
    "localised-smaller",
    "localised-larger",
    "unresectable",
    "recurrent",
    "understanding-risk",
    "medicines",
)
# The guideline pages must each carry a widget with a preset case.
GUIDELINE_PAGES = SECTION_IDS[:4]

PACKAGE = "gist_calculator"
DISTRIBUTION = "gist-calculator"  # the name the page script passes to loadPackage()
# Where the calculator's wheel and Pyodide's files go inside the built site.
PYODIDE_SITE_DIR = "assets/pyodide"
PYODIDE_FILES = (
    "pyodide.js",
    "pyodide.mjs",
    "pyodide.asm.mjs",
    "pyodide.asm.wasm",
    "python_stdlib.zip",
)
LOCK_FILE = "pyodide-lock.json"

# The offline copy (Material's offline plugin enabled, OFFLINE=true). Pages opened from disk
# (file://) may run classic scripts but not fetch files or import modules, so Pyodide's files
# travel as scripts that assign them, gzipped and base64-encoded, to window.gistOfflineData;
# gist-loader.js turns them into blob: URLs. None of it goes into the online site.
OFFLINE_SITE_DIR = "assets/pyodide-offline"
OFFLINE_MANIFEST = f"{OFFLINE_SITE_DIR}/manifest.js"
# (file in node_modules/pyodide, MIME type the browser needs, gzip it?)
OFFLINE_PAYLOAD = (
    ("pyodide.asm.mjs", "text/javascript", True),
    ("pyodide.asm.wasm", "application/wasm", True),
    ("python_stdlib.zip", "application/zip", True),
    (LOCK_FILE, "application/json", True),
)
# Material's search runs in a Worker, which file:// cannot start; this shim runs it in an
# iframe. Its path must contain "iframe-worker", or the offline plugin adds an unpkg URL.
IFRAME_WORKER_SHIM = "assets/javascripts/iframe-worker-shim.js"
IFRAME_WORKER_SOURCE = Path("node_modules") / "iframe-worker" / "shim" / "index.js"
# Instant navigation fetches pages, which file:// cannot do (and Material's document$ then
# never emits): every page of the offline copy is a full page load.
ONLINE_ONLY_FEATURE_PREFIX = "navigation.instant"
# The offline copy's zip, published beside the online site when the build is given one.
DOWNLOAD_NAME = "gist-guide-offline.zip"
DOWNLOAD_ENV = "GIST_OFFLINE_ZIP"

# The memory snapshot (online copy only): Pyodide's memory with the calculator imported, made
# in Node by scripts/make_snapshot.mjs with the very Pyodide the site ships, so the page can
# restore it instead of booting Python (see gist-worker.mjs). GIST_SNAPSHOT=0 leaves it out.
SNAPSHOT_DIR = "snapshots"  # inside PYODIDE_SITE_DIR
SNAPSHOT_ENV = "GIST_SNAPSHOT"
SNAPSHOT_SCRIPT = Path("scripts") / "make_snapshot.mjs"
SNAPSHOT_TIMEOUT_S = 300
# What the image depends on besides the wheel: the runtime it was made with and its maker.
SNAPSHOT_INPUTS = ("pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "package.json")
# The same snapshot in the offline copy's payload (restored on the page's main thread there).
OFFLINE_SNAPSHOT = "snapshot.bin"

# A fixed zip timestamp makes the wheel, and so its sha256 in the lock file, reproducible.
SOURCE_DATE_EPOCH = "315532800"  # 1980-01-01, the earliest date a zip can hold

# A marker may sit alone in a paragraph; swallow the <p> so the widget is not nested in one.
MARKER = re.compile(r"(?:<p>\s*)?<!--\s*gist:([\w-]*)\s*([^\s>]*)\s*-->(?:\s*</p>)?")
# Elements whose URL the browser fetches on its own, and the attribute holding it.
FETCHED = {
    "script": "src",
    "img": "src",
    "iframe": "src",
    "source": "src",
    "audio": "src",
    "video": "src",
    "embed": "src",
    "object": "data",
}
FETCHED_LINK_RELS = {"stylesheet", "preload", "modulepreload", "prefetch", "icon", "manifest"}
# Build leftovers and tool caches (any name starting with a dot) are not part of the source.
SKIPPED_PARTS = {"build", "dist", "__pycache__"}


@dataclass
class _Build:
    """What on_config found, for the later events of the same build."""

    root: Path = field(default_factory=Path)  # the checkout: mkdocs.yml's folder
    render: ModuleType | None = None  # gist_calculator.render, freshly imported
    offline: bool = False  # building the offline copy (Material's offline plugin enabled)
    download: Path | None = None  # the offline zip to publish beside the online site
    wheel: Path | None = None  # the calculator's wheel, built in on_config (online copy)
    snapshot: Path | None = None  # the memory snapshot to ship (online copy), if any
    stdlib: Path | None = None  # the trimmed standard library (hooks/trimmed_stdlib.py)
    links: dict[str, tuple[Page, list[str]]] = field(default_factory=dict)  # generated links
    serving: bool = False  # `mkdocs serve`: the dev server injects its reload script


_build = _Build()


def on_startup(*, command: str, **_: Any) -> None:
    """`mkdocs serve` adds an inline reload script that changes on every request, so no hash
    can allow it: served pages (never the built site) allow inline scripts instead."""
    _build.serving = command == "serve"


# ---------------------------------------------------------------- configuration


@event_priority(100)  # before Material's offline plugin, which reads extra.polyfills
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Import the calculator from this checkout, fresh on every (re)build.

    The pages are rendered with the same source the wheel is built from, and `mkdocs serve`
    picks up edits to the package without a restart.
    """
    _build.root = Path(os.path.abspath(config.config_file_path)).parent
    source = _build.root / "calculator" / "src"
    if source.is_dir() and str(source) not in sys.path:
        sys.path.insert(0, str(source))
    for name in [m for m in sys.modules if m == PACKAGE or m.startswith(PACKAGE + ".")]:
        del sys.modules[name]
    try:
        _build.render = importlib.import_module(f"{PACKAGE}.render")
    except ImportError as error:
        raise PluginError(
            f"The calculator package could not be imported ({error}). It should be in "
            f"{source}; run 'make venv' to set up the environment."
        ) from error
    _build.offline = offline_enabled(config)
    _build.download = None if _build.offline else download_zip(_build.root)
    _build.wheel = _build.snapshot = None  # this build's, set by configure_online
    if _build.offline:
        configure_offline(config)
    else:
        configure_online(config)
    return config


def offline_enabled(config: MkDocsConfig) -> bool:
    """Whether this is the offline copy: Material's offline plugin decides (OFFLINE=true)."""
    plugin = config.plugins.get("material/offline") or config.plugins.get("offline")
    return bool(plugin is not None and getattr(plugin.config, "enabled", False))


def configure_online(config: MkDocsConfig) -> None:
    """Build the wheel and the memory snapshot now, so that every page can name both.

    overrides/main.html writes them into a <meta name="gist-boot"> that gist-loader.js reads:
    the worker asks for every file at once, with no manifest to fetch first. Paths are
    relative to assets/pyodide/; both carry a digest, so a page never pairs with stale files.
    """
    _build.wheel = wheel = built_wheel(_build.root / "calculator")
    digest = hashlib.sha256(wheel.read_bytes()).hexdigest()
    boot: dict[str, str] = {"wheel": wheel_path(wheel, digest)}
    _build.stdlib = stdlib_for(wheel, digest)
    if _build.stdlib is not None:
        boot["stdlib"] = trimmed_stdlib.stdlib_site_path(_build.stdlib)
    _build.snapshot = None
    if snapshot_wanted():
        snapshot_id, _build.snapshot = built_snapshot(_build.root, wheel, digest)
        boot["snapshot"] = f"{SNAPSHOT_DIR}/{snapshot_id}.bin.gz"
        boot["snapshot_id"] = snapshot_id
    config.extra["gist_boot"] = {**boot, "bytes": expected_bytes(wheel)}


def expected_bytes(wheel: Path) -> dict[str, int]:
    """What the page's progress bar expects to receive (decoded), without and with snapshot."""
    pyodide = _build.root / "node_modules" / "pyodide"
    stdlib = _build.stdlib or pyodide / trimmed_stdlib.FULL_STDLIB
    common = sum(
        path.stat().st_size
        for path in (pyodide / "pyodide.asm.wasm", pyodide / LOCK_FILE, stdlib)
        if path.is_file()
    )
    sizes = {"boot": common + wheel.stat().st_size}
    if _build.snapshot is not None:
        sizes["snapshot"] = common + _build.snapshot.stat().st_size
    return sizes


def stdlib_for(wheel: Path, digest: str) -> Path | None:
    """The trimmed standard library for this wheel (None: GIST_STDLIB=full, the whole one)."""
    if not trimmed_stdlib.trimmed_wanted():
        return None
    try:
        return trimmed_stdlib.trimmed_stdlib(_build.root, wheel, digest)
    except trimmed_stdlib.TrimError as error:
        raise PluginError(str(error)) from error


def wheel_path(wheel: Path, digest: str) -> str:
    """Where the wheel goes inside assets/pyodide/.

    The digest in the path keeps a browser from pairing a new lock file with a cached old
    wheel (the integrity check would fail).
    """
    return f"wheels/{digest[:16]}/{wheel.name}"


def snapshot_wanted() -> bool:
    """Unless GIST_SNAPSHOT says no: then the pages boot Python normally, and no Node is needed."""
    return os.environ.get(SNAPSHOT_ENV, "1").strip().lower() not in {"0", "false", "no", "off"}


def built_snapshot(root: Path, wheel: Path, wheel_digest: str) -> tuple[str, Path]:
    """The gzipped memory snapshot and its id, made once per wheel and Pyodide (cached).

    Pyodide's snapshot API is private: the page checks the id and falls back to a normal boot
    on any failure, so a snapshot only ever makes the calculator start sooner.
    """
    pyodide = root / "node_modules" / "pyodide"
    script = root / SNAPSHOT_SCRIPT
    key = hashlib.sha256(wheel_digest.encode() + b"\0")
    for path in [script, *(pyodide / name for name in SNAPSHOT_INPUTS)]:
        if not path.is_file():
            raise PluginError(f"{path} is missing; run 'make node' (npm ci).")
        key.update(path.name.encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    stdlib = stdlib_for(wheel, wheel_digest) or pyodide / trimmed_stdlib.FULL_STDLIB
    key.update(b"stdlib\0" + hashlib.sha256(stdlib.read_bytes()).digest())
    snapshot_id = key.hexdigest()[:16]
    cache = Path(tempfile.gettempdir()) / "gist-site-snapshots" / f"{snapshot_id}.bin.gz"
    if cache.is_file():
        return snapshot_id, cache
    node = shutil.which("node")
    if node is None:
        raise PluginError(
            "Node.js is needed to make the Pyodide memory snapshot and 'node' was not found; "
            f"run 'make node', or build without the snapshot: {SNAPSHOT_ENV}=0."
        )
    cache.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="gist-snapshot-", dir=cache.parent) as tmp:
        out = Path(tmp) / cache.name
        command = [node, str(script), str(pyodide), str(wheel), snapshot_id, str(out), str(stdlib)]
        try:
            done = subprocess.run(
                command, capture_output=True, text=True, timeout=SNAPSHOT_TIMEOUT_S, check=False
            )
        except subprocess.TimeoutExpired as error:
            raise PluginError(f"Making the memory snapshot took over {error.timeout} s.") from error
        if done.returncode != 0 or not out.is_file():
            raise PluginError(
                "Making the Pyodide memory snapshot failed (build without it with "
                f"{SNAPSHOT_ENV}=0):\n{done.stdout}{done.stderr}"
            )
        out.replace(cache)
    log.info("Made the memory snapshot %s (%s)", snapshot_id, done.stdout.strip())
    return snapshot_id, cache


def configure_offline(config: MkDocsConfig) -> None:
    """What a page opened from disk needs, and nothing that only works from a server."""
    features = config.theme.get("features") or []
    config.theme["features"] = [
        feature for feature in features if not feature.startswith(ONLINE_ONLY_FEATURE_PREFIX)
    ]
    polyfills = list(config.extra.get("polyfills") or [])
    if IFRAME_WORKER_SHIM not in polyfills:
        config.extra["polyfills"] = [*polyfills, IFRAME_WORKER_SHIM]
    # Before gist-loader.js, which looks for the payload the manifest announces.
    if OFFLINE_MANIFEST not in [str(script) for script in config.extra_javascript]:
        config.extra_javascript.insert(0, ExtraScriptValue(OFFLINE_MANIFEST))


def download_zip(root: Path) -> Path | None:
    """The offline zip named by GIST_OFFLINE_ZIP, to publish beside the site; None if unset."""
    named = os.environ.get(DOWNLOAD_ENV, "").strip()
    if not named:
        return None
    path = Path(named) if os.path.isabs(named) else root / named
    if not path.is_file() or not zipfile.is_zipfile(path):
        raise PluginError(
            f"{DOWNLOAD_ENV}={named!r} is not a zip file; run 'make offline' to build "
            f"dist/{DOWNLOAD_NAME} first, or unset {DOWNLOAD_ENV}."
        )
    return path


# ---------------------------------------------------------------- pages


def glossary() -> dict[str, str]:
    """The site's abbreviations (docs/includes/abbreviations.md), for the widget's own list."""
    source = _build.root / "docs" / "includes" / "abbreviations.md"
    lines = source.read_text(encoding="utf-8").splitlines() if source.is_file() else []
    return dict(re.findall(r"^\*\[([^\]]+)\]:\s*(.+)$", "\n".join(lines), re.MULTILINE))


def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files: Files, **_: Any) -> str:
    """Replace the gist markers with the package's HTML."""
    render = _require_render()
    src = f"docs/{page.file.src_uri}"
    page_id = Path(page.file.src_uri).with_suffix("").as_posix()
    preset = page.meta.get("widget")
    site_url = config.site_url or ""
    widgets = 0
    generated: list[str] = []

    def replace(match: re.Match[str]) -> str:
        if match.group(1) == "download" and not match.group(2):
            return download_html(page, site_url)  # links to a file, not a page: not checked
        fragment = _fragment(match)
        generated.extend(_parse(fragment).links)
        return fragment

    def _fragment(match: re.Match[str]) -> str:
        nonlocal widgets
        kind, argument = match.group(1), match.group(2)
        if kind == "widget" and not argument:
            widgets += 1
            if widgets > 1:
                raise PluginError(f"{src}: only one <!-- gist:widget --> marker per page.")
            if preset is None:
                raise PluginError(
                    f"{src}: the page has a <!-- gist:widget --> marker but no 'widget:' "
                    "preset in its front matter."
                )
            if not isinstance(preset, Mapping):
                raise PluginError(
                    f"{src}: the front matter 'widget:' must be a mapping of form fields to "
                    f"values, not {type(preset).__name__}."
                )
            try:
                return str(
                    render.widget_html(
                        preset,
                        page_id=page_id,
                        section_urls=section_urls(page, files),
                        compact=page.meta.get("widget_compact") is True,
                        glossary=glossary(),
                    )
                )
            except ValueError as error:
                raise PluginError(
                    f"{src}: the front matter 'widget:' preset is invalid: {error}"
                ) from error
        if kind == "table" and argument:
            try:
                return str(render.table_html(argument))
            except ValueError as error:
                raise PluginError(f"{src}: <!-- gist:table {argument} -->: {error}") from error
        if kind == "versions" and not argument:
            return str(render.versions_html())
        if kind == "rules" and not argument:
            return str(render.rules_html())  # every treatment rule, from the package's table
        raise PluginError(
            f"{src}: unknown marker {match.group(0).strip()!r}; expected <!-- gist:widget -->, "
            "<!-- gist:table ID -->, <!-- gist:versions -->, <!-- gist:rules --> or "
            "<!-- gist:download -->."
        )

    html = MARKER.sub(replace, html)
    if widgets:
        page.meta["gist_widget"] = True  # lets the template start fetching Pyodide early
    elif preset is not None:
        raise PluginError(
            f"{src}: the front matter has a 'widget:' preset but the page has no "
            "<!-- gist:widget --> marker to show it."
        )
    elif page_id in GUIDELINE_PAGES:
        raise PluginError(
            f"{src}: every guideline page needs a 'widget:' preset in its front matter and "
            "a <!-- gist:widget --> marker."
        )
    # MkDocs collected the anchors before this hook ran; add the generated ones so links to
    # them pass `validation: anchors`.
    if page.present_anchor_ids is not None:
        page.present_anchor_ids |= _parse(html).ids
    _build.links[page.file.src_uri] = (page, generated)
    return html


def on_env(env: Any, *, files: Files, **_: Any) -> Any:
    """Check the links in the package's HTML as MkDocs checks those in the Markdown.

    Runs once every page is rendered, so every page's anchors are known. A warning fails
    `mkdocs build --strict`.
    """
    pages = {file.url: file.page for file in files.documentation_pages() if file.page}
    for page, links in _build.links.values():
        base = "/" + page.url
        for link in links:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or link.startswith("/"):
                continue
            target_url = urlsplit(urljoin(base, link)).path.lstrip("/")
            target = pages.get(target_url) or pages.get(unquote(target_url))
            if target is None:
                log.warning(
                    "docs/%s: the calculator's HTML links to '%s', which is not a page.",
                    page.file.src_uri,
                    link,
                )
            elif (
                parts.fragment
                and target.present_anchor_ids is not None
                and parts.fragment not in target.present_anchor_ids
            ):
                log.warning(
                    "docs/%s: the calculator's HTML links to '%s', but docs/%s has no "
                    "anchor '#%s'.",
                    page.file.src_uri,
                    link,
                    target.file.src_uri,
                    parts.fragment,
                )
    return env


def download_html(page: Page, site_url: str) -> str:
    """The offer of the offline copy: a link to the zip online, a note in the copy itself."""
    if _build.offline:
        note = (
            "You are reading the downloaded copy of this guide: its pages and its search work "
            "without an internet connection, and so does the calculator in browsers built on "
            "Chromium, such as Chrome and Edge."
        )
        parts = urlsplit(site_url)
        if parts.scheme == "https" and parts.hostname not in {"localhost", "127.0.0.1"}:
            url = html_escape(site_url)
            note += f' The online version, which may be newer, is at <a href="{url}">{url}</a>.'
        return f'<p class="gist-download" data-gist-download="copy">{note}</p>'
    if _build.download is None:
        return (
            '<p class="gist-download" data-gist-download="none">The published site offers '
            "this guide as a zip file to read without an internet connection; this build was "
            "made without it (<code>make offline</code> makes one).</p>"
        )
    href = html_escape(get_relative_url(DOWNLOAD_NAME, page.url))
    size = f"{_build.download.stat().st_size / 1_000_000:.0f} MB"
    return (
        f'<p class="gist-download" data-gist-download="zip"><a href="{href}" download>'
        f"Download this guide</a> to read it without an internet connection (a zip file of "
        f"{size}). Unzip it and open <code>index.html</code> in the folder it holds: the "
        "pages, the search and the calculator then work without a connection. The calculator "
        "in the download was checked in Chromium, the engine of Chrome and Edge; where another "
        "browser cannot start it, the page says what to do instead.</p>"
    )


def section_urls(page: Page, files: Files) -> dict[str, str]:
    """URL of each section page relative to `page`, for either `use_directory_urls` value."""
    urls = {}
    for section in SECTION_IDS:
        target = files.get_file_from_path(f"{section}.md")
        if target is None:
            raise PluginError(f"docs/{section}.md is missing; the calculator's results link to it.")
        urls[section] = target.url_relative_to(page.file)
    return urls


@event_priority(-100)  # last, so the policy hashes the inline scripts as they finally are
def on_post_page(output: str, *, page: Page, **_: Any) -> str:
    """Fail the build when a page would fetch anything from another site; add the CSP."""
    for url in _fetched_urls(output):
        parts = urlsplit(url)
        if parts.netloc or parts.scheme in {"http", "https", "ftp"}:
            raise PluginError(
                f"docs/{page.file.src_uri}: the page would load {url!r} by an absolute URL. "
                "Everything the site loads must come from the site itself, by a relative URL."
            )
    return page_with_csp(output, f"docs/{page.file.src_uri}")


@event_priority(-100)
def on_post_template(output_content: str, *, template_name: str, **_: Any) -> str:
    """The 404 page gets the same policy as the others."""
    if not template_name.endswith(".html"):
        return output_content
    return page_with_csp(output_content, template_name)


def page_with_csp(html: str, where: str) -> str:
    hashes = inline_script_hashes(html)
    if _build.offline and "iframe-worker" in html:
        hashes += iframe_worker_hashes(html, _iframe_worker_shim())
    if _build.serving:
        hashes = ["'unsafe-inline'"]  # with a hash present, browsers ignore 'unsafe-inline'
    return with_csp(html, hashes, offline=_build.offline, where=where)


def _iframe_worker_shim() -> str:
    shim = _build.root / IFRAME_WORKER_SOURCE
    if not shim.is_file():
        raise PluginError(f"{shim} is missing (the offline search needs it); run 'make node'.")
    return shim.read_text(encoding="utf-8")


# ---------------------------------------------------------------- Content-Security-Policy

# Every page carries a Content-Security-Policy as its first meta tag after the charset: the
# site's own files, Material's inline scripts by their sha256 hashes (computed per page,
# after it is rendered), and WebAssembly for Pyodide ('wasm-unsafe-eval'); nothing from
# elsewhere, no 'unsafe-inline' or 'unsafe-eval'. The offline copy, read from disk, also
# needs blob: (Pyodide's files are unpacked into blob: URLs, then imported and fetched) and
# the hash of the inline script the iframe-worker shim writes into its frame for search.
CSP_BASE = {
    "default-src": "'self'",
    "script-src": "'self' 'wasm-unsafe-eval'",
    "style-src": "'self'",
    "img-src": "'self' data:",  # Material's icons are data: SVGs in its CSS
    "font-src": "'self'",
    "connect-src": "'self'",
    "worker-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
}
CSP_OFFLINE_EXTRA = {"script-src": "blob:", "connect-src": "blob:"}
_INLINE_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.IGNORECASE | re.DOTALL)
_SCRIPT_TYPE = re.compile(r"""\btype\s*=\s*["']?([^"'\s>]+)""", re.IGNORECASE)
_EXECUTED_TYPES = {"", "text/javascript", "application/javascript", "module"}
_CHARSET_META = re.compile(r"<meta\s+charset=[\"']?utf-8[\"']?\s*/?>", re.IGNORECASE)
_CONFIG_JSON = re.compile(
    r'<script id="__config" type="application/json">(.*?)</script>', re.DOTALL
)


def inline_script_hashes(html: str) -> list[str]:
    """The CSP hash source of every inline script the browser would run, in page order."""
    hashes = []
    for match in _INLINE_SCRIPT.finditer(html):
        attributes, body = match.group(1), match.group(2)
        if re.search(r"\bsrc\s*=", attributes, re.IGNORECASE):
            continue
        kind = _SCRIPT_TYPE.search(attributes)
        if (kind.group(1).lower() if kind else "") in _EXECUTED_TYPES:
            hashes.append(csp_hash(body))
    return hashes


def csp_hash(script: str) -> str:
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    return f"'sha256-{digest}'"


def content_security_policy(hashes: list[str], *, offline: bool) -> str:
    directives = dict(CSP_BASE)
    if offline:
        for name, extra in CSP_OFFLINE_EXTRA.items():
            directives[name] += " " + extra
    directives["script-src"] += "".join(f" {h}" for h in dict.fromkeys(hashes))
    return "; ".join(f"{name} {sources}" for name, sources in directives.items())


def with_csp(html: str, hashes: list[str], *, offline: bool, where: str) -> str:
    """The page with its policy right after <meta charset>, before anything it governs."""
    charset = _CHARSET_META.search(html)
    if charset is None:
        raise PluginError(f"{where}: no <meta charset=utf-8> to put the security policy after.")
    policy = html_escape(content_security_policy(hashes, offline=offline), quote=False)
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy}">'
    return html[: charset.end()] + meta + html[charset.end() :]


def _search_worker_url(html: str) -> str | None:
    config = _CONFIG_JSON.search(html)
    try:
        url = json.loads(config.group(1)).get("search") if config else None
    except ValueError:
        return None
    return url if isinstance(url, str) else None


def iframe_worker_hashes(html: str, shim: str) -> list[str]:
    """The hash of the script the iframe-worker shim writes into its frame, for this page.

    The shim (file:// only) runs Material's search worker in a hidden same-origin frame: it
    writes `<script>postMessage=${c};importScripts=${d};...filename:"${url}"...</script>`,
    with the sources of its own functions c and d and the worker's URL from the page's
    configuration. The frame inherits the page's policy, so that script needs its hash.
    """
    template = re.search(r"<html><body><script>(.*?)<\\/script>", shim)
    worker = _search_worker_url(html)
    names = list(dict.fromkeys(re.findall(r"\$\{(\w+)\}", template.group(1)))) if template else []
    sources = {name: _function_source(shim, name) for name in names}
    urls = [name for name, source in sources.items() if source is None]
    if template is None or worker is None or len(urls) != 1:
        raise PluginError(
            "The iframe-worker shim or the page's search worker URL has changed shape: the "
            "offline copy's security policy cannot allow the search frame's script."
        )
    script = template.group(1)
    for name, source in sources.items():
        script = script.replace("${" + name + "}", worker if source is None else source)
    return [csp_hash(script)]


def _function_source(code: str, name: str) -> str | None:
    """`function name(...){...}` as written in code (what the function's toString gives)."""
    start = code.find(f"function {name}(")
    if start == -1:
        return None
    depth, index = 0, code.index("{", start)
    while True:
        depth += {"{": 1, "}": -1}.get(code[index], 0)
        index += 1
        if depth == 0:
            return code[start:index]


# ---------------------------------------------------------------- after the build


def on_post_build(config: MkDocsConfig) -> None:
    """Ship Pyodide, the calculator's wheel and the memory snapshot inside the built site."""
    target = Path(config.site_dir) / PYODIDE_SITE_DIR
    target.mkdir(parents=True, exist_ok=True)
    pyodide = _build.root / "node_modules" / "pyodide"
    missing = [name for name in (*PYODIDE_FILES, LOCK_FILE) if not (pyodide / name).is_file()]
    if missing:
        raise PluginError(
            f"Pyodide's files are missing from {pyodide} ({', '.join(missing)}); "
            "run 'make node' (npm ci)."
        )
    wheel = _build.wheel or built_wheel(_build.root / "calculator")
    if _build.offline:
        write_offline_payload(Path(config.site_dir), pyodide, wheel)
        return
    for name in PYODIDE_FILES:
        _copy_if_changed(pyodide / name, target / name)
    if _build.download is not None:
        shutil.copyfile(_build.download, Path(config.site_dir) / DOWNLOAD_NAME)
        log.info("Published %s beside the site", _build.download)

    digest = hashlib.sha256(wheel.read_bytes()).hexdigest()
    relative = wheel_path(wheel, digest)
    _copy_if_changed(wheel, target / relative)
    boot = config.extra.get("gist_boot") or {}
    if _build.stdlib is not None and boot.get("stdlib"):
        _copy_if_changed(_build.stdlib, target / boot["stdlib"])
    if _build.snapshot is not None and boot.get("snapshot"):
        _copy_if_changed(_build.snapshot, target / boot["snapshot"])

    lock = json.loads((pyodide / LOCK_FILE).read_text(encoding="utf-8"))
    lock["packages"][DISTRIBUTION] = lock_entry(wheel, relative, digest)
    (target / LOCK_FILE).write_text(
        json.dumps(lock, separators=(",", ":"), sort_keys=True), encoding="utf-8"
    )
    log.info("Shipped Pyodide and %s as %s/%s", wheel.name, PYODIDE_SITE_DIR, relative)


def write_offline_payload(site_dir: Path, pyodide: Path, wheel: Path) -> None:
    """Pyodide, its stdlib, the wheel and the snapshot as classic scripts, for pages on disk.

    Only pyodide.js (itself a classic script) stays a plain file; nothing else of Pyodide's
    is needed next to it, since gist-loader.js never fetches from assets/pyodide/ offline.
    """
    _copy_if_changed(pyodide / "pyodide.js", site_dir / PYODIDE_SITE_DIR / "pyodide.js")
    shim = _build.root / IFRAME_WORKER_SOURCE
    if not shim.is_file():
        raise PluginError(f"{shim} is missing (the offline search needs it); run 'make node'.")
    shim_target = site_dir / IFRAME_WORKER_SHIM
    shim_target.parent.mkdir(parents=True, exist_ok=True)
    shim_target.write_text(
        "/* iframe-worker 1.0.4 (MIT licence, Martin Donath), from npm */\n"
        + shim.read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    target = site_dir / OFFLINE_SITE_DIR
    target.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256(wheel.read_bytes()).hexdigest()
    stdlib = stdlib_for(wheel, digest)
    sources = [
        (pyodide / name if stdlib is None or name != "python_stdlib.zip" else stdlib, name, k, p)
        for name, k, p in OFFLINE_PAYLOAD
    ]
    sources.append((wheel, wheel.name, "application/zip", False))  # a wheel is compressed
    files = {}
    for source, name, kind, packed in sources:
        data = source.read_bytes()
        if packed:
            data = gzip.compress(data, compresslevel=9, mtime=0)
        files[name] = _payload_script(target, name, data, kind, packed)
    manifest: dict[str, Any] = {
        "pyodide": _pyodide_version(pyodide),
        "wheel": wheel.name,
        "files": files,
    }
    if snapshot_wanted():
        # The memory snapshot, so that the copy starts Python in a fraction of a boot. It is
        # gzipped already: shipped as it is, and unzipped by the page like the others.
        snapshot_id, snapshot = built_snapshot(_build.root, wheel, digest)
        files[OFFLINE_SNAPSHOT] = _payload_script(
            target, OFFLINE_SNAPSHOT, snapshot.read_bytes(), "application/octet-stream", True
        )
        manifest["snapshot"] = {"file": OFFLINE_SNAPSHOT, "id": snapshot_id}
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


def lock_entry(wheel: Path, file_name: str, sha256: str) -> dict[str, Any]:
    """The pyodide-lock.json entry that lets the page `loadPackage("gist-calculator")`."""
    version = wheel.name.split("-")[1]
    return {
        "name": DISTRIBUTION,
        "version": version,
        "file_name": file_name,
        "install_dir": "site",
        "sha256": sha256,
        "package_type": "package",
        "imports": [PACKAGE],
        "depends": [],
        "unvendored_tests": False,
        "tool": {},
    }


def built_wheel(project: Path) -> Path:
    """The calculator's wheel, built once per distinct source (cached by content hash)."""
    key = _tree_digest(project)
    cache = Path(tempfile.gettempdir()) / "gist-site-wheels" / key
    wheels = sorted(cache.glob("*.whl"))
    if len(wheels) == 1:
        return wheels[0]
    with tempfile.TemporaryDirectory(prefix="gist-wheel-") as tmp:
        # Build from a copy so setuptools leaves no build/ or egg-info in the checkout.
        source = Path(tmp) / "calculator"
        shutil.copytree(project, source, ignore=_ignore_build_leftovers)
        out = Path(tmp) / "out"
        command = [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-index",
            "--no-build-isolation",
            "--disable-pip-version-check",
            "--wheel-dir",
            str(out),
            str(source),
        ]
        env = {**os.environ, "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH}
        done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
        built = sorted(out.glob("*.whl"))
        if done.returncode != 0 or len(built) != 1:
            raise PluginError(
                "Building the calculator's wheel failed (is setuptools installed? run "
                f"'make venv'):\n{done.stdout}{done.stderr}"
            )
        _check_wheel(built[0], project / "src" / PACKAGE)
        staged = Path(tmp) / "staged"
        staged.mkdir()
        shutil.copy2(built[0], staged / built[0].name)
        cache.parent.mkdir(parents=True, exist_ok=True)
        try:
            staged.rename(cache)
        except OSError:  # another build filled the cache first
            if not cache.is_dir():
                raise
    return next(cache.glob("*.whl"))


def _check_wheel(wheel: Path, package_dir: Path) -> None:
    """Pyodide can only install a pure wheel; a file left out would break the browser only."""
    if not wheel.name.endswith("-py3-none-any.whl"):
        raise PluginError(f"The calculator's wheel {wheel.name} is not pure Python.")
    with zipfile.ZipFile(wheel) as archive:
        inside = set(archive.namelist())
    expected = {
        f"{PACKAGE}/{path.relative_to(package_dir).as_posix()}"
        for path in _source_files(package_dir)
    }
    left_out = sorted(expected - inside)
    if left_out or f"{PACKAGE}/bridge.py" not in inside:
        raise PluginError(
            f"The calculator's wheel {wheel.name} lacks files the browser needs: "
            f"{', '.join(left_out) or PACKAGE + '/bridge.py'} (check the package data and "
            "__init__.py files in calculator/)."
        )


# ---------------------------------------------------------------- helpers


def _require_render() -> Any:
    if _build.render is None:
        raise PluginError("gist_site: on_config did not run; is the hook registered?")
    return _build.render


def _tree_digest(project: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(_source_files(project)):
        digest.update(path.relative_to(project).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()[:32]


def _source_files(project: Path) -> Iterator[Path]:
    for path in project.rglob("*"):
        parts = path.relative_to(project).parts
        if path.is_file() and not any(_skipped(part) for part in parts):
            yield path


def _skipped(name: str) -> bool:
    return name in SKIPPED_PARTS or name.startswith(".") or name.endswith((".egg-info", ".pyc"))


def _ignore_build_leftovers(_directory: str, names: list[str]) -> set[str]:
    return {name for name in names if _skipped(name)}


def _copy_if_changed(source: Path, target: Path) -> None:
    """Copy unless an identical file (same size and time) is there from the last build."""
    if target.is_file():
        old, new = target.stat(), source.stat()
        if old.st_size == new.st_size and int(old.st_mtime) == int(new.st_mtime):
            return
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(source, target)


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.fetched: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {key: value or "" for key, value in attrs}
        if values.get("id"):
            self.ids.add(values["id"])
        if tag == "a" and values.get("name"):
            self.ids.add(values["name"])
        if tag == "a" and values.get("href"):
            self.links.append(values["href"])
        if tag in FETCHED and values.get(FETCHED[tag]):
            self.fetched.append(values[FETCHED[tag]])
        if tag == "link" and set(values.get("rel", "").lower().split()) & FETCHED_LINK_RELS:
            self.fetched.append(values.get("href", ""))
        for candidate in values.get("srcset", "").split(","):
            if candidate.strip():
                self.fetched.append(candidate.split()[0])


def _parse(html: str) -> _Collector:
    collector = _Collector()
    collector.feed(html)
    collector.close()
    return collector


def _fetched_urls(html: str) -> list[str]:
    return _parse(html).fetched
