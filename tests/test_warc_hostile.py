"""Hostile WARC files (issue 13): no record stops an import or fills memory.

Each crafted file holds a good page, the hostile record, another good page, and a
second file a third page. Imported through the Python API and through `import-warc`,
on SQLite and PostgreSQL, the import completes, stores the three pages, and reports
the hostile record once, on a line with its file, offset and reason: "skipped
record" for one the archive refuses, "broken record" for a damaged one. The exit
status is 0: it is 1 only when no record at all could be read.

Decompression bombs are built compactly (64 MB of zeros is 64 KB of gzip) and
imported with a 1 MB cap; the benchmark benchmarks/warc_bomb.py measures memory and
time on the issue's 512 MB bomb.
"""
from __future__ import annotations

import json
import secrets
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest
from click.testing import CliRunner

from arabnews_archive.archive import Archive
from arabnews_archive.cli import main
from arabnews_archive.warc.importer import ImportSummary
from tests.conftest import news_page

CAP = 1 << 20  # 1 MB: the bombs below unfold to 64 MB
BOMB = 64 << 20
DATE = "2024-05-01T12:00:00Z"
SITE = "https://www.akhbar.example.net"
TITLES = ["افتتاح مكتبة عامة في حمص", "ارتفاع صادرات الزيتون هذا العام", "مهرجان للمسرح في قرطاج"]


def _page(i: int) -> bytes:
    return news_page(TITLES[i], [f"{TITLES[i]}: هذا نص الخبر وفيه تفاصيل كافية عن الحدث وما جرى فيه.",
                                 "وقال المسؤولون إن العمل سيستمر حتى تحقيق جميع الأهداف المعلنة."],
                     url=f"{SITE}/news/{i}").encode()


def _http(body: bytes, *headers: str) -> bytes:
    head = "\r\n".join(["HTTP/1.1 200 OK", "Content-Type: text/html; charset=utf-8", *headers])
    return head.encode() + b"\r\n\r\n" + body


def _head(uri: str | None, length: int | str, rec_type: str = "response", **fields: str) -> bytes:
    """A WARC header block written by hand, so that hostile values go in exactly as given."""
    lines = ["WARC/1.1", f"WARC-Type: {rec_type}", f"WARC-Date: {DATE}"]
    lines += [] if uri is None else [f"WARC-Target-URI: {uri}"]
    lines += [f"{name.replace('_', '-')}: {value}" for name, value in fields.items()]
    lines += ["Content-Type: application/http; msgtype=response", f"Content-Length: {length}"]
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


def _record(uri: str | None, block: bytes, length: int | str | None = None, **fields: str) -> bytes:
    return _head(uri, len(block) if length is None else length, **fields) + block + b"\r\n\r\n"


def _member(parts: Iterable[bytes]) -> bytes:
    """One gzip member, fed piece by piece: a 64 MB record never sits in memory whole."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    return b"".join(packer.compress(part) for part in parts) + packer.flush()


def _zeros(size: int) -> Iterable[bytes]:
    piece = bytes(1 << 20)
    return (piece for _ in range(size >> 20))


def _good(i: int) -> bytes:
    return _record(f"{SITE}/news/{i}", _http(_page(i)))


@cache
def _gzip_bomb() -> bytes:
    return _member(_zeros(BOMB))


def _gzip_bomb_record() -> bytes:
    return _record(f"{SITE}/bomb", _http(_gzip_bomb(), "Content-Encoding: gzip"))


def _chunked_bomb_record() -> bytes:
    # One chunk holding the whole gzip stream: warcio inflates a chunk in one call.
    chunk = b"%x\r\n%s\r\n0\r\n\r\n" % (len(_gzip_bomb()), _gzip_bomb())
    return _record(f"{SITE}/bomb", _http(chunk, "Content-Encoding: gzip", "Transfer-Encoding: chunked"))


@cache
def _member_bomb() -> bytes:
    """A record of 64 MB of zeros served as HTML, gzipped in the file: the .warc.gz member is the bomb."""
    http = _http(b"")
    return _member([_head(f"{SITE}/bomb", len(http) + BOMB), http, *_zeros(BOMB), b"\r\n\r\n"])


@cache
def _header_line_bomb() -> bytes:
    """A header line 64 MB long, with no end."""
    return _member([b"WARC/1.1\r\nWARC-Type: response\r\nX-Padding: ", *(b"a" * len(z) for z in _zeros(BOMB))])


@dataclass(frozen=True)
class Case:
    hostile: Callable[[], bytes]  # the hostile record, as it stands in the file
    reason: str  # what its report line says after the offset
    broken: bool = False  # reported as damaged ("broken record") rather than refused ("skipped record")
    gzipped: bool = True


CASES = {
    "gzip bomb": Case(lambda: _member([_gzip_bomb_record()]), "payload over 1 MB after decoding"),
    "chunked gzip bomb": Case(lambda: _member([_chunked_bomb_record()]), "payload over 1 MB after decoding"),
    "gzip member bomb": Case(_member_bomb, "payload over 1 MB after decoding"),
    "header line bomb": Case(_header_line_bomb, "header block over 256 KB", broken=True),
    "no target URI": Case(lambda: _member([_record(None, _http(_page(0)))]), "no WARC-Target-URI"),
    "absurd Content-Length": Case(
        lambda: _member([_record(f"{SITE}/x", _http(_page(0)), length="99999999999999999999")]),
        "record truncated: ", broken=True),
    "absurd Content-Length, uncompressed": Case(
        lambda: _record(f"{SITE}/x", _http(_page(0)), length="99999999999999999999"),
        "Content-Length 99999999999999999999 runs past the end of the file", broken=True, gzipped=False),
    "IPv6 host left open": Case(lambda: _member([_record("http://[::1", _http(_page(0)))]),
                                "target URI 'http://[::1' is not a valid URL (Invalid IPv6 URL)"),
    "NUL in the URI": Case(lambda: _member([_record(f"{SITE}/\x00x", _http(_page(0)))]),
                           rf"target URI '{SITE}/\x00x' holds control characters"),
    # A bare CR stays inside the header line (lines end at LF), forging nothing, but stays hostile.
    "CR in the URI": Case(lambda: _member([_record(f"{SITE}/x\rWARC-Type:revisit", _http(_page(0)))]),
                          rf"target URI '{SITE}/x\rWARC-Type:revisit' holds control characters"),
    "control character in the requested URL": Case(
        lambda: _member([_record(f"{SITE}/x", _http(_page(0)),
                                 Arabnews_Fetch=json.dumps({"requested_url": f"{SITE}/a\r\nb"}))]),
        rf"requested URL in Arabnews-Fetch '{SITE}/a\r\nb' holds control characters"),
}


def _files(tmp_path: Path, case: Case) -> tuple[Path, Path, int]:
    """The file with the hostile record between two good pages, a later good file, and the record's offset."""
    wrap = _member if case.gzipped else (lambda parts: b"".join(parts))
    first = wrap([_good(0)])
    path = tmp_path / ("hostile.warc.gz" if case.gzipped else "hostile.warc")
    path.write_bytes(first + case.hostile() + wrap([_good(1)]))
    later = tmp_path / "later.warc.gz"
    later.write_bytes(_member([_good(2)]))
    return path, later, len(first)


def _stored_titles(db: str) -> set[str]:
    with Archive(db) as archive:
        return {a.title for a in archive.articles()}


@pytest.mark.parametrize("name", CASES)
def test_api_imports_around_a_hostile_record(name: str, db_url: str, tmp_path: Path) -> None:
    case = CASES[name]
    path, later, offset = _files(tmp_path, case)
    with Archive(db_url) as archive:
        summary = archive.import_warc([path, later], max_payload=CAP)
    assert (summary.files, summary.fetches, summary.articles) == (2, 3, 3)
    line = f"{path}: offset {offset}: {case.reason}"
    reported = summary.broken if case.broken else summary.refusals
    assert len(reported) == 1 and reported[0].startswith(line), (reported, line)
    assert (summary.refusals if case.broken else summary.broken) == []
    assert summary.refused == (0 if case.broken else 1)
    assert _stored_titles(db_url) == set(TITLES)


@pytest.mark.parametrize("name", CASES)
def test_cli_imports_around_a_hostile_record(name: str, db_url: str, tmp_path: Path) -> None:
    case = CASES[name]
    path, later, offset = _files(tmp_path, case)
    result = CliRunner().invoke(main, ["import-warc", str(path), str(later), "--db", db_url,
                                       "--max-payload", str(CAP)])
    assert result.exit_code == 0, result.output
    label = "broken record" if case.broken else "skipped record"
    assert f"{label}: {path}: offset {offset}: " in result.output
    assert "stored 3 fetches" in result.output and "Traceback" not in result.output
    assert f"{0 if case.broken else 1} refused" in result.output
    assert _stored_titles(db_url) == set(TITLES)


def test_the_default_cap_is_the_crawls_size_limit(archive: Archive, tmp_path: Path) -> None:
    path, later, offset = _files(tmp_path, CASES["gzip bomb"])
    summary = archive.import_warc([path, later])
    assert summary.refusals == [f"{path}: offset {offset}: payload over 10 MB after decoding"]
    assert summary.skipped == {"over the payload cap": 1} and summary.fetches == 3


def test_a_payload_at_the_cap_is_kept(archive: Archive, tmp_path: Path) -> None:
    body = _page(0)
    path = tmp_path / "exact.warc.gz"
    path.write_bytes(_member([_record(f"{SITE}/news/0", _http(_member([body]), "Content-Encoding: gzip"))]))
    assert archive.import_warc([path], max_payload=len(body)).articles == 1
    assert archive.import_warc([path], max_payload=len(body) - 1).skipped == {"over the payload cap": 1}


def _non_http_records() -> bytes:
    """warcinfo, metadata, an image resource and a dns: response, each with a digest that does not
    match its block, as tools disagree on what a non-HTTP record's digest covers."""
    wrong = "sha1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
    records = [
        (None, "warcinfo", b"software: another-crawler/1.0\r\n", "application/warc-fields"),
        (f"{SITE}/news/0", "metadata", b"outlink: https://elsewhere.example/\r\n", "application/warc-fields"),
        (f"{SITE}/logo.png", "resource", b"\x89PNG\r\n\x1a\n" + bytes(64), "image/png"),
        ("dns:www.akhbar.example.net", "response", b"20240501120000\nwww.akhbar.example.net. 300 IN A 192.0.2.1\n",
         "text/dns"),
    ]
    out = b""
    for uri, rec_type, block, content_type in records:
        head = _head(uri, len(block), rec_type, WARC_Block_Digest=wrong, WARC_Payload_Digest=wrong)
        head = head.replace(b"application/http; msgtype=response", content_type.encode())
        out += _member([head + block + b"\r\n\r\n"])
    return out


def _non_http_files(tmp_path: Path) -> list[Path]:
    path = tmp_path / "mixed.warc.gz"
    path.write_bytes(_member([_good(0)]) + _non_http_records() + _member([_good(1)]))
    later = tmp_path / "later.warc.gz"
    later.write_bytes(_member([_good(2)]))
    return [path, later]


def _check_non_http(summary: ImportSummary) -> None:
    assert summary.broken == [] and summary.refusals == []
    assert summary.skipped == {"warcinfo": 1, "metadata": 1, "image": 1, "dns": 1}
    assert (summary.records, summary.fetches, summary.articles) == (7, 3, 3)


def test_non_http_records_are_skipped_not_digest_failures(archive: Archive, tmp_path: Path) -> None:
    _check_non_http(archive.import_warc(_non_http_files(tmp_path)))


def test_cli_counts_non_http_records_as_skipped(db_url: str, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["import-warc", *map(str, _non_http_files(tmp_path)), "--db", db_url])
    assert result.exit_code == 0, result.output
    assert "broken record" not in result.output and "digest" not in result.output
    assert "skipped: " in result.output and "dns 1" in result.output and "warcinfo 1" in result.output


# Records PostgreSQL would refuse (SQLite keeps them): an error note holding a NUL (the write
# path cleans it: stored everywhere), a URL whose index entry is over btree's limit (the write
# path refuses it with its reason, on both). The record's savepoint is the last safety net.
REFUSED_BY_POSTGRESQL = {
    "NUL in the error note": lambda: _record(f"{SITE}/news/9", _http(_page(1)),
                                             Arabnews_Fetch=json.dumps({"error": "a\x00b"})),
    "URL of 6,000 characters": lambda: _record(f"{SITE}/" + secrets.token_hex(3000), _http(_page(1))),
}


@pytest.mark.parametrize("name", REFUSED_BY_POSTGRESQL)
def test_a_value_the_database_refuses_undoes_that_record_alone(name: str, archive: Archive, tmp_path: Path) -> None:
    path = tmp_path / "refused.warc.gz"
    path.write_bytes(_member([_good(0)]) + _member([REFUSED_BY_POSTGRESQL[name]()]) + _member([_good(2)]))
    summary = archive.import_warc([path])
    assert summary.broken == []
    if name == "URL of 6,000 characters":
        offset = len(_member([_good(0)]))
        assert summary.refusals == [f"{path}: offset {offset}: not stored: URL longer than 2048 characters"]
        assert (summary.fetches, summary.articles, summary.skipped) == (2, 2, {"invalid URI": 1})
    elif summary.refused:
        offset = len(_member([_good(0)]))
        assert summary.refusals[0].startswith(f"{path}: offset {offset}: the database refused a value (")
        assert (summary.fetches, summary.articles, summary.skipped) == (2, 2, {"refused by the database": 1})
        assert {a.title for a in archive.articles()} == {TITLES[0], TITLES[2]}
    else:  # a response whose note says its fetch failed is kept, with no article (no usable body)
        assert (summary.fetches, summary.articles) == (3, 2 if name == "NUL in the error note" else 3)
