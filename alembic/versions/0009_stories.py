"""Stories across sources: the agencies an article credits, its story, the LSH keys that
find an article's copies and its shingles they are confirmed on.

Existing articles get no agencies (a re-parse reads them) and story_version 0: never
compared; `arabnews stories --rebuild` groups them.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06
"""
from __future__ import annotations

from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: Union[str, Sequence[str], None] = "0008"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.add_column("articles", sa.Column("agencies", sa.JSON(), server_default="[]", nullable=False))
    op.add_column("articles", sa.Column("story_id", sa.Integer(), nullable=True))
    op.add_column("articles", sa.Column("story_version", sa.SmallInteger(), server_default="0", nullable=False))
    op.create_index("ix_articles_story_id", "articles", ["story_id"])
    op.create_index("ix_articles_story_version", "articles", ["story_version"])
    op.create_table(
        "stories",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_stories"),
    )
    op.create_table(
        "story_bands",
        sa.Column("band_key", sa.BigInteger(), nullable=False),
        sa.Column("day", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], name="fk_story_bands_article_id_articles",
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("band_key", "day", "article_id", name="pk_story_bands"),
        sqlite_with_rowid=False,
    )
    op.create_index("ix_story_bands_article_id", "story_bands", ["article_id"])
    op.create_table(
        "story_texts",
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("shingles", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], name="fk_story_texts_article_id_articles",
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("article_id", name="pk_story_texts"),
    )


def downgrade() -> None:
    op.drop_table("story_texts")
    op.drop_index("ix_story_bands_article_id", table_name="story_bands")
    op.drop_table("story_bands")
    op.drop_table("stories")
    op.drop_index("ix_articles_story_version", table_name="articles")
    op.drop_index("ix_articles_story_id", table_name="articles")
    op.drop_column("articles", "story_version")
    op.drop_column("articles", "story_id")
    op.drop_column("articles", "agencies")
