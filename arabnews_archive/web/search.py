"""The search page (also the front page: the newest headlines when nothing is asked) and the
export of any result set as CSV or JSON Lines."""
from __future__ import annotations

import tempfile
from collections.abc import Iterator
from itertools import islice
from typing import IO, Any

from flask import Blueprint, Response

import arabnews_archive.formats as formats
from arabnews_archive.archive import ARTICLE_COLUMNS
from arabnews_archive.article import Article
from arabnews_archive.web import params, present
from arabnews_archive.web.app import archive, respond

blueprint = Blueprint("search", __name__)

EXPORTS = {"csv": formats.CSV, "jsonl": formats.NL, "json": formats.JSON}
MIMETYPES = {formats.CSV: "text/csv", formats.NL: "application/x-ndjson", formats.JSON: "application/json"}
# An export is written whole before it is sent (so an error is a clean 400, not a cut file),
# in memory up to this size and in a temporary file beyond.
SPOOL_BYTES = 8 * 2**20


def _found(query: str | None, filters: params.Filters, *, limit: int | None) -> Iterator[Article]:
    """The result set a page or an export shows: the query's matches, best first, or without
    a query every article (filtered), newest first."""
    if query:
        return archive().search(query, **filters.scope(), limit=limit)
    return archive().articles(**filters.scope(), sort="newest", limit=limit)


@blueprint.get("/")
@blueprint.get("/search")
def search() -> Any:
    filters = params.Filters.read()
    asked = params.text("q")
    query = params.scoped_query(asked, filters.author)
    page = params.number("page", 1, 1, params.MAX_PAGE)
    per_page = params.number("per_page", params.PER_PAGE, 1, params.MAX_PER_PAGE)
    offset = (page - 1) * per_page
    found = list(islice(_found(query, filters, limit=offset + per_page), offset, None))
    by_site = archive().count([query] if query else [], by="site", **filters.scope())
    sources = [{"site": c.bucket, "matches": c.matches, "total": c.total, "ratio": c.ratio}
               for c in by_site if c.matches]
    results = [{**_summary(a), "passage": present.passage(a)} for a in found]
    data = {
        "query": asked, "filters": filters.to_dict(), **params.page_of(sum(s["matches"] for s in sources), page, per_page),
        "results": [{**r, "passage": present.passage_text(r["passage"])} for r in results],
        "sources": sources,
    }
    return respond("search.html", data, results=results)


def _summary(article: Article) -> dict[str, Any]:
    return {"id": article.id, "title": article.title, "url": article.canonical_url or article.url,
            "site_name": article.site_name, "published": article.published, "dateline": article.dateline,
            "section": article.section, "authors": list(article.authors)}


@blueprint.get("/export")
def export() -> Response:
    filters = params.Filters.read()
    query = params.scoped_query(params.text("q"), filters.author)
    fmt = EXPORTS[params.choice("format", tuple(EXPORTS), "csv")]
    spool: IO[str] = tempfile.SpooledTemporaryFile(SPOOL_BYTES, mode="w+", encoding="utf-8", newline="")
    records = (article.to_dict() for article in _found(query, filters, limit=None))
    formats.write(fmt, records, ARTICLE_COLUMNS, spool, bom=fmt == formats.CSV)  # the CLI's renderer, Excel's BOM
    spool.seek(0)
    name = {formats.CSV: "csv", formats.NL: "jsonl", formats.JSON: "json"}[fmt]
    return Response(_chunks(spool), mimetype=MIMETYPES[fmt],
                    headers={"Content-Disposition": f'attachment; filename="arabnews-export.{name}"'})


def _chunks(spool: IO[str], size: int = 2**16) -> Iterator[bytes]:
    with spool:
        while chunk := spool.read(size):
            yield chunk.encode("utf-8")

