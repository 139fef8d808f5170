"""What a terminal shows of a crawl: progress on stderr, a live rich display on a terminal and
plain periodic lines otherwise (logs and CI keep something readable instead of a stream of
control codes), and the end-of-run summary, one fact a line."""
from __future__ import annotations

import threading
import time
from typing import IO, Any

from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

from arabnews_archive.crawl.summary import CrawlSummary, Snapshot


def describe(s: Snapshot) -> str:
    text = f"{s.pages} pages, {s.articles} articles stored, {s.errors} errors, ~{s.queued} queued, {s.rate:.1f} pages/s"
    if s.eta is not None:
        text += f", about {s.eta:.0f}s left"
    return text


class CrawlProgress:
    """Call with each snapshot; use as a context manager around the crawl."""

    def __init__(self, limit: int | None, stream: IO[str] | None = None, *, interval: float = 10.0) -> None:
        self._console = Console(file=stream, stderr=stream is None)
        self._interval = interval
        self._last = 0.0
        self._lock = threading.Lock()
        self._live: Progress | None = None
        if self._console.is_terminal:
            self._live = Progress(
                TextColumn("[bold]crawl"), BarColumn(), TextColumn("{task.fields[text]}"),
                TimeElapsedColumn(), *([TimeRemainingColumn()] if limit else []),
                console=self._console, transient=True,
            )
            self._task = self._live.add_task("crawl", total=limit, text="starting")

    def __enter__(self) -> CrawlProgress:
        if self._live is not None:
            self._live.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        if self._live is not None:
            self._live.stop()

    def __call__(self, snapshot: Snapshot) -> None:
        if self._live is not None:
            self._live.update(self._task, completed=snapshot.pages, text=describe(snapshot))
            return
        now = time.monotonic()
        with self._lock:
            if now - self._last < self._interval:
                return
            self._last = now
        self._console.print(describe(snapshot), highlight=False, soft_wrap=True)


def summary_lines(summary: CrawlSummary) -> list[str]:
    """The end-of-run report, one fact a line."""
    what = "Worker" if summary.crawl_id is None else f"Crawl {summary.crawl_id} of {summary.seed_url}"
    lines = [f"{what}: {summary.state}, {summary.pages} pages in {summary.elapsed:.1f}s ({summary.rate:.1f} pages/s)"]
    for kind, states in summary.by_kind_state.items():
        lines.append(f"  {kind}: " + ", ".join(f"{n} {state}" for state, n in states.items()))
    if summary.articles:
        lines.append("  articles: " + ", ".join(f"{n} {label}" for label, n in summary.articles.items()))
    for reason, n in summary.failures.items():
        lines.append(f"  {n} × {reason}")
    if summary.retries_later:
        lines.append(f"  {summary.retries_later} transient failures queued for another try")
    if summary.left:
        lines.append(f"  {summary.left} URLs still queued")
    return lines
