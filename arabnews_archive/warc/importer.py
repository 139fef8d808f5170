"""Import WARC and ARC files: HTML responses become fetches, and 200 pages parsed articles.

Records are handled one at a time inside write transactions of a few hundred
records (or two seconds), so a crash or Ctrl-C keeps every finished batch and the
crawler's writes are never held up for long. A record already imported is skipped:
the key is (target URI, WARC-Date, SHA-256 of the payload), which the fetches table
answers on its fetched_at index. Record ids are not kept in the schema, and the
content key also recognises the same capture re-packed by another tool.
"""
from __future__ import annotations

import hashlib
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Callable

import sqlalchemy as sa
from sqlalchemy.orm import Session

from arabnews_archive.store.articles import save_article
from arabnews_archive.store.database import Database
from arabnews_archive.store.fetches import StoredFetch, add_fetch
from arabnews_archive.store.models import Fetch
from arabnews_archive.warc import fields
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


@dataclass
class ImportSummary:
    """What an import read, stored, parsed and skipped (by kind), and the damaged records."""

    files: int = 0
    records: int = 0
    fetches: int = 0
    html_pages: int = 0
    articles: int = 0
    parse_errors: int = 0
    duplicates: int = 0
    unresolved_revisits: int = 0
    request_headers: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    broken: list[str] = field(default_factory=list)
    parse_error_samples: list[str] = field(default_factory=list)

    @property
    def errors(self) -> int:
        return len(self.broken) + self.parse_errors


@dataclass(frozen=True)
class _Incoming:
    """A response record as the archive will store it."""

    url: str
    status: int | None
    headers: dict[str, str]
    body: bytes | None
    fetched_at: datetime
    html: bool
    extras: dict[str, Any]


class _FileImport:
    """The import of one file: its reader, its request/response pairing, the shared summary."""

    def __init__(self, reader: WarcReader, summary: ImportSummary):
        self.reader = reader
        self.summary = summary
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

    def _entry(self, session: Session, entry: Entry) -> None:
        if entry.rec_type == "request":
            self._request(session, entry)
        elif entry.rec_type not in PAYLOAD_RECORDS:
            self.summary.skipped[entry.rec_type or "untyped record"] += 1  # warcinfo, metadata, ...
        elif not entry.uri.lower().startswith(("http:", "https:")):
            self.summary.skipped[entry.uri.partition(":")[0].lower() or "no URI"] += 1  # dns:, whois:, ...
        else:
            try:
                self._store(session, entry, _incoming(session, entry))
            except _Skip as skip:
                self.summary.skipped[skip.kind] += 1
            except _Unresolved:
                self.summary.unresolved_revisits += 1

    def _store(self, session: Session, entry: Entry, incoming: _Incoming) -> None:
        keys = pair_keys(entry)
        content_hash = None if incoming.body is None else hashlib.sha256(incoming.body).hexdigest()
        if _already_stored(session, incoming, content_hash):
            self.summary.duplicates += 1
            if self.pairing.response(keys) is None:
                self.pairing.stored(keys, None)
            return
        waiting = self.pairing.response(keys)
        sent = waiting.value if waiting is not None else None
        extras = incoming.extras
        fetch = add_fetch(
            session, extras.get("requested_url") or incoming.url, final_url=incoming.url, status=incoming.status,
            headers=incoming.headers, body=incoming.body, fetched_at=incoming.fetched_at,
            redirects=extras.get("redirects"), error=extras.get("error"), request_headers=sent,
            not_modified=bool(extras.get("not_modified", incoming.status == 304)),
        )
        if waiting is None:
            self.pairing.stored(keys, fetch.id)
        elif sent is not None:
            self.summary.request_headers += 1
        self.summary.fetches += 1
        if incoming.html and incoming.body:
            self.summary.html_pages += 1
            if incoming.status in (200, None):
                self._parse(session, fetch, incoming)

    def _parse(self, session: Session, fetch: StoredFetch, incoming: _Incoming) -> None:
        from arabnews_archive.parse import parse_article  # the parser is heavy; load it only when parsing

        assert incoming.body is not None
        try:
            article = parse_article(incoming.body, url=incoming.url, headers=incoming.headers,
                                    fetched_at=incoming.fetched_at)
        except Exception as exc:  # noqa: BLE001 - one page the parser rejects must not stop the import
            self.summary.parse_errors += 1
            if len(self.summary.parse_error_samples) < _ERROR_SAMPLES:
                self.summary.parse_error_samples.append(f"{incoming.url}: {type(exc).__name__}: {exc}")
            return
        save_article(session, article, fetch)
        self.summary.articles += 1

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
    """A record the archive does not keep; `kind` is what it is counted as."""

    def __init__(self, kind: str):
        super().__init__(kind)
        self.kind = kind


class _Unresolved(Exception):
    """An identical-payload revisit whose payload is nowhere to be found."""


def _incoming(session: Session, entry: Entry) -> _Incoming:
    """The fetch a payload record stands for; raises _Skip or _Unresolved when there is none to store."""
    fetched_at = entry.date
    if fetched_at is None:
        raise BrokenRecord("no valid WARC-Date")
    extras = fields.decode(entry.header(fields.FETCH_FIELD))
    status, headers = _status_and_headers(entry, extras)
    media = media_type(next((v for k, v in headers.items() if k.lower() == "content-type"), None))
    success = status is None or 200 <= status < 300
    if success and not may_be_html(media):
        raise _Skip(kind_of(media))  # decided on the headers alone: the payload is never read
    body = _body(session, entry)
    html = is_html(media, body or b"")
    if success and not html:
        raise _Skip(kind_of(media))
    if "body" in extras:  # the archive had no body, or an empty one where the record implies the other
        body = None if extras["body"] is None else body or b""
    return _Incoming(entry.uri, status, headers, body, fetched_at, html, extras)


def _status_and_headers(entry: Entry, extras: dict[str, Any]) -> tuple[int | None, dict[str, str]]:
    if entry.rec_type == "resource":  # no HTTP exchange: no status, the record's type as the header
        stored = extras.get("headers")
        if isinstance(stored, dict):
            return None, stored
        content_type = entry.header("Content-Type")
        return None, {"Content-Type": content_type} if content_type else {}
    return _status(entry), restore_headers(entry.http.headers) if entry.http else {}


def _body(session: Session, entry: Entry) -> bytes | None:
    if entry.rec_type != "revisit":
        if not entry.encoding_supported() and entry.http is not None:
            raise _Skip(f"content-encoding {entry.http.get_header('content-encoding')}")
        return entry.payload()
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
    try:
        return int(entry.http.get_statuscode())
    except ValueError:
        raise BrokenRecord(f"bad HTTP status line: {entry.http.statusline[:40]!r}") from None


def _already_stored(session: Session, incoming: _Incoming, content_hash: str | None) -> bool:
    same_body = Fetch.content_hash.is_(None) if content_hash is None else Fetch.content_hash == content_hash
    return session.scalar(
        sa.select(Fetch.id)
        .where(Fetch.fetched_at == incoming.fetched_at, Fetch.final_url == incoming.url, same_body).limit(1)
    ) is not None


def import_warc(database: Database, paths: Iterable[str | Path], *,
                progress: Callable[[ImportStatus], None] | None = None) -> ImportSummary:
    """Import WARC/ARC files (gzipped or not) into `database`; see the module docstring for the rules.

    `progress` is called with an `ImportStatus` (file, bytes read, records, HTML pages,
    articles, errors) when each file starts and after each batch.
    """
    summary = ImportSummary()
    with ImportProgress(summary, progress) as shown:
        for path in map(Path, paths):
            reader = WarcReader(path)
            job = _FileImport(reader, summary)
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
