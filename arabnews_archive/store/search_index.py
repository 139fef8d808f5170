"""What the search index holds for an article, and keeping it in step with the row.

Each searched field of an article is stored in a column of `articles` as the analyzer
makes it (`text.index_text`: the words as printed, then their readings without clitics).
SQLite's FTS5 table indexes those columns (external content, tokenized on spaces alone,
so both databases see exactly the analyzer's words); PostgreSQL's tsvector is a column
generated from them. The SQL of both is in migration 0007.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from arabnews_archive.article import Article
from arabnews_archive.store.models import FTS_TABLE, SEARCH_FIELDS, ArticleRow
from arabnews_archive.text import SEARCH_ANALYZER_VERSION, index_text

# Words indexed in order per field, for phrases. PostgreSQL keeps word positions up to
# 16,383 only; the fields' words stay below it, so phrases are matched alike on both
# databases; the words past them, like readings, are indexed once each, without a
# position that matters. A story is rarely a tenth of this; a forum page may be more.
MAX_TITLE_WORDS = 500
MAX_BODY_WORDS = 10_000
_ROW_COLUMNS = ("title", "authors", "section", "description", "dateline", "tags", "paragraphs")


def search_fields(article: Article) -> dict[str, Any]:
    """The search columns' values for `article` (and the analyzer version that made them)."""
    body = [article.description or "", article.dateline or "", *article.tags, *article.paragraphs]
    texts = (article.title or "", " ".join(article.authors), article.section or "", "\n".join(body))
    limits = (MAX_TITLE_WORDS, MAX_TITLE_WORDS, MAX_TITLE_WORDS, MAX_BODY_WORDS)
    fields: dict[str, Any] = {name: index_text(text, limit) for name, text, limit in zip(SEARCH_FIELDS, texts, limits)}
    fields["search_version"] = SEARCH_ANALYZER_VERSION
    return fields


def indexed_fields(row: ArticleRow) -> dict[str, str]:
    """What the index holds for `row` now (before the row is overwritten)."""
    return {name: getattr(row, name) for name in SEARCH_FIELDS}


_COLUMNS = ", ".join(SEARCH_FIELDS)
_VALUES = ", ".join(f":{name}" for name in SEARCH_FIELDS)
_FTS_DELETE = sa.text(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, {_COLUMNS}) VALUES ('delete', :id, {_VALUES})")
_FTS_INSERT = sa.text(f"INSERT INTO {FTS_TABLE}(rowid, {_COLUMNS}) VALUES (:id, {_VALUES})")


def update_index(session: Session, row_id: int, old: Mapping[str, Any] | None, new: Mapping[str, Any]) -> None:
    """Keep SQLite's external-content FTS table in step with the row, in the same transaction.

    (PostgreSQL's tsvector is a generated column: nothing to do there.)
    """
    if session.get_bind().dialect.name != "sqlite":
        return
    if old is not None:
        if all(old[name] == new[name] for name in SEARCH_FIELDS):
            return
        # External-content FTS5 removes an entry given exactly the text it indexed.
        session.execute(_FTS_DELETE, {"id": row_id, **{name: old[name] for name in SEARCH_FIELDS}})
    session.execute(_FTS_INSERT, {"id": row_id, **{name: new[name] for name in SEARCH_FIELDS}})


_STALE = sa.select(ArticleRow.id, *(getattr(ArticleRow, c) for c in (*_ROW_COLUMNS, *SEARCH_FIELDS)))


def stale_count(session: Session) -> int:
    """Articles whose search fields another analyzer version made."""
    return session.scalar(sa.select(sa.func.count()).where(ArticleRow.search_version != SEARCH_ANALYZER_VERSION)) or 0


def reindex_stale(session_factory: Callable[[], Any], batch_size: int = 500,
                  progress: Callable[[int], None] | None = None) -> int:
    """Re-index, batch by batch (each its own transaction, so an interrupted run keeps its
    work), every article another analyzer version indexed; returns how many. The stored
    fields are analyzed again: no page is parsed."""
    done = last_id = 0
    while True:
        with session_factory() as session:
            rows = session.execute(
                _STALE.where(ArticleRow.search_version != SEARCH_ANALYZER_VERSION, ArticleRow.id > last_id)
                .order_by(ArticleRow.id).limit(batch_size)
            ).all()
            for row in rows:
                article = Article(title=row.title, authors=tuple(row.authors), section=row.section,
                                  description=row.description, dateline=row.dateline, tags=tuple(row.tags),
                                  paragraphs=tuple(row.paragraphs))
                new = search_fields(article)
                session.execute(sa.update(ArticleRow).where(ArticleRow.id == row.id).values(**new))
                update_index(session, row.id, {name: getattr(row, name) for name in SEARCH_FIELDS}, new)
        if not rows:
            return done
        done += len(rows)
        last_id = rows[-1].id
        if progress:
            progress(done)
