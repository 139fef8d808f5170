"""Control characters and the URLs the WARC code reads and writes.

A WARC header is a line: a CR or LF inside a value would end it and start a forged
one (`WARC-Type: revisit`), and PostgreSQL refuses a NUL in any text. So import
refuses a target URI holding a control character (or one that is not an absolute
http(s) URL), and export percent-encodes every control character of every header
value it writes, as browsers do with control characters in a URL's path. Control
characters are Unicode's Cc category.
"""
from __future__ import annotations

import re
from urllib.parse import urlsplit

# Unicode's Cc category: C0 (NUL, TAB, CR, LF...), DEL and C1.
CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f]")
# C0 but TAB: what can end or corrupt an HTTP header line (CR, LF, NUL...). DEL and C1
# stay, since `requests` gives a header's bytes 0x7F-0x9F as those characters.
HTTP_LINE_BREAKERS = re.compile("[\x00-\x08\x0a-\x1f]")
_SHOWN = 100  # characters of a refused URL shown in its report line


def escape_controls(value: str, which: re.Pattern[str] = CONTROLS) -> tuple[str, bool]:
    """`value` with the characters `which` matches percent-encoded as UTF-8; and whether there were any."""
    escaped, count = which.subn(lambda found: _percent(found.group()), value)
    return escaped, count > 0


def _percent(char: str) -> str:
    return "".join(f"%{byte:02X}" for byte in char.encode("utf-8"))


def url_problem(url: str) -> str | None:
    """Why `url` cannot be stored as a fetch's URL, or None when it can: it must be an absolute
    http(s) URL with a host, free of control characters, that urlsplit can read."""
    if CONTROLS.search(url):
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
