"""The pages' markers, as a Python-Markdown extension that both engines run.

A page only carries markers (``<!-- gist:widget -->``, ``<!-- gist:table ID -->``,
``<!-- gist:versions -->``, ``<!-- gist:rules -->``, ``<!-- gist:download -->``), each alone
on its line; every word and number that replaces them comes from ``gist_calculator.render``,
so the site never restates what the package computes.

The extension needs to know the page it renders (its front matter holds the widget's example
case; the results link to other pages relative to it). Zensical hands that to every Markdown
extension through its rendering context; under MkDocs the thin hook (hooks/gist_site.py)
passes it as this extension's ``page`` setting. The replacement happens before the raw-HTML
stage, so MkDocs sees the generated anchors like any other.
"""

from __future__ import annotations

import importlib
import json
import posixpath
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from html import escape, unescape
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from markdown import Extension, Markdown
from markdown.postprocessors import Postprocessor
from markdown.preprocessors import Preprocessor

from .project import (
    DOWNLOAD_NAME,
    GUIDELINE_PAGES,
    PACKAGE,
    SECTION_IDS,
    BuildError,
    Project,
)

# A marker alone on its line (up to three spaces in, as Markdown allows for HTML blocks).
MARKER_LINE = re.compile(r"^ {0,3}<!--\s*gist:([\w-]*)\s*([^\s>]*)\s*-->\s*$")
# Any marker left in the HTML: written inside a paragraph or misspelt.
LEFT_OVER = re.compile(r"<!--\s*gist:[^>]*-->")
# Markers whose HTML depends on nothing but the package: kind -> (argument?, render function).
PLAIN_MARKERS: dict[str, tuple[bool, str]] = {
    "table": (True, "table_html"),
    "versions": (False, "versions_html"),
    "rules": (False, "rules_html"),
}
ZENSICAL_CONTEXT = "rendering_context"
CONTEXT_ATTRIBUTE = re.compile(
    r'\bdata-context="([^"]*)"'
)  # the name of Zensical's context preprocessor


@dataclass(frozen=True)
class PageContext:
    """The page being rendered, as either engine describes it."""

    source: str  # its file inside docs/, e.g. "unresectable.md"
    url: str  # its address relative to the site's root, e.g. "unresectable/"
    meta: Mapping[str, Any] = field(default_factory=dict)  # its front matter
    site_url: str = ""
    directory_urls: bool = True
    # Zensical rewrites every relative link in a page's HTML, raw HTML included, as if it
    # were written relative to the Markdown file; MkDocs leaves raw HTML alone. When True,
    # links written into the HTML are made relative to the file, and the engine's rewrite
    # turns them into the page-relative ones MkDocs would have.
    links_from_source: bool = False

    @property
    def link_base(self) -> str:
        """What the links written into this page's HTML are relative to."""
        if self.links_from_source:
            return posixpath.dirname(self.source) + "/" if "/" in self.source else ""
        return self.url

    @property
    def page_id(self) -> str:
        return Path(self.source).with_suffix("").as_posix()

    def url_of(self, source: str) -> str:
        """The site-root-relative address of another docs/ file, as the engine makes it."""
        stem = Path(source).with_suffix("").as_posix()
        if not self.directory_urls:
            return f"{stem}.html"
        if stem == "index":
            return ""
        if stem.endswith("/index"):
            return stem[: -len("index")]
        return f"{stem}/"

    def as_rewritten(self, written: str) -> str:
        """A link written into the HTML as the reader gets it (after the engine's rewrite).

        Zensical prefixes the way from the page's folder back to the file's (".././" for
        "./" on unresectable/); the page script's own links (data-context) must match.
        """
        if not self.links_from_source:
            return written
        here = self.url
        head, tail = posixpath.split(here)
        if "." in tail:
            here = head
        back = posixpath.relpath("/" + self.link_base, "/" + here)
        return written if back == "." else f"{back}/{written}"

    def relative(self, url: str, base: str | None = None) -> str:
        """`url` (relative to the site's root) as seen from this page (like MkDocs does)."""
        here = self.url if base is None else base
        head, tail = posixpath.split(here)
        if "." in tail:
            here = head
        relative = posixpath.relpath("/" + url, "/" + here)
        return relative + "/" if url.endswith("/") else relative


@dataclass(frozen=True)
class MarkerSettings:
    """The build's settings the markers need (the extension's configuration)."""

    offline: bool = False  # the copy read from disk (Material's offline plugin on)
    download: Path | None = None  # the offline zip published beside the online site
    project: Project = field(default_factory=Project.here)


def render_markers(lines: list[str], page: PageContext, settings: MarkerSettings) -> list[str]:
    """The page's Markdown with each marker line replaced by the package's HTML."""
    render = importlib.import_module(f"{PACKAGE}.render")
    where = f"docs/{page.source}"
    preset = page.meta.get("widget")
    widgets = 0
    out: list[str] = []
    for line in lines:
        match = MARKER_LINE.match(line)
        if match is None:
            out.append(line)
            continue
        kind, argument = match.group(1), match.group(2)
        if kind == "widget" and not argument:
            widgets += 1
            html = _widget(render, page, preset, where, widgets, settings=settings)
        elif kind == "download" and not argument:
            html = download_html(page, settings)
        elif kind in PLAIN_MARKERS and PLAIN_MARKERS[kind][0] == bool(argument):
            function = getattr(render, PLAIN_MARKERS[kind][1], None)
            if function is None:
                raise BuildError(f"{where}: {PACKAGE}.render has no {PLAIN_MARKERS[kind][1]}().")
            try:
                html = str(function(argument) if argument else function())
            except ValueError as error:
                raise BuildError(f"{where}: {line.strip()}: {error}") from error
        else:
            raise BuildError(
                f"{where}: unknown marker {line.strip()!r}; expected <!-- gist:widget -->, "
                "<!-- gist:table ID -->, <!-- gist:versions -->, <!-- gist:rules --> or "
                "<!-- gist:download -->."
            )
        # A block of raw HTML: a blank line before and after keeps it out of any paragraph.
        out += ["", html, ""]
    if not widgets and preset is not None:
        raise BuildError(
            f"{where}: the front matter has a 'widget:' preset but the page has no "
            "<!-- gist:widget --> marker to show it."
        )
    if not widgets and page.page_id in GUIDELINE_PAGES:
        raise BuildError(
            f"{where}: every guideline page needs a 'widget:' preset in its front matter and "
            "a <!-- gist:widget --> marker."
        )
    return out


def glossary(project: Project) -> dict[str, str]:
    """The site's abbreviations (docs/includes/abbreviations.md), for the widget's own list."""
    source = project.docs / "includes" / "abbreviations.md"
    text = source.read_text(encoding="utf-8") if source.is_file() else ""
    return dict(re.findall(r"^\*\[([^\]]+)\]:\s*(.+)$", text, re.MULTILINE))


def _widget(
    render: Any,
    page: PageContext,
    preset: object,
    where: str,
    count: int,
    *,
    settings: MarkerSettings,
) -> str:
    if count > 1:
        raise BuildError(f"{where}: only one <!-- gist:widget --> marker per page.")
    if preset is None:
        raise BuildError(
            f"{where}: the page has a <!-- gist:widget --> marker but no 'widget:' preset in "
            "its front matter."
        )
    if not isinstance(preset, Mapping):
        raise BuildError(
            f"{where}: the front matter 'widget:' must be a mapping of form fields to values, "
            f"not {type(preset).__name__}."
        )
    written = section_urls(page, page.link_base)
    try:
        html = str(
            render.widget_html(
                preset,
                page_id=page.page_id,
                section_urls=written,
                compact=page.meta.get("widget_compact") is True,
                glossary=glossary(settings.project),
            )
        )
    except ValueError as error:
        raise BuildError(
            f"{where}: the front matter 'widget:' preset is invalid: {error}"
        ) from error
    final = {section: page.as_rewritten(url) for section, url in written.items()}
    if written != final:  # the browser's links come from data-context, which no engine rewrites
        html = _with_context(html, {"section_urls": written}, {"section_urls": final}, where)
    return html


def _with_context(html: str, old: object, new: object, where: str) -> str:
    match = CONTEXT_ATTRIBUTE.search(html)
    if match is None or json.loads(unescape(match.group(1))) != old:
        raise BuildError(f"{where}: the widget's data-context is not where the build expects it.")
    value = escape(json.dumps(new, sort_keys=True), quote=True)
    return html[: match.start(1)] + value + html[match.end(1) :]


def section_urls(page: PageContext, base: str | None = None) -> dict[str, str]:
    """URL of each section page relative to `page` (or `base`), for either URL style."""
    return {section: page.relative(page.url_of(f"{section}.md"), base) for section in SECTION_IDS}


def download_html(page: PageContext, settings: MarkerSettings) -> str:
    """The offer of the offline copy: a link to the zip online, a note in the copy itself."""
    if settings.offline:
        note = (
            "You are reading the downloaded copy of this guide: its pages and its search work "
            "without an internet connection, and so does the calculator in browsers built on "
            "Chromium, such as Chrome and Edge."
        )
        parts = urlsplit(page.site_url)
        if parts.scheme == "https" and parts.hostname not in {"localhost", "127.0.0.1"}:
            url = escape(page.site_url)
            note += f' The online version, which may be newer, is at <a href="{url}">{url}</a>.'
        return f'<p class="gist-download" data-gist-download="copy">{note}</p>'
    if settings.download is None:
        return (
            '<p class="gist-download" data-gist-download="none">The published site offers '
            "this guide as a zip file to read without an internet connection; this build was "
            "made without it (<code>make offline</code> makes one).</p>"
        )
    href = escape(page.relative(DOWNLOAD_NAME, page.link_base))
    size = f"{settings.download.stat().st_size / 1_000_000:.0f} MB"
    return (
        f'<p class="gist-download" data-gist-download="zip"><a href="{href}" download>'
        f"Download this guide</a> to read it without an internet connection (a zip file of "
        f"{size}). Unzip it and open <code>index.html</code> in the folder it holds: the "
        "pages, the search and the calculator then work without a connection. The calculator "
        "in the download was checked in Chromium, the engine of Chrome and Edge; where another "
        "browser cannot start it, the page says what to do instead.</p>"
    )


# ---------------------------------------------------------------- the extension


def zensical_page(md: Markdown) -> PageContext | None:
    """The page Zensical is rendering, from the context it gives every Markdown instance."""
    if ZENSICAL_CONTEXT not in md.preprocessors:
        return None
    zensical = md.preprocessors[ZENSICAL_CONTEXT]
    page, config = getattr(zensical, "page", None), getattr(zensical, "config", None)
    if page is None or not isinstance(config, Mapping):
        return None
    source = Path(str(page.path))
    docs = Path(str(config.get("docs_dir") or "docs"))
    if source.is_absolute() and docs.is_absolute() and source.is_relative_to(docs):
        source = source.relative_to(docs)
    # Zensical's page.url starts with site_url's path; the page's own address relative to
    # the site's root follows from its file, as for the pages it links to.
    context = PageContext(
        source=source.as_posix(),
        url="",
        meta=dict(page.meta or {}),
        site_url=str(config.get("site_url") or ""),
        directory_urls=bool(config.get("use_directory_urls", True)),
        links_from_source=True,
    )
    return replace(context, url=context.url_of(context.source))


class _MarkerPreprocessor(Preprocessor):
    def __init__(self, md: Markdown, settings: MarkerSettings, page: PageContext | None) -> None:
        super().__init__(md)
        self.settings = settings
        self.page = page

    def run(self, lines: list[str]) -> list[str]:
        page = self.page or zensical_page(self.md)
        if page is None:
            if any(MARKER_LINE.match(line) for line in lines):
                raise BuildError(
                    "site_build.markers: the engine did not say which page it renders (under "
                    "MkDocs, hooks/gist_site.py must be listed in mkdocs.yml's hooks)."
                )
            return lines
        return render_markers(lines, page, self.settings)


class _LeftOverCheck(Postprocessor):
    def run(self, text: str) -> str:
        left = LEFT_OVER.search(text)
        if left:
            raise BuildError(
                f"a marker was not replaced: {left.group(0)!r} (a marker must stand alone on "
                "its own line, with a blank line before and after)."
            )
        return text


class GistMarkersExtension(Extension):
    """``site_build.markers`` in mkdocs.yml's markdown_extensions."""

    def __init__(self, **kwargs: Any) -> None:
        self.config = {
            "offline": [False, "building the copy read from disk"],
            "download": ["", "the offline zip to offer for download (GIST_OFFLINE_ZIP)"],
            "page": ["", "the page being rendered (a PageContext; set by the MkDocs hook)"],
        }
        super().__init__(**kwargs)

    def settings(self) -> MarkerSettings:
        project = Project.here()
        return MarkerSettings(
            offline=bool(self.getConfig("offline")),
            download=project.download_zip(str(self.getConfig("download") or "")),
            project=project,
        )

    def extendMarkdown(self, md: Markdown) -> None:
        page = self.getConfig("page")
        processor = _MarkerPreprocessor(
            md, self.settings(), page if isinstance(page, PageContext) else None
        )
        # After snippets (32) and whitespace normalising (30), before MkDocs collects the
        # anchors of raw HTML (21) and Markdown stashes HTML blocks (20).
        md.preprocessors.register(processor, "gist_markers", 25)
        md.postprocessors.register(_LeftOverCheck(md), "gist_markers_left_over", 5)


def makeExtension(**kwargs: Any) -> GistMarkersExtension:
    return GistMarkersExtension(**kwargs)
