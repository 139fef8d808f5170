"""A real HTTP server for the synthetic site, with fault routes and a request log."""
from __future__ import annotations

import socket
import struct
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlsplit

from tests.site import content

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(200)
HUGE_BYTES = 30 * 1024 * 1024


@dataclass(frozen=True)
class LoggedRequest:
    at: float  # time.time() when the request line was read
    method: str
    path: str  # as sent, query included
    headers: dict[str, str]


@dataclass
class RequestLog:
    """Thread-safe record of every request the server saw, in arrival order."""

    _entries: list[LoggedRequest] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, entry: LoggedRequest) -> None:
        with self._lock:
            self._entries.append(entry)

    def entries(self) -> list[LoggedRequest]:
        with self._lock:
            return list(self._entries)

    def paths(self) -> list[str]:
        return [e.path for e in self.entries()]

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body go out as two writes: with Nagle's algorithm on, the body waits for
    # the client's delayed ACK (40 ms on Linux) on every keep-alive response.
    disable_nagle_algorithm = True
    server: _Server

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        pass  # the RequestLog is the log; stderr noise hides test output

    def do_GET(self) -> None:  # noqa: N802 - stdlib naming
        site = self.server.site
        site.log.add(LoggedRequest(time.time(), "GET", self.path, dict(self.headers.items())))
        if site.latency:
            time.sleep(site.latency)
        parts = urlsplit(self.path)
        path, query = unquote(parts.path), parse_qs(parts.query)
        if path.startswith("/breaking/"):  # the ticker's article-shaped aliases of fault routes
            path = "/fault/" + path.split("/", 3)[-1]
        route = _ROUTES.get(path)
        if route:
            route(self, query)
        elif path.startswith("/news/"):
            self._article(path)
        else:
            self.send_text(404, "<h1>الصفحة غير موجودة</h1>")

    # ---- responses
    def send_text(self, status: int, text: str | bytes, content_type: str = "text/html; charset=utf-8",
                  headers: dict[str, str] | None = None) -> None:
        body = text.encode("utf-8") if isinstance(text, str) else text
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def redirect(self, location: str, status: int = 302) -> None:
        self.send_text(status, "", headers={"Location": location})

    def first_time(self) -> bool:
        """True on the first request for this exact path+query (fault routes that recover)."""
        return self.server.site.count(self.path) == 1

    def _article(self, path: str) -> None:
        try:
            number = int(path.split("/")[2]) - 100000
        except (IndexError, ValueError):
            number = -1
        if not 0 <= number < content.ARTICLES or content.article(number).path != path:
            self.send_text(404, "<h1>الصفحة غير موجودة</h1>")
            return
        info = content.article(number)
        if number in self.server.site.revised:  # the story was updated after publication
            info = content.revised(info)
        validators = {"ETag": info.etag, "Last-Modified": info.last_modified}
        if self.headers.get("If-None-Match") == info.etag or self.headers.get("If-Modified-Since") == info.last_modified:
            self.send_response(304)
            for name, value in validators.items():
                self.send_header(name, value)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.send_text(200, content.article_page(info), headers=validators)


def _listing(h: _Handler, q: dict[str, list[str]]) -> None:
    page = int(q.get("page", ["1"])[0])
    if 1 <= page <= content.PAGES:
        h.send_text(200, content.listing_page(page))
    else:
        h.send_text(404, "<h1>لا توجد صفحة</h1>")


def _robots(h: _Handler, q: dict[str, list[str]]) -> None:
    site = h.server.site
    if site.robots_status != 200:
        h.send_text(site.robots_status, "unavailable", "text/plain")
    else:
        h.send_text(200, content.robots_txt(site.base_url, site.crawl_delay), "text/plain; charset=utf-8")


def _fail_then_ok(status: int, headers: dict[str, str]):
    def route(h: _Handler, q: dict[str, list[str]]) -> None:
        if h.first_time():
            h.send_text(status, f"<h1>{status}</h1>", headers=headers)
        else:
            h.send_text(200, content.article_page(content.article(0)))
    return route


def _stall(h: _Handler, q: dict[str, list[str]]) -> None:
    time.sleep(float(q.get("seconds", ["2"])[0]))
    try:
        h.send_text(200, "<p>متأخر جدا</p>")
    except OSError:
        pass  # the client gave up long ago


def _reset(h: _Handler, q: dict[str, list[str]]) -> None:
    # SO_LINGER with a zero timeout makes close() send RST instead of FIN.
    h.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    h.connection.close()
    h.close_connection = True


def _redirect_chain(h: _Handler, q: dict[str, list[str]]) -> None:
    n = int(q.get("n", ["3"])[0])
    if n > 0:
        h.redirect(f"/fault/redirect?n={n - 1}", 301 if n % 2 else 302)
    else:
        h.redirect(content.article(0).href, 307)


def _huge(h: _Handler, q: dict[str, list[str]]) -> None:
    """30 MB of HTML, streamed; `?chunked=1` hides the size (no Content-Length)."""
    chunked = "chunked" in q
    h.send_response(200)
    h.send_header("Content-Type", "text/html; charset=utf-8")
    h.send_header("Transfer-Encoding" if chunked else "Content-Length", "chunked" if chunked else str(HUGE_BYTES))
    h.end_headers()
    block = ("<p>" + "نص طويل جدا " * 500 + "</p>\n").encode("utf-8")[: 64 * 1024]
    sent = 0
    try:
        while sent < HUGE_BYTES:
            piece = block[: HUGE_BYTES - sent]
            h.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece) if chunked else piece)
            sent += len(piece)
        if chunked:
            h.wfile.write(b"0\r\n\r\n")
    except OSError:
        pass  # the client stopped reading: exactly what the size cap should do
    finally:
        h.server.site.huge_bytes_sent = sent
    h.close_connection = True


def _cp1256(h: _Handler, q: dict[str, list[str]]) -> None:
    page = content.article_page(content.article(1)).replace('<meta charset="utf-8">', "")
    h.send_text(200, page.encode("cp1256", "replace"), "text/html")


def _calendar(h: _Handler, q: dict[str, list[str]]) -> None:
    day = datetime.strptime(q.get("date", ["2024-03-10"])[0], "%Y-%m-%d")
    h.send_text(200, content.calendar_page(day))


def _xml(render, content_type: str = "application/xml"):
    def route(h: _Handler, q: dict[str, list[str]]) -> None:
        h.send_text(200, render(h.server.site.base_url), content_type)
    return route


_ROUTES = {
    "/syria/": _listing,
    "/robots.txt": _robots,
    "/fault/500-then-200": _fail_then_ok(500, {}),
    "/fault/429": _fail_then_ok(429, {"Retry-After": "1"}),
    "/fault/stall": _stall,
    "/fault/reset": _reset,
    "/fault/loop": lambda h, q: h.redirect("/fault/loop2"),
    "/fault/loop2": lambda h, q: h.redirect("/fault/loop"),
    "/fault/redirect": _redirect_chain,
    "/fault/huge.html": _huge,
    "/fault/image.html": lambda h, q: h.send_text(200, PNG, "text/html"),
    "/fault/cp1256.html": _cp1256,
    "/calendar/": _calendar,
    "/endless/": lambda h, q: h.send_text(200, content.endless_page(int(q.get("page", ["1"])[0]))),
    "/private/secret.html": lambda h, q: h.send_text(200, "<p>سري</p>"),
    "/sitemap.xml": _xml(content.sitemap_index),
    "/sitemap-news.xml": _xml(content.news_sitemap),
    "/sitemap-archive.xml.gz": _xml(content.archive_sitemap_gz, "application/x-gzip"),
    "/rss.xml": _xml(content.rss_feed, "application/rss+xml; charset=utf-8"),
    "/rss-broken.xml": _xml(lambda base: content.rss_feed(base, broken=True), "application/rss+xml"),
    "/atom.xml": _xml(content.atom_feed, "application/atom+xml"),
}


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False  # stalled handlers must not hold up shutdown
    site: SiteServer

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # resets and aborted downloads are the point of several routes


class SiteServer:
    """The synthetic site on a real socket. `with SiteServer() as site: site.url("/syria/")`.

    `latency` seconds pass before each response (a distant server), after the request is logged.
    """

    def __init__(self, host: str = "127.0.0.1", port: int = 0, *, crawl_delay: float = 0.2,
                 robots_status: int = 200, latency: float = 0.0) -> None:
        self.crawl_delay = crawl_delay
        self.latency = latency
        self.robots_status = robots_status
        self.log = RequestLog()
        self.huge_bytes_sent = 0
        self.revised: set[int] = set()  # article numbers served in an updated version
        self._counts: dict[str, int] = {}
        self._lock = threading.Lock()
        self._httpd = _Server((host, port), _Handler)
        self._httpd.site = self
        self._thread = threading.Thread(target=self._httpd.serve_forever, args=(0.05,), name="test-site", daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}"

    def url(self, path: str) -> str:
        return self.base_url + path

    def count(self, key: str) -> int:
        with self._lock:
            self._counts[key] = self._counts.get(key, 0) + 1
            return self._counts[key]

    def start(self) -> SiteServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    def __enter__(self) -> SiteServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def gaps(entries: list[LoggedRequest]) -> list[float]:
    """Seconds between consecutive requests (for politeness assertions)."""
    times = sorted(e.at for e in entries)
    return [b - a for a, b in zip(times, times[1:])]


__all__ = ["LoggedRequest", "RequestLog", "SiteServer", "gaps"]
