"""Shared fixtures: a real database per test (SQLite file, and PostgreSQL when configured), news pages."""
from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime, timezone
from typing import Any

import pytest
import sqlalchemy as sa

from arabnews_archive.archive import Archive
from arabnews_archive.article import Article
from arabnews_archive.fetch.result import FetchResult
from arabnews_archive.parse import NotAnArticle
from arabnews_archive.store.pages import PageOutcome, store_page

PG_ENV = "ARABNEWS_TEST_POSTGRES_URL"


def _pg_url() -> str | None:
    return os.environ.get(PG_ENV) or None


def _pg_driver_url(url: str) -> sa.URL:
    parsed = sa.make_url(url)
    return parsed.set(drivername="postgresql+psycopg")


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path) -> Iterator[str]:
    """A URL to a new, empty database: a SQLite file, or (with $ARABNEWS_TEST_POSTGRES_URL) a fresh PostgreSQL database."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'archive.db'}"
        return
    with postgres_database() as url:
        yield url


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A fresh, empty PostgreSQL database (skipped without $ARABNEWS_TEST_POSTGRES_URL)."""
    with postgres_database() as url:
        yield url


@contextmanager
def postgres_database() -> Iterator[str]:
    """Create a uniquely named database on the test server; dropped (connections and all) afterwards."""
    server = _pg_url()
    if server is None:
        pytest.skip(f"set {PG_ENV} to run against PostgreSQL")
    name = f"arabnews_test_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(_pg_driver_url(server), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield _pg_driver_url(server).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


@pytest.fixture
def archive(db_url: str) -> Iterator[Archive]:
    with Archive(db_url) as opened:
        yield opened


def store_exchange(archive: Archive, url: str, body: bytes = b"", *, reading: Article | NotAnArticle | None = None,
                   fetched_at: datetime | None = None, **fields: Any) -> PageOutcome:
    """Store one exchange (a 200 response by default; `fields` as FetchResult's) through the
    archive's one write path, with `reading` as what reading its page gave: an Article
    planted as some parser made it, or None to store the response alone."""
    exchange = FetchResult(url, fields.pop("final_url", url), fields.pop("status", 200), fields.pop("headers", {}),
                           body, fetched_at or datetime.now(timezone.utc), **fields)
    with archive.database.writing() as session:
        return store_page(session, exchange, reading)


def news_page(
    title: str,
    paragraphs: Sequence[str],
    *,
    url: str | None = None,
    published: str | None = "2024-01-15T10:30:00+02:00",
    section: str = "محليات",
    site_name: str = "جريدة الأخبار",
) -> str:
    """A small, realistic Arabic news page: site chrome, headline, date, byline and paragraphs."""
    head = [f"<title>{title} - {site_name}</title>", f'<meta property="og:site_name" content="{site_name}">',
            f'<meta property="article:section" content="{section}">']
    if url:
        head.append(f'<link rel="canonical" href="{url}">')
    if published:
        head.append(f'<meta property="article:published_time" content="{published}">')
    time_tag = f'<time datetime="{published}">{published[:10]}</time>' if published else ""
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html>
<html lang="ar" dir="rtl"><head><meta charset="utf-8">
{chr(10).join(head)}
</head><body>
<header><nav><a href="/">الرئيسية</a> <a href="/local">محليات</a> <a href="/sport">رياضة</a></nav></header>
<main><article>
<h1>{title}</h1>
<div class="byline">كتب: محمود حسن</div>
{time_tag}
{body}
</article></main>
<aside><h3>الأكثر قراءة</h3><ul><li><a href="/x">خبر آخر</a></li></ul></aside>
<footer>جميع الحقوق محفوظة © ٢٠٢٤</footer>
</body></html>"""


@pytest.fixture
def make_page() -> Callable[..., str]:
    return news_page


# Three stories used across the tests: spelling variants, digits and tashkeel on purpose.
STORIES = {
    "https://www.example-news.com/local/school": (
        "افتتاح مدرسة جديدة في القاهرة",
        [
            "افتتح وزير التربية والتعليم اليوم مدرسة جديدة في حي المعادي تتسع لأكثر من ألف طالب.",
            "وقال الوزير إن المدرسة مجهزة بأحدث الوسائل التعليمية وإنها جزء من خطة عام ٢٠٢٤.",
            "وأضاف أحمد سعيد مدير المديرية أن العمل جار على إنشاء مئة مدرسة أخرى.",
        ],
        "2024-01-15T10:30:00+02:00",
        "محليات",
    ),
    "https://www.example-news.com/sport/final": (
        "المنتخب يفوز فى المباراة النهائية",
        [
            "فاز المنتخب الوطني فى المباراة النهائية للبطولة العربية بهدفين مقابل هدف.",
            "وسجل احمد عادل الهدفين فى الشوط الثاني أمام جمهور غفير في الملعب.",
            "ويلتقي الفريق في الجولة المقبلة مع بطل آسيا في شهر مارس.",
        ],
        "2024-03-02T21:00:00+03:00",
        "رياضة",
    ),
    "https://www.other-site.net/economy/budget": (
        "الحكومة تعلن موازنة ٢٠٢٥",
        [
            "أعلنت وزارة المالية موازنة العام المالي الجديد بزيادة في الإنفاق على التعليم والصحة.",
            "وتتضمن الموازنة بناء مَدْرَسَة نموذجية في كل محافظة وتحديث المستشفيات الحكومية.",
            "وقال وزير المالية إن العجز سينخفض إلى أربعة في المئة من الناتج المحلي.",
        ],
        "2025-06-30T09:00:00+00:00",
        "اقتصاد",
    ),
}


@pytest.fixture
def stories(archive: Archive) -> dict[str, int]:
    """The three STORIES stored through add_html; maps URL to article id."""
    ids = {}
    for url, (title, paragraphs, published, section) in STORIES.items():
        site_name = "الشبكة الأخرى" if "other-site" in url else "جريدة الأخبار"
        html = news_page(title, paragraphs, url=url, published=published, section=section, site_name=site_name)
        ids[url] = archive.add_html(url, html).id
    return ids
