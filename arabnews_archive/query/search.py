"""Full-text search: a parsed query compiled for SQLite FTS5 or PostgreSQL tsquery, ranked.

Both databases index the same words (store/search_index.py), so a compiled query finds
the same articles on both. A bare word is looked up as printed and as a reading (the
word with clitics taken off, marked by `text.READING_MARK`); a quoted word or phrase as
printed only. Ranking is BM25 on SQLite (FTS5's bm25) and cover density on PostgreSQL
(ts_rank_cd), a headline match weighing `TITLE_WEIGHT` times a match elsewhere; ties go
to the newest.
"""
from __future__ import annotations

from typing import Any, Literal, Sequence

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import TSQUERY
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from arabnews_archive.fetch.hosts import site_host
from arabnews_archive.query.language import Query, Term, parse_query
from arabnews_archive.store.models import FIELD_VECTORS, FTS_TABLE, SEARCH_FIELDS, SEARCH_VECTOR_COLUMN, ArticleRow, Site
from arabnews_archive.text import READING_MARK

Order = Literal["relevance", "newest", "oldest"]
ORDERS: tuple[Order, ...] = ("relevance", "newest", "oldest")
TITLE_WEIGHT = 4.0
# Where a term with a field is looked for: its FTS column on SQLite, its own small vector on
# PostgreSQL (models.FIELD_VECTORS). A bare word is looked for in every field.
_FTS_COLUMNS = {"title": "search_title", "author": "search_authors", "section": "search_section"}
# bm25's weights in the FTS table's column order; ts_rank_cd's for weights D, C, B, A.
_BM25_WEIGHTS = tuple(TITLE_WEIGHT if name == "search_title" else 1.0 for name in SEARCH_FIELDS)
_PG_RANK_WEIGHTS = "{%s, %s, %s, %s}" % (1 / TITLE_WEIGHT, 1 / TITLE_WEIGHT, 1 / TITLE_WEIGHT, 1.0)
# How many matches, the ones stored last, relevance ranks (see search_ids); a query that
# matches fewer is ranked whole.
RANK_WINDOW = 500


def _fts5_string(text: str) -> str:
    # Tokens are letters and digits only, but quoting them anyway keeps every FTS5
    # keyword (AND, NEAR, ...) inert; a quoted string of several tokens is a phrase.
    return '"' + text.replace('"', '""') + '"'


def _fts5_term(term: Term) -> str:
    columns = "{" + _FTS_COLUMNS[term.field] + "} : " if term.field else ""
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


def _lexeme(token: str) -> str:
    # Quoted lexemes: tsquery's input reads nothing inside '...' as an operator.
    return "'" + token.replace("'", "''").replace("\\", "\\\\") + "'"


def _tsquery_term(term: Term) -> str:
    if term.is_phrase:
        return "(" + " <-> ".join(_lexeme(t) for t in term.tokens) + ")"
    word = term.tokens[0]
    return "(" + _lexeme(word) + " | " + _lexeme(word + READING_MARK) + ")"


def to_tsquery(query: Query) -> str:
    """The text of PostgreSQL's ``tsquery`` for `query`'s words, fields aside (cast, not
    parsed: no text-search parser rereads the analyzer's words)."""
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


_VECTOR = sa.literal_column(f"{ArticleRow.__tablename__}.{SEARCH_VECTOR_COLUMN}")


def _tsquery(query: Query) -> ColumnElement[Any]:
    return sa.cast(sa.literal(to_tsquery(query)), TSQUERY)


def _pg_term(term: Term) -> ColumnElement[bool]:
    vector = sa.literal_column(f"{ArticleRow.__tablename__}.{FIELD_VECTORS[term.field]}") if term.field else _VECTOR
    return vector.op("@@")(sa.cast(sa.literal(_tsquery_term(term)), TSQUERY))


def _pg_matches(query: Query) -> ColumnElement[bool]:
    """PostgreSQL: the clauses of bare words as one tsquery on the article's vector (its
    exclusions with them), each clause naming a field as conditions on the fields' vectors."""
    bare = tuple(clause for clause in query.clauses if not any(term.field for term in clause))
    named = [clause for clause in query.clauses if clause not in bare]
    excluded = [term for term in query.excluded if term.field or not bare]
    conditions = [sa.or_(*(_pg_term(term) for term in clause)) for clause in named]
    conditions += [sa.not_(_pg_term(term)) for term in excluded]
    if bare:
        with_bare = Query(bare, tuple(term for term in query.excluded if term not in excluded))
        conditions.append(_VECTOR.op("@@")(_tsquery(with_bare)))
    return sa.and_(*conditions)


def _rank(vector: ColumnElement[Any], query: Query) -> ColumnElement[float]:
    return sa.func.ts_rank_cd(sa.literal_column(f"'{_PG_RANK_WEIGHTS}'::real[]"), vector, _tsquery(query), 1)


def _prefer_the_index(session: Session) -> None:
    """PostgreSQL's planner does not count the cost of reading an article's vector (stored
    apart, compressed) to test a match: for a common word it would read every article's
    instead of asking the GIN index, a hundred times slower. For this transaction only."""
    session.execute(sa.text("SET LOCAL enable_seqscan = off"))


def _fts5_ids(query: Query) -> sa.Select[Any]:
    """SQLite: the ids (FTS rowids) of the articles matching `query`."""
    fts = sa.table(FTS_TABLE, sa.column("rowid"))
    return sa.select(fts.c.rowid.label("id")).where(sa.literal_column(FTS_TABLE).op("MATCH")(to_fts5(query)))


def matches(session: Session, query: Query) -> ColumnElement[bool]:
    """The condition an article matching `query` meets (its words and its `site:`s), for counting."""
    if session.get_bind().dialect.name == "postgresql":
        _prefer_the_index(session)
        condition = _pg_matches(query)
    else:
        condition = ArticleRow.id.in_(_fts5_ids(query))
    return sa.and_(condition, *_site_filters(query))


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
    by_date = ArticleRow.published.asc().nulls_last() if order == "oldest" else ArticleRow.published.desc().nulls_last()
    by_id = ArticleRow.id.asc() if order == "oldest" else ArticleRow.id.desc()
    if order != "relevance":
        statement = sa.select(ArticleRow.id).where(matches(session, parsed), *filters).order_by(by_date, by_id)
        return list(session.scalars(statement if limit is None else statement.limit(limit)))
    # Ranking reads every match's word counts: only the RANK_WINDOW matches stored last are
    # ranked, so that a word found in every other article is answered as fast as a rare one.
    if session.get_bind().dialect.name == "postgresql":
        # The vector passes through the window: ranked above it, only for the window's articles.
        # id + 0: an order the primary key's index cannot give, or the planner would walk the
        # whole table along it, testing every article's vector, to find a rare word's matches.
        window = (sa.select(ArticleRow.id, ArticleRow.published, _VECTOR.label("vector"))
                  .where(matches(session, parsed), *filters).order_by((ArticleRow.id + 0).desc()))
    else:
        fts = sa.table(FTS_TABLE, sa.column("rowid"))
        score = sa.func.bm25(sa.literal_column(FTS_TABLE), *_BM25_WEIGHTS)  # lower is better
        window = (sa.select(ArticleRow.id, ArticleRow.published, score.label("score")).select_from(fts)
                  .join(ArticleRow, ArticleRow.id == fts.c.rowid)
                  .where(sa.literal_column(FTS_TABLE).op("MATCH")(to_fts5(parsed)), *_site_filters(parsed), *filters)
                  .order_by(fts.c.rowid.desc()))  # the FTS table's own order: it stops after the window
    ranked = window.limit(RANK_WINDOW).subquery()
    score = -_rank(ranked.c.vector, parsed) if "vector" in ranked.c else ranked.c.score
    statement = sa.select(ranked.c.id).order_by(score, ranked.c.published.desc().nulls_last(), ranked.c.id.desc())
    if limit is not None:
        statement = statement.limit(limit)
    return list(session.scalars(statement))


def count_term(session: Session, term: Term, filters: Sequence[ColumnElement[bool]] = ()) -> int:
    """How many articles the one term finds (to say which word of a fruitless query found nothing)."""
    condition = matches(session, Query(((term,),)))
    return session.scalar(sa.select(sa.func.count()).select_from(ArticleRow).where(condition, *filters)) or 0
