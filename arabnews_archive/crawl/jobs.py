"""The crawls a process works on: queueing a crawl, and each crawl's planning context.

`arabnews crawl URL` opens (or joins) the crawl of URL with the settings given; a
worker (`arabnews worker`) takes rows of every crawl and rebuilds each crawl's scope
and limits from its `crawls` row, where the process that started it recorded them.
"""
from __future__ import annotations

import dataclasses
import threading
from collections.abc import Collection
from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session

from arabnews_archive.crawl.discover.urls import Scope
from arabnews_archive.crawl.leases import is_dead
from arabnews_archive.crawl.plan import Context
from arabnews_archive.crawl.settings import CrawlSettings
from arabnews_archive.fetch.policy import NetworkPolicy
from arabnews_archive.store.database import Database
from arabnews_archive.store.frontier import (
    ARTICLE, FAILED, FEED, LISTING, SITEMAP, SKIPPED, Claimed, NewUrl, enqueue, lease_owners, open_crawl,
    reap_expired, release, requeue_done, requeue_failed, waiting,
)
from arabnews_archive.store.models import Crawl
from arabnews_archive.store.watch import frontier_hashes, requeue, source_urls


def settings_record(settings: CrawlSettings) -> dict[str, object]:
    """What a crawl row keeps of the settings that started it (workers read it back)."""
    fetch = settings.fetch
    return {"user_agent": fetch.user_agent, "delay": fetch.delay, "max_pages": settings.max_pages,
            "max_depth": settings.max_depth, "since": settings.since.isoformat() if settings.since else None,
            "sitemaps": settings.sitemaps, "refresh": settings.refresh, "concurrency": fetch.concurrency,
            "max_sitemap_depth": settings.max_sitemap_depth,
            "allow_private_addresses": fetch.allow_private_addresses}


def queue_crawl(database: Database, seed_url: str, settings: CrawlSettings, now: datetime,
                owner: str | None = None) -> Context:
    """Open the crawl of the canonical `seed_url` (joining it if it exists) with its seed queued
    (again, if it failed before: a crawl has nothing to do without it), and with
    `retry_failed` every URL that failed; returns its context. `owner`: the process running
    it now (None: queued for workers)."""
    scope = Scope.for_section(seed_url, settings.include, settings.exclude)
    record = {"host": scope.host, "path_prefix": scope.path_prefix, "include": list(scope.include),
              "exclude": list(scope.exclude)}
    with database.writing() as session:
        crawl = open_crawl(session, seed_url, record, {**settings_record(settings), "owner": owner}, now)
        if waiting(session, [crawl.id]).empty:
            # Nothing left of the last run: this one re-reads the section's sources for what is new.
            sources = [url for url, _ in source_urls(session, crawl.id)]
            start_pass(session, crawl, sources, frontier_hashes(session, crawl.id, sources), now)
        enqueue(session, crawl.id, [NewUrl(seed_url, LISTING, 0)], now)
        requeue_failed(session, crawl.id, now, [seed_url], (FAILED, SKIPPED))
        if settings.retry_failed:
            requeue_failed(session, crawl.id, now)
        if settings.refresh:
            requeue_done(session, crawl.id, (LISTING, ARTICLE), now)
        policy = NetworkPolicy.for_seeds([seed_url], settings.fetch.allow_private_addresses)
        return Context(scope, settings, tuple(crawl.scope.get("article_paths", ())), crawl_id=crawl.id,
                       policy=policy, **revisit_pass(crawl))


def start_pass(session: Session, crawl: Crawl, sources: Collection[str], hashes: dict[str, str],
               now: datetime) -> list[str]:
    """Begin a revisit of the crawl: its `sources` queued again (conditional requests, their
    validators kept), the hash of each one's last body recorded for the planner; listing pages
    known from before the pass are walked again only while they bring new articles."""
    # A crawl's first run is no revisit: it follows every page number it finds.
    crawl.scope = {**crawl.scope, "pass_started": now.isoformat() if sources else None, "source_hashes": hashes}
    return requeue(session, crawl.id, sources, now)


def revisit_pass(crawl: Crawl) -> dict[str, Any]:
    """The `Context` fields of the crawl's current revisit pass."""
    started = crawl.scope.get("pass_started")
    return {"pass_started": datetime.fromisoformat(started) if started else None,
            "source_hashes": dict(crawl.scope.get("source_hashes", {}))}


def shown_state(crawl: Crawl, held_by: Collection[str]) -> str:
    """The crawl's state for people: a crawl left "running" by a process that died (kill -9, a
    crash) and whose rows no live process holds (`held_by`: owners of its leased rows) is
    "interrupted". Processes of other machines are taken to be alive."""
    if crawl.state != "running":
        return crawl.state
    owners = [o for o in (crawl.settings.get("owner"), *held_by) if o]
    return "interrupted" if owners and all(is_dead(o) for o in owners) else "running"


def release_dead(database: Database, crawl_ids: list[int] | None, now: datetime) -> None:
    """Hand back rows held by processes of this machine that are gone, and rows whose lease expired."""
    with database.writing() as session:
        release(session, [o for o in lease_owners(session, crawl_ids) if is_dead(o)], crawl_ids)
        reap_expired(session, crawl_ids, now)


def context_of(crawl: Crawl, settings: CrawlSettings) -> Context:
    """A crawl's context as its row records it; the rest stays this process's `settings`."""
    scope, record = crawl.scope, crawl.settings
    include, exclude = tuple(scope.get("include", ())), tuple(scope.get("exclude", ()))
    since = record.get("since")
    settings = dataclasses.replace(settings, max_depth=record.get("max_depth"), include=include, exclude=exclude,
                                   since=date.fromisoformat(since) if since else None,
                                   sitemaps=bool(record.get("sitemaps", True)),
                                   max_sitemap_depth=record.get("max_sitemap_depth", CrawlSettings.max_sitemap_depth))
    policy = NetworkPolicy.for_seeds([crawl.seed_url], bool(record.get("allow_private_addresses")))
    return Context(Scope(scope["host"], scope["path_prefix"], include, exclude), settings,
                   tuple(scope.get("article_paths", ())), crawl_id=crawl.id, policy=policy, **revisit_pass(crawl))


class Contexts:
    """Each crawl's context, for the rows this process claims.

    Article paths are learned from a crawl's first listing page, maybe by another
    process: a sitemap or feed row (they come after that page) reloads them if unknown.
    """

    def __init__(self, database: Database, settings: CrawlSettings, started: Context | None = None) -> None:
        self._database = database
        self._settings = settings
        self._known: dict[int, Context] = {started.crawl_id: started} if started else {}
        self._lock = threading.Lock()

    def get(self, row: Claimed) -> Context:
        with self._lock:
            ctx = self._known.get(row.crawl_id)
        if ctx is not None and (ctx.article_paths or row.kind not in (SITEMAP, FEED)):
            return ctx
        with self._database.reading() as session:
            crawl = session.get(Crawl, row.crawl_id)
            assert crawl is not None, f"frontier row {row.id} of a missing crawl"
            if ctx is None:
                ctx = context_of(crawl, self._settings)
            else:  # only the paths may have been learned since (the policy's DNS lookup is not redone)
                ctx = dataclasses.replace(ctx, article_paths=tuple(crawl.scope.get("article_paths", ())))
        with self._lock:
            self._known[row.crawl_id] = ctx
        return ctx

    def learned(self, crawl_id: int, article_paths: tuple[str, ...]) -> None:
        with self._lock:
            ctx = self._known.get(crawl_id)
            if ctx is not None:
                self._known[crawl_id] = dataclasses.replace(ctx, article_paths=article_paths)
