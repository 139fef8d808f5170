"""Crawl settings: one frozen value object passed to every crawl component."""
from __future__ import annotations

from dataclasses import dataclass, field

from arabnews_archive import __version__

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
class CrawlSettings:
    """Every knob of the crawler, with polite defaults.

    Times are seconds. `None` for a limit means "no limit".
    """

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
    allowed_content_types: frozenset[str] = field(default=HTML_TYPES | FEED_TYPES)
    max_pages: int | None = None
    max_depth: int | None = None
    # Stops ever-growing pagination (`?page=N` forever) within one section.
    max_listing_pages: int = 500
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    respect_robots: bool = True
    # Number of hosts fetched in parallel; one host is never fetched by two workers at once.
    concurrency: int = 4
    # Processes parsing article pages beside the fetching threads (parsing holds the GIL).
    # None: one per spare core (cores - 1, at most 4); 0: parse in the fetching threads.
    parse_processes: int | None = None

    def __post_init__(self) -> None:
        if self.delay < 0 or self.max_retries < 0 or self.max_redirects < 0:
            raise ValueError("delay, max_retries and max_redirects must not be negative")
        if self.concurrency < 1:
            raise ValueError("concurrency must be at least 1")
        if self.parse_processes is not None and self.parse_processes < 0:
            raise ValueError("parse_processes must not be negative")
