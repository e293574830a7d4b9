"""The offline zip and the online site, read without a browser.

The zip must hold one folder with index.html and every page, within the size budget, with
Pyodide's files carried as scripts that decode to the very files npm installed; every page
must fetch only files inside the folder. The online site must carry none of that payload, and
the Pages build must publish the zip beside the site and link to it from Home and Sources.
"""

from __future__ import annotations

import base64
import gzip
import io
import json
import re
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from offline_support import (
    FOLDER,
    OFFLINE_ONLY_DIRS,
    OFFLINE_ONLY_FILES,
    OFFLINE_ONLY_WORDS,
    PAGES,
    PYODIDE_DIR,
    REPORT,
    SIZE_LIMIT,
    ZIP_NAME,
)

from gist_calculator.render import MESSAGES

# The files the offline loader needs from the payload, by the name it asks for.
PAYLOAD_FROM_NPM = ("pyodide.asm.mjs", "pyodide.asm.wasm")
# The standard library is the build's trimmed one (hooks/trimmed_stdlib.py), as online.
STDLIB = "python_stdlib.zip"
TEXT_SUFFIXES = {".html", ".js", ".mjs", ".css", ".json", ".xml", ".txt", ".map"}
PAYLOAD_SCRIPT = re.compile(
    r'^\(window\.gistOfflineData = window\.gistOfflineData \|\| \{\}\)\[("[^"]+")\] = '
    r'"([A-Za-z0-9+/=]*)";\n$'
)


class _Page(HTMLParser):
    """What a page fetches by itself, its links, and a few attributes the tests read."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.fetched: list[str] = []
        self.links: list[dict[str, str]] = []
        self.downloads: list[dict[str, str]] = []
        self.widgets: list[dict[str, str]] = []
        self.config = ""
        self._in_config = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {key: value or "" for key, value in attrs}
        fetching = {"script", "img", "iframe", "source", "audio", "video", "embed"}
        if tag in fetching and values.get("src"):
            self.fetched.append(values["src"])
        if tag == "link" and values.get("href"):
            rels = set(values.get("rel", "").lower().split())
            if rels & {"stylesheet", "preload", "modulepreload", "prefetch", "icon", "manifest"}:
                self.fetched.append(values["href"])
        if tag == "a":
            self.links.append(values)
        if "data-gist-download" in values:
            self.downloads.append(values)
        if "data-gist-widget" in values:
            self.widgets.append(values)
        self._in_config = tag == "script" and values.get("id") == "__config"

    def handle_data(self, data: str) -> None:
        if self._in_config:
            self.config += data

    def handle_endtag(self, _tag: str) -> None:
        self._in_config = False


def read_page(path: Path) -> _Page:
    parser = _Page()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return parser


def text_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file() and p.suffix in TEXT_SUFFIXES)


# ---------------------------------------------------------------- the zip


def test_zip_holds_one_folder_with_index_html_and_every_page(offline_zip: Path) -> None:
    with zipfile.ZipFile(offline_zip) as archive:
        names = archive.namelist()
    tops = {name.split("/", 1)[0] for name in names}
    assert tops == {FOLDER}, f"the zip should hold one folder, not {sorted(tops)}"
    for page in PAGES:
        assert f"{FOLDER}/{page}.html" in names, f"{page}.html is missing from the zip"


def test_zip_fits_the_size_budget(offline_zip: Path) -> None:
    size = offline_zip.stat().st_size
    REPORT["zip size"] = f"{size / 1e6:.1f} MB ({size} bytes)"
    assert size <= SIZE_LIMIT, f"the zip is {size / 1e6:.1f} MB, over {SIZE_LIMIT / 1e6:.0f} MB"


# ---------------------------------------------------------------- the unzipped copy


@pytest.mark.parametrize("page", PAGES)
def test_page_fetches_only_files_inside_the_copy(unzipped: Path, page: str) -> None:
    path = unzipped / f"{page}.html"
    found = read_page(path)
    problems = []
    for url in found.fetched:
        parts = urlsplit(url)
        if parts.scheme == "data":
            continue
        if parts.scheme or parts.netloc or url.startswith("/"):
            problems.append(f"absolute URL {url!r}")
            continue
        target = Path(unquote(urlsplit(urljoin(path.as_uri(), url)).path))
        if not target.is_file() or unzipped not in target.parents:
            problems.append(f"{url!r} is not a file in the copy")
    assert not problems, "\n".join(problems)
    assert any("pyodide-offline/manifest.js" in url for url in found.fetched)
    assert any("iframe-worker" in url for url in found.fetched), "no vendored search shim"


@pytest.mark.parametrize("page", PAGES)
def test_page_has_no_instant_navigation_and_no_preloads(unzipped: Path, page: str) -> None:
    found = read_page(unzipped / f"{page}.html")
    features = json.loads(found.config)["features"]
    assert not [f for f in features if f.startswith("navigation.instant")], features
    assert not [u for u in found.fetched if "assets/pyodide/pyodide.asm" in u]


def test_no_page_names_a_cdn(unzipped: Path) -> None:
    """Material's offline plugin adds an unpkg URL for its search shim unless it is vendored."""
    named = [
        str(p.relative_to(unzipped))
        for p in sorted(unzipped.rglob("*.html"))
        if re.search(r"unpkg\.com|jsdelivr\.net", p.read_text(encoding="utf-8"))
    ]
    assert not named, named


def test_search_index_is_inlined_for_file_urls(unzipped: Path) -> None:
    script = unzipped / "search" / "search_index.js"
    assert script.is_file()
    assert script.read_text(encoding="utf-8").startswith("var __index = {")


def _payload(unzipped: Path) -> tuple[dict[str, Any], dict[str, bytes]]:
    manifest_js = (unzipped / "assets" / "pyodide-offline" / "manifest.js").read_text("utf-8")
    match = re.search(r"window\.gistOfflinePayload = (\{.*\});\n", manifest_js)
    assert match, "manifest.js does not set window.gistOfflinePayload"
    manifest = json.loads(match.group(1))
    decoded = {}
    for name, entry in manifest["files"].items():
        text = (unzipped / "assets" / "pyodide-offline" / entry["script"]).read_text("ascii")
        script = PAYLOAD_SCRIPT.match(text)
        assert script, f"{entry['script']} is not a payload script"
        assert json.loads(script.group(1)) == name
        data = base64.b64decode(script.group(2), validate=True)
        decoded[name] = gzip.decompress(data) if entry["gzip"] else data
    return manifest, decoded


def test_payload_decodes_to_the_installed_pyodide_files(unzipped: Path) -> None:
    manifest, decoded = _payload(unzipped)
    npm = json.loads((PYODIDE_DIR / "package.json").read_text(encoding="utf-8"))
    assert manifest["pyodide"] == npm["version"]
    for name in PAYLOAD_FROM_NPM:
        assert decoded[name] == (PYODIDE_DIR / name).read_bytes(), f"{name} differs from npm's"
    assert decoded["pyodide-lock.json"] == (PYODIDE_DIR / "pyodide-lock.json").read_bytes()
    with (
        zipfile.ZipFile(io.BytesIO(decoded[STDLIB])) as trimmed,
        zipfile.ZipFile(PYODIDE_DIR / STDLIB) as whole,
    ):
        kept = [name for name in trimmed.namelist() if not name.endswith("/")]
        assert kept, "the payload's standard library is empty"
        assert len(kept) < len(whole.namelist())
        for name in kept:
            # Docstrings and comments stripped, every line kept in place.
            ours, theirs = trimmed.read(name), whole.read(name)
            assert ours.count(b"\n") == theirs.count(b"\n"), f"{STDLIB}: {name} lost lines"
    kinds = {name: entry["type"] for name, entry in manifest["files"].items()}
    assert kinds["pyodide.asm.wasm"] == "application/wasm"
    assert kinds["pyodide.asm.mjs"] == "text/javascript"


def test_payload_wheel_is_the_calculator(unzipped: Path) -> None:
    manifest, decoded = _payload(unzipped)
    wheel = str(manifest["wheel"])
    assert wheel.startswith("gist_calculator-"), wheel
    assert wheel.endswith("-py3-none-any.whl"), wheel
    with zipfile.ZipFile(io.BytesIO(decoded[wheel])) as archive:
        names = set(archive.namelist())
    assert {"gist_calculator/bridge.py", "gist_calculator/render/__init__.py"} <= names


def test_only_pyodide_js_stays_a_plain_pyodide_file(unzipped: Path) -> None:
    """The binaries travel in the payload only; a second copy would double the download."""
    shipped = sorted(p.name for p in (unzipped / "assets" / "pyodide").iterdir())
    assert shipped == ["pyodide.js"]


@pytest.mark.parametrize("page", ["index", "sources"])
def test_copy_says_it_is_the_download(unzipped: Path, page: str) -> None:
    found = read_page(unzipped / f"{page}.html")
    assert [d.get("data-gist-download") for d in found.downloads] == ["copy"]
    assert not [a for a in found.links if ZIP_NAME in a.get("href", "")]


def test_widgets_carry_the_offline_failure_message(unzipped: Path) -> None:
    for page in PAGES:
        widgets = read_page(unzipped / f"{page}.html").widgets
        assert len(widgets) == 1, page
        assert widgets[0].get("data-msg-error-offline") == MESSAGES["error_offline"], page


# ---------------------------------------------------------------- the online site


def _offline_only(root: Path) -> list[str]:
    found = [d for d in OFFLINE_ONLY_DIRS if (root / d).exists()]
    found += [f for f in OFFLINE_ONLY_FILES if (root / f).exists()]
    for path in text_files(root):
        text = path.read_text(encoding="utf-8", errors="replace")
        found += [f"{path.relative_to(root)}: {w}" for w in OFFLINE_ONLY_WORDS if w in text]
    return found


def test_the_payload_check_finds_the_payload_in_the_copy(unzipped: Path) -> None:
    found = _offline_only(unzipped)
    for what in (*OFFLINE_ONLY_DIRS, *OFFLINE_ONLY_FILES, *OFFLINE_ONLY_WORDS):
        assert any(what in line for line in found), f"{what!r} not found in the copy"


def test_online_build_has_no_offline_payload(plain_site: Path) -> None:
    assert not _offline_only(plain_site)
    assert (plain_site / "assets" / "pyodide" / "pyodide.asm.wasm").is_file()


def test_pages_build_has_no_offline_payload_but_the_zip(
    published_site: Path, offline_zip: Path
) -> None:
    assert not _offline_only(published_site)
    published = published_site / ZIP_NAME
    assert published.is_file(), "the Pages build did not publish the zip beside the site"
    assert published.read_bytes() == offline_zip.read_bytes()


@pytest.mark.parametrize("page", ["index", "sources"])
def test_pages_build_links_to_the_zip(published_site: Path, page: str) -> None:
    path = published_site / ("index.html" if page == "index" else f"{page}/index.html")
    found = read_page(path)
    assert [d.get("data-gist-download") for d in found.downloads] == ["zip"]
    links = [a for a in found.links if "data-gist-download" not in a and "download" in a]
    assert len(links) == 1, links
    href = links[0]["href"]
    assert not urlsplit(href).scheme, f"{href!r} is not relative"
    assert not href.startswith("/"), f"{href!r} is not relative"
    target = Path(unquote(urlsplit(urljoin(path.as_uri(), href)).path))
    assert target == published_site / ZIP_NAME


@pytest.mark.parametrize("page", ["index", "sources"])
def test_plain_build_links_to_no_missing_zip(plain_site: Path, page: str) -> None:
    path = plain_site / ("index.html" if page == "index" else f"{page}/index.html")
    found = read_page(path)
    assert [d.get("data-gist-download") for d in found.downloads] == ["none"]
    assert not [a for a in found.links if ZIP_NAME in a.get("href", "")]
