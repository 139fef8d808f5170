"""robots.txt handling: RFC 9309 failure modes, Disallow and Crawl-delay in practice."""
from __future__ import annotations

import threading

from arabnews_archive.fetch import DISALLOWED, Downloader, FetchSettings, PoliteFetcher, RobotsCache
from tests.site import content
from tests.site.fixture import site_server  # noqa: F401 - pytest fixture
from tests.site.server import SiteServer, gaps

FAST = FetchSettings(delay=0.0, backoff_base=0.01, backoff_max=0.02, max_retries=1)
UA = FAST.user_agent


def test_rules_delay_and_sitemaps(site_server: SiteServer) -> None:
    robots = RobotsCache(Downloader(FAST), UA)
    assert robots.allowed(site_server.url("/syria/"))
    assert not robots.allowed(site_server.url("/private/secret.html"))
    assert robots.crawl_delay(site_server.base_url) == site_server.crawl_delay
    assert robots.sitemaps(site_server.url("/anything")) == [site_server.url("/sitemap.xml")]
    assert robots.status(site_server.base_url) == "parsed"
    assert site_server.log.paths() == ["/robots.txt"]  # fetched once, then cached


def test_fetched_once_under_concurrency(site_server: SiteServer) -> None:
    robots = RobotsCache(Downloader(FAST), UA)
    threads = [threading.Thread(target=robots.allowed, args=(site_server.url(f"/x{i}"),)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert site_server.log.paths().count("/robots.txt") == 1


def test_missing_robots_allows_all() -> None:
    with SiteServer(robots_status=404) as site:
        robots = RobotsCache(Downloader(FAST), UA)
        assert robots.allowed(site.url("/private/secret.html"))
        assert robots.crawl_delay(site.base_url) is None
        assert robots.status(site.base_url) == "allow all (HTTP 404)"


def test_server_error_disallows_all() -> None:
    with SiteServer(robots_status=503) as site:
        robots = RobotsCache(Downloader(FAST), UA)
        assert not robots.allowed(site.url("/syria/"))
        assert robots.status(site.base_url) == "disallow all (HTTP 503)"


def test_unreachable_disallows_all() -> None:
    with SiteServer() as gone:
        base = gone.base_url
    robots = RobotsCache(Downloader(FAST), UA)
    assert not robots.allowed(base + "/syria/")
    assert robots.status(base) == "disallow all (connection refused)"


def test_unreadable_robots_is_a_passing_failure_not_a_disallow() -> None:
    with SiteServer(robots_status=503) as site:
        result = PoliteFetcher(FetchSettings(delay=0.0, max_retries=0)).fetch(site.url("/syria/"))
        assert result.error == "robots.txt unavailable: HTTP 503"
        assert result.retryable and result.attempts == 1
        assert "/syria/" not in site.log.paths()


def test_polite_fetcher_never_requests_disallowed(site_server: SiteServer) -> None:
    fetcher = PoliteFetcher(FetchSettings(delay=0.0, max_retries=0))
    result = fetcher.fetch(site_server.url("/private/secret.html"))
    assert result.error == DISALLOWED and result.attempts == 0
    assert fetcher.fetch(site_server.url("/syria/")).ok
    assert not any(p.startswith("/private/") for p in site_server.log.paths())


def test_crawl_delay_respected(site_server: SiteServer) -> None:
    fetcher = PoliteFetcher(FetchSettings(delay=0.01, max_retries=0))
    for n in range(3):
        assert fetcher.fetch(site_server.url(content.article(n).href)).ok
    assert min(gaps(site_server.log.entries())) >= site_server.crawl_delay - 0.01


def test_robots_can_be_ignored_when_configured(site_server: SiteServer) -> None:
    fetcher = PoliteFetcher(FetchSettings(delay=0.0, max_retries=0, respect_robots=False))
    assert fetcher.fetch(site_server.url("/private/secret.html")).ok
    assert "/robots.txt" not in site_server.log.paths()
