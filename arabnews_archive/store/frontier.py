"""The crawl frontier in the database: crawls, their URLs, claims with leases, outcomes.

Every function takes the caller's session, so a page's outcome, its stored fetch and
the URLs it led to commit together. Claims lock rows with ``FOR UPDATE SKIP LOCKED``
on PostgreSQL (many workers, no waiting on each other); on SQLite the writing
session's ``BEGIN IMMEDIATE`` already serialises claimers.
"""
from __future__ import annotations

import functools
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from arabnews_archive.fetch.hosts import host_key
from arabnews_archive.store.errors import ArchiveError
from arabnews_archive.store.models import DIALECT_INSERT, Crawl, FrontierRow, UTCDateTime

LISTING, FEED, SITEMAP, ARTICLE = "listing", "feed", "sitemap", "article"
QUEUED, IN_PROGRESS, DONE, FAILED, SKIPPED = "queued", "in_progress", "done", "failed", "skipped"
STATES = (QUEUED, IN_PROGRESS, DONE, FAILED, SKIPPED)
# Within one depth: pagination first (it finds the rest), then feeds and sitemaps, then articles.
PRIORITY = {LISTING: 0, FEED: 1, SITEMAP: 2, ARTICLE: 3}


class LeaseLost(ArchiveError):
    """The row was reclaimed by another worker (our lease expired): nothing may be written."""


@dataclass(frozen=True)
class NewUrl:
    """A URL to add to a crawl's frontier (already canonical)."""

    url: str
    kind: str
    depth: int
    discovered_from: str | None = None
    state: str = QUEUED
    reason: str | None = None


@dataclass(frozen=True)
class Claimed:
    """A frontier row this worker holds the lease on."""

    id: int
    url: str
    host: str
    kind: str
    depth: int
    attempts: int
    etag: str | None
    last_modified: str | None
    crawl_id: int


def _insert(session: Session) -> Any:
    return DIALECT_INSERT[session.get_bind().dialect.name]


def open_crawl(session: Session, seed_url: str, scope: dict[str, Any], settings: dict[str, Any],
               now: datetime) -> Crawl:
    """The crawl of `seed_url`, created on first use; marked running with this run's settings.

    Scope keys learned by earlier runs (such as the article paths) are kept. Processes
    starting the same crawl at once (on several machines) all get the one row.
    """
    session.execute(
        _insert(session)(Crawl)
        .values(seed_url=seed_url, scope=scope, settings=settings, state="running", started_at=now)
        .on_conflict_do_nothing(index_elements=["seed_url"])
    )
    crawl = session.scalars(sa.select(Crawl).where(Crawl.seed_url == seed_url).with_for_update()).one()
    crawl.scope = {**crawl.scope, **scope}
    crawl.settings, crawl.state, crawl.finished_at = settings, "running", None
    session.flush()
    return crawl


def find_crawl(session: Session, seed_url: str) -> Crawl | None:
    return session.scalar(sa.select(Crawl).where(Crawl.seed_url == seed_url))


def all_crawls(session: Session) -> list[Crawl]:
    return list(session.scalars(sa.select(Crawl).order_by(Crawl.id)))


def update_scope(session: Session, crawl_id: int, **values: Any) -> None:
    crawl = session.get(Crawl, crawl_id)
    assert crawl is not None
    crawl.scope = {**crawl.scope, **values}


def end_crawl(session: Session, crawl_id: int, state: str, now: datetime) -> None:
    crawl = session.get(Crawl, crawl_id)
    assert crawl is not None
    crawl.state = state
    crawl.finished_at = now if state == "finished" else None


def finish_empty_crawls(session: Session, now: datetime) -> int:
    """Mark finished every crawl with nothing queued or in progress (what a worker ends with)."""
    busy = sa.select(FrontierRow.id).where(FrontierRow.crawl_id == Crawl.id,
                                           FrontierRow.state.in_((QUEUED, IN_PROGRESS)))
    result = session.execute(sa.update(Crawl).where(Crawl.state != "finished", ~busy.exists())
                             .values(state="finished", finished_at=now))
    return result.rowcount or 0


_ENQUEUE = {
    name: insert(FrontierRow.__table__).on_conflict_do_nothing(index_elements=["crawl_id", "url"])
    .returning(FrontierRow.__table__.c.url)
    for name, insert in DIALECT_INSERT.items()
}


def enqueue(session: Session, crawl_id: int, urls: Iterable[NewUrl], now: datetime) -> list[str]:
    """Add URLs not yet in the crawl's frontier; returns those actually added, in order."""
    rows = [
        {"crawl_id": crawl_id, "url": u.url, "host": host_key(u.url), "kind": u.kind,
         "priority": PRIORITY[u.kind], "state": u.state, "reason": u.reason, "attempts": 0,
         "depth": u.depth, "discovered_from": u.discovered_from, "discovered_at": now,
         "updated_at": now if u.state != QUEUED else None}
        for u in {u.url: u for u in urls}.values()
    ]
    if not rows:
        return []
    # One prebuilt statement run over all rows (SQLAlchemy batches them into multi-row
    # INSERTs): a statement built with the rows in it is compiled anew for each count.
    added = set(session.scalars(_ENQUEUE[session.get_bind().dialect.name], rows))
    return [row["url"] for row in rows if row["url"] in added]


def settle(session: Session, crawl_id: int, target: NewUrl, fetch_id: int, now: datetime) -> None:
    """Record `target` as done by `fetch_id` (a redirect ended there), so it is not fetched again.

    A row a worker holds (in progress) is left to it: taken from under its lease, the
    worker's own outcome would be refused as if another worker had taken the row over."""
    enqueue(session, crawl_id, [target], now)
    session.execute(
        sa.update(FrontierRow)
        .where(FrontierRow.crawl_id == crawl_id, FrontierRow.url == target.url, FrontierRow.state != IN_PROGRESS,
               sa.or_(FrontierRow.state == QUEUED, FrontierRow.fetch_id.is_(None)))
        .values(state=DONE, reason=target.reason, fetch_id=fetch_id, updated_at=now)
    )


def adopt(session: Session, crawl_id: int, urls: Collection[str], listing_url: str, depth: int) -> int:
    """Credit articles a sitemap or feed found first to the listing page that links them.

    Returns how many were credited: for pagination they count as new on this page, so
    a sitemap listing a section's articles does not stop the walk through its pages.
    """
    if not urls:
        return 0
    from_sources = sa.select(FrontierRow.url).where(
        FrontierRow.crawl_id == crawl_id, FrontierRow.kind.in_((SITEMAP, FEED)))
    result = session.execute(
        sa.update(FrontierRow)
        .where(FrontierRow.crawl_id == crawl_id, FrontierRow.kind == ARTICLE, FrontierRow.url.in_(list(urls)),
               FrontierRow.discovered_from.in_(from_sources))
        .values(discovered_from=listing_url, depth=depth)
    )
    return result.rowcount or 0


_CLAIM_TURN = sa.text("SELECT pg_advisory_xact_lock(7382085259403814258)")  # "frontier" in ASCII


@functools.lru_cache(maxsize=None)
def _claim_statement(dialect: str, of_crawls: bool, excluding: bool) -> Any:
    """The claim's UPDATE, built once per shape: building it cost more than running it."""
    table = FrontierRow.__table__
    owner, now = sa.bindparam("owner"), sa.bindparam("now")
    others = sa.select(table.c.host).where(table.c.state == IN_PROGRESS, table.c.lease_owner != owner)
    queued = sa.select(table.c.id).where(
        table.c.state == QUEUED, sa.or_(table.c.next_attempt_at.is_(None), table.c.next_attempt_at <= now))
    if of_crawls:
        queued = queued.where(table.c.crawl_id.in_(sa.bindparam("crawl_ids", expanding=True)))
    shallowest = (table.c.depth, table.c.priority, table.c.id)
    free = queued.with_only_columns(table.c.host).where(table.c.host.not_in(others))
    if excluding:
        free = free.where(table.c.host.not_in(sa.bindparam("exclude_hosts", expanding=True)))
    host = free.order_by(*shallowest).limit(1).scalar_subquery()
    due = queued.where(table.c.host == host).order_by(*shallowest).limit(sa.bindparam("limit"))
    if dialect == "postgresql":
        due = due.with_for_update(skip_locked=True)
    return (
        sa.update(table).where(table.c.id.in_(due.scalar_subquery()))
        .values(state=IN_PROGRESS, lease_owner=owner, lease_expires_at=sa.bindparam("expires"), updated_at=now)
        .returning(table.c.id, table.c.url, table.c.host, table.c.kind, table.c.depth, table.c.attempts,
                   table.c.etag, table.c.last_modified, table.c.crawl_id, table.c.priority)
    )


def claim(session: Session, crawl_ids: Collection[int] | None, owner: str, now: datetime, lease: timedelta, *,
          limit: int = 1, exclude_hosts: Collection[str] = ()) -> list[Claimed]:
    """Take up to `limit` queued rows of one host that are due, shallowest first, and lease them to `owner`.

    `crawl_ids` None means every crawl. The host is the one of the first due row among
    hosts no other worker holds rows of (nor `exclude_hosts`): a host is fetched one
    request at a time anyway (politeness), so a claim of several hosts would keep the
    others from workers that are idle, and workers spread over hosts instead.
    One statement whatever `limit` is: an UPDATE of the rows a sub-select picks (on
    PostgreSQL, skipping rows other workers are claiming).
    """
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        # Claims take turns: a claim running beside another would not see the hosts that
        # one is taking, and two workers would queue behind each other on one host.
        session.execute(_CLAIM_TURN)
    statement = _claim_statement(dialect, crawl_ids is not None, bool(exclude_hosts))
    rows = session.execute(statement, {
        "owner": owner, "now": now, "expires": now + lease, "limit": limit,
        "crawl_ids": list(crawl_ids or ()), "exclude_hosts": list(exclude_hosts),
    }).all()
    # RETURNING gives no order.
    rows.sort(key=lambda r: (r.depth, r.priority, r.id))
    return [Claimed(*row[:9]) for row in rows]


def renew(session: Session, owner: str, now: datetime, lease: timedelta) -> int:
    """Extend every lease `owner` holds: the heartbeat of a live worker."""
    result = session.execute(
        sa.update(FrontierRow).where(FrontierRow.state == IN_PROGRESS, FrontierRow.lease_owner == owner)
        .values(lease_expires_at=now + lease)
    )
    return result.rowcount or 0


def _finish_statement(with_fetch: bool, with_validators: bool) -> Any:
    table = FrontierRow.__table__
    values: dict[str, Any] = {
        "state": sa.bindparam("state"), "reason": sa.bindparam("reason"),
        "attempts": table.c.attempts + sa.bindparam("attempts"),
        "next_attempt_at": sa.bindparam("next_attempt_at"), "lease_owner": None, "lease_expires_at": None,
        "updated_at": sa.bindparam("now"),
    }
    if with_fetch:
        values["fetch_id"] = sa.bindparam("fetch_id")
    if with_validators:
        values["etag"], values["last_modified"] = sa.bindparam("etag"), sa.bindparam("last_modified")
    return (sa.update(table)
            .where(table.c.id == sa.bindparam("row_id"), table.c.state == IN_PROGRESS,
                   table.c.lease_owner == sa.bindparam("owner"))
            .values(values))


# Built once, on the table (Core): building the statement, and the ORM's handling of an
# UPDATE, cost more than running it, once per page.
_FINISH = {(fetch, validators): _finish_statement(fetch, validators)
           for fetch in (False, True) for validators in (False, True)}


def finish(session: Session, claimed: Claimed, owner: str, now: datetime, *, state: str,
           reason: str | None = None, attempts: int = 0, fetch_id: int | None = None,
           etag: str | None = None, last_modified: str | None = None,
           next_attempt_at: datetime | None = None) -> None:
    """Record a claimed row's outcome; raises :class:`LeaseLost` if the row is no longer ours.

    `attempts` is added to the row's count; validators are replaced only when given.
    """
    validators = etag is not None or last_modified is not None
    params = {"row_id": claimed.id, "owner": owner, "state": state, "reason": reason, "attempts": attempts,
              "next_attempt_at": next_attempt_at, "now": now}
    if fetch_id is not None:
        params["fetch_id"] = fetch_id
    if validators:
        # Only then (and the fetch id only when given): a parameter named like a column is a SET
        # of its own to SQLAlchemy, and a 304 would wipe the row's ETag, the next request unconditional.
        params.update(etag=etag, last_modified=last_modified)
    result = session.execute(_FINISH[fetch_id is not None, validators], params)
    if result.rowcount != 1:
        raise LeaseLost(f"lease on {claimed.url} lost: another worker took it over")


def _of(query: Any, crawl_ids: Collection[int] | None) -> Any:
    return query if crawl_ids is None else query.where(FrontierRow.crawl_id.in_(list(crawl_ids)))


def release(session: Session, owners: Collection[str], crawl_ids: Collection[int] | None = None) -> int:
    """Give the rows leased by `owners` back to the queue (a clean stop, or owners known dead)."""
    if not owners:
        return 0
    query = _of(sa.update(FrontierRow).where(FrontierRow.state == IN_PROGRESS,
                                             FrontierRow.lease_owner.in_(list(owners))), crawl_ids)
    return session.execute(query.values(state=QUEUED, lease_owner=None, lease_expires_at=None)).rowcount or 0


def reap_expired(session: Session, crawl_ids: Collection[int] | None, now: datetime) -> int:
    """Rows whose lease ran out (their worker died, or lost its machine) go back to the queue."""
    result = session.execute(_of(
        sa.update(FrontierRow)
        .where(FrontierRow.state == IN_PROGRESS, FrontierRow.lease_expires_at < now), crawl_ids)
        .values(state=QUEUED, lease_owner=None, lease_expires_at=None)
    )
    return result.rowcount or 0


def lease_owners(session: Session, crawl_ids: Collection[int] | None) -> list[str]:
    return list(session.scalars(_of(
        sa.select(FrontierRow.lease_owner).distinct()
        .where(FrontierRow.state == IN_PROGRESS, FrontierRow.lease_owner.is_not(None)), crawl_ids)
    ))


def requeue_done(session: Session, crawl_id: int, kinds: Sequence[str], now: datetime) -> int:
    """Queue finished pages of these kinds again (a refresh; their validators are kept)."""
    result = session.execute(
        sa.update(FrontierRow)
        .where(FrontierRow.crawl_id == crawl_id, FrontierRow.state == DONE, FrontierRow.kind.in_(kinds))
        .values(state=QUEUED, reason=None, updated_at=now)
    )
    return result.rowcount or 0


def requeue_failed(session: Session, crawl_id: int, now: datetime, urls: Collection[str] | None = None,
                   states: Collection[str] = (FAILED,)) -> int:
    """Queue again the rows of `urls` (None: all) in `states`, their attempts counted afresh
    (a crawl run again retries what failed before)."""
    query = sa.update(FrontierRow).where(FrontierRow.crawl_id == crawl_id, FrontierRow.state.in_(list(states)))
    if urls is not None:
        query = query.where(FrontierRow.url.in_(list(urls)))
    result = session.execute(query.values(state=QUEUED, reason=None, attempts=0, next_attempt_at=None,
                                          updated_at=now))
    return result.rowcount or 0


def find_row(session: Session, crawl_id: int, url: str) -> FrontierRow | None:
    return session.scalar(sa.select(FrontierRow).where(FrontierRow.crawl_id == crawl_id, FrontierRow.url == url))


@dataclass(frozen=True)
class Waiting:
    """What is left of a crawl's frontier when nothing can be claimed right now."""

    queued: int
    in_progress: int
    next_due: datetime | None  # the earliest retry time among queued rows, if any
    retrying: int = 0  # queued rows waiting for another try after a transient failure

    @property
    def empty(self) -> bool:
        return self.queued == 0 and self.in_progress == 0


def waiting(session: Session, crawl_ids: Collection[int] | None) -> Waiting:
    queued, in_progress, next_due, retrying = session.execute(_of(
        sa.select(
            sa.func.count().filter(FrontierRow.state == QUEUED),
            sa.func.count().filter(FrontierRow.state == IN_PROGRESS),
            # Coerced, or SQLite hands back min() of its date text as a plain string.
            sa.type_coerce(sa.func.min(FrontierRow.next_attempt_at).filter(FrontierRow.state == QUEUED),
                           UTCDateTime()),
            sa.func.count().filter(FrontierRow.state == QUEUED, FrontierRow.next_attempt_at.is_not(None)),
        ), crawl_ids)
    ).one()
    return Waiting(queued, in_progress, next_due, retrying)


def counts(session: Session, crawl_id: int | None = None) -> list[tuple[int, str, str, int]]:
    """(crawl id, kind, state, rows) for every combination present."""
    query = (sa.select(FrontierRow.crawl_id, FrontierRow.kind, FrontierRow.state, sa.func.count())
             .group_by(FrontierRow.crawl_id, FrontierRow.kind, FrontierRow.state)
             .order_by(FrontierRow.crawl_id, FrontierRow.kind, FrontierRow.state))
    if crawl_id is not None:
        query = query.where(FrontierRow.crawl_id == crawl_id)
    return [tuple(row) for row in session.execute(query)]  # type: ignore[misc]


def problems(session: Session, crawl_id: int | None = None) -> list[FrontierRow]:
    """Failed and skipped rows, with their reasons and attempts."""
    query = (sa.select(FrontierRow).where(FrontierRow.state.in_((FAILED, SKIPPED)))
             .order_by(FrontierRow.crawl_id, FrontierRow.state, FrontierRow.reason, FrontierRow.id))
    if crawl_id is not None:
        query = query.where(FrontierRow.crawl_id == crawl_id)
    return list(session.scalars(query))
