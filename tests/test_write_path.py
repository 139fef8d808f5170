"""One write path, one rule: a page gets the same outcome however it comes into the archive.

A real HTTP server on 127.0.0.1 (`tests.listings.server`) serves a section whose listing
links, among its stories, to a page without a story and to a listing page. Crawled,
fetched, imported from files, added with `add_html` and imported from a WARC file, each
of the two is kept as a raw response with no article, for the same reason. Real SQLite
files, and PostgreSQL when $ARABNEWS_TEST_POSTGRES_URL is set.
"""
from __future__ import annotations

import json
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import sqlalchemy as sa
from click.testing import CliRunner

from arabnews_archive.archive import Archive
from arabnews_archive.cli import main
from arabnews_archive.parse import LISTING_PAGE, NO_STORY, NotAnArticle
from arabnews_archive.store.errors import ArchiveError, RelativeURL
from arabnews_archive.store.models import ArticleRow, Fetch, FrontierRow
from tests.conftest import news_page, postgres_database
from tests.listings.pages import Listing
from tests.listings.server import ListingServer
from tests.site import content
from tests.site.server import SiteServer

PARAGRAPHS = [
    "عقد مجلس الوزراء اجتماعه الأسبوعي اليوم برئاسة رئيس الحكومة لمناقشة عدد من الملفات المهمة.",
    "وناقش المجلس خطة تطوير شبكة الطرق في المحافظات الجنوبية وتكلفتها المتوقعة خلال العام المقبل.",
    "كما وافق المجلس على مشروع قانون جديد لتنظيم الاستثمار في قطاع الطاقة المتجددة.",
]
STORIES = [f"/local/{n}-story" for n in range(1, 7)]
EMPTY, LISTING = "/local/90-empty", "/local/91-list"
NOT_ARTICLES = {EMPTY: str(NotAnArticle(NO_STORY)), LISTING: str(NotAnArticle(LISTING_PAGE))}


def empty_page() -> str:
    """An article page whose story did not come through: the site's chrome and a headline only."""
    return news_page("خبر لم يكتمل تحميله", [])


def section_page() -> str:
    """The section's listing: a teaser (linked headline, summary) for each page."""
    teasers = "\n".join(
        f'<article class="teaser"><h3><a href="{path}">{title}</a></h3><p>{PARAGRAPHS[n % 3]}</p></article>'
        for n, (path, title) in enumerate([*((p, f"اجتماع مجلس الوزراء رقم {n}") for n, p in enumerate(STORIES, 1)),
                                           (EMPTY, "خبر عاجل لم يكتمل"), (LISTING, "ملف خاص: كل الأخبار")]))
    return f"""<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>محليات</title></head>
<body><nav><a href="/">الرئيسية</a> <a href="/local/">محليات</a></nav>
<main><h1>محليات</h1><section class="news-list">{teasers}</section></main><footer>جميع الحقوق محفوظة</footer>
</body></html>"""


@pytest.fixture
def site() -> Iterator[ListingServer]:
    """The section's listing, the two pages without an article, and a story at any other path."""
    pages = [Listing("/local/", section_page(), set(STORIES) | set(NOT_ARTICLES)),
             Listing(EMPTY, empty_page(), set()), Listing(LISTING, content.listing_page(2), set())]
    with ListingServer(pages) as server:
        yield server


@contextmanager
def another_database(db_url: str, name: str) -> Iterator[str]:
    """Another empty database on `db_url`'s backend."""
    if db_url.startswith("sqlite"):
        yield db_url.replace("archive.db", f"{name}.db")
        return
    with postgres_database() as url:
        yield url


def site_page(site: ListingServer, path: str) -> str:
    with urllib.request.urlopen(site.url(path)) as response:
        return response.read().decode("utf-8")


def kept_without_article(archive: Archive, url: str) -> bool:
    """The page's response is stored with its body, and no article comes from it."""
    with archive.database.reading() as session:
        fetches = session.scalars(sa.select(Fetch.id).where(Fetch.final_url == url, Fetch.body_id.is_not(None))).all()
        made = session.scalar(sa.select(sa.func.count()).select_from(ArticleRow).where(ArticleRow.fetch_id.in_(fetches)))
    return bool(fetches) and made == 0


def article_count(archive: Archive) -> int:
    with archive.database.reading() as session:
        return session.scalar(sa.select(sa.func.count()).select_from(ArticleRow)) or 0


def test_the_same_page_gets_the_same_outcome_on_every_path(db_url: str, site: ListingServer, tmp_path: Path) -> None:
    outcomes: dict[str, dict[str, str]] = {}
    with Archive(db_url) as crawled:
        summary = crawled.crawl(site.url("/local/"), delay=0, sitemaps=False, parse_processes=0)
        assert summary.articles == {"new": len(STORIES)}
        with crawled.database.reading() as session:
            rows = {row.url: row for row in session.scalars(sa.select(FrontierRow))}
        outcomes["crawl"] = {p: rows[site.url(p)].reason for p in NOT_ARTICLES}
        assert {rows[site.url(p)].kind for p in NOT_ARTICLES} == {"article"}
        assert all(kept_without_article(crawled, site.url(p)) for p in NOT_ARTICLES)
        warc = tmp_path / "crawl.warc.gz"
        crawled.export_warc(warc)

    with another_database(db_url, "other") as other_db, Archive(other_db) as archive:
        fetched = archive.fetch([site.url(p) for p in NOT_ARTICLES], delay=0)
        assert all(page.fetch_id is not None and page.article is None for page in fetched)
        outcomes["fetch"] = {p: page.reason for p, page in zip(NOT_ARTICLES, fetched)}

        outcomes["add_html"] = {}
        for path in NOT_ARTICLES:
            html = site_page(site, path)
            with pytest.raises(NotAnArticle) as refused:
                archive.add_html(site.url(path) + "?copy=add_html", html)
            outcomes["add_html"][path] = str(refused.value)
            assert kept_without_article(archive, site.url(path) + "?copy=add_html")

        files = tmp_path / "saved"
        files.mkdir()
        for n, path in enumerate(NOT_ARTICLES):
            (files / f"{n}.html").write_text(site_page(site, path), encoding="utf-8")
            (files / f"{n}.json").write_text(json.dumps({"url": site.url(path) + "?copy=import"}))
        imported = list(archive.import_files([files]))
        assert all(page.fetch_id is not None and page.article is None for page in imported)
        outcomes["import"] = {path: page.reason for path, page in zip(NOT_ARTICLES, imported)}
        assert all(kept_without_article(archive, site.url(p) + "?copy=import") for p in NOT_ARTICLES)
        assert article_count(archive) == 0

    with another_database(db_url, "warc") as url, Archive(url) as copy:
        summary = copy.import_warc([warc])
        # The WARC file holds the section's own listing page too: a listing, as read there.
        assert summary.not_articles == {NO_STORY: 1, LISTING_PAGE: 2} and summary.articles == len(STORIES)
        assert all(kept_without_article(copy, site.url(p)) for p in [*NOT_ARTICLES, "/local/"])
        assert article_count(copy) == len(STORIES)

    assert outcomes == dict.fromkeys(("crawl", "fetch", "add_html", "import"), NOT_ARTICLES)



def test_the_cli_says_in_one_line_why_a_page_gave_no_article(db_url: str, site: ListingServer, tmp_path: Path) -> None:
    saved = tmp_path / "empty.html"
    saved.write_text(empty_page(), encoding="utf-8")
    result = CliRunner().invoke(main, ["import", str(saved), "--url", site.url(EMPTY), "--db", db_url])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert f"{saved}: {NOT_ARTICLES[EMPTY]}; the page is kept without one\n" in result.output
    fetched = CliRunner().invoke(main, ["fetch", site.url(LISTING), site.url(STORIES[0]), "--delay", "0",
                                        "--db", db_url])
    assert fetched.exit_code == 1 and "Traceback" not in fetched.output
    assert f"Error: {site.url(LISTING)}: {NOT_ARTICLES[LISTING]}\n" in fetched.output
    assert "new: article" in fetched.output


def test_a_crawl_exported_and_imported_has_the_same_articles(db_url: str, tmp_path: Path) -> None:
    """Issue 15's round trip: listing pages and a page without a story were imported as articles."""
    warc = tmp_path / "demo.warc.gz"
    with SiteServer(crawl_delay=0.02) as demo, Archive(db_url) as source:
        source.crawl(demo.url("/syria/"), max_pages=60, delay=0.02, read_timeout=0.3, max_retries=1,
                     backoff_base=0.05, retry_wait=0.2, max_bytes=1024 * 1024, parse_processes=0)
        source.export_warc(warc)
        keys = sorted(a.canonical_url or a.url or "" for a in source.articles())
    with another_database(db_url, "copy") as url, Archive(url) as copy:
        summary = copy.import_warc([warc])
        assert sorted(a.canonical_url or a.url or "" for a in copy.articles()) == keys
        assert summary.not_articles[LISTING_PAGE] >= 2 and summary.parse_errors == 0


def test_relative_urls_are_resolved_against_the_page_or_refused(db_url: str, tmp_path: Path) -> None:
    page = news_page("اجتماع مجلس الوزراء", PARAGRAPHS, url="/news/1")  # a relative canonical link
    saved = tmp_path / "page.html"
    saved.write_text(page, encoding="utf-8")
    with Archive(db_url) as archive:
        [refused] = archive.import_files([saved])  # no URL known for the page: nothing to resolve against
        assert refused.fetch_id is None and "not an absolute URL: '/news/1'" in (refused.reason or "")
        [resolved] = archive.import_files([saved], url="https://example-news.com/saved/page")
        assert resolved.article is not None and resolved.article.canonical_url == "https://example-news.com/news/1"
        assert resolved.article.url == "https://example-news.com/news/1"
        with pytest.raises(RelativeURL, match="/news/1") as relative:
            archive.add_html("/news/1", page)
        assert isinstance(relative.value, ArchiveError) and isinstance(relative.value, ValueError)
        with archive.database.reading() as session:
            urls = session.execute(sa.select(Fetch.requested_url, Fetch.final_url)).all()
        assert urls == [("https://example-news.com/news/1",) * 2]
        assert [site["site"] for site in archive.stats()["sites"]] == ["example-news.com"]
    cli = CliRunner().invoke(main, ["import", str(saved), "--db", db_url])
    assert cli.exit_code == 1 and "Traceback" not in cli.output
    assert f"skipped {saved}: not an absolute URL: '/news/1'" in cli.output
