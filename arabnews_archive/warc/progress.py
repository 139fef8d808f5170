"""The live import display on stderr: file, bytes read, records, HTML pages, articles, errors, rate."""
from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console
from rich.progress import BarColumn, DownloadColumn, Progress, TaskID, TextColumn, TimeRemainingColumn

if TYPE_CHECKING:
    from arabnews_archive.warc.importer import ImportSummary


class ImportProgress:
    """One bar per file (by bytes read, so it moves on huge files too), with running totals."""

    def __init__(self, summary: "ImportSummary", enabled: bool):
        self.summary = summary
        self.started = time.monotonic()
        self.bar = Progress(
            TextColumn("{task.description}"), BarColumn(), DownloadColumn(),
            TextColumn("{task.fields[records]:,} records  {task.fields[pages]:,} HTML pages  "
                       "{task.fields[articles]:,} articles  {task.fields[errors]:,} errors  "
                       "{task.fields[rate]:,.0f} records/s"),
            TimeRemainingColumn(), console=Console(stderr=True), disable=not enabled,
        )
        self.task: TaskID | None = None

    def __enter__(self) -> "ImportProgress":
        self.bar.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self.bar.__exit__(None, None, None)

    def start_file(self, path: Path) -> None:
        size = path.stat().st_size if path.is_file() else None
        self.task = self.bar.add_task(path.name, total=size, records=0, pages=0, articles=0, errors=0, rate=0.0)

    def update(self, position: int, records: int) -> None:
        assert self.task is not None
        elapsed = max(time.monotonic() - self.started, 1e-6)
        s = self.summary
        self.bar.update(self.task, completed=position, records=records, pages=s.html_pages,
                        articles=s.articles, errors=s.errors, rate=records / elapsed)
