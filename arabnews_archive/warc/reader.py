"""Reading WARC and ARC files record by record, surviving broken and hostile records.

warcio's ArchiveIterator reads WARC and ARC, gzipped per record or not, but stops
at the first damaged record (a bad header raises; a truncated gzip member yields a
short record). Here every record is checked whole (its length, and the digests of
what is stored), a damaged one is reported as one line and skipped, and reading
resumes at the next gzip member (or, uncompressed, the next `WARC/` line) after the
damage. Memory stays bounded whatever a record claims: header lines and blocks have
a size limit, payloads are decoded within a cap (decode.py), and an uncompressed
record whose Content-Length runs past the end of the file is not read to the end.
"""
from __future__ import annotations

import zlib
from collections.abc import Generator, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.bufferedreaders import DecompressingBufferedReader
from warcio.exceptions import ArchiveLoadFailed
from warcio.limitreader import LimitReader
from warcio.recordloader import ArcWarcRecord, ArcWarcRecordLoader
from warcio.statusandheaders import StatusAndHeaders, StatusAndHeadersParser, StatusAndHeadersParserException
from warcio.timeutils import iso_date_to_datetime

from arabnews_archive.warc.decode import DecodeError, decoded_payload, supported

GZIP_MAGIC = b"\x1f\x8b\x08"
WARC_LINE = b"\nWARC/"
_SCAN_CHUNK = 1 << 20
_DRAIN_CHUNK = 1 << 16
# Longest header line, and header block (WARC's, or HTTP's), read: a line with no end, or
# endless header lines, in a small gzip member must not fill memory.
MAX_HEADER_LINE = 64 * 1024
MAX_HEADER_BLOCK = 256 * 1024
# What warcio raises on a damaged file, beyond its own ArchiveLoadFailed.
_READ_ERRORS = (ArchiveLoadFailed, StatusAndHeadersParserException, zlib.error, EOFError, ValueError, OSError)


class BrokenRecord(Exception):
    """A record that is incomplete or damaged; its message says how, in one line."""


@dataclass
class Entry:
    """One readable record and where it starts in the file."""

    record: ArcWarcRecord
    offset: int
    broken: bool = False
    _checked: bool = field(default=False, repr=False)

    @property
    def rec_type(self) -> str:
        return self.record.rec_type or ""

    def header(self, name: str) -> str | None:
        return self.record.rec_headers.get_header(name)

    @property
    def uri(self) -> str:
        return self.header("WARC-Target-URI") or ""

    @property
    def record_id(self) -> str | None:
        return self.header("WARC-Record-ID")

    @property
    def date(self) -> datetime | None:
        return parse_warc_date(self.header("WARC-Date"))

    @property
    def http(self) -> StatusAndHeaders | None:
        return self.record.http_headers

    def encoding_supported(self) -> bool:
        """Whether the payload's Content-Encoding can be undone (brotli needs its package)."""
        return supported(self.http.get_header("content-encoding") if self.http else None)

    def payload(self, cap: int) -> bytes:
        """The payload with transfer and content encodings undone, as `requests` would give it.

        Raises PayloadTooLarge when it is over `cap` bytes decoded, BrokenRecord when the
        record is cut short or fails its digests.
        """
        http = self.http
        try:
            data = decoded_payload(self.record.raw_stream, http.get_header("transfer-encoding") if http else None,
                                   http.get_header("content-encoding") if http else None, cap)
        except (DecodeError, zlib.error, ValueError, OSError) as exc:
            self.broken = True
            raise BrokenRecord(f"payload cannot be decoded ({_one_line(exc)})") from None
        self.check(digests=True)
        return data

    def check(self, digests: bool = False) -> None:
        """Read the record to its end and raise BrokenRecord if it is shorter than declared, or
        (with `digests`) fails its digests.

        Digests are checked only on records whose payload is read to be stored: tools
        disagree on what the digest of a non-HTTP record (warcinfo, metadata, dns:)
        covers, and a digest matters only for bytes that are kept.
        """
        if self._checked:
            return
        self._checked = True
        raw = self.record.raw_stream
        while raw.read(_DRAIN_CHUNK):
            pass
        problem = None
        checker = self.record.digest_checker
        if isinstance(raw, LimitReader) and raw.limit > 0:
            problem = f"record truncated: {raw.limit} bytes missing"
        elif digests and checker is not None and checker.passed is False:
            problem = "; ".join(checker.problems) or "digest mismatch"
        if problem:
            self.broken = True
            raise BrokenRecord(problem)


def parse_warc_date(value: str | None) -> datetime | None:
    """A WARC-Date (or -Refers-To-Date) as an aware UTC datetime; None when missing or invalid."""
    if not value:
        return None
    try:
        return iso_date_to_datetime(value, tz_aware=True)
    except (ValueError, TypeError):
        return None


def _one_line(exc: BaseException | str) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    printable = "".join(c if c.isprintable() else "?" for c in text)
    return printable[:100] + ("..." if len(printable) > 100 else "")


class _CappedLines(DecompressingBufferedReader):
    """The file's reader, its lines cut at MAX_HEADER_LINE (warcio reads a line whole)."""

    def readline(self, length: int | None = None) -> bytes:
        return super().readline(MAX_HEADER_LINE if length is None else min(length, MAX_HEADER_LINE))


class _BlockBudget:
    """The lines of one header block, refused past MAX_HEADER_BLOCK bytes."""

    def __init__(self, stream: BinaryIO):
        self.stream = stream
        self.left = MAX_HEADER_BLOCK

    def readline(self, length: int | None = None) -> bytes:
        line: bytes = self.stream.readline(min(length or MAX_HEADER_LINE, MAX_HEADER_LINE))
        self.left -= len(line)
        if self.left < 0:
            # Not StatusAndHeadersParserException: warcio would retry the block as an ARC header.
            raise ArchiveLoadFailed(f"header block over {MAX_HEADER_BLOCK // 1024} KB")
        return line


class _BoundedParser(StatusAndHeadersParser):
    def parse(self, stream: BinaryIO, full_statusline: str | None = None) -> StatusAndHeaders:
        return super().parse(_BlockBudget(stream), full_statusline)


class _Loader(ArcWarcRecordLoader):
    """warcio's record loader with bounded header blocks, and no crash on a missing target URI."""

    def __init__(self, verify_http: bool, arc2warc: bool):
        super().__init__(verify_http=verify_http, arc2warc=arc2warc)
        self.warc_parser = _BoundedParser(self.WARC_TYPES)
        self.http_parser = _BoundedParser(self.HTTP_TYPES, verify_http)
        self.http_req_parser = _BoundedParser(self.HTTP_VERBS, verify_http)

    def load_http_headers(self, rec_type: str, uri: str | None, stream: BinaryIO,
                          length: int | None) -> StatusAndHeaders | None:
        # Without WARC-Target-URI there is no HTTP exchange to read (warcio raises
        # AttributeError); the record is yielded as is and the importer refuses it.
        return super().load_http_headers(rec_type, uri or "", stream, length)


class _Records(ArchiveIterator):
    # warcio prints a warning of its own for a record whose length is wrong; the
    # reader reports it as a problem line instead (err_count goes up either way).
    INC_RECORD = ""

    def __init__(self, stream: BinaryIO):
        super().__init__(stream, arc2warc=True, check_digests=True)
        self.reader = _CappedLines(self.fh, block_size=self.reader.block_size)
        self.loader = _Loader(verify_http=False, arc2warc=True)


class WarcReader:
    """The records of one file, skipping (and noting in `problems`) the damaged ones."""

    def __init__(self, path: Path):
        self.path = path
        self.problems: list[str] = []
        self.records_read = 0
        self._stream: BinaryIO | None = None
        self._damaged = False

    @property
    def position(self) -> int:
        """Bytes of the file read so far (for progress)."""
        return self._stream.tell() if self._stream is not None and not self._stream.closed else 0

    def report(self, offset: int, reason: BaseException | str) -> None:
        """Note a damaged record, once per damaged stretch (no good record between two failures)."""
        if not self._damaged:
            self.problems.append(f"{self.path}: offset {offset}: {_one_line(reason)}")
        self._damaged = True

    def __iter__(self) -> Iterator[Entry]:
        try:
            opened = open(self.path, "rb")
        except OSError as exc:
            self.report(0, f"cannot read the file ({exc.strerror or exc})")
            return
        with opened as stream:
            self._stream = stream
            size = stream.seek(0, 2)
            stream.seek(0)
            gzipped = stream.read(3) == GZIP_MAGIC
            start: int | None = 0
            while start is not None:
                start = yield from self._read_from(stream, start, size, gzipped)

    def _read_from(self, stream: BinaryIO, start: int, size: int, gzipped: bool) -> Generator[Entry, None, int | None]:
        """Records from `start` until the end (returns None) or damage (returns where to resume)."""
        stream.seek(start)
        records = _Records(stream)
        previous: Entry | None = None
        try:
            for record in records:
                if gzipped and records.reader.decompressor is None:
                    # warcio reads bytes that are not a gzip member as plain text: damage here.
                    raise ArchiveLoadFailed("not a gzip member where a record should start")
                self._misframed(records, previous)
                if not gzipped and record.length is not None and records.offset + record.length > size:
                    # Reading it would swallow every record after it, to the end of the file.
                    self.report(records.offset, f"Content-Length {record.length} runs past the end of the file")
                    return _resync(stream, records.offset + 1, gzipped)
                previous = Entry(record, records.offset)
                self.records_read += 1
                yield previous
                try:
                    previous.check()
                except BrokenRecord as exc:
                    self.report(previous.offset, exc)
                self._damaged = self._damaged and previous.broken
            self._misframed(records, previous)
        except _READ_ERRORS as exc:
            # After a record that ended early, warcio's offset can point back inside it.
            failed_at = max(records.offset, start if previous is None else previous.offset + 1)
            self.report(failed_at, exc)
            return _resync(stream, failed_at + 1, gzipped)
        if records.offset < size and _has_data(stream, records.offset):
            self.report(records.offset, "incomplete record at the end of the file")
        return None

    def _misframed(self, records: _Records, previous: Entry | None) -> None:
        # warcio notices a wrong Content-Length only when it moves past the record.
        if records.err_count and previous is not None:
            self.report(previous.offset, "record longer or shorter than its Content-Length")
        records.err_count = 0


def _has_data(stream: BinaryIO, offset: int) -> bool:
    stream.seek(offset)
    return bool(stream.read(_SCAN_CHUNK).strip())


def _resync(stream: BinaryIO, offset: int, gzipped: bool) -> int | None:
    """Where the next record may start after `offset`: a gzip member, or a line starting `WARC/`."""
    marker, skip = (GZIP_MAGIC, 0) if gzipped else (WARC_LINE, 1)
    stream.seek(offset)
    carry = b""
    base = offset
    while True:
        chunk = stream.read(_SCAN_CHUNK)
        if not chunk:
            return None
        data = carry + chunk
        found = data.find(marker)
        if found >= 0:
            return base + found + skip
        # Keep a tail so a marker split across two chunks is still found.
        carry = data[-(len(marker) - 1):]
        base += len(data) - len(carry)
