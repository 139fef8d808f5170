"""One page's outcome, written in one transaction: the raw response and the article (the
store's one write path, `store.pages.store_page`), the frontier row's new state and the
URLs the page led to.

A process killed at any moment therefore leaves each page either fully recorded or
still claimable (its lease runs out): never an article without its fetch, nor a page
marked done whose links were lost.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from arabnews_archive.crawl.discover.pagination import stop_paging
from arabnews_archive.crawl.discover.urls import canonicalize
from arabnews_archive.crawl.plan import Context, Plan
from arabnews_archive.fetch.result import FetchResult
from arabnews_archive.store.articles import Saved
from arabnews_archive.store.frontier import (
    DONE, LISTING, Claimed, NewUrl, adopt, enqueue, finish, settle, update_scope,
)
from arabnews_archive.store.pages import store_page
from arabnews_archive.store.watch import requeue


@dataclass(frozen=True)
class Stored:
    """What committing a page did, for progress and the summary."""

    kind: str
    state: str
    reason: str | None
    requested: bool  # False when the URL was refused before any request (robots.txt)
    not_modified: bool
    saved: Saved | None
    added: int  # URLs new to the frontier


def commit_page(session: Session, claimed: Claimed, result: FetchResult, plan: Plan, ctx: Context, owner: str,
                now: datetime) -> Stored:
    """Write `plan` for the claimed row in the caller's transaction, which must commit or roll
    back as a whole; raises `LeaseLost` if another worker has the row (roll back then)."""
    crawl_id = claimed.crawl_id
    page = store_page(session, result, plan.reading, packed=plan.body, story_text=plan.story_text)
    final = canonicalize(result.final_url)
    if page.fetch_id is not None and result.ok and final != claimed.url:
        settle(session, crawl_id, NewUrl(final, claimed.kind, claimed.depth, claimed.url, DONE,
                                         f"redirected from {claimed.url}"), page.fetch_id, now)
    added = enqueue(session, crawl_id, plan.found, now)
    reason = plan.reason
    if claimed.kind == LISTING and plan.state == DONE:
        reason, more = _paginate(session, crawl_id, claimed, plan, ctx, set(added), now)
        added += more
    if plan.article_paths:
        update_scope(session, crawl_id, article_paths=list(plan.article_paths))
    fresh = result.ok and not result.not_modified
    finish(session, claimed, owner, now, state=plan.state, reason=reason, attempts=result.attempts,
           fetch_id=page.fetch_id, etag=result.etag if fresh else None,
           last_modified=result.last_modified if fresh else None, next_attempt_at=plan.retry_at)
    return Stored(claimed.kind, plan.state, reason, bool(result.attempts), result.not_modified, page.saved, len(added))


def _paginate(session: Session, crawl_id: int, claimed: Claimed, plan: Plan, ctx: Context,
              added: set[str], now: datetime) -> tuple[str | None, list[str]]:
    """Follow the listing's next pages unless the walk should stop; returns (why not, pages added)."""
    if not plan.next_pages:
        return None, []
    depth = claimed.depth + 1
    known = [u for u in plan.section_articles if u not in added]
    new = len(plan.section_articles) - len(known) + adopt(session, crawl_id, known, claimed.url, depth)
    why = stop_paging(depth, new, plan.oldest, ctx.settings.max_listing_pages, ctx.settings.since)
    if why is not None:
        return why, []
    max_depth = ctx.settings.max_depth
    pages = [p for p in plan.next_pages if max_depth is None or p.depth <= max_depth]
    why = f"depth limit ({max_depth})" if len(pages) < len(plan.next_pages) else None
    if ctx.pass_started is not None:
        # A revisit walks back one page at a time while pages bring new articles, through
        # pages it knows: the pager's other numbers (new ones too, as the section grows)
        # would re-read the whole section.
        pages = pages[:1]
    added = enqueue(session, crawl_id, pages, now)
    if pages and ctx.pass_started is not None:
        added += requeue(session, crawl_id, [pages[0].url], now, before=ctx.pass_started)
    return why, added
