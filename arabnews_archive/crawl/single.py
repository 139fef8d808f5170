"""Fetching single pages into the archive (`arabnews fetch`): politely, one transaction each."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from arabnews_archive.article import Article
from arabnews_archive.crawl.engine import polite_fetcher
from arabnews_archive.crawl.pipeline import record_fetch
from arabnews_archive.crawl.plan import parse_story
from arabnews_archive.fetch.settings import FetchSettings
from arabnews_archive.store.articles import save_article
from arabnews_archive.store.database import Database


@dataclass(frozen=True)
class FetchedPage:
    """One requested URL: its stored fetch, and its article (with id) or why there is none."""

    url: str
    fetch_id: int | None  # None when robots.txt forbade the request
    article: Article | None = None
    saved: str | None = None  # "new", "changed", "unchanged", "older"
    error: str | None = None


def fetch_pages(database: Database, urls: Iterable[str], settings: FetchSettings | None = None) -> list[FetchedPage]:
    """Fetch, store, parse and save each URL; results in the order given.

    Hosts are fetched in parallel (each host's URLs in order, spaced by its delay);
    robots.txt is obeyed. Failures are stored as fetch rows with their error too.
    """
    urls = list(dict.fromkeys(urls))
    fetcher = polite_fetcher(settings or FetchSettings())
    pages: dict[str, FetchedPage] = {}
    try:
        for result in fetcher.fetch_many(urls):
            article, why = parse_story(result) if result.ok else (None, result.error)
            with database.writing() as session:
                fetch = record_fetch(session, result) if result.attempts else None
                if article is None or fetch is None:
                    pages[result.requested_url] = FetchedPage(result.requested_url, fetch and fetch.id, error=why)
                    continue
                article_id, saved = save_article(session, article, fetch)
                pages[result.requested_url] = FetchedPage(
                    result.requested_url, fetch.id, article.replace(id=article_id), saved.value)
    finally:
        fetcher.close()
    return [pages[url] for url in urls]
