"""Crawl settings: one frozen value holding every knob of a crawl, fetching's included.

`CrawlSettings` has the crawl's own fields and holds a `FetchSettings` (`fetch`) for
how pages are fetched, which is fetching's to define (`fetch.settings`). Its fields are
of three kinds:

- what the crawl covers (`max_depth`, `include`, `exclude`, `since`, `sitemaps`,
  `max_sitemap_depth`, and fetching's `allow_private_addresses`): the process that starts
  a crawl records them with it (`crawl.jobs`), and every worker follows that record
  whatever its own settings say;
- this run (`max_pages`, `refresh`, `retry_failed`) and the retry policy of its URLs
  (`max_attempts`, `retry_wait`), with the page budget of one listing (`max_listing_pages`);
- how this process works (`lease`, `parse_processes`, and `fetch`).

`crawl_settings(**options)` builds one from flat keyword options, each routed to the
object that owns it: `Archive.crawl(url, delay=2, max_pages=50)` and the command line
go through it. Every default is here or in `FetchSettings`, and nowhere else.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, fields
from datetime import date
from typing import Any

from arabnews_archive.fetch.settings import FetchSettings


@dataclass(frozen=True)
class CrawlSettings:
    """Every knob of a crawl, with polite defaults. Times are seconds; `None` for a limit
    means "no limit"."""

    # Listing pages followed from the seed (page 1 is depth 0).
    max_depth: int | None = None
    # Regexes, searched in the canonical and in the decoded URL (Arabic patterns work).
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    # Stop paging back past this date and skip older sitemap and feed entries.
    since: date | None = None
    # Also seed the site's sitemaps and the section's feeds.
    sitemaps: bool = True
    # Levels of sitemap indexes followed below the site's own sitemaps: a chain of indexes
    # (each naming the next) is a trap like an endless calendar.
    max_sitemap_depth: int = 5
    # Requests for frontier URLs in this run, all kinds.
    max_pages: int | None = None
    # Revisit finished listing pages and articles with conditional requests.
    refresh: bool = False
    # Queue again the URLs that failed in earlier runs. Off, a run resumes where the last one
    # stopped and fetches nothing twice; a seed that failed is queued again all the same
    # (without it the crawl has nothing to do).
    retry_failed: bool = False
    # Stops ever-growing pagination (`?page=N` forever) within one section.
    max_listing_pages: int = 500
    # Requests per URL over all rounds; a transient failure (timeout, reset, 429, 5xx)
    # below it is queued again `retry_wait` seconds later.
    max_attempts: int = 8
    retry_wait: float = 60.0
    # How long a claimed URL stays reserved for its worker; a live worker renews its
    # leases (every third of it), one that dies leaves its URLs reserved that long at
    # most (a dead process on this machine is noticed at once).
    lease: float = 60.0
    # Processes parsing article pages beside the fetching threads (parsing holds the GIL).
    # None: one per spare core (`pool.parser_processes`); 0: parse in the fetching threads.
    parse_processes: int | None = None
    fetch: FetchSettings = field(default_factory=FetchSettings)

    def __post_init__(self) -> None:
        if self.parse_processes is not None and self.parse_processes < 0:
            raise ValueError("parse_processes must not be negative")
        if self.max_sitemap_depth < 0:
            raise ValueError("max_sitemap_depth must not be negative")
        if self.max_attempts < 1 or self.retry_wait < 0 or self.lease <= 0:
            raise ValueError("max_attempts must be at least 1, retry_wait not negative, lease positive")


_CRAWL_FIELDS = frozenset(f.name for f in fields(CrawlSettings)) - {"fetch"}
_FETCH_FIELDS = frozenset(f.name for f in fields(FetchSettings))


def crawl_settings(**options: Any) -> CrawlSettings:
    """`CrawlSettings` from flat keyword options, fetching's routed to its `FetchSettings`
    (as `Archive.crawl` takes them).

    `since` may be a date or `YYYY-MM-DD`; `include`/`exclude` a pattern or several.
    Unknown names raise TypeError, bad values ValueError.
    """
    if isinstance(options.get("since"), str):
        options["since"] = parse_since(options["since"])
    for name in ("include", "exclude"):
        if isinstance(options.get(name), str):
            options[name] = (options[name],)
        elif name in options:
            options[name] = tuple(options[name])
        for pattern in options.get(name, ()):
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ValueError(f"--{name} {pattern!r} is not a valid regular expression: {exc}") from None
    unknown = set(options) - _CRAWL_FIELDS - _FETCH_FIELDS
    if unknown:
        raise TypeError(f"unknown crawl option(s): {', '.join(sorted(unknown))}")
    fetch = FetchSettings(**{k: v for k, v in options.items() if k in _FETCH_FIELDS})
    return CrawlSettings(**{k: v for k, v in options.items() if k in _CRAWL_FIELDS}, fetch=fetch)


def parse_since(text: str) -> date:
    try:
        return date.fromisoformat(text.strip()[:10])
    except ValueError:
        raise ValueError(f"--since {text!r}: expected a date as YYYY-MM-DD") from None


@dataclass(frozen=True)
class WatchSettings:
    """How often a watched section's sources are visited (`arabnews watch`), in seconds.

    Each source's interval starts at `min_interval`, is halved (down to `min_interval`) when
    a visit finds new articles and lengthened by half (up to `max_interval`) when it finds
    none; a feed's ttl or sy:updatePeriod and a Cache-Control max-age lengthen one visit's
    wait, never past `max_interval`. Failures double the wait each time, up to `max_interval`.
    """

    min_interval: float = 600.0
    max_interval: float = 86400.0
    # Longest sleep between two looks at the schedule: sources added by other processes
    # (on PostgreSQL) are seen within it.
    poll: float = 60.0

    def __post_init__(self) -> None:
        if not 0 < self.min_interval <= self.max_interval:
            raise ValueError("min_interval must be positive and at most max_interval")


def parse_interval(text: str | float) -> float:
    """Seconds from `90`, `90s`, `10m`, `2h` or `1d`."""
    if isinstance(text, (int, float)):
        return float(text)
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*", text.lower())
    if match is None:
        raise ValueError(f"{text!r}: expected a duration such as 90s, 10m, 2h or 1d")
    return float(match.group(1)) * {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}[match.group(2)]
