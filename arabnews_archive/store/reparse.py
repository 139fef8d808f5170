"""Re-parse stored pages with the current parser, in worker processes, in resumable batches.

Each worker reads a batch of bodies, parses them and writes the batch back in one
transaction that also sets the new parser version. A run killed at any point leaves
every batch either fully written or untouched, and the next run skips the rows
already done. On PostgreSQL batches are claimed with FOR UPDATE SKIP LOCKED, so
several `reparse` processes on several machines share one archive's work.
"""
from __future__ import annotations

import contextlib
import dataclasses
import queue
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from multiprocessing import get_context
from typing import Any, Callable, Optional

import sqlalchemy as sa
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from arabnews_archive.article import PARSER_VERSION, Article
from arabnews_archive.query.filters import DateLike, article_filters, to_datetime
from arabnews_archive.store.articles import replace_parsed, to_article
from arabnews_archive.store.database import Database, create_archive_engine
from arabnews_archive.store.errors import ArchiveError
from arabnews_archive.store.fetches import decompress
from arabnews_archive.store.models import ArticleRow, Body, Fetch

BATCH_SIZE = 100
_COMPARED = [f.name for f in dataclasses.fields(Article) if f.name not in ("id", "parser_version")]
# (article id, fetch id) -> (article id, fetch id, parsed article or None, error or None)
Item = tuple[int, int]
Result = tuple[int, int, Optional[Article], Optional[str]]


@dataclass
class FieldChanges:
    changed: int = 0
    found: int = 0
    lost: int = 0


@dataclass
class ReparseSummary:
    pages: int = 0
    errors: int = 0
    fields: dict[str, FieldChanges] = field(default_factory=dict)
    error_samples: list[str] = field(default_factory=list)

    def count(self, old: Article, new: Article) -> None:
        for name in _COMPARED:
            before, after = getattr(old, name), getattr(new, name)
            if before == after:
                continue
            changes = self.fields.setdefault(name, FieldChanges())
            if before in (None, "", ()):
                changes.found += 1
            elif after in (None, "", ()):
                changes.lost += 1
            else:
                changes.changed += 1

    def lines(self) -> list[str]:
        """Per-field change lines, e.g. "published: 312 changed, 4 newly found"."""
        out = []
        for name, c in sorted(self.fields.items()):
            parts = [f"{c.changed} changed"] if c.changed else []
            parts += [f"{c.found} newly found"] if c.found else []
            parts += [f"{c.lost} lost"] if c.lost else []
            out.append(f"{name}: {', '.join(parts)}")
        return out


def parse_items(connection: Connection, items: list[Item]) -> list[Result]:
    """Parse the bodies of the given fetches; a page the parser rejects becomes an error."""
    from arabnews_archive.parse import parse_article  # the parser is heavy; load it only when parsing

    fetch_ids = [fetch_id for _, fetch_id in items]
    rows = {
        row.id: row
        for row in connection.execute(
            sa.select(Fetch.id, Fetch.final_url, Fetch.headers, Fetch.fetched_at, Body.data)
            .join(Body, Body.id == Fetch.body_id)
            .where(Fetch.id.in_(fetch_ids))
        )
    }
    results: list[Result] = []
    for article_id, fetch_id in items:
        row = rows.get(fetch_id)
        if row is None:
            results.append((article_id, fetch_id, None, f"fetch {fetch_id} has no stored body"))
            continue
        try:
            article = parse_article(decompress(row.data), url=row.final_url, headers=row.headers,
                                    fetched_at=row.fetched_at)
        except Exception as exc:  # noqa: BLE001 - one broken page must not stop the run
            results.append((article_id, fetch_id, None, f"{row.final_url}: {type(exc).__name__}: {exc}"))
        else:
            results.append((article_id, fetch_id, article, None))
    return results


@dataclass(frozen=True)
class Selection:
    """Which articles to re-parse, as plain values so that worker processes can rebuild it."""

    all: bool = False
    site: str | None = None
    since: datetime | None = None

    def conditions(self) -> list[Any]:
        conditions: list[Any] = article_filters(site=self.site)
        if not self.all:
            conditions.append(ArticleRow.parser_version != PARSER_VERSION)
        if self.since is not None:
            conditions.append(Fetch.fetched_at >= self.since)
        return conditions


class Position:
    """The article id the next batch starts after. A run's processes share one (a
    `multiprocessing.Value`, which has the same interface), so whichever is free takes
    the next batch and all finish together."""

    def __init__(self) -> None:
        self.value = 0

    def get_lock(self) -> contextlib.AbstractContextManager[Any]:
        return contextlib.nullcontext()


def _take(session: Session, selection: Selection, position: Any, size: int) -> list[Item]:
    with position.get_lock():
        batch = _claim(session, selection, position.value, size)
        if batch:
            position.value = batch[-1][0]
    return batch


def _claim(session: Session, selection: Selection, after: int, size: int) -> list[Item]:
    """The next batch after article id `after`. On PostgreSQL the rows stay locked until the
    batch commits and rows other processes hold are skipped, so any number of re-parse
    processes, on any machines, share the work without a coordinator."""
    query = (
        sa.select(ArticleRow.id, ArticleRow.fetch_id)
        .join(Fetch, Fetch.id == ArticleRow.fetch_id)
        .where(ArticleRow.id > after, *selection.conditions())
        .order_by(ArticleRow.id).limit(size)
    )
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(of=ArticleRow, skip_locked=True)
    return [(a, f) for a, f in session.execute(query)]


def _write(session: Session, results: list[Result], summary: ReparseSummary) -> None:
    rows = {row.id: row for row in session.scalars(
        sa.select(ArticleRow).where(ArticleRow.id.in_([r[0] for r in results])))}
    for article_id, fetch_id, article, error in results:
        row = rows.get(article_id)
        if row is None or row.fetch_id != fetch_id:
            continue  # deleted or re-fetched meanwhile: the next run parses the new fetch
        if article is None:
            summary.errors += 1
            if error and len(summary.error_samples) < 10:
                summary.error_samples.append(error)
            continue
        article = article.replace(parser_version=PARSER_VERSION)
        summary.count(to_article(row), article)
        replace_parsed(session, row, article)
        summary.pages += 1


def run_worker(
    database: Database, selection: Selection, batch_size: int = BATCH_SIZE,
    report: Callable[[int, int], None] | None = None, position: Any = None,
) -> ReparseSummary:
    """Re-parse `selection` batch by batch, each batch committed on its own.

    PostgreSQL: claim, parse and write in one transaction holding the claimed rows.
    SQLite: parse outside any transaction, then write in a short one, so that parallel
    workers never wait on each other while parsing.
    """
    position = position if position is not None else Position()
    summary = ReparseSummary()
    while True:
        before = (summary.pages, summary.errors)
        if database.dialect == "postgresql":
            with database.writing() as session:
                batch = _take(session, selection, position, batch_size)
                if batch:
                    _write(session, parse_items(session.connection(), batch), summary)
        else:
            with database.reading() as session:
                batch = _take(session, selection, position, batch_size)
            if batch:
                with database.engine.connect() as connection:
                    results = parse_items(connection, batch)
                with database.writing() as session:
                    _write(session, results, summary)
        if not batch:
            return summary
        if report:
            report(summary.pages - before[0], summary.errors - before[1])


def _child(url: str, selection: Selection, batch_size: int, messages: Any, position: Any) -> None:
    """A worker process: its progress and, at the end, its summary or its error, as messages."""
    database = Database(url, create_archive_engine(url))
    try:
        summary = run_worker(database, selection, batch_size,
                             lambda pages, errors: messages.put(("progress", pages, errors)), position)
        messages.put(("done", summary))
    except BaseException as exc:  # noqa: BLE001 - reported to the parent, which raises it
        messages.put(("error", f"{type(exc).__name__}: {exc}"))
    finally:
        database.close()


def _progress(enabled: bool) -> Progress:
    return Progress(
        TextColumn("re-parsing"), BarColumn(), MofNCompleteColumn(),
        TextColumn("{task.fields[rate]:.0f} pages/s  errors: {task.fields[errors]}"),
        TimeRemainingColumn(), console=Console(stderr=True), disable=not enabled,
    )


def reparse(
    database: Database, *, all: bool = False, site: str | None = None, since: DateLike | None = None,
    workers: int = 1, progress: bool = True, batch_size: int = BATCH_SIZE,
) -> ReparseSummary:
    """Re-parse the pages behind articles made by another parser version (all with `all`).

    `site` limits to one site, `since` to pages fetched since that date. With `workers`
    > 1, that many processes each take a share of the articles and write their own batches.
    """
    selection = Selection(all=all, site=site, since=to_datetime(since) if since is not None else None)
    with database.reading() as session:
        total = session.scalar(
            sa.select(sa.func.count()).select_from(ArticleRow)
            .join(Fetch, Fetch.id == ArticleRow.fetch_id).where(*selection.conditions()))
    started = time.monotonic()
    done = [0, 0]
    with _progress(progress) as bar:
        task = bar.add_task("re-parse", total=total, rate=0.0, errors=0)

        def report(pages: int, errors: int) -> None:
            done[0] += pages
            done[1] += errors
            rate = done[0] / max(time.monotonic() - started, 1e-6)
            bar.update(task, advance=pages + errors, rate=rate, errors=done[1])

        if workers <= 1:
            return run_worker(database, selection, batch_size, report)
        return _run_processes(database, selection, workers, batch_size, report)


def _run_processes(database: Database, selection: Selection, workers: int, batch_size: int,
                   report: Callable[[int, int], None]) -> ReparseSummary:
    """This process works too, beside `workers - 1` child processes: one process start
    fewer. All take batches from one shared position, so none sits idle at the end."""
    context = get_context("spawn")
    messages = context.Queue()
    position = context.Value("q", 0)
    children = [context.Process(target=_child, args=(database.url, selection, batch_size, messages, position),
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
        summaries.append(run_worker(database, selection, batch_size, own_report, position))
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
    return _merge(summaries)


def _merge(summaries: Iterable[ReparseSummary]) -> ReparseSummary:
    merged = ReparseSummary()
    for summary in summaries:
        merged.pages += summary.pages
        merged.errors += summary.errors
        merged.error_samples.extend(summary.error_samples[: 10 - len(merged.error_samples)])
        for name, changes in summary.fields.items():
            total = merged.fields.setdefault(name, FieldChanges())
            total.changed += changes.changed
            total.found += changes.found
            total.lost += changes.lost
    return merged
