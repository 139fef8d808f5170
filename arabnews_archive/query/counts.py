"""How much was written about a subject: articles matching queries per bucket (day, ISO week,
month, site or section), beside the bucket's total, on SQLite and PostgreSQL.

The matching set is the search's own (the same parsed query compiled by `query.search`, the
store's filters beside it), counted without ranking: what `Archive.search` would list, grouped.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from arabnews_archive.query.language import parse_query
from arabnews_archive.query.search import to_fts5, to_tsquery
from arabnews_archive.store.models import FTS_TABLE, SEARCH_VECTOR_COLUMN, ArticleRow, Site

BUCKETS = ("day", "week", "month", "site", "section")
TIME_BUCKETS = ("day", "week", "month")


@dataclass(frozen=True)
class Count:
    """One bucket of one query: `matches` of the bucket's `total` articles (`ratio` = matches/total).

    `bucket` is "YYYY-MM-DD" (a day; a week by its Monday), "YYYY-MM", a site's host or a
    section (None: articles without one). `query` None counts every article (matches = total).
    """

    bucket: str | None
    query: str | None
    matches: int
    total: int

    @property
    def ratio(self) -> float:
        return self.matches / self.total if self.total else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {"bucket": self.bucket, "query": self.query, "matches": self.matches, "total": self.total,
                "ratio": self.ratio}


def _bucket(session: Session, by: str) -> ColumnElement[Any]:
    """The bucket of an article as SQL; dates are bucketed in UTC, as they are stored."""
    if by == "site":
        return Site.host
    if by == "section":
        return ArticleRow.section
    published: Any = ArticleRow.published
    if session.get_bind().dialect.name == "postgresql":
        utc = sa.func.timezone("UTC", published)
        if by == "week":
            utc = sa.func.date_trunc("week", utc)
        return sa.func.to_char(utc, "YYYY-MM" if by == "month" else "YYYY-MM-DD")
    if by == "week":  # the Monday on or before the day: next Sunday (or the day itself), less six days
        return sa.func.date(published, "weekday 0", "-6 days")
    return sa.func.strftime("%Y-%m" if by == "month" else "%Y-%m-%d", published)


def _matching(session: Session, query: str) -> ColumnElement[bool]:
    """Articles matching `query`, as `search_ids` finds them, with no ranking."""
    parsed = parse_query(query)
    if session.get_bind().dialect.name == "postgresql":
        vector = sa.literal_column(f"{ArticleRow.__tablename__}.{SEARCH_VECTOR_COLUMN}")
        return vector.op("@@")(sa.func.to_tsquery(sa.literal_column("'simple'::regconfig"), to_tsquery(parsed)))
    fts = sa.table(FTS_TABLE, sa.column("rowid"))
    return ArticleRow.id.in_(sa.select(fts.c.rowid).where(sa.literal_column(FTS_TABLE).op("MATCH")(to_fts5(parsed))))


def _per_bucket(session: Session, bucket: ColumnElement[Any], by: str,
                where: Sequence[ColumnElement[bool]]) -> dict[str | None, int]:
    statement = sa.select(bucket, sa.func.count(ArticleRow.id)).where(*where).group_by(bucket)
    if by == "site":
        statement = statement.join(Site, Site.id == ArticleRow.site_id)
    return {bucket: n for bucket, n in session.execute(statement)}


def count_matches(session: Session, queries: Sequence[str], by: str,
                  filters: Sequence[ColumnElement[bool]] = ()) -> list[Count]:
    """A `Count` per bucket holding articles and per query (every article when `queries` is
    empty), buckets in time order, or largest first for sites and sections. Undated articles
    are in no time bucket. Raises `QueryError` for a query with nothing to search for."""
    if by not in BUCKETS:
        raise ValueError(f"by must be one of {', '.join(BUCKETS)}, not {by!r}")
    conditions = [_matching(session, query) for query in queries]  # every query checked before any count
    bucket = _bucket(session, by)
    where = [*filters, *([ArticleRow.published.is_not(None)] if by in TIME_BUCKETS else [])]
    totals = _per_bucket(session, bucket, by, where)
    matches = {query: _per_bucket(session, bucket, by, [*where, condition])
               for query, condition in zip(queries, conditions)}
    if by in TIME_BUCKETS:
        order = sorted(totals)
    else:
        order = sorted(totals, key=lambda b: (-totals[b], b is None, b or ""))
    if not queries:
        return [Count(b, None, totals[b], totals[b]) for b in order]
    return [Count(b, query, matches[query].get(b, 0), totals[b]) for b in order for query in queries]
