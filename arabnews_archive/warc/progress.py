"""How far an import has got, for whoever shows it: a plain status handed to a callback.

The command line draws it (`cli/progress.py`); the library draws nothing.
"""
from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from arabnews_archive.warc.importer import ImportSummary


@dataclass(frozen=True)
class ImportStatus:
    """One moment of an import: the file being read (its bytes read of `size`) and running totals."""

    path: Path
    position: int
    size: int | None
    records: int
    html_pages: int
    articles: int
    errors: int
    elapsed: float

    @property
    def rate(self) -> float:
        """Records read per second."""
        return self.records / self.elapsed if self.elapsed > 0 else 0.0


class ImportProgress:
    """Hands an :class:`ImportStatus` to `callback` when a file starts and after each batch."""

    def __init__(self, summary: ImportSummary, callback: Callable[[ImportStatus], None] | None):
        self.summary = summary
        self.callback = callback
        self.started = time.monotonic()
        self.path: Path | None = None
        self.size: int | None = None

    def __enter__(self) -> ImportProgress:
        return self

    def __exit__(self, *exc: object) -> None:
        pass

    def start_file(self, path: Path) -> None:
        self.path = path
        self.size = path.stat().st_size if path.is_file() else None
        self.update(0, self.summary.records)

    def update(self, position: int, records: int) -> None:
        if self.callback is None or self.path is None:
            return
        s = self.summary
        self.callback(ImportStatus(self.path, position, self.size, records, s.html_pages, s.articles, s.errors,
                                   time.monotonic() - self.started))
