"""A loopback server for the test listings: each listing at its path, a small story page
at every other path (so a crawl of a listing finishes), and a log of the paths requested."""
from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from tests.listings.pages import Listing
from tests.pages import STORY
from tests.site.server import LoggedRequest, RequestLog


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        pass

    def do_GET(self) -> None:  # noqa: N802 - stdlib naming
        self.server.log.add(LoggedRequest(time.time(), "GET", self.path, dict(self.headers.items())))
        listing = self.server.pages.get(self.path)
        if self.path == "/robots.txt":
            self._send(404, "", "text/plain")
        elif listing is not None:
            self._send(200, listing.html)
        else:
            paragraphs = "".join(f"<p>{p}</p>" for p in STORY)
            self._send(200, f'<html lang="ar"><head><meta charset="utf-8"><title>خبر</title></head>'
                            f"<body><article><h1>خبر</h1>{paragraphs}</article></body></html>")

    def _send(self, status: int, text: str, content_type: str = "text/html; charset=utf-8") -> None:
        body = text.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    pages: dict[str, Listing]
    log: RequestLog


class ListingServer:
    """`with ListingServer(listings) as server: server.url(listing.path)`; `server.log.paths()`
    is every path requested, in order."""

    def __init__(self, listings: list[Listing]) -> None:
        self._httpd = _Server(("127.0.0.1", 0), _Handler)
        self._httpd.pages = {listing.path: listing for listing in listings}
        self.log = self._httpd.log = RequestLog()
        self._thread = threading.Thread(target=self._httpd.serve_forever, args=(0.05,), daemon=True)

    def url(self, path: str) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}{path}"

    def __enter__(self) -> ListingServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
