"""Watched sections: their sources' visit schedule, and the frontier rows a new pass revisits.

A source (a section's first listing page, a feed, a sitemap) is claimed for a visit like a
frontier row: a lease, taken with ``FOR UPDATE SKIP LOCKED`` on PostgreSQL, so that
processes sharing the archive never visit one source twice; the visit's outcome and the
next visit time commit together, so a process killed mid-visit leaves the source due.
"""
from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session

from arabnews_archive.store.fetches import decompress
from arabnews_archive.store.models import DIALECT_INSERT, Body, Crawl, Fetch, FrontierRow, UTCDateTime, WatchSource

# Frontier kinds and states, as store.frontier names them (not imported: the two modules
# are written by different passes and must not depend on each other's internals).
_LISTING, _FEED, _SITEMAP, _ARTICLE = "listing", "feed", "sitemap", "article"
_QUEUED, _IN_PROGRESS, _DONE = "queued", "in_progress", "done"


@dataclass(frozen=True)
class Source:
    """A watched source as a visit needs it."""

    id: int
    crawl_id: int
    url: str
    kind: str
    interval: float
    min_interval: float
    max_interval: float
    failures: int
    content_hash: str | None


def source_urls(session: Session, crawl_id: int) -> list[tuple[str, str]]:
    """(url, kind) of the crawl's sources: its first listing page, its feeds, the site's own
    sitemaps and the news sitemaps they name. Deeper listing pages are reached from the first
    one, older sitemaps (one per month, say) never change."""
    f = FrontierRow
    rows = session.execute(
        sa.select(f.url, f.kind).where(
            f.crawl_id == crawl_id, f.state == _DONE,
            sa.or_(sa.and_(f.kind == _LISTING, f.depth == 0), f.kind == _FEED,
                   sa.and_(f.kind == _SITEMAP, sa.or_(f.depth <= 1, f.url.like("%news%")))))
        .order_by(f.id))
    return [(url, kind) for url, kind in rows]


def frontier_hashes(session: Session, crawl_id: int, urls: Collection[str]) -> dict[str, str]:
    """The content hash of each URL's last stored body (a 304 or a failure has none)."""
    rows = session.execute(
        sa.select(FrontierRow.url, Fetch.content_hash).join(Fetch, Fetch.id == FrontierRow.fetch_id)
        .where(FrontierRow.crawl_id == crawl_id, FrontierRow.url.in_(list(urls)), Fetch.content_hash.is_not(None)))
    return {url: digest for url, digest in rows}


def requeue(session: Session, crawl_id: int, urls: Collection[str], now: datetime,
            before: datetime | None = None) -> list[str]:
    """Queue these rows of the crawl again for a revisit (their validators kept, attempts
    counted afresh), unless queued or held already; with `before`, only rows last updated
    before it (not yet revisited in this pass). Returns the URLs queued."""
    if not urls:
        return []
    f = FrontierRow
    query = sa.update(f).where(f.crawl_id == crawl_id, f.url.in_(list(urls)), f.state.not_in((_QUEUED, _IN_PROGRESS)))
    if before is not None:
        query = query.where(sa.or_(f.updated_at.is_(None), f.updated_at < before))
    result = session.execute(query.values(state=_QUEUED, reason=None, attempts=0, next_attempt_at=None,
                                          updated_at=now).returning(f.url))
    return list(result.scalars())


def add_sources(session: Session, crawl_id: int, sources: Iterable[tuple[str, str]], min_interval: float,
                max_interval: float, first_visit: datetime) -> None:
    """Watch these (url, kind) of the crawl; bounds apply to its sources already watched too."""
    sources = list(sources)
    hashes = frontier_hashes(session, crawl_id, [url for url, _ in sources])
    rows = [{"crawl_id": crawl_id, "url": url, "kind": kind, "min_interval": min_interval,
             "max_interval": max_interval, "interval": min_interval, "next_visit": first_visit, "failures": 0,
             "content_hash": hashes.get(url)}
            for url, kind in sources]
    if rows:
        insert = DIALECT_INSERT[session.get_bind().dialect.name]
        session.execute(insert(WatchSource).on_conflict_do_nothing(index_elements=["crawl_id", "url"]), rows)
    w = WatchSource
    session.execute(sa.update(w).where(w.crawl_id == crawl_id).values(
        min_interval=min_interval, max_interval=max_interval,
        interval=sa.case((w.interval < min_interval, min_interval), (w.interval > max_interval, max_interval),
                         else_=w.interval)))


def claim_due(session: Session, owner: str, now: datetime, lease: timedelta) -> list[Source]:
    """Lease the sources of one section due now (none held by a live lease): the section
    whose source is the most overdue. One section at a time, so that processes share them."""
    w = WatchSource
    free = sa.and_(w.next_visit <= now, sa.or_(w.lease_owner.is_(None), w.lease_expires_at < now))
    first = sa.select(w.crawl_id).where(free).order_by(w.next_visit, w.id).limit(1).scalar_subquery()
    due = sa.select(w.id).where(free, w.crawl_id == first).order_by(w.next_visit, w.id)
    if session.get_bind().dialect.name == "postgresql":
        due = due.with_for_update(skip_locked=True)
    ids = list(session.scalars(due))
    if not ids:
        return []
    session.execute(sa.update(w).where(w.id.in_(ids)).values(lease_owner=owner, lease_expires_at=now + lease))
    rows = session.scalars(sa.select(w).where(w.id.in_(ids)).order_by(w.next_visit, w.id))
    return [Source(r.id, r.crawl_id, r.url, r.kind, r.interval, r.min_interval, r.max_interval, r.failures,
                   r.content_hash) for r in rows]


def renew_sources(session: Session, owner: str, now: datetime, lease: timedelta) -> None:
    session.execute(sa.update(WatchSource).where(WatchSource.lease_owner == owner)
                    .values(lease_expires_at=now + lease))


def release_sources(session: Session, owners: Collection[str]) -> None:
    """Give back sources leased by `owners` (stopped, or dead) without recording a visit: they stay due."""
    if owners:
        session.execute(sa.update(WatchSource).where(WatchSource.lease_owner.in_(list(owners)))
                        .values(lease_owner=None, lease_expires_at=None))


def source_owners(session: Session) -> list[str]:
    return list(session.scalars(sa.select(WatchSource.lease_owner).distinct()
                                .where(WatchSource.lease_owner.is_not(None))))


def record_visit(session: Session, source: Source, owner: str, *, interval: float, next_visit: datetime,
                 visited: datetime, new: int, failed: bool, note: str, content_hash: str | None) -> bool:
    """The visit's outcome and the next one, if `owner` still holds the source (else False)."""
    w = WatchSource
    values: dict[str, object] = {
        "interval": interval, "next_visit": next_visit, "last_visit": visited, "note": note,
        "failures": source.failures + 1 if failed else 0, "lease_owner": None, "lease_expires_at": None}
    if new:
        values["last_new"] = visited
    if content_hash is not None:
        values["content_hash"] = content_hash
    result = session.execute(sa.update(w).where(w.id == source.id, w.lease_owner == owner).values(values))
    return result.rowcount == 1


def new_articles(session: Session, crawl_id: int, source: str, kind: str, since: datetime) -> int:
    """Articles the crawl first met at or after `since` on this source (a listing source: on
    any listing page, the walk back from it)."""
    f = FrontierRow
    found_on = (sa.select(f.url).where(f.crawl_id == crawl_id, f.kind == _LISTING).scalar_subquery()
                if kind == _LISTING else sa.literal(source))
    query = sa.select(sa.func.count()).where(
        f.crawl_id == crawl_id, f.kind == _ARTICLE, f.discovered_at >= since,
        f.discovered_from.in_(found_on) if kind == _LISTING else f.discovered_from == source)
    return int(session.scalar(query) or 0)


def body_of(session: Session, digest: str) -> bytes | None:
    """A stored body by its hash (the last one a source sent, when it now answers 304)."""
    data = session.scalar(sa.select(Body.data).where(Body.content_hash == digest))
    return None if data is None else decompress(data)


def visited_row(session: Session, crawl_id: int, url: str) -> tuple[FrontierRow | None, Fetch | None]:
    """The source's frontier row and the fetch it last recorded."""
    row = session.scalar(sa.select(FrontierRow).where(FrontierRow.crawl_id == crawl_id, FrontierRow.url == url))
    fetch = session.get(Fetch, row.fetch_id) if row is not None and row.fetch_id else None
    return row, fetch


def watched(session: Session) -> list[tuple[WatchSource, str]]:
    """Every watched source with its section's seed URL, by section then URL."""
    return [(w, seed) for w, seed in session.execute(
        sa.select(WatchSource, Crawl.seed_url).join(Crawl, Crawl.id == WatchSource.crawl_id)
        .order_by(Crawl.seed_url, WatchSource.id))]


def next_due(session: Session) -> datetime | None:
    # Coerced, or SQLite hands back min() of its date text as a plain string.
    return session.scalar(sa.select(sa.type_coerce(sa.func.min(WatchSource.next_visit), UTCDateTime())))


def unwatch(session: Session, crawl_id: int) -> int:
    """Stop watching the crawl's section (its crawl and archive stay)."""
    return session.execute(sa.delete(WatchSource).where(WatchSource.crawl_id == crawl_id)).rowcount or 0
