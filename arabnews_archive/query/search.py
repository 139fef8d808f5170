"""Full-text search: a parsed query compiled for SQLite FTS5 or PostgreSQL tsquery."""
from __future__ import annotations

from typing import Sequence

import sqlalchemy as sa
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from arabnews_archive.query.language import Query, Term, parse_query
from arabnews_archive.store.models import FTS_TABLE, SEARCH_VECTOR_COLUMN, ArticleRow


def _fts5_term(term: Term) -> str:
    # Tokens are letters and digits only, but quoting them anyway keeps every FTS5
    # keyword (AND, NEAR, ...) inert; a quoted string of several tokens is a phrase.
    return '"' + " ".join(t.replace('"', '""') for t in term.tokens) + '"'


def to_fts5(query: Query) -> str:
    """The FTS5 MATCH expression for `query`."""
    clauses = ["(" + " OR ".join(_fts5_term(t) for t in clause) + ")" for clause in query.clauses]
    expression = "(" + " AND ".join(clauses) + ")"
    for term in query.excluded:
        expression += " NOT " + _fts5_term(term)
    return expression


def _tsquery_term(term: Term) -> str:
    # Quoted lexemes: to_tsquery reads nothing inside '...' as an operator.
    return "(" + " <-> ".join("'" + t.replace("'", "''").replace("\\", "\\\\") + "'" for t in term.tokens) + ")"


def to_tsquery(query: Query) -> str:
    """The text for PostgreSQL's ``to_tsquery('simple', ...)`` for `query`."""
    parts = ["(" + " | ".join(_tsquery_term(t) for t in clause) + ")" for clause in query.clauses]
    parts += ["!" + _tsquery_term(t) for t in query.excluded]
    return " & ".join(parts)


def search_ids(
    session: Session,
    query: str | Query,
    filters: Sequence[ColumnElement[bool]] = (),
    limit: int | None = None,
) -> list[int]:
    """Ids of matching articles, most relevant first, then newest first.

    Raises :class:`QueryError` for a query with nothing to search for.
    """
    parsed = parse_query(query) if isinstance(query, str) else query
    newest = ArticleRow.published.desc().nulls_last()
    if session.get_bind().dialect.name == "postgresql":
        vector = sa.literal_column(f"{ArticleRow.__tablename__}.{SEARCH_VECTOR_COLUMN}")
        tsquery = sa.func.to_tsquery(sa.literal_column("'simple'::regconfig"), to_tsquery(parsed))
        statement = (
            sa.select(ArticleRow.id)
            .where(vector.op("@@")(tsquery), *filters)
            .order_by(sa.func.ts_rank(vector, tsquery).desc(), newest, ArticleRow.id.desc())
        )
    else:
        fts = sa.table(FTS_TABLE, sa.column("rowid"), sa.column("rank"))
        matches = sa.select(fts.c.rowid, fts.c.rank).where(sa.literal_column(FTS_TABLE).op("MATCH")(to_fts5(parsed)))
        if limit is not None and not filters:
            # Without filters, FTS5 can pick the top hits by itself, before any article row is read.
            matches = matches.order_by(fts.c.rank).limit(limit)
        hits = matches.subquery()
        statement = (
            sa.select(ArticleRow.id)
            .join(hits, hits.c.rowid == ArticleRow.id)
            .where(*filters)
            .order_by(hits.c.rank, newest, ArticleRow.id.desc())
        )
    if limit is not None:
        statement = statement.limit(limit)
    return list(session.scalars(statement))
