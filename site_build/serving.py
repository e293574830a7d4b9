"""A built site served under its sub-path, as GitHub Pages serves a project's pages.

One implementation for every local server of the site: ``python -m site_build serve`` (the
Zensical build has no server of its own that would finish its output), the browser tests and
the benchmark (tests/browser_support.py and bench/network.py subclass the handler for their
faults and their simulated link). A URL that is not relative breaks here as it would there,
because nothing outside the sub-path is served.
"""

from __future__ import annotations

import functools
import threading
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import urlsplit


class SubPathHandler(SimpleHTTPRequestHandler):
    """Serves the site under `sub_path` only, with the types Pyodide needs.

    `cache_control` is what every answer says about caching: "no-cache" by default, so a
    browser revalidates (as GitHub Pages lets it) and a rebuild is seen at once. A subclass
    changes it (the engine tests send "no-store"; the benchmark sends what Pages sends).
    """

    extensions_map = {  # noqa: RUF012  (the base class declares it a plain class attribute)
        **SimpleHTTPRequestHandler.extensions_map,
        ".wasm": "application/wasm",
        ".mjs": "text/javascript",
        ".js": "text/javascript",
        ".zip": "application/zip",
        ".whl": "application/zip",
        ".json": "application/json",
        ".gz": "application/gzip",
    }
    cache_control: ClassVar[str] = "no-cache"

    def __init__(self, *args: Any, sub_path: str, **kwargs: Any) -> None:
        # Set before the base class handles the request (it does so inside __init__).
        self.sub_path = sub_path
        super().__init__(*args, **kwargs)

    def answered_outside(self) -> bool:
        """Answer a request outside the sub-path (a redirect to it, or 404); True if answered."""
        path = urlsplit(self.path).path
        if path == self.sub_path.rstrip("/"):
            self.send_response(HTTPStatus.MOVED_PERMANENTLY)
            self.send_header("Location", self.sub_path)
            self.send_header("Content-Length", "0")  # a kept-alive connection reads on
            self.end_headers()
            return True
        if not path.startswith(self.sub_path):
            self.send_error(HTTPStatus.NOT_FOUND, "Outside the site's sub-path")
            return True
        return False

    def send_head(self) -> Any:
        if self.answered_outside():
            return None
        return super().send_head()

    def translate_path(self, path: str) -> str:
        return super().translate_path("/" + path[len(self.sub_path) :])

    def end_headers(self) -> None:
        self.send_header("Cache-Control", self.cache_control)
        super().end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        pass  # quiet: the tests and the build say what went wrong in their own words


class SubPathServer:
    """The site in `root` served under `sub_path` on host:port (port 0: a free one).

    Bound at once, so that the address is known before the site is built (instant
    navigation needs `site_url` exact, port included); serving starts with start(). A
    context manager; `handler` may be a subclass of SubPathHandler.
    """

    def __init__(
        self,
        root: Path,
        sub_path: str,
        handler: type[SubPathHandler] = SubPathHandler,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
    ) -> None:
        self.root = root
        self.sub_path = sub_path
        self.server = ThreadingHTTPServer(
            (host, port), functools.partial(handler, directory=str(root), sub_path=sub_path)
        )
        self.server.daemon_threads = True
        bound_host, bound_port = self.server.server_address[:2]
        self.origin = f"http://{bound_host!s}:{bound_port}"
        self.base_url = self.origin + sub_path
        self._thread: threading.Thread | None = None

    def start(self) -> SubPathServer:
        self._thread = threading.Thread(
            target=self.server.serve_forever, name="site-server", daemon=True
        )
        self._thread.start()
        return self

    def close(self) -> None:
        if self._thread is not None:
            self.server.shutdown()
            self._thread.join(timeout=10)
        self.server.server_close()

    def __enter__(self) -> SubPathServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
