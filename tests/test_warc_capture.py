"""A WARC recorded by warcio's capture_http from a real local server imports into the same
articles as fetching the same pages directly with requests and storing them with add_html.

The capture runs in a subprocess: capture_http patches http.client when imported, so it
must come before requests is imported, which the test process has long done.
"""
from __future__ import annotations

import gzip
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import requests
import sqlalchemy as sa

from arabnews_archive.archive import Archive
from arabnews_archive.store.models import Fetch
from arabnews_archive.warc.importer import import_warc
from tests.conftest import news_page

CAPTURE = """
import sys
from warcio.capture_http import capture_http
import requests  # after capture_http, so that its connections are recorded

with capture_http(sys.argv[1]):
    for url in sys.argv[2:]:
        requests.get(url, timeout=10)
"""

STORIES = {
    "/politics/talks": ("جولة جديدة من المحادثات في الدوحة", [
        "بدأت في العاصمة القطرية الدوحة اليوم جولة جديدة من المحادثات بمشاركة وفود من عدة دول.",
        "وقال المتحدث باسم الخارجية إن الأجواء إيجابية وإن الاتفاق بات قريبا أكثر من أي وقت مضى.",
        "ومن المتوقع أن تستمر المحادثات ثلاثة أيام قبل صدور بيان ختامي.",
    ], "2024-05-20T14:00:00+03:00"),
    "/economy/oil": ("ارتفاع أسعار النفط في الأسواق العالمية", [
        "ارتفعت أسعار النفط اليوم بنسبة اثنين في المئة بعد قرار خفض الإنتاج.",
        "وسجل خام برنت أعلى مستوى له منذ ستة أشهر في تعاملات الصباح.",
        "ويرى محللون أن الأسعار قد تواصل الصعود خلال الربع المقبل.",
    ], "2024-05-21T09:15:00+00:00"),
    "/culture/book-fair": ("انطلاق معرض الكتاب بمشاركة ألف دار نشر", [
        "انطلقت فعاليات معرض الكتاب الدولي بمشاركة أكثر من ألف دار نشر عربية وأجنبية.",
        "ويضم المعرض هذا العام جناحا خاصا لأدب الأطفال وندوات يومية مع الكتاب.",
        "ويستمر المعرض حتى نهاية الشهر الجاري ويفتح أبوابه من العاشرة صباحا.",
    ], "2024-05-22T18:30:00+02:00"),
}
PNG = b"\x89PNG\r\n\x1a\n" + bytes(300)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, so the chunked page is really chunked

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        path = self.path
        if path in STORIES:
            title, paragraphs, published = STORIES[path]
            url = f"http://{self.headers['Host']}{path}"
            html = news_page(title, paragraphs, url=url, published=published, section="أخبار")
            if path == "/economy/oil":
                self._chunked(html.replace('charset="utf-8"', 'charset="windows-1256"').replace("٢٠٢٤", "2024")
                              .encode("cp1256"), "text/html; charset=windows-1256")
            elif path == "/politics/talks" and "gzip" in self.headers.get("Accept-Encoding", ""):
                self._send(200, gzip.compress(html.encode()), "text/html; charset=utf-8", ("Content-Encoding", "gzip"))
            else:
                self._send(200, html.encode(), "text/html; charset=utf-8")
        elif path == "/style.css":
            self._send(200, b"body { direction: rtl; }", "text/css")
        elif path == "/app.js":
            self._send(200, b"console.log('news');", "application/javascript")
        elif path == "/logo.png":
            self._send(200, PNG, "image/png")
        else:
            self._send(404, "<html><body><h1>الصفحة غير موجودة</h1></body></html>".encode(), "text/html; charset=utf-8")

    def _send(self, status: int, body: bytes, content_type: str, *extra: tuple[str, str]) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        for name, value in extra:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _chunked(self, body: bytes, content_type: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        for start in range(0, len(body), 700):
            piece = body[start:start + 700]
            self.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
        self.wfile.write(b"0\r\n\r\n")


@pytest.fixture
def site() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_captured_warc_imports_like_direct_fetches(site: str, tmp_path: Path, db_url: str) -> None:
    pages = [site + path for path in STORIES]
    others = [site + path for path in ("/style.css", "/app.js", "/logo.png", "/gone")]
    warc = tmp_path / "capture.warc.gz"
    subprocess.run([sys.executable, "-c", CAPTURE, str(warc), *pages, *others], check=True, timeout=60)

    with Archive(str(tmp_path / "direct.db")) as direct:
        for url in pages:
            response = requests.get(url, timeout=10)
            direct.add_html(url, response.content, headers=dict(response.headers))
        expected = {a.url: a for a in direct.articles()}

    with Archive(db_url) as archive:
        summary = import_warc(archive.database, [warc])
        assert summary.broken == [] and summary.parse_errors == 0
        assert (summary.fetches, summary.html_pages, summary.articles, summary.request_headers) == (4, 4, 3, 4)
        # The requests for skipped responses are skipped too; capture_http writes no warcinfo.
        assert summary.skipped == {"css": 1, "javascript": 1, "image": 1, "request": 3}
        imported = {a.url: a for a in archive.articles()}
        assert sorted(imported) == sorted(expected)
        for url, article in imported.items():
            assert article.title == expected[url].title
            assert article.paragraphs == expected[url].paragraphs and len(article.paragraphs) == 3
            assert article.published == expected[url].published is not None
        with archive.database.reading() as session:
            stored = {f.final_url: f for f in session.scalars(sa.select(Fetch))}
        talks = stored[site + "/politics/talks"]
        # Stored as requests gives it: the body decoded, the headers as sent.
        assert talks.headers["Content-Encoding"] == "gzip" and talks.request_headers["Host"].startswith("127.0.0.1")
        assert stored[site + "/economy/oil"].headers["Transfer-Encoding"] == "chunked"
        assert stored[site + "/gone"].status == 404
