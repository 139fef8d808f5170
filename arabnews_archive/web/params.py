"""What a page is asked for, read from its address: the query, the filters, paging and format.

Every page's parameters are plain words in the URL, so any view can be bookmarked and
shared. A value that cannot be meant (a control character, text longer than any query, a
page number that is not one) is refused here with a 400 naming the parameter; dates and
queries are checked by the archive itself, whose errors become 400s too (`app.py`).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import request
from werkzeug.exceptions import BadRequest

MAX_TEXT = 500
PER_PAGE, MAX_PER_PAGE = 20, 100
# Deep pages of a relevance ranking are never read; the bound keeps a request cheap.
MAX_PAGE = 500
# Queries side by side on one chart: more lines than this cannot be told apart.
MAX_QUERIES = 6


def text(name: str) -> str | None:
    """A text parameter, stripped; None when absent or empty."""
    value = request.args.get(name, "").strip()
    _check(name, value)
    return value or None


def texts(name: str, limit: int) -> list[str]:
    """A repeated text parameter (``?q=a&q=b``): the non-empty values, in order, without repeats."""
    values = [v.strip() for v in request.args.getlist(name)]
    for value in values:
        _check(name, value)
    found = list(dict.fromkeys(v for v in values if v))
    if len(found) > limit:
        raise BadRequest(f"at most {limit} values of {name} at once, not {len(found)}")
    return found


def _check(name: str, value: str) -> None:
    if len(value) > MAX_TEXT:
        raise BadRequest(f"{name} is longer than {MAX_TEXT} characters")
    if any(ord(c) < 32 and c not in "\t\n\r" for c in value):
        raise BadRequest(f"{name} holds a control character")


def number(name: str, default: int, low: int, high: int) -> int:
    raw = request.args.get(name, "").strip()
    if not raw:
        return default
    if not raw.isascii() or not raw.isdigit() or not low <= int(raw) <= high:
        raise BadRequest(f"{name} must be a whole number from {low} to {high}, not {raw[:40]!r}")
    return int(raw)


def choice(name: str, allowed: tuple[str, ...], default: str) -> str:
    value = request.args.get(name, "").strip() or default
    if value not in allowed:
        raise BadRequest(f"{name} must be one of {', '.join(allowed)}, not {value[:40]!r}")
    return value


@dataclass(frozen=True)
class Filters:
    """The filters every listing shares: site, section, author and a published-date range."""

    site: str | None = None
    section: str | None = None
    author: str | None = None
    since: str | None = None
    until: str | None = None

    @classmethod
    def read(cls) -> Filters:
        return cls(text("site"), text("section"), text("author"), text("since"), text("until"))

    def scope(self) -> dict[str, Any]:
        """The keywords `Archive.search`, `articles` and `count` take (the author is in the query)."""
        return {"site": self.site, "section": self.section, "since": self.since, "until": self.until}

    def to_dict(self) -> dict[str, Any]:
        return {"site": self.site, "section": self.section, "author": self.author, "since": self.since,
                "until": self.until}


def scoped_query(query: str | None, author: str | None) -> str | None:
    """The query with the author filter folded in: the name, as a phrase, in the byline (`author:`)."""
    if not author:
        return query
    phrase = 'author:"' + author.replace('"', " ") + '"'
    return f"{query} {phrase}" if query else phrase


def page_of(total: int, page: int, per_page: int) -> dict[str, int]:
    """Paging facts for a listing of `total` items."""
    pages = max(1, -(-total // per_page))
    return {"page": page, "per_page": per_page, "pages": min(pages, MAX_PAGE), "total": total}
