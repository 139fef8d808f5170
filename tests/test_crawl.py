"""The crawl loop against the synthetic site on 127.0.0.1, into real databases (no mocks)."""
from __future__ import annotations

import sys
import threading
from collections import Counter
from collections.abc import Iterator
from urllib.parse import unquote, urlsplit

import pytest
import sqlalchemy as sa

from arabnews_archive.archive import Archive
from arabnews_archive.crawl.discover.urls import canonicalize
from arabnews_archive.crawl.engine import FINISHED, LIMIT_REACHED, STOPPED, queue, work
from arabnews_archive.crawl.settings import crawl_settings
from arabnews_archive.crawl.summary import CrawlSummary, Snapshot
from arabnews_archive.fetch.polite_fetcher import DISALLOWED
from arabnews_archive.store.fetches import body_bytes
from arabnews_archive.store.models import ArticleRow, Fetch, FrontierRow
from tests.site import content
from tests.site.server import SiteServer, gaps

DELAY = 0.05
# Small timeouts and waits keep the fault routes fast; the rules tested are the same.
FAST = dict(delay=DELAY, read_timeout=0.3, max_retries=1, backoff_base=0.05, max_bytes=1024 * 1024,
            max_attempts=4, retry_wait=0.2)
# Routes that answer with a failure on purpose and are retried (so requested more than once).
RETRIED = ("/breaking/900007/", "/breaking/900001/", "/breaking/900002/", "/breaking/900003/")


@pytest.fixture
def site() -> Iterator[SiteServer]:
    with SiteServer(crawl_delay=DELAY) as server:
        yield server


def run(archive: Archive, site: SiteServer, **options: object) -> CrawlSummary:
    return archive.crawl(site.url("/syria/"), **{**FAST, **options})


def frontier(archive: Archive) -> dict[str, FrontierRow]:
    with archive.database.reading() as session:
        return {unquote(urlsplit(row.url).path) + (f"?{urlsplit(row.url).query}" if urlsplit(row.url).query else ""): row
                for row in session.scalars(sa.select(FrontierRow))}


def article_requests(site: SiteServer) -> Counter[str]:
    return Counter(unquote(p) for p in site.log.paths() if p.startswith("/news/"))


def assert_each_article_requested_once(site: SiteServer) -> None:
    """Each article path requested once; article 0 may be requested twice because a ticker
    route redirects to it, and a worker may claim its own row while the redirect's page is
    being stored."""
    counts = article_requests(site)
    counts[content.article(0).path] = min(counts[content.article(0).path], 1)
    assert set(counts.values()) == {1} and len(counts) == content.ARTICLES


def assert_complete_and_consistent(archive: Archive) -> None:
    """100 articles, each with its fetch and body; every finished row points to its fetch."""
    with archive.database.reading() as session:
        rows = session.execute(sa.select(ArticleRow.key_url, Fetch.body_id, Fetch.status)
                               .join(Fetch, Fetch.id == ArticleRow.fetch_id)).all()
        assert len(rows) == content.ARTICLES
        assert {unquote(urlsplit(key).path) for key, _, _ in rows} == {a.path for a in content.all_articles()}
        assert all(body_id is not None and status == 200 for _, body_id, status in rows)
        unfetched = session.scalar(sa.select(sa.func.count()).select_from(FrontierRow).where(
            FrontierRow.state == "done", FrontierRow.fetch_id.is_(None)))
        assert unfetched == 0


def test_full_crawl_stores_every_article_once_and_records_every_fault(db_url: str, site: SiteServer) -> None:
    with Archive(db_url) as archive:
        summary = run(archive, site)
        assert summary.state == FINISHED and summary.left == 0
        assert summary.articles["new"] == content.ARTICLES
        assert_complete_and_consistent(archive)
        rows = frontier(archive)
        expected = {
            "/breaking/900002/stall?seconds=1": ("failed", "timeout (read 0.3s)", 4),  # two rounds of two
            "/breaking/900003/reset": ("failed", "connection reset", 4),
            "/breaking/900004/loop": ("failed", "redirect loop", 1),
            "/breaking/900006/huge.html": ("failed", "response larger than 1 MB", 1),
            "/breaking/900008/image.html": ("failed", "binary content behind text/html (PNG)", 1),
            "/breaking/900007/500-then-200?key=ticker": ("done", None, 2),
            "/breaking/900001/429?key=ticker": ("done", None, 2),
            "/breaking/900005/redirect?n=3": ("done", None, 1),
            "/private/900009/secret.html": ("skipped", DISALLOWED, 0),
            "/calendar/?date=2024-03-09": ("skipped", "calendar navigation", 0),
            "/endless/?page=1": ("done", "no new articles on this page", 1),
        }
        for path, (state, reason, attempts) in expected.items():
            row = rows[path]
            assert (row.state, row.reason, row.attempts) == (state, reason, attempts), path
        assert "/endless/?page=2" not in rows
        assert {rows[p].kind for p in ("/sitemap.xml", "/sitemap-news.xml", "/sitemap-archive.xml.gz")} == {"sitemap"}
        assert rows["/rss.xml"].state == "done"
        with archive.database.reading() as session:  # failures are kept as fetch rows too
            errors = set(session.scalars(sa.select(Fetch.error).where(Fetch.error.is_not(None))))
        assert {"connection reset", "redirect loop", "response larger than 1 MB"} <= errors
    paths = site.log.paths()
    assert not any(p.startswith("/private/") for p in paths)
    assert_each_article_requested_once(site)
    assert min(gaps(site.log.entries())) >= DELAY * 0.95  # retries included


def test_windows_1256_page_without_charset_is_parsed_right(tmp_path, site: SiteServer) -> None:
    with Archive(str(tmp_path / "a.db")) as archive:
        pages = archive.fetch([site.url("/fault/cp1256.html")], delay=DELAY)
    article = pages[0].article
    info = content.article(1)
    assert article is not None and article.title == info.headline
    assert article.dateline == f"{info.city} - {content.SITE_NAME}"
    assert any("الإجراءات الجديدة" in p or "اللجنة المختصة" in p or "مسؤول محلي" in p for p in article.paragraphs)
    assert unquote(urlsplit(article.canonical_url or "").path) == info.path  # one story, one row


def test_since_stops_paging_back(tmp_path, site: SiteServer) -> None:
    with Archive(str(tmp_path / "a.db")) as archive:
        summary = run(archive, site, since="2024-03-01", sitemaps=False, exclude=["/breaking/"])
        rows = frontier(archive)
    assert summary.state == FINISHED
    assert rows["/syria/"].reason == "reached entries older than 2024-03-01"
    assert not any(p.startswith("/syria/?page") for p in site.log.paths())


def test_max_pages_then_resume_fetches_nothing_twice(tmp_path, site: SiteServer) -> None:
    with Archive(str(tmp_path / "a.db")) as archive:
        first = run(archive, site, max_pages=12)
        assert first.state == LIMIT_REACHED and first.pages == 12
        requested = {unquote(p) for p in site.log.paths()}  # with retries and redirect hops
        claimed = {p for p, row in frontier(archive).items() if not (row.reason or "").startswith("redirected")}
        assert len(requested & claimed) == 12
        second = run(archive, site)
        assert second.state == FINISHED
        assert_complete_and_consistent(archive)
    assert_each_article_requested_once(site)
    twice = [p for p, n in Counter(site.log.paths()).items() if n > 1 and not p.startswith(RETRIED)]
    assert twice == ["/robots.txt"]  # each run reads robots.txt once


def test_max_depth_limits_pagination(tmp_path, site: SiteServer) -> None:
    with Archive(str(tmp_path / "a.db")) as archive:
        run(archive, site, max_depth=1, sitemaps=False, exclude=["/breaking/"])
        rows = frontier(archive)
    assert rows["/syria/?page=2"].reason == "depth limit (1)"
    assert not any(p.startswith(("/syria/?page=3", "/syria/?page=4")) for p in site.log.paths())


def test_stop_event_then_resume(tmp_path, site: SiteServer) -> None:
    stop = threading.Event()

    def progress(snapshot: Snapshot) -> None:
        if snapshot.pages >= 30:
            stop.set()

    with Archive(str(tmp_path / "a.db")) as archive:
        first = run(archive, site, stop=stop, progress=progress)
        assert first.state == STOPPED and first.left > 0
        with archive.database.reading() as session:  # a clean stop hands back every claim
            assert session.scalar(sa.select(sa.func.count()).where(FrontierRow.state == "in_progress")) == 0
        served = len(site.log.paths())
        second = run(archive, site)
        assert second.state == FINISHED and len(site.log.paths()) > served
        assert_complete_and_consistent(archive)
    assert_each_article_requested_once(site)


def test_refresh_sends_conditional_requests_and_keeps_revisions(tmp_path, site: SiteServer) -> None:
    options = dict(sitemaps=False, exclude=["/breaking/", "/fault/"])
    with Archive(str(tmp_path / "a.db")) as archive:
        run(archive, site, **options)
        site.log.clear()
        site.revised.add(3)
        summary = run(archive, site, refresh=True, **options)
        assert summary.state == FINISHED
        assert summary.articles == {"not modified": content.ARTICLES - 1, "updated": 1}
        conditional = [e for e in site.log.entries() if e.path.startswith("/news/")]
        assert len(conditional) == content.ARTICLES
        assert all(e.headers.get("If-None-Match", "").startswith('"art-') for e in conditional)
        with archive.database.reading() as session:
            assert session.scalar(sa.select(sa.func.count()).where(Fetch.not_modified)) == content.ARTICLES - 1
        story = archive.get(canonicalize(site.url(content.article(3).href)))
        assert story is not None and content.UPDATE_SENTENCE in story.paragraphs
        assert [content.UPDATE_SENTENCE in r.article.paragraphs for r in archive.revisions(story.id)] == [False]


def test_request_headers_and_raw_responses_are_stored(tmp_path, site: SiteServer) -> None:
    with Archive(str(tmp_path / "a.db")) as archive:
        run(archive, site, sitemaps=False, exclude=["/breaking/", "/fault/"], max_pages=3, user_agent="test-agent/1")
        with archive.database.reading() as session:
            fetch = session.scalars(sa.select(Fetch).where(Fetch.status == 200).order_by(Fetch.id)).first()
            assert fetch is not None and fetch.request_headers is not None
            assert fetch.request_headers["User-Agent"] == "test-agent/1"
            assert fetch.headers["content-type"].startswith("text/html")
            assert body_bytes(session, fetch.id).startswith(b"<!DOCTYPE html>")


def test_bad_options_are_refused(tmp_path) -> None:
    with Archive(str(tmp_path / "a.db")) as archive:
        with pytest.raises(ValueError, match="YYYY-MM-DD"):
            archive.crawl("http://127.0.0.1:9/syria/", since="yesterday")
        with pytest.raises(TypeError, match="unexpected keyword argument 'max_page'"):
            archive.crawl("http://127.0.0.1:9/syria/", max_page=3)


def test_threads_switch_quickly_during_a_crawl_only(tmp_path, site: SiteServer) -> None:
    """The interpreter's switch interval is lowered while a crawl runs (fetching threads
    wait less for the GIL) and given back after it."""
    before = sys.getswitchinterval()
    seen: list[float] = []
    try:
        sys.setswitchinterval(0.004)
        with Archive(str(tmp_path / "a.db")) as archive:
            summary = archive.crawl(site.url("/syria/"), **{**FAST, "max_pages": 3},
                                    progress=lambda snapshot: seen.append(sys.getswitchinterval()))
        assert summary.pages == 3 and seen and max(seen) < 0.004
        assert sys.getswitchinterval() == pytest.approx(0.004)
    finally:
        sys.setswitchinterval(before)


def test_a_slow_host_never_holds_up_a_fast_one(tmp_path) -> None:
    """Two threads, two hosts: one thread at most waits on the slow host, so the fast host's
    requests go on while each slow response is awaited."""
    latency = 0.5
    with SiteServer(crawl_delay=0, latency=latency) as slow, SiteServer(crawl_delay=0.02) as fast, \
            Archive(str(tmp_path / "a.db")) as archive:
        settings = crawl_settings(concurrency=2, delay=0, sitemaps=False, exclude=["/breaking/", "/fault/"])
        for server in (slow, fast):
            queue(archive.database, server.url("/syria/"), settings)
        fast_pages = content.ARTICLES + content.PAGES  # a listing page each, then the articles
        stop = threading.Event()
        work(archive.database, settings, stop=stop,
             progress=lambda _: stop.set() if len(article_requests(fast)) >= content.ARTICLES else None)
        fast_times = [e.at for e in fast.log.entries()]
        slow_times = [e.at for e in slow.log.entries()]
    assert len(fast_times) >= fast_pages
    during = [t for t in slow_times if fast_times[0] <= t and t + latency <= fast_times[-1]]
    assert len(during) >= 2  # the fast crawl ran while slow responses were awaited
    assert max(b - a for a, b in zip(fast_times, fast_times[1:])) < 0.8 * latency
