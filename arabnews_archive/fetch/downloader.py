"""HTTP fetching that never raises: timeouts, a deadline, retries, redirects, size and type limits.

`exchange` makes one request (no redirect followed), retried while the failure may pass;
`fetch` follows redirects hop by hop (`fetch.redirects`), so every hop is recorded, checked
and caught in a loop. Bodies are streamed so the size cap and binary sniffing stop a
download early. Every connection is held to the network policy and the fetch's deadline
(`fetch.guard`).
"""
from __future__ import annotations

import os
import random
import socket
from collections.abc import Callable, Collection
from typing import Any
from urllib.parse import urlsplit

import requests
from requests.utils import get_environ_proxies, get_netrc_auth

from arabnews_archive.fetch.clock import SYSTEM_CLOCK, Clock
from arabnews_archive.fetch.errors import Failure, deadline_exceeded, describe, http_failure
from arabnews_archive.fetch.guard import Guard, GuardedAdapter
from arabnews_archive.fetch.policy import NetworkPolicy, url_host
from arabnews_archive.fetch.redirects import Hop, follow
from arabnews_archive.fetch.result import FetchResult
from arabnews_archive.fetch.retry import Backoff, parse_retry_after
from arabnews_archive.fetch.settings import FetchSettings
from arabnews_archive.fetch.sniff import sniff_error, type_error

_CHUNK = 64 * 1024
_SNIFF_BYTES = 1024
_REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})


class _Environment:
    """What requests reads from the environment on every request (proxies, the CA bundle,
    ~/.netrc), read once per origin instead: a crawl sends thousands of requests to a few
    hosts, and those lookups cost as much as the request itself on a fast link."""

    def __init__(self) -> None:
        self._by_origin: dict[tuple[str, str], dict[str, Any]] = {}

    def __call__(self, url: str) -> dict[str, Any]:
        origin = urlsplit(url)[:2]
        found = self._by_origin.get(origin)
        if found is None:
            verify = os.environ.get("REQUESTS_CA_BUNDLE") or os.environ.get("CURL_CA_BUNDLE") or True
            found = {"proxies": get_environ_proxies(url), "auth": get_netrc_auth(url), "verify": verify}
            self._by_origin[origin] = found
        return found


class _Session(requests.Session):
    """requests' session, but it never reads a `Location` header: even with
    allow_redirects=False it parses one to prepare the next request, and raises on one that
    is not UTF-8 or not a URL. The downloader reads and checks it itself (`fetch.redirects`)."""

    def get_redirect_target(self, resp: requests.Response) -> None:
        return None


def _size_label(max_bytes: int) -> str:
    mb = max_bytes / (1024 * 1024)
    return f"{mb:g} MB" if mb >= 1 else f"{max_bytes} bytes"


def _proxied_refusal(url: str, policy: NetworkPolicy) -> str | None:
    """Through a proxy the connection goes to the proxy, and the proxy resolves the target:
    the target is checked on this machine's resolution instead (a rebinding DNS server could
    still answer the proxy otherwise: docs/security.md)."""
    host = url_host(url)
    try:
        found = socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        return None  # only the proxy can resolve it
    return next((r for *_, sockaddr in found if (r := policy.refusal(host, sockaddr[0]))), None)


class Downloader:
    """Fetches URLs on one pooled session. Thread-safe for concurrent `fetch` calls to
    different hosts (requests' connection pool is; politeness is the caller's job)."""

    def __init__(
        self,
        settings: FetchSettings,
        *,
        clock: Clock = SYSTEM_CLOCK,
        rng: Callable[[], float] = random.random,
        min_gap: Callable[[str], float] | None = None,
    ) -> None:
        """`min_gap(url)` is the shortest pause allowed between two requests to the URL's host
        (its politeness delay, Crawl-delay included); a retry's backoff waits at least that
        long. None: no such pause."""
        self.settings = settings
        self.clock = clock
        self._min_gap = min_gap or (lambda url: 0.0)
        self._backoff = Backoff(settings, rng)
        self.session = self._new_session(settings)
        self._environment = _Environment()
        self.session.trust_env = False  # read by `_environment` instead

    @staticmethod
    def _new_session(settings: FetchSettings) -> requests.Session:
        session = _Session()
        pool = max(10, settings.concurrency * 2)
        # urllib3 must not retry or redirect on its own: both are decided and recorded here.
        adapter = GuardedAdapter(pool_connections=pool, pool_maxsize=pool, max_retries=0)
        session.mount("http://", adapter)
        session.mount("https://", adapter)
        session.headers.update({
            "User-Agent": settings.user_agent,
            "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.5",
            "Accept-Language": "ar,en;q=0.5",
        })
        return session

    def close(self) -> None:
        self.session.close()

    def guard(self, policy: NetworkPolicy | None, url: str) -> Guard:
        """A fetch's guard: `policy`, or by default the one of a fetch started at `url` (its host
        trusted if it is not public: the caller asked for it), and the settings' deadline."""
        if policy is None:
            policy = NetworkPolicy.for_seeds([url], self.settings.allow_private_addresses)
        return Guard(policy, self.settings.deadline)

    def fetch(self, url: str, etag: str | None = None, last_modified: str | None = None,
              accept: Collection[str] | None = None, *, policy: NetworkPolicy | None = None,
              keep_first: int | None = None) -> FetchResult:
        """GET `url`, redirects followed; `etag`/`last_modified` make it conditional (304 →
        `not_modified`). `accept` overrides the accepted media types (robots.txt and .gz
        sitemaps need others); `keep_first` keeps that many bytes of a longer body instead of
        refusing it (robots.txt). No politeness: see `PoliteFetcher`."""
        headers = conditional_headers(etag, last_modified)
        guard = self.guard(policy, url)
        try:
            return follow(url, lambda hop: self.exchange(hop, headers, accept, guard, keep_first),
                          self.settings.max_redirects, self.clock)
        finally:
            guard.end()

    def exchange(self, url: str, headers: dict[str, str], accept: Collection[str] | None, guard: Guard,
                 keep_first: int | None = None) -> Hop:
        """One request for `url` (a redirect is returned, not followed), tried again while the
        failure may pass at once, within `guard`'s deadline."""
        accept = self.settings.allowed_content_types if accept is None else accept
        attempts = 0
        while True:
            attempts += 1
            hop = self._once(url, headers, accept, guard, keep_first)
            hop.attempts = attempts
            if not hop.retry_now or attempts > self.settings.max_retries:
                return hop
            wait = max(self._backoff.delay(attempts, hop.retry_after), self._min_gap(url))
            if wait >= guard.remaining():
                return hop  # no time left for it: a later round may try again
            self.clock.sleep(wait)

    def _once(self, url: str, headers: dict[str, str], accept: Collection[str], guard: Guard,
              keep_first: int | None) -> Hop:
        s = self.settings
        hop = Hop(url)
        guard.begin()
        environment = self._environment(url)
        refusal = _proxied_refusal(url, guard.policy) if environment["proxies"] else None
        if refusal is not None:
            return _failed(hop, Failure(refusal))
        try:
            with guard.active():
                response = self.session.get(url, headers=headers, stream=True, allow_redirects=False,
                                            timeout=(s.connect_timeout, s.read_timeout), **environment)
                hop.request_headers = dict(response.request.headers)
                with response:
                    hop.status = response.status_code
                    hop.headers = {k.lower(): v for k, v in response.headers.items()}
                    location = response.headers.get("Location")
                    if response.status_code in _REDIRECT_STATUSES and location:
                        hop.location = location
                    else:
                        self._read(response, hop, accept, keep_first)
        except requests.RequestException as exc:
            if exc.request is not None:
                hop.request_headers = dict(exc.request.headers)
            _failed(hop, describe(exc, s.connect_timeout, s.read_timeout))
        if guard.expired:  # the watchdog cut the connection: whatever came is not the response
            _failed(hop, deadline_exceeded(guard.seconds))
        return hop

    def _read(self, response: requests.Response, hop: Hop, accept: Collection[str], keep_first: int | None) -> None:
        """Fill in the body, or the error, of a response that is not a redirect."""
        status = response.status_code
        if status == 304:
            return
        if not 200 <= status < 300:
            _failed(hop, http_failure(status))
            hop.retry_after = parse_retry_after(response.headers.get("Retry-After"), self.clock.now())
            return
        content_type = (response.headers.get("Content-Type") or "").split(";", 1)[0].strip().lower() or None
        error = type_error(content_type, accept)
        if error is None and keep_first is None:
            error = self._too_large(response.headers.get("Content-Length"))
        if error is None:
            hop.body, error = self._stream(response, content_type, accept, keep_first)
        if error is not None:
            _failed(hop, Failure(error))

    def _too_large(self, content_length: str | None) -> str | None:
        if content_length and content_length.strip().isdigit() and int(content_length) > self.settings.max_bytes:
            return f"response larger than {_size_label(self.settings.max_bytes)}"
        return None

    def _stream(self, response: requests.Response, content_type: str | None, accept: Collection[str],
                keep_first: int | None) -> tuple[bytes, str | None]:
        """Read the body chunk by chunk, stopping as soon as it is too big or binary (or, with
        `keep_first`, long enough). A broken connection raises requests' exception."""
        limit = self.settings.max_bytes if keep_first is None else keep_first
        chunks: list[bytes] = []
        size = 0
        sniffed = False
        for chunk in response.iter_content(_CHUNK):
            chunks.append(chunk)
            size += len(chunk)
            if size > limit:
                if keep_first is not None:
                    return b"".join(chunks)[:keep_first], None
                return b"", f"response larger than {_size_label(limit)}"
            if not sniffed and size >= _SNIFF_BYTES:
                sniffed = True
                error = sniff_error(b"".join(chunks)[:_SNIFF_BYTES], content_type, accept)
                if error:
                    return b"", error
        body = b"".join(chunks)
        error = None if sniffed else sniff_error(body, content_type, accept)
        return (b"", error) if error else (body, None)


def conditional_headers(etag: str | None, last_modified: str | None) -> dict[str, str]:
    """The headers that make a request conditional (a 304 when nothing changed)."""
    headers = {}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    return headers


def _failed(hop: Hop, failure: Failure) -> Hop:
    hop.error, hop.retry_now, hop.retryable = failure.reason, failure.now, failure.later
    hop.body = b""
    return hop
