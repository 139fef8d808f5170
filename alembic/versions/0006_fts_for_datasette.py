"""SQLite's search table declared as Datasette recognises it: ``content="articles"``.

Datasette finds a table's full-text index by the text of its declaration, and only when
the content table is named in double quotes (or brackets); 0002 wrote ``content='articles'``,
so Datasette's search box searched nothing and listed every row. An FTS5 table's declaration
cannot be altered: the table is dropped and created again with the same columns, options
and tokenizer, and rebuilt from ``articles.search_text`` (an external-content index holds
nothing else, so no data is lost). PostgreSQL has no such table: nothing to do there.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-08
"""
from __future__ import annotations

from typing import Sequence, Union

from alembic import op

revision: str = "0006"
down_revision: Union[str, Sequence[str], None] = "0005"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def _declare(content: str) -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    op.execute("DROP TABLE articles_fts")
    op.execute(
        f"CREATE VIRTUAL TABLE articles_fts USING fts5(search_text, content={content}, "
        "content_rowid='id', tokenize='unicode61 remove_diacritics 2')"
    )
    op.execute("INSERT INTO articles_fts(articles_fts) VALUES ('rebuild')")


def upgrade() -> None:
    _declare('"articles"')


def downgrade() -> None:
    _declare("'articles'")
