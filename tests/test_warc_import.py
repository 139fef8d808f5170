"""What import keeps and skips, on files written the ways other tools write them:
Common Crawl (WARC/1.0, request/response/metadata, revisits, X-Crawler- headers),
wget (request before response), and the older ARC format, gzipped or not.
"""
from __future__ import annotations

import gzip
import io
from datetime import datetime, timezone
from pathlib import Path

import sqlalchemy as sa
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from arabnews_archive.archive import Archive
from arabnews_archive.store.fetches import body_bytes
from arabnews_archive.store.models import Fetch
from arabnews_archive.warc.importer import import_warc
from arabnews_archive.warc.records import payload_digest
from tests.conftest import news_page

SITE = "https://www.akhbar.example.net"
PNG = b"\x89PNG\r\n\x1a\n" + bytes(100)


def page(n: int) -> bytes:
    return news_page(f"خبر عاجل رقم {n} من العاصمة", [
        f"قالت مصادر رسمية اليوم إن الاجتماع رقم {n} انتهى باتفاق على خطة عمل للأشهر المقبلة.",
        "وأضافت المصادر أن الخطة تشمل مشاريع في قطاعات التعليم والصحة والنقل.",
    ], url=f"{SITE}/news/{n}").encode()


class Writer:
    """Records written like another crawler would, raw HTTP bytes as the payload."""

    def __init__(self, version: str = "1.0") -> None:
        self.out = io.BytesIO()
        self.warc = WARCWriter(self.out, gzip=True, warc_version=version)

    def response(self, uri: str, date: str, head: str, body: bytes, **fields: str) -> str:
        raw = head.replace("\n", "\r\n").encode() + b"\r\n\r\n" + body
        record = self.warc.create_warc_record(uri, "response", payload=io.BytesIO(raw), length=len(raw),
                                              warc_headers_dict={"WARC-Date": date, **fields})
        self.warc.write_record(record)
        return record.rec_headers.get_header("WARC-Record-ID")

    def request(self, uri: str, date: str, **fields: str) -> str:
        path = uri.split("/", 3)[3]
        raw = f"GET /{path} HTTP/1.1\r\nHost: www.akhbar.example.net\r\nUser-Agent: CCBot/2.0\r\n\r\n".encode()
        record = self.warc.create_warc_record(uri, "request", payload=io.BytesIO(raw), length=len(raw),
                                              warc_headers_dict={"WARC-Date": date, **fields})
        self.warc.write_record(record)
        return record.rec_headers.get_header("WARC-Record-ID")

    def record(self, uri: str, kind: str, payload: bytes, content_type: str, date: str) -> None:
        self.warc.write_record(self.warc.create_warc_record(
            uri, kind, payload=io.BytesIO(payload), length=len(payload), warc_content_type=content_type,
            warc_headers_dict={"WARC-Date": date}))

    def revisit(self, uri: str, date: str, body: bytes, refers_to: tuple[str, str] | None) -> None:
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        record = self.warc.create_revisit_record(uri, payload_digest(body), *(refers_to or (None, None)),
                                                 http_headers=http, warc_headers_dict={"WARC-Date": date})
        for name in ("WARC-Refers-To-Target-URI", "WARC-Refers-To-Date"):
            if refers_to is None:
                record.rec_headers.remove_header(name)
        self.warc.write_record(record)

    def save(self, path: Path) -> Path:
        path.write_bytes(self.out.getvalue())
        return path


def common_crawl_like(path: Path) -> Path:
    w = Writer()
    w.record("", "warcinfo", b"software: Apache Nutch\r\n", "application/warc-fields", "2024-02-01T00:00:00Z")
    w.record("dns:www.akhbar.example.net", "resource", b"20240201 www.akhbar.example.net. 60 IN A 127.0.0.1\n",
             "text/dns", "2024-02-01T00:00:01Z")
    # Common Crawl stores payloads decoded and renames the headers that no longer apply.
    for n, date in ((1, "2024-02-01T10:00:00Z"), (2, "2024-02-01T10:00:05Z")):
        url = f"{SITE}/news/{n}"
        w.request(url, date)
        w.response(url, date, "HTTP/1.1 200 OK\nContent-Type: text/html; charset=UTF-8\nX-Crawler-Content-Encoding: gzip"
                   f"\nX-Crawler-Content-Length: 911\nContent-Length: {len(page(n))}", page(n))
        w.record(url, "metadata", b"fetchTimeMs: 120\r\n", "application/warc-fields", date)
    w.response(f"{SITE}/old", "2024-02-01T10:01:00Z", f"HTTP/1.1 301 Moved Permanently\nLocation: {SITE}/news/1\n"
               "Content-Type: text/html\nContent-Length: 0", b"")
    w.response(f"{SITE}/plain/3", "2024-02-01T10:02:00Z", "HTTP/1.1 200 OK\nContent-Type: text/plain", page(3))
    w.response(f"{SITE}/logo", "2024-02-01T10:03:00Z", "HTTP/1.1 200 OK\nContent-Type: application/octet-stream", PNG)
    w.response(f"{SITE}/style.css", "2024-02-01T10:03:01Z", "HTTP/1.1 200 OK\nContent-Type: text/css", b"p{}")
    w.revisit(f"{SITE}/news/1", "2024-03-01T10:00:00Z", page(1), (f"{SITE}/news/1", "2024-02-01T10:00:00Z"))
    w.revisit(f"{SITE}/news/2", "2024-03-01T10:00:05Z", page(2), None)  # digest only: found by it
    w.revisit(f"{SITE}/news/9", "2024-03-01T10:00:09Z", page(9), (f"{SITE}/news/9", "2023-01-01T00:00:00Z"))
    return w.save(path)


def test_common_crawl_like_file(archive: Archive, tmp_path: Path) -> None:
    summary = import_warc(archive.database, [common_crawl_like(tmp_path / "CC-MAIN-test.warc.gz")])
    assert summary.broken == []
    assert summary.skipped == {"warcinfo": 1, "dns": 1, "metadata": 2, "css": 1, "application/octet-stream": 1}
    assert (summary.fetches, summary.html_pages, summary.articles) == (6, 5, 5)
    assert (summary.unresolved_revisits, summary.request_headers) == (1, 2)
    with archive.database.reading() as session:
        stored = {(f.final_url, f.fetched_at.isoformat()): f for f in session.scalars(sa.select(Fetch))}
        first = stored[(f"{SITE}/news/1", "2024-02-01T10:00:00+00:00")]
        assert first.headers == {"Content-Type": "text/html; charset=UTF-8", "Content-Encoding": "gzip",
                                 "Content-Length": "911"}
        assert first.request_headers == {"Host": "www.akhbar.example.net", "User-Agent": "CCBot/2.0"}
        again = stored[(f"{SITE}/news/1", "2024-03-01T10:00:00+00:00")]
        assert body_bytes(session, again.id) == page(1) and again.status == 200
        assert (stored[(f"{SITE}/news/2", "2024-03-01T10:00:05+00:00")].content_hash
                == stored[(f"{SITE}/news/2", "2024-02-01T10:00:05+00:00")].content_hash)
        moved = stored[(f"{SITE}/old", "2024-02-01T10:01:00+00:00")]
        assert moved.status == 301 and moved.headers["Location"] == f"{SITE}/news/1"
    titles = {a.canonical_url: a.title for a in archive.articles()}
    assert titles[f"{SITE}/news/3"] == "خبر عاجل رقم 3 من العاصمة"  # sniffed behind text/plain
    assert len(titles) == 3  # the re-fetches update their stories; the 301 is not parsed

    twice = import_warc(archive.database, [tmp_path / "CC-MAIN-test.warc.gz"])
    assert (twice.fetches, twice.duplicates, twice.unresolved_revisits) == (0, 6, 1)


def test_request_written_before_its_response(archive: Archive, tmp_path: Path) -> None:
    w = Writer("1.1")
    url, date = f"{SITE}/news/4", "2024-04-01T12:00:00Z"
    request_id = w.request(url, date)
    w.response(url, date, "HTTP/1.1 200 OK\nContent-Type: text/html; charset=utf-8", page(4),
               **{"WARC-Concurrent-To": request_id})
    summary = import_warc(archive.database, [w.save(tmp_path / "wget.warc.gz")])
    assert (summary.fetches, summary.articles, summary.request_headers, summary.skipped) == (1, 1, 1, {})
    with archive.database.reading() as session:
        fetch = session.scalars(sa.select(Fetch)).one()
    assert fetch.request_headers == {"Host": "www.akhbar.example.net", "User-Agent": "CCBot/2.0"}
    assert fetch.fetched_at == datetime(2024, 4, 1, 12, tzinfo=timezone.utc)


def _arc(records: list[tuple[str, str, bytes]]) -> list[bytes]:
    """ARC v1 records: a file header, then one per (URL, date, HTTP response bytes)."""
    names = b"1 0 arabnews-test\nURL IP-address Archive-date Content-type Archive-length\n"
    out = [b"filedesc://test.arc 0.0.0.0 20240115103000 text/plain %d\n%s\n" % (len(names), names)]
    for url, date, http in records:
        out.append(b"%s 127.0.0.1 %s text/html %d\n%s\n" % (url.encode(), date.encode(), len(http), http))
    return out


def test_arc_files_plain_and_gzipped(archive: Archive, tmp_path: Path) -> None:
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"
    members = _arc([(f"{SITE}/news/5", "20240115103000", http + page(5)),
                    (f"{SITE}/logo.png", "20240115103001", b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\n" + PNG)])
    plain = tmp_path / "old.arc"
    plain.write_bytes(b"".join(members))
    zipped = tmp_path / "old2.arc.gz"
    members = _arc([(f"{SITE}/news/6", "20240116103000", http + page(6))])
    zipped.write_bytes(b"".join(gzip.compress(m) for m in members))
    summary = import_warc(archive.database, [plain, zipped])
    assert summary.broken == []
    assert (summary.files, summary.fetches, summary.articles) == (2, 2, 2)
    assert summary.skipped == {"warcinfo": 2, "image": 1}
    assert {a.title for a in archive.articles()} == {"خبر عاجل رقم 5 من العاصمة", "خبر عاجل رقم 6 من العاصمة"}
    with archive.database.reading() as session:
        dates = sorted(f.fetched_at for f in session.scalars(sa.select(Fetch)))
    assert dates[0] == datetime(2024, 1, 15, 10, 30, tzinfo=timezone.utc)
