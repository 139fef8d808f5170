"""A news site that publishes: sections whose new articles appear when a test says so.

`PublishingSite(sections={"syria": 30})` serves each section's listing (`/syria/`, pages of
`PER_PAGE`, newest first), its feed (`/syria/rss.xml`), a site-wide news sitemap and
robots.txt on 127.0.0.1; `site.publish("syria", 7)` adds seven articles at the top. Every
page answers conditional requests (ETag), and every request is logged (`site.log`).
"""
from __future__ import annotations

import hashlib
import threading
import time
from email.utils import format_datetime
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlsplit

from tests.site import content
from tests.site.server import LoggedRequest, RequestLog

PER_PAGE = 10


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    server: _Server

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        pass  # the RequestLog is the log

    def do_GET(self) -> None:  # noqa: N802 - stdlib naming
        site = self.server.site
        site.log.add(LoggedRequest(time.time(), "GET", self.path, dict(self.headers.items())))
        parts = urlsplit(self.path)
        page = site.render(unquote(parts.path), parse_qs(parts.query))
        if page is None:
            self._send(404, b"<h1>not found</h1>", "text/html; charset=utf-8", {})
            return
        body, kind = page
        etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
        headers = {"ETag": etag, **({"Cache-Control": f"max-age={site.max_age}"} if site.max_age else {})}
        if self.headers.get("If-None-Match") == etag:
            self._send(304, b"", None, headers)
        else:
            self._send(200, body, kind, headers)

    def _send(self, status: int, body: bytes, kind: str | None, headers: dict[str, str]) -> None:
        self.send_response(status)
        if kind:
            self.send_header("Content-Type", kind)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    site: PublishingSite


class PublishingSite:
    """Sections of `initial` articles each; `publish()` adds more, newest first everywhere.
    `ttl` (minutes) goes into the feeds, `max_age` (seconds) into every Cache-Control."""

    def __init__(self, sections: dict[str, int], *, ttl: int | None = None, max_age: int | None = None) -> None:
        self.log = RequestLog()
        self.ttl, self.max_age = ttl, max_age
        self._lock = threading.Lock()
        self._next = 0
        self._sections: dict[str, list[int]] = {name: [] for name in sections}
        for name, count in sections.items():
            self.publish(name, count)
        self._httpd = _Server(("127.0.0.1", 0), _Handler)
        self._httpd.site = self
        self._thread = threading.Thread(target=self._httpd.serve_forever, args=(0.05,), daemon=True)

    def publish(self, section: str, count: int) -> list[str]:
        """Add `count` articles to the section; returns their paths."""
        with self._lock:
            numbers = list(range(self._next, self._next + count))
            self._next += count
            self._sections[section].extend(numbers)
        return [self.path(section, n) for n in numbers]

    def path(self, section: str, number: int) -> str:
        return f"/{section}/{100000 + number}-{content.article(number).slug}"

    def paths(self, section: str) -> list[str]:
        with self._lock:
            return [self.path(section, n) for n in self._sections[section]]

    def url(self, path: str) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}{path}"

    def _newest(self, section: str) -> list[int]:
        with self._lock:
            return self._sections[section][::-1]

    def render(self, path: str, query: dict[str, list[str]]) -> tuple[bytes, str] | None:
        html, xml = "text/html; charset=utf-8", "application/xml"
        if path == "/robots.txt":
            return f"User-agent: *\nDisallow: /private/\n\nSitemap: {self.url('/sitemap.xml')}\n".encode(), "text/plain"
        if path == "/sitemap.xml":
            return self._sitemap().encode(), xml
        segments = [s for s in path.split("/") if s]
        if not segments or segments[0] not in self._sections:
            return None
        section = segments[0]
        if len(segments) == 1 and path.endswith("/"):
            page = int(query.get("page", ["1"])[0])
            listing = self._listing(section, page)
            return (listing.encode(), html) if listing else None
        if segments[1:] == ["rss.xml"]:
            return self._feed(section).encode(), "application/rss+xml; charset=utf-8"
        for number in self._newest(section):
            if self.path(section, number) == path:
                return self._article(number).encode(), html
        return None

    def _listing(self, section: str, page: int) -> str | None:
        numbers = self._newest(section)
        pages = max(1, -(-len(numbers) // PER_PAGE))
        if not 1 <= page <= pages:
            return None
        base = f"/{section}/"
        items = "".join(
            f'<div class="news-item"><h3 class="title"><a href="{escape(self.path(section, n))}">'
            f'{escape(content.article(n).headline)}</a></h3><p>{escape(content._SENTENCES[n % 5])}</p></div>'
            for n in numbers[(page - 1) * PER_PAGE: page * PER_PAGE])
        numbered = "".join(f'<a href="{base}?page={p}">{p}</a>' for p in range(1, pages + 1) if p != page)
        nxt = f'<a class="next" href="{base}?page={page + 1}">التالي »</a>' if page < pages else ""
        return (f'<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>{section}</title>'
                f'<link rel="alternate" type="application/rss+xml" href="{base}rss.xml"></head><body>'
                f'<main><h1>أخبار {section}</h1><div class="news-list">{items}</div>'
                f'<div class="pagination"><span class="current">{page}</span>{numbered}{nxt}</div></main></body></html>')

    def _article(self, number: int) -> str:
        a = content.article(number)
        body = "".join(f"<p>{escape(s)}</p>" for s in content._SENTENCES[:5])
        return (f'<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>{escape(a.headline)}'
                f'</title></head><body><article><h1>{escape(a.headline)}</h1>'
                f'<time datetime="{a.published.isoformat()}"></time>{body}</article></body></html>')

    def _feed(self, section: str) -> str:
        items = "".join(
            f"<item><title>{escape(content.article(n).headline)}</title>"
            f"<link>{escape(self.url(self.path(section, n)))}</link>"
            f"<pubDate>{format_datetime(content.article(n).published)}</pubDate></item>"
            for n in self._newest(section)[:PER_PAGE])
        ttl = f"<ttl>{self.ttl}</ttl>" if self.ttl else ""
        return f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>{section}</title>{ttl}{items}</channel></rss>'

    def _sitemap(self) -> str:
        newest = sorted((n, s) for s in self._sections for n in self._newest(s))[::-1][:30]
        urls = "".join(f"<url><loc>{escape(self.url(self.path(s, n)))}</loc></url>" for n, s in newest)
        return ('<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                f'{urls}</urlset>')

    def requests(self, prefix: str = "") -> list[str]:
        """Paths requested (decoded), in order, those under `prefix` only."""
        return [p for p in (unquote(e.path) for e in self.log.entries()) if p.startswith(prefix)]

    def __enter__(self) -> PublishingSite:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
