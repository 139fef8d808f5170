"""WARC header injection (issue 13): a URL holding CR/LF never reaches a WARC header on export.

The write path now refuses such URLs, so the fetches are inserted here by the row writer
beneath it (`store.pages._add_fetch`), as archives written before it, or by other tools,
hold them. Exported through the Python API and `export --warc`, on SQLite
and PostgreSQL, every control character is percent-encoded: no forged
`WARC-Type: revisit` line, and warcio reads back exactly the records written, with
their digests intact.
"""
from __future__ import annotations

import gzip
import subprocess
import sys
from collections import Counter
from datetime import datetime, timedelta, timezone
from pathlib import Path

from click.testing import CliRunner
from warcio.archiveiterator import ArchiveIterator

from arabnews_archive.archive import Archive
from arabnews_archive.cli import main
from arabnews_archive.fetch.result import FetchResult
from arabnews_archive.store.pages import _add_fetch
from arabnews_archive.warc.controls import CONTROLS
from tests.conftest import news_page

WARCIO = str(Path(sys.executable).with_name("warcio"))
T0 = datetime(2024, 5, 1, 9, 0, tzinfo=timezone.utc)
FORGED = "\r\nWARC-Type: revisit\r\nWARC-Refers-To: <urn:uuid:forged>"
EVIL = "https://www.akhbar.example.net/news/1" + FORGED
ESCAPED = "https://www.akhbar.example.net/news/1%0D%0AWARC-Type: revisit%0D%0AWARC-Refers-To: <urn:uuid:forged>"
GOOD = "https://www.akhbar.example.net/news/2"
HTML = {"Content-Type": "text/html; charset=utf-8"}
# What the export holds: a warcinfo, a response and its request per fetch, a resource for the saved page.
RECORDS = {"warcinfo": 1, "response": 2, "request": 4, "revisit": 2, "resource": 1}


def _fill(archive: Archive) -> None:
    page = news_page("خبر بعنوان مزور", ["نص الخبر هنا وفيه تفاصيل كافية عن الحدث."], url=GOOD).encode()
    exchanges = [
        FetchResult(GOOD, GOOD, 200, HTML, page, T0),
        # A redirect from a forged URL to another, and a header value holding CR/LF.
        FetchResult(EVIL + "?from", EVIL, 200, {**HTML, "X-Note": "a" + FORGED}, page, T0 + timedelta(1),
                    redirects=[(301, EVIL)]),
        # The same body again: an identical-payload revisit referring to the forged URL.
        FetchResult(EVIL, EVIL, 200, HTML, page, T0 + timedelta(2)),
        FetchResult(EVIL, EVIL, 304, {}, b"", T0 + timedelta(3), not_modified=True),
        # A saved page (no HTTP exchange: a resource record); PostgreSQL would refuse a NUL.
        FetchResult(EVIL + "\x0bsaved", EVIL + "\x0bsaved", None, HTML, page, T0 + timedelta(4)),
    ]
    with archive.database.writing() as session:
        for exchange in exchanges:
            _add_fetch(session, exchange, None)


def _check(path: Path) -> None:
    raw = gzip.decompress(path.read_bytes())
    assert b"\nWARC-Type: revisit\r\nWARC-Refers-To: <urn:uuid:forged>" not in raw
    assert b"\nX-Note: a\r\n" not in raw and b"\x0b" not in raw
    with open(path, "rb") as stream:
        records = list(ArchiveIterator(stream))
    assert Counter(r.rec_type for r in records) == RECORDS
    for record in records:
        assert not any(CONTROLS.search(value) for _, value in record.rec_headers.headers)
        assert record.rec_headers.get_header("WARC-Refers-To") is None
    uris = Counter(r.rec_headers.get_header("WARC-Target-URI") for r in records if r.rec_type != "warcinfo")
    read = ESCAPED.replace(" ", "%20")  # warcio's reader percent-encodes the spaces of a target URI
    assert uris == {GOOD: 2, read: 6, read + "%0Bsaved": 1}
    refers = [r.rec_headers.get_header("WARC-Refers-To-Target-URI") for r in records if r.rec_type == "revisit"]
    assert ESCAPED in refers
    responses = [r for r in records if r.rec_type == "response" and r.http_headers.get_header("X-Note")]
    assert [r.http_headers.get_header("X-Note") for r in responses] == [
        "a%0D%0AWARC-Type: revisit%0D%0AWARC-Refers-To: <urn:uuid:forged>"]
    # warcio's own check: every record reads whole and its digests verify.
    subprocess.run([WARCIO, "check", str(path)], check=True, capture_output=True)


def test_api_export_percent_encodes_control_characters(archive: Archive, tmp_path: Path) -> None:
    _fill(archive)
    path = tmp_path / "out.warc.gz"
    summary = archive.export_warc(path)
    assert (summary.fetches, summary.escaped) == (5, 4)
    _check(path)


def test_cli_export_percent_encodes_control_characters(db_url: str, tmp_path: Path) -> None:
    with Archive(db_url) as archive:
        _fill(archive)
    path = tmp_path / "out.warc.gz"
    result = CliRunner().invoke(main, ["export", "--warc", "-o", str(path), "--db", db_url])
    assert result.exit_code == 0, result.output
    assert "4 records with control characters in WARC headers" in result.output
    _check(path)
