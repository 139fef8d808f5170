"""A hostile news site on 127.0.0.1: every route an attack on the crawler that reads it.

The section `/section/` lists good articles (`/news/3000NN/...`) beside article-shaped links
that redirect where a crawler must not go (a `Location` of raw bytes, `http://[::1`, another
loopback address, a path robots.txt forbids, another host's forbidden path), trickle a byte
a second, or hide in a chain of sitemap indexes; robots.txt names sitemaps on other hosts
and the page announces a feed on one. `HOSTILE` names each route and what the crawl must
record for it. Nothing here is ever sent anywhere but 127.0.0.1: the refused addresses
are refused before any connection.
"""
from __future__ import annotations

import codecs
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote, urlsplit

from tests.conftest import news_page
from tests.site.server import RequestLog, LoggedRequest

SECTION = "/section/"
GOOD = {300001 + n: f"وزارة الصحة تعلن خطة جديدة لتطوير المستشفيات في المحافظات رقم {n + 1}" for n in range(4)}
PARAGRAPHS = [
    "أعلنت وزارة الصحة اليوم عن خطة جديدة لتطوير المستشفيات الحكومية في عدد من المحافظات خلال العام المقبل.",
    "وقال الوزير في مؤتمر صحفي إن الخطة تشمل تحديث الأجهزة الطبية وتدريب الكوادر وزيادة عدد الأسرة.",
    "وأضاف أن التمويل سيأتي من الموازنة العامة ومن منح دولية جرى الاتفاق عليها في الأشهر الماضية.",
]
ROBOTS = "User-agent: *\nDisallow: /private/\n"
# A second site's rules, for the cross-host redirects: its /blocked/ is forbidden, its Crawl-delay long.
OTHER_ROBOTS = "User-agent: *\nDisallow: /blocked/\nCrawl-delay: 0.5\n"
SITEMAP_CHAIN = 40  # sitemap indexes, each naming the next


def robots_11mb() -> bytes:
    """Rules in the first lines, then comments past 10 MB (RFC 9309: parse the first 500 KiB)."""
    return ROBOTS.encode() + b"# padding line of a very long robots.txt\n" * 270_000


def robots_utf16() -> bytes:
    return codecs.BOM_UTF16_LE + ROBOTS.encode("utf-16-le")


class HostileSite:
    """`with HostileSite() as site:`; `other` is a second, well-behaved host on 127.0.0.1 the
    hostile routes redirect to. `robots` replaces robots.txt's bytes; `hostile=False` leaves
    only the good articles and the redirect into /private/ on the section page."""

    def __init__(self, *, robots: bytes | None = None, hostile: bool = True, section_status: int = 200) -> None:
        self.hostile = hostile
        self.section_status = section_status
        self.log = RequestLog()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self._httpd.daemon_threads = True
        self._httpd.block_on_close = False  # the slow route must not hold up shutdown
        self._httpd.site = self  # type: ignore[attr-defined]
        self.robots = robots if robots is not None else (ROBOTS + self._sitemap_lines()).encode()
        self.other: HostileSite | None = None
        if hostile:
            self.other = HostileSite(robots=OTHER_ROBOTS.encode(), hostile=False)

    @property
    def port(self) -> int:
        return self._httpd.server_address[1]

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, path: str) -> str:
        return self.base_url + path

    def _sitemap_lines(self) -> str:
        # Sitemaps on other hosts (another loopback address, IPv6 loopback), one no URL at all.
        return (f"Sitemap: http://127.0.0.2:{self.port}/sitemap.xml\nSitemap: http://[::1]:{self.port}/sitemap.xml\n"
                f"Sitemap: http://[::1\nSitemap: {self.base_url}/sitemap.xml\n")

    def links(self) -> dict[int, str]:
        """Article id -> where its link leads (good ones: themselves)."""
        assert self.other is not None or not self.hostile
        links = {number: "" for number in GOOD}
        links[300015] = "/private/secret.html"  # into a path robots.txt forbids
        if self.hostile:
            other = self.other.base_url  # type: ignore[union-attr]
            links.update({
                300011: "raw bytes",
                300012: "http://[::1",
                300013: f"http://127.0.0.2:{self.port}/news/300001/x",
                300014: f"http://[::1]:{self.port}/news/300001/x",
                300016: "slow",
                300017: f"{other}/blocked/page.html",
                300018: f"{other}/news/300002/x",
            })
        return links

    def start(self) -> HostileSite:
        threading.Thread(target=self._httpd.serve_forever, args=(0.05,), daemon=True).start()
        if self.other is not None:
            self.other.start()
        return self

    def stop(self) -> None:
        if self.other is not None:
            self.other.stop()
        self._httpd.shutdown()
        self._httpd.server_close()

    def __enter__(self) -> HostileSite:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _listing(site: HostileSite) -> str:
    items = "".join(
        f'<div class="news-item"><h3 class="title"><a href="/news/{number}/{_headline(number).replace(" ", "-")}">'
        f'{_headline(number)}</a></h3><p>{PARAGRAPHS[number % 3]}</p></div>'
        for number in site.links())
    feed = (f'<link rel="alternate" type="application/rss+xml" href="http://127.0.0.2:{site.port}/rss.xml">'
            if site.hostile else "")
    return (f'<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>أخبار</title>{feed}</head>'
            f'<body><main><h1>أخبار المحافظات</h1>{items}</main></body></html>')


def _headline(number: int) -> str:
    return GOOD.get(number) or f"الإعلان عن نتائج جديدة في قضية مهمة جدا رقم {number}"


def _sitemap(number: int, base: str) -> bytes:
    """Sitemap index `number`, naming the next one: a chain no crawler should walk to its end."""
    child = f"{base}/sitemaps/{number + 1}.xml" if number < SITEMAP_CHAIN else None
    inner = f"<sitemap><loc>{child}</loc></sitemap>" if child else ""
    return (f'<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f"{inner}</sitemapindex>").encode()


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        pass

    def send(self, status: int, body: bytes, content_type: str = "text/html; charset=utf-8",
             headers: dict[str, bytes] | None = None) -> None:
        # Raw bytes on the wire: http.server would encode a Location as Latin-1 text.
        lines = [f"HTTP/1.1 {status} X".encode(), f"Content-Type: {content_type}".encode(),
                 f"Content-Length: {len(body)}".encode()]
        lines += [name.encode() + b": " + value for name, value in (headers or {}).items()]
        self.wfile.write(b"\r\n".join(lines) + b"\r\n\r\n" + body)

    def do_GET(self) -> None:  # noqa: N802 - stdlib naming
        site: HostileSite = self.server.site  # type: ignore[attr-defined]
        site.log.add(LoggedRequest(time.time(), "GET", self.path, dict(self.headers.items())))
        path = unquote(urlsplit(self.path).path)
        if path == "/robots.txt":
            self.send(200, site.robots, "text/plain")
        elif path == SECTION:
            self.send(site.section_status, _listing(site).encode())
        elif path == "/sitemap.xml" or path.startswith("/sitemaps/"):
            number = 0 if path == "/sitemap.xml" else int(path.split("/")[2].split(".")[0])
            self.send(200, _sitemap(number, site.base_url), "application/xml")
        elif path.startswith("/news/"):
            self._article(site, int(path.split("/")[2]))
        else:
            self.send(404, b"<h1>404</h1>")

    def _article(self, site: HostileSite, number: int) -> None:
        target = site.links().get(number)
        if target is None:
            self.send(404, b"<h1>404</h1>")
        elif target == "":  # a good article (any slug: redirects land on them with their own)
            self.send(200, news_page(_headline(number), PARAGRAPHS, url=site.url(f"/news/{number}/")).encode())
        elif target == "slow":
            self._trickle()
        elif target == "raw bytes":  # Latin-1 bytes, not UTF-8: requests used to raise on them
            self.send(302, b"", headers={"Location": b"/news/300001/caf\xe9-\xff"})
        else:
            self.send(302, b"", headers={"Location": target.encode()})

    def _trickle(self) -> None:
        """Headers at once, then a byte a second for as long as the client listens (60 s at most)."""
        try:
            self.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 60\r\n\r\n")
            for _ in range(60):
                self.wfile.write(b"x")
                self.wfile.flush()
                time.sleep(1)
        except OSError:
            pass  # the client gave up: what its deadline is for
        self.close_connection = True
