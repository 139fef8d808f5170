"""Crawl components: settings, URL canonicalisation and scope, discovery of articles and
pagination on listing pages (and why: `explain_links`), sitemaps and feeds. The crawl loop
is `crawl.engine`; docs/crawl-components.md describes how the parts fit.
"""
from __future__ import annotations

from arabnews_archive.crawl.discovery import Discovered, LinkReport, discover, explain_links
from arabnews_archive.crawl.feeds import FeedItem, parse_feed
from arabnews_archive.crawl.pagination import is_calendar, page_number, stop_paging
from arabnews_archive.crawl.settings import CrawlSettings, crawl_settings
from arabnews_archive.crawl.sitemaps import Sitemap, SitemapEntry, parse_sitemap, select
from arabnews_archive.crawl.urls import Scope, canonicalize, in_scope, same_site

__all__ = [
    "CrawlSettings", "Discovered", "FeedItem", "LinkReport", "Scope", "Sitemap", "SitemapEntry", "canonicalize",
    "crawl_settings", "discover", "explain_links", "in_scope", "is_calendar", "page_number", "parse_feed",
    "parse_sitemap", "same_site", "select", "stop_paging",
]
