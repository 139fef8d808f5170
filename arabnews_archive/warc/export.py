"""Export stored fetches as one gzipped WARC/1.1 file, streamed in constant memory.

Fetches are read in id order, a page at a time, each page in its own short read
transaction (SQLite WAL readers never block the crawler); only one page of
compressed bodies is in memory at once. A re-fetch whose body equals an earlier
exported fetch of the same URL is written as an identical-payload revisit; finding
that earlier fetch is a query per page on the indexed body id, not a table kept in
memory, so a hundred thousand fetches cost what a hundred do.
"""
from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from arabnews_archive.store.database import Database
from arabnews_archive.store.fetches import decompress
from arabnews_archive.store.filters import DateLike, fetch_filters
from arabnews_archive.store.models import Body, Fetch
from arabnews_archive.warc.records import FetchWriter, is_not_modified, target_uri

PAGE_SIZE = 100
# (body id, final URL) -> (id, fetched_at) of the first fetch exported with that payload.
FirstSeen = dict[tuple[int | None, str | None], tuple[int, datetime]]


@dataclass
class ExportSummary:
    """What an export wrote: fetches by record kind, failed attempts left out, and records whose
    WARC headers had control characters percent-encoded (a URL holding a CR/LF)."""

    path: Path
    fetches: int = 0
    responses: int = 0
    revisits: int = 0
    not_modified: int = 0
    resources: int = 0
    skipped_no_response: int = 0
    escaped: int = 0
    bytes: int = 0


def _exported_with_payload() -> ColumnElement[bool]:
    """Fetches written as a response record carrying their body (SQL twin of the choice in `_write`)."""
    no_payload_304 = sa.and_(sa.or_(Fetch.status == 304, Fetch.not_modified), sa.func.coalesce(Fetch.size, 0) == 0)
    return sa.and_(Fetch.status.is_not(None), Fetch.body_id.is_not(None), sa.not_(no_payload_304))


def _first_seen(session: Session, page: list[Fetch], filters: list[ColumnElement[bool]]) -> FirstSeen:
    body_ids = {f.body_id for f in page if f.body_id is not None}
    if not body_ids:
        return {}
    firsts = session.execute(
        sa.select(Fetch.body_id, Fetch.final_url, sa.func.min(Fetch.id))
        .where(Fetch.body_id.in_(body_ids), _exported_with_payload(), *filters)
        .group_by(Fetch.body_id, Fetch.final_url)
    ).all()
    dates = {fetch_id: at for fetch_id, at in session.execute(
        sa.select(Fetch.id, Fetch.fetched_at).where(Fetch.id.in_({first for _, _, first in firsts})))}
    return {(body_id, url): (first, dates[first]) for body_id, url, first in firsts}


def _pages(database: Database, filters: list[ColumnElement[bool]]) -> Iterator[tuple[list[Fetch], dict[int, bytes], FirstSeen]]:
    """Pages of fetches in id order, with their compressed bodies and first-seen payloads."""
    last_id = 0
    while True:
        with database.reading() as session:
            page = list(session.scalars(
                sa.select(Fetch).where(Fetch.id > last_id, *filters).order_by(Fetch.id).limit(PAGE_SIZE)))
            if not page:
                return
            body_ids = {f.body_id for f in page if f.body_id is not None}
            bodies = {body_id: data for body_id, data in session.execute(
                sa.select(Body.id, Body.data).where(Body.id.in_(body_ids)))}
            first_seen = _first_seen(session, page, filters)
        yield page, bodies, first_seen
        last_id = page[-1].id


def _write(out: FetchWriter, fetch: Fetch, body: bytes | None, first_seen: FirstSeen,
           summary: ExportSummary) -> None:
    if fetch.status is None:
        if body is None:
            summary.skipped_no_response += 1  # a failed attempt: nothing was received
            return
        out.resource(fetch, body)
        summary.resources += 1
    elif is_not_modified(fetch):
        out.not_modified(fetch)
        summary.not_modified += 1
    else:
        first = first_seen.get((fetch.body_id, fetch.final_url)) if fetch.body_id is not None else None
        if first is not None and first[0] < fetch.id:
            assert body is not None
            out.identical_revisit(fetch, body, target_uri(fetch), first[1])
            summary.revisits += 1
        else:
            out.response(fetch, body or b"")
            summary.responses += 1
    summary.fetches += 1


def export_warc(database: Database, path: str | Path, *, site: str | None = None,
                since: DateLike | None = None, until: DateLike | None = None) -> ExportSummary:
    """Write every stored fetch of `database` matching the filters (site, fetch time) to a gzipped WARC file.

    The file appears only when complete: it is written beside `path` and renamed.
    """
    path = Path(path)
    filters = fetch_filters(site, since, until)
    summary = ExportSummary(path)
    partial = path.with_name(path.name + ".part")
    try:
        with open(partial, "wb") as stream:
            out = FetchWriter(stream)
            out.warcinfo(path.name, _description(site, since, until))
            for page, bodies, first_seen in _pages(database, filters):
                for fetch in page:
                    data = bodies.get(fetch.body_id) if fetch.body_id is not None else None
                    _write(out, fetch, None if data is None else decompress(data), first_seen, summary)
            summary.escaped = out.escaped
            summary.bytes = stream.tell()
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return summary


def _description(site: str | None, since: Any, until: Any) -> str:
    chosen = [f"{name}={value}" for name, value in (("site", site), ("since", since), ("until", until)) if value]
    return "arabnews archive fetches" + (f" ({', '.join(chosen)})" if chosen else "")
