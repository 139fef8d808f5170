"""The one entry point a crawl loop needs: robots.txt, per-host spacing, then download."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor, as_completed

from arabnews_archive.fetch.clock import SYSTEM_CLOCK, Clock, utc
from arabnews_archive.fetch.downloader import Downloader
from arabnews_archive.fetch.hosts import host_key
from arabnews_archive.fetch.result import FetchResult, refused
from arabnews_archive.fetch.robots import RobotsCache, RobotsStore
from arabnews_archive.fetch.settings import FetchSettings
from arabnews_archive.fetch.throttle import HostThrottle

DISALLOWED = "disallowed by robots.txt"
_UNREADABLE = "disallow all ("  # RobotsCache.status of a robots.txt that could not be read


class _ThrottledDownloader:
    """Downloader seen through the throttle, so robots.txt requests are spaced too."""

    def __init__(self, downloader: Downloader, throttle: HostThrottle) -> None:
        self._downloader = downloader
        self._throttle = throttle

    def fetch(self, url: str, etag: str | None = None, last_modified: str | None = None,
              accept: Collection[str] | None = None) -> FetchResult:
        with self._throttle.slot(url):
            return self._downloader.fetch(url, etag, last_modified, accept)


class PoliteFetcher:
    """Fetch like a well-behaved crawler: never a disallowed URL, never too fast per host.

    Safe to call from several threads; requests to one host are serialised and spaced,
    requests to different hosts proceed in parallel.
    """

    def __init__(self, settings: FetchSettings, *, downloader: Downloader | None = None,
                 throttle: HostThrottle | None = None, clock: Clock = SYSTEM_CLOCK,
                 robots_store: RobotsStore | None = None) -> None:
        self.settings = settings
        self._clock = clock
        self.downloader = downloader or Downloader(settings, clock=clock)
        self.throttle = throttle or HostThrottle(settings.delay, clock=clock)
        self._throttled = _ThrottledDownloader(self.downloader, self.throttle)
        self.robots = RobotsCache(self._throttled, settings.user_agent, clock=clock, store=robots_store)

    def fetch(self, url: str, etag: str | None = None, last_modified: str | None = None,
              accept: Collection[str] | None = None) -> FetchResult:
        if self.settings.respect_robots:
            if not self.robots.allowed(url):
                status = self.robots.status(url)
                if status.startswith(_UNREADABLE):
                    # RFC 9309: nothing may be fetched while robots.txt cannot be read; that is
                    # a passing state (network down, server error), not the site's wish.
                    reason = f"robots.txt unavailable: {status[len(_UNREADABLE):].rstrip(')')}"
                    return refused(url, reason, utc(self._clock.now()), retryable=True)
                return refused(url, DISALLOWED, utc(self._clock.now()))
            self.throttle.set_crawl_delay(url, self.robots.crawl_delay(url))
        return self._throttled.fetch(url, etag, last_modified, accept)

    def fetch_many(self, urls: Iterable[str]) -> Iterator[FetchResult]:
        """Fetch URLs, up to `settings.concurrency` hosts at a time, each host in order.

        Results come back as they complete. A convenience for batch jobs; a crawl loop
        with a frontier calls `fetch` from its own workers instead.
        """
        by_host: dict[str, list[str]] = defaultdict(list)
        for url in urls:
            by_host[host_key(url)].append(url)
        with ThreadPoolExecutor(max_workers=self.settings.concurrency) as pool:
            futures = [pool.submit(lambda group: [self.fetch(u) for u in group], group)
                       for group in by_host.values()]
            for future in as_completed(futures):
                yield from future.result()

    def close(self) -> None:
        self.downloader.close()
