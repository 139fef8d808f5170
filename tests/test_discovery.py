"""Listing-page discovery, pagination traps, sitemaps and feeds on the synthetic site."""
from __future__ import annotations

import gzip
from datetime import date
from pathlib import Path

import pytest

from arabnews_archive.crawl import (
    CrawlSettings, Scope, canonicalize, discover, is_calendar, page_number, parse_feed, parse_sitemap,
    select, stop_paging,
)
from arabnews_archive.fetch import Downloader, FetchSettings, RobotsCache
from tests.site import content
from tests.site.fixture import site_server  # noqa: F401 - pytest fixture
from tests.site.server import SiteServer

BASE = "http://news.test"
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "sections"


def absolute(path: str) -> str:
    return canonicalize(BASE + path)


CHROME = {absolute(h) for h, _ in content.NAV_LINKS + content.FOOTER_LINKS + content.TAG_LINKS}
TICKER = {absolute(h) for h, _ in content.TICKER_LINKS}


@pytest.mark.parametrize("page", range(1, content.PAGES + 1))
def test_listing_articles_found_and_navigation_not(page: int) -> None:
    found = discover(content.listing_page(page), BASE + content.page_url(page))
    expected = [absolute(a.href) for a in content.page_articles(page)]
    assert [u for u in found.articles if u in expected] == expected  # all 20, in page order
    assert set(found.articles) - set(expected) <= TICKER  # breaking-news ticker, linked fault routes
    assert not set(found.articles) & CHROME
    popular = {absolute(content.article(n).href) for n in (60, 70, 80, 90, 95)} - set(expected)
    assert not set(found.articles) & popular  # the sidebar is not the section
    assert all(not u.startswith("https://") for u in found.articles + found.other)  # off-site dropped
    assert found.titles[expected[0]] == content.page_articles(page)[0].headline
    assert found.dates[expected[-1]] == content.page_articles(page)[-1].published
    assert found.feeds == [absolute("/rss.xml")]


def test_next_page_first_and_numbers() -> None:
    found = discover(content.listing_page(2), BASE + content.page_url(2))
    assert found.listings[0] == absolute(content.page_url(3))
    assert set(found.listings) == {absolute(content.page_url(p)) for p in (1, 3, 4, 5)}
    last = discover(content.listing_page(content.PAGES), BASE + content.page_url(content.PAGES))
    assert absolute(content.page_url(content.PAGES + 1)) not in last.listings


def test_discovery_from_served_bytes(site_server: SiteServer) -> None:
    result = Downloader(FetchSettings(delay=0)).fetch(site_server.url("/syria/"))
    found = discover(result.body, result.final_url, headers=result.headers)
    assert len([u for u in found.articles if "/news/" in u]) == 20
    assert found.listings[0] == canonicalize(site_server.url("/syria/?page=2"))


def test_calendar_trap_refused() -> None:
    found = discover(content.calendar_page(content.NEWEST), BASE + "/calendar/?date=2024-03-10")
    assert not any("/calendar/" in u for u in found.listings)
    assert (absolute("/calendar/?date=2024-03-11"), "calendar navigation") in found.skipped
    assert is_calendar("http://x/archive/2024/01/") and is_calendar("http://x/?date=2024-01-16")
    assert not is_calendar("http://x/2024/01/15/some-article-slug")


def test_growing_page_numbers_capped() -> None:
    settings = CrawlSettings(max_listing_pages=3)
    ok = discover(content.endless_page(1), BASE + "/endless/?page=1", settings=settings)
    assert ok.listings == [absolute("/endless/?page=2")]
    capped = discover(content.endless_page(3), BASE + "/endless/?page=3", settings=settings)
    assert capped.listings == [] and capped.skipped == [(absolute("/endless/?page=4"), "page limit (4 > 3)")]
    assert page_number("http://x/syria/page/7/") == 7 and page_number("http://x/s?p=3") == 3


def test_stop_paging() -> None:
    assert stop_paging(1, 20, None, 500) is None
    assert stop_paging(500, 20, None, 500) == "listing page limit (500)"
    assert stop_paging(3, 0, None, 500) == "no new articles on this page"
    oldest = content.article(99).published
    assert stop_paging(5, 20, oldest, 500, since=date(2024, 3, 1)).startswith("reached entries older")
    assert stop_paging(5, 20, oldest, 500, since=date(2024, 1, 1)) is None


def test_sitemap_index_news_and_gzip(site_server: SiteServer) -> None:
    downloader = Downloader(FetchSettings(delay=0))
    index = parse_sitemap(downloader.fetch(site_server.url("/sitemap.xml")).body, site_server.base_url)
    assert index.is_index and [s.url for s in index.sitemaps] == [
        site_server.url("/sitemap-news.xml"), site_server.url("/sitemap-archive.xml.gz")]
    news = parse_sitemap(downloader.fetch(site_server.url("/sitemap-news.xml")).body)
    first = news.entries[0]
    assert len(news.entries) == 30 and first.title == content.article(0).headline
    assert first.url == canonicalize(site_server.url(content.article(0).path))  # raw Arabic <loc>
    assert first.published == content.article(0).published
    gz = downloader.fetch(site_server.url("/sitemap-archive.xml.gz"),
                          accept={"application/x-gzip", "application/xml"})
    archive = parse_sitemap(gz.body)
    assert len(archive.entries) == 100 and archive.entries[99].lastmod.date() == content.article(99).published.date()
    scope = Scope.for_section(site_server.url("/syria/")).site_wide()
    assert len(select(archive.entries, scope, since=date(2024, 3, 1))) == 19
    assert RobotsCache(downloader, "x").sitemaps(site_server.base_url) == [site_server.url("/sitemap.xml")]


def test_sitemap_tolerates_whitespace_and_junk() -> None:
    xml = b"<urlset><url><loc>\n  https://www.arabstoday.net/227/\xd9\x88\xd8\xb2\xd9\x8a\xd8\xb1  \n</loc></url></urlset>"
    assert [e.url for e in parse_sitemap(gzip.compress(xml)).entries] == ["https://www.arabstoday.net/227/%D9%88%D8%B2%D9%8A%D8%B1"]
    assert parse_sitemap(b"\x1f\x8bnot gzip").entries == [] and parse_sitemap(b"").entries == []


def test_rss_and_atom(site_server: SiteServer) -> None:
    downloader = Downloader(FetchSettings(delay=0))
    rss = parse_feed(downloader.fetch(site_server.url("/rss.xml")).body)
    assert len(rss) == 20 and rss[0].title == content.article(0).headline
    assert rss[0].url == canonicalize(site_server.url(content.article(0).path))
    assert rss[3].published == content.article(3).published
    atom = parse_feed(downloader.fetch(site_server.url("/atom.xml")).body)
    assert len(atom) == 10 and atom[9].published == content.article(9).published


def test_broken_feed_tolerated(site_server: SiteServer) -> None:
    broken = parse_feed(Downloader(FetchSettings(delay=0)).fetch(site_server.url("/rss-broken.xml")).body)
    assert len(broken) == 20
    assert parse_feed(b"<html><body>not a feed</body></html>") == [] and parse_feed(b"") == []


@pytest.mark.skipif(not CORPUS.is_dir(), reason="shared corpus not present")
def test_real_wordpress_tag_page_smoke() -> None:
    page = CORPUS / "almowaten.net__ct19-023-35.html"
    url = "https://www.almowaten.net/tag/%D8%A5%D8%B3%D8%B1%D8%A7%D8%A6%D9%8A%D9%84/"
    found = discover(page.read_bytes(), url)
    assert len(found.articles) >= 30 and not any("/category/" in u for u in found.articles)
    assert found.listings[0].endswith("/page/2/")
