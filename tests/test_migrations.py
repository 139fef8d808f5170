"""Migrations on SQLite and PostgreSQL: exact schema, round trips, data kept, newer databases refused."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from arabnews_archive.archive import Archive
from arabnews_archive.store.database import alembic_config, create_archive_engine, inspect_database, open_database
from arabnews_archive.store.errors import DatabaseError
from arabnews_archive.store.models import Base, include_name, include_object

REPO = Path(__file__).resolve().parent.parent


def migrate(url: str, revision: str, *, down: bool = False) -> None:
    engine = create_archive_engine(url)
    try:
        with engine.begin() as connection:
            config = alembic_config(url, connection)
            (command.downgrade if down else command.upgrade)(config, revision)
    finally:
        engine.dispose()


def schema_differences(url: str) -> list:
    engine = create_archive_engine(url)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={
                "include_name": include_name, "include_object": include_object, "target_metadata": Base.metadata,
            })
            return compare_metadata(context, Base.metadata)
    finally:
        engine.dispose()


def tables(url: str) -> set[str]:
    engine = create_archive_engine(url)
    try:
        return set(sa.inspect(engine).get_table_names())
    finally:
        engine.dispose()


def test_upgrade_from_empty_gives_exactly_the_models_schema(db_url: str) -> None:
    open_database(db_url).close()
    assert schema_differences(db_url) == []
    search_object = "articles_fts" if db_url.startswith("sqlite") else None
    if search_object:
        assert search_object in tables(db_url)
    else:
        engine = create_archive_engine(db_url)
        with engine.connect() as connection:
            assert sa.inspect(connection).get_indexes("articles")
            assert "search_vector" in {c["name"] for c in sa.inspect(connection).get_columns("articles")}
        engine.dispose()


def test_downgrade_to_base_and_upgrade_again(db_url: str) -> None:
    migrate(db_url, "head")
    migrate(db_url, "base", down=True)
    assert tables(db_url) <= {"alembic_version"}
    migrate(db_url, "head")
    assert schema_differences(db_url) == []
    assert inspect_database(db_url)[1:] == ("0009", "0009", "current")


def _insert_revision_0001_rows(url: str) -> None:
    """Rows as version 0001's schema holds them (no search text yet), written with plain SQL."""
    now = datetime(2024, 5, 1, tzinfo=timezone.utc).replace(tzinfo=None)
    engine = create_archive_engine(url)
    with engine.begin() as connection:
        connection.execute(sa.text("INSERT INTO sites (id, host, name) VALUES (1, 'example-news.com', 'الأخبار')"))
        connection.execute(sa.text("INSERT INTO bodies (id, content_hash, size, data) VALUES (1, :h, 3, :d)"),
                           {"h": "0" * 64, "d": b"x\x9c\xcb\xc8\x04\x00\x01P\x00\xd1"})
        for fetch_id in (1, 2):
            connection.execute(sa.text(
                "INSERT INTO fetches (id, requested_url, final_url, status, headers, fetched_at, size, content_hash, "
                "body_id, not_modified) VALUES (:id, 'https://example-news.com/a', 'https://example-news.com/a', "
                "200, '{}', :at, 3, :h, 1, false)"), {"id": fetch_id, "at": now, "h": "0" * 64})
        connection.execute(sa.text(
            "INSERT INTO articles (id, key_url, url, title, authors, tags, images, paragraphs, parser_version, "
            "fetch_id, site_id, first_seen, last_seen) VALUES (1, 'https://example-news.com/a', "
            "'https://example-news.com/a', 'افتتاح مدرسة جديدة', '[]', '[]', '[]', :paragraphs, '1', 2, 1, :at, :at)"),
            {"paragraphs": json.dumps(["الفقرة الأولى عن المدرسة"], ensure_ascii=False), "at": now})
        connection.execute(sa.text(
            "INSERT INTO article_revisions (id, article_id, fetch_id, data, superseded_at) "
            "VALUES (1, 1, 1, :data, :at)"), {"data": json.dumps({"title": "عنوان قديم"}), "at": now})
    engine.dispose()


def test_database_at_first_revision_with_data_upgrades_without_losing_a_row(db_url: str) -> None:
    migrate(db_url, "0001")
    _insert_revision_0001_rows(db_url)
    with Archive(db_url) as archive:  # opening upgrades
        assert inspect_database(db_url)[1] == "0009"
        stats = archive.stats()["totals"]
        assert (stats["sites"], stats["bodies"], stats["fetches"], stats["articles"], stats["revisions"]) == (1, 1, 2, 1, 1)
        # The upgrade back-filled the search text of the existing article.
        assert [a.id for a in archive.search("مدرسه")] == [1]
        assert [a.id for a in archive.search("الفقره الاولي")] == [1]
    assert schema_differences(db_url) == []


def test_database_newer_than_the_code_is_refused_and_left_unchanged(db_url: str) -> None:
    open_database(db_url).close()
    engine = create_archive_engine(db_url)
    with engine.begin() as connection:
        connection.execute(sa.text("UPDATE alembic_version SET version_num = '9999_from_the_future'"))
    before = tables(db_url)
    with pytest.raises(DatabaseError, match=r"revision 9999_from_the_future, newer than this arabnews \(head 0009\)"):
        Archive(db_url)
    with engine.connect() as connection:
        assert connection.scalar(sa.text("SELECT version_num FROM alembic_version")) == "9999_from_the_future"
    engine.dispose()
    assert tables(db_url) == before
    assert inspect_database(db_url)[3] == "newer"


def test_foreign_database_is_refused(db_url: str) -> None:
    engine = create_archive_engine(db_url)
    with engine.begin() as connection:
        connection.execute(sa.text("CREATE TABLE customers (id integer primary key)"))
    engine.dispose()
    with pytest.raises(DatabaseError, match="no arabnews schema version"):
        open_database(db_url)
    assert tables(db_url) == {"customers"}


def test_plain_alembic_command_from_the_repository_root(db_url: str) -> None:
    env = {**os.environ, "ARABNEWS_DB": "/nonexistent/never-used.db"}
    alembic = Path(sys.executable).parent / "alembic"
    subprocess.run([alembic, "-x", f"db={db_url}", "upgrade", "head"], cwd=REPO, env=env, check=True,
                   capture_output=True)
    assert schema_differences(db_url) == []
    current = subprocess.run([alembic, "-x", f"db={db_url}", "current"], cwd=REPO, env=env, check=True,
                             capture_output=True, text=True)
    assert "0009 (head)" in current.stdout


def test_not_a_database_is_one_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_bytes(b"these are my notes, not a database" * 100)
    with pytest.raises(DatabaseError, match="is not a database") as info:
        open_database(str(path))
    assert "\n" not in str(info.value)


def test_unreachable_server_is_one_clear_error() -> None:
    with pytest.raises(DatabaseError, match="127.0.0.1") as info:
        open_database("postgresql://nobody:secret@127.0.0.1:1/archive")
    assert "\n" not in str(info.value) and "secret" not in str(info.value)
