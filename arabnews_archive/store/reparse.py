"""Re-parse stored pages with the current parser, in worker processes, in resumable batches.

Each worker reads a batch of bodies, parses them and writes the batch back in one
transaction that also records the new parser version (on the articles, or on the pages
still without one). A run killed at any point leaves every batch either fully written
or untouched, and the next run skips the items already done. On PostgreSQL batches are
claimed with SKIP LOCKED, so several `reparse` processes on several machines share one
archive's work. The two kinds of work are in `reparse_items`.
"""
from __future__ import annotations

import contextlib
import queue
from collections.abc import Sequence
from multiprocessing import get_context
from typing import Any, Callable

from sqlalchemy.orm import Session

from arabnews_archive.store.database import Database, create_archive_engine
from arabnews_archive.store.errors import ArchiveError
from arabnews_archive.store.filters import DateLike, to_datetime
from arabnews_archive.store.reparse_items import Item, Selection, Source, parse_pages, read_pages, sources
from arabnews_archive.store.reparse_summary import ReparseSummary
from arabnews_archive.store.search_index import reindex_stale, stale_count

BATCH_SIZE = 100


class Position:
    """The id the next batch of one kind of work starts after. A run's processes share one
    per kind (a `multiprocessing.Value`, which has the same interface), so whichever is free
    takes the next batch and all finish together."""

    def __init__(self) -> None:
        self.value = 0

    def get_lock(self) -> contextlib.AbstractContextManager[Any]:
        return contextlib.nullcontext()


def _take(session: Session, source: Source, selection: Selection, position: Any, size: int) -> list[Item]:
    with position.get_lock():
        batch = source.claim(session, selection, position.value, size)
        if batch:
            position.value = batch[-1][0]
    return batch


def run_worker(
    database: Database, selection: Selection, batch_size: int = BATCH_SIZE,
    report: Callable[[int, int], None] | None = None, positions: Sequence[Any] | None = None,
) -> ReparseSummary:
    """Re-parse `selection` batch by batch, each batch committed on its own: the articles,
    then the pages without one (`positions`: where each kind's next batch starts).

    PostgreSQL: claim, parse and write in one transaction holding the claimed rows.
    SQLite: parse outside any transaction, then write in a short one, so that parallel
    workers never wait on each other while parsing.
    """
    kinds = sources(selection)
    positions = positions if positions is not None else [Position() for _ in kinds]
    summary = ReparseSummary()
    for source, position in zip(kinds, positions):
        while True:
            before = (summary.handled, summary.errors)
            if database.dialect == "postgresql":
                with database.writing() as session:
                    batch = _take(session, source, selection, position, batch_size)
                    if batch:
                        source.write(session, parse_pages(read_pages(session, batch)), summary)
            else:
                with database.reading() as session:
                    batch = _take(session, source, selection, position, batch_size)
                    pages = read_pages(session, batch) if batch else []
                if batch:
                    results = parse_pages(pages)
                    with database.writing() as session:
                        source.write(session, results, summary)
            if not batch:
                break
            if report:
                report(summary.handled - before[0], summary.errors - before[1])
    return summary


def _child(url: str, selection: Selection, batch_size: int, messages: Any, positions: Sequence[Any]) -> None:
    """A worker process: its progress and, at the end, its summary or its error, as messages."""
    database = Database(url, create_archive_engine(url))
    try:
        summary = run_worker(database, selection, batch_size,
                             lambda pages, errors: messages.put(("progress", pages, errors)), positions)
        messages.put(("done", summary))
    except BaseException as exc:  # noqa: BLE001 - reported to the parent, which raises it
        messages.put(("error", f"{type(exc).__name__}: {exc}"))
    finally:
        database.close()


def reparse(
    database: Database, *, every_version: bool = False, doubtful: bool = False, site: str | None = None,
    since: DateLike | None = None, workers: int = 1, progress: Callable[[int, int, int], None] | None = None,
    batch_size: int = BATCH_SIZE,
) -> ReparseSummary:
    """Re-parse what the current parser has not done yet: articles another parser version
    made, and stored pages without an article (where the page holds one now, it is saved).

    `every_version`: every article and every such page. `doubtful`: only doubtful articles
    (made by another version, or any with `every_version`). `site` limits to one site, `since` to pages fetched
    since that date. With `workers` > 1, that many processes share the batches. `progress`
    is called with (pages done, errors, pages in all) after each batch.
    """
    selection = Selection(every_version=every_version, doubtful=doubtful, site=site,
                          since=to_datetime(since) if since is not None else None)
    with database.reading() as session:
        stale = stale_count(session)
        total = stale + sum(source.count(session, selection) for source in sources(selection))
    done = [0, 0]

    def report(pages: int, errors: int) -> None:
        done[0] += pages
        done[1] += errors
        if progress:
            progress(done[0] + done[1], done[1], total)

    # First, and whatever the selection: an index made by another analyzer finds other
    # words than the queries look for. Re-parsed articles are then indexed as they are written.
    reindexed = reindex_stale(database.writing, progress=lambda n: report(n - done[0], 0)) if stale else 0
    if workers <= 1:
        summary = run_worker(database, selection, batch_size, report)
    else:
        summary = _run_processes(database, selection, workers, batch_size, report)
    summary.reindexed = reindexed
    return summary


def _run_processes(database: Database, selection: Selection, workers: int, batch_size: int,
                   report: Callable[[int, int], None]) -> ReparseSummary:
    """This process works too, beside `workers - 1` child processes: one process start
    fewer. All take batches from shared positions, so none sits idle at the end."""
    context = get_context("spawn")
    messages = context.Queue()
    positions = [context.Value("q", 0) for _ in sources(selection)]
    children = [context.Process(target=_child, args=(database.url, selection, batch_size, messages, positions),
                                daemon=True) for _ in range(workers - 1)]
    for child in children:
        child.start()
    summaries: list[ReparseSummary] = []
    failures: list[str] = []

    def handle(message: tuple[Any, ...]) -> None:
        kind, *payload = message
        if kind == "progress":
            report(*payload)
        elif kind == "done":
            summaries.append(payload[0])
        else:
            failures.append(payload[0])

    def drain() -> None:
        with contextlib.suppress(queue.Empty):
            while True:
                handle(messages.get_nowait())

    def own_report(pages: int, errors: int) -> None:
        report(pages, errors)
        drain()  # the children's progress shows while this process works too

    try:
        summaries.append(run_worker(database, selection, batch_size, own_report, positions))
        while len(summaries) + len(failures) < workers:
            try:
                handle(messages.get(timeout=0.5))
            except queue.Empty:
                if not any(child.is_alive() for child in children):
                    drain()
                    if len(summaries) + len(failures) < workers:
                        failures.append("a worker process died; run again to finish its share")
    finally:
        for child in children:
            child.join(timeout=5)
            if child.is_alive():
                child.terminate()
    if failures:
        raise ArchiveError(f"re-parse worker failed: {failures[0]}")
    merged = ReparseSummary()
    for summary in summaries:
        merged.add(summary)
    return merged
