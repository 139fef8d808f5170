"""Revision 0007: every article re-indexed for clitic-aware search, with progress, nothing lost, both ways."""
from __future__ import annotations

import logging

import pytest
import sqlalchemy as sa

from arabnews_archive.archive import Archive
from arabnews_archive.store.database import create_archive_engine
from tests.test_migrations import _insert_revision_0001_rows, migrate, schema_differences


def test_upgrade_reindexes_every_article_and_downgrade_restores_0006(db_url: str,
                                                                      caplog: pytest.LogCaptureFixture) -> None:
    migrate(db_url, "0001")
    _insert_revision_0001_rows(db_url)  # title "افتتاح مدرسة جديدة", body "الفقرة الأولى عن المدرسة"
    migrate(db_url, "0006")
    with caplog.at_level(logging.WARNING):
        migrate(db_url, "0007")
    assert "re-indexing articles for search: 1 of 1" in caplog.text
    engine = create_archive_engine(db_url)
    with engine.connect() as connection:
        row = connection.execute(sa.text("SELECT search_title, search_body, search_version FROM articles")).one()
    engine.dispose()
    assert row.search_title.split()[:3] == ["افتتاح", "مدرسه", "جديده"] and row.search_version >= 2
    with Archive(db_url) as archive:
        assert [h.id for h in archive.search("مدرسة")] == [1]  # المدرسة in the body: the article taken off
        assert archive.stats()["totals"]["revisions"] == 1

    migrate(db_url, "0006", down=True)
    engine = create_archive_engine(db_url)
    with engine.connect() as connection:
        assert connection.scalar(sa.text("SELECT search_text FROM articles")).startswith("افتتاح مدرسه جديده")
    engine.dispose()
    migrate(db_url, "head")  # later revisions add tables of their own: the models are head's
    assert schema_differences(db_url) == []
    with Archive(db_url) as archive:
        assert [h.id for h in archive.search("جديدة")] == [1]
