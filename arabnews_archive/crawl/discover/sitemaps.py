"""Sitemaps: index files, urlsets, Google News sitemaps, gzipped or not."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from lxml import etree

from arabnews_archive.crawl.discover.dates import before, parse_date
from arabnews_archive.crawl.discover.urls import Scope, absolute, in_scope
from arabnews_archive.crawl.discover.xml import child_text, local, parse_xml


@dataclass(frozen=True)
class SitemapEntry:
    url: str  # canonical
    lastmod: datetime | None = None
    title: str | None = None  # news:title
    published: datetime | None = None  # news:publication_date

    @property
    def date(self) -> datetime | None:
        """Best known date: publication, else last modification."""
        return self.published or self.lastmod


@dataclass(frozen=True)
class Sitemap:
    sitemaps: list[SitemapEntry] = field(default_factory=list)  # children of a sitemap index
    entries: list[SitemapEntry] = field(default_factory=list)  # page URLs of a urlset

    @property
    def is_index(self) -> bool:
        return bool(self.sitemaps)


def parse_sitemap(body: bytes, base_url: str = "") -> Sitemap:
    """Parse sitemap XML (gzip detected by magic number); unparseable input gives an empty Sitemap."""
    root = parse_xml(body)
    if root is None:
        return Sitemap()
    children: list[SitemapEntry] = []
    entries: list[SitemapEntry] = []
    for el in root.iter():
        kind = local(el)
        if kind in ("sitemap", "url"):
            entry = _entry(el, base_url)
            if entry:
                (children if kind == "sitemap" else entries).append(entry)
    return Sitemap(children, entries)


def _entry(el: etree._Element, base_url: str) -> SitemapEntry | None:
    loc = child_text(el, "loc")
    url = absolute(base_url, loc) if loc else None
    if url is None:
        return None
    title = published = None
    for news in (c for c in el if local(c) == "news"):
        title = child_text(news, "title")
        published = parse_date(child_text(news, "publication_date"))
    return SitemapEntry(url, parse_date(child_text(el, "lastmod")), title, published)


def select(entries: Iterable[SitemapEntry], scope: Scope, since: date | None = None) -> list[SitemapEntry]:
    """Entries in scope and, with `since`, not known to be older than it."""
    return [e for e in entries if in_scope(e.url, scope) and not (since and before(e.date, since))]
