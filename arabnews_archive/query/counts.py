"""How much was written about a subject: matching articles per day, week, month, site or
section, beside all the articles of that bucket and the share they make (Media Cloud's
normalised attention), for one query or several side by side.

Dates are publication dates in UTC; undated articles are left out of the time buckets. A
week is named by its Monday. The buckets are computed by the database, the same on both.
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

import sqlalchemy as sa
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from arabnews_archive.query.language import parse_query
from arabnews_archive.query.search import matches
from arabnews_archive.store.models import ArticleRow, Site

Bucket = Literal["day", "week", "month", "site", "section"]
BUCKETS: tuple[Bucket, ...] = ("day", "week", "month", "site", "section")
NO_SECTION = "(no section)"


def _bucket(session: Session, by: Bucket) -> tuple[ColumnElement[Any], list[ColumnElement[bool]]]:
    """The bucket's expression and the conditions an article needs to have one."""
    if by == "site":
        return Site.host, []
    if by == "section":
        return sa.func.coalesce(ArticleRow.section, NO_SECTION), []
    published = ArticleRow.published
    if session.get_bind().dialect.name == "postgresql":
        utc = sa.func.timezone("UTC", published)
        day = sa.func.date_trunc("week" if by == "week" else by, utc)
        expression = sa.func.to_char(day, "YYYY-MM" if by == "month" else "YYYY-MM-DD")
    else:
        formats = {"day": ("%Y-%m-%d",), "week": ("%Y-%m-%d", "-6 days", "weekday 1"), "month": ("%Y-%m",)}
        pattern, *modifiers = formats[by]
        expression = sa.func.strftime(pattern, published, *modifiers)
    return expression, [published.is_not(None)]


def count_by(session: Session, queries: Sequence[str], by: Bucket,
             filters: Sequence[ColumnElement[bool]] = ()) -> list[dict[str, Any]]:
    """One record per bucket: `bucket`, `total` (articles in it), then for each query its
    matching articles and their `ratio` to the total (columns named by the query, and
    "QUERY ratio"). Buckets in order (dates oldest first, sites and sections by name)."""
    if by not in BUCKETS:
        raise ValueError(f"count by one of {', '.join(BUCKETS)}, not {by!r}")
    bucket, needs = _bucket(session, by)
    base = sa.select(bucket.label("bucket"), sa.func.count().label("n")).select_from(ArticleRow)
    if by == "site":
        base = base.join(Site, Site.id == ArticleRow.site_id)
    totals = dict(session.execute(base.where(*needs, *filters).group_by(bucket)).all())
    records: dict[Any, dict[str, Any]] = {key: {"bucket": key, "total": n} for key, n in sorted(totals.items())}
    for query in queries:
        found = dict(session.execute(base.where(matches(session, parse_query(query)), *needs, *filters)
                                     .group_by(bucket)).all())
        for key, record in records.items():
            record[query] = found.get(key, 0)
            record[f"{query} ratio"] = round(record[query] / record["total"], 4)
    return list(records.values())


def count_columns(queries: Sequence[str]) -> tuple[str, ...]:
    """The columns of `count_by`'s records, in order."""
    return ("bucket", "total", *(column for query in queries for column in (query, f"{query} ratio")))
