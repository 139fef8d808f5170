"""Page understanding for the crawl, with no database and no network: URL canonicalisation
and scope, what a listing page links to (articles, its next pages, and why: `explain_links`),
sitemaps, feeds and the dates of their entries. Each function takes the page in hand and
returns what it found; the crawl loop decides what to do with it.
"""
from __future__ import annotations

from arabnews_archive.crawl.discover.feeds import FeedItem, parse_feed
from arabnews_archive.crawl.discover.listing import Discovered, Explanation, LinkReport, discover, explain_links
from arabnews_archive.crawl.discover.pagination import is_calendar, page_number, stop_paging
from arabnews_archive.crawl.discover.sitemaps import Sitemap, SitemapEntry, parse_sitemap, select
from arabnews_archive.crawl.discover.urls import Scope, canonicalize, in_scope, same_site

__all__ = [
    "Discovered", "Explanation", "FeedItem", "LinkReport", "Scope", "Sitemap", "SitemapEntry", "canonicalize",
    "discover", "explain_links", "in_scope", "is_calendar", "page_number", "parse_feed", "parse_sitemap", "same_site",
    "select", "stop_paging",
]
