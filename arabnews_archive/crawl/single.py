"""Fetching single pages into the archive (`arabnews fetch`): politely, one transaction each."""
from __future__ import annotations

from collections.abc import Iterable

from arabnews_archive.crawl.engine import polite_fetcher
from arabnews_archive.crawl.plan import read_page
from arabnews_archive.fetch.settings import FetchSettings
from arabnews_archive.store.database import Database
from arabnews_archive.store.pages import PageOutcome, store_page


def fetch_pages(database: Database, urls: Iterable[str], settings: FetchSettings | None = None) -> list[PageOutcome]:
    """Fetch, read and store each URL as a crawl would; outcomes in the order given.

    Hosts are fetched in parallel (each host's URLs in order, spaced by its delay);
    robots.txt is obeyed. Failures are stored as fetch rows with their error too.
    """
    urls = list(dict.fromkeys(urls))
    fetcher = polite_fetcher(settings or FetchSettings())
    pages: dict[str, PageOutcome] = {}
    try:
        for result in fetcher.fetch_many(urls):
            reading = read_page(result)
            with database.writing() as session:
                pages[result.requested_url] = store_page(session, result, reading)
    finally:
        fetcher.close()
    return [pages[url] for url in urls]
