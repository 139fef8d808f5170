"""Why a crawl follows or skips each link of a listing page (`arabnews crawl --explain`):
the page fetched now, then read by `discover.listing.explain_links`."""
from __future__ import annotations

from arabnews_archive.crawl.discover.listing import Explanation, explain_links
from arabnews_archive.crawl.discover.urls import Scope
from arabnews_archive.crawl.engine import polite_fetcher
from arabnews_archive.crawl.settings import CrawlSettings


def explain_listing(url: str, settings: CrawlSettings | None = None) -> Explanation:
    """Fetch listing page `url` as a crawl started there would (robots.txt obeyed, the same
    user agent, `include`/`exclude` filters) and judge each of its links without storing
    anything: which are articles, which are pages of this listing, which are skipped, and
    on what evidence (`discover.listing.explain_links`)."""
    settings = settings or CrawlSettings()
    fetcher = polite_fetcher(settings.fetch)
    try:
        result = fetcher.fetch(url)
    finally:
        fetcher.close()
    if not result.ok:
        return Explanation(result.final_url, result.error, [])
    scope = Scope.for_section(url, settings.include, settings.exclude)
    return Explanation(result.final_url, None, explain_links(
        result.body, result.final_url, scope, settings=settings, headers=result.headers))
