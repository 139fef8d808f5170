"""The one progress display of every long command (crawl, worker, reparse, import-warc), on
stderr: a live bar on a terminal, and a plain line every ten seconds otherwise (logs and CI
keep something readable instead of a stream of control codes). The library only calls back
with what it did; what a terminal shows is decided here. Also the crawl's end-of-run report.
"""
from __future__ import annotations

import threading
import time
from typing import IO, Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

from arabnews_archive.cli.common import plural
from arabnews_archive.crawl.discover.urls import display
from arabnews_archive.crawl.summary import CrawlSummary, Snapshot
from arabnews_archive.warc.progress import ImportStatus


class Display:
    """Call :meth:`update` with a line of text (and how far, out of `total`); a context manager."""

    def __init__(self, label: str, total: int | None = None, stream: IO[str] | None = None, *,
                 interval: float = 10.0) -> None:
        self._console = Console(file=stream, stderr=stream is None)
        self._label = label
        self._interval = interval
        self._last = time.monotonic()  # a short run prints no progress line, only its result
        self._lock = threading.Lock()
        self._live: Progress | None = None
        if self._console.is_terminal:
            self._live = Progress(
                TextColumn(f"[bold]{label}"), BarColumn(), *([MofNCompleteColumn()] if total else []),
                TextColumn("{task.fields[text]}"), TimeElapsedColumn(), *([TimeRemainingColumn()] if total else []),
                console=self._console, transient=True,
            )
            self._task = self._live.add_task(label, total=total, text="starting")

    def __enter__(self) -> Display:
        if self._live is not None:
            self._live.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        if self._live is not None:
            self._live.stop()

    def update(self, text: str, completed: int | None = None, total: int | None = None, *,
               force: bool = False) -> None:
        if self._live is not None:
            self._live.update(self._task, completed=completed, total=total, text=text)
            return
        now = time.monotonic()
        with self._lock:
            if not force and now - self._last < self._interval:
                return
            self._last = now
        self._console.print(f"{self._label}: {text}", highlight=False, soft_wrap=True)


# -- crawl ----------------------------------------------------------------------------------

def describe(s: Snapshot) -> str:
    text = (f"{plural(s.pages, 'page')}, {plural(s.articles, 'article')} stored, {plural(s.errors, 'error')}, "
            f"~{s.queued} queued, {s.rate:.1f} pages/s")
    if s.waiting_for == "retry":
        due = f" in {s.wait:.0f}s" if s.wait is not None else ""
        text += f"; waiting to retry failed URLs{due} (timeouts, 429, 5xx are tried again later)"
    elif s.waiting_for is not None:
        text += f"; waiting for URLs held by {s.waiting_for}"
    elif s.eta is not None:
        text += f", about {s.eta:.0f}s left"
    return text


class CrawlProgress(Display):
    """The crawl's display: call it with each snapshot."""

    def __init__(self, limit: int | None, stream: IO[str] | None = None, *, interval: float = 10.0) -> None:
        super().__init__("crawl", limit, stream, interval=interval)
        self._waiting = False

    def __call__(self, snapshot: Snapshot) -> None:
        # The moment a run starts waiting is worth a line at once: a silent minute looks like a hang.
        starts_waiting = snapshot.waiting_for is not None and not self._waiting
        self._waiting = snapshot.waiting_for is not None
        self.update(describe(snapshot), snapshot.pages, force=starts_waiting)


def summary_lines(summary: CrawlSummary) -> list[str]:
    """The end-of-run report, one fact a line."""
    what = "Worker" if summary.crawl_id is None else f"Crawl {summary.crawl_id} of {display(summary.seed_url or '')}"
    lines = [f"{what}: {summary.state}, {plural(summary.pages, 'page')} in {summary.elapsed:.1f}s "
             f"({summary.rate:.1f} pages/s)"]
    for kind, states in summary.by_kind_state.items():
        lines.append(f"  {kind}: " + ", ".join(f"{n} {state}" for state, n in states.items()))
    if summary.articles:
        lines.append("  articles: " + articles_line(summary.articles))
    if summary.crawl_id is not None and summary.state == "finished" and not summary.articles.get("new"):
        # A run again of a finished crawl re-reads its sources only: say why it stored nothing.
        lines.append("  no new article: the section's listing, feeds and sitemaps were unchanged (304 or the "
                     "same content) or linked only to articles already stored")
    for reason, n in summary.failures.items():
        lines.append(f"  {n} × {reason}")
    if summary.retries_later:
        lines.append(f"  {plural(summary.retries_later, 'transient failure')} queued for another try")
    if summary.left:
        lines.append(f"  {plural(summary.left, 'URL')} still queued")
    return lines


def articles_line(articles: dict[str, int]) -> str:
    """What the pages did to the stored articles. A page whose story was already stored (by an
    earlier crawl, or by this one from another URL: the same story is often reachable from
    several) is counted as such, not as an "update" that a first crawl could not have made."""
    again = {"the same": articles.get("unchanged", 0), "changed": articles.get("updated", 0),
             "older": articles.get("older", 0)}
    parts = [f"{articles['new']} new"] if articles.get("new") else []
    if sum(again.values()):
        detail = ", ".join(f"{n} {label}" for label, n in again.items() if n)
        parts.append(f"{plural(sum(again.values()), 'page')} with a story already stored ({detail})")
    if articles.get("not modified"):
        parts.append(f"{articles['not modified']} not modified")
    return "; ".join(parts)


# -- re-parse and WARC import ----------------------------------------------------------------

class ReparseProgress(Display):
    """Re-parse's display: call it with (pages done, errors, pages in all)."""

    def __init__(self, stream: IO[str] | None = None, *, interval: float = 10.0) -> None:
        super().__init__("re-parse", None, stream, interval=interval)
        self._started = time.monotonic()

    def __call__(self, done: int, errors: int, total: int) -> None:
        rate = done / max(time.monotonic() - self._started, 1e-6)
        self.update(f"{done} of {plural(total, 'page')}, {plural(errors, 'error')}, {rate:.0f} pages/s", done, total)


class StoriesProgress(Display):
    """`stories --rebuild`'s display: call it with (phase, done, of)."""

    def __init__(self, stream: IO[str] | None = None, *, interval: float = 10.0) -> None:
        super().__init__("stories", None, stream, interval=interval)
        self._started = time.monotonic()

    def __call__(self, phase: str, done: int, total: int) -> None:
        rate = done / max(time.monotonic() - self._started, 1e-6)
        self.update(f"{phase} {done} of {plural(total, 'article')}, {rate:,.0f} articles/s", done, total)


class ImportProgress(Display):
    """The WARC import's display: call it with each :class:`ImportStatus`."""

    def __init__(self, stream: IO[str] | None = None, *, interval: float = 10.0) -> None:
        super().__init__("import", None, stream, interval=interval)

    def __call__(self, s: ImportStatus) -> None:
        read = f"{s.position / 2**20:.1f} of {s.size / 2**20:.1f} MB" if s.size else f"{s.position / 2**20:.1f} MB"
        self.update(f"{s.path.name}: {read}, {plural(s.records, 'record')}, {plural(s.html_pages, 'HTML page')}, "
                    f"{plural(s.articles, 'article')}, {plural(s.errors, 'error')}, {s.rate:,.0f} records/s",
                    s.position, s.size)
