"""Full-text search: a parsed query compiled for SQLite FTS5 or PostgreSQL tsquery, ranked.

Both databases index the same words (store/search_index.py), so a compiled query finds
the same articles on both. A bare word is looked up as printed and as a reading (the
word with clitics taken off, marked by `text.READING_MARK`); a quoted word or phrase as
printed only. Ranking is BM25 on SQLite (FTS5's bm25) and cover density on PostgreSQL
(ts_rank_cd), a headline match weighing `TITLE_WEIGHT` times a match elsewhere; ties go
to the newest.
"""
from __future__ import annotations

from typing import Literal, Sequence

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import TSQUERY
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from arabnews_archive.fetch.hosts import site_host
from arabnews_archive.query.language import Query, Term, parse_query
from arabnews_archive.store.models import FTS_TABLE, SEARCH_FIELDS, SEARCH_VECTOR_COLUMN, ArticleRow, Site
from arabnews_archive.text import READING_MARK

Order = Literal["relevance", "newest", "oldest"]
ORDERS: tuple[Order, ...] = ("relevance", "newest", "oldest")
TITLE_WEIGHT = 4.0
# Where a term is looked for: its field's column(s) on SQLite, its weight(s) on PostgreSQL
# (A title, B authors, C section, D body, as store/search_index.py builds the vector).
_FTS_COLUMNS = {None: ("search_title", "search_authors", "search_body"), "title": ("search_title",),
                "author": ("search_authors",), "section": ("search_section",)}
_PG_WEIGHTS = {None: "ABD", "title": "A", "author": "B", "section": "C"}
# bm25's weights in the FTS table's column order; ts_rank_cd's for weights D, C, B, A.
_BM25_WEIGHTS = tuple(TITLE_WEIGHT if name == "search_title" else 1.0 for name in SEARCH_FIELDS)
_PG_RANK_WEIGHTS = "{%s, %s, %s, %s}" % (1 / TITLE_WEIGHT, 1 / TITLE_WEIGHT, 1 / TITLE_WEIGHT, 1.0)


def _fts5_string(text: str) -> str:
    # Tokens are letters and digits only, but quoting them anyway keeps every FTS5
    # keyword (AND, NEAR, ...) inert; a quoted string of several tokens is a phrase.
    return '"' + text.replace('"', '""') + '"'


def _fts5_term(term: Term) -> str:
    columns = "{" + " ".join(_FTS_COLUMNS[term.field]) + "} : "
    if term.is_phrase:
        return columns + _fts5_string(" ".join(term.tokens))
    word = term.tokens[0]
    return columns + "(" + _fts5_string(word) + " OR " + _fts5_string(word + READING_MARK) + ")"


def to_fts5(query: Query) -> str:
    """The FTS5 MATCH expression for `query`."""
    clauses = ["(" + " OR ".join(_fts5_term(t) for t in clause) + ")" for clause in query.clauses]
    expression = "(" + " AND ".join(clauses) + ")"
    for term in query.excluded:
        expression += " NOT (" + _fts5_term(term) + ")"
    return expression


def _lexeme(token: str, weights: str) -> str:
    # Quoted lexemes: tsquery's input reads nothing inside '...' as an operator.
    return "'" + token.replace("'", "''").replace("\\", "\\\\") + "':" + weights


def _tsquery_term(term: Term) -> str:
    weights = _PG_WEIGHTS[term.field]
    if term.is_phrase:
        return "(" + " <-> ".join(_lexeme(t, weights) for t in term.tokens) + ")"
    word = term.tokens[0]
    return "(" + _lexeme(word, weights) + " | " + _lexeme(word + READING_MARK, weights) + ")"


def to_tsquery(query: Query) -> str:
    """The text of PostgreSQL's ``tsquery`` for `query` (cast, not parsed: no text-search
    parser rereads the analyzer's words)."""
    parts = ["(" + " | ".join(_tsquery_term(t) for t in clause) + ")" for clause in query.clauses]
    parts += ["!" + _tsquery_term(t) for t in query.excluded]
    return " & ".join(parts)


def _site_filters(query: Query) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if query.sites:
        hosts = {site_host(site) for site in query.sites}
        # Two different sites at once: no article is on both.
        conditions.append(ArticleRow.site_id.in_(sa.select(Site.id).where(Site.host.in_(hosts)))
                          if len(hosts) == 1 else sa.false())
    if query.excluded_sites:
        hosts = {site_host(site) for site in query.excluded_sites}
        conditions.append(ArticleRow.site_id.not_in(sa.select(Site.id).where(Site.host.in_(hosts))))
    return conditions


def matching(session: Session, query: Query) -> tuple[sa.Subquery, ColumnElement[bool]]:
    """(the matching articles' ids with a `score`, lower is better; the query's own site conditions)."""
    if session.get_bind().dialect.name == "postgresql":
        vector = sa.literal_column(f"{ArticleRow.__tablename__}.{SEARCH_VECTOR_COLUMN}")
        tsquery = sa.cast(sa.literal(to_tsquery(query)), TSQUERY)
        rank = sa.func.ts_rank_cd(sa.literal_column(f"'{_PG_RANK_WEIGHTS}'::real[]"), vector, tsquery, 1)
        hits = (sa.select(ArticleRow.id.label("id"), (-rank).label("score"))
                .where(vector.op("@@")(tsquery)).subquery())
    else:
        fts = sa.table(FTS_TABLE, sa.column("rowid"))
        score = sa.func.bm25(sa.literal_column(FTS_TABLE), *_BM25_WEIGHTS)
        hits = (sa.select(fts.c.rowid.label("id"), score.label("score"))
                .where(sa.literal_column(FTS_TABLE).op("MATCH")(to_fts5(query))).subquery())
    return hits, sa.and_(sa.true(), *_site_filters(query))


def search_ids(
    session: Session, query: str | Query, filters: Sequence[ColumnElement[bool]] = (),
    limit: int | None = None, order: Order = "relevance",
) -> list[int]:
    """Ids of matching articles: most relevant first (then newest), or newest or oldest first.

    Raises :class:`QueryError` for a query with nothing to search for.
    """
    if order not in ORDERS:
        raise ValueError(f"order must be one of {', '.join(ORDERS)}, not {order!r}")
    parsed = parse_query(query) if isinstance(query, str) else query
    hits, sites = matching(session, parsed)
    by_date = ArticleRow.published.asc().nulls_last() if order == "oldest" else ArticleRow.published.desc().nulls_last()
    by_id = ArticleRow.id.asc() if order == "oldest" else ArticleRow.id.desc()
    statement = (sa.select(ArticleRow.id).join(hits, hits.c.id == ArticleRow.id).where(sites, *filters)
                 .order_by(*((hits.c.score,) if order == "relevance" else ()), by_date, by_id))
    if limit is not None:
        statement = statement.limit(limit)
    return list(session.scalars(statement))


def count_matches(session: Session, term: Term, filters: Sequence[ColumnElement[bool]] = ()) -> int:
    """How many articles the one term finds (to say which word of a fruitless query found nothing)."""
    hits, _ = matching(session, Query(((term,),)))
    return session.scalar(sa.select(sa.func.count()).select_from(ArticleRow)
                          .join(hits, hits.c.id == ArticleRow.id).where(*filters)) or 0
