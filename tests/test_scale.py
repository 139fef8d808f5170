"""Crawling with several processes on one archive: PostgreSQL as the coordinator (shared
frontier, leases, per-host politeness, robots.txt, schema upgrades, re-parse), and a
second process on a SQLite archive."""
from __future__ import annotations

import json
import signal
import subprocess
import sys
import textwrap
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import sqlalchemy as sa

from arabnews_archive.archive import Archive
from arabnews_archive.article import PARSER_VERSION
from arabnews_archive.crawl.engine import queue
from arabnews_archive.crawl.settings import crawl_settings
from arabnews_archive.store.database import inspect_database, open_database
from arabnews_archive.store.models import ArticleRow, Fetch, FrontierRow
from tests.conftest import news_page
from tests.test_migrations import migrate, schema_differences
from tests.site import content
from tests.site.server import SiteServer, gaps

ARABNEWS = str(Path(sys.executable).parent / "arabnews")
DELAY = 0.1
LEASE = 3.0
# The fault routes are tested in test_crawl.py; here they would only slow every host down.
SCOPE = dict(sitemaps=False, exclude=["/breaking/", "/fault/"])


@pytest.fixture
def sites() -> Iterator[list[SiteServer]]:
    """Four hosts (one port each), each a section of 100 articles."""
    servers = [SiteServer(crawl_delay=DELAY).start() for _ in range(4)]
    yield servers
    for server in servers:
        server.stop()


def worker(db: str, *extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen([ARABNEWS, "worker", "--db", db, "--delay", str(DELAY), "--lease", str(LEASE),
                             "--concurrency", "2", *extra],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def count(archive: Archive, query: sa.Select) -> int:
    with archive.database.reading() as session:
        return session.scalar(sa.select(sa.func.count()).select_from(query.subquery())) or 0


def wait_for(condition, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.2)


def held_by(process: subprocess.Popen[str]) -> sa.Select:
    return (sa.select(FrontierRow.id)
            .where(FrontierRow.state == "in_progress", FrontierRow.lease_owner.like(f"%:{process.pid}:%")))


def kill_one_holding(archive: Archive, workers: list[subprocess.Popen[str]],
                     timeout: float = 60.0) -> tuple[subprocess.Popen[str], list[int]]:
    """SIGKILL a worker at a moment it holds leases; returns it and the rows it held.

    Left unreaped until the end, the killed process stays a zombie that looks alive to
    its machine: its rows come back only through their lease expiring, as for a lost machine.
    """
    deadline = time.monotonic() + timeout
    while True:
        for process in workers:
            assert time.monotonic() < deadline, "no worker was seen holding a lease"
            if process.poll() is not None:
                continue
            process.send_signal(signal.SIGSTOP)  # frozen, so what it holds cannot change meanwhile
            with archive.database.reading() as session:
                rows = list(session.scalars(held_by(process)))
            if rows:
                process.send_signal(signal.SIGKILL)
                return process, rows
            process.send_signal(signal.SIGCONT)
        time.sleep(0.05)


def test_four_workers_share_four_hosts_politely_and_survive_a_sigkill(pg_url: str, sites: list[SiteServer]) -> None:
    with Archive(pg_url) as archive:
        settings = crawl_settings(**SCOPE)
        for site in sites:
            queue(archive.database, site.url("/syria/"), settings)
        workers = [worker(pg_url) for _ in range(4)]
        wait_for(lambda: count(archive, sa.select(ArticleRow.id)) >= 100)
        victim, orphans = kill_one_holding(archive, workers)
        for process in workers:
            if process is victim:
                continue
            out, err = process.communicate(timeout=120)
            assert process.returncode == 0, err
            assert "finished" in out and "lost" not in err  # the heartbeat kept every live lease
        victim.wait()

        with archive.database.reading() as session:
            keys = list(session.scalars(sa.select(ArticleRow.key_url)))
            article_fetches = Counter(session.scalars(
                sa.select(Fetch.requested_url).where(Fetch.status == 200, Fetch.requested_url.like("%/news/%"))))
            states = Counter(session.scalars(sa.select(FrontierRow.state)))
            orphan_states = set(session.scalars(sa.select(FrontierRow.state).where(FrontierRow.id.in_(orphans))))
            crawl_states = set(session.scalars(sa.text("SELECT state FROM crawls")))
    assert len(keys) == len(set(keys)) == 4 * content.ARTICLES
    expected = {a.path for a in content.all_articles()}
    for site in sites:
        port = urlsplit(site.base_url).port
        assert {unquote(urlsplit(k).path) for k in keys if urlsplit(k).port == port} == expected
    assert len(article_fetches) == 4 * content.ARTICLES and set(article_fetches.values()) == {1}  # stored once
    assert set(states) <= {"done", "skipped"} and orphan_states == {"done"} and crawl_states == {"finished"}
    for site in sites:
        assert min(gaps(site.log.entries())) >= DELAY * 0.95
        assert site.log.paths().count("/robots.txt") == 1  # fetched once, shared by the four workers


def test_crawl_started_on_several_machines_joins_one_crawl(pg_url: str, sites: list[SiteServer]) -> None:
    site = sites[0]
    args = [ARABNEWS, "crawl", site.url("/syria/"), "--db", pg_url, "--delay", str(DELAY), "--no-sitemaps",
            "--exclude", "/breaking/", "--exclude", "/fault/"]
    processes = [subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outputs = [p.communicate(timeout=120) for p in processes]
    assert [p.returncode for p in processes] == [0, 0], outputs
    with Archive(pg_url) as archive, archive.database.reading() as session:
        assert session.scalar(sa.text("SELECT count(*) FROM crawls")) == 1
        assert session.scalar(sa.select(sa.func.count()).select_from(ArticleRow)) == content.ARTICLES
    served = Counter(unquote(p) for p in site.log.paths() if p.startswith("/news/"))
    assert len(served) == content.ARTICLES and set(served.values()) == {1}
    assert min(gaps(site.log.entries())) >= DELAY * 0.95


STARTER = textwrap.dedent("""
    import sys
    from arabnews_archive.store.database import open_database
    open_database(sys.argv[1]).close()
""")


def test_workers_starting_together_upgrade_an_old_schema_once(pg_url: str) -> None:
    migrate(pg_url, "0002")
    processes = [subprocess.Popen([sys.executable, "-c", STARTER, pg_url], stderr=subprocess.PIPE, text=True)
                 for _ in range(4)]
    errors = [p.communicate(timeout=60)[1] for p in processes]
    assert [p.returncode for p in processes] == [0] * 4, errors
    assert sum("upgrading database" in e for e in errors) == 1  # the others found it done
    assert inspect_database(pg_url)[3] == "current" and schema_differences(pg_url) == []


REPARSER = textwrap.dedent("""
    import json, sys, time
    import arabnews_archive.parse as parse
    real, seen = parse.read_article, []
    def recording(*args, **kwargs):  # slow enough for the two processes to overlap
        time.sleep(0.01)
        seen.append(kwargs["url"])
        return real(*args, **kwargs)
    parse.read_article = recording
    from arabnews_archive.archive import Archive
    from arabnews_archive.store.reparse import reparse
    with Archive(sys.argv[1]) as archive:
        summary = reparse(archive.database, progress=False, batch_size=5)
    print(json.dumps({"pages": summary.pages, "new_articles": summary.new_articles, "urls": seen}))
""")


def test_two_reparse_processes_share_the_work_without_overlap(pg_url: str) -> None:
    total = 80
    with Archive(pg_url) as archive:
        for i in range(total):
            url = f"https://www.example-news.com/politics/{i}"
            archive.add_html(url, news_page(f"اجتماع مجلس الوزراء رقم {i}", ["فقرة أولى طويلة بما يكفي للنص."] * 3,
                                            url=url))
        with archive.database.writing() as session:
            session.execute(sa.text("UPDATE articles SET parser_version = '0'"))
        processes = [subprocess.Popen([sys.executable, "-c", REPARSER, pg_url], stdout=subprocess.PIPE, text=True)
                     for _ in range(2)]
        results = [json.loads(p.communicate(timeout=120)[0]) for p in processes]
        with archive.database.reading() as session:
            left = session.scalar(sa.text("SELECT count(*) FROM articles WHERE parser_version <> :v"),
                                  {"v": PARSER_VERSION})
    first, second = (set(r["urls"]) for r in results)
    assert first and second and not first & second  # both worked, never on the same article
    assert len(first | second) == total == sum(r["pages"] for r in results)
    assert left == 0


def test_second_crawl_process_on_sqlite_waits_its_turn(tmp_path: Path) -> None:
    db = str(tmp_path / "archive.db")
    with SiteServer(crawl_delay=0.02) as site:
        args = [ARABNEWS, "crawl", site.url("/syria/"), "--db", db, "--delay", "0.02", "--no-sitemaps",
                "--exclude", "/breaking/", "--exclude", "/fault/"]
        open_database(db).close()
        processes = [subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                     for _ in range(2)]
        outputs = [p.communicate(timeout=120) for p in processes]
        assert [p.returncode for p in processes] == [0, 0], outputs
        served = Counter(unquote(p) for p in site.log.paths() if p.startswith("/news/"))
    assert len(served) == content.ARTICLES and set(served.values()) == {1}  # nothing fetched twice
    with Archive(db) as archive, archive.database.reading() as session:
        assert session.scalar(sa.text("PRAGMA integrity_check")) == "ok"
        assert session.scalar(sa.select(sa.func.count()).select_from(ArticleRow)) == content.ARTICLES
