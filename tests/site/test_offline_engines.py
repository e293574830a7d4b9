"""The offline copy as each engine builds it, read without a browser.

tests/offline opens the MkDocs copy from disk in Chromium; this checks, for both engines, what
makes a copy work from disk at all: nothing loaded from another site (both engines' offline
plugins name a CDN for the search polyfill, which the finishing step replaces with the
vendored file), the payload announced before the loader, no instant navigation, and the
policy that lets the payload's blob: URLs run.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from site_support import PAGES

from site_build import offline, pages
from site_build.engines import build
from site_build.project import BuildError

ENGINES = ("mkdocs", "zensical")
_CONFIG = re.compile(r'<script id="__config" type="application/json">(.*?)</script>', re.DOTALL)


@pytest.fixture(scope="module", params=ENGINES)
def copy(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The offline copy built by one engine (unzipped, as a reader has it)."""
    root = tmp_path_factory.mktemp(f"offline-{request.param}") / "site"
    env = {k: v for k, v in os.environ.items() if k not in {"OFFLINE", "GIST_OFFLINE_ZIP"}}
    try:
        build(request.param, root, offline=True, environ=env)
    except BuildError as error:
        pytest.fail(f"the {request.param} offline build failed: {error}")
    return root


def _page(copy: Path, page: str) -> str:
    return (copy / f"{page}.html").read_text(encoding="utf-8")


def test_every_page_is_a_file_loading_nothing_from_elsewhere(copy: Path) -> None:
    for page in PAGES:
        html = _page(copy, page)
        assert pages.offsite_fetches(html) == [], page
        assert "unpkg" not in html, page


def test_the_search_polyfill_is_the_vendored_file(copy: Path) -> None:
    shim = copy / offline.IFRAME_WORKER_SHIM
    assert shim.is_file()
    for page in PAGES:
        assert f'src="{offline.IFRAME_WORKER_SHIM}"' in _page(copy, page), page


def test_the_payload_is_announced_before_the_loader_and_complete(copy: Path) -> None:
    manifest = (copy / offline.OFFLINE_MANIFEST).read_text(encoding="utf-8")
    payload = json.loads(manifest.split("window.gistOfflinePayload = ", 1)[1].rstrip().rstrip(";"))
    for entry in payload["files"].values():
        assert (copy / offline.OFFLINE_SITE_DIR / entry["script"]).is_file(), entry
    for page in PAGES:
        html = _page(copy, page)
        assert html.index(offline.OFFLINE_MANIFEST) < html.index(offline.LOADER), page


def test_no_instant_navigation_and_a_policy_for_blob_urls(copy: Path) -> None:
    for page in PAGES:
        html = _page(copy, page)
        config = json.loads(_CONFIG.search(html).group(1))  # type: ignore[union-attr]
        instant = [f for f in config.get("features", []) if f.startswith("navigation.instant")]
        assert instant == [], page
        policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', html)
        assert policy is not None, page
        script_src = next(d for d in policy.group(1).split("; ") if d.startswith("script-src"))
        assert "blob:" in script_src.split(), page
