"""Attention over time: how many articles matched each query per day, week or month (or per
site or section), raw and as a share of all the articles of the bucket; a chart, the same
numbers as a table, and as CSV."""
from __future__ import annotations

import io
from dataclasses import replace
from datetime import date, timedelta
from typing import Any
from urllib.parse import urlencode

from flask import Blueprint, Response, url_for

import arabnews_archive.formats as formats
from arabnews_archive.archive import BUCKETS, Count
from arabnews_archive.web import charts, params
from arabnews_archive.web.app import archive, json_response, respond, wants_json

blueprint = Blueprint("attention", __name__)

COLUMNS = ("bucket", "query", "matches", "total", "ratio")
TIME = ("day", "week", "month")
LABELS = {"day": "يوم", "week": "أسبوع", "month": "شهر", "site": "موقع", "section": "قسم"}


@blueprint.get("/attention")
def attention() -> Any:
    queries = params.texts("q", params.MAX_QUERIES)
    by = params.choice("by", BUCKETS, "month")
    filters = params.Filters.read()
    fmt = params.choice("format", ("html", "json", "csv"), "html")
    # The author filter folds into each query, as on the search page.
    scoped = {params.scoped_query(q, filters.author): q for q in queries}
    counts = archive().count(list(scoped), by=by, **filters.scope()) if queries else []
    counts = [replace(count, query=scoped[count.query]) for count in counts]  # as the reader asked
    rows = [count.to_dict() for count in counts]
    if fmt == "csv":
        return _csv(rows)
    data = {"queries": queries, "by": by, "filters": filters.to_dict(), "rows": rows}
    if wants_json():  # before the charts are drawn: a program needs only the numbers
        return json_response(data)
    return respond("attention.html", data, table=_table(counts, by, filters), charts=_charts(counts, queries, by), labels=LABELS)


def _table(counts: list[Count], by: str, filters: params.Filters) -> list[tuple[str | None, int, list[tuple[Count, str]]]]:
    """(bucket, its total, each query's count with the address of its matches) rows, the
    queries in the order asked. Addresses are built here, not by url_for in the template: a
    year of days is a thousand links."""
    rows: dict[str | None, list[Count]] = {}
    for count in counts:
        rows.setdefault(count.bucket, []).append(count)
    search = url_for("search.search") + "?"
    kept = {k: v for k, v in filters.to_dict().items() if v}
    return [(bucket, found[0].total,
             [(c, search + urlencode({"q": c.query, **kept, **_narrowed(by, bucket)})) for c in found])
            for bucket, found in rows.items()]


def _narrowed(by: str, bucket: str | None) -> dict[str, Any]:
    """The search parameters of one bucket: its days, its site or its section."""
    if by not in TIME or bucket is None:
        return {by: bucket} if bucket is not None else {}
    first = date.fromisoformat(bucket + "-01" if by == "month" else bucket)
    if by == "day":
        return {"since": bucket, "until": bucket}
    last = first + timedelta(days=6) if by == "week" else (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    return {"since": first.isoformat(), "until": last.isoformat()}


def _charts(counts: list[Count], queries: list[str], by: str) -> list[tuple[str, str]]:
    """(title, image) of the raw counts and of the shares."""
    if not counts:
        return []
    buckets = list(dict.fromkeys(c.bucket for c in counts))
    labels = [b if b is not None else "(بلا قسم)" for b in buckets]
    per_query: dict[str, dict[str | None, Count]] = {q: {} for q in queries}
    for count in counts:
        per_query[count.query][count.bucket] = count  # type: ignore[index]
    raw = {q: [found[b].matches for b in buckets] for q, found in per_query.items()}
    share = {q: [found[b].ratio * 100 for b in buckets] for q, found in per_query.items()}
    if by in TIME:
        return [("عدد المقالات", charts.line_chart("عدد المقالات المطابقة", labels, raw)),
                ("النسبة من كل المقالات", charts.line_chart("النسبة من كل مقالات الفترة", labels, share, percent=True))]
    return [("عدد المقالات", charts.bar_chart("عدد المقالات المطابقة", labels, raw))]


def _csv(rows: list[dict[str, Any]]) -> Response:
    stream = io.StringIO()
    formats.write_csv(rows, COLUMNS, stream, bom=True)
    return Response(stream.getvalue(), mimetype="text/csv",
                    headers={"Content-Disposition": 'attachment; filename="arabnews-attention.csv"'})
