"""The crawl loop: workers claim frontier rows, fetch them politely, and commit each page.

Scrapy's parts, kept small: the scheduler is the database frontier (`store.frontier`),
the downloader is `PoliteFetcher` (robots.txt, per-host spacing, retries), the
pipeline is `crawl.plan` (parse, discover) plus `crawl.pipeline` (one transaction).

`settings.fetch.concurrency` workers run in threads. Rows are claimed in batches (one
statement per batch) into a local buffer; a worker only takes a row whose host no
other worker of this process is fetching, so hosts are fetched in parallel and one
host is never hammered. A worker's jobs are fetching a row and storing a fetched
page (parse, then commit). Fetching comes first: the worker that has a response
releases the host, queues the page and sends the host's next request itself, while
a waiting worker parses and stores the page; at most `concurrency` pages wait so.

Many processes on many machines share one PostgreSQL frontier: claims skip rows
other workers hold, a heartbeat keeps this process's leases alive, per-host delays
and robots.txt live in the database (`store.hosts`), and the rows of a process that
died return to the queue when their lease expires.
"""
from __future__ import annotations

import contextlib
import dataclasses
import logging
import sys
import threading
from collections import deque
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta, timezone
from typing import NamedTuple

from sqlalchemy.orm import Session

from arabnews_archive.crawl.discover.urls import absolute, canonicalize
from arabnews_archive.crawl.heartbeat import Heartbeat
from arabnews_archive.crawl.jobs import Contexts, queue_crawl, release_dead
from arabnews_archive.crawl.leases import new_owner, retire
from arabnews_archive.crawl.pipeline import commit_page
from arabnews_archive.crawl.plan import Context, Plan, plan_page
from arabnews_archive.crawl.settings import CrawlSettings
from arabnews_archive.crawl.summary import CrawlSummary, Snapshot, Stats
from arabnews_archive.fetch.downloader import Downloader
from arabnews_archive.fetch.policy import url_problem
from arabnews_archive.fetch.polite_fetcher import PoliteFetcher
from arabnews_archive.fetch.result import FetchResult
from arabnews_archive.fetch.settings import FEED_TYPES, GZIP_TYPES, HTML_TYPES, FetchSettings
from arabnews_archive.fetch.throttle import HostThrottle
from arabnews_archive.pool import ParsePool, ParserDied, parser_processes, shared_pool
from arabnews_archive.store.database import Database
from arabnews_archive.store.frontier import (
    FAILED, LISTING, SITEMAP, SKIPPED, Claimed, LeaseLost, claim, end_crawl, find_row, finish_empty_crawls, release,
    waiting,
)
from arabnews_archive.store.hosts import DatabaseRobots, DatabaseSchedule

log = logging.getLogger(__name__)

FINISHED, STOPPED, LIMIT_REACHED, SEED_FAILED = "finished", "stopped", "limit reached", "failed"
SITEMAP_TYPES = HTML_TYPES | FEED_TYPES | GZIP_TYPES
# How long an idle worker waits before looking at the frontier again when other workers
# (here or in other processes) may still add to it.
_POLL = 0.25
# Rows claimed per statement, per fetching thread: enough to make claims rare, few
# enough that other processes find work too.
_BATCH_PER_THREAD = 4


# While a crawl runs, threads switch every 0.5 ms instead of Python's 5 ms: a fetching
# thread whose response has arrived otherwise waits up to 5 ms for the GIL behind a
# thread storing a page, and a host's requests follow one another (13% faster on the
# benchmark site). Crawls running at once share the setting; the last one restores it.
_SWITCH_INTERVAL = 0.0005
_switching = {"crawls": 0, "before": 0.0}
_switching_lock = threading.Lock()


@contextlib.contextmanager
def _quick_thread_switches() -> Iterator[None]:
    with _switching_lock:
        if _switching["crawls"] == 0:
            _switching["before"] = sys.getswitchinterval()
            sys.setswitchinterval(min(_SWITCH_INTERVAL, _switching["before"]))
        _switching["crawls"] += 1
    try:
        yield
    finally:
        with _switching_lock:
            _switching["crawls"] -= 1
            if _switching["crawls"] == 0:
                sys.setswitchinterval(_switching["before"])


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def polite_fetcher(settings: FetchSettings, database: Database | None = None) -> PoliteFetcher:
    """A PoliteFetcher whose retries and redirects also keep the host's delay (Crawl-delay included).

    On a PostgreSQL archive the per-host schedule and robots.txt are shared with every
    other worker through the database.
    """
    shared = database is not None and database.dialect == "postgresql"
    throttle = HostThrottle(settings.delay, schedule=DatabaseSchedule(database.engine) if shared else None)
    downloader = Downloader(settings, min_gap=throttle.delay)
    robots = DatabaseRobots(database.engine) if shared else None
    return PoliteFetcher(settings, downloader=downloader, throttle=throttle, robots_store=robots)


class _Fetched(NamedTuple):
    """A page fetched, waiting for a worker to parse and store it."""

    row: Claimed
    result: FetchResult


class Crawler:
    """One run over the frontier; `run()` returns its summary.

    With a `seed_url`, the run opens (or joins) that section's crawl and works on it
    alone; with a `crawl_id`, it works on that crawl as queued (a watch visit). Without
    either it is a worker: it takes rows of every crawl in the archive until none is left
    (or, with `forever`, keeps polling for new ones until stopped).

    Set `stop` (e.g. from a Ctrl-C handler) to finish the pages in hand and return;
    running the same seed again resumes. `progress` is called after every page.
    """

    def __init__(self, database: Database, seed_url: str | None, settings: CrawlSettings | None = None, *,
                 stop: threading.Event | None = None, progress: Callable[[Snapshot], None] | None = None,
                 forever: bool = False, crawl_id: int | None = None) -> None:
        self.database = database
        self.seed_url = seed(seed_url) if seed_url else None
        self.settings = settings or CrawlSettings()
        self.stop = stop or threading.Event()
        self.forever = forever
        self._progress = progress
        self._owner = new_owner()
        self._cond = threading.Condition()
        self._buffer: list[Claimed] = []  # claimed, not yet taken by a thread
        self._fetched: deque[_Fetched] = deque()  # fetched, not yet taken by a thread to store
        # The hosts excluded by the last claim, which found nothing: claiming again is futile
        # while they (or more) are busy and no page has added URLs. None: claim.
        self._dry: frozenset[str] | None = None
        self._busy: set[str] = set()  # hosts being fetched by this process
        self._in_flight = 0
        self._taken = 0  # pages requested or about to be, against --max-pages
        self._over: str | None = None
        self._error: BaseException | None = None
        self._crawl_ids: list[int] | None = [crawl_id] if crawl_id else None  # None: every crawl
        self._contexts = Contexts(database, self.settings)
        # SQLite has one writer at a time and makes the others sleep-poll for it; taking
        # turns inside the process first wakes the next writer at once.
        self._sqlite_turn = threading.Lock() if database.dialect == "sqlite" else None
        self.stats = Stats(self.settings.max_pages)

    @property
    def crawl_id(self) -> int | None:
        return self._crawl_ids[0] if self._crawl_ids else None

    @contextlib.contextmanager
    def _writing(self) -> Iterator[Session]:
        with self._sqlite_turn or contextlib.nullcontext(), self.database.writing() as session:
            yield session

    # -- the run -------------------------------------------------------------------

    def run(self) -> CrawlSummary:
        fetcher = polite_fetcher(self.settings.fetch, self.database)
        parsers = shared_pool(parser_processes(self.settings.parse_processes), preload=(plan_page.__module__,))
        try:
            self._open()
            with Heartbeat(self._writing, self._owner, self.settings.lease), _quick_thread_switches():
                workers = [threading.Thread(target=self._work, args=(fetcher, parsers), name=f"crawl-{i}", daemon=True)
                           for i in range(self.settings.fetch.concurrency)]
                for worker in workers:
                    worker.start()
                for worker in workers:
                    worker.join()
            if self._error is not None:
                raise self._error
            return self._close()
        finally:
            with self._writing() as session:
                release(session, [self._owner], self._crawl_ids)
            retire(self._owner)
            fetcher.close()

    def _open(self) -> None:
        now = utcnow()
        if self.seed_url is not None:
            started = queue_crawl(self.database, self.seed_url, self.settings, now, self._owner)
            self._crawl_ids = [started.crawl_id]
            self._contexts = Contexts(self.database, self.settings, started)
        release_dead(self.database, self._crawl_ids, now)
        with self.database.reading() as session:
            queued = waiting(session, self._crawl_ids).queued
        self.stats = Stats(self.settings.max_pages, queued)

    def _close(self) -> CrawlSummary:
        now = utcnow()
        error = None
        with self._writing() as session:
            left = waiting(session, self._crawl_ids)
            state = FINISHED if left.empty else (self._over or STOPPED)
            if self.crawl_id is not None:
                seed_row = find_row(session, self.crawl_id, self.seed_url or "")
                if seed_row is not None and seed_row.state in (FAILED, SKIPPED) and left.empty:
                    state, error = SEED_FAILED, seed_row.reason or seed_row.state
                end_crawl(session, self.crawl_id, state, now)
            else:
                finish_empty_crawls(session, now)
        return self.stats.summary(self.crawl_id, self.seed_url, state, left, error)

    # -- workers -------------------------------------------------------------------

    def _work(self, fetcher: PoliteFetcher, parsers: ParsePool) -> None:
        try:
            while (job := self._next()) is not None:
                if isinstance(job, Claimed):
                    self._fetch(fetcher, job)
                    continue
                try:
                    self._store(fetcher, parsers, job)
                finally:
                    with self._cond:
                        self._in_flight -= 1
                        # Waiting workers are alike: one can take what this page freed. All
                        # wake when none is in flight (the run may be over, a limit reached).
                        if self._in_flight:
                            self._cond.notify()
                        else:
                            self._cond.notify_all()
        except BaseException as exc:  # noqa: BLE001 - handed to run(), which re-raises it
            with self._cond:
                self._error = self._error or exc
                self.stop.set()
                self._cond.notify_all()

    def _next(self) -> Claimed | _Fetched | None:
        """This worker's next job: a row to fetch or a fetched page to store; None when the
        run is over (done, stopped, limit). Fetching comes first, so that a host's next
        request leaves as soon as the last one ends, from the worker that is already running."""
        limit = self.settings.max_pages
        with self._cond:
            while True:
                if self.stop.is_set() or self._over:
                    # Pages fetched are stored even by a stopped crawl: they must not be fetched twice.
                    return self._fetched.popleft() if self._fetched else None
                left = None if limit is None else limit - self._taken
                if left is not None and left <= 0:
                    if self._fetched:
                        return self._fetched.popleft()
                    if self._in_flight == 0:
                        self._over = LIMIT_REACHED
                        self._cond.notify_all()
                        return None
                    self._cond.wait(_POLL)
                    continue
                if len(self._fetched) < self.settings.fetch.concurrency:
                    row = self._take() or self._claim(left)
                    if row is not None:
                        self._busy.add(row.host)
                        self._in_flight += 1
                        self._taken += 1
                        return row
                if self._fetched:
                    return self._fetched.popleft()
                self._cond.wait(self._idle_wait())

    def _take(self) -> Claimed | None:
        for i, row in enumerate(self._buffer):
            if row.host not in self._busy:
                return self._buffer.pop(i)
        return None

    def _claim(self, left: int | None) -> Claimed | None:
        """Claim a batch into the buffer (hosts this process is fetching excluded); the first row."""
        size = _BATCH_PER_THREAD * self.settings.fetch.concurrency
        room = min(size - len(self._buffer), size if left is None else left - len(self._buffer))
        if (self._dry is not None and self._dry <= self._busy) or room <= 0:
            return None
        with self._writing() as session:
            rows = claim(session, self._crawl_ids, self._owner, utcnow(), timedelta(seconds=self.settings.lease),
                         limit=room, exclude_hosts=self._busy)
        self._dry = None if rows else frozenset(self._busy)
        self._buffer.extend(rows)
        return self._take()

    def _idle_wait(self) -> float:
        """Seconds to wait when nothing is claimable; marks the run over when nothing is left."""
        if self._in_flight or self._buffer:
            return _POLL  # a page in hand may add URLs; a buffered host frees up
        now = utcnow()
        release_dead(self.database, self._crawl_ids, now)
        with self.database.reading() as session:
            left = waiting(session, self._crawl_ids)
        self._dry = None
        if left.empty and not self.forever:
            self._over = FINISHED
            self._cond.notify_all()
            return 0
        if left.queued and left.next_due is not None:  # transient failures waiting for their retry
            wait = max(0.01, (left.next_due - now).total_seconds())
            self._waiting("retry", wait)
            return min(wait, 5 * _POLL)
        if left.in_progress:
            self._waiting("other processes", None)
        return _POLL  # rows leased by other processes, or (forever) an empty frontier

    def _waiting(self, what: str, seconds: float | None) -> None:
        """Tell the progress display why nothing moves (a retry due in a minute must not look frozen)."""
        if self._progress is not None:
            self._progress(self.stats.snapshot(what, seconds))

    def _fetch(self, fetcher: PoliteFetcher, row: Claimed) -> None:
        """Fetch the row and queue the page for storing."""
        accept = SITEMAP_TYPES if row.kind == SITEMAP else None
        result = None
        try:
            policy = self._contexts.get(row).policy
            result = fetcher.fetch(row.url, row.etag, row.last_modified, accept, policy=policy)
        finally:
            # Released here and only here: by then another worker may hold the host.
            with self._cond:
                self._busy.discard(row.host)  # the next request to this host may start now
                if result is None:  # not fetched (an error ends the run): no page in hand
                    self._in_flight -= 1
                else:
                    if not result.attempts:
                        self._taken -= 1  # refused before any request: not a fetched page
                    self._fetched.append(_Fetched(row, result))
                    self._cond.notify()  # a waiting worker stores it; this one fetches on

    def _store(self, fetcher: PoliteFetcher, parsers: ParsePool, fetched: _Fetched) -> None:
        row, result = fetched
        ctx = self._contexts.get(row)
        if row.kind == LISTING and row.depth == 0 and ctx.settings.sitemaps:
            ctx = dataclasses.replace(ctx, site_sitemaps=self._site_sitemaps(fetcher, row.url, ctx))
        now = utcnow()
        try:
            plan = parsers.run(plan_page, row, result, ctx, now)
        except ParserDied as exc:
            plan = Plan(FAILED, str(exc))
        except Exception as exc:  # noqa: BLE001 - one page that breaks the parser is that page's failure
            log.exception("planning %s failed", row.url)
            plan = Plan(FAILED, f"not parsed: {type(exc).__name__}: {str(exc)[:200]}")
        stored = None
        try:
            with self._writing() as session:
                stored = commit_page(session, row, result, plan, ctx, self._owner, now)
        except LeaseLost as exc:
            log.warning("%s", exc)
            return
        finally:
            if stored is None or stored.added:  # new URLs (or a row given back) may be claimable
                with self._cond:
                    self._dry = None
        if plan.article_paths:
            self._contexts.learned(row.crawl_id, plan.article_paths)
        self.stats.record(stored)
        if self._progress is not None:
            self._progress(self.stats.snapshot())

    @staticmethod
    def _site_sitemaps(fetcher: PoliteFetcher, url: str, ctx: Context) -> tuple[str, ...]:
        """robots.txt's Sitemap: lines, and /sitemap.xml, which many sites have unannounced;
        those that are no URL at all (robots.txt is anybody's text) left out."""
        found = [absolute(url, line) for line in [*fetcher.sitemaps(url, ctx.policy), "/sitemap.xml"]]
        return tuple(dict.fromkeys(u for u in found if u is not None))


def crawl(database: Database, seed_url: str, settings: CrawlSettings | None = None, *,
          stop: threading.Event | None = None, progress: Callable[[Snapshot], None] | None = None) -> CrawlSummary:
    """Crawl the section at `seed_url` into `database` (resuming an earlier run of it, or
    joining the processes crawling it now)."""
    return Crawler(database, seed_url, settings, stop=stop, progress=progress).run()


def work(database: Database, settings: CrawlSettings | None = None, *, forever: bool = False,
         stop: threading.Event | None = None, progress: Callable[[Snapshot], None] | None = None) -> CrawlSummary:
    """Work on every crawl the frontier holds until it is empty (`forever`: until stopped)."""
    return Crawler(database, None, settings, stop=stop, progress=progress, forever=forever).run()


def queue(database: Database, seed_url: str, settings: CrawlSettings | None = None) -> int:
    """Record the crawl of `seed_url` with its seed queued, fetching nothing: workers take it up."""
    return queue_crawl(database, seed(seed_url), settings or CrawlSettings(), utcnow()).crawl_id


def seed(url: str) -> str:
    """The canonical form of a crawl's seed; ValueError if it is not an http(s) URL."""
    problem = url_problem(url)
    if problem is not None:
        raise ValueError(f"{url}: {problem}")
    return canonicalize(url)


__all__ = ["Crawler", "FINISHED", "LIMIT_REACHED", "SEED_FAILED", "STOPPED", "crawl", "polite_fetcher", "queue",
           "work"]
