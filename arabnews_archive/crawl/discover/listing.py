"""What a listing page links to: articles, further listing pages, and the rest; and why
(`explain_links`, the reading behind `arabnews crawl --explain`)."""
from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

import lxml.html
from lxml import etree

from arabnews_archive.crawl.discover.classify import Classified, Verdict, classify
from arabnews_archive.crawl.discover.dates import block_date
from arabnews_archive.crawl.discover.links import Link, extract_links
from arabnews_archive.crawl.discover.pagination import Pagination, find_pagination
from arabnews_archive.crawl.discover.urls import Scope, absolute, canonicalize, in_scope, same_site
from arabnews_archive.crawl.settings import CrawlSettings
from arabnews_archive.parse.decode import decode_html

_FEED_TYPES = ("application/rss+xml", "application/atom+xml")


@dataclass(frozen=True)
class Discovered:
    """Canonical, in-scope URLs found on one listing page, each list in page order.

    `articles` are the listing's own; `side_articles` are linked only from the page
    chrome (menus, sidebars, footers: latest news, most read). `dates` and `titles` give,
    per article URL, what the listing itself shows, when it shows it; `skipped` lists
    refused pagination traps with the reason; `page_numbers` the number of each listing
    page that has one (in its URL, or on its pager link: `/sections/14/100/فن` is "100").
    `feeds` are the feeds the page announces, wherever they are: the crawl judges them.
    """

    articles: list[str] = field(default_factory=list)
    side_articles: list[str] = field(default_factory=list)
    listings: list[str] = field(default_factory=list)
    other: list[str] = field(default_factory=list)
    feeds: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    dates: dict[str, datetime] = field(default_factory=dict)
    titles: dict[str, str] = field(default_factory=dict)
    page_numbers: dict[str, int] = field(default_factory=dict)

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


@dataclass(frozen=True)
class _Reading:
    """One listing page read: its links, pagination and link verdicts."""

    root: etree._Element
    links: list[Link]
    pages: Pagination
    result: Classified
    site: Scope  # where articles and pagination may be: the whole site, with the crawl's filters


def _read(html: str | bytes, url: str, scope: Scope, settings: CrawlSettings,
          headers: Mapping[str, str] | None) -> _Reading | None:
    root = parse_html(html, headers)
    if root is None:
        return None
    for junk in root.xpath("//script | //style | //noscript | //template"):
        junk.drop_tree()
    links = extract_links(root, url)
    pages = find_pagination(root, url, links, settings.max_listing_pages)
    paging = set(pages.listings) | {u for u, _ in pages.skipped}
    result = classify(root, [link for link in links if link.url not in paging and same_site(link.url, url)],
                      scope.path_prefix)
    # Pagination may leave the section's path (`/sections/14/99/فن` → `/sections/14/100/فن`);
    # find_pagination has already tied each one to this page, so the site is the limit.
    return _Reading(root, links, pages, result, scope.site_wide())


def discover(html: str | bytes, url: str, scope: Scope | None = None, *,
             settings: CrawlSettings | None = None, headers: Mapping[str, str] | None = None) -> Discovered:
    """Classify the links of listing page `url` (bytes are decoded with `headers`' charset hints).

    Articles and pagination may be anywhere on the site (`scope.site_wide()`); the
    section path (`scope.path_prefix`) marks its parents as navigation. Off-site links
    are dropped.
    """
    scope = scope or Scope.for_section(url)
    reading = _read(html, url, scope, settings or CrawlSettings(), headers)
    if reading is None:
        return Discovered()
    site, result = reading.site, reading.result
    articles = [v for v in result.articles if in_scope(v.url, site)]
    return Discovered(
        articles=[v.url for v in articles],
        side_articles=[v.url for v in result.side_articles if in_scope(v.url, site)],
        listings=[u for u in reading.pages.listings if in_scope(u, site)],
        other=[v.url for v in result.verdicts if not v.article and in_scope(v.url, site)],
        feeds=[feed for href in reading.root.xpath("//link[@rel='alternate'][@type=$a or @type=$b]/@href",
                                                    a=_FEED_TYPES[0], b=_FEED_TYPES[1])
               if (feed := absolute(url, str(href))) is not None],
        skipped=[(u, reason) for u, reason in reading.pages.skipped if in_scope(u, site)],
        dates={v.url: when for v in articles if (when := block_date(result.blocks.get(v.url), v.url)) is not None},
        titles={v.url: v.text for v in articles if v.text},
        page_numbers=reading.pages.numbers,
    )


ARTICLE, SIDE_ARTICLE, NEXT_PAGE, REFUSED, NOT_FOLLOWED, FILTERED, OFF_SITE = (
    "article", "side article", "listing page", "refused", "not followed", "filtered out", "off-site")


@dataclass(frozen=True)
class LinkReport:
    """One URL of a listing page as the crawl reads it: what it does with it, and why."""

    url: str
    text: str
    verdict: str  # ARTICLE, SIDE_ARTICLE and NEXT_PAGE are followed; the others are not
    evidence: tuple[str, ...]


@dataclass(frozen=True)
class Explanation:
    """A listing page as fetched, and every URL it links to with the crawl's verdict on it."""

    url: str  # the page's final URL, after redirects
    error: str | None  # why the page could not be read; `links` is empty then
    links: list[LinkReport]

    def counts(self) -> Counter[str]:
        """How many URLs got each verdict."""
        return Counter(report.verdict for report in self.links)


def explain_links(html: str | bytes, url: str, scope: Scope | None = None, *,
                  settings: CrawlSettings | None = None, headers: Mapping[str, str] | None = None) -> list[LinkReport]:
    """Every URL listing page `url` links to, in page order, with the verdict `discover` reaches
    on it and the evidence: why a link was followed as an article or a page of the listing,
    or skipped."""
    scope = scope or Scope.for_section(url)
    reading = _read(html, url, scope, settings or CrawlSettings(), headers)
    if reading is None:
        return []
    texts: dict[str, str] = {}  # each URL's longest text, in page order
    for link in reading.links:
        texts[link.url] = max(texts.get(link.url, ""), link.text, key=len)
    for page in reading.pages.reasons:  # a `<link rel=next>` in the head has no text
        texts.setdefault(page, "")
    here = canonicalize(url)
    verdicts = {v.url: v for v in reading.result.verdicts}
    refused = dict(reading.pages.skipped)
    reports = []
    for link_url, text in texts.items():
        if link_url == here:
            continue
        report = _report(link_url, text, url, reading.pages, refused, verdicts.get(link_url))
        if report.verdict in (ARTICLE, SIDE_ARTICLE, NEXT_PAGE) and not in_scope(link_url, reading.site):
            report = LinkReport(link_url, text, FILTERED, report.evidence + ("excluded by --include/--exclude",))
        reports.append(report)
    return reports


def _report(link_url: str, text: str, page_url: str, pages: Pagination, refused: dict[str, str],
            verdict: Verdict | None) -> LinkReport:
    if not same_site(link_url, page_url):
        return LinkReport(link_url, text, OFF_SITE, ())
    if link_url in pages.reasons:
        why = (pages.reasons[link_url], refused.get(link_url, ""))
        return LinkReport(link_url, text, REFUSED if link_url in refused else NEXT_PAGE, tuple(w for w in why if w))
    assert verdict is not None, "every same-site link that is no page of the listing is classified"
    evidence = verdict.evidence + ((pages.declined[link_url],) if link_url in pages.declined else ())
    followed = SIDE_ARTICLE if verdict.side else ARTICLE
    return LinkReport(link_url, text, followed if verdict.article else NOT_FOLLOWED, evidence)
