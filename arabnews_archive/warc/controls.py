"""Control characters and the URLs the WARC code reads.

PostgreSQL refuses a NUL in any text, and a CR or LF in a URL would end a WARC
header line on export. So import refuses a target URI holding a control character
(or one that is not an absolute http(s) URL). Control characters are Unicode's Cc
category: C0 (NUL, TAB, CR, LF...), DEL and C1.
"""
from __future__ import annotations

import unicodedata
from urllib.parse import urlsplit

_SHOWN = 100  # characters of a refused URL shown in its report line


def is_control(char: str) -> bool:
    return unicodedata.category(char) == "Cc"


def url_problem(url: str) -> str | None:
    """Why `url` cannot be stored as a fetch's URL, or None when it can: it must be an absolute
    http(s) URL with a host, free of control characters, that urlsplit can read."""
    if any(is_control(c) for c in url):
        return "holds control characters"
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number in range
    except ValueError as exc:
        return f"is not a valid URL ({exc})"
    if parts.scheme.lower() not in ("http", "https"):
        return "is not an http(s) URL"
    if not parts.hostname:
        return "has no host"
    return None


def shown(url: str) -> str:
    """A URL for a report line: quoted, its control characters escaped, cut short when long."""
    return repr(url[:_SHOWN]) + ("..." if len(url) > _SHOWN else "")
