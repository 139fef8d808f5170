"""Re-parse stored pages with the current parser, in worker processes, in resumable batches.

Workers read body bytes by fetch id and parse; the parent alone writes, one short
transaction per batch, setting the new parser version. A run killed at any point
leaves every batch either fully written or untouched, and the next run skips the
rows already done.
"""
from __future__ import annotations

import dataclasses
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from multiprocessing import get_context
from typing import Any, Callable, Optional

import sqlalchemy as sa
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from sqlalchemy.engine import Connection, Engine

from arabnews_archive.article import PARSER_VERSION, Article
from arabnews_archive.query.filters import DateLike, article_filters, to_datetime
from arabnews_archive.store.articles import replace_parsed, to_article
from arabnews_archive.store.database import Database, create_archive_engine
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


_worker_engine: Engine | None = None


def _parse_in_worker(url: str, items: list[Item]) -> list[Result]:
    global _worker_engine
    if _worker_engine is None:
        _worker_engine = create_archive_engine(url)
    with _worker_engine.connect() as connection:
        return parse_items(connection, items)


def _batches(database: Database, conditions: list[Any], size: int) -> Iterator[list[Item]]:
    last_id = 0
    while True:
        with database.reading() as session:
            batch = [
                (a, f) for a, f in session.execute(
                    sa.select(ArticleRow.id, ArticleRow.fetch_id)
                    .join(Fetch, Fetch.id == ArticleRow.fetch_id)
                    .where(ArticleRow.id > last_id, *conditions)
                    .order_by(ArticleRow.id).limit(size)
                )
            ]
        if not batch:
            return
        yield batch
        last_id = batch[-1][0]


def _write(database: Database, results: list[Result], summary: ReparseSummary) -> None:
    with database.writing() as session:
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

    `site` limits to one site, `since` to pages fetched since that date.
    """
    conditions: list[Any] = article_filters(site=site)
    if not all:
        conditions.append(ArticleRow.parser_version != PARSER_VERSION)
    if since is not None:
        conditions.append(Fetch.fetched_at >= to_datetime(since))
    with database.reading() as session:
        total = session.scalar(
            sa.select(sa.func.count()).select_from(ArticleRow)
            .join(Fetch, Fetch.id == ArticleRow.fetch_id).where(*conditions))
    summary = ReparseSummary()
    started = datetime.now()
    with _progress(progress) as bar:
        task = bar.add_task("re-parse", total=total, rate=0.0, errors=0)

        def done(results: list[Result]) -> None:
            _write(database, results, summary)
            elapsed = max((datetime.now() - started).total_seconds(), 1e-6)
            bar.update(task, advance=len(results), rate=summary.pages / elapsed, errors=summary.errors)

        if workers <= 1:
            for batch in _batches(database, conditions, batch_size):
                with database.engine.connect() as connection:
                    done(parse_items(connection, batch))
        else:
            with ProcessPoolExecutor(workers, mp_context=get_context("spawn")) as pool:
                _run_pool(pool, database.url, _batches(database, conditions, batch_size), workers, done)
    return summary


def _run_pool(pool: Executor, url: str, batches: Iterator[list[Item]], workers: int,
              done: Callable[[list[Result]], None]) -> None:
    # A few batches in flight per worker keeps them busy while memory stays bounded;
    # results are written in submission order.
    pending: deque[Future[list[Result]]] = deque()
    try:
        for batch in batches:
            pending.append(pool.submit(_parse_in_worker, url, batch))
            if len(pending) >= 2 * workers:
                done(pending.popleft().result())
        while pending:
            done(pending.popleft().result())
    except BaseException:
        for future in pending:
            future.cancel()
        raise
