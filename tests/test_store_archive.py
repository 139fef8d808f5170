"""The Archive API over a real database: storing pages, revisions, imports, lazy reading."""
from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy import event

from arabnews_archive.archive import PAGE_SIZE, Archive
from arabnews_archive.article import Article
from arabnews_archive.parse import parse_article
from arabnews_archive.store.articles import save_article
from arabnews_archive.store.database import default_path, resolve_url
from arabnews_archive.store.fetches import body_bytes
from tests.conftest import news_page, store_exchange

URL = "https://www.example-news.com/local/school"
PARAGRAPHS = [
    "افتتح وزير التربية والتعليم اليوم مدرسة جديدة في حي المعادي تتسع لأكثر من ألف طالب.",
    "وقال الوزير إن المدرسة مجهزة بأحدث الوسائل التعليمية وإنها جزء من خطة عام ٢٠٢٤.",
    "وأضاف مدير المديرية أن العمل جار على إنشاء مئة مدرسة أخرى.",
]
T0 = datetime(2024, 1, 15, 12, 0, tzinfo=timezone.utc)


def count(archive: Archive, table: str) -> int:
    with archive.database.reading() as session:
        return session.scalar(sa.text(f"SELECT count(*) FROM {table}"))


def test_add_html_round_trips_the_parsed_article(archive: Archive) -> None:
    html = news_page("افتتاح مدرسة جديدة", PARAGRAPHS, url=URL)
    parsed = parse_article(html.encode(), url=URL + "?utm_source=x", fetched_at=T0)
    stored = archive.add_html(URL + "?utm_source=x", html, fetched_at=T0)
    assert stored == parsed and stored.id is not None
    again = archive.get(stored.id)
    assert again == parsed and again.to_dict() == stored.to_dict()  # the +02:00 offset survives
    assert again.published.utcoffset() == timedelta(hours=2)
    assert archive.get(URL) == parsed and archive.get(URL + "?utm_source=x") == parsed
    assert archive.get(str(stored.id)) == parsed and archive.get("https://nowhere.example/") is None


def test_naive_and_missing_dates_round_trip(archive: Archive) -> None:
    article = Article(url="https://example-news.com/n", title="خبر", published=datetime(2024, 2, 1, 8, 30),
                      paragraphs=("نص",), tags=("وسم",))
    stored = store_exchange(archive, "https://example-news.com/n", b"<html></html>", reading=article,
                            fetched_at=T0).article
    assert archive.get(stored.id).published == datetime(2024, 2, 1, 8, 30)  # still naive
    assert archive.get(stored.id).updated is None


def test_unchanged_refetch_adds_a_fetch_but_no_body(archive: Archive) -> None:
    html = news_page("افتتاح مدرسة جديدة", PARAGRAPHS, url=URL)
    first = archive.add_html(URL, html, fetched_at=T0)
    second = archive.add_html(URL, html, fetched_at=T0 + timedelta(hours=6))
    assert first.id == second.id
    assert (count(archive, "fetches"), count(archive, "bodies"), count(archive, "article_revisions")) == (2, 1, 0)
    assert archive.revisions(URL) == []


def test_changed_story_keeps_the_previous_version(archive: Archive) -> None:
    old = archive.add_html(URL, news_page("افتتاح مدرسة جديدة", PARAGRAPHS, url=URL), fetched_at=T0)
    changed = PARAGRAPHS[:2] + ["وتبين لاحقا أن المدرسة ستفتح أبوابها في سبتمبر المقبل."]
    new = archive.add_html(URL, news_page("تأجيل افتتاح المدرسة", changed, url=URL), fetched_at=T0 + timedelta(days=1))
    assert new.id == old.id and archive.get(URL).title == "تأجيل افتتاح المدرسة"
    revisions = archive.revisions(URL)
    assert len(revisions) == 1
    assert revisions[0].article == old and revisions[0].superseded_at == T0 + timedelta(days=1)
    assert revisions[0].fetched_at == T0
    # Search follows the current text only.
    assert [a.id for a in archive.search("سبتمبر")] == [old.id]
    assert list(archive.search('"ألف طالب" -تأجيل')) == []
    # A late copy of the old version (an old saved file) stays history.
    archive.add_html(URL, news_page("عنوان أقدم", PARAGRAPHS, url=URL), fetched_at=T0 - timedelta(days=3))
    assert archive.get(URL).title == "تأجيل افتتاح المدرسة"
    assert [r.article.title for r in archive.revisions(URL)] == ["عنوان أقدم", "افتتاح مدرسة جديدة"]


def test_every_kind_of_response_is_stored(archive: Archive) -> None:
    ok = store_exchange(archive, "http://example-news.com/a", b"<html>x</html>",
                        final_url="https://www.example-news.com/a", headers={"Content-Type": "text/html"},
                        redirects=[(301, "https://example-news.com/a")]).fetch_id
    unchanged = store_exchange(archive, "https://www.example-news.com/a", status=304, not_modified=True).fetch_id
    failed = store_exchange(archive, "https://www.example-news.com/b", b"partial", status=None,
                            error="timed out after 30 s").fetch_id
    with archive.database.reading() as session:
        assert body_bytes(session, ok) == b"<html>x</html>"
        assert body_bytes(session, failed) is None
        rows = session.execute(sa.text(
            "SELECT id, status, not_modified, error, size, final_url FROM fetches ORDER BY id")).all()
    assert [tuple(r[1:]) for r in rows] == [
        (200, False, None, 14, "https://www.example-news.com/a"),
        (304, True, None, None, "https://www.example-news.com/a"),
        (None, False, "timed out after 30 s", None, "https://www.example-news.com/b"),
    ]
    assert [r[0] for r in rows] == [ok, unchanged, failed]


def test_import_files_finds_each_url(archive: Archive, tmp_path: Path) -> None:
    pages = tmp_path / "saved"
    (pages / "deep").mkdir(parents=True)
    (pages / "a.html").write_text(news_page("خبر من ملف جانبي", PARAGRAPHS), encoding="utf-8")
    (pages / "a.json").write_text(json.dumps({"url": "https://example-news.com/a", "fetched_at": "2024-03-01T08:00:00+00:00"}))
    (pages / "b.htm").write_text(news_page("خبر من ملف رابط", PARAGRAPHS), encoding="utf-8")
    (pages / "b.htm.url").write_text("https://example-news.com/b\n")
    (pages / "deep" / "c.html").write_text(news_page("خبر برابط أساسي", PARAGRAPHS, url="https://example-news.com/c"))
    (pages / "d.html").write_text(news_page("خبر بلا رابط", PARAGRAPHS), encoding="utf-8")
    (pages / "notes.txt").write_text("not a page")
    results = {Path(r.source).name: r for r in archive.import_files([pages])}
    assert set(results) == {"a.html", "b.htm", "c.html", "d.html"}
    assert results["a.html"].article.url == "https://example-news.com/a"
    assert results["b.htm"].article.url == "https://example-news.com/b"
    assert results["c.html"].article.canonical_url == "https://example-news.com/c"
    assert results["d.html"].article is None and "no URL" in results["d.html"].reason
    # --url is the last resort.
    [late] = archive.import_files([pages / "d.html"], url="https://example-news.com/d")
    assert late.article.url == "https://example-news.com/d"
    with archive.database.reading() as session:
        when = session.scalar(sa.text("SELECT fetched_at FROM fetches WHERE requested_url LIKE '%/a'"))
    assert str(when).startswith("2024-03-01 08:00")


def _bulk_articles(archive: Archive, n: int) -> None:
    fetch_id = store_exchange(archive, "https://example-news.com/", b"<html></html>", fetched_at=T0).fetch_id
    with archive.database.writing() as session:
        for i in range(n):
            article = Article(url=f"https://example-news.com/{i}", title=f"خبر رقم {i}", paragraphs=("نص قصير",))
            save_article(session, article, fetch_id, T0)


def test_iteration_is_lazy_and_paged(archive: Archive) -> None:
    _bulk_articles(archive, 3000)
    selects: list[str] = []

    @event.listens_for(archive.database.engine, "before_cursor_execute")
    def record(conn, cursor, statement, *args) -> None:  # noqa: ANN001 - SQLAlchemy's event signature
        if statement.lstrip().upper().startswith("SELECT") and "FROM articles" in statement:
            selects.append(statement)

    articles = archive.articles()
    assert selects == []  # nothing read before iteration starts
    first = next(articles)
    assert first.title == "خبر رقم 0" and len(selects) == 1
    assert all("LIMIT" in s for s in selects)
    rest = sum(1 for _ in articles)
    assert rest == 2999
    assert len(selects) == 3000 // PAGE_SIZE + 1  # one query per page, plus the empty last one
    event.remove(archive.database.engine, "before_cursor_execute", record)


def test_reader_keeps_reading_while_a_writer_writes(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'shared.db'}"
    with Archive(url) as writer, Archive(url) as reader:
        _bulk_articles(writer, 1200)
        pages = reader.articles()
        assert next(pages).id == 1
        fetch_id = store_exchange(writer, "https://example-news.com/new", b"new", fetched_at=T0).fetch_id
        with writer.database.writing() as session:  # holds SQLite's write lock until the block ends
            save_article(session, Article(url="https://example-news.com/new", title="جديد", paragraphs=("نص",)),
                         fetch_id, T0)
            assert sum(1 for _ in pages) == 1199  # other pages read meanwhile, without waiting
            assert reader.get("https://example-news.com/new") is None  # not committed yet
            assert [a.title for a in reader.search("رقم 7")][:1] == ["خبر رقم 7"]
        assert reader.get("https://example-news.com/new").title == "جديد"


def test_to_dataframe(archive: Archive) -> None:
    archive.add_html(URL, news_page("افتتاح مدرسة جديدة", PARAGRAPHS, url=URL), fetched_at=T0)
    frame = archive.to_dataframe(site="example-news.com")
    assert list(frame["title"]) == ["افتتاح مدرسة جديدة"] and "body" in frame.columns


def test_database_location(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("ARABNEWS_DB", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert resolve_url() == f"sqlite:///{tmp_path / 'data' / 'arabnews' / 'archive.db'}"
    assert (tmp_path / "data" / "arabnews").is_dir()
    monkeypatch.delenv("XDG_DATA_HOME")
    assert default_path() == Path.home() / ".local" / "share" / "arabnews" / "archive.db"
    monkeypatch.setenv("ARABNEWS_DB", "postgres://u:p@db.example/news")
    assert resolve_url() == "postgresql+psycopg://u:p@db.example/news"
    assert resolve_url("postgresql://h/db") == "postgresql+psycopg://h/db"
    assert resolve_url(str(tmp_path / "x.db")) == f"sqlite:///{tmp_path / 'x.db'}"
    monkeypatch.chdir(tmp_path)
    assert resolve_url("rel/y.db") == f"sqlite:///{tmp_path / 'rel' / 'y.db'}"
