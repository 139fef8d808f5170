"""Core tables: sites, bodies, fetches, articles and article revisions.

Revision ID: 0001
Revises:
Create Date: 2026-11-29
"""
from __future__ import annotations

from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op


revision: str = "0001"
down_revision: Union[str, Sequence[str], None] = None
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table(
        "sites",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("host", sa.String(255), nullable=False),
        sa.Column("name", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_sites"),
        sa.UniqueConstraint("host", name="uq_sites_host"),
    )
    op.create_table(
        "bodies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_bodies"),
        sa.UniqueConstraint("content_hash", name="uq_bodies_content_hash"),
    )
    op.create_table(
        "fetches",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("requested_url", sa.Text(), nullable=False),
        sa.Column("final_url", sa.Text(), nullable=True),
        sa.Column("status", sa.Integer(), nullable=True),
        sa.Column("headers", sa.JSON(), nullable=True),
        sa.Column("fetched_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("size", sa.Integer(), nullable=True),
        sa.Column("content_hash", sa.String(64), nullable=True),
        sa.Column("body_id", sa.Integer(), nullable=True),
        sa.Column("redirects", sa.JSON(), nullable=True),
        sa.Column("not_modified", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["body_id"], ["bodies.id"], name="fk_fetches_body_id_bodies"),
        sa.PrimaryKeyConstraint("id", name="pk_fetches"),
    )
    op.create_index("ix_fetches_requested_url", "fetches", ["requested_url"])
    op.create_index("ix_fetches_fetched_at", "fetches", ["fetched_at"])
    op.create_index("ix_fetches_body_id", "fetches", ["body_id"])
    op.create_table(
        "articles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key_url", sa.Text(), nullable=False),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("canonical_url", sa.Text(), nullable=True),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("dateline", sa.Text(), nullable=True),
        sa.Column("published", sa.DateTime(timezone=True), nullable=True),
        sa.Column("published_tz_offset", sa.Integer(), nullable=True),
        sa.Column("updated", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_tz_offset", sa.Integer(), nullable=True),
        sa.Column("authors", sa.JSON(), nullable=False),
        sa.Column("section", sa.Text(), nullable=True),
        sa.Column("tags", sa.JSON(), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("image", sa.Text(), nullable=True),
        sa.Column("images", sa.JSON(), nullable=False),
        sa.Column("language", sa.String(35), nullable=True),
        sa.Column("site_name", sa.Text(), nullable=True),
        sa.Column("paragraphs", sa.JSON(), nullable=False),
        sa.Column("parser_version", sa.String(32), nullable=False),
        sa.Column("fetch_id", sa.Integer(), nullable=False),
        sa.Column("site_id", sa.Integer(), nullable=False),
        sa.Column("first_seen", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["fetch_id"], ["fetches.id"], name="fk_articles_fetch_id_fetches"),
        sa.ForeignKeyConstraint(["site_id"], ["sites.id"], name="fk_articles_site_id_sites"),
        sa.PrimaryKeyConstraint("id", name="pk_articles"),
        sa.UniqueConstraint("key_url", name="uq_articles_key_url"),
    )
    op.create_index("ix_articles_published", "articles", ["published"])
    op.create_index("ix_articles_parser_version", "articles", ["parser_version"])
    op.create_index("ix_articles_fetch_id", "articles", ["fetch_id"])
    op.create_index("ix_articles_site_section", "articles", ["site_id", "section"])
    op.create_table(
        "article_revisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("fetch_id", sa.Integer(), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("superseded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"], ["articles.id"], name="fk_article_revisions_article_id_articles", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["fetch_id"], ["fetches.id"], name="fk_article_revisions_fetch_id_fetches"),
        sa.PrimaryKeyConstraint("id", name="pk_article_revisions"),
    )
    op.create_index("ix_article_revisions_article_id", "article_revisions", ["article_id"])


def downgrade() -> None:
    op.drop_table("article_revisions")
    op.drop_table("articles")
    op.drop_table("fetches")
    op.drop_table("bodies")
    op.drop_table("sites")
