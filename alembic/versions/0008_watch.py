"""Watching sections: each watched listing page, feed and sitemap with its own visit schedule.

Revision ID: 0008
Revises: 0006
Create Date: 2026-12-06
"""
from __future__ import annotations

from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: Union[str, Sequence[str], None] = "0007"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table(
        "watch_sources",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("crawl_id", sa.Integer(), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("min_interval", sa.Double(), nullable=False),
        sa.Column("max_interval", sa.Double(), nullable=False),
        sa.Column("interval", sa.Double(), nullable=False),
        sa.Column("next_visit", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_visit", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_new", sa.DateTime(timezone=True), nullable=True),
        sa.Column("failures", sa.Integer(), server_default="0", nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("content_hash", sa.String(64), nullable=True),
        sa.Column("lease_owner", sa.String(64), nullable=True),
        sa.Column("lease_expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["crawl_id"], ["crawls.id"], name="fk_watch_sources_crawl_id_crawls",
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_watch_sources"),
        sa.UniqueConstraint("crawl_id", "url", name="uq_watch_sources_crawl_id_url"),
    )
    op.create_index("ix_watch_sources_next_visit", "watch_sources", ["next_visit"])


def downgrade() -> None:
    op.drop_index("ix_watch_sources_next_visit", table_name="watch_sources")
    op.drop_table("watch_sources")
