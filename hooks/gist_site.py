"""MkDocs hooks that join the site to the calculator package.

The pages only carry markers (``<!-- gist:widget -->``, ``<!-- gist:table ID -->``,
``<!-- gist:versions -->``); every word and number inside them comes from
``gist_calculator.render``, so the site never restates what the package computes. After the
build, the package is shipped as a wheel next to Pyodide's own files so the browser runs the
very same code. Everything lives in plain functions so a move away from MkDocs stays a thin
change.
"""

from __future__ import annotations

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
from html.parser import HTMLParser
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

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
    links: dict[str, tuple[Page, list[str]]] = field(default_factory=dict)  # generated links


_build = _Build()


# ---------------------------------------------------------------- configuration


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
    return config


# ---------------------------------------------------------------- pages


def on_page_content(html: str, *, page: Page, files: Files, **_: Any) -> str:
    """Replace the gist markers with the package's HTML."""
    render = _require_render()
    src = f"docs/{page.file.src_uri}"
    page_id = Path(page.file.src_uri).with_suffix("").as_posix()
    preset = page.meta.get("widget")
    widgets = 0
    generated: list[str] = []

    def replace(match: re.Match[str]) -> str:
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
                        preset, page_id=page_id, section_urls=section_urls(page, files)
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
        raise PluginError(
            f"{src}: unknown marker {match.group(0).strip()!r}; expected <!-- gist:widget -->, "
            "<!-- gist:table ID --> or <!-- gist:versions -->."
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


def section_urls(page: Page, files: Files) -> dict[str, str]:
    """URL of each section page relative to `page`, for either `use_directory_urls` value."""
    urls = {}
    for section in SECTION_IDS:
        target = files.get_file_from_path(f"{section}.md")
        if target is None:
            raise PluginError(f"docs/{section}.md is missing; the calculator's results link to it.")
        urls[section] = target.url_relative_to(page.file)
    return urls


def on_post_page(output: str, *, page: Page, **_: Any) -> str:
    """Fail the build when a page would fetch anything from another site."""
    for url in _fetched_urls(output):
        parts = urlsplit(url)
        if parts.netloc or parts.scheme in {"http", "https", "ftp"}:
            raise PluginError(
                f"docs/{page.file.src_uri}: the page would load {url!r} by an absolute URL. "
                "Everything the site loads must come from the site itself, by a relative URL."
            )
    return output


# ---------------------------------------------------------------- after the build


def on_post_build(config: MkDocsConfig) -> None:
    """Ship Pyodide and the calculator's wheel inside the built site."""
    target = Path(config.site_dir) / PYODIDE_SITE_DIR
    target.mkdir(parents=True, exist_ok=True)
    pyodide = _build.root / "node_modules" / "pyodide"
    missing = [name for name in (*PYODIDE_FILES, LOCK_FILE) if not (pyodide / name).is_file()]
    if missing:
        raise PluginError(
            f"Pyodide's files are missing from {pyodide} ({', '.join(missing)}); "
            "run 'make node' (npm ci)."
        )
    for name in PYODIDE_FILES:
        _copy_if_changed(pyodide / name, target / name)

    wheel = built_wheel(_build.root / "calculator")
    digest = hashlib.sha256(wheel.read_bytes()).hexdigest()
    # The digest in the path keeps a browser from pairing a new lock file with a cached
    # old wheel (the integrity check would fail).
    relative = f"wheels/{digest[:16]}/{wheel.name}"
    _copy_if_changed(wheel, target / relative)

    lock = json.loads((pyodide / LOCK_FILE).read_text(encoding="utf-8"))
    lock["packages"][DISTRIBUTION] = lock_entry(wheel, relative, digest)
    (target / LOCK_FILE).write_text(
        json.dumps(lock, separators=(",", ":"), sort_keys=True), encoding="utf-8"
    )
    log.info("Shipped Pyodide and %s as %s/%s", wheel.name, PYODIDE_SITE_DIR, relative)


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
