"""The crawling half of the archive's Python API (`Archive` inherits it): crawl, queue, work,
watch, explain, fetch and the frontier. The loop is imported on use: reading an archive
needs no network stack."""
from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from arabnews_archive.crawl.settings import CrawlSettings, WatchSettings, crawl_settings, parse_interval
from arabnews_archive.fetch.settings import FetchSettings
from arabnews_archive.store.database import Database
from arabnews_archive.store.errors import ArchiveError
from arabnews_archive.store.pages import PageOutcome

if TYPE_CHECKING:
    import threading

    from arabnews_archive.crawl.discover.listing import Explanation
    from arabnews_archive.crawl.summary import CrawlSummary, Snapshot
    from arabnews_archive.crawl.watch import Visit

# What a frontier report holds: per crawl and kind, rows per state; or each failed URL.
FRONTIER_STATES = ("queued", "in_progress", "done", "failed", "skipped")
FRONTIER_COLUMNS = ("crawl", "seed", "crawl_state", "kind", *FRONTIER_STATES)
FAILURE_COLUMNS = ("crawl", "kind", "state", "reason", "attempts", "url", "updated")


class CrawlMethods:
    """`Archive`'s crawling methods, on its `database`."""

    database: Database

    # Every option below is a `CrawlSettings` or `FetchSettings` field, with its default read
    # from there (the one home of defaults); `test_archive_api` holds the two in step.

    def crawl(
        self, url: str, *, stop: threading.Event | None = None,
        progress: Callable[[Snapshot], None] | None = None,
        max_pages: int | None = CrawlSettings.max_pages, max_depth: int | None = CrawlSettings.max_depth,
        since: date | str | None = CrawlSettings.since, sitemaps: bool = CrawlSettings.sitemaps,
        max_sitemap_depth: int = CrawlSettings.max_sitemap_depth,
        refresh: bool = CrawlSettings.refresh, retry_failed: bool = CrawlSettings.retry_failed,
        include: str | Sequence[str] = CrawlSettings.include, exclude: str | Sequence[str] = CrawlSettings.exclude,
        max_listing_pages: int = CrawlSettings.max_listing_pages, max_attempts: int = CrawlSettings.max_attempts,
        retry_wait: float = CrawlSettings.retry_wait, lease: float = CrawlSettings.lease,
        parse_processes: int | None = CrawlSettings.parse_processes,
        user_agent: str = FetchSettings.user_agent, delay: float = FetchSettings.delay,
        concurrency: int = FetchSettings.concurrency, connect_timeout: float = FetchSettings.connect_timeout,
        read_timeout: float = FetchSettings.read_timeout, deadline: float = FetchSettings.deadline,
        max_retries: int = FetchSettings.max_retries,
        max_redirects: int = FetchSettings.max_redirects, max_bytes: int = FetchSettings.max_bytes,
        respect_robots: bool = FetchSettings.respect_robots,
        allow_private_addresses: bool = FetchSettings.allow_private_addresses,
        backoff_base: float = FetchSettings.backoff_base,
        backoff_factor: float = FetchSettings.backoff_factor, backoff_max: float = FetchSettings.backoff_max,
        retry_after_max: float = FetchSettings.retry_after_max,
        allowed_content_types: frozenset[str] = FetchSettings.allowed_content_types,
    ) -> CrawlSummary:
        """Crawl the news section at `url` into the archive; running it again resumes it.

        `max_pages`: requests this run; `max_depth`: listing pages followed from the seed;
        `since` (a date or "YYYY-MM-DD"): stop paging back past it; `sitemaps`: also the
        site's sitemaps and the section's feeds; `refresh`: revisit known pages (conditional
        requests); `retry_failed`: queue again the URLs that failed before (a failed seed is
        queued again anyway); `include`/`exclude`: regular expressions URLs must (not) match;
        `delay`: seconds between requests to one host; `concurrency`: hosts at once;
        `deadline`: seconds one page may take in all; `allow_private_addresses`: let the
        crawl reach private and loopback addresses (docs/security.md);
        `parse_processes`: parser processes (None: one per spare core; 0: none). The rest are
        documented on `CrawlSettings` and `FetchSettings`. Setting `stop` ends the run after
        the pages in hand; `progress` gets a :class:`Snapshot` per page, and while the crawl
        waits (for a retry that is due later, for other processes' leases). A seed that cannot
        be fetched ends the run with `state` "failed" and the reason in `error`.
        """
        from arabnews_archive.crawl.engine import crawl

        settings = _settings(locals())
        return crawl(self.database, url, settings, stop=stop, progress=progress)

    def queue(
        self, url: str, *, max_pages: int | None = CrawlSettings.max_pages,
        max_depth: int | None = CrawlSettings.max_depth, since: date | str | None = CrawlSettings.since,
        sitemaps: bool = CrawlSettings.sitemaps, max_sitemap_depth: int = CrawlSettings.max_sitemap_depth,
        refresh: bool = CrawlSettings.refresh, retry_failed: bool = CrawlSettings.retry_failed,
        include: str | Sequence[str] = CrawlSettings.include, exclude: str | Sequence[str] = CrawlSettings.exclude,
        max_listing_pages: int = CrawlSettings.max_listing_pages, max_attempts: int = CrawlSettings.max_attempts,
        retry_wait: float = CrawlSettings.retry_wait,
        allow_private_addresses: bool = FetchSettings.allow_private_addresses,
    ) -> int:
        """Record the crawl of `url` with its seed queued and fetch nothing (`crawl
        --queue-only`): :meth:`work` processes, on this machine or others, take it up. The
        scope (`max_depth`, `since`, `sitemaps`, `max_sitemap_depth`, `include`, `exclude`,
        `allow_private_addresses`) is recorded with the crawl. Returns the crawl's id."""
        from arabnews_archive.crawl.engine import queue

        return queue(self.database, url, _settings(locals()))

    def work(
        self, *, forever: bool = False, stop: threading.Event | None = None,
        progress: Callable[[Snapshot], None] | None = None,
        max_attempts: int = CrawlSettings.max_attempts, retry_wait: float = CrawlSettings.retry_wait,
        lease: float = CrawlSettings.lease, parse_processes: int | None = CrawlSettings.parse_processes,
        user_agent: str = FetchSettings.user_agent, delay: float = FetchSettings.delay,
        concurrency: int = FetchSettings.concurrency, connect_timeout: float = FetchSettings.connect_timeout,
        read_timeout: float = FetchSettings.read_timeout, deadline: float = FetchSettings.deadline,
        max_retries: int = FetchSettings.max_retries,
        max_redirects: int = FetchSettings.max_redirects, max_bytes: int = FetchSettings.max_bytes,
        respect_robots: bool = FetchSettings.respect_robots, backoff_base: float = FetchSettings.backoff_base,
        backoff_factor: float = FetchSettings.backoff_factor, backoff_max: float = FetchSettings.backoff_max,
        retry_after_max: float = FetchSettings.retry_after_max,
        allowed_content_types: frozenset[str] = FetchSettings.allowed_content_types,
    ) -> CrawlSummary:
        """Work on every crawl in the archive's frontier until none has anything left (`forever`:
        until `stop` is set), as `arabnews worker` does. Each crawl keeps the scope it was
        started with (whether it may reach private addresses included); the options here are
        how this process works (see :meth:`crawl`)."""
        from arabnews_archive.crawl.engine import work

        return work(self.database, _settings(locals()), forever=forever, stop=stop, progress=progress)

    def watch(
        self, urls: str | Sequence[str] = (), *, once: bool = False, stop: threading.Event | None = None,
        log: Callable[[str], None] = print, min_interval: float | str = WatchSettings.min_interval,
        max_interval: float | str = WatchSettings.max_interval, max_depth: int | None = CrawlSettings.max_depth,
        since: date | str | None = CrawlSettings.since, sitemaps: bool = CrawlSettings.sitemaps,
        include: str | Sequence[str] = CrawlSettings.include, exclude: str | Sequence[str] = CrawlSettings.exclude,
        max_attempts: int = CrawlSettings.max_attempts, retry_wait: float = CrawlSettings.retry_wait,
        lease: float = CrawlSettings.lease, parse_processes: int | None = CrawlSettings.parse_processes,
        user_agent: str = FetchSettings.user_agent, delay: float = FetchSettings.delay,
        concurrency: int = FetchSettings.concurrency, deadline: float = FetchSettings.deadline,
        allow_private_addresses: bool = FetchSettings.allow_private_addresses,
    ) -> list[Visit]:
        """Keep the sections at `urls` (and those watched already) current: crawl a new one to
        the end, then visit each one's first listing page, feeds and news sitemaps when due
        (every `min_interval` to `max_interval`: seconds, or "10m", "24h"), fetching only
        articles not stored yet, until `stop` is set; `once`: one pass over what is due now.
        Each visit is one line to `log`. The crawl options are :meth:`crawl`'s."""
        from arabnews_archive.crawl.watch import watch

        bounds = WatchSettings(parse_interval(min_interval), parse_interval(max_interval))
        return watch(self.database, [urls] if isinstance(urls, str) else list(urls), _settings(locals()), bounds,
                     once=once, stop=stop, log=log)

    def watched(self) -> list[dict[str, Any]]:
        """The watched sources with their schedule (`arabnews watch --list`)."""
        from arabnews_archive.crawl.watch import schedule

        return schedule(self.database)

    def unwatch(self, urls: str | Sequence[str]) -> int:
        """Stop watching these sections (their archive stays); returns the sources dropped."""
        from arabnews_archive.crawl.watch import remove

        return remove(self.database, [urls] if isinstance(urls, str) else list(urls))

    @staticmethod
    def explain(
        url: str, *, include: str | Sequence[str] = CrawlSettings.include,
        exclude: str | Sequence[str] = CrawlSettings.exclude, user_agent: str = FetchSettings.user_agent,
        respect_robots: bool = FetchSettings.respect_robots, connect_timeout: float = FetchSettings.connect_timeout,
        read_timeout: float = FetchSettings.read_timeout, deadline: float = FetchSettings.deadline,
        max_bytes: int = FetchSettings.max_bytes, allow_private_addresses: bool = FetchSettings.allow_private_addresses,
    ) -> Explanation:
        """Fetch the listing page `url` now and say what a crawl started there would do with
        each of its links, and on what evidence (`crawl --explain`). Stores nothing: no
        archive is needed (``Archive.explain(url)``)."""
        from arabnews_archive.crawl.explain import explain_listing

        return explain_listing(url, _settings(locals()))

    def fetch(
        self, urls: Iterable[str] | str, *, user_agent: str = FetchSettings.user_agent,
        delay: float = FetchSettings.delay, connect_timeout: float = FetchSettings.connect_timeout,
        read_timeout: float = FetchSettings.read_timeout, deadline: float = FetchSettings.deadline,
        max_retries: int = FetchSettings.max_retries,
        max_redirects: int = FetchSettings.max_redirects, max_bytes: int = FetchSettings.max_bytes,
        respect_robots: bool = FetchSettings.respect_robots,
        allow_private_addresses: bool = FetchSettings.allow_private_addresses,
        backoff_base: float = FetchSettings.backoff_base,
        backoff_factor: float = FetchSettings.backoff_factor, backoff_max: float = FetchSettings.backoff_max,
        retry_after_max: float = FetchSettings.retry_after_max,
        allowed_content_types: frozenset[str] = FetchSettings.allowed_content_types,
    ) -> list[PageOutcome]:
        """Fetch single pages (politely, robots.txt obeyed) and store each with its article, as
        :meth:`add_html` would; one outcome per URL, in the order given (`reason` says why a
        page has no article: its error, or not an article). Options as in :meth:`crawl`. The
        URLs given may be at private addresses; what they redirect to is held to the network
        policy."""
        from arabnews_archive.crawl.single import fetch_pages

        return fetch_pages(self.database, [urls] if isinstance(urls, str) else urls, _settings(locals()).fetch)

    def frontier(self, url: str | None = None, *, failed: bool = False) -> list[dict[str, Any]]:
        """What the crawl frontier holds (`arabnews frontier`): for each crawl (or only the
        crawl of `url`) and kind of page, the seed, the crawl's state and how many URLs are in
        each state (`FRONTIER_COLUMNS`). With `failed`: each URL that failed or was skipped,
        with the reason and the requests made (`FAILURE_COLUMNS`). URLs as stored
        (percent-encoded); an unknown `url` raises :class:`ArchiveError`."""
        from arabnews_archive.crawl.discover.urls import canonicalize
        from arabnews_archive.crawl.jobs import shown_state
        from arabnews_archive.store.frontier import all_crawls, counts, find_crawl, lease_owners, problems

        with self.database.reading() as session:
            if url is None:
                crawls = {c.id: c for c in all_crawls(session)}
            else:
                found = find_crawl(session, canonicalize(url))
                if found is None:
                    raise ArchiveError(f"no crawl of {url} in this archive (start one with: arabnews crawl {url})")
                crawls = {found.id: found}
            if failed:
                return [
                    {"crawl": row.crawl_id, "kind": row.kind, "state": row.state, "reason": row.reason,
                     "attempts": row.attempts, "url": row.url, "updated": row.updated_at}
                    for crawl_id in crawls for row in problems(session, crawl_id)
                ]
            states = {crawl_id: shown_state(crawl, lease_owners(session, [crawl_id]))
                      for crawl_id, crawl in crawls.items()}
            records: dict[tuple[int, str], dict[str, Any]] = {}
            for crawl_id, kind, state, n in counts(session):
                if crawl_id in crawls:
                    crawl = crawls[crawl_id]
                    records.setdefault((crawl_id, kind), {
                        "crawl": crawl_id, "seed": crawl.seed_url, "crawl_state": states[crawl_id], "kind": kind,
                        **dict.fromkeys(FRONTIER_STATES, 0)})[state] = n
            return list(records.values())


def _settings(arguments: dict[str, Any]) -> CrawlSettings:
    """The settings named among a method's arguments (its `locals()`): the crawl's and fetching's
    fields, given or defaulted; `None` for an optional limit stays "no limit"."""
    return crawl_settings(**{name: value for name, value in arguments.items() if name in _SETTING_NAMES})


_SETTING_NAMES = frozenset(CrawlSettings.__dataclass_fields__) | frozenset(FetchSettings.__dataclass_fields__)
