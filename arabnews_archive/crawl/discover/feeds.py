"""RSS 2.0, RSS 1.0 (RDF) and Atom feeds: item links, titles and dates."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from lxml import etree

from arabnews_archive.crawl.discover.dates import parse_date
from arabnews_archive.crawl.discover.urls import absolute
from arabnews_archive.crawl.discover.xml import child_text, local, parse_xml


@dataclass(frozen=True)
class FeedItem:
    url: str  # canonical
    title: str | None
    published: datetime | None


def parse_feed(body: bytes, base_url: str = "") -> list[FeedItem]:
    """Items of a feed, in feed order; broken XML is recovered as far as it goes."""
    root = parse_xml(body)
    if root is None:
        return []
    items = []
    for el in root.iter():
        kind = local(el)
        link = _rss_link(el) if kind == "item" else _atom_link(el) if kind == "entry" else None
        if link:
            when = child_text(el, "pubdate", "published", "date", "issued", "updated")
            url = absolute(base_url, link)
            if url is not None:
                items.append(FeedItem(url, child_text(el, "title"), parse_date(when)))
    return items


def _rss_link(item: etree._Element) -> str | None:
    link = child_text(item, "link")
    if link:
        return link
    # A guid is the item's URL unless it says isPermaLink="false".
    for child in item:
        if local(child) == "guid" and child.get("isPermaLink", "true").lower() != "false" and child.text:
            return child.text.strip()
    return None


def _atom_link(entry: etree._Element) -> str | None:
    links = [c for c in entry if local(c) == "link" and c.get("href")]
    preferred = [c for c in links if c.get("rel", "alternate") == "alternate"]
    return (preferred or links)[0].get("href") if links else None


_PERIODS = {"hourly": 3600, "daily": 86400, "weekly": 7 * 86400, "monthly": 30 * 86400, "yearly": 365 * 86400}


def update_period(body: bytes) -> float | None:
    """Seconds the feed asks readers to wait between visits: RSS `<ttl>` (minutes), or the
    Syndication module's `sy:updatePeriod` divided by `sy:updateFrequency`; None if it says neither."""
    root = parse_xml(body)
    if root is None:
        return None
    for channel in (el for el in root.iter() if local(el) in ("channel", "feed")):
        ttl = child_text(channel, "ttl")
        if ttl and ttl.isdigit():
            return int(ttl) * 60.0
        period = _PERIODS.get((child_text(channel, "updateperiod") or "").lower())
        if period:
            frequency = child_text(channel, "updatefrequency") or "1"
            return period / max(1, int(frequency)) if frequency.isdigit() else float(period)
    return None
