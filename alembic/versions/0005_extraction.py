"""How each article was extracted (path and confidence), an index of the doubtful ones, and
the stored pages re-parse found no article in.

Existing articles keep NULL in both new columns: their parser did not say (unknown).
Sites are now keyed by their host in punycode (as crawl scope always compared them), so a
site stored under a Unicode host name is renamed to its punycode form.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-06
"""
from __future__ import annotations

from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: Union[str, Sequence[str], None] = "0004"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

# As the models define it (store/models.py DOUBTFUL), frozen here as of this revision.
DOUBTFUL = sa.text("extraction = 'none' OR confidence < 0.5")


def upgrade() -> None:
    _sites_in_punycode()
    op.add_column("articles", sa.Column("extraction", sa.String(16), nullable=True))
    op.add_column("articles", sa.Column("confidence", sa.Double(), nullable=True))
    op.create_index("ix_articles_doubtful", "articles", ["id"], sqlite_where=DOUBTFUL, postgresql_where=DOUBTFUL)
    op.create_table(
        "pages_without_article",
        sa.Column("fetch_id", sa.Integer(), nullable=False),
        sa.Column("parser_version", sa.String(32), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["fetch_id"], ["fetches.id"], name="fk_pages_without_article_fetch_id_fetches"),
        sa.PrimaryKeyConstraint("fetch_id", name="pk_pages_without_article"),
    )


def _sites_in_punycode() -> None:
    """Frozen here as of this revision: lower case, no final dot, Unicode labels in punycode."""
    sites = sa.table("sites", sa.column("id", sa.Integer()), sa.column("host", sa.String()))
    connection = op.get_bind()
    for site_id, host in connection.execute(sa.select(sites.c.id, sites.c.host)).all():
        if host is None or host.isascii():
            continue
        try:
            ascii_host = host.rstrip(".").encode("idna").decode("ascii")
        except UnicodeError:
            continue  # not a valid host name: left as it was stored
        connection.execute(sites.update().where(sites.c.id == site_id).values(host=ascii_host))


def downgrade() -> None:
    op.drop_table("pages_without_article")
    op.drop_index("ix_articles_doubtful", table_name="articles")
    op.drop_column("articles", "confidence")
    op.drop_column("articles", "extraction")
