"""Import WARC and ARC files: HTML responses become fetches, and pages that hold an article articles.

Each response record is made the exchange it stands for (a `FetchResult`) and stored
by the store's one write path, read by the same rule as a crawled page: a listing or a
page without a story is kept as a response, with no article.

Records are handled one at a time inside write transactions of a few hundred
records (or two seconds), so a crash or Ctrl-C keeps every finished batch and the
crawler's writes are never held up for long. A record already imported is skipped:
the key is (target URI, WARC-Date, SHA-256 of the payload), which the fetches table
answers on its fetched_at index. Record ids are not kept in the schema, and the
content key also recognises the same capture re-packed by another tool.

A record the archive cannot take (no or an invalid target URI, a payload over the
cap once decoded, a value the database refuses) is skipped and reported on a line
of its own; each record is written under a savepoint, so its failure undoes that
record alone and the import goes on.
"""
from __future__ import annotations

import dataclasses
import hashlib
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import sqlalchemy as sa
from sqlalchemy.orm import Session

from arabnews_archive.article import Article
from arabnews_archive.fetch.result import FetchResult
from arabnews_archive.fetch.settings import FetchSettings
from arabnews_archive.parse import NotAnArticle
from arabnews_archive.store.database import Database
from arabnews_archive.store.models import Fetch
from arabnews_archive.store.pages import redirect_hops, store_page
from arabnews_archive.warc import fields
from arabnews_archive.warc.controls import shown, url_problem
from arabnews_archive.warc.decode import PayloadTooLarge
from arabnews_archive.warc.http import restore_headers
from arabnews_archive.warc.kinds import is_html, kind_of, may_be_html, media_type
from arabnews_archive.warc.pairing import Pairing, pair_keys
from arabnews_archive.warc.progress import ImportProgress, ImportStatus
from arabnews_archive.warc.reader import BrokenRecord, Entry, WarcReader, parse_warc_date
from arabnews_archive.warc.resolve import find_payload

BATCH_RECORDS = 200
BATCH_SECONDS = 2.0
PAYLOAD_RECORDS = ("response", "revisit", "resource")
NOT_MODIFIED_PROFILE = "server-not-modified"
_ERROR_SAMPLES = 10
_REFUSAL_LINES = 1000  # lines kept for records refused; past this they are only counted
INVALID_URI = "invalid URI"
TOO_LARGE = "over the payload cap"
REFUSED_BY_DATABASE = "refused by the database"
# What the database says of one record's values rather than of itself: a data exception
# (class 22: a NUL in text, a number out of range) or a program limit (class 54: an index
# entry over btree's 2704 bytes, from a URL thousands of characters long).
_VALUE_SQLSTATES = ("22", "54")
# What a record adds to the summary, put back when the record is rolled back.
_RECORD_COUNTS = ("fetches", "html_pages", "articles", "parse_errors", "duplicates", "request_headers")


@dataclass
class ImportSummary:
    """What an import read, stored, parsed and skipped (by kind), and the damaged records.
    `not_articles` counts the pages stored without an article, by the reason."""

    files: int = 0
    records: int = 0
    fetches: int = 0
    html_pages: int = 0
    articles: int = 0
    not_articles: Counter[str] = field(default_factory=Counter)
    parse_errors: int = 0
    duplicates: int = 0
    unresolved_revisits: int = 0
    request_headers: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    broken: list[str] = field(default_factory=list)
    parse_error_samples: list[str] = field(default_factory=list)
    # Records skipped for a reason of their own (also counted in `skipped` by kind), and
    # their report lines, "FILE: offset N: reason" (the first thousand).
    refused: int = 0
    refusals: list[str] = field(default_factory=list)

    @property
    def errors(self) -> int:
        return len(self.broken) + self.refused + self.parse_errors

    def refuse(self, kind: str, line: str) -> None:
        self.skipped[kind] += 1
        self.refused += 1
        if len(self.refusals) < _REFUSAL_LINES:
            self.refusals.append(line)


class _FileImport:
    """The import of one file: its reader, its request/response pairing, the shared summary."""

    def __init__(self, reader: WarcReader, summary: ImportSummary, max_payload: int):
        self.reader = reader
        self.summary = summary
        self.max_payload = max_payload
        self.pairing = Pairing()

    def batch(self, session: Session, entries: Iterator[Entry]) -> bool:
        """Handle records until a batch is full (True) or the file ends (False)."""
        started = time.monotonic()
        for count, entry in enumerate(entries, 1):
            try:
                self._entry(session, entry)
            except BrokenRecord as exc:
                self.reader.report(entry.offset, exc)
            if count >= BATCH_RECORDS or time.monotonic() - started > BATCH_SECONDS:
                return True
        return False

    def _refuse(self, entry: Entry, kind: str, reason: str) -> None:
        self.summary.refuse(kind, f"{self.reader.path}: offset {entry.offset}: {reason}")

    def _entry(self, session: Session, entry: Entry) -> None:
        if entry.rec_type == "request":
            self._request(session, entry)
        elif entry.rec_type not in PAYLOAD_RECORDS:
            self.summary.skipped[entry.rec_type or "untyped record"] += 1  # warcinfo, metadata, ...
        elif entry.uri and not entry.uri.lower().startswith(("http:", "https:")):
            self.summary.skipped[entry.uri.partition(":")[0].lower()] += 1  # dns:, whois:...: no HTTP exchange
        else:
            counts = [getattr(self.summary, name) for name in _RECORD_COUNTS]
            try:
                exchange, html = _exchange(session, entry, self.max_payload)
                with session.begin_nested():  # a failure undoes this record's writes alone
                    self._store(session, entry, exchange, html)
            except _Skip as skip:
                if skip.reason:
                    self._refuse(entry, skip.kind, skip.reason)
                else:
                    self.summary.skipped[skip.kind] += 1
            except _Unresolved:
                self.summary.unresolved_revisits += 1
            except sa.exc.DBAPIError as exc:
                if not _refuses_a_value(exc):
                    raise
                self._rolled_back(entry, counts, exc)

    def _rolled_back(self, entry: Entry, counts: list[int], exc: sa.exc.DBAPIError) -> None:
        """Undo what a record the database refused added to the summary and the pairing; report it."""
        for name, value in zip(_RECORD_COUNTS, counts):
            setattr(self.summary, name, value)
        self.pairing.forget(pair_keys(entry))
        reason = str(exc.orig or exc).strip().splitlines()[0]
        self._refuse(entry, REFUSED_BY_DATABASE, f"the database refused a value ({reason})")

    def _store(self, session: Session, entry: Entry, exchange: FetchResult, html: bool) -> None:
        keys = pair_keys(entry)
        if _already_stored(session, exchange):
            self.summary.duplicates += 1
            if self.pairing.response(keys) is None:
                self.pairing.stored(keys, None)
            return
        waiting = self.pairing.response(keys)
        if waiting is not None and waiting.value is not None:
            exchange = dataclasses.replace(exchange, request_headers=waiting.value)
            self.summary.request_headers += 1
        reading = self._read(exchange) if html else None
        page = store_page(session, exchange, reading)
        if page.fetch_id is None:  # the write path refused its URL (over the length limits)
            self._refuse(entry, INVALID_URI, page.reason or "not stored")
            return
        if waiting is None:
            self.pairing.stored(keys, page.fetch_id)
        self.summary.fetches += 1
        if html and exchange.body:
            self.summary.html_pages += 1
        if page.article is not None:
            self.summary.articles += 1
        elif isinstance(reading, NotAnArticle):  # counted once stored: a record rolled back counts nothing
            self.summary.not_articles[reading.reason] += 1

    def _read(self, exchange: FetchResult) -> Article | NotAnArticle | None:
        try:
            return exchange.read()
        except Exception as exc:  # noqa: BLE001 - one page the parser fails on must not stop the import
            self.summary.parse_errors += 1
            if len(self.summary.parse_error_samples) < _ERROR_SAMPLES:
                self.summary.parse_error_samples.append(f"{exchange.final_url}: {type(exc).__name__}: {exc}")
            return None

    def _request(self, session: Session, entry: Entry) -> None:
        how = entry.header(fields.REQUEST_FIELD)
        sent = None if how == fields.SYNTHESIZED or entry.http is None else restore_headers(entry.http.headers)
        if sent is not None and how == fields.HOST_ADDED:
            sent = {k: v for i, (k, v) in enumerate(sent.items()) if i or k.lower() != "host"}
        found = self.pairing.request(pair_keys(entry), sent)
        if found is not None and found.value is not None and sent is not None:
            fetch = session.get(Fetch, found.value)
            if fetch is not None:
                fetch.request_headers = sent
                self.summary.request_headers += 1


class _Skip(Exception):
    """A record the archive does not keep; `kind` is what it is counted as, `reason` (for a
    record refused rather than passed over) what its report line says."""

    def __init__(self, kind: str, reason: str | None = None):
        super().__init__(kind)
        self.kind = kind
        self.reason = reason


class _Unresolved(Exception):
    """An identical-payload revisit whose payload is nowhere to be found."""


def _exchange(session: Session, entry: Entry, max_payload: int) -> tuple[FetchResult, bool]:
    """The exchange a payload record stands for, and whether it is HTML; raises _Skip or
    _Unresolved when there is none to store."""
    if not entry.uri:
        raise _Skip(INVALID_URI, "no WARC-Target-URI")
    _check_url("target URI", entry.uri)
    fetched_at = entry.date
    if fetched_at is None:
        raise BrokenRecord("no valid WARC-Date")
    extras = fields.decode(entry.header(fields.FETCH_FIELD))
    if "requested_url" in extras:
        _check_url(f"requested URL in {fields.FETCH_FIELD}", extras["requested_url"])
    status, headers = _status_and_headers(entry, extras)
    media = media_type(next((v for k, v in headers.items() if k.lower() == "content-type"), None))
    success = status is None or 200 <= status < 300
    if success and not may_be_html(media):
        raise _Skip(kind_of(media))  # decided on the headers alone: the payload is never read
    body = _body(session, entry, max_payload)
    html = is_html(media, body or b"")
    if success and not html:
        raise _Skip(kind_of(media))
    if "body" in extras:  # the archive had no body, or an empty one where the record implies the other
        body = None if extras["body"] is None else body or b""
    exchange = FetchResult(
        requested_url=extras.get("requested_url") or entry.uri, final_url=entry.uri, status=status, headers=headers,
        body=body or b"", fetched_at=fetched_at, redirects=redirect_hops(extras.get("redirects")),
        error=extras.get("error"), not_modified=bool(extras.get("not_modified", status == 304)),
    )
    return exchange, html


def _refuses_a_value(exc: sa.exc.DBAPIError) -> bool:
    state = getattr(exc.orig, "sqlstate", None) or ""
    return isinstance(exc, sa.exc.DataError) or state[:2] in _VALUE_SQLSTATES


def _check_url(what: str, url: object) -> None:
    problem = url_problem(url) if isinstance(url, str) else "is not a string"
    if problem:
        raise _Skip(INVALID_URI, f"{what} {shown(str(url))} {problem}")


def _status_and_headers(entry: Entry, extras: dict[str, Any]) -> tuple[int | None, dict[str, str]]:
    if entry.rec_type == "resource":  # no HTTP exchange: no status, the record's type as the header
        stored = extras.get("headers")
        if isinstance(stored, dict):
            return None, stored
        content_type = entry.header("Content-Type")
        return None, {"Content-Type": content_type} if content_type else {}
    return _status(entry), restore_headers(entry.http.headers) if entry.http else {}


def _body(session: Session, entry: Entry, max_payload: int) -> bytes | None:
    if entry.rec_type != "revisit":
        if not entry.encoding_supported() and entry.http is not None:
            raise _Skip(f"content-encoding {entry.http.get_header('content-encoding')}")
        try:
            return entry.payload(max_payload)
        except PayloadTooLarge as exc:
            raise _Skip(TOO_LARGE, str(exc)) from None
    if (entry.header("WARC-Profile") or "").endswith(NOT_MODIFIED_PROFILE):
        return None
    found = find_payload(session, entry.uri, entry.header("WARC-Refers-To-Target-URI"),
                         parse_warc_date(entry.header("WARC-Refers-To-Date")), entry.header("WARC-Payload-Digest"))
    if found is None:
        raise _Unresolved()
    return found


def _status(entry: Entry) -> int:
    if entry.http is None:
        return 200  # a revisit without HTTP headers: the capture it repeats was a success
    code = entry.http.get_statuscode()
    if not (len(code) == 3 and code.isascii() and code.isdigit()):  # RFC 9110: three digits
        raise BrokenRecord(f"bad HTTP status line: {entry.http.statusline[:40]!r}")
    return int(code)


def _already_stored(session: Session, exchange: FetchResult) -> bool:
    kept = exchange.ok and not exchange.not_modified  # as the store keeps a body
    same_body = (Fetch.content_hash == hashlib.sha256(exchange.body).hexdigest() if kept
                 else Fetch.content_hash.is_(None))
    return session.scalar(
        sa.select(Fetch.id)
        .where(Fetch.fetched_at == exchange.fetched_at, Fetch.final_url == exchange.final_url, same_body).limit(1)
    ) is not None


def import_warc(database: Database, paths: Iterable[str | Path], *,
                progress: Callable[[ImportStatus], None] | None = None,
                max_payload: int = FetchSettings.max_bytes) -> ImportSummary:
    """Import WARC/ARC files (gzipped or not) into `database`; see the module docstring for the rules.

    `progress` is called with an `ImportStatus` (file, bytes read, records, HTML pages,
    articles, errors) when each file starts and after each batch. A payload over
    `max_payload` bytes once decoded (the crawl's own size limit by default) is skipped.
    """
    summary = ImportSummary()
    with ImportProgress(summary, progress) as shown:
        for path in map(Path, paths):
            reader = WarcReader(path)
            job = _FileImport(reader, summary, max_payload)
            entries = iter(reader)
            shown.start_file(path)
            more = True
            while more:
                with database.writing() as session:
                    more = job.batch(session, entries)
                shown.update(reader.position, summary.records + reader.records_read)
            unpaired = job.pairing.finish()
            if unpaired:
                summary.skipped["request"] += unpaired
            summary.files += 1
            summary.records += reader.records_read
            summary.broken += reader.problems
    return summary
