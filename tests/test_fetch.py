"""Downloader and politeness against the synthetic site on a real loopback server."""
from __future__ import annotations

import threading
import time
from datetime import timezone

import pytest

from arabnews_archive.fetch import Downloader, FetchSettings, HostThrottle, PoliteFetcher
from arabnews_archive.fetch.clock import SystemClock
from arabnews_archive.fetch.retry import Backoff, parse_retry_after
from tests.site import content
from tests.site.fixture import site_server  # noqa: F401 - pytest fixture
from tests.site.server import HUGE_BYTES, SiteServer, gaps

FAST = FetchSettings(delay=0.0, backoff_base=0.05, backoff_max=0.2, connect_timeout=2,
                     read_timeout=0.4, max_retries=2)


class RecordingClock(SystemClock):
    """Real time, but sleeps are recorded instead of slept."""

    def __init__(self) -> None:
        self.sleeps: list[float] = []

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)


@pytest.fixture
def clock() -> RecordingClock:
    return RecordingClock()


@pytest.fixture
def downloader(clock: RecordingClock):
    d = Downloader(FAST, clock=clock)
    yield d
    d.close()


def test_ok_page_and_user_agent(site_server: SiteServer, downloader: Downloader) -> None:
    r = downloader.fetch(site_server.url("/syria/"))
    assert r.ok and r.status == 200 and r.attempts == 1 and not r.redirects
    assert r.content_type == "text/html" and r.charset == "utf-8"
    assert "أخبار سوريا" in r.text()
    assert r.fetched_at.tzinfo == timezone.utc
    assert site_server.log.entries()[-1].headers["User-Agent"].startswith("arabnews-archive/")


def test_500_then_200_is_retried(site_server: SiteServer, downloader: Downloader, clock: RecordingClock) -> None:
    r = downloader.fetch(site_server.url("/fault/500-then-200?key=t1"))
    assert r.ok and r.status == 200 and r.attempts == 2
    assert len(clock.sleeps) == 1 and 0 <= clock.sleeps[0] <= FAST.backoff_base


def test_429_honours_retry_after(site_server: SiteServer, downloader: Downloader, clock: RecordingClock) -> None:
    r = downloader.fetch(site_server.url("/fault/429?key=t2"))
    assert r.ok and r.attempts == 2 and clock.sleeps == [1.0]


def test_429_waits_for_real(site_server: SiteServer) -> None:
    r = Downloader(FAST).fetch(site_server.url("/fault/429?key=t3"))
    assert r.ok
    assert gaps(site_server.log.entries())[0] >= 0.95


def test_retries_exhausted_keep_last_status(site_server: SiteServer, clock: RecordingClock) -> None:
    settings = FetchSettings(max_retries=0, backoff_base=0.05)
    r = Downloader(settings, clock=clock).fetch(site_server.url("/fault/500-then-200?key=t4"))
    assert r.status == 500 and r.error == "HTTP 500" and r.attempts == 1 and clock.sleeps == []


def test_404_is_not_retried(site_server: SiteServer, downloader: Downloader) -> None:
    r = downloader.fetch(site_server.url("/no/such/page"))
    assert r.status == 404 and r.error == "HTTP 404" and r.attempts == 1


def test_read_timeout(site_server: SiteServer, downloader: Downloader) -> None:
    started = time.monotonic()
    r = downloader.fetch(site_server.url("/fault/stall?seconds=1.5"))
    assert r.error == "timeout (read 0.4s)" and r.status is None and r.attempts == FAST.max_retries + 1
    assert time.monotonic() - started < 3


def test_connection_reset(site_server: SiteServer, downloader: Downloader) -> None:
    r = downloader.fetch(site_server.url("/fault/reset"))
    assert r.error == "connection reset" and r.attempts == FAST.max_retries + 1


def test_connection_refused_never_raises(downloader: Downloader) -> None:
    with SiteServer() as gone:
        url = gone.url("/syria/")
    r = downloader.fetch(url)
    assert r.error == "connection refused" and r.status is None


def test_redirect_loop(site_server: SiteServer, downloader: Downloader) -> None:
    r = downloader.fetch(site_server.url("/fault/loop"))
    assert r.error == "redirect loop"
    assert r.redirects == [(302, site_server.url("/fault/loop2")), (302, site_server.url("/fault/loop"))]


def test_redirect_chain_recorded(site_server: SiteServer, downloader: Downloader) -> None:
    r = downloader.fetch(site_server.url("/fault/redirect?n=3"))
    assert r.ok and [s for s, _ in r.redirects] == [301, 302, 301, 307]
    assert r.final_url == site_server.url(content.article(0).href)


def test_too_many_redirects(site_server: SiteServer, downloader: Downloader) -> None:
    r = downloader.fetch(site_server.url("/fault/redirect?n=12"))
    assert r.error == "too many redirects" and len(r.redirects) == FAST.max_redirects + 1


@pytest.mark.parametrize("query", ["", "?chunked=1"])
def test_size_cap_aborts_early(site_server: SiteServer, downloader: Downloader, query: str) -> None:
    r = downloader.fetch(site_server.url("/fault/huge.html" + query))
    assert r.error == "response larger than 10 MB" and r.body == b""
    time.sleep(0.2)  # let the server notice the closed connection
    assert site_server.huge_bytes_sent < HUGE_BYTES


def test_png_behind_html_is_rejected(site_server: SiteServer, downloader: Downloader) -> None:
    r = downloader.fetch(site_server.url("/fault/image.html"))
    assert r.error == "binary content behind text/html (PNG)" and r.body == b""


def test_declared_non_html_is_rejected(site_server: SiteServer, downloader: Downloader) -> None:
    assert downloader.fetch(site_server.url("/robots.txt")).error == "not HTML (text/plain)"
    assert downloader.fetch(site_server.url("/robots.txt"), accept={"text/plain"}).ok


def test_windows_1256_without_charset(site_server: SiteServer, downloader: Downloader) -> None:
    r = downloader.fetch(site_server.url("/fault/cp1256.html"))
    assert r.ok and r.charset is None
    assert content.article(1).headline in r.text()


def test_conditional_request_304(site_server: SiteServer, downloader: Downloader) -> None:
    url = site_server.url(content.article(5).href)
    first = downloader.fetch(url)
    assert first.ok and first.etag == content.article(5).etag
    again = downloader.fetch(url, etag=first.etag)
    assert again.not_modified and again.status == 304 and again.ok and again.body == b""
    assert site_server.log.entries()[-1].headers["If-None-Match"] == first.etag
    by_date = downloader.fetch(url, last_modified=first.last_modified)
    assert by_date.not_modified
    assert site_server.log.entries()[-1].headers["If-Modified-Since"] == first.last_modified


def test_backoff_is_exponential_capped_and_jittered() -> None:
    settings = FetchSettings(backoff_base=1, backoff_factor=2, backoff_max=60, retry_after_max=120)
    top = Backoff(settings, rng=lambda: 1.0)
    assert [top.delay(n) for n in (1, 2, 3, 7, 10)] == [1, 2, 4, 60, 60]
    assert Backoff(settings, rng=lambda: 0.25).delay(3) == 1.0
    assert top.delay(1, retry_after=500) == 120


def test_parse_retry_after() -> None:
    now = 1_700_000_000.0
    assert parse_retry_after("7", now) == 7
    assert parse_retry_after("Tue, 14 Nov 2023 22:13:40 GMT", now) == pytest.approx(20)
    assert parse_retry_after("Tue, 14 Nov 2020 22:13:40 GMT", now) == 0
    assert parse_retry_after("soon", now) is None and parse_retry_after(None, now) is None


def test_politeness_two_threads_one_host(site_server: SiteServer) -> None:
    """Two workers on one host: the server never sees two requests closer than Crawl-delay."""
    fetcher = PoliteFetcher(FetchSettings(delay=0.05, max_retries=0))
    urls = [site_server.url(content.article(n).href) for n in range(6)]
    threads = [threading.Thread(target=lambda part: [fetcher.fetch(u) for u in part], args=(urls[i::2],))
               for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    entries = site_server.log.entries()
    assert len(entries) == 7  # robots.txt once, then the six articles
    assert min(gaps(entries)) >= site_server.crawl_delay - 0.01


def test_hosts_fetched_in_parallel() -> None:
    with SiteServer(crawl_delay=0.25) as a, SiteServer(crawl_delay=0.25) as b:
        fetcher = PoliteFetcher(FetchSettings(delay=0.0, max_retries=0, concurrency=2))
        urls = [s.url(content.article(n).href) for n in range(3) for s in (a, b)]
        started = time.monotonic()
        results = list(fetcher.fetch_many(urls))
        elapsed = time.monotonic() - started
        assert len(results) == 6 and all(r.ok for r in results)
        for server in (a, b):
            assert min(gaps(server.log.entries())) >= 0.24
        # Sequential would be 7 gaps of 0.25 s; parallel hosts overlap.
        assert elapsed < 1.6


def test_throttle_spaces_one_host_not_others(clock: RecordingClock) -> None:
    class FakeClock:
        t = 1000.0

        def now(self) -> float:
            return self.t

        def sleep(self, seconds: float) -> None:
            self.t += max(0.0, seconds)

    fake = FakeClock()
    throttle = HostThrottle(1.0, clock=fake)
    throttle.set_crawl_delay("http://a.example", 3.0)
    assert throttle.wait("http://a.example/x") == 0
    assert throttle.wait("http://b.example/x") == 0
    assert throttle.wait("http://www.a.example/y") == 3.0  # www. is the same host
    throttle.set_crawl_delay("http://a.example", 0.2)  # Crawl-delay never undercuts the default
    assert throttle.delay("a.example") == 1.0
    throttle.record("b.example", at=fake.t + 5)
    assert throttle.next_allowed("b.example") == fake.t + 6


def test_environment_proxy_and_netrc_are_honoured(site_server: SiteServer, tmp_path, monkeypatch) -> None:
    """requests' environment conventions hold though the downloader reads them once per origin."""
    netrc = tmp_path / "netrc"
    netrc.write_text("machine news.invalid login reader password secret\n")
    monkeypatch.setenv("NETRC", str(netrc))
    for name in ("http_proxy", "HTTP_PROXY"):
        monkeypatch.setenv(name, site_server.base_url)  # the site answers proxied requests too
    for name in ("no_proxy", "NO_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    downloader = Downloader(FAST)
    try:
        pages = [downloader.fetch("http://news.invalid/syria/"), downloader.fetch("http://news.invalid/syria/?page=2")]
    finally:
        downloader.close()
    assert all(r.ok and "أخبار سوريا" in r.text() for r in pages)
    sent = site_server.log.entries()[-2:]
    assert [e.path for e in sent] == ["http://news.invalid/syria/", "http://news.invalid/syria/?page=2"]
    assert all(e.headers["Authorization"] == "Basic cmVhZGVyOnNlY3JldA==" for e in sent)  # reader:secret
