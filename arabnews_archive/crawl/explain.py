"""Why a crawl follows or skips each link of a listing page (`arabnews crawl --explain`)."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from arabnews_archive.crawl.discovery import LinkReport, explain_links
from arabnews_archive.crawl.engine import polite_fetcher
from arabnews_archive.crawl.settings import CrawlSettings
from arabnews_archive.crawl.urls import Scope


@dataclass(frozen=True)
class Explanation:
    """A listing page as fetched, and every URL it links to with the crawl's verdict on it."""

    url: str  # the page's final URL, after redirects
    error: str | None  # why the page could not be read; `links` is empty then
    links: list[LinkReport]

    def counts(self) -> Counter[str]:
        """How many URLs got each verdict."""
        return Counter(report.verdict for report in self.links)


def explain_listing(url: str, settings: CrawlSettings | None = None) -> Explanation:
    """Fetch listing page `url` as a crawl started there would (robots.txt obeyed, the same
    user agent, `include`/`exclude` filters) and judge each of its links without storing
    anything: which are articles, which are pages of this listing, which are skipped, and
    on what evidence (`discovery.explain_links`)."""
    settings = settings or CrawlSettings()
    fetcher = polite_fetcher(settings)
    try:
        result = fetcher.fetch(url)
    finally:
        fetcher.close()
    if not result.ok:
        return Explanation(result.final_url, result.error, [])
    scope = Scope.for_section(url, settings.include, settings.exclude)
    return Explanation(result.final_url, None, explain_links(
        result.body, result.final_url, scope, settings=settings, headers=result.headers))
