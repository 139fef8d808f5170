"""The fetching layer against hostile input: the network policy, redirect targets, the fetch
deadline, failures that pass and failures that last, robots.txt that is huge or UTF-16.

Real servers on 127.0.0.1 where a server is needed; addresses the policy refuses are
judged on the address alone and never connected to.
"""
from __future__ import annotations

import time

import pytest

from arabnews_archive.fetch import Downloader, FetchSettings, PoliteFetcher, RobotsCache
from arabnews_archive.fetch.errors import CONNECTION_REFUSED, HOST_NOT_FOUND
from arabnews_archive.fetch.policy import NetworkPolicy, address_kind, url_problem
from arabnews_archive.fetch.redirects import redirect_target
from arabnews_archive.fetch.robots import robots_text
from tests.site.hostile import ROBOTS, HostileSite, robots_11mb, robots_utf16
from tests.site.server import SiteServer

FAST = FetchSettings(delay=0.0, backoff_base=0.01, backoff_max=0.02, max_retries=2, deadline=1.5)


@pytest.mark.parametrize(("address", "kind"), [
    ("169.254.169.254", "cloud metadata"), ("fd00:ec2::254", "cloud metadata"), ("100.100.100.200", "cloud metadata"),
    ("168.63.129.16", "cloud metadata"), ("127.0.0.1", "loopback"), ("127.0.0.2", "loopback"), ("::1", "loopback"),
    ("::ffff:127.0.0.1", "loopback"), ("64:ff9b::7f00:1", "loopback"), ("2002:7f00:1::", "loopback"),
    ("10.1.2.3", "private"), ("192.168.0.1", "private"), ("172.16.5.4", "private"), ("fc00::1", "private"),
    ("169.254.1.1", "link-local"), ("fe80::1", "link-local"), ("0.0.0.0", "unspecified"), ("224.0.0.1", "multicast"),
    ("100.64.0.1", "reserved"), ("8.8.8.8", None), ("2001:4860:4860::8888", None), ("::ffff:8.8.8.8", None),
])
def test_address_kinds(address: str, kind: str | None) -> None:
    assert address_kind(address) == kind


def test_the_policy_refuses_what_is_not_public_but_the_seed_it_was_aimed_at() -> None:
    strict = NetworkPolicy()
    assert strict.refusal("news.example", "93.184.216.34") is None
    assert strict.refusal("evil.example", "169.254.169.254") == (
        "refused: evil.example (169.254.169.254) is a cloud metadata address (--allow-private-addresses to fetch it)")
    assert strict.refusal("[::1]", "::1").startswith("refused: [::1] is a loopback address")
    seeded = NetworkPolicy.for_seeds(["http://127.0.0.1:8765/syria/"])
    assert seeded.trusted == {"127.0.0.1"}
    assert seeded.refusal("127.0.0.1", "127.0.0.1") is None
    assert seeded.refusal("127.0.0.2", "127.0.0.2") is not None  # another loopback host is another host
    assert seeded.refusal("localhost", "127.0.0.1") is not None  # trust goes to the host named, not its address
    assert NetworkPolicy.for_seeds(["http://93.184.216.34/"]).trusted == frozenset()
    assert NetworkPolicy.for_seeds(["http://10.0.0.1/"], allow_private=True).refusal("x", "169.254.169.254") is None


@pytest.mark.parametrize(("url", "problem"), [
    ("http://news.example/a", None), ("https://news.example:8443/", None),
    ("http://[::1", "invalid URL (Invalid IPv6 URL)"),
    ("http://news.example:99999/", "invalid URL (Port out of range 0-65535)"),
    ("ftp://news.example/", "unsupported URL scheme (ftp)"), ("http:///path", "invalid URL (no host)"),
    ("http://news.example/a b", "invalid URL (control character or space)"),
])
def test_url_problems(url: str, problem: str | None) -> None:
    assert url_problem(url) == problem


@pytest.mark.parametrize(("location", "target", "error"), [
    ("/b?x=1", "http://a.example/b?x=1", None),
    ("/caf\xe9-\xff", "http://a.example/caf%E9-%FF", None),  # Latin-1 bytes: sent on percent-encoded
    ("/مقال", "http://a.example/مقال", None),  # UTF-8 read as Latin-1 by http.client, read back
    ("http://[::1", None, "invalid redirect target (Invalid IPv6 URL)"),
    ("javascript:alert(1)", None, "invalid redirect target: unsupported URL scheme (javascript)"),
])
def test_redirect_targets(location: str, target: str | None, error: str | None) -> None:
    raw = location.encode("utf-8").decode("latin-1") if location == "/مقال" else location
    assert redirect_target("http://a.example/x", raw) == (target, error)


def test_a_slow_server_is_cut_at_the_deadline() -> None:
    with HostileSite() as site:
        started = time.monotonic()
        result = Downloader(FAST).fetch(site.url("/news/300016/slow"))
        elapsed = time.monotonic() - started
    assert result.error == "deadline exceeded (1.5s)" and result.retryable and result.attempts == 1
    assert result.status == 200 and result.body == b""
    assert elapsed < 3


def test_no_such_host_fails_at_once_and_for_good() -> None:
    started = time.monotonic()
    result = Downloader(FAST).fetch("http://no-such-host.invalid/")
    assert result.error == HOST_NOT_FOUND and result.attempts == 1 and not result.retryable
    assert time.monotonic() - started < 5


def test_a_refused_connection_is_retried_then_given_up() -> None:
    with SiteServer() as gone:
        url = gone.url("/syria/")
    result = Downloader(FAST).fetch(url)
    assert result.error == CONNECTION_REFUSED and result.attempts == FAST.max_retries + 1 and not result.retryable


def test_a_pooled_connection_is_checked_again_under_another_policy() -> None:
    """The check is on the connection: a keep-alive connection opened for a crawl that trusts
    127.0.0.1 is not reused for a fetch whose policy refuses it."""
    with SiteServer() as site:
        downloader = Downloader(FAST)
        assert downloader.fetch(site.url("/syria/")).ok  # trusted: the URL asked for
        refused = downloader.fetch(site.url("/syria/?page=2"), policy=NetworkPolicy())
        assert refused.error is not None and refused.error.startswith("refused: 127.0.0.1 is a loopback address")
        assert site.log.paths() == ["/syria/"]


def test_redirects_are_each_held_to_robots_txt_and_the_policy() -> None:
    with HostileSite() as site:
        fetcher = PoliteFetcher(FAST)
        into_private = fetcher.fetch(site.url("/news/300015/x"))
        assert into_private.error == "redirected to a page disallowed by robots.txt"
        assert into_private.redirects == [(302, site.url("/private/secret.html"))]
        elsewhere = fetcher.fetch(site.url("/news/300013/x"))
        assert elsewhere.error.startswith("refused: 127.0.0.2 is a loopback address")
        assert not any(p.startswith("/private/") for p in site.log.paths())


@pytest.mark.parametrize("body", [robots_11mb(), robots_utf16()], ids=["11MB", "UTF-16"])
def test_huge_and_utf16_robots_txt_are_read(body: bytes) -> None:
    with HostileSite(robots=body, hostile=False) as site:
        robots = RobotsCache(Downloader(FAST), FAST.user_agent)
        assert robots.status(site.base_url) == "parsed"
        assert robots.allowed(site.url("/section/")) and not robots.allowed(site.url("/private/secret.html"))


def test_robots_text_decoding() -> None:
    assert robots_text(robots_utf16()) == ROBOTS
    assert robots_text(b"\xef\xbb\xbf" + ROBOTS.encode()) == ROBOTS
    assert robots_text(ROBOTS.encode() + b"\xd8") == ROBOTS + "\ufffd"  # a character cut at the limit
