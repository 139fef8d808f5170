"""Re-parse makes articles of the stored pages an older parser found no story in, and only of those.

Pages are stored exactly as the crawler stores them (`crawl.pipeline.commit_page`, the
crawler's own write), with the outcome an older parser planned: "not an article".
"""
from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta, timezone

import sqlalchemy as sa
from click.testing import CliRunner

from arabnews_archive.archive import Archive
from arabnews_archive.cli import main
from arabnews_archive.crawl.discover.urls import Scope
from arabnews_archive.crawl.pipeline import commit_page
from arabnews_archive.crawl.plan import Context, Plan
from arabnews_archive.crawl.settings import CrawlSettings
from arabnews_archive.fetch.result import FetchResult
from arabnews_archive.parse import NO_STORY, NotAnArticle
from arabnews_archive.store.articles import site_id
from arabnews_archive.store.fetches import pack_body
from arabnews_archive.store.frontier import (
    ARTICLE, DONE, FAILED, LISTING, QUEUED, SITEMAP, SKIPPED, NewUrl, claim, enqueue, open_crawl,
)
from arabnews_archive.store.models import FrontierRow
from arabnews_archive.store.reparse import ReparseSummary
from tests.conftest import news_page, store_exchange
from tests.test_scale import REPARSER

SITE = "https://www.example-news.com"
T0 = datetime(2024, 4, 1, tzinfo=timezone.utc)
HTML = {"content-type": "text/html; charset=utf-8"}
CONTEXT = Context(Scope("example-news.com", "/local"), CrawlSettings())
PARAGRAPHS = [
    "عقد مجلس الوزراء اجتماعه الأسبوعي اليوم برئاسة رئيس الحكومة لمناقشة عدد من الملفات.",
    "وناقش المجلس خطة تطوير شبكة الطرق في المحافظات الجنوبية وتكلفتها المتوقعة.",
]


def story(n: int) -> str:
    return news_page(f"اجتماع مجلس الوزراء رقم {n}", PARAGRAPHS, url=f"{SITE}/local/{n}")


def crawled(archive: Archive, url: str, kind: str, plan: Plan, *, body: str = "", status: int = 200,
            error: str | None = None, not_modified: bool = False, at: datetime = T0) -> None:
    """Fetch `url` as a crawl's `kind` row, with `plan` as the parser of the day planned it."""
    result = FetchResult(url, url, status, HTML, body.encode(), at, error=error, not_modified=not_modified)
    if result.ok and not not_modified:
        plan.body = pack_body(result.body)
    with archive.database.writing() as session:
        crawl = open_crawl(session, f"{SITE}/local", {}, {}, at)
        if not enqueue(session, crawl.id, [NewUrl(url, kind, 1)], at):  # known: queued again, as a refresh does
            session.execute(sa.update(FrontierRow).where(FrontierRow.url == url).values(state=QUEUED))
        (row,) = claim(session, [crawl.id], "test-worker", at, timedelta(minutes=5))
        assert row.url == url
        commit_page(session, row, result, plan, CONTEXT, "test-worker", at)


def no_story() -> Plan:
    verdict = NotAnArticle(NO_STORY)
    return Plan(SKIPPED, str(verdict), reading=verdict)


def article_count(archive: Archive) -> int:
    with archive.database.reading() as session:
        return session.scalar(sa.text("SELECT count(*) FROM articles"))


def test_article_pages_without_a_story_become_articles_and_nothing_else_does(archive: Archive) -> None:
    crawled(archive, f"{SITE}/local/1", ARTICLE, no_story(), body=story(1))
    # Pages that hold a story but are no article page of their own: never made articles.
    crawled(archive, f"{SITE}/local", LISTING, Plan(DONE), body=story(2))
    crawled(archive, f"{SITE}/sitemap.xml", SITEMAP, Plan(DONE), body=story(3))
    crawled(archive, f"{SITE}/local?page=2", LISTING, Plan(DONE), body=story(4))
    crawled(archive, f"{SITE}/local?page=2", LISTING, Plan(DONE), status=304, not_modified=True,
            at=T0 + timedelta(days=1))  # a refresh: the 200 copy is history now
    crawled(archive, f"{SITE}/local/5", ARTICLE, Plan(FAILED, "HTTP 404"), body=story(5), status=404, error="HTTP 404")
    store_exchange(archive, f"{SITE}/local/6", story(6).encode(), status=301, headers={"Location": f"{SITE}/"})
    # Fetched on its own (`arabnews fetch`): a story, then a later copy without one.
    store_exchange(archive, f"{SITE}/local/7", story(7).encode(), headers=HTML, fetched_at=T0)
    store_exchange(archive, f"{SITE}/local/7", b"<html><body><nav>x</nav></body></html>", headers=HTML,
                   fetched_at=T0 + timedelta(hours=1))
    store_exchange(archive, f"{SITE}/local/8", story(8).encode(), headers=HTML)
    assert article_count(archive) == 0

    summary = archive.reparse()
    assert (summary.new_articles, summary.storyless, summary.joined, summary.pages, summary.errors) == (2, 1, 0, 0, 0)
    assert summary.lines() == ["new articles: 2 (from 3 stored page(s) without one; 1 still without a story)"]
    titles = sorted(a.title for a in archive.articles())
    assert titles == ["اجتماع مجلس الوزراء رقم 1", "اجتماع مجلس الوزراء رقم 8"]
    made = archive.get(f"{SITE}/local/1")
    assert made.paragraphs == tuple(PARAGRAPHS) and [a.id for a in archive.search("رقم 1")] == [made.id]

    assert archive.reparse() == ReparseSummary()  # each page tried once per parser version
    again = archive.reparse(every_version=True)
    assert (again.pages, again.storyless, again.new_articles) == (2, 1, 0)


def test_a_story_an_article_already_holds_joins_it_once(archive: Archive) -> None:
    later = archive.add_html(f"{SITE}/local/1", story(1), fetched_at=T0 + timedelta(days=2))
    # An older copy under another address, whose story the stored article already has.
    crawled(archive, f"{SITE}/local/1?from=home", ARTICLE, no_story(), body=story(1))
    summary = archive.reparse()
    assert (summary.joined, summary.new_articles, summary.storyless) == (1, 0, 0)
    assert "new articles: 0 (from 1 stored page(s) without one; 0 still without a story, 1 joined" in summary.lines()[0]
    assert article_count(archive) == 1 and archive.get(later.id).paragraphs == later.paragraphs
    assert archive.reparse() == ReparseSummary()


def test_reparse_doubtful_leaves_pages_without_an_article_alone(archive: Archive) -> None:
    crawled(archive, f"{SITE}/local/1", ARTICLE, no_story(), body=story(1))
    assert archive.reparse(doubtful=True) == ReparseSummary()
    assert archive.reparse().new_articles == 1


def test_worker_processes_share_the_pages(archive: Archive) -> None:
    for n in range(12):
        crawled(archive, f"{SITE}/local/{n}", ARTICLE, no_story(), body=story(n))
    assert archive.reparse(site="other-site.net") == ReparseSummary()
    assert archive.reparse(since="2024-04-02") == ReparseSummary()
    summary = archive.reparse(site="example-news.com", since="2024-04-01", workers=2)
    assert (summary.new_articles, summary.errors) == (12, 0) and article_count(archive) == 12


def test_killed_midway_keeps_whole_batches_and_the_next_run_finishes(archive: Archive, db_url: str) -> None:
    total = 60
    for n in range(total):
        crawled(archive, f"{SITE}/local/{n}", ARTICLE, no_story(), body=story(n))
    process = subprocess.Popen([sys.executable, "-c", REPARSER, db_url], stdout=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while article_count(archive) == 0 and time.monotonic() < deadline:
        time.sleep(0.02)
    process.send_signal(signal.SIGKILL)
    process.wait()
    made = article_count(archive)
    assert 0 < made < total and made % 5 == 0  # whole batches only
    summary = archive.reparse()
    assert summary.new_articles == total - made and article_count(archive) == total


def test_two_processes_on_postgresql_never_parse_the_same_page(pg_url: str) -> None:
    total = 40
    with Archive(pg_url) as archive:
        for n in range(total):
            crawled(archive, f"{SITE}/local/{n}", ARTICLE, no_story(), body=story(n))
        processes = [subprocess.Popen([sys.executable, "-c", REPARSER, pg_url], stdout=subprocess.PIPE, text=True)
                     for _ in range(2)]
        results = [json.loads(p.communicate(timeout=120)[0]) for p in processes]
        assert article_count(archive) == total
    first, second = (set(r["urls"]) for r in results)
    assert first and second and not first & second
    assert len(first | second) == total == sum(r["new_articles"] for r in results)


def test_reparse_command_reports_the_new_articles(archive: Archive) -> None:
    crawled(archive, f"{SITE}/local/1", ARTICLE, no_story(), body=story(1))
    crawled(archive, f"{SITE}/local/2", ARTICLE, no_story(), body="<html><body><p>قصير</p></body></html>")
    result = CliRunner().invoke(main, ["reparse", "--db", archive.url])
    assert result.exit_code == 0, result.output
    assert result.output == ("re-parsed 0 pages, 0 errors\n"
                             "  new articles: 1 (from 2 stored page(s) without one; 1 still without a story)\n")
    assert CliRunner().invoke(main, ["reparse", "--db", archive.url]).output == "re-parsed 0 pages, 0 errors\n"


def test_the_first_article_of_a_site_written_by_two_writers_at_once(pg_url: str) -> None:
    """Two re-parse processes often save a site's first articles together: the second writer
    waits for the first one's site row and uses it (it used to fail on the unique host)."""
    with Archive(pg_url) as archive:
        with archive.database.writing() as first:
            first_id = site_id(first, f"{SITE}/local/1", "جريدة الأخبار")
            with ThreadPoolExecutor(1) as pool:
                second = pool.submit(lambda: _site_id_in_own_transaction(archive))
                time.sleep(0.3)  # the second writer is now waiting on the host's unique index
                assert not second.done()
                first.commit()
                assert second.result(timeout=10) == first_id


def _site_id_in_own_transaction(archive: Archive) -> int:
    with archive.database.writing() as session:
        return site_id(session, f"{SITE}/local/2", "جريدة الأخبار")
