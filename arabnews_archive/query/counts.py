"""How much was written about a subject: articles matching queries per bucket (day, ISO week,
month, site or section), beside the bucket's total, on SQLite and PostgreSQL.

The matching set is the search's own (the same parsed query compiled by `query.search`, the
store's filters beside it), counted without ranking: what `Archive.search` would list, grouped.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from arabnews_archive.query.language import parse_query
from arabnews_archive.query.search import matches
from arabnews_archive.store.models import ArticleRow, Site

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


def _bucket(session: Session, by: str, stories: bool = False) -> ColumnElement[Any]:
    """The bucket of an article as SQL: its site, its section, its month, or for days and weeks
    its day (`_fold` gathers days into weeks); dates in UTC, as they are stored. Stories are
    counted per week by the week itself: a story carried on two of its days counts once."""
    if by == "site":
        return Site.host
    if by == "section":
        return ArticleRow.section
    if by == "week" and stories:
        if session.get_bind().dialect.name == "postgresql":
            return sa.func.to_char(sa.func.date_trunc("week", sa.func.timezone("UTC", ArticleRow.published)),
                                   "YYYY-MM-DD")
        return sa.func.date(ArticleRow.published, "-6 days", "weekday 1")  # its Monday
    if session.get_bind().dialect.name == "postgresql":
        return sa.func.to_char(sa.func.timezone("UTC", ArticleRow.published), "YYYY-MM" if by == "month" else "YYYY-MM-DD")
    # SQLite keeps the UTC instant as text, "YYYY-MM-DD HH:MM:SS...": the day or month is its
    # start (a quarter of strftime's cost on every row counted).
    return sa.func.substr(ArticleRow.published, 1, 7 if by == "month" else 10)


def _fold(by: str, bucket: str) -> str:
    if by == "week":  # by its Monday (a Monday already when counted by week)
        day = date.fromisoformat(bucket)
        return (day - timedelta(days=day.weekday())).isoformat()
    return bucket


def _matching(session: Session, query: str) -> ColumnElement[bool]:
    """Articles matching `query`, as `search_ids` finds them, with no ranking."""
    return matches(session, parse_query(query))


def _grouped(session: Session, by: str, where: Sequence[ColumnElement[bool]],
             conditions: Sequence[ColumnElement[bool]], stories: bool) -> list[tuple[Any, ...]]:
    """(bucket, total, each condition's matches) rows, one per bucket holding articles; with
    `stories`, what is counted is stories (an article in none counts as its own)."""
    bucket = _bucket(session, by, stories)

    def statement(*columns: Any, extra: Sequence[ColumnElement[bool]] = ()) -> Any:
        select = sa.select(bucket, *columns).where(*where, *extra).group_by(bucket)
        return select.join(Site, Site.id == ArticleRow.site_id) if by == "site" else select

    # Story ids and article ids are numbered apart: an article in no story is told from every
    # story by its negated id.
    count = (sa.func.count(sa.distinct(sa.func.coalesce(ArticleRow.story_id, -ArticleRow.id))) if stories
             else sa.func.count(ArticleRow.id))
    if session.get_bind().dialect.name == "sqlite":
        # One pass over an index (published, or site and section) for every query at once: each
        # query's FTS result is read once and probed per article, where a join would look every
        # match up in the table.
        return [tuple(row) for row in session.execute(statement(count, *(count.filter(c) for c in conditions)))]
    # PostgreSQL finds each query's matches through its GIN index: one grouping per query.
    totals = dict(session.execute(statement(count)).all())
    matches = [dict(session.execute(statement(count, extra=[c])).all()) for c in conditions]
    return [(b, n, *(found.get(b, 0) for found in matches)) for b, n in totals.items()]


def count_matches(session: Session, queries: Sequence[str], by: str,
                  filters: Sequence[ColumnElement[bool]] = (), *, stories: bool = False) -> list[Count]:
    """A `Count` per bucket holding articles and per query (every article when `queries` is
    empty), buckets in time order, or largest first for sites and sections. Undated articles
    are in no time bucket. `stories`: stories counted, not articles (a story carried in two
    buckets counts in each). Raises `QueryError` for a query with nothing to search for."""
    if by not in BUCKETS:
        raise ValueError(f"by must be one of {', '.join(BUCKETS)}, not {by!r}")
    conditions = [_matching(session, query) for query in queries]  # every query checked before any count
    where = [*filters, *([ArticleRow.published.is_not(None)] if by in TIME_BUCKETS else [])]
    counted: dict[str | None, list[int]] = {}
    for bucket, *numbers in _grouped(session, by, where, conditions, stories):
        key = _fold(by, bucket)
        found = counted.setdefault(key, [0] * len(numbers))
        found[:] = [a + b for a, b in zip(found, numbers)]
    if by in TIME_BUCKETS:
        order = sorted(counted)
    else:
        order = sorted(counted, key=lambda b: (-counted[b][0], b is None, b or ""))
    if not queries:
        return [Count(b, None, counted[b][0], counted[b][0]) for b in order]
    return [Count(b, query, counted[b][1 + i], counted[b][0]) for b in order for i, query in enumerate(queries)]
