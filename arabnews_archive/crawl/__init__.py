"""The crawler: settings, page understanding (`crawl.discover`), and the crawl loop.

`crawl.settings` holds every knob (`CrawlSettings`, with fetching's `FetchSettings`
inside). `crawl.discover` reads pages without a database: URLs and scope, listing pages,
sitemaps, feeds. The loop is `crawl.engine`: it claims frontier rows (`store.frontier`),
fetches them politely (`fetch`), plans each page (`crawl.plan`, in the parser processes
of `pool`) and commits it (`crawl.pipeline`); `crawl.jobs`, `crawl.leases` and
`crawl.heartbeat` keep crawls and leases shared between processes. `crawl.single` fetches
single pages, `crawl.explain` explains a listing page as fetched now.
docs/crawl-components.md describes how the parts fit.
"""
from __future__ import annotations

from arabnews_archive.crawl.discover import (
    Discovered, FeedItem, LinkReport, Scope, Sitemap, SitemapEntry, canonicalize, discover, explain_links, in_scope,
    is_calendar, page_number, parse_feed, parse_sitemap, same_site, select, stop_paging,
)
from arabnews_archive.crawl.settings import CrawlSettings, crawl_settings

__all__ = [
    "CrawlSettings", "Discovered", "FeedItem", "LinkReport", "Scope", "Sitemap", "SitemapEntry", "canonicalize",
    "crawl_settings", "discover", "explain_links", "in_scope", "is_calendar", "page_number", "parse_feed",
    "parse_sitemap", "same_site", "select", "stop_paging",
]
