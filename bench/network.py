"""A local web server that behaves like a reader's connection to GitHub Pages.

Why: served from 127.0.0.1 bandwidth is free, so a benchmark there cannot see what a byte
costs. This server (the one of site_build/serving.py that the tests and `make serve` use, so
the site is served under the same sub-path with the same types) adds what a real link does
to a first visit:

- one bandwidth budget shared by every request at once (a token bucket drained in small
  chunks, first come first served), not a per-request limit, because a browser loads many
  files in parallel over one radio link;
- one round trip of latency before each response, and one more for each new connection
  (its TCP handshake);
- gzip on the fly for the types GitHub Pages compresses (HTML, CSS, JS, JSON, wasm, SVG,
  XML, text), while .zip, .whl and .gz go as they are; `Cache-Control: max-age=600` as
  GitHub Pages sends.

Every chunk written is logged with its time, so the bytes that reached the browser before a
moment can be counted exactly.
"""

from __future__ import annotations

import functools
import gzip
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http import HTTPStatus
from pathlib import Path
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "tests")]  # site_build, and the tests' browser support
from browser_support import SiteHandler, SiteServer  # noqa: E402  (the one server)

# What GitHub Pages gzips on the fly (platform-notes.md, "Networks").
COMPRESSIBLE = (".html", ".js", ".mjs", ".css", ".json", ".wasm", ".svg", ".xml", ".txt")
CHUNK = 16 * 1024  # bytes per turn on the shared link: small enough to interleave fairly


@dataclass(frozen=True)
class Profile:
    """A reader's connection: downlink in megabits per second (None: unlimited), round trip."""

    name: str
    label: str
    mbps: float | None
    rtt_ms: float


PROFILES = {
    "fast": Profile("fast", "unthrottled (127.0.0.1)", None, 0.0),
    "4g": Profile("4g", '9 Mbps, 60 ms ("fast 4G")', 9.0, 60.0),
    "slow4g": Profile("slow4g", '1.6 Mbps, 150 ms ("slow 4G")', 1.6, 150.0),
}


class Link:
    """The shared downlink: a token bucket that every response's chunks wait their turn on."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._free_at = 0.0
        self.profile = PROFILES["fast"]

    def take(self, size: int) -> None:
        if self.profile.mbps is None:
            return
        rate = self.profile.mbps * 1e6 / 8  # bytes per second
        with self._lock:
            now = time.monotonic()
            start = max(now, self._free_at)
            self._free_at = start + size / rate
            wait = self._free_at - now
        if wait > 0:
            time.sleep(wait)

    def round_trip(self, count: int = 1) -> None:
        if self.profile.rtt_ms:
            time.sleep(count * self.profile.rtt_ms / 1000.0)


@dataclass(frozen=True)
class Sent:
    """Bytes written to the browser at one moment (epoch seconds), and for which path."""

    at: float
    path: str
    size: int


@dataclass
class Server:
    """The tests' own server of the site (SiteServer), answering through the shared link."""

    site: SiteServer
    link: Link
    log: list[Sent] = field(default_factory=list)

    @property
    def origin(self) -> str:
        return self.site.origin

    @property
    def base_url(self) -> str:
        return self.site.base_url

    def start(self) -> Server:
        self.site.start()
        return self

    def page_url(self, page: str) -> str:
        return self.base_url + ("" if page == "index" else f"{page}/")

    def bytes_between(self, since: float, until: float) -> dict[str, int]:
        """Bytes on the wire (headers and compressed bodies) in the interval, by path."""
        by_path: dict[str, int] = {}
        for sent in list(self.log):
            if since <= sent.at <= until:
                by_path[sent.path] = by_path.get(sent.path, 0) + sent.size
        return by_path


@functools.lru_cache(maxsize=256)
def _gzipped(path: str, _mtime: float) -> bytes:
    return gzip.compress(Path(path).read_bytes(), compresslevel=6, mtime=0)


class LinkHandler(SiteHandler):
    """The tests' site handler, answering through the shared link."""

    protocol_version = "HTTP/1.1"  # keep-alive, as browsers and GitHub Pages use
    cache_control = "max-age=600"  # what GitHub Pages sends
    link: Link
    sent_log: list[Sent]
    extras: dict[str, Path]

    def setup(self) -> None:
        super().setup()
        self._new_connection = True

    def _send(self, path: str, data: bytes) -> None:
        for start in range(0, len(data), CHUNK):
            piece = data[start : start + CHUNK]
            self.link.take(len(piece))
            self.wfile.write(piece)
            self.sent_log.append(Sent(time.time(), path, len(piece)))

    def do_GET(self) -> None:
        # The handshake of a new connection, then the request's own round trip.
        self.link.round_trip(2 if self._new_connection else 1)
        self._new_connection = False
        if self.answered_outside():
            return
        path = urlsplit(self.path).path
        name = path[len(self.sub_path) :]
        file = self.extras.get(name) or Path(self.translate_path(path))
        if file.is_dir():
            if not path.endswith("/"):
                self.send_response(HTTPStatus.MOVED_PERMANENTLY)
                self.send_header("Location", path + "/")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            file = file / "index.html"
        if not file.is_file():
            self.send_error(HTTPStatus.NOT_FOUND, "File not found")
            return
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        zipped = accepts and file.suffix in COMPRESSIBLE
        body = _gzipped(str(file), file.stat().st_mtime) if zipped else file.read_bytes()
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", self.guess_type(str(file)))
        self.send_header("Content-Length", str(len(body)))
        if zipped:
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        self._send(path, body)

    def flush_headers(self) -> None:
        # The status line and headers travel on the same link as the bodies.
        buffer = b"".join(getattr(self, "_headers_buffer", []))
        self._headers_buffer = []
        if buffer:
            self._send(urlsplit(self.path).path, buffer)


@contextmanager
def serve(root: Path, extras: dict[str, Path] | None = None) -> Iterator[Server]:
    """Serve root under SUB_PATH through a link set by server.link.profile (start() starts).

    Bound at once to a free port, so that the site can be built for its exact address first.
    """
    link = Link()
    log: list[Sent] = []
    handler = type(
        "Handler", (LinkHandler,), {"link": link, "sent_log": log, "extras": dict(extras or {})}
    )
    with SiteServer(root, handler) as site:
        yield Server(site=site, link=link, log=log)
