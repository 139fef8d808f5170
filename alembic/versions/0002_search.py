"""Full-text search: the normalised search text, and an index over it for each backend.

SQLite gets an external-content FTS5 table keyed by article id; PostgreSQL gets a
generated tsvector column with a GIN index. Existing articles are back-filled.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29
"""
from __future__ import annotations

from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

from arabnews_archive.text import search_tokens

revision: str = "0002"
down_revision: Union[str, Sequence[str], None] = "0001"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

_BATCH = 1000


def search_text(title: str | None, description: str | None, authors: list, tags: list, paragraphs: list) -> str:
    """The one search column of this revision: the article's words, normalised (frozen here;
    0007 replaced it by one column per field)."""
    return " ".join(search_tokens(" ".join([title or "", description or "", *authors, *tags, *paragraphs])))


_articles = sa.table(
    "articles",
    sa.column("id", sa.Integer()),
    sa.column("title", sa.Text()),
    sa.column("description", sa.Text()),
    sa.column("authors", sa.JSON()),
    sa.column("tags", sa.JSON()),
    sa.column("paragraphs", sa.JSON()),
    sa.column("search_text", sa.Text()),
)


def _backfill() -> None:
    connection = op.get_bind()
    last_id = 0
    while True:
        rows = connection.execute(
            sa.select(_articles).where(_articles.c.id > last_id).order_by(_articles.c.id).limit(_BATCH)
        ).all()
        if not rows:
            return
        for row in rows:
            text = search_text(row.title, row.description, row.authors, row.tags, row.paragraphs)
            connection.execute(_articles.update().where(_articles.c.id == row.id).values(search_text=text))
        last_id = rows[-1].id


def upgrade() -> None:
    op.add_column("articles", sa.Column("search_text", sa.Text(), server_default="", nullable=False))
    _backfill()
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "ALTER TABLE articles ADD COLUMN search_vector tsvector "
            "GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, search_text)) STORED"
        )
        op.execute("CREATE INDEX ix_articles_search_vector ON articles USING gin (search_vector)")
    else:
        op.execute(
            "CREATE VIRTUAL TABLE articles_fts USING fts5(search_text, content='articles', "
            "content_rowid='id', tokenize='unicode61 remove_diacritics 2')"
        )
        op.execute("INSERT INTO articles_fts(articles_fts) VALUES ('rebuild')")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX ix_articles_search_vector")
        op.drop_column("articles", "search_vector")
    else:
        op.execute("DROP TABLE articles_fts")
    op.drop_column("articles", "search_text")
