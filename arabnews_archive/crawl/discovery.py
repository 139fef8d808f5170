"""What a listing page links to: articles, further listing pages, and the rest."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urljoin

import lxml.html
from lxml import etree

from arabnews_archive.crawl.dates import block_date
from arabnews_archive.crawl.links import classify, extract_links
from arabnews_archive.crawl.pagination import find_pagination
from arabnews_archive.crawl.settings import CrawlSettings
from arabnews_archive.crawl.urls import Scope, canonicalize, in_scope
from arabnews_archive.parse.decode import decode_html

_FEED_TYPES = ("application/rss+xml", "application/atom+xml")


@dataclass(frozen=True)
class Discovered:
    """Canonical, in-scope URLs found on one listing page, each list in page order.

    `dates` and `titles` give, per article URL, what the listing itself shows, when it
    shows it; `skipped` lists refused pagination traps with the reason.
    """

    articles: list[str] = field(default_factory=list)
    listings: list[str] = field(default_factory=list)
    other: list[str] = field(default_factory=list)
    feeds: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    dates: dict[str, datetime] = field(default_factory=dict)
    titles: dict[str, str] = field(default_factory=dict)

    def oldest_date(self) -> datetime | None:
        """The oldest article date on the page (for `--since`), comparing by calendar day."""
        return min(self.dates.values(), key=lambda d: d.date(), default=None)


def parse_html(html: str | bytes, headers: Mapping[str, str] | None = None) -> etree._Element | None:
    text = decode_html(html, headers).text if isinstance(html, bytes) else html
    if not text.strip():
        return None
    try:
        return lxml.html.document_fromstring(text)
    except (etree.ParserError, ValueError):
        return None


def discover(html: str | bytes, url: str, scope: Scope | None = None, *,
             settings: CrawlSettings | None = None, headers: Mapping[str, str] | None = None) -> Discovered:
    """Classify the links of listing page `url` (bytes are decoded with `headers`' charset hints).

    Articles and pagination may be anywhere on the site (`scope.site_wide()`); the
    section path (`scope.path_prefix`) marks its parents as navigation. Off-site links
    are dropped.
    """
    scope = scope or Scope.for_section(url)
    settings = settings or CrawlSettings()
    root = parse_html(html, headers)
    if root is None:
        return Discovered()
    for junk in root.xpath("//script | //style | //noscript | //template"):
        junk.drop_tree()
    links = extract_links(root, url)
    pages = find_pagination(root, url, links, settings.max_listing_pages)
    # Pagination may leave the section's path (`/sections/14/99/فن` → `/sections/14/100/فن`);
    # find_pagination has already tied each one to this page, so the site is the limit.
    site = scope.site_wide()
    listings = [u for u in pages.listings if in_scope(u, site)]
    paging = set(pages.listings) | {u for u, _ in pages.skipped}
    result = classify(root, [link for link in links if link.url not in paging], scope.path_prefix)
    articles = [link for link in result.articles if in_scope(link.url, site)]
    return Discovered(
        articles=[link.url for link in articles],
        listings=listings,
        other=[link.url for link in result.other if in_scope(link.url, site)],
        feeds=[canonicalize(urljoin(url, str(href))) for href in root.xpath(
            "//link[@rel='alternate'][@type=$a or @type=$b]/@href", a=_FEED_TYPES[0], b=_FEED_TYPES[1])],
        skipped=[(u, reason) for u, reason in pages.skipped if in_scope(u, site)],
        dates={link.url: when for link in articles
               if (when := block_date(result.blocks.get(link.url), link.url)) is not None},
        titles={link.url: link.text for link in articles if link.text},
    )
