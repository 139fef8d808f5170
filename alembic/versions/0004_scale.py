"""Crawling on many machines: per-host politeness and robots.txt shared through the database,
and an index for workers claiming across crawls.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-20
"""
from __future__ import annotations

from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: Union[str, Sequence[str], None] = "0003"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table(
        "crawl_hosts",
        sa.Column("host", sa.String(255), nullable=False),
        sa.Column("next_allowed", sa.Double(), nullable=False),
        sa.Column("crawl_delay", sa.Double(), nullable=True),
        sa.PrimaryKeyConstraint("host", name="pk_crawl_hosts"),
    )
    op.create_table(
        "crawl_robots",
        sa.Column("origin", sa.String(300), nullable=False),
        sa.Column("status", sa.Integer(), nullable=True),
        sa.Column("body", sa.Text(), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("expires", sa.Double(), nullable=False),
        sa.PrimaryKeyConstraint("origin", name="pk_crawl_robots"),
    )
    op.create_index("ix_frontier_queue", "frontier", ["state", "depth", "priority", "id"])


def downgrade() -> None:
    op.drop_index("ix_frontier_queue", table_name="frontier")
    op.drop_table("crawl_robots")
    op.drop_table("crawl_hosts")
