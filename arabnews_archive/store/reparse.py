"""Re-parse stored pages with the current parser, in resumable batches, on several cores.

Each batch of bodies is read, parsed and written back in one transaction that also
records the new parser version (on the articles, or on the pages still without one).
A run killed at any point leaves every batch either fully written or untouched, and
the next run skips the items already done. On PostgreSQL batches are claimed with SKIP
LOCKED, so several `reparse` processes on several machines share one archive's work.
The two kinds of work are in `reparse_items`.

With `workers` > 1, that many threads take batches in turn and hand the parsing to as
many parser processes: the crawl's pool (`pool`), safe in a script without an
`if __name__ == "__main__":` guard, and gone with this process however it ends.
"""
from __future__ import annotations

import threading
from collections.abc import Callable, Sequence

from sqlalchemy.orm import Session

from arabnews_archive.pool import shared_pool
from arabnews_archive.store.database import Database
from arabnews_archive.store.filters import DateLike, to_datetime
from arabnews_archive.store.reparse_items import (
    Item, Page, Parsed, Selection, Source, parse_pages, read_pages, sources,
)
from arabnews_archive.store.reparse_summary import ReparseSummary
from arabnews_archive.store.search_index import reindex_stale, stale_count

BATCH_SIZE = 100
Parse = Callable[[list[Page]], list[Parsed]]


class Position:
    """The id the next batch of one kind of work starts after. A run's threads share one
    per kind, so whichever is free takes the next batch and all finish together."""

    def __init__(self) -> None:
        self.value = 0
        self.lock = threading.Lock()


def _take(session: Session, source: Source, selection: Selection, position: Position, size: int) -> list[Item]:
    with position.lock:
        batch = source.claim(session, selection, position.value, size)
        if batch:
            position.value = batch[-1][0]
    return batch


def run_worker(
    database: Database, selection: Selection, batch_size: int = BATCH_SIZE,
    report: Callable[[int, int], None] | None = None, positions: Sequence[Position] | None = None,
    parse: Parse = parse_pages, stop: threading.Event | None = None,
) -> ReparseSummary:
    """Re-parse `selection` batch by batch, each batch committed on its own: the articles,
    then the pages without one (`positions`: where each kind's next batch starts), until
    done or `stop` is set. `parse` reads a batch's pages (here, or in a parser process).

    PostgreSQL: claim, parse and write in one transaction holding the claimed rows.
    SQLite: parse outside any transaction, then write in a short one, so that parallel
    workers never wait on each other while parsing.
    """
    kinds = sources(selection)
    positions = positions if positions is not None else [Position() for _ in kinds]
    summary = ReparseSummary()
    for source, position in zip(kinds, positions):
        while stop is None or not stop.is_set():
            before = (summary.handled, summary.errors)
            if database.dialect == "postgresql":
                with database.writing() as session:
                    batch = _take(session, source, selection, position, batch_size)
                    if batch:
                        source.write(session, parse(read_pages(session, batch)), summary)
            else:
                with database.reading() as session:
                    batch = _take(session, source, selection, position, batch_size)
                    pages = read_pages(session, batch) if batch else []
                if batch:
                    results = parse(pages)
                    with database.writing() as session:
                        source.write(session, results, summary)
            if not batch:
                break
            if report:
                report(summary.handled - before[0], summary.errors - before[1])
    return summary


def reparse(
    database: Database, *, every_version: bool = False, doubtful: bool = False, site: str | None = None,
    since: DateLike | None = None, workers: int = 1, progress: Callable[[int, int, int], None] | None = None,
    batch_size: int = BATCH_SIZE,
) -> ReparseSummary:
    """Re-parse what the current parser has not done yet: articles another parser version
    made, and stored pages without an article (where the page holds one now, it is saved).

    `every_version`: every article and every such page. `doubtful`: only doubtful articles
    (made by another version, or any with `every_version`). `site` limits to one site, `since` to pages fetched
    since that date. With `workers` > 1, that many parser processes share the batches. `progress`
    is called with (pages done, errors, pages in all) after each batch.
    """
    selection = Selection(every_version=every_version, doubtful=doubtful, site=site,
                          since=to_datetime(since) if since is not None else None)
    with database.reading() as session:
        stale = stale_count(session)
        total = stale + sum(source.count(session, selection) for source in sources(selection))
    done = [0, 0]
    lock = threading.Lock()  # the threads report in turn

    def report(pages: int, errors: int) -> None:
        with lock:
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
        summary = _run_threads(database, selection, workers, batch_size, report)
    summary.reindexed = reindexed
    return summary


def _run_threads(database: Database, selection: Selection, workers: int, batch_size: int,
                 report: Callable[[int, int], None]) -> ReparseSummary:
    """`workers` threads (this one among them) take batches from shared positions, so none
    sits idle at the end; each hands its batch's parsing to the parser processes. The first
    error (Ctrl-C included) stops the others after the batch in hand and is raised here."""
    pool = shared_pool(workers, preload=(parse_pages.__module__,))
    positions = [Position() for _ in sources(selection)]
    stop = threading.Event()
    summaries: list[ReparseSummary] = []
    failures: list[BaseException] = []

    def parse(pages: list[Page]) -> list[Parsed]:
        return pool.run(parse_pages, pages)

    def work() -> None:
        try:
            summaries.append(run_worker(database, selection, batch_size, report, positions, parse, stop))
        except BaseException as exc:  # noqa: BLE001 - raised again below, in the calling thread
            failures.append(exc)
            stop.set()

    threads = [threading.Thread(target=work, name=f"reparse-{n}", daemon=True) for n in range(1, workers)]
    for thread in threads:
        thread.start()
    try:
        work()
        for thread in threads:
            thread.join()
    except BaseException:  # a second Ctrl-C while the others finish: stop waiting for them
        stop.set()
        raise
    if failures:
        raise failures[0]
    merged = ReparseSummary()
    for summary in summaries:
        merged.add(summary)
    return merged
