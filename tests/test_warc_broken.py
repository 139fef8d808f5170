"""Damaged WARC files: the good records are imported, each damaged one is one reported line.

The exit status of `import-warc` is 1 only when nothing at all could be read; the
command never prints a traceback.
"""
from __future__ import annotations

import io
import zlib
from pathlib import Path

import pytest
from click.testing import CliRunner
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from arabnews_archive.archive import Archive
from arabnews_archive.cli import main
from arabnews_archive.warc.importer import import_warc
from tests.conftest import news_page

TITLES = ["انتخابات بلدية في خمس محافظات", "افتتاح جسر جديد على النيل", "مهرجان للتراث الشعبي في تونس",
          "تراجع معدل التضخم للشهر الثالث", "فوز فريق الجامعة ببطولة الشطرنج"]


def _page(i: int) -> bytes:
    paragraphs = [f"{TITLES[i]}: هذا هو نص الخبر رقم {i} وفيه تفاصيل كافية عن الحدث.",
                  "وأكد المسؤولون أن العمل سيستمر حتى تحقيق جميع الأهداف المعلنة في الخطة."]
    return news_page(TITLES[i], paragraphs, url=f"https://www.example-news.com/news/{i}").encode()


def pages_warc(compressed: bool = True) -> tuple[bytes, list[int]]:
    """Five HTML responses; returns the file and each record's offset (and the end)."""
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=compressed, warc_version="1.1")
    offsets = []
    for i in range(len(TITLES)):
        offsets.append(out.tell())
        body = _page(i)
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(f"https://www.example-news.com/news/{i}", "response",
                                                      payload=io.BytesIO(body), length=len(body), http_headers=http))
    offsets.append(out.tell())
    return out.getvalue(), offsets


def _regzip(member: bytes, old: bytes, new: bytes) -> bytes:
    raw = zlib.decompress(member, 31)
    assert old in raw
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    return packer.compress(raw.replace(old, new, 1)) + packer.flush()


def _member(data: bytes, offsets: list[int], i: int) -> bytes:
    return data[offsets[i]:offsets[i + 1]]


def _damaged(kind: str) -> tuple[bytes, int]:
    """A damaged file, and how many of its five pages are intact."""
    data, at = pages_warc(compressed=not kind.startswith("plain"))
    if kind == "truncated-gzip":
        return data[:at[4] + (at[5] - at[4]) // 2], 4
    if kind == "bad-header":
        return data[:at[2]] + _regzip(_member(data, at, 2), b"WARC/1.1", b"WARX/1.1") + data[at[3]:], 4
    if kind == "bad-length":
        return data[:at[1]] + _regzip(_member(data, at, 1), b"Content-Length: ", b"Content-Length: x") + data[at[2]:], 4
    if kind == "corrupt-payload":
        return data[:at[3]] + _regzip(_member(data, at, 3), "الخبر رقم".encode(), "الخبز رقم".encode()) + data[at[4]:], 4
    if kind == "garbage-between":
        return data[:at[2]] + b"\x00garbage\xff" * 50 + data[at[2]:], 5
    if kind == "plain-bad-header":
        return data[:at[1]] + data[at[1]:at[2]].replace(b"WARC/1.1", b"WARX/1.1", 1) + data[at[2]:], 4
    if kind == "plain-truncated":
        return data[:at[4] + 300], 4
    raise AssertionError(kind)


@pytest.mark.parametrize("kind", ["truncated-gzip", "bad-header", "bad-length", "corrupt-payload", "garbage-between",
                                  "plain-bad-header", "plain-truncated"])
def test_damaged_file_keeps_the_good_records(kind: str, archive: Archive, tmp_path: Path) -> None:
    data, intact = _damaged(kind)
    path = tmp_path / ("damaged.warc.gz" if not kind.startswith("plain") else "damaged.warc")
    path.write_bytes(data)
    summary = import_warc(archive.database, [path])
    assert len(summary.broken) == 1, summary.broken
    assert summary.broken[0].startswith(f"{path}: offset ")
    assert (summary.fetches, summary.articles) == (intact, intact)
    assert {a.title for a in archive.articles()} <= set(TITLES)


def test_cli_reports_damage_without_a_traceback(db_url: str, tmp_path: Path) -> None:
    data, _ = _damaged("bad-header")
    damaged = tmp_path / "damaged.warc.gz"
    damaged.write_bytes(data)
    result = CliRunner().invoke(main, ["import-warc", str(damaged), "--db", db_url])
    assert result.exit_code == 0, result.output
    assert "broken record:" in result.output and "damaged.warc.gz: offset " in result.output
    assert "stored 4 fetches" in result.output and "Traceback" not in result.output


def test_cli_fails_only_when_nothing_is_readable(db_url: str, tmp_path: Path) -> None:
    not_warc = tmp_path / "page.warc.gz"
    not_warc.write_bytes(b"<html>not a WARC</html>")
    empty = tmp_path / "empty.warc"
    empty.write_bytes(b"")
    result = CliRunner().invoke(main, ["import-warc", str(not_warc), str(empty), "--db", db_url])
    assert result.exit_code == 1
    assert "Error: no WARC or ARC record could be read" in result.output and "Traceback" not in result.output
    good = tmp_path / "good.warc.gz"
    good.write_bytes(pages_warc()[0])
    result = CliRunner().invoke(main, ["import-warc", str(not_warc), str(good), "--db", db_url])
    assert result.exit_code == 0 and "stored 5 fetches" in result.output
