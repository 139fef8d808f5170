"""One sanitising step before anything is written (issue 13): values PostgreSQL refuses, or
that forge headers, never fail a page's transaction; the same on both backends."""
from __future__ import annotations

from datetime import datetime, timezone

from arabnews_archive.archive import Archive
from arabnews_archive.fetch.policy import MAX_URL_LENGTH
from arabnews_archive.fetch.result import FetchResult
from arabnews_archive.store.pages import store_page
from tests.conftest import news_page

URL = "https://news.example/news/1"


def test_a_nul_escaped_in_the_json_ld_is_dropped_not_fatal(archive: Archive) -> None:
    page = news_page("عنوان الخبر", ["فقرة أولى طويلة بما يكفي لتكون قصة حقيقية في الصفحة."] * 4, url=URL)
    page = page.replace("</head>", '<script type="application/ld+json">{"@type": "NewsArticle", '
                        '"author": {"name": "كاتب\\u0000 المقال"}, "headline": "عنوان\\u0000 الخبر"}</script></head>')
    stored = archive.add_html(URL, page)
    assert "\x00" not in (stored.title or "") and all("\x00" not in a for a in stored.authors)
    again = archive.get(URL)
    assert again is not None and again.title == stored.title


def test_urls_over_the_limits_are_refused_with_a_reason_and_nothing_is_written(archive: Archive) -> None:
    now = datetime.now(timezone.utc)
    long_url = "https://news.example/news/" + "a" * MAX_URL_LENGTH
    long_host = "https://" + ".".join(letter * 63 for letter in "abcd") + ".example/news/1"
    with_nul = "https://news.example/news/\x001"
    for url, reason in ((long_url, "URL longer than 2048"), (long_host, "host name longer than 253"),
                        (with_nul, "control characters")):
        exchange = FetchResult(requested_url=url, final_url=url, status=200, headers={}, body=b"<p>x</p>",
                               fetched_at=now)
        with archive.database.writing() as session:
            outcome = store_page(session, exchange, None)
        assert outcome.fetch_id is None and reason in (outcome.reason or "")
    assert archive.stats()["totals"]["fetches"] == 0


def test_an_error_message_and_headers_with_control_characters_are_stored_clean(archive: Archive) -> None:
    now = datetime.now(timezone.utc)
    exchange = FetchResult(requested_url=URL, final_url=URL, status=500, headers={"x-odd": "a\x00b\x1bc"},
                           body=b"", fetched_at=now, error="HTTP 500 \x00 (server said\x07 no)")
    with archive.database.writing() as session:
        outcome = store_page(session, exchange, None)
    assert outcome.fetch_id is not None and outcome.reason == exchange.error
    assert archive.stats()["totals"]["fetches"] == 1
