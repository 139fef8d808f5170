"""Crawl components (phase 1): settings, URL canonicalisation and scope, discovery of
articles/pagination on listing pages, sitemaps and feeds. No crawl loop yet: see
docs/crawl-components.md for how a loop with a persistent frontier wires these up.
"""
from __future__ import annotations

from arabnews_archive.crawl.discovery import Discovered, discover
from arabnews_archive.crawl.feeds import FeedItem, parse_feed
from arabnews_archive.crawl.pagination import is_calendar, page_number, stop_paging
from arabnews_archive.crawl.settings import CrawlSettings
from arabnews_archive.crawl.sitemaps import Sitemap, SitemapEntry, parse_sitemap, select
from arabnews_archive.crawl.urls import Scope, canonicalize, in_scope, same_site

__all__ = [
    "CrawlSettings", "Discovered", "FeedItem", "Scope", "Sitemap", "SitemapEntry", "canonicalize",
    "discover", "in_scope", "is_calendar", "page_number", "parse_feed", "parse_sitemap", "same_site",
    "select", "stop_paging",
]
