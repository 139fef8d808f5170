"""robots.txt per origin, fetched once and cached, with RFC 9309 failure semantics.

Parsing is protego's (Scrapy's maintained parser: RFC 9309 wildcards and `$`,
longest-match precedence, Crawl-delay, Sitemap lines), not urllib.robotparser,
which gets precedence and wildcards wrong.
"""
from __future__ import annotations

import codecs
import threading
from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import Protocol
from urllib.parse import urlsplit

from protego import Protego

from arabnews_archive.fetch.clock import SYSTEM_CLOCK, Clock
from arabnews_archive.fetch.result import FetchResult
from arabnews_archive.fetch.sniff import ANY_TYPE

# RFC 9309 §2.5: crawlers must parse at least 500 KiB. Only that much is read: a longer
# file is cut there, not refused (refusing it would mean "disallow all").
MAX_ROBOTS_BYTES = 500 * 1024
# RFC 9309 says UTF-8, but files saved as UTF-16 by Windows editors are met; their BOM tells.
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


class Fetcher(Protocol):
    def fetch(self, url: str, *, accept: Collection[str], keep_first: int) -> FetchResult: ...


def origin(url: str) -> str:
    """scheme://host[:port]: the scope of one robots.txt (a bare host means https)."""
    parts = urlsplit(url if "://" in url else f"https://{url}")
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}"


@dataclass(frozen=True)
class RobotsFile:
    """What fetching an origin's robots.txt gave, as shared between workers.

    `status` is None when no response came; `body` is set exactly for a usable 2xx;
    `expires` is when to fetch it again (epoch seconds).
    """

    status: int | None
    body: str | None
    error: str | None
    expires: float


class RobotsStore(Protocol):
    """Where workers share robots.txt files, so a site's file is fetched once for all of them."""

    def shared(self, origin: str, now: float, fetch: Callable[[], RobotsFile]) -> RobotsFile:
        """The stored file if it has not expired, else `fetch()`'s, stored for the others.

        Concurrent callers for one origin wait for the first one's fetch.
        """
        ...


@dataclass(frozen=True)
class _Policy:
    rules: Protego | None  # None with allow_all deciding
    allow_all: bool
    expires: float
    status: str  # why: "parsed", "allow all (HTTP 404)", "disallow all (timeout ...)"


class RobotsCache:
    """Answers robots.txt questions for any URL, fetching each origin's file once per `ttl`.

    4xx (no robots.txt) allows everything. 5xx, 429 and network failures disallow
    everything (RFC 9309 §2.3.1.3) until `error_ttl` passes and it is fetched again.
    """

    def __init__(self, fetcher: Fetcher, user_agent: str, *, clock: Clock = SYSTEM_CLOCK,
                 ttl: float = 24 * 3600, error_ttl: float = 600, store: RobotsStore | None = None) -> None:
        self._fetcher = fetcher
        self._store = store
        self.user_agent = user_agent
        self._clock = clock
        self._ttl = ttl
        self._error_ttl = error_ttl
        self._policies: dict[str, _Policy] = {}
        self._locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()

    def allowed(self, url: str) -> bool:
        policy = self._policy(origin(url))
        if policy.rules is None:
            return policy.allow_all
        return bool(policy.rules.can_fetch(url, self.user_agent))

    def crawl_delay(self, host: str) -> float | None:
        """Crawl-delay for our user agent; `host` is any URL of the site, or its origin."""
        rules = self._policy(origin(host)).rules
        delay = rules.crawl_delay(self.user_agent) if rules else None
        return float(delay) if delay is not None else None

    def sitemaps(self, host: str) -> list[str]:
        rules = self._policy(origin(host)).rules
        return list(rules.sitemaps) if rules else []

    def status(self, host: str) -> str:
        """How the host's robots.txt was understood, for logs and frontier `reason`s."""
        return self._policy(origin(host)).status

    def _policy(self, key: str) -> _Policy:
        with self._guard:
            lock = self._locks.setdefault(key, threading.Lock())
        # One fetch per origin even when several workers ask at once.
        with lock:
            policy = self._policies.get(key)
            if policy is None or policy.expires <= self._clock.now():
                policy = self._load(key)
                self._policies[key] = policy
            return policy

    def _load(self, key: str) -> _Policy:
        if self._store is None:
            return _policy(self._download(key))
        return _policy(self._store.shared(key, self._clock.now(), lambda: self._download(key)))

    def _download(self, key: str) -> RobotsFile:
        result = self._fetcher.fetch(f"{key}/robots.txt", accept=ANY_TYPE, keep_first=MAX_ROBOTS_BYTES)
        now = self._clock.now()
        if result.ok:
            return RobotsFile(result.status, robots_text(result.body), None, now + self._ttl)
        ttl = self._ttl if _no_file(result.status) else self._error_ttl
        return RobotsFile(result.status, None, result.error, now + ttl)


def robots_text(body: bytes) -> str:
    """A robots.txt file's text: UTF-8, or what its byte-order mark says. Bytes that do not
    decode (a character cut at the 500 KiB limit) become U+FFFD, harming only their line."""
    encoding = next((name for bom, name in _BOMS if body.startswith(bom)), "utf-8")
    return body.decode(encoding, "replace")


def _no_file(status: int | None) -> bool:
    """A 4xx other than 429 says the site has no robots.txt: everything is allowed."""
    return status is not None and 400 <= status < 500 and status != 429


def _policy(file: RobotsFile) -> _Policy:
    if file.body is not None:
        return _Policy(Protego.parse(file.body), True, file.expires, "parsed")
    if _no_file(file.status):
        return _Policy(None, True, file.expires, f"allow all (HTTP {file.status})")
    return _Policy(None, False, file.expires, f"disallow all ({file.error})")
