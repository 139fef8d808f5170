"""Watching sections: visit each one's sources when they are due, fetch only what is new.

A visit is a revisit pass of the section's crawl (`crawl.jobs.start_pass`) run by the crawl
engine itself, so politeness, robots.txt, leases and the one-transaction-per-page rule are
the crawl's: the due sources are queued again (conditional requests), the engine reads them,
walks the listing back while it brings new articles and fetches the articles it has not
stored. Then each source's outcome sets its next visit (`next_interval`), committed with it.
"""
from __future__ import annotations

import re
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from arabnews_archive.crawl.discover.feeds import update_period
from arabnews_archive.crawl.engine import STOPPED, Crawler, seed, utcnow
from arabnews_archive.crawl.jobs import start_pass
from arabnews_archive.crawl.leases import is_dead, new_owner, retire
from arabnews_archive.crawl.settings import CrawlSettings, WatchSettings
from arabnews_archive.store.database import Database
from arabnews_archive.store.frontier import FAILED, FEED, find_crawl, waiting
from arabnews_archive.store.models import Crawl, Fetch
from arabnews_archive.store.watch import (
    Source, add_sources, body_of, claim_due, new_articles, next_due, record_visit, release_sources, renew_sources, source_owners,
    source_urls, unwatch, visited_row, watched,
)

_MAX_AGE = re.compile(r"max-age\s*=\s*(\d+)", re.I)


@dataclass(frozen=True)
class Visit:
    """One source's visit, as the pass's log line tells it."""

    seed_url: str
    url: str
    kind: str
    new: int
    note: str  # what the visit found, or why it found nothing new
    interval: float
    next_visit: datetime
    failed: bool = False

    def line(self, now: datetime) -> str:
        wait = duration((self.next_visit - now).total_seconds())
        return f"{self.url} ({self.kind}): {self.note}; next visit in {wait} (interval {duration(self.interval)})"


def duration(seconds: float) -> str:
    """`45s`, `12m`, `3h05m` for people."""
    seconds = max(0, round(seconds))
    if seconds < 120:
        return f"{seconds}s"
    if seconds < 7200:
        return f"{round(seconds / 60)}m"
    hours, minutes = divmod(round(seconds / 60), 60)
    return f"{hours}h{minutes:02d}m"


def next_interval(interval: float, new: int, lo: float, hi: float) -> float:
    """Media Cloud's rule: a visit that finds new articles halves the interval (the source
    publishes faster than we look), one that finds none lengthens it by half."""
    return min(hi, max(lo, interval / 2 if new else interval * 1.5))


def watch(database: Database, urls: Sequence[str], settings: CrawlSettings, watch: WatchSettings, *,
          once: bool = False, stop: threading.Event | None = None,
          log: Callable[[str], None] = print) -> list[Visit]:
    """Watch the sections at `urls` (added to those already watched), and visit every watched
    source when it is due until `stop` is set; `once`: one pass over the sources due now (for
    cron and systemd timers). Each visit is logged as one line; returns the visits made."""
    stop = stop or threading.Event()
    add(database, urls, settings, watch, stop=stop, log=log)
    visits: list[Visit] = []
    while not stop.is_set():
        visits += visit_due(database, settings, stop=stop, log=log)
        if once:
            break
        with database.reading() as session:
            due = next_due(session)
        wait = watch.poll if due is None else (due - utcnow()).total_seconds()
        # At least a second: a source due now but held by another process is not ours to spin on.
        stop.wait(min(watch.poll, max(1.0, wait)))
    return visits


def add(database: Database, urls: Sequence[str], settings: CrawlSettings, watch: WatchSettings, *,
        stop: threading.Event, log: Callable[[str], None]) -> None:
    """Watch these sections: each one's crawl is run (or resumed) to the end first, then its
    sources join the schedule, due one `min_interval` later."""
    for url in map(seed, urls):
        with database.reading() as session:
            crawl = find_crawl(session, url)
            pending = crawl is None or not waiting(session, [crawl.id]).empty
        if pending:
            summary = Crawler(database, url, settings, stop=stop).run()
            log(f"{url}: crawled ({summary.state}), {summary.articles.get('new', 0)} new articles, {summary.pages} pages")
            if summary.state == STOPPED or stop.is_set():
                return
        with database.writing() as session:
            crawl = find_crawl(session, url)
            assert crawl is not None
            first = utcnow() + timedelta(seconds=watch.min_interval if pending else 0)
            add_sources(session, crawl.id, source_urls(session, crawl.id), watch.min_interval, watch.max_interval,
                        first)


def remove(database: Database, urls: Sequence[str]) -> int:
    """Stop watching these sections; returns how many sources were dropped."""
    dropped = 0
    with database.writing() as session:
        for url in map(seed, urls):
            crawl = find_crawl(session, url)
            dropped += unwatch(session, crawl.id) if crawl is not None else 0
    return dropped


def visit_due(database: Database, settings: CrawlSettings, *, stop: threading.Event,
              log: Callable[[str], None]) -> list[Visit]:
    """One pass: visit every source due now, section by section; returns the visits made."""
    owner = new_owner()
    lease = timedelta(seconds=settings.lease)
    try:
        with database.writing() as session:
            release_sources(session, [o for o in source_owners(session) if is_dead(o)])
        visits: list[Visit] = []
        while not stop.is_set():
            with database.writing() as session:
                due = claim_due(session, owner, utcnow(), lease)
            if not due:
                break
            visits += _visit(database, settings, due[0].crawl_id, due, owner, stop, log)
        return visits
    finally:
        with database.writing() as session:
            release_sources(session, [owner])  # those not visited (a stop) stay due
        retire(owner)


def _visit(database: Database, settings: CrawlSettings, crawl_id: int, sources: list[Source], owner: str,
           stop: threading.Event, log: Callable[[str], None]) -> list[Visit]:
    started = utcnow()
    with database.writing() as session:
        crawl = session.get(Crawl, crawl_id)
        assert crawl is not None
        seed_url = crawl.seed_url
        start_pass(session, crawl, [s.url for s in sources],
                   {s.url: s.content_hash for s in sources if s.content_hash}, started)
    renewed = [started]

    def renew(_snapshot: object) -> None:
        # A long walk must not let the sources' leases lapse: another process would visit them too.
        now = utcnow()
        if (now - renewed[0]).total_seconds() > settings.lease / 3:
            renewed[0] = now
            with database.writing() as session:
                renew_sources(session, owner, now, timedelta(seconds=settings.lease))

    summary = Crawler(database, None, settings, stop=stop, progress=renew, crawl_id=crawl_id).run()
    if summary.state == STOPPED:
        return []  # left due, its frontier rows queued: the next pass resumes the visit
    visits = []
    with database.writing() as session:
        now = utcnow()
        for source in sources:
            visit = _outcome(session, seed_url, source, started, now)
            if record_visit(session, source, owner, interval=visit.interval, next_visit=visit.next_visit,
                            visited=now, new=visit.new, failed=visit.failed, note=visit.note,
                            content_hash=_digest(session, crawl_id, source.url)):
                visits.append(visit)
    for visit in visits:
        log(visit.line(now))
    return visits


def _digest(session: Session, crawl_id: int, url: str) -> str | None:
    _row, fetch = visited_row(session, crawl_id, url)
    return fetch.content_hash if fetch is not None else None


def _outcome(session: Session, seed_url: str, source: Source, started: datetime, now: datetime) -> Visit:
    """What the visit of `source` found, why nothing if nothing, and when to come back."""
    row, fetch = visited_row(session, source.crawl_id, source.url)
    lo, hi = source.min_interval, source.max_interval
    if row is None or row.state == FAILED or (fetch is not None and fetch.error):
        why = (row.reason if row is not None else None) or (fetch.error if fetch else None) or "not fetched"
        wait = min(hi, max(lo, source.interval) * 2 ** (source.failures + 1))
        note = f"failed ({why}), failure {source.failures + 1} in a row"
        return Visit(seed_url, source.url, source.kind, 0, note, source.interval, now + timedelta(seconds=wait),
                     failed=True)
    new = new_articles(session, source.crawl_id, source.url, source.kind, started)
    interval = next_interval(source.interval, new, lo, hi)
    if new:
        note = f"{new} new article{'s' if new != 1 else ''}"
    elif fetch is not None and fetch.not_modified:
        note = "nothing new: unchanged (304 Not Modified)"
    elif fetch is not None and fetch.content_hash and fetch.content_hash == source.content_hash:
        note = "nothing new: same content as the last visit (same hash)"
    else:
        note = "nothing new: every article it links to is already known"
    hint = _asked_wait(session, fetch, source)
    wait = min(hi, max(interval, hint or 0))
    return Visit(seed_url, source.url, source.kind, new, note, interval, now + timedelta(seconds=wait))


def _asked_wait(session: Session, fetch: Fetch | None, source: Source) -> float | None:
    """The wait the server asks for: Cache-Control max-age, a feed's ttl or sy:updatePeriod
    (read from the body it last sent, when it now answered 304)."""
    if fetch is None:
        return None
    headers = {k.lower(): v for k, v in (fetch.headers or {}).items()}
    match = _MAX_AGE.search(headers.get("cache-control", ""))
    asked = [float(match.group(1))] if match else []
    if source.kind == FEED:
        digest = fetch.content_hash or source.content_hash
        body = body_of(session, digest) if digest else None
        period = update_period(body) if body else None
        asked += [period] if period else []
    return max(asked, default=None)


SCHEDULE_COLUMNS = ("section", "url", "kind", "interval", "next_visit", "last_visit", "last_new", "failures", "note")


def schedule(database: Database) -> list[dict[str, object]]:
    """Every watched source: its interval (seconds), next visit, last visit and what it found,
    the last visit that found a new article, and its failures in a row."""
    with database.reading() as session:
        return [{"section": seed_url, "url": w.url, "kind": w.kind, "interval": w.interval,
                 "next_visit": w.next_visit, "last_visit": w.last_visit, "last_new": w.last_new,
                 "failures": w.failures, "note": w.note} for w, seed_url in watched(session)]
