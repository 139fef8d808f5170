"""The crawl loop: workers claim frontier rows, fetch them politely, and commit each page.

Scrapy's parts, kept small: the scheduler is the database frontier (`store.frontier`),
the downloader is `PoliteFetcher` (robots.txt, per-host spacing, retries), the
pipeline is `crawl.plan` (parse, discover) plus `crawl.pipeline` (one transaction).

`settings.concurrency` workers run in threads. A worker only claims a URL whose host
no other worker of this process is fetching, so hosts are fetched in parallel and one
host is never hammered; a worker that has its response releases the host before
parsing and storing, so the next request to that host overlaps with that work.
"""
from __future__ import annotations

import dataclasses
import logging
import threading
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from urllib.parse import urljoin

from arabnews_archive.crawl.leases import is_dead, new_owner, retire
from arabnews_archive.crawl.options import CrawlOptions
from arabnews_archive.crawl.pipeline import store_page
from arabnews_archive.crawl.plan import Context, plan_page
from arabnews_archive.crawl.settings import FEED_TYPES, GZIP_TYPES, HTML_TYPES, CrawlSettings
from arabnews_archive.crawl.summary import CrawlSummary, Snapshot, Stats
from arabnews_archive.crawl.urls import Scope, canonicalize
from arabnews_archive.fetch.downloader import Downloader
from arabnews_archive.fetch.polite import PoliteFetcher
from arabnews_archive.fetch.politeness import HostThrottle
from arabnews_archive.store.database import Database
from arabnews_archive.store.frontier import (
    ARTICLE, LISTING, SITEMAP, Claimed, LeaseLost, NewUrl, claim, end_crawl, enqueue, lease_owners,
    open_crawl, reap_expired, release, requeue_done, waiting,
)

log = logging.getLogger(__name__)

FINISHED, STOPPED, LIMIT_REACHED = "finished", "stopped", "limit reached"
SITEMAP_TYPES = HTML_TYPES | FEED_TYPES | GZIP_TYPES
# How long an idle worker waits before looking at the frontier again when other workers
# (here or in other processes) may still add to it.
_POLL = 0.5


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def polite_fetcher(settings: CrawlSettings) -> PoliteFetcher:
    """A PoliteFetcher whose retries and redirects also keep the host's delay (Crawl-delay included)."""
    throttle = HostThrottle(settings.delay)
    downloader = Downloader(settings, min_gap=throttle.delay)
    return PoliteFetcher(settings, downloader=downloader, throttle=throttle)


class Crawler:
    """One run of the crawl of `seed_url`; `run()` returns its summary.

    Set `stop` (e.g. from a Ctrl-C handler) to finish the pages in hand and return;
    running the same seed again resumes. `progress` is called after every page.
    """

    def __init__(self, database: Database, seed_url: str, settings: CrawlSettings | None = None,
                 options: CrawlOptions | None = None, *, stop: threading.Event | None = None,
                 progress: Callable[[Snapshot], None] | None = None) -> None:
        self.database = database
        self.seed_url = canonicalize(seed_url)
        self.settings = settings or CrawlSettings()
        self.options = options or CrawlOptions()
        self.stop = stop or threading.Event()
        self._progress = progress
        self._scope = Scope.for_section(self.seed_url, self.settings.include, self.settings.exclude)
        self._owner = new_owner()
        self._cond = threading.Condition()
        self._busy: set[str] = set()  # hosts being fetched by this process
        self._in_flight = 0
        self._taken = 0  # pages requested or about to be, against --max-pages
        self._over: str | None = None
        self._error: BaseException | None = None
        self.crawl_id = 0
        self._ctx = Context(self._scope, self.settings, self.options)
        self.stats = Stats(self.settings.max_pages)

    # -- the run -------------------------------------------------------------------

    def run(self) -> CrawlSummary:
        fetcher = polite_fetcher(self.settings)
        try:
            self._open()
            workers = [threading.Thread(target=self._work, args=(fetcher,), name=f"crawl-{i}", daemon=True)
                       for i in range(self.settings.concurrency)]
            for worker in workers:
                worker.start()
            for worker in workers:
                worker.join()
            if self._error is not None:
                raise self._error
            return self._close()
        finally:
            with self.database.writing() as session:
                release(session, [self._owner], self.crawl_id)
            retire(self._owner)
            fetcher.close()

    def _open(self) -> None:
        now = utcnow()
        scope = {"host": self._scope.host, "path_prefix": self._scope.path_prefix,
                 "include": list(self._scope.include), "exclude": list(self._scope.exclude)}
        with self.database.writing() as session:
            crawl = open_crawl(session, self.seed_url, scope, self._settings_record(), now)
            self.crawl_id = crawl.id
            self._ctx = dataclasses.replace(self._ctx, article_paths=tuple(crawl.scope.get("article_paths", ())))
            enqueue(session, crawl.id, [NewUrl(self.seed_url, LISTING, 0)], now)
            if self.options.refresh:
                requeue_done(session, crawl.id, (LISTING, ARTICLE), now)
            release(session, [o for o in lease_owners(session, crawl.id) if is_dead(o)], crawl.id)
            reap_expired(session, crawl.id, now)
            queued = waiting(session, crawl.id).queued
        self.stats = Stats(self.settings.max_pages, queued)

    def _settings_record(self) -> dict[str, object]:
        s, o = self.settings, self.options
        return {"user_agent": s.user_agent, "delay": s.delay, "max_pages": s.max_pages, "max_depth": s.max_depth,
                "since": o.since.isoformat() if o.since else None, "sitemaps": o.sitemaps, "refresh": o.refresh,
                "concurrency": s.concurrency}

    def _close(self) -> CrawlSummary:
        with self.database.writing() as session:
            left = waiting(session, self.crawl_id)
            state = FINISHED if left.empty else (self._over or STOPPED)
            end_crawl(session, self.crawl_id, state, utcnow())
        return self.stats.summary(self.crawl_id, self.seed_url, state, left.queued)

    # -- workers -------------------------------------------------------------------

    def _work(self, fetcher: PoliteFetcher) -> None:
        try:
            while (row := self._next()) is not None:
                try:
                    self._process(fetcher, row)
                finally:
                    with self._cond:
                        self._busy.discard(row.host)
                        self._in_flight -= 1
                        self._cond.notify_all()
        except BaseException as exc:  # noqa: BLE001 - handed to run(), which re-raises it
            with self._cond:
                self._error = self._error or exc
                self.stop.set()
                self._cond.notify_all()

    def _next(self) -> Claimed | None:
        """The next row for this worker, or None when the run is over (done, stopped, limit)."""
        lease = timedelta(seconds=self.options.lease)
        limit = self.settings.max_pages
        with self._cond:
            while True:
                if self.stop.is_set() or self._over:
                    return None
                if limit is not None and self._taken >= limit:
                    if self._in_flight == 0:
                        self._over = LIMIT_REACHED
                        self._cond.notify_all()
                        return None
                    self._cond.wait(_POLL)
                    continue
                with self.database.writing() as session:
                    rows = claim(session, self.crawl_id, self._owner, utcnow(), lease, exclude_hosts=self._busy)
                if rows:
                    self._busy.add(rows[0].host)
                    self._in_flight += 1
                    self._taken += 1
                    return rows[0]
                self._cond.wait(self._idle_wait())

    def _idle_wait(self) -> float:
        """Seconds to wait when nothing is claimable; marks the run over when nothing is left."""
        if self._in_flight:
            return _POLL  # a page in hand may add URLs
        now = utcnow()
        with self.database.writing() as session:
            reap_expired(session, self.crawl_id, now)
            left = waiting(session, self.crawl_id)
        if left.empty:
            self._over = FINISHED
            self._cond.notify_all()
            return 0
        if left.queued and left.next_due is not None:  # transient failures waiting for their retry
            return min(max(0.01, (left.next_due - now).total_seconds()), 5 * _POLL)
        return _POLL  # rows leased by other processes

    def _process(self, fetcher: PoliteFetcher, row: Claimed) -> None:
        accept = SITEMAP_TYPES if row.kind == SITEMAP else None
        result = fetcher.fetch(row.url, row.etag, row.last_modified, accept)
        with self._cond:
            self._busy.discard(row.host)  # the next request to this host may start now
            if not result.attempts:
                self._taken -= 1  # refused before any request: not a fetched page
            self._cond.notify_all()
        ctx = self._ctx
        if row.kind == LISTING and row.depth == 0 and self.options.sitemaps:
            ctx = dataclasses.replace(ctx, site_sitemaps=self._site_sitemaps(fetcher, row.url))
        now = utcnow()
        plan = plan_page(row, result, ctx, now)
        try:
            stored = store_page(self.database, self.crawl_id, row, result, plan, ctx, self._owner, now)
        except LeaseLost as exc:
            log.warning("%s", exc)
            return
        if plan.article_paths:
            self._ctx = dataclasses.replace(self._ctx, article_paths=plan.article_paths)
        self.stats.record(stored)
        if self._progress is not None:
            self._progress(self.stats.snapshot())

    @staticmethod
    def _site_sitemaps(fetcher: PoliteFetcher, url: str) -> tuple[str, ...]:
        """robots.txt's Sitemap: lines, and /sitemap.xml, which many sites have unannounced."""
        declared = fetcher.robots.sitemaps(url) if fetcher.settings.respect_robots else []
        return tuple(dict.fromkeys([*declared, urljoin(url, "/sitemap.xml")]))


def crawl(database: Database, seed_url: str, settings: CrawlSettings | None = None,
          options: CrawlOptions | None = None, *, stop: threading.Event | None = None,
          progress: Callable[[Snapshot], None] | None = None) -> CrawlSummary:
    """Crawl the section at `seed_url` into `database` (resuming an earlier run of it)."""
    return Crawler(database, seed_url, settings, options, stop=stop, progress=progress).run()


__all__ = ["Crawler", "FINISHED", "LIMIT_REACHED", "STOPPED", "crawl", "polite_fetcher"]
