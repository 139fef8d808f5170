"""Leases in the frontier: a row a worker holds is its own until it records the outcome."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import sqlalchemy as sa

from arabnews_archive.archive import Archive
from arabnews_archive.fetch.result import FetchResult
from arabnews_archive.store.frontier import (
    ARTICLE, DONE, NewUrl, claim, enqueue, finish, open_crawl, settle,
)
from arabnews_archive.store.models import FrontierRow
from arabnews_archive.store.pages import store_page

SEED = "http://news.example/syria/"
TARGET = "http://news.example/news/1"
REDIRECT = "http://news.example/breaking/1"


def response(session: sa.orm.Session, requested: str, now: datetime) -> int:
    """A response to `requested` that ended at TARGET, stored as every page is; its fetch id."""
    fetch_id = store_page(session, FetchResult(requested, TARGET, 200, {}, b"<html></html>", now), None).fetch_id
    assert fetch_id is not None
    return fetch_id


def test_a_redirect_ending_at_a_row_in_progress_leaves_that_row_to_its_worker(archive: Archive) -> None:
    """A ticker link redirects to an article the same worker has claimed: storing the redirect
    must not take the article's row, or the article's own outcome is refused as 'lease lost'."""
    now = datetime.now(timezone.utc)
    owner = "test-host:1:abcd"
    with archive.database.writing() as session:
        crawl_id = open_crawl(session, SEED, {"host": "news.example", "path_prefix": "/syria/"}, {}, now).id
        enqueue(session, crawl_id, [NewUrl(REDIRECT, ARTICLE, 1), NewUrl(TARGET, ARTICLE, 1)], now)
        redirect_row, target_row = claim(session, [crawl_id], owner, now, timedelta(minutes=1), limit=2)
    with archive.database.writing() as session:
        fetch_id = response(session, REDIRECT, now)
        settle(session, crawl_id, NewUrl(TARGET, ARTICLE, 1, REDIRECT, DONE, f"redirected from {REDIRECT}"),
               fetch_id, now)
        finish(session, redirect_row, owner, now, state=DONE, attempts=1, fetch_id=fetch_id)
    with archive.database.writing() as session:
        own = response(session, TARGET, now)
        finish(session, target_row, owner, now, state=DONE, attempts=1, fetch_id=own)  # no LeaseLost
    with archive.database.reading() as session:
        row = session.scalars(sa.select(FrontierRow).where(FrontierRow.url == TARGET)).one()
    assert (row.state, row.fetch_id, row.lease_owner) == (DONE, own, None)


def test_a_redirect_ending_at_a_queued_row_marks_it_done(archive: Archive) -> None:
    """The target not yet claimed is settled by the redirect's fetch: it is not fetched again."""
    now = datetime.now(timezone.utc)
    with archive.database.writing() as session:
        crawl_id = open_crawl(session, SEED, {"host": "news.example", "path_prefix": "/syria/"}, {}, now).id
        enqueue(session, crawl_id, [NewUrl(TARGET, ARTICLE, 1)], now)
        fetch_id = response(session, REDIRECT, now)
        settle(session, crawl_id, NewUrl(TARGET, ARTICLE, 1, REDIRECT, DONE, "redirected"), fetch_id, now)
    with archive.database.reading() as session:
        row = session.scalars(sa.select(FrontierRow).where(FrontierRow.url == TARGET)).one()
    assert (row.state, row.fetch_id) == (DONE, fetch_id)
