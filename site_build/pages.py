"""Reading and amending the built pages, whichever engine wrote them.

The checks here fail the build on what a reader would otherwise meet in the browser: a page
that fetches anything from another site, or a link (the calculator's included, which no
engine checks since it is raw HTML) that lands on no page or no anchor.
"""

from __future__ import annotations

import json
import posixpath
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

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
BOOT_META = re.compile(r"<meta name=\"gist-boot\" content='[^']*'>")
_HEAD_END = re.compile(r"</head\s*>", re.IGNORECASE)


@dataclass
class Scan:
    """What one page holds: its anchors, what it fetches, where it links."""

    ids: set[str] = field(default_factory=set)
    fetched: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.scan = Scan()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {key: value or "" for key, value in attrs}
        scan = self.scan
        if values.get("id"):
            scan.ids.add(values["id"])
        if tag == "a" and values.get("name"):
            scan.ids.add(values["name"])
        if tag == "a" and values.get("href"):
            scan.links.append(values["href"])
        if tag in FETCHED and values.get(FETCHED[tag]):
            scan.fetched.append(values[FETCHED[tag]])
        if tag == "link" and set(values.get("rel", "").lower().split()) & FETCHED_LINK_RELS:
            scan.fetched.append(values.get("href", ""))
        for candidate in values.get("srcset", "").split(","):
            if candidate.strip():
                scan.fetched.append(candidate.split()[0])


def scan(html: str) -> Scan:
    collector = _Collector()
    collector.feed(html)
    collector.close()
    return collector.scan


def offsite_fetches(html: str) -> list[str]:
    """The URLs the page would load by an absolute address (everything must be relative)."""
    found = []
    for url in scan(html).fetched:
        parts = urlsplit(url)
        if parts.netloc or parts.scheme in {"http", "https", "ftp"}:
            found.append(url)
    return found


def broken_links(site_dir: Path, scans: Mapping[Path, Scan]) -> list[str]:
    """Relative links between pages that land on no file, or on no anchor of the page."""
    broken = []
    for path, found in scans.items():
        where = path.relative_to(site_dir).as_posix()
        if where == "404.html":  # served at any address: its links are from the site's root
            continue
        for link in found.links:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or link.startswith("/") or not parts.path:
                continue
            target = _target(site_dir, path, unquote(parts.path))
            if target is None or not target.is_file():
                broken.append(f"{where}: the link {link!r} lands on no file of the site")
            elif parts.fragment and target in scans and parts.fragment not in scans[target].ids:
                broken.append(f"{where}: the link {link!r} lands on no anchor of its page")
    return broken


def _target(site_dir: Path, page: Path, path: str) -> Path | None:
    joined = posixpath.normpath(posixpath.join(page.parent.relative_to(site_dir).as_posix(), path))
    if joined.startswith(".."):
        return None
    target = site_dir / joined
    return target / "index.html" if path.endswith("/") or target.is_dir() else target


def root_prefix(site_dir: Path, page: Path) -> str:
    """The relative path from the page to the site's root ("" or "../", ...)."""
    up = posixpath.relpath(site_dir.as_posix(), page.parent.as_posix())
    return "" if up == "." else up + "/"


# ---------------------------------------------------------------- amending pages


def with_boot_meta(html: str, boot: Mapping[str, object]) -> str:
    """The <meta name="gist-boot"> gist-loader.js reads: the wheel and snapshot to fetch.

    Every page names them, since the first page of a visit may be any page and instant
    navigation keeps the first page's head. Paths are relative to assets/pyodide/; both carry
    a digest, so a page never pairs with stale files.
    """
    content = json.dumps(dict(boot), sort_keys=True).replace("'", "\\u0027")
    html = BOOT_META.sub("", html)
    end = _HEAD_END.search(html)
    if end is None:
        return html
    return (
        html[: end.start()] + f"<meta name=\"gist-boot\" content='{content}'>" + html[end.start() :]
    )


def pages_in(site_dir: Path) -> Iterable[Path]:
    return sorted(site_dir.rglob("*.html"))
