"""Dates of listing entries, sitemap entries and feed items, for `--since` cut-offs."""
from __future__ import annotations

from datetime import date, datetime, timezone
from email.utils import parsedate_to_datetime

from lxml import etree

from arabnews_archive.parse.dates import parse_arabic_date
from arabnews_archive.parse.pubdate import url_date


def parse_date(text: str | None) -> datetime | None:
    """A machine date (W3C/ISO 8601 as in sitemaps and Atom, RFC 822 as in RSS), else
    any printed Arabic/English date. Naive results mean the source gave no zone."""
    if not text or not text.strip():
        return None
    text = text.strip()
    iso = text[:-1] + "+00:00" if text.endswith(("Z", "z")) else text
    try:
        return datetime.fromisoformat(iso)
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return parse_arabic_date(text)


def block_date(block: etree._Element | None, url: str) -> datetime | None:
    """The date a listing shows for one entry: <time datetime>, printed date, or URL date."""
    if block is not None:
        for value in block.xpath(".//time/@datetime | .//*[@itemprop='datePublished']/@content"):
            when = parse_date(str(value))
            if when:
                return when
        when = parse_arabic_date(" ".join(block.itertext()))
        if when:
            return when
    return url_date(url)


def before(when: datetime | None, since: date) -> bool:
    """True only when `when` is known and falls on a day before `since`."""
    if when is None:
        return False
    if isinstance(since, datetime):
        since = since.date()
    day = when.astimezone(timezone.utc).date() if when.tzinfo else when.date()
    return day < since
