"""Per-host politeness and robots.txt kept in PostgreSQL, so every worker on every machine
honours the same schedule: ten workers on one site are still one polite visitor.

`DatabaseSchedule` is the `HostSchedule` of `fetch.politeness` on the `crawl_hosts`
table; `DatabaseRobots` the `RobotsStore` of `fetch.robots` on `crawl_robots`. They
use their own connections of the archive's engine, apart from the page transactions,
so a slot is booked (and a robots.txt shared) the moment it is known.
"""
from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from arabnews_archive.fetch.robots import RobotsFile

# One statement books the slot whatever the row's state: the row is created on first
# sight, and the row lock taken by ON CONFLICT DO UPDATE makes concurrent claims queue
# until the claimer's transaction (its hold) ends.
_CLAIM = sa.text(
    "INSERT INTO crawl_hosts (host, next_allowed, crawl_delay) VALUES (:host, :now + :delay, :delay) "
    "ON CONFLICT (host) DO UPDATE SET next_allowed = GREATEST(crawl_hosts.next_allowed, :now) + :delay, "
    "crawl_delay = :delay RETURNING next_allowed - :delay"
)
_RECORD = sa.text(
    "UPDATE crawl_hosts SET next_allowed = GREATEST(next_allowed, :at + :delay) WHERE host = :host"
)
_NEXT = sa.text("SELECT next_allowed FROM crawl_hosts WHERE host = :host")


_ROBOTS_ROW = sa.text("INSERT INTO crawl_robots (origin, expires) VALUES (:origin, 0) ON CONFLICT (origin) DO NOTHING")
_ROBOTS_LOCK = sa.text("SELECT status, body, error, expires FROM crawl_robots WHERE origin = :origin FOR UPDATE")
_ROBOTS_SAVE = sa.text(
    "UPDATE crawl_robots SET status = :status, body = :body, error = :error, expires = :expires WHERE origin = :origin"
)


class DatabaseSchedule:
    """`HostSchedule` shared through PostgreSQL: one request in flight per host among all
    workers, and the host's delay counted from the end of one to the start of the next.

    `hold` opens a transaction (on its own connection) for the request; `claim`, the
    first thing `HostThrottle` does in it, locks the host's row (ON CONFLICT DO UPDATE
    does) until the hold ends, so other workers block on that lock, without polling,
    and a worker that dies drops it with its connection. `record` uses the same transaction.
    """

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._held = threading.local()  # host -> the connection holding its row, per thread

    @contextmanager
    def hold(self, host: str) -> Iterator[None]:
        with self._engine.connect() as connection, connection.begin():
            held: dict[str, Connection] = self._held.__dict__.setdefault("hosts", {})
            held[host] = connection
            try:
                yield
            finally:
                del held[host]

    @contextmanager
    def _connection(self, host: str) -> Iterator[Connection]:
        held = self._held.__dict__.get("hosts", {}).get(host)
        if held is not None:
            yield held
            return
        with self._engine.begin() as connection:
            yield connection

    def next_allowed(self, host: str) -> float:
        with self._connection(host) as connection:
            value = connection.execute(_NEXT, {"host": host}).scalar()
        return float(value) if value is not None else 0.0

    def claim(self, host: str, now: float, delay: float) -> float:
        with self._connection(host) as connection:
            return float(connection.execute(_CLAIM, {"host": host, "now": now, "delay": delay}).scalar_one())

    def record(self, host: str, at: float, delay: float) -> None:
        with self._connection(host) as connection:
            connection.execute(_RECORD, {"host": host, "at": at, "delay": delay})


class DatabaseRobots:
    """`RobotsStore` in PostgreSQL: the first worker to need a site's robots.txt fetches it
    while holding its row; the others wait for that row and reuse the file until it expires."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def shared(self, origin: str, now: float, fetch: Callable[[], RobotsFile]) -> RobotsFile:
        with self._engine.begin() as connection:
            connection.execute(_ROBOTS_ROW, {"origin": origin})
            row = connection.execute(_ROBOTS_LOCK, {"origin": origin}).one()
            if row.expires > now:
                return RobotsFile(row.status, row.body, row.error, row.expires)
            file = fetch()
            connection.execute(_ROBOTS_SAVE, {"origin": origin, "status": file.status, "body": file.body,
                                              "error": file.error, "expires": file.expires})
            return file
