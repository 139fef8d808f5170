"""What a fetched page means for the crawl, worked out before any database write.

Parsing and link discovery are the slow, CPU-bound part of a page; doing them here,
outside the page's transaction, keeps SQLite's write lock short. The pipeline then
applies the plan atomically.
"""
from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from arabnews_archive.article import Article
from arabnews_archive.crawl.discover.dates import before
from arabnews_archive.crawl.discover.feeds import parse_feed
from arabnews_archive.crawl.discover.listing import discover
from arabnews_archive.crawl.discover.sitemaps import parse_sitemap
from arabnews_archive.crawl.discover.urls import Scope, canonicalize, in_scope
from arabnews_archive.crawl.settings import CrawlSettings
from arabnews_archive.fetch.policy import NetworkPolicy
from arabnews_archive.fetch.polite_fetcher import DISALLOWED, REDIRECT_DISALLOWED
from arabnews_archive.fetch.result import FetchResult
from arabnews_archive.parse import NotAnArticle
from arabnews_archive.resemblance import Fingerprint, fingerprint
from arabnews_archive.store.fetches import PackedBody, pack_body
from arabnews_archive.store.frontier import (
    ARTICLE, DONE, FAILED, FEED, LISTING, QUEUED, SITEMAP, SKIPPED, Claimed, NewUrl,
)

OFF_SITE = "not on the crawled site"
# A path segment holding at least this share of a section page's articles is where the
# section keeps them (`/news/`, arabstoday's `/615/`): sitemap and feed entries there count.
_ARTICLE_PATH_SHARE = 0.25


@dataclass(frozen=True)
class Context:
    """What planning needs besides the page: the crawl's scope, settings and learned paths;
    and the network policy the crawl's fetches are held to."""

    scope: Scope
    settings: CrawlSettings
    article_paths: tuple[str, ...] = ()
    site_sitemaps: tuple[str, ...] = ()  # robots.txt Sitemap: lines and /sitemap.xml
    crawl_id: int = 0
    policy: NetworkPolicy = NetworkPolicy()
    # A revisit pass (a crawl run again, a watch visit): when it began, and the hash of each
    # source's body at the last visit. A page brings nothing new if its bytes are the same.
    pass_started: datetime | None = None
    source_hashes: dict[str, str] = field(default_factory=dict)


@dataclass
class Plan:
    """The outcome of one page and the URLs it leads to."""

    state: str
    reason: str | None = None
    # An article row's page as read (`read_page`); None for other kinds and failures.
    reading: Article | NotAnArticle | None = None
    found: list[NewUrl] = field(default_factory=list)
    # Listing pages only: their article links (to count the new ones) and the pages
    # after them, followed unless `stop_paging` says otherwise.
    section_articles: list[str] = field(default_factory=list)
    next_pages: list[NewUrl] = field(default_factory=list)
    oldest: datetime | None = None
    article_paths: tuple[str, ...] | None = None
    retry_at: datetime | None = None
    body: PackedBody | None = None  # the response's body, hashed and compressed for storing
    story_text: Fingerprint | None = None  # an article's story text, fingerprinted for its story


def first_segment(url: str) -> str | None:
    """`/news/` for `http://host/news/123/slug`; None for one-segment paths."""
    segments = [s for s in urlsplit(url).path.split("/") if s]
    return f"/{segments[0]}/" if len(segments) >= 2 else None


def learn_article_paths(urls: list[str]) -> tuple[str, ...]:
    counts = Counter(seg for seg in map(first_segment, urls) if seg)
    return tuple(sorted(seg for seg, n in counts.items() if n >= _ARTICLE_PATH_SHARE * len(urls)))


def in_section(url: str, ctx: Context) -> bool:
    """A sitemap or feed entry belongs to the section: under its path, or where its articles live."""
    return in_scope(url, ctx.scope) or (
        first_segment(url) in ctx.article_paths and in_scope(url, ctx.scope.site_wide()))


def plan_page(claimed: Claimed, result: FetchResult, ctx: Context, now: datetime) -> Plan:
    """What the page means for the crawl. CPU-bound (parsing): a crawl runs it in its parser
    processes (`pool`), so every argument and the plan pickle."""
    if result.error in (DISALLOWED, REDIRECT_DISALLOWED):
        return Plan(SKIPPED, result.error)
    if result.error is not None:
        if result.retryable and claimed.attempts + result.attempts < ctx.settings.max_attempts:
            return Plan(QUEUED, result.error, retry_at=now + timedelta(seconds=ctx.settings.retry_wait))
        return Plan(FAILED, result.error)
    if result.not_modified:
        return Plan(DONE)
    body = pack_body(result.body)  # CPU work too: done where the parsing is
    if claimed.kind != ARTICLE and ctx.source_hashes.get(claimed.url) == body.digest:
        return Plan(DONE, body=body)  # the same links as last time, all known: nothing to parse
    planners = {LISTING: _listing, SITEMAP: _sitemap, FEED: _feed, ARTICLE: _article}
    plan = planners[claimed.kind](claimed, result, ctx)
    plan.body = body
    return plan


def _listing(claimed: Claimed, result: FetchResult, ctx: Context) -> Plan:
    found = discover(result.body, result.final_url, ctx.scope, settings=ctx.settings, headers=result.headers)
    depth = claimed.depth + 1
    # Side blocks (latest, most read) are fetched too, but only the listing's own list
    # says whether paging further back still brings new articles.
    plan = Plan(DONE, section_articles=found.articles, oldest=found.oldest_date())
    plan.found = [NewUrl(u, ARTICLE, depth, claimed.url) for u in found.articles + found.side_articles]
    plan.found += [NewUrl(u, LISTING, depth, claimed.url, SKIPPED, why) for u, why in found.skipped]
    # A page number says how deep a page is even when page 1 links straight to it.
    plan.next_pages = [NewUrl(u, LISTING, max(depth, found.page_numbers.get(u, 0) - 1), claimed.url)
                       for u in found.listings]
    if claimed.depth == 0:
        plan.article_paths = learn_article_paths(found.articles)
        if ctx.settings.sitemaps:
            plan.found += _on_site(found.feeds, FEED, depth, claimed.url, ctx)
            plan.found += _on_site(ctx.site_sitemaps, SITEMAP, depth, claimed.url, ctx)
    return plan


def _on_site(urls: Iterable[str], kind: str, depth: int, found_on: str, ctx: Context) -> list[NewUrl]:
    """Feeds and sitemaps to read; those of other sites (robots.txt and a page's `<link>` can
    name any host) are recorded as skipped, never fetched."""
    site = ctx.scope.site_wide()
    return [NewUrl(u, kind, depth, found_on) if in_scope(u, site)
            else NewUrl(u, kind, depth, found_on, SKIPPED, OFF_SITE) for u in urls]


def _entries(urls: Iterable[tuple[str, datetime | None]], ctx: Context, claimed: Claimed) -> list[NewUrl]:
    since = ctx.settings.since
    return [NewUrl(u, ARTICLE, claimed.depth + 1, claimed.url) for u, when in urls
            if in_section(u, ctx) and not (since and before(when, since))]


def _sitemap(claimed: Claimed, result: FetchResult, ctx: Context) -> Plan:
    sitemap = parse_sitemap(result.body, result.final_url)
    since = ctx.settings.since
    site = ctx.scope.site_wide()
    children = [NewUrl(e.url, SITEMAP, claimed.depth + 1, claimed.url) for e in sitemap.sitemaps
                if in_scope(e.url, site) and not (since and before(e.date, since))]
    # The site's own sitemaps sit at depth 1 (found on the seed page): an index at depth d is
    # d - 1 levels below them, its children d.
    limit = ctx.settings.max_sitemap_depth
    if claimed.depth > limit:
        reason = f"sitemap index deeper than {limit} levels"
        children = [dataclasses.replace(child, state=SKIPPED, reason=reason) for child in children]
    return Plan(DONE, found=children + _entries(((e.url, e.date) for e in sitemap.entries), ctx, claimed))


def _feed(claimed: Claimed, result: FetchResult, ctx: Context) -> Plan:
    items = parse_feed(result.body, result.final_url)
    return Plan(DONE, found=_entries(((i.url, i.published) for i in items), ctx, claimed))


def read_page(result: FetchResult) -> Article | NotAnArticle | None:
    """The page read by the one rule (`FetchResult.read`) under its canonical URL: the
    address a crawl keys it by, tracking parameters dropped."""
    return result.read(canonicalize(result.final_url))


def _article(claimed: Claimed, result: FetchResult, ctx: Context) -> Plan:
    # The story's own links ("اقرأ أيضا", related) lead out of the section: not followed.
    reading = read_page(result)
    if isinstance(reading, Article):
        return Plan(DONE, reading=reading, story_text=fingerprint(reading.paragraphs))
    return Plan(SKIPPED, str(reading), reading=reading)
