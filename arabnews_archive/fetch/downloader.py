"""HTTP fetching that never raises: timeouts, retries, redirects, size and type limits.

Redirects are followed by hand so every hop is recorded and loops are caught;
bodies are streamed so the size cap and binary sniffing stop a download early.
"""
from __future__ import annotations

import dataclasses
import os
import random
from collections.abc import Callable, Collection
from typing import Any
from urllib.parse import urljoin, urlsplit

import requests
from requests.adapters import HTTPAdapter
from requests.utils import get_environ_proxies, get_netrc_auth

from arabnews_archive.fetch.clock import SYSTEM_CLOCK, Clock, utc
from arabnews_archive.fetch.errors import describe
from arabnews_archive.fetch.result import FetchResult
from arabnews_archive.fetch.retry import Backoff, parse_retry_after, retryable_status
from arabnews_archive.fetch.settings import FetchSettings
from arabnews_archive.fetch.sniff import sniff_error, type_error

_CHUNK = 64 * 1024
_SNIFF_BYTES = 1024
_REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})


@dataclasses.dataclass
class _Attempt:
    """One attempt (a request plus its redirects) before retry bookkeeping."""

    final_url: str
    status: int | None = None
    headers: dict[str, str] = dataclasses.field(default_factory=dict)
    body: bytes = b""
    redirects: list[tuple[int, str]] = dataclasses.field(default_factory=list)
    error: str | None = None
    retryable: bool = False
    retry_after: float | None = None
    request_headers: dict[str, str] = dataclasses.field(default_factory=dict)


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


def _size_label(max_bytes: int) -> str:
    mb = max_bytes / (1024 * 1024)
    return f"{mb:g} MB" if mb >= 1 else f"{max_bytes} bytes"


class Downloader:
    """Fetches URLs on one pooled `requests.Session`. Thread-safe for concurrent `fetch` calls
    to different hosts (requests' connection pool is; politeness is the caller's job)."""

    def __init__(
        self,
        settings: FetchSettings,
        *,
        clock: Clock = SYSTEM_CLOCK,
        rng: Callable[[], float] = random.random,
        session: requests.Session | None = None,
        min_gap: Callable[[str], float] | None = None,
    ) -> None:
        """`min_gap(url)` is the shortest pause allowed between two requests to the URL's host
        (its politeness delay, Crawl-delay included); a retry's backoff and a redirect to the
        same host wait at least that long. None: no such pause."""
        self.settings = settings
        self.clock = clock
        self._min_gap = min_gap or (lambda url: 0.0)
        self._backoff = Backoff(settings, rng)
        self.session = session or self._new_session(settings)
        self._environment = _Environment() if self.session.trust_env else lambda url: {}
        self.session.trust_env = False  # read by `_environment` instead

    @staticmethod
    def _new_session(settings: FetchSettings) -> requests.Session:
        session = requests.Session()
        pool = max(10, settings.concurrency * 2)
        # urllib3 must not retry or redirect on its own: both are decided and recorded here.
        adapter = HTTPAdapter(pool_connections=pool, pool_maxsize=pool, max_retries=0)
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

    def fetch(
        self,
        url: str,
        etag: str | None = None,
        last_modified: str | None = None,
        accept: Collection[str] | None = None,
    ) -> FetchResult:
        """GET `url`; `etag`/`last_modified` make it conditional (304 → `not_modified`).

        `accept` overrides the accepted media types (robots.txt and .gz sitemaps need others).
        """
        accept = self.settings.allowed_content_types if accept is None else accept
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        started = self.clock.now()
        attempts = 0
        while True:
            attempts += 1
            attempt = self._attempt(url, headers, accept)
            if not attempt.retryable or attempts > self.settings.max_retries:
                break
            self.clock.sleep(max(self._backoff.delay(attempts, attempt.retry_after), self._min_gap(url)))
        now = self.clock.now()
        return FetchResult(
            requested_url=url,
            final_url=attempt.final_url,
            status=attempt.status,
            headers=attempt.headers,
            body=attempt.body,
            fetched_at=utc(now),
            redirects=attempt.redirects,
            elapsed=now - started,
            error=attempt.error,
            attempts=attempts,
            not_modified=attempt.status == 304,
            request_headers=attempt.request_headers,
            retryable=attempt.retryable,
        )

    def _attempt(self, url: str, headers: dict[str, str], accept: Collection[str]) -> _Attempt:
        attempt = _Attempt(final_url=url)
        seen = {url}
        s = self.settings
        while True:
            if urlsplit(attempt.final_url).scheme not in ("http", "https"):
                attempt.error = f"unsupported URL scheme ({attempt.final_url[:80]})"
                return attempt
            try:
                response = self.session.get(
                    attempt.final_url, headers=headers, stream=True, allow_redirects=False,
                    timeout=(s.connect_timeout, s.read_timeout), **self._environment(attempt.final_url),
                )
            except requests.RequestException as exc:
                attempt.error, attempt.retryable = describe(exc, s.connect_timeout, s.read_timeout)
                if exc.request is not None:
                    attempt.request_headers = dict(exc.request.headers)
                return attempt
            attempt.request_headers = dict(response.request.headers)
            with response:
                attempt.status = response.status_code
                attempt.headers = {k.lower(): v for k, v in response.headers.items()}
                location = response.headers.get("Location")
                if response.status_code not in _REDIRECT_STATUSES or not location:
                    self._read(response, attempt, accept)
                    return attempt
            target = urljoin(attempt.final_url, location)
            attempt.redirects.append((response.status_code, target))
            if target in seen:
                attempt.error = "redirect loop"
                return attempt
            if len(attempt.redirects) > s.max_redirects:
                attempt.error = "too many redirects"
                return attempt
            seen.add(target)
            if urlsplit(target).netloc == urlsplit(attempt.final_url).netloc:
                self.clock.sleep(self._min_gap(target))
            attempt.final_url = target

    def _read(self, response: requests.Response, attempt: _Attempt, accept: Collection[str]) -> None:
        """Fill in body/error from a non-redirect response."""
        status = response.status_code
        if status == 304:
            return
        if not 200 <= status < 300:
            attempt.error = f"HTTP {status}"
            if retryable_status(status):
                attempt.retryable = True
                attempt.retry_after = parse_retry_after(response.headers.get("Retry-After"), self.clock.now())
            return
        content_type = (response.headers.get("Content-Type") or "").split(";", 1)[0].strip().lower() or None
        attempt.error = type_error(content_type, accept) or self._too_large(response.headers.get("Content-Length"))
        if attempt.error:
            return
        try:
            attempt.body, attempt.error = self._stream(response, content_type, accept)
        except requests.RequestException as exc:
            attempt.error, attempt.retryable = describe(exc, self.settings.connect_timeout, self.settings.read_timeout)

    def _too_large(self, content_length: str | None) -> str | None:
        if content_length and content_length.strip().isdigit() and int(content_length) > self.settings.max_bytes:
            return f"response larger than {_size_label(self.settings.max_bytes)}"
        return None

    def _stream(self, response: requests.Response, content_type: str | None,
                accept: Collection[str]) -> tuple[bytes, str | None]:
        """Read the body chunk by chunk, stopping as soon as it is too big or binary."""
        limit = self.settings.max_bytes
        chunks: list[bytes] = []
        size = 0
        sniffed = False
        for chunk in response.iter_content(_CHUNK):
            chunks.append(chunk)
            size += len(chunk)
            if size > limit:
                return b"", f"response larger than {_size_label(limit)}"
            if not sniffed and size >= _SNIFF_BYTES:
                sniffed = True
                error = sniff_error(b"".join(chunks)[:_SNIFF_BYTES], content_type, accept)
                if error:
                    return b"", error
        body = b"".join(chunks)
        error = None if sniffed else sniff_error(body, content_type, accept)
        return (b"", error) if error else (body, None)
