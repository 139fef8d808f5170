"""Options of one crawl run that are not fetching knobs (those are in `CrawlSettings`)."""
from __future__ import annotations

import re
from dataclasses import dataclass, fields
from datetime import date
from typing import Any

from arabnews_archive.crawl.settings import CrawlSettings


@dataclass(frozen=True)
class CrawlOptions:
    """`since`: stop paging back past this date and skip older sitemap/feed entries.
    `sitemaps`: also seed the site's sitemaps and the section's feeds.
    `refresh`: revisit finished listing pages and articles with conditional requests.
    `max_attempts`: requests per URL over all rounds; a transient failure (timeout,
    reset, 429, 5xx) below it is queued again `retry_wait` seconds later.
    `lease`: how long a claimed URL stays reserved for its worker; a live worker renews
    its leases (every third of it), one that dies leaves its URLs reserved that long at
    most (a dead process on this machine is noticed at once).
    """

    since: date | None = None
    sitemaps: bool = True
    refresh: bool = False
    max_attempts: int = 8
    retry_wait: float = 60.0
    lease: float = 60.0

    def __post_init__(self) -> None:
        if self.max_attempts < 1 or self.retry_wait < 0 or self.lease <= 0:
            raise ValueError("max_attempts must be at least 1, retry_wait not negative, lease positive")


def crawl_configuration(**options: Any) -> tuple[CrawlSettings, CrawlOptions]:
    """Split keyword options between `CrawlSettings` and `CrawlOptions` (as `Archive.crawl` takes them).

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
    setting_names = {f.name for f in fields(CrawlSettings)}
    option_names = {f.name for f in fields(CrawlOptions)}
    unknown = set(options) - setting_names - option_names
    if unknown:
        raise TypeError(f"unknown crawl option(s): {', '.join(sorted(unknown))}")
    settings = CrawlSettings(**{k: v for k, v in options.items() if k in setting_names})
    return settings, CrawlOptions(**{k: v for k, v in options.items() if k in option_names})


def parse_since(text: str) -> date:
    try:
        return date.fromisoformat(text.strip()[:10])
    except ValueError:
        raise ValueError(f"--since {text!r}: expected a date as YYYY-MM-DD") from None
