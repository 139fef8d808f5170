"""Search that finds a word with its clitics: the index holds each field of an article
(title, authors, section, body) as the analyzer makes it, words and their readings, and
the analyzer's version; every article is re-indexed, with progress, from its stored fields.

The one `search_text` column gives way to one column per field. SQLite's FTS table is
created again over them (still ``content="articles"``, which Datasette detects), with
the ``ascii`` tokenizer: it splits on the spaces the analyzer put and nothing else, so
both databases index the same words. PostgreSQL's tsvector is generated from the same
columns by `arabnews_search_vector`, which reads them the same way (no text-search
parser, whose idea of a word depends on the server's locale), each field its weight
(A title, B authors, C section, D body) and its own range of positions, so that no
phrase runs from one field into the next. No data is lost: the index holds nothing
that the articles' own columns do not.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-12
"""
from __future__ import annotations

import logging
from typing import Callable, Sequence, Union

import sqlalchemy as sa
from alembic import op

from arabnews_archive.article import Article
from arabnews_archive.store.search_index import search_fields
from arabnews_archive.text import search_tokens

revision: str = "0007"
down_revision: Union[str, Sequence[str], None] = "0006"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

log = logging.getLogger(__name__)
FIELDS = ("search_title", "search_authors", "search_section", "search_body")
# PostgreSQL: a small vector of its own for each field a query can name (title:, author:,
# section:), so that a scoped word is answered by an index and not by reading each match's
# whole vector to see where the word is.
FIELD_VECTORS = {"title_vector": "search_title", "authors_vector": "search_authors", "section_vector": "search_section"}
_BATCH = 1000
_articles = sa.table(
    "articles", sa.column("id", sa.Integer()), sa.column("title", sa.Text()), sa.column("authors", sa.JSON()),
    sa.column("section", sa.Text()), sa.column("description", sa.Text()), sa.column("dateline", sa.Text()),
    sa.column("tags", sa.JSON()), sa.column("paragraphs", sa.JSON()), sa.column("search_text", sa.Text()),
    *(sa.column(name, sa.Text()) for name in FIELDS), sa.column("search_version", sa.SmallInteger()),
)
# Positions: title from 1, authors from 1025, section from 2049, body from 3073; PostgreSQL
# keeps none past 16383 (the analyzer indexes few enough words for phrases to fit).
PG_FUNCTION = """
CREATE FUNCTION arabnews_search_vector(title text, authors text, section text, body text)
RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT coalesce(string_agg('''' || term || ''':' || least(start + n, 16383) || weight, ' '), '')::tsvector
  FROM (VALUES (title, 0, 'A'), (authors, 1024, 'B'), (section, 2048, 'C'), (body, 3072, 'D'))
         AS field(words, start, weight),
       unnest(string_to_array(words, ' ')) WITH ORDINALITY AS word(term, n)
  WHERE term <> ''
$$"""
FTS5 = ("CREATE VIRTUAL TABLE articles_fts USING fts5(search_title, search_authors, search_section, search_body, "
        "content=\"articles\", content_rowid='id', tokenize='ascii')")
# As 0006 declared them.
FTS5_0006 = ("CREATE VIRTUAL TABLE articles_fts USING fts5(search_text, content=\"articles\", "
             "content_rowid='id', tokenize='unicode61 remove_diacritics 2')")
PG_VECTOR_0006 = ("ALTER TABLE articles ADD COLUMN search_vector tsvector "
                  "GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, search_text)) STORED")


def _is_postgresql() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def _drop_index(revision_0007: bool) -> None:
    if _is_postgresql():
        for vector in ("search_vector", *(FIELD_VECTORS if revision_0007 else ())):
            op.execute(f"DROP INDEX ix_articles_{vector}")
            op.drop_column("articles", vector)
        op.execute("DROP FUNCTION IF EXISTS arabnews_search_vector(text, text, text, text)")
    else:
        op.execute("DROP TABLE articles_fts")


def _backfill(values: Callable[[sa.Row], dict]) -> None:
    """Write `values(row)` into each article, a batch at a time, logging progress."""
    connection = op.get_bind()
    total = connection.scalar(sa.select(sa.func.count()).select_from(_articles)) or 0
    done = last_id = 0
    while True:
        rows = connection.execute(
            sa.select(_articles).where(_articles.c.id > last_id).order_by(_articles.c.id).limit(_BATCH)
        ).all()
        if not rows:
            return
        for row in rows:
            connection.execute(_articles.update().where(_articles.c.id == row.id).values(**values(row)))
        done += len(rows)
        last_id = rows[-1].id
        log.warning("re-indexing articles for search: %d of %d", done, total)


def _fields(row: sa.Row) -> dict:
    return search_fields(Article(
        title=row.title, authors=tuple(row.authors), section=row.section, description=row.description,
        dateline=row.dateline, tags=tuple(row.tags), paragraphs=tuple(row.paragraphs)))


def upgrade() -> None:
    _drop_index(revision_0007=False)
    for name in FIELDS:
        op.add_column("articles", sa.Column(name, sa.Text(), server_default="", nullable=False))
    op.add_column("articles", sa.Column("search_version", sa.SmallInteger(), server_default="0", nullable=False))
    op.create_index("ix_articles_search_version", "articles", ["search_version"])
    _backfill(_fields)
    op.drop_column("articles", "search_text")
    if _is_postgresql():
        op.execute(PG_FUNCTION)
        op.execute("ALTER TABLE articles ADD COLUMN search_vector tsvector GENERATED ALWAYS AS "
                   "(arabnews_search_vector(search_title, search_authors, search_section, search_body)) STORED")
        op.execute("CREATE INDEX ix_articles_search_vector ON articles USING gin (search_vector)")
        for vector, field in FIELD_VECTORS.items():
            fields = ", ".join(name if name == field else "''" for name in FIELDS)
            op.execute(f"ALTER TABLE articles ADD COLUMN {vector} tsvector GENERATED ALWAYS AS "
                       f"(arabnews_search_vector({fields})) STORED")
            op.execute(f"CREATE INDEX ix_articles_{vector} ON articles USING gin ({vector})")
    else:
        op.execute(FTS5)
        op.execute("INSERT INTO articles_fts(articles_fts) VALUES ('rebuild')")


def _search_text(row: sa.Row) -> dict:
    """0002's one column: the article's words, normalised."""
    words = [row.title or "", row.description or "", *row.authors, *row.tags, *row.paragraphs]
    return {"search_text": " ".join(search_tokens(" ".join(words)))}


def downgrade() -> None:
    _drop_index(revision_0007=True)
    op.add_column("articles", sa.Column("search_text", sa.Text(), server_default="", nullable=False))
    _backfill(_search_text)
    op.drop_index("ix_articles_search_version", table_name="articles")
    for name in (*FIELDS, "search_version"):
        op.drop_column("articles", name)
    if _is_postgresql():
        op.execute(PG_VECTOR_0006)
        op.execute("CREATE INDEX ix_articles_search_vector ON articles USING gin (search_vector)")
    else:
        op.execute(FTS5_0006)
        op.execute("INSERT INTO articles_fts(articles_fts) VALUES ('rebuild')")
