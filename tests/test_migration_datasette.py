"""Revision 0006: SQLite's search table declared so that Datasette finds it, data kept, both ways."""
from __future__ import annotations

import sqlite3
from pathlib import Path

from arabnews_archive.archive import Archive
from arabnews_archive.text import normalize_for_search
from tests.test_migrations import _insert_revision_0001_rows, migrate

# Datasette's own test for "this table has a full-text index" (datasette/utils detect_fts_sql),
# as it runs it for the table `articles`.
DATASETTE_DETECT_FTS = """
    select name from sqlite_master
        where rootpage = 0
        and (
            sql like '%VIRTUAL TABLE%USING FTS%content="articles"%'
            or sql like '%VIRTUAL TABLE%USING FTS%content=[articles]%'
            or (
                tbl_name = "articles"
                and sql like '%VIRTUAL TABLE%USING FTS%'
            )
        )
"""
# What Datasette's search box runs on `articles` once it knows the index (each word quoted).
DATASETTE_SEARCH = 'select id from articles where rowid in (select rowid from [articles_fts] where [articles_fts] match ?)'


def detected(path: Path) -> str | None:
    with sqlite3.connect(path) as connection:
        row = connection.execute(DATASETTE_DETECT_FTS).fetchone()
    return None if row is None else row[0]


def datasette_search(path: Path, words: str) -> list[int]:
    query = " ".join(f'"{word}"' for word in words.split())
    with sqlite3.connect(path) as connection:
        return [row[0] for row in connection.execute(DATASETTE_SEARCH, (query,))]


def test_datasette_finds_the_search_table_after_0006_and_not_before(tmp_path: Path) -> None:
    path = tmp_path / "archive.db"
    url = f"sqlite:///{path}"
    migrate(url, "0001")
    _insert_revision_0001_rows(url)
    migrate(url, "0005")  # 0002 back-filled the article's search text and indexed it
    assert detected(path) is None  # content='articles': Datasette's search box would list every row

    migrate(url, "0006")
    assert detected(path) == "articles_fts"
    # The index was rebuilt: the article is found, by Datasette's query and by arabnews.
    assert datasette_search(path, normalize_for_search("مدرسة")) == [1]
    assert datasette_search(path, "جامعة") == []
    with Archive(url) as archive:
        assert [a.id for a in archive.search("مدرسة")] == [1]

    migrate(url, "0005", down=True)
    assert detected(path) is None
    with Archive(url) as archive:  # opening upgrades again, and search still works on the way
        assert [a.id for a in archive.search("المدرسة OR مدرسة")] == [1]
    assert detected(path) == "articles_fts"


def test_the_declaration_names_the_content_table_and_its_rowid(tmp_path: Path) -> None:
    path = tmp_path / "archive.db"
    Archive(str(path)).close()
    with sqlite3.connect(path) as connection:
        (sql,) = connection.execute("select sql from sqlite_master where name = 'articles_fts'").fetchone()
    assert sql == ("CREATE VIRTUAL TABLE articles_fts USING fts5(search_title, search_authors, search_section, "
                   "search_body, content=\"articles\", content_rowid='id', tokenize='ascii')")
    assert detected(path) == "articles_fts"
