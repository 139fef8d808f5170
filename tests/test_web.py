"""The web app through Flask's test client: every page and its JSON twin, the same search and
counts as `Archive`, the article's calendars, revisions and inert raw page, exports, and hostile
input, on a real SQLite file (and PostgreSQL where the page reads differently)."""
from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("flask")
pytest.importorskip("pygal")

from flask.testing import FlaskClient  # noqa: E402

from arabnews_archive.archive import ARTICLE_COLUMNS, Archive  # noqa: E402
from arabnews_archive.web import create_app  # noqa: E402
from tests.conftest import news_page  # noqa: E402
from tests.web_archive import (  # noqa: E402
    HOSTILE_PARAGRAPH, HOSTILE_TITLE, HOSTILE_URL, REVISED_URL, fill,
)

REPO = Path(__file__).resolve().parent.parent
PAGES = ["/", "/search?q=مدرسة", "/article/{id}", "/attention?q=مدرسة&q=المنتخب", "/sources"]


@pytest.fixture
def filled_db(tmp_path) -> Iterator[tuple[str, dict[str, int]]]:
    db = str(tmp_path / "archive.db")
    with Archive(db) as archive:
        ids = fill(archive)
    yield db, ids


@pytest.fixture
def client(filled_db: tuple[str, dict[str, int]]) -> FlaskClient:
    return create_app(filled_db[0]).test_client()


@pytest.fixture
def ids(filled_db: tuple[str, dict[str, int]]) -> dict[str, int]:
    return filled_db[1]


def page(client: FlaskClient, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, response.get_data(as_text=True)[:2000]
    assert response.content_type == "text/html; charset=utf-8"
    text = response.get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in text
    assert "<script" not in text.lower()  # the app sends no script at all, and shows none as markup
    return text


def twin(client: FlaskClient, url: str, status: int = 200) -> Any:
    response = client.get(url + ("&" if "?" in url else "?") + "format=json")
    assert response.status_code == status
    assert response.content_type == "application/json"
    return json.loads(response.get_data(as_text=True))


@pytest.mark.parametrize("url", PAGES)
def test_every_page_and_its_json_twin_on_both_databases(db_url: str, url: str) -> None:
    with Archive(db_url) as archive:
        ids = fill(archive)
    app = create_app(db_url)
    client = app.test_client()
    url = url.format(id=ids[HOSTILE_URL])
    response = client.get(url)
    assert response.status_code == 200
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'none'" in csp and "script-src" not in csp  # no script allowed from anywhere
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    page(client, url)
    assert isinstance(twin(client, url), dict)
    app.extensions["arabnews_archive"].close()


def test_search_lists_what_archive_search_finds_with_the_count_and_sources(client: FlaskClient, filled_db) -> None:
    with Archive(filled_db[0]) as archive:
        expected = [a.id for a in archive.search("مدرسة")]
        by_site = {c.bucket: c.matches for c in archive.count("مدرسة", by="site") if c.matches}
    data = twin(client, "/search?q=مدرسة")
    assert [r["id"] for r in data["results"]] == expected
    assert data["total"] == len(expected) == sum(by_site.values())
    assert {s["site"]: s["matches"] for s in data["sources"]} == by_site
    text = page(client, "/search?q=مدرسة")
    assert f"<strong>{len(expected)}</strong>" in text
    assert "other-site.net" in text  # the sources that carried it, each a link filtering by it


def test_filters_paging_and_the_front_page(client: FlaskClient, ids: dict[str, int]) -> None:
    assert [r["id"] for r in twin(client, "/search?q=مدرسة&site=other-site.net")["results"]] == \
        [ids["https://www.other-site.net/economy/budget"]]
    assert [r["section"] for r in twin(client, "/search?q=مدرسة&section=محليات")["results"]] == ["محليات", "محليات"]
    dated = twin(client, "/search?q=مدرسة&since=2025-01-01&until=2025-12-31")
    assert [r["published"][:4] for r in dated["results"]] == ["2025"]
    assert twin(client, "/search?author=محمود حسن")["total"] == len(ids)  # the byline every test page has
    assert twin(client, "/search?q=مدرسة&author=أحد آخر")["total"] == 0
    first, second = (twin(client, f"/search?q=مدرسة&per_page=1&page={n}") for n in (1, 2))
    assert first["pages"] == first["total"] == 3 and first["results"][0]["id"] != second["results"][0]["id"]
    text = page(client, "/search?q=مدرسة&per_page=1&page=2")
    assert 'rel="prev"' in text and 'rel="next"' in text
    front = twin(client, "/")
    assert front["total"] == len(ids)
    assert [r["published"] for r in front["results"]] == sorted((r["published"] for r in front["results"]), reverse=True)


def test_passages_mark_the_matched_words_in_their_spelling_variants(client: FlaskClient) -> None:
    text = page(client, "/search?q=مدرسه")  # ه for ة; the budget story writes it with tashkeel
    assert "<mark>مدرسة</mark>" in text and "<mark>مَدْرَسَة</mark>" in text
    assert all("مدرسة" in r["passage"] or "مَدْرَسَة" in r["passage"] or "المدرسة" in r["passage"]
               for r in twin(client, "/search?q=مدرسه")["results"])


def test_headline_and_story_carrying_html_and_script_show_as_text(client: FlaskClient, ids: dict[str, int]) -> None:
    hostile = ids[HOSTILE_URL]
    for url in (f"/article/{hostile}", "/search?q=مدرسة", "/search?q=alert", "/"):
        text = page(client, url)
        assert "<b>جديدة</b>" not in text and "<img src=x" not in text
    article = page(client, f"/article/{hostile}")
    assert "&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt;" in article
    assert "&lt;img src=x onerror=alert(&#39;body&#39;)&gt;" in article
    data = twin(client, f"/article/{hostile}")
    assert data["title"] == HOSTILE_TITLE and data["paragraphs"][0] == HOSTILE_PARAGRAPH


def test_the_raw_page_is_served_apart_under_a_sandbox(client: FlaskClient, ids: dict[str, int]) -> None:
    hostile = ids[HOSTILE_URL]
    article = page(client, f"/article/{hostile}")
    assert re.search(rf'<iframe src="/article/{hostile}/raw" sandbox="" ', article)
    raw = client.get(f"/article/{hostile}/raw")
    assert raw.status_code == 200 and raw.headers["Content-Security-Policy"].startswith("sandbox;")
    assert "script-src" not in raw.headers["Content-Security-Policy"]
    with Archive(client.application.extensions["arabnews_archive"].url) as archive:
        assert raw.data == archive.stored_page(hostile).body  # as received, byte for byte
    source = client.get(f"/article/{hostile}/source")
    assert source.content_type == "text/plain; charset=utf-8" and "<script>document.title" in source.get_data(as_text=True)
    assert source.headers["Content-Security-Policy"].startswith("sandbox;")


def test_the_article_page_shows_both_calendars_the_extraction_and_what_each_revision_changed(
        client: FlaskClient, ids: dict[str, int]) -> None:
    school = page(client, f"/article/{ids['https://www.example-news.com/local/school']}")
    assert '<time dir="ltr" datetime="2024-01-15T10:30:00+02:00">2024-01-15 10:30 +02:00</time>' in school
    assert "الإثنين 3 رجب 1445 هـ" in school  # 15 January 2024 in the Umm al-Qura calendar
    assert "محمود حسن" in school and "محليات" in school
    assert 'href="https://www.example-news.com/local/school"' in school and "main" in school
    revised = page(client, f"/article/{ids[REVISED_URL]}")
    assert "<del>ثلاثة</del>" in revised and "<ins>خمسة</ins>" in revised
    assert "<ins>وأعلنت المدارس تعليق الدراسة يوم غد. ¶</ins>" in revised
    data = twin(client, f"/article/{ids[REVISED_URL]}")
    assert len(data["revisions"]) == 1 and data["published_hijri"] == "الإثنين 22 رمضان 1445 هـ"
    assert {"change": "removed", "text": "ثلاثة"} in data["revisions"][0]["changes"]
    assert data["doubtful"] is False and data["extraction"] == "main"


def test_attention_counts_are_archive_counts_as_chart_table_json_and_csv(client: FlaskClient, filled_db, ids) -> None:
    with Archive(filled_db[0]) as archive:
        expected = [c.to_dict() for c in archive.count(["مدرسة", "المنتخب"], by="month")]
    data = twin(client, "/attention?q=مدرسة&q=المنتخب&by=month")
    assert data["rows"] == expected and data["queries"] == ["مدرسة", "المنتخب"]
    text = page(client, "/attention?q=مدرسة&q=المنتخب&by=month")
    assert text.count('<img src="data:image/svg+xml;base64,') == 2  # counts and shares
    assert '<th scope="row"><bdi>2024-03</bdi></th>' in text and "100.0%" in text
    final = ids["https://www.example-news.com/sport/final"]  # the bucket's count links to its matches
    link = re.search(r'<a href="(/search\?[^"]*since=2024-03-01[^"]*)">1</a>', text).group(1).replace("&amp;", "&")
    assert "until=2024-03-31" in link and [r["id"] for r in twin(client, link)["results"]] == [final]
    response = client.get("/attention?q=مدرسة&q=المنتخب&by=month&format=csv")
    assert response.content_type == "text/csv; charset=utf-8"
    body = response.get_data(as_text=True)
    assert body.startswith("\ufeffbucket,query,matches,total,ratio")  # Excel reads the Arabic
    rows = list(csv.DictReader(io.StringIO(body.lstrip("\ufeff"))))
    assert [(r["bucket"], r["query"], int(r["matches"])) for r in rows] == \
        [(e["bucket"], e["query"], e["matches"]) for e in expected]
    by_site = twin(client, "/attention?q=مدرسة&by=site")
    assert {r["bucket"] for r in by_site["rows"]} == {"example-news.com", "other-site.net"}
    assert page(client, "/attention").count("<img") == 0  # the form alone until something is asked


def test_sources_show_sites_sections_crawls_and_failures(tmp_path, filled_db) -> None:
    from tests.site.server import SiteServer

    db = filled_db[0]
    with SiteServer(crawl_delay=0) as site, Archive(db) as archive:
        archive.crawl(site.url("/no-such-section/"), delay=0, max_pages=3, sitemaps=False, max_attempts=1)
    client = create_app(db).test_client()
    data = twin(client, "/sources")
    assert {s["site"] for s in data["sites"]} >= {"example-news.com", "other-site.net"}
    assert {s["section"]: s["articles"] for s in data["sections"]}["محليات"] == 3
    assert data["crawls"] and data["crawls"][0]["failed"] >= 1
    assert data["failure_reasons"] and data["recent_failures"][0]["url"].endswith("/no-such-section/")
    assert data["over"] == "site" and set(data["articles_per_month"]) == {s["site"] for s in data["sites"]}
    assert twin(client, "/sources?over=section")["articles_per_month"]["رياضة"] == {"2024-03": 1}
    text = page(client, "/sources")
    assert "no-such-section" in text and "محليات" in text and "data:image/svg+xml" in text


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_export_is_the_clis_export(client: FlaskClient, filled_db, fmt: str) -> None:
    response = client.get(f"/export?site=example-news.com&format={fmt}")
    assert response.status_code == 200 and "attachment" in response.headers["Content-Disposition"]
    expected = io.StringIO()
    with Archive(filled_db[0]) as archive:
        archive.export(expected, {"csv": "csv", "jsonl": "nl"}[fmt], site="example-news.com", sort="newest")
        found = [a.id for a in archive.search("مدرسة")]
    assert response.get_data(as_text=True) == expected.getvalue()
    searched = client.get(f"/export?q=مدرسة&format={fmt}").get_data(as_text=True)
    if fmt == "csv":
        assert searched.startswith("\ufeff" + ",".join(ARTICLE_COLUMNS))
        assert [int(r["id"]) for r in csv.DictReader(io.StringIO(searched.lstrip("\ufeff")))] == found
    else:
        assert [json.loads(line)["id"] for line in searched.splitlines()] == found


BAD = [
    ("/article/999", 404), ("/article/99999999999999999999999999", 404), ("/article/abc", 404),
    ("/article/999/raw", 404), ("/nowhere", 404), ("/search?since=2024-13-45", 400), ("/search?until=yesterday", 400),
    ("/search?q=%22", 400), ("/search?q=-مدرسة", 400), ("/search?q=%00", 400), ("/search?site=a%00b", 400),
    ("/search?q=" + "ك" * 600, 400), ("/search?page=0", 400), ("/search?page=abc", 400), ("/search?page=٣", 400),
    ("/search?per_page=1000", 400), ("/attention?q=مدرسة&by=year", 400), ("/attention?q=*", 400),
    ("/attention?" + "&".join(f"q=w{i}" for i in range(7)), 400), ("/export?format=xml", 400),
    ("/attention?q=مدرسة&since=0000-01-01", 400), ("/sources?over=author", 400),
]


@pytest.mark.parametrize(("url", "status"), BAD)
def test_bad_parameters_get_a_clean_error_page_and_json(client: FlaskClient, url: str, status: int) -> None:
    text = page(client, url, status)
    assert "Traceback" not in text and f"({status})" in text
    if not url.startswith("/export"):
        error = twin(client, url, status)
        assert error["status"] == status and error["error"]


def test_hostile_queries_are_searched_as_text(client: FlaskClient) -> None:
    for query in ("NEAR(a b)", "مدرسة AND OR", "' OR 1=1 --", "مدرسة*", "<script>alert(1)</script>", "\\\"'"):
        response = client.get("/search", query_string={"q": query})
        assert response.status_code in (200, 400)
        assert "<script>alert(1)</script>" not in response.get_data(as_text=True)


def test_the_app_only_reads(client: FlaskClient) -> None:
    for rule in client.application.url_map.iter_rules():
        assert rule.methods <= {"GET", "HEAD", "OPTIONS"}, rule
    assert client.post("/search?q=مدرسة").status_code == 405
    assert "للقراءة فقط" in client.delete("/article/1").get_data(as_text=True)


def test_a_missing_archive_is_an_error_not_a_new_file(tmp_path) -> None:
    from arabnews_archive.store.errors import ArchiveError

    with pytest.raises(ArchiveError, match="no archive at"):
        create_app(str(tmp_path / "typo.db"))
    assert list(tmp_path.iterdir()) == []


def test_a_broken_database_or_a_bug_is_one_line_not_a_traceback(client: FlaskClient, monkeypatch) -> None:
    from arabnews_archive.store.errors import DatabaseError

    def locked(*args: Any, **kwargs: Any) -> None:
        raise DatabaseError("the archive is locked by another program")

    monkeypatch.setattr(Archive, "search", locked)
    assert "the archive is locked by another program" in page(client, "/search?q=مدرسة", 503)
    monkeypatch.setattr(Archive, "search", lambda *args, **kwargs: 1 / 0)
    text = page(client, "/search?q=مدرسة", 500)
    assert "unexpected ZeroDivisionError: a bug" in text and "Traceback" not in text
    assert twin(client, "/search?q=مدرسة", 500)["status"] == 500


def test_a_raw_page_keeps_only_its_declared_charset(tmp_path) -> None:
    db = str(tmp_path / "archive.db")
    # A story long enough to be one: a page without a story is stored with no article to show.
    page_html = news_page("صفحة بترميز عربي", ["نص الخبر الأول هنا وفيه تفاصيل كافية عن الحدث وما جرى فيه.",
                                               "ونص آخر يكمل الخبر ويذكر ما قاله المسؤولون عن الخطوات المقبلة."],
                          url="https://x.example/a")
    with Archive(db) as archive:
        windows = archive.add_html("https://x.example/a", page_html.encode("cp1256", "xmlcharrefreplace"),
                                   headers={"Content-Type": "text/html; Charset=windows-1256", "X-Evil": "1"})
        image = archive.add_html("https://x.example/b", page_html.replace("/a", "/b"),
                                 headers={"Content-Type": "image/svg+xml"})
    client = create_app(db).test_client()
    assert client.get(f"/article/{windows.id}/raw").content_type == "text/html; charset=windows-1256"
    assert "X-Evil" not in client.get(f"/article/{windows.id}/raw").headers
    assert client.get(f"/article/{image.id}/raw").content_type == "text/plain"  # shown, never as an image
    assert "صفحة بترميز عربي" in client.get(f"/article/{windows.id}/source").get_data(as_text=True)


def test_the_article_page_lists_the_other_copies_of_its_story(tmp_path) -> None:
    db = str(tmp_path / "stories.db")
    with Archive(db) as archive:
        pages = sorted((REPO / "docs" / "stories").glob("*wire.html")) + [REPO / "docs" / "stories" / "daily-copy.html"]
        stored = [page.article for page in archive.import_files(pages)]
    wire, copy = next(a for a in stored if "talks" in a.url), stored[-1]
    client = create_app(db).test_client()
    text = page(client, f"/article/{copy.id}")
    assert "نسخ أخرى من الخبر (1)" in text and f'href="/article/{wire.id}"' in text
    assert "المصدر الأول: <bdi>wire.example</bdi>" in text
    assert [c["id"] for c in twin(client, f"/article/{copy.id}")["story"]] == [wire.id]
    assert "هذا المقال هو المصدر الأول للخبر" in page(client, f"/article/{wire.id}")
