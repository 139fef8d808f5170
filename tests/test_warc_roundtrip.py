"""Export an archive as WARC, import it into an empty one: every fetch and article comes back.

Runs on SQLite, and on PostgreSQL when $ARABNEWS_TEST_POSTGRES_URL is set. The
exported file is also checked by warcio's own `check` and `index` commands.
"""
from __future__ import annotations

import gzip
import json
import subprocess
import sys
import uuid
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from click.testing import CliRunner
from warcio.archiveiterator import ArchiveIterator

from arabnews_archive.archive import Archive
from arabnews_archive.cli import main
from arabnews_archive.fetch.result import FetchResult
from arabnews_archive.store.fetches import body_bytes
from arabnews_archive.store.models import Fetch
from arabnews_archive.store.pages import store_page
from arabnews_archive.warc.export import export_warc
from arabnews_archive.warc.importer import import_warc
from tests.conftest import STORIES, news_page

WARCIO = str(Path(sys.executable).with_name("warcio"))
T0 = datetime(2024, 3, 1, 8, 0, 0, 123456, tzinfo=timezone.utc)
SCHOOL, SPORT, BUDGET = STORIES
# What requests sends (http.client adds Host itself, so it is not among them).
SENT = {"User-Agent": "arabnews-archive/0.1.0", "Accept-Encoding": "gzip, deflate",
        "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.5", "Connection": "keep-alive",
        "Accept-Language": "ar,en;q=0.5"}
UTF8_HEADERS = {"content-type": "text/html; charset=utf-8", "content-encoding": "gzip", "content-length": "1834",
                "vary": "Accept-Encoding", "server": "nginx",
                # A header value sent as UTF-8 bytes, which requests decodes as ISO-8859-1.
                "x-section": "محليات".encode().decode("iso-8859-1")}


def story_page(url: str, *, changed: bool = False) -> str:
    title, paragraphs, published, section = STORIES[url]
    if changed:
        title, paragraphs = title + " (محدث)", [*paragraphs, "وتم تحديث هذا الخبر بعد نشره بساعات."]
    return news_page(title, paragraphs, url=url, published=published, section=section)


def cp1256_page() -> bytes:
    html = news_page("أمطار غزيرة في عمّان", ["هطلت أمطار غزيرة على العاصمة الأردنية عمّان صباح اليوم.",
                                              "وقالت دائرة الأرصاد إن الأمطار ستستمر حتى نهاية الأسبوع."],
                     url="https://www.akhbar.example.net/weather/rain", section="طقس")
    # Windows-1256 has no Arabic-Indic digits: the footer's year is written in Western ones.
    html = html.replace('<meta charset="utf-8">', '<meta charset="windows-1256">').replace("٢٠٢٤", "2024")
    return html.encode("cp1256")


def crawled(archive: Archive, url: str, body: bytes | None, at: datetime, **fetch: Any) -> None:
    """Store a response the way the crawler does, with its article when its page holds one."""
    fetch.setdefault("status", 200)
    fetch.setdefault("headers", UTF8_HEADERS)
    fetch.setdefault("request_headers", SENT)
    exchange = FetchResult(url, fetch.pop("final_url", url), fetch.pop("status"), fetch.pop("headers"), body or b"",
                           at, request_headers=fetch.pop("request_headers") or {}, **fetch)
    with archive.database.writing() as session:
        store_page(session, exchange, exchange.read())


def fill(archive: Archive) -> None:
    """A small crawl history: pages, a redirect, a 404, re-fetches, a 304, a failure, an imported file."""
    school = story_page(SCHOOL).encode()
    crawled(archive, SCHOOL, school, T0)
    crawled(archive, "http://example-news.com/sport/final?utm_source=x", story_page(SPORT).encode(),
            T0 + timedelta(minutes=1), final_url=SPORT, redirects=[(301, SPORT)])
    crawled(archive, "https://www.akhbar.example.net/weather/rain", cp1256_page(), T0 + timedelta(minutes=2),
            headers={"content-type": "text/html; charset=windows-1256", "transfer-encoding": "chunked"})
    crawled(archive, "https://www.example-news.com/local/missing", None, T0 + timedelta(minutes=3),
            status=404, error="HTTP 404", headers={"content-type": "text/html; charset=utf-8", "content-length": "162"})
    crawled(archive, SCHOOL, school, T0 + timedelta(days=1))  # identical re-fetch: a revisit record
    crawled(archive, SPORT, story_page(SPORT, changed=True).encode(), T0 + timedelta(days=2))  # a new version
    crawled(archive, SCHOOL, None, T0 + timedelta(days=3), status=304, not_modified=True,
            headers={"etag": '"abc"'}, request_headers={**SENT, "If-None-Match": '"abc"'})
    crawled(archive, "https://www.example-news.com/slow", None, T0 + timedelta(days=3), status=None,
            error="timeout (read 30s)", headers={})
    crawled(archive, SCHOOL, school, T0 + timedelta(days=4), request_headers=None)  # sent headers unknown
    archive.add_html(BUDGET, story_page(BUDGET), fetched_at=T0 + timedelta(days=5))  # a saved file: no HTTP


def fetches(archive: Archive) -> list[dict[str, Any]]:
    """Every fetch as comparable values (ids and body ids differ between archives)."""
    with archive.database.reading() as session:
        rows = session.scalars(sa.select(Fetch).order_by(Fetch.id)).all()
        return [
            {"requested_url": f.requested_url, "final_url": f.final_url, "status": f.status, "headers": f.headers,
             "fetched_at": f.fetched_at, "redirects": f.redirects, "not_modified": f.not_modified, "error": f.error,
             "request_headers": f.request_headers, "size": f.size, "content_hash": f.content_hash,
             "body": body_bytes(session, f.id)}
            for f in rows
        ]


def articles(archive: Archive) -> list[dict[str, Any]]:
    found = []
    for article in archive.articles():
        history = [(r.article.replace(id=None).to_dict(), r.fetched_at, r.superseded_at)
                   for r in archive.revisions(article.id)]  # type: ignore[arg-type]
        found.append({"article": article.replace(id=None).to_dict(), "revisions": history})
    return found


@pytest.fixture
def empty_db_url(db_url: str, tmp_path: Path) -> Iterator[str]:
    """A second empty database on the same backend as `db_url`."""
    if db_url.startswith("sqlite"):
        yield f"sqlite:///{tmp_path / 'copy.db'}"
        return
    name = f"arabnews_test_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(sa.make_url(db_url), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield sa.make_url(db_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


def test_round_trip_keeps_every_fetch_and_article(archive: Archive, empty_db_url: str, tmp_path: Path) -> None:
    fill(archive)
    path = tmp_path / "archive.warc.gz"
    exported = export_warc(archive.database, path)
    assert (exported.fetches, exported.responses, exported.revisits, exported.not_modified, exported.resources,
            exported.skipped_no_response) == (9, 5, 2, 1, 1, 1)
    with Archive(empty_db_url) as copy:
        summary = import_warc(copy.database, [path])
        assert summary.broken == [] and summary.unresolved_revisits == 0 and summary.parse_errors == 0
        assert (summary.fetches, summary.articles, summary.request_headers) == (9, 7, 7)
        assert summary.skipped == {"warcinfo": 1}
        original = [f for f in fetches(archive) if f["error"] != "timeout (read 30s)"]
        assert fetches(copy) == original
        assert articles(copy) == articles(archive)
        assert len(articles(copy)[1]["revisions"]) == 1  # the sport story changed once

        again = import_warc(copy.database, [path])
        assert (again.fetches, again.duplicates, again.articles) == (0, 9, 0)
        assert len(fetches(copy)) == len(original)


def test_records_written(archive: Archive, tmp_path: Path) -> None:
    fill(archive)
    path = tmp_path / "archive.warc.gz"
    export_warc(archive.database, path)
    with open(path, "rb") as stream:
        records = [(r.rec_type, r.rec_headers, r.http_headers, r.content_stream().read())
                   for r in ArchiveIterator(stream)]
    assert [t for t, *_ in records][:3] == ["warcinfo", "response", "request"]
    info = records[0][3].decode()
    assert "software: arabnews-archive/" in info and "warcio/" in info
    responses = {h.get_header("WARC-Record-ID"): h for t, h, *_ in records if t in ("response", "revisit")}
    for rec_type, headers, http, _ in records:
        assert headers.get_header("WARC-Block-Digest")
        if rec_type == "request":
            assert headers.get_header("WARC-Concurrent-To") in responses
            assert http.protocol == "GET" and http.get_header("Host")

    school = [(h, http, payload) for t, h, http, payload in records
              if t in ("response", "revisit") and h.get_header("WARC-Target-URI") == SCHOOL]
    first, again, not_modified, unknown_sent = school
    assert first[0].get_header("WARC-Date") == "2024-03-01T08:00:00.123456Z"
    assert first[0].get_header("WARC-Payload-Digest").startswith("sha1:")
    # The stored body is already decoded: the gzip header is kept renamed, the length fixed.
    assert first[1].get_header("Content-Encoding") is None
    assert first[1].get_header("X-Archive-Orig-Content-Encoding") == "gzip"
    assert first[1].get_header("Content-Length") == str(len(first[2]))
    assert again[0].get_header("WARC-Profile").endswith("/revisit/identical-payload-digest")
    assert again[0].get_header("WARC-Refers-To-Target-URI") == SCHOOL
    assert again[0].get_header("WARC-Refers-To-Date") == first[0].get_header("WARC-Date")
    assert again[0].get_header("WARC-Payload-Digest") == first[0].get_header("WARC-Payload-Digest")
    assert not_modified[0].get_header("WARC-Profile").endswith("/revisit/server-not-modified")
    assert not_modified[1].statusline.startswith("304")
    assert unknown_sent[0].get_header("WARC-Type") == "revisit"

    sport = next(h for t, h, *_ in records if t == "response" and h.get_header("WARC-Target-URI") == SPORT)
    extras = json.loads(sport.get_header("Arabnews-Fetch"))
    assert extras == {"requested_url": "http://example-news.com/sport/final?utm_source=x", "redirects": [f"301 {SPORT}"]}
    assert all(h.get_header("WARC-Target-URI") != "https://www.example-news.com/slow" for _, h, *_ in records)


def test_filters_by_site_and_fetch_date(archive: Archive, tmp_path: Path) -> None:
    fill(archive)
    path = tmp_path / "some.warc.gz"
    assert export_warc(archive.database, path, site="akhbar.example.net").fetches == 1
    assert export_warc(archive.database, path, site="example-news.com", until="2024-03-01").fetches == 3  # 404 included
    # The identical re-fetch is a full response when its first fetch is left out of the file.
    summary = export_warc(archive.database, path, since="2024-03-02")
    assert (summary.responses, summary.revisits) == (2, 1)


def test_warcio_check_and_index_accept_the_export(archive: Archive, tmp_path: Path) -> None:
    fill(archive)
    path = tmp_path / "archive.warc.gz"
    export_warc(archive.database, path)
    checked = subprocess.run([WARCIO, "check", "-v", str(path)], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "digest pass" in checked.stdout and "failed" not in checked.stdout
    indexed = subprocess.run([WARCIO, "index", "-f", "warc-type,warc-target-uri,http:status", str(path)],
                             capture_output=True, text=True)
    assert indexed.returncode == 0, indexed.stderr
    lines = [json.loads(line) for line in indexed.stdout.splitlines()]
    assert lines[0] == {"warc-type": "warcinfo"}
    assert {"warc-type": "response", "warc-target-uri": SPORT, "http:status": "200"} in lines
    assert {"warc-type": "response", "warc-target-uri": "https://www.example-news.com/local/missing",
            "http:status": "404"} in lines
    assert {"warc-type": "revisit", "warc-target-uri": SCHOOL, "http:status": "304"} in lines
    assert {"warc-type": "resource", "warc-target-uri": BUDGET} in lines
    assert sum(line["warc-type"] == "request" for line in lines) == 8
    with gzip.open(path) as whole:  # gzip per record: also readable as one stream
        assert whole.read().count(b"WARC/1.1\r\n") == len(lines)


def test_cli_export_and_import(db_url: str, empty_db_url: str, tmp_path: Path) -> None:
    with Archive(db_url) as archive:
        fill(archive)
    path = tmp_path / "cli.warc.gz"
    runner = CliRunner()
    exported = runner.invoke(main, ["export", "--format", "warc", "-o", str(path), "--db", db_url])
    assert exported.exit_code == 0, exported.output
    assert "exported 9 fetches" in exported.output and "1 failed attempt without" in exported.output
    imported = runner.invoke(main, ["import-warc", str(path), "--db", empty_db_url])
    assert imported.exit_code == 0, imported.output
    assert "stored 9 fetches (7 HTML), 7 articles" in imported.output
    shown = runner.invoke(main, ["show", SPORT, "--json", "--db", empty_db_url])
    assert json.loads(shown.output)["title"].endswith("(محدث)")
    refused = runner.invoke(main, ["export", "--format", "warc", "--db", db_url])
    assert refused.exit_code == 1 and "-o FILE.warc.gz" in refused.output
    refused = runner.invoke(main, ["export", "--format", "warc", "--section", "x", "-o", str(path), "--db", db_url])
    assert refused.exit_code == 1 and "--section" in refused.output
