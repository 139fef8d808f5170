"""Counting a crawl run as it goes, and what it did in the end."""
from __future__ import annotations

import threading
import time
from collections import Counter
from dataclasses import dataclass

from arabnews_archive.crawl.pipeline import Stored
from arabnews_archive.store.articles import Saved
from arabnews_archive.store.frontier import FAILED, QUEUED, SKIPPED, Waiting


@dataclass(frozen=True)
class Snapshot:
    """Running totals at one moment, for the progress display."""

    pages: int  # requests made for frontier URLs (refused ones excluded)
    articles: int  # new or changed articles stored
    errors: int
    queued: int  # URLs added this run and not yet taken (an estimate, for the display)
    elapsed: float
    limit: int | None
    # Set while nothing can be fetched now: what the run waits for ("retry": URLs that failed
    # for a passing reason, due again later; "other processes": URLs another process holds),
    # and the seconds until the next is due, when known.
    waiting_for: str | None = None
    wait: float | None = None

    @property
    def rate(self) -> float:
        return self.pages / self.elapsed if self.elapsed > 0 else 0.0

    @property
    def eta(self) -> float | None:
        """Seconds left when the run is bounded by --max-pages: the pages known to be waiting,
        up to the limit (a section of 1 page under --max-pages 50 is not 49 pages from done)."""
        left = min(max(0, self.limit - self.pages), self.queued) if self.limit is not None else 0
        return left / self.rate if left and self.rate else None


@dataclass(frozen=True)
class CrawlSummary:
    """What one run did. `state` is "finished" (nothing left), "stopped" (interrupted),
    "limit reached" (--max-pages), or "failed": the seed could not be fetched (`error` says
    why), so there was nothing to crawl. Each resumes with the same command (a failed
    seed is tried again)."""

    crawl_id: int | None  # None (and no seed) for a worker's run over every crawl
    seed_url: str | None
    state: str
    pages: int
    by_kind_state: dict[str, dict[str, int]]
    articles: dict[str, int]  # new, updated, unchanged, older, not modified
    failures: dict[str, int]  # reason -> pages (failed or skipped)
    retries_later: int  # URLs queued for another try after a transient failure
    left: int  # URLs still queued in the frontier (those included)
    elapsed: float
    error: str | None = None  # why the seed could not be fetched, when it could not

    @property
    def rate(self) -> float:
        return self.pages / self.elapsed if self.elapsed > 0 else 0.0


_SAVED_LABELS = {Saved.NEW: "new", Saved.CHANGED: "updated", Saved.UNCHANGED: "unchanged", Saved.OLDER: "older"}


class Stats:
    """Thread-safe running counts of one run."""

    def __init__(self, limit: int | None, queued: int = 0) -> None:
        self.limit = limit
        self.started = time.monotonic()
        self._lock = threading.Lock()
        self._pages = 0
        self._errors = 0
        self._added = queued  # queued at the start count as added, for the queue estimate
        self._taken = 0
        self._kind_state: Counter[tuple[str, str]] = Counter()
        self._articles: Counter[str] = Counter()
        self._failures: Counter[str] = Counter()

    def record(self, stored: Stored) -> None:
        with self._lock:
            self._taken += 1
            self._added += stored.added
            self._pages += stored.requested
            if stored.state == QUEUED:  # to be tried again: counted once it ends, by the frontier meanwhile
                self._errors += 1
                return
            self._kind_state[stored.kind, stored.state] += 1
            if stored.state in (FAILED, SKIPPED):
                self._errors += stored.state == FAILED
                self._failures[stored.reason or stored.state] += 1
            if stored.not_modified:
                self._articles["not modified"] += 1
            elif stored.saved is not None:
                self._articles[_SAVED_LABELS[stored.saved]] += 1

    def elapsed(self) -> float:
        return time.monotonic() - self.started

    def snapshot(self, waiting_for: str | None = None, wait: float | None = None) -> Snapshot:
        with self._lock:
            stored = self._articles["new"] + self._articles["updated"]
            return Snapshot(self._pages, stored, self._errors, max(0, self._added - self._taken),
                            self.elapsed(), self.limit, waiting_for, wait)

    def summary(self, crawl_id: int | None, seed_url: str | None, state: str, left: Waiting,
                error: str | None = None) -> CrawlSummary:
        with self._lock:
            by_kind: dict[str, dict[str, int]] = {}
            for (kind, row_state), n in sorted(self._kind_state.items()):
                by_kind.setdefault(kind, {})[row_state] = n
            return CrawlSummary(
                crawl_id=crawl_id, seed_url=seed_url, state=state, pages=self._pages, by_kind_state=by_kind,
                articles=dict(self._articles), failures=dict(self._failures.most_common()),
                retries_later=left.retrying, left=left.queued, elapsed=self.elapsed(), error=error,
            )
