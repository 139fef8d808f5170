"""Errors the archive raises for problems a user can fix (shown as one line by the CLI)."""
from __future__ import annotations

from urllib.parse import urlsplit


class ArchiveError(Exception):
    """Base of the archive's expected failures."""


class DatabaseError(ArchiveError):
    """The database cannot be opened or used: locked, unreachable, not a database, too new."""


class QueryError(ArchiveError, ValueError):
    """A search query that cannot be run, with a message saying why."""


class RelativeURL(ArchiveError, ValueError):
    """A page or article URL that is not absolute: the archive keys sites and articles by
    full addresses, so a relative one is refused rather than stored under a site "" ."""


def absolute(url: str) -> str:
    """`url`, when it is an absolute http(s) URL; otherwise RelativeURL is raised."""
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise RelativeURL(f"not an absolute URL: {url!r} (a page is stored under its full address, "
                          f"such as https://example.com/news/1)")
    return url
