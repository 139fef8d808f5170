"""Revision 0005 (extraction, confidence, pages without an article) on an archive written at 0004."""
from __future__ import annotations

import hashlib
import zlib
from datetime import datetime, timezone

import sqlalchemy as sa

from arabnews_archive.archive import Archive
from arabnews_archive.article import PARSER_VERSION
from arabnews_archive.store.database import create_archive_engine, inspect_database
from tests.conftest import news_page
from tests.test_migrations import _insert_revision_0001_rows, migrate, schema_differences, tables

STORY_URL = "https://example-news.com/local/budget"


def _insert_page_without_article(url: str) -> None:
    """A fetched article page with no article, as a 0004 crawler left it when its parser found no story."""
    html = news_page("الحكومة تعلن الموازنة", ["أعلنت وزارة المالية موازنة العام المالي الجديد بزيادة في الإنفاق."],
                     url=STORY_URL).encode()
    digest = hashlib.sha256(html).hexdigest()
    at = datetime(2024, 5, 2, tzinfo=timezone.utc).replace(tzinfo=None)
    engine = create_archive_engine(url)
    with engine.begin() as connection:
        connection.execute(sa.text("INSERT INTO bodies (id, content_hash, size, data) VALUES (2, :h, :s, :d)"),
                           {"h": digest, "s": len(html), "d": zlib.compress(html)})
        connection.execute(sa.text(
            "INSERT INTO fetches (id, requested_url, final_url, status, headers, fetched_at, size, content_hash, "
            "body_id, not_modified) VALUES (3, :u, :u, 200, '{}', :at, :s, :h, 2, false)"),
            {"u": STORY_URL, "at": at, "s": len(html), "h": digest})
        if connection.dialect.name == "postgresql":  # rows written with their ids: move the id sequences past them
            for table in ("sites", "bodies", "fetches", "articles", "article_revisions"):
                connection.execute(sa.text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                           f"(SELECT max(id) FROM {table}))"))
    engine.dispose()


def test_upgrade_from_0004_keeps_every_row_with_the_new_columns_unknown(db_url: str) -> None:
    migrate(db_url, "0004")
    _insert_revision_0001_rows(db_url)
    _insert_page_without_article(db_url)
    with Archive(db_url) as archive:  # opening upgrades
        assert inspect_database(db_url)[1:] == ("0009", "0009", "current")
        (article,) = archive.articles()
        assert (article.id, article.title) == (1, "افتتاح مدرسة جديدة")
        assert (article.extraction, article.confidence) == (None, None)
        assert Archive.is_doubtful(article) is None and list(archive.articles(doubtful=True)) == []
        (revision,) = archive.revisions(1)
        assert revision.article.title == "عنوان قديم" and revision.article.extraction is None
        stats = archive.stats()
        totals = stats["totals"]
        assert (totals["fetches"], totals["revisions"], totals["doubtful_articles"]) == (3, 1, 0)
        assert stats["extraction"] == [{"extraction": None, "articles": 1, "doubtful": 0, "mean_confidence": None}]

        # The 0001 rows' body is no page ("hi"): only the page the old parser found no story in is re-parsed.
        with archive.database.writing() as session:
            session.execute(sa.text("UPDATE articles SET parser_version = :v"), {"v": PARSER_VERSION})
        summary = archive.reparse()
        assert (summary.new_articles, summary.pages, summary.errors) == (1, 0, 0)
        assert archive.get(STORY_URL).title == "الحكومة تعلن الموازنة"
    assert schema_differences(db_url) == []


def test_downgrade_to_0004_keeps_the_articles(db_url: str) -> None:
    migrate(db_url, "0004")
    _insert_revision_0001_rows(db_url)
    migrate(db_url, "head")
    migrate(db_url, "0004", down=True)
    assert "pages_without_article" not in tables(db_url)
    engine = create_archive_engine(db_url)
    with engine.connect() as connection:
        columns = {c["name"] for c in sa.inspect(connection).get_columns("articles")}
        assert connection.scalar(sa.text("SELECT title FROM articles WHERE id = 1")) == "افتتاح مدرسة جديدة"
    engine.dispose()
    assert not {"extraction", "confidence"} & columns


def test_upgrade_renames_a_site_stored_under_a_unicode_host_to_punycode(db_url: str) -> None:
    migrate(db_url, "0004")
    engine = create_archive_engine(db_url)
    at = datetime(2024, 5, 1, tzinfo=timezone.utc).replace(tzinfo=None)
    with engine.begin() as connection:
        connection.execute(sa.text("INSERT INTO sites (id, host, name) VALUES (1, 'موقع.مصر', 'موقع')"))
        connection.execute(sa.text(
            "INSERT INTO fetches (id, requested_url, final_url, status, headers, fetched_at, not_modified) "
            "VALUES (1, 'https://موقع.مصر/a', 'https://موقع.مصر/a', 200, '{}', :at, false)"), {"at": at})
        connection.execute(sa.text(
            "INSERT INTO articles (id, key_url, url, title, authors, tags, images, paragraphs, parser_version, "
            "fetch_id, site_id, first_seen, last_seen, search_text) VALUES (1, 'https://موقع.مصر/a', "
            "'https://موقع.مصر/a', 'خبر', '[]', '[]', '[]', '[]', '1', 1, 1, :at, :at, 'خبر')"), {"at": at})
    engine.dispose()
    with Archive(db_url) as archive:  # opening upgrades
        assert [a.id for a in archive.articles(site="موقع.مصر")] == [1]
        assert [a.id for a in archive.articles(site="xn--4gbrim.xn--wgbh1c")] == [1]
    engine = create_archive_engine(db_url)
    with engine.connect() as connection:
        assert connection.execute(sa.text("SELECT host FROM sites")).scalars().all() == ["xn--4gbrim.xn--wgbh1c"]
    engine.dispose()
