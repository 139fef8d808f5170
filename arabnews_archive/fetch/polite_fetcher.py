"""The one entry point a crawl loop needs: robots.txt, per-host spacing, the network policy,
then download, for every hop of a redirect chain alike.

A redirect is a request to a URL the crawl did not choose: it gets the same treatment as
the first one. Its host's robots.txt is read and obeyed (an allowed page that redirects
into a disallowed path is not fetched), its host's delay and Crawl-delay are kept, and
its address is held to the network policy.
"""
from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor, as_completed
from contextlib import contextmanager

from arabnews_archive.fetch.clock import SYSTEM_CLOCK, Clock
from arabnews_archive.fetch.downloader import Downloader, conditional_headers
from arabnews_archive.fetch.errors import lasting
from arabnews_archive.fetch.guard import Guard
from arabnews_archive.fetch.hosts import host_key
from arabnews_archive.fetch.policy import NetworkPolicy
from arabnews_archive.fetch.redirects import Hop, follow
from arabnews_archive.fetch.result import FetchResult
from arabnews_archive.fetch.robots import RobotsCache, RobotsStore
from arabnews_archive.fetch.settings import FetchSettings
from arabnews_archive.fetch.throttle import HostThrottle

DISALLOWED = "disallowed by robots.txt"
REDIRECT_DISALLOWED = "redirected to a page disallowed by robots.txt"
_UNREADABLE = "disallow all ("  # RobotsCache.status of a robots.txt that could not be read


class _RobotsTxt:
    """How `RobotsCache` fetches a robots.txt: spaced like any request to its host, under the
    guard of the fetch that needs it, and not itself subject to robots.txt."""

    def __init__(self, fetcher: PoliteFetcher) -> None:
        self._fetcher = fetcher

    def fetch(self, url: str, *, accept: Collection[str], keep_first: int) -> FetchResult:
        fetcher = self._fetcher
        guard = fetcher.current_guard()
        if guard is not None:
            return fetcher.walk(url, {}, accept, guard, robots=False, keep_first=keep_first)
        with fetcher.guarded(None, url) as guard:  # asked outside a fetch (`RobotsCache` used alone)
            return fetcher.walk(url, {}, accept, guard, robots=False, keep_first=keep_first)


class PoliteFetcher:
    """Fetch like a well-behaved crawler: never a disallowed URL, never too fast per host,
    never an address the network policy refuses.

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
        self.robots = RobotsCache(_RobotsTxt(self), settings.user_agent, clock=clock, store=robots_store)
        self._guards = threading.local()  # the guard of the fetch each thread is making

    def fetch(self, url: str, etag: str | None = None, last_modified: str | None = None,
              accept: Collection[str] | None = None, *, policy: NetworkPolicy | None = None) -> FetchResult:
        """Fetch `url` (redirects followed hop by hop, each one polite), held to `policy`: by
        default that of a fetch started at `url` (`Downloader.guard`). Never raises."""
        with self.guarded(policy, url) as guard:
            return self.walk(url, conditional_headers(etag, last_modified), accept, guard, robots=True)

    def sitemaps(self, url: str, policy: NetworkPolicy | None = None) -> list[str]:
        """The Sitemap: lines of the robots.txt of `url`'s site (read under `policy` if not yet read)."""
        if not self.settings.respect_robots:
            return []
        with self.guarded(policy, url):
            return self.robots.sitemaps(url)

    def current_guard(self) -> Guard | None:
        return getattr(self._guards, "guard", None)

    @contextmanager
    def guarded(self, policy: NetworkPolicy | None, url: str) -> Iterator[Guard]:
        """A guard for a fetch of `url` in this thread (its robots.txt requests share it)."""
        guard = self.downloader.guard(policy, url)
        self._guards.guard = guard
        try:
            yield guard
        finally:
            self._guards.guard = None
            guard.end()

    def walk(self, url: str, headers: dict[str, str], accept: Collection[str] | None, guard: Guard, *,
             robots: bool, keep_first: int | None = None) -> FetchResult:
        """Fetch `url` under `guard`, each hop checked against robots.txt (with `robots`) and spaced."""
        first = [True]

        def hop(hop_url: str) -> Hop:
            refusal = self._robots_refusal(hop_url, first[0]) if robots else None
            first[0] = False
            if refusal is not None:
                return refusal
            with self.throttle.slot(hop_url):
                return self.downloader.exchange(hop_url, headers, accept, guard, keep_first)

        return follow(url, hop, self.settings.max_redirects, self._clock)

    def _robots_refusal(self, url: str, first: bool) -> Hop | None:
        """Why robots.txt keeps `url` from being requested (None: it may be); its Crawl-delay applied."""
        if not self.settings.respect_robots:
            return None
        if self.robots.allowed(url):
            self.throttle.set_crawl_delay(url, self.robots.crawl_delay(url))
            return None
        status = self.robots.status(url)
        if not status.startswith(_UNREADABLE):
            return Hop(url, error=DISALLOWED if first else REDIRECT_DISALLOWED)
        error = status[len(_UNREADABLE):-1]
        # Trying robots.txt was a request to the host, and counts as one attempt, so that the
        # crawl's attempt limit ends a site that keeps failing like any connection failure.
        if lasting(error):  # the host cannot be reached at all: that is this page's failure too
            return Hop(url, error=error, attempts=1)
        # RFC 9309: nothing may be fetched while robots.txt cannot be read; that is a passing
        # state (server error, timeout), not the site's wish.
        return Hop(url, error=f"robots.txt unavailable: {error}", retryable=True, attempts=1)

    def fetch_many(self, urls: Iterable[str], policy: NetworkPolicy | None = None) -> Iterator[FetchResult]:
        """Fetch URLs, up to `settings.concurrency` hosts at a time, each host in order.

        Results come back as they complete. A convenience for batch jobs; a crawl loop
        with a frontier calls `fetch` from its own workers instead.
        """
        by_host: dict[str, list[str]] = defaultdict(list)
        for url in urls:
            by_host[host_key(url)].append(url)
        with ThreadPoolExecutor(max_workers=self.settings.concurrency) as pool:
            futures = [pool.submit(lambda group: [self.fetch(u, policy=policy) for u in group], group)
                       for group in by_host.values()]
            for future in as_completed(futures):
                yield from future.result()

    def close(self) -> None:
        self.downloader.close()
