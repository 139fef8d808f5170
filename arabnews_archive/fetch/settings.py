"""Fetch settings: every knob of fetching, with polite defaults, in one frozen value.

The downloader, the backoff, the content-type checks and `PoliteFetcher` read these and
nothing else; a crawl holds one (`crawl.settings.CrawlSettings.fetch`), and the command
line takes its defaults from here. The media types a fetch accepts live here too.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from arabnews_archive.version import __version__

DEFAULT_USER_AGENT = (
    f"arabnews-archive/{__version__} (+https://github.com/arabnews-archive/arabnews_archive)"
)

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
FEED_TYPES = frozenset({
    "application/rss+xml",
    "application/atom+xml",
    "application/rdf+xml",
    "application/xml",
    "text/xml",
})
# Sitemaps are often served as raw .gz files rather than with Content-Encoding.
GZIP_TYPES = frozenset({"application/x-gzip", "application/gzip", "application/octet-stream"})


@dataclass(frozen=True)
class FetchSettings:
    """How to fetch: identity, spacing, timeouts, retries, limits. Times are seconds."""

    user_agent: str = DEFAULT_USER_AGENT
    # Minimum gap between two requests to one host; robots.txt Crawl-delay can only raise it.
    delay: float = 1.0
    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    # Retries after the first attempt, on connection errors, timeouts, 429 and 5xx.
    max_retries: int = 3
    backoff_base: float = 1.0
    backoff_factor: float = 2.0
    backoff_max: float = 60.0
    # A server asking for a longer Retry-After than this is waited for this long only.
    retry_after_max: float = 120.0
    max_redirects: int = 10
    max_bytes: int = 10 * 1024 * 1024
    # Total time one fetch may take from its first request to its last byte: redirect hops,
    # retries and their waits included. Timeouts bound each read; a server trickling a byte
    # a second never trips them, and would otherwise hold a worker for ever.
    deadline: float = 120.0
    # Connect to private, loopback, link-local and cloud metadata addresses too (the seed's
    # own host is allowed anyway): see fetch.policy.
    allow_private_addresses: bool = False
    allowed_content_types: frozenset[str] = field(default=HTML_TYPES | FEED_TYPES)
    respect_robots: bool = True
    # Number of hosts fetched in parallel; one host is never fetched by two workers at once.
    concurrency: int = 4

    def __post_init__(self) -> None:
        if self.delay < 0 or self.max_retries < 0 or self.max_redirects < 0:
            raise ValueError("delay, max_retries and max_redirects must not be negative")
        if self.deadline <= 0:
            raise ValueError("deadline must be positive")
        if self.concurrency < 1:
            raise ValueError("concurrency must be at least 1")
