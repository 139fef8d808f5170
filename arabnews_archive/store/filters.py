"""The filters shared by listing and search (site, section, a published-date range, how the
article was extracted), and those on stored fetches (site, fetch time)."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Union

import sqlalchemy as sa
from sqlalchemy.sql.elements import ColumnElement

from arabnews_archive.fetch.hosts import site_host
from arabnews_archive.store.errors import QueryError
from arabnews_archive.store.models import DOUBTFUL, ArticleRow, Fetch, Site, as_utc

DateLike = Union[date, datetime, str]


def _as_date(value: DateLike) -> date | datetime:
    if not isinstance(value, str):
        return value
    try:
        return date.fromisoformat(value) if len(value) == 10 else datetime.fromisoformat(value)
    except ValueError:
        raise QueryError(f"not a date: {value!r} (use YYYY-MM-DD or an ISO 8601 date and time)") from None


def _start_of(value: date | datetime) -> datetime:
    # Naive values are taken as UTC, like dates stored without a zone.
    try:
        return as_utc(value if isinstance(value, datetime) else datetime.combine(value, time()))
    except OverflowError:  # "0001-01-01T00:00+05:00" is before the first instant there is
        raise QueryError(f"date out of range: {value.isoformat()}") from None


def to_datetime(value: DateLike) -> datetime:
    """The instant a `since` value stands for: a date means its midnight (UTC when no zone is given)."""
    return _start_of(_as_date(value))


def date_range(column: sa.ColumnElement[datetime], since: DateLike | None,
               until: DateLike | None) -> list[ColumnElement[bool]]:
    """`column` from `since` up to `until`, both included: a bare date is the whole day."""
    conditions: list[ColumnElement[bool]] = []
    if since is not None:
        conditions.append(column >= to_datetime(since))
    if until is not None:
        last = _as_date(until)
        if isinstance(last, datetime):
            conditions.append(column <= _start_of(last))
        elif last < date.max:  # a whole day: up to the next midnight (the last day has none: no bound)
            conditions.append(column < _start_of(last + timedelta(days=1)))
    return conditions


def article_filters(
    site: str | None = None,
    section: str | None = None,
    since: DateLike | None = None,
    until: DateLike | None = None,
    doubtful: bool = False,
    extraction: str | None = None,
) -> list[ColumnElement[bool]]:
    """WHERE conditions on `articles` for the given filters (None or False means no filter).

    `doubtful` keeps the articles `store.models.DOUBTFUL` describes; `extraction` those
    whose body came from that path ("main", "fallback", "json-ld", "none").
    """
    conditions: list[ColumnElement[bool]] = []
    if site:
        conditions.append(ArticleRow.site_id.in_(sa.select(Site.id).where(Site.host == site_host(site))))
    if section:
        conditions.append(ArticleRow.section == section)
    conditions += date_range(ArticleRow.published, since, until)
    if doubtful:
        conditions.append(DOUBTFUL)
    if extraction is not None:
        conditions.append(ArticleRow.extraction == extraction)
    return conditions


def fetch_filters(site: str | None = None, since: DateLike | None = None,
                  until: DateLike | None = None) -> list[ColumnElement[bool]]:
    """WHERE conditions on fetches: the final URL's site, and the fetch time (a bare date is a whole day)."""
    conditions: list[ColumnElement[bool]] = []
    if site:
        escaped = site_host(site).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        conditions.append(sa.or_(*(
            Fetch.final_url.like(f"http%://{prefix}{escaped}{tail}", escape="\\")
            for prefix in ("", "www.") for tail in ("", "/%", ":%", "?%")
        )))
    return conditions + date_range(Fetch.fetched_at, since, until)
