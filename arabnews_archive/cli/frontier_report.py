"""What the frontier holds, for people and programs: counts per crawl, and the failures."""
from __future__ import annotations

from typing import Any

from arabnews_archive.crawl.discover.urls import canonicalize, display
from arabnews_archive.store.database import Database
from arabnews_archive.store.errors import ArchiveError
from arabnews_archive.store.frontier import STATES, all_crawls, counts, find_crawl, problems


def _crawls(database: Database, url: str | None) -> dict[int, Any]:
    with database.reading() as session:
        if url is None:
            return {c.id: c for c in all_crawls(session)}
        crawl = find_crawl(session, canonicalize(url))
        if crawl is None:
            raise ArchiveError(f"no crawl of {url} in this archive (start one with: arabnews crawl {url})")
        return {crawl.id: crawl}


def frontier_counts(database: Database, url: str | None = None) -> list[dict[str, Any]]:
    """One record per crawl and kind: the crawl's seed and state, and rows per frontier state."""
    crawls = _crawls(database, url)
    records: dict[tuple[int, str], dict[str, Any]] = {}
    with database.reading() as session:
        for crawl_id, kind, state, n in counts(session):
            if crawl_id not in crawls:
                continue
            crawl = crawls[crawl_id]
            record = records.setdefault((crawl_id, kind), {
                "crawl": crawl_id, "seed": display(crawl.seed_url), "crawl_state": crawl.state, "kind": kind,
                **{s: 0 for s in STATES}})
            record[state] = n
    return list(records.values())


def frontier_failures(database: Database, url: str | None = None) -> list[dict[str, Any]]:
    """Failed and skipped URLs with the reason and the number of requests made."""
    crawls = _crawls(database, url)
    with database.reading() as session:
        return [
            {"crawl": row.crawl_id, "kind": row.kind, "state": row.state, "reason": row.reason,
             "attempts": row.attempts, "url": display(row.url), "updated": row.updated_at}
            for crawl_id in crawls for row in problems(session, crawl_id)
        ]
