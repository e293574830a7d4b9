"""The engine-neutral build (site_build/), piece by piece, without building a site.

The built sites themselves are checked by test_build.py, test_csp.py and test_browser.py for
both engines; these tests pin down the contracts that make one build serve both: the markers
link exactly as MkDocs links, a misplaced marker fails the build, the lock entry is
pyodide-lock's, and finishing a page twice changes nothing.
"""

from __future__ import annotations

import http.client
import itertools
import json
from pathlib import Path

import markdown
import pytest
from mkdocs.utils import get_relative_url
from site_support import DOCS, PAGES, front_matter

from site_build import csp, offline, pages, runtime, serving
from site_build.markers import PageContext, section_urls
from site_build.project import DISTRIBUTION, PACKAGE, SECTION_IDS, BuildError, Project

SOURCES = [f"{page}.md" for page in PAGES]


def _page(
    source: str, *, directory_urls: bool, meta: dict[str, object] | None = None
) -> PageContext:
    context = PageContext(source=source, url="", meta=meta or {}, directory_urls=directory_urls)
    return PageContext(
        source=source,
        url=context.url_of(source),
        meta=context.meta,
        directory_urls=directory_urls,
    )


def _convert(text: str, page: PageContext) -> str:
    md = markdown.Markdown(
        extensions=["site_build.markers"],
        extension_configs={"site_build.markers": {"page": page}},
    )
    return md.convert(text)


# ---------------------------------------------------------------- links, as MkDocs makes them


@pytest.mark.parametrize("directory_urls", [True, False])
def test_every_page_links_to_every_page_as_mkdocs_does(directory_urls: bool) -> None:
    """Over all pairs of pages, both URL styles: the same relative URL MkDocs computes."""
    for here, there in itertools.product([*SOURCES, "deeper/page.md"], [*SOURCES, offline.LOADER]):
        page = _page(here, directory_urls=directory_urls)
        target = there if there.endswith(".js") else page.url_of(there)
        assert page.relative(target) == get_relative_url(target, page.url), (here, there)


def test_section_urls_name_every_section_from_each_page() -> None:
    for source in SOURCES:
        urls = section_urls(_page(source, directory_urls=True))
        assert sorted(urls) == sorted(SECTION_IDS)
        for section in SECTION_IDS:
            assert (DOCS / f"{section}.md").is_file(), section


# ---------------------------------------------------------------- markers


def test_a_widget_page_renders_its_preset() -> None:
    meta = front_matter("unresectable")
    html = _convert(
        "Intro.\n\n<!-- gist:widget -->\n\nAfter.",
        _page("unresectable.md", directory_urls=True, meta=meta),
    )
    assert html.count("data-gist-widget") == 1
    assert "<p><section" not in html, "the widget must not sit inside a paragraph"
    assert 'data-page="unresectable"' in html


@pytest.mark.parametrize(
    ("text", "meta", "source", "message"),
    [
        ("<!-- gist:nonsense -->", {}, "sources.md", "unknown marker"),
        ("<!-- gist:table -->", {}, "sources.md", "unknown marker"),  # a table needs its id
        ("<!-- gist:table no-such-table -->", {}, "sources.md", "no-such-table"),
        ("<!-- gist:widget -->", {}, "sources.md", "no 'widget:' preset"),
        ("Some text.", {"widget": {"size": 3}}, "sources.md", "no <!-- gist:widget -->"),
        ("Some text.", {}, "unresectable.md", "every guideline page"),
        (
            "<!-- gist:widget -->\n\n<!-- gist:widget -->",
            {"widget": {"setting": "unresectable"}},
            "sources.md",
            "only one",
        ),
        ("<!-- gist:widget -->", {"widget": ["size"]}, "sources.md", "must be a mapping"),
        ("<!-- gist:widget -->", {"widget": {"size": "big"}}, "sources.md", "preset is invalid"),
        ("Text <!-- gist:versions --> inline.", {}, "sources.md", "was not replaced"),
    ],
)
def test_a_misplaced_or_unknown_marker_fails_the_build(
    text: str, meta: dict[str, object], source: str, message: str
) -> None:
    with pytest.raises(BuildError, match=message):
        _convert(text, _page(source, directory_urls=True, meta=meta))


def test_the_download_marker_says_what_this_build_offers(tmp_path: Path) -> None:
    page = _page("sources.md", directory_urls=True)
    without = _convert("<!-- gist:download -->", page)
    assert 'data-gist-download="none"' in without
    md = markdown.Markdown(
        extensions=["site_build.markers"],
        extension_configs={"site_build.markers": {"page": page, "offline": True}},
    )
    assert 'data-gist-download="copy"' in md.convert("<!-- gist:download -->")
    zipped = tmp_path / "copy.zip"
    zipped.write_bytes(b"PK\x05\x06" + bytes(18))
    md = markdown.Markdown(
        extensions=["site_build.markers"],
        extension_configs={"site_build.markers": {"page": page, "download": str(zipped)}},
    )
    assert 'href="../gist-guide-offline.zip"' in md.convert("<!-- gist:download -->")


# ---------------------------------------------------------------- runtime


def test_the_lock_entry_is_pyodide_locks_and_names_the_shipped_wheel(tmp_path: Path) -> None:
    project = Project.here()
    wheel = runtime.built_wheel(project)
    target = tmp_path / "assets" / "pyodide"
    shipped = target / wheel.site_path
    shipped.parent.mkdir(parents=True)
    shipped.write_bytes(wheel.path.read_bytes())
    lock = runtime.lock_with_wheel(project.pyodide / runtime.LOCK_FILE, shipped, target)
    packages = lock["packages"]
    assert isinstance(packages, dict)
    entry = packages[DISTRIBUTION]
    assert entry["file_name"] == wheel.site_path
    assert entry["sha256"] == wheel.sha256
    assert entry["imports"] == [PACKAGE]
    assert entry["depends"] == []
    original = json.loads((project.pyodide / runtime.LOCK_FILE).read_text(encoding="utf-8"))
    assert {k: v for k, v in packages.items() if k != DISTRIBUTION} == original["packages"]


# ---------------------------------------------------------------- finishing pages

PAGE = """<!doctype html><html><head><meta charset="utf-8"><title>t</title>
<script src="https://unpkg.com/iframe-worker/shim"></script></head><body>
<script id="__config" type="application/json">{"features": ["navigation.instant", "navigation.instant.progress", "toc.follow"], "search": "../assets/javascripts/workers/search.js"}</script>
<div class="md-progress" data-md-component="progress" role="progressbar" aria-hidden="true"></div>
<script>var inline = 1;</script>
<script src="../assets/javascripts/gist-loader.js"></script></body></html>"""


def test_an_offline_page_loads_nothing_from_a_cdn_and_has_no_instant_navigation() -> None:
    page = offline.offline_page(PAGE, "../", where="t")
    assert pages.offsite_fetches(page) == []
    assert f'src="../{offline.IFRAME_WORKER_SHIM}"' in page
    assert page.index(offline.OFFLINE_MANIFEST) < page.index(offline.LOADER)
    config = json.loads(page.split('type="application/json">')[1].split("</script>")[0])
    assert config["features"] == ["toc.follow"]
    assert "md-progress" not in page
    assert offline.offline_page(page, "../", where="t") == page


def test_an_offline_page_without_the_polyfill_fails() -> None:
    with pytest.raises(BuildError, match="iframe-worker"):
        offline.offline_page(
            PAGE.replace("https://unpkg.com/iframe-worker/shim", "x.js"), "", where="t"
        )


def test_finishing_a_page_twice_changes_nothing() -> None:
    boot = {"wheel": "wheels/abc/w.whl"}
    once = csp.with_csp(
        pages.with_boot_meta(PAGE, boot), offline=False, iframe_worker=None, where="t"
    )
    twice = csp.with_csp(
        pages.with_boot_meta(once, boot), offline=False, iframe_worker=None, where="t"
    )
    assert once == twice
    assert once.count("Content-Security-Policy") == 1
    assert csp.csp_hash("var inline = 1;") in once


def test_a_link_to_a_missing_page_or_anchor_fails(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text('<h2 id="here">x</h2>', encoding="utf-8")
    index = tmp_path / "index.html"
    index.write_text(
        '<a href="a/#here">ok</a><a href="a/#gone">no</a><a href="b/">no</a>', encoding="utf-8"
    )
    scans = {p: pages.scan(p.read_text(encoding="utf-8")) for p in pages.pages_in(tmp_path)}
    broken = pages.broken_links(tmp_path, scans)
    assert len(broken) == 2
    assert "a/#gone" in broken[0] + broken[1]
    assert "b/" in broken[0] + broken[1]


def test_the_stylesheet_a_theme_script_inserts_is_allowed_by_its_hash(tmp_path: Path) -> None:
    scripts = tmp_path / "assets" / "javascripts"
    scripts.mkdir(parents=True)
    bundle = scripts / "bundle.0.min.js"
    bundle.write_text("var Tc='.u{color:red}';o.appendChild(C(\"style\",{},Tc.toString()));")
    assert csp.theme_style_hashes(tmp_path) == (csp.csp_hash(".u{color:red}"),)
    bundle.write_text("var x=1;")  # Material's bundle inserts no stylesheet
    assert csp.theme_style_hashes(tmp_path) == ()


# What the one server of the site (make serve, the tests, the benchmark) answers, as GitHub
# Pages would for a project site: (method, path) -> (status, Location, Content-Type).
SERVED = (
    ("GET", "/gist-guide/", (200, None, "text/html")),
    ("HEAD", "/gist-guide/", (200, None, "text/html")),
    ("GET", "/gist-guide", (301, "/gist-guide/", None)),
    ("GET", "/index.html", (404, None, "text/html;charset=utf-8")),
    ("HEAD", "/elsewhere/", (404, None, "text/html;charset=utf-8")),
    ("GET", "/gist-guide/a/pyodide.asm.wasm", (200, None, "application/wasm")),
    ("GET", "/gist-guide/a/gist-worker.mjs", (200, None, "text/javascript")),
    ("GET", "/gist-guide/a/gist_calculator-1-py3-none-any.whl", (200, None, "application/zip")),
)


def test_the_site_is_served_under_its_sub_path_only(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "index.html").write_text("<p>home</p>", encoding="utf-8")
    for name in ("pyodide.asm.wasm", "gist-worker.mjs", "gist_calculator-1-py3-none-any.whl"):
        (tmp_path / "a" / name).write_bytes(b"\0")
    with serving.SubPathServer(tmp_path, "/gist-guide/") as server:
        server.start()
        host, port = server.server.server_address[:2]
        for method, path, expected in SERVED:
            connection = http.client.HTTPConnection(str(host), port, timeout=30)
            try:
                connection.request(method, path)
                answer = connection.getresponse()
                answer.read()
                got = (
                    answer.status,
                    answer.getheader("Location"),
                    answer.getheader("Content-Type"),
                )
                assert got == expected, (method, path)
                # Revalidated on every visit, so a rebuild (make serve) is seen at once.
                assert answer.getheader("Cache-Control") == "no-cache", (method, path)
            finally:
                connection.close()
