"""Keeping an archive current: an incremental `crawl` run again, and `watch` on a site that
publishes (tests/site/publishing.py), with the server's request log as the witness."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from collections import Counter
from datetime import datetime, timedelta, timezone
from pathlib import Path
from urllib.parse import unquote

import sqlalchemy as sa

from arabnews_archive.archive import Archive
from arabnews_archive.crawl.discover.feeds import update_period
from arabnews_archive.crawl.settings import parse_interval
from arabnews_archive.crawl.watch import next_interval
from arabnews_archive.store.models import ArticleRow, WatchSource
from tests.site.publishing import PublishingSite

ARABNEWS = str(Path(sys.executable).parent / "arabnews")
# Fast and deterministic: no wait between requests, parsing in the crawling process.
FAST = {"delay": 0.0, "parse_processes": 0, "allow_private_addresses": True}
FAST_CLI = ["--delay", "0", "--parse-processes", "0", "--allow-private-addresses"]


def article_requests(site: PublishingSite, section: str) -> Counter[str]:
    return Counter(p for p in site.requests(f"/{section}/") if p[len(section) + 2:][:1].isdigit())


def stored_urls(archive: Archive) -> set[str]:
    with archive.database.reading() as session:
        return {unquote(url) for url in session.scalars(sa.select(ArticleRow.url))}


def make_due(archive: Archive) -> None:
    """The test's clock: every watched source's next visit is now (intervals stay as they adapted)."""
    with archive.database.writing() as session:
        session.execute(sa.update(WatchSource).values(next_visit=datetime.now(timezone.utc) - timedelta(seconds=1)))


def sources(archive: Archive) -> dict[str, WatchSource]:
    with archive.database.reading() as session:
        return {w.url: w for w in session.scalars(sa.select(WatchSource))}


def test_crawl_run_again_fetches_only_the_new_articles(tmp_path: Path) -> None:
    """The issue's scenario: a full crawl, the site publishes 7, the same `crawl` again."""
    with PublishingSite({"syria": 100}) as site, Archive(str(tmp_path / "a.db")) as archive:
        seed = site.url("/syria/")
        archive.crawl(seed, **FAST)
        assert len(stored_urls(archive)) == 100
        site.log.clear()
        new = site.publish("syria", 7)

        summary = archive.crawl(seed, **FAST)

        assert summary.state == "finished" and summary.articles == {"new": 7}
        assert set(article_requests(site, "syria")) == set(new)
        assert sum(article_requests(site, "syria").values()) == 7
        # The sources again, and page 2 (page 1 brought new articles; page 2 none: the walk stops).
        assert sorted(p for p in site.requests() if p not in new) == sorted(
            ["/robots.txt", "/syria/", "/syria/?page=2", "/syria/rss.xml", "/sitemap.xml"])
        assert len(site.requests()) == 12

        site.log.clear()
        summary = archive.crawl(seed, **FAST)  # nothing published: conditional requests only
        assert summary.articles == {"not modified": 3}
        assert not article_requests(site, "syria")
        assert all(e.headers.get("If-None-Match") for e in site.log.entries() if e.path != "/robots.txt")

        site.log.clear()
        archive.crawl(seed, refresh=True, **FAST)  # --refresh keeps its meaning: known articles revisited
        assert sum(article_requests(site, "syria").values()) == 107


def test_watch_stores_every_new_article_once_and_adapts_each_interval(tmp_path: Path) -> None:
    lines: list[str] = []
    with PublishingSite({"busy": 30, "quiet": 30}) as site, Archive(str(tmp_path / "a.db")) as archive:
        sections = [site.url("/busy/"), site.url("/quiet/")]
        watch = dict(once=True, log=lines.append, min_interval=10, max_interval=80, **FAST)
        archive.watch(sections, **watch)
        assert len(stored_urls(archive)) == 60
        assert {s.kind for s in sources(archive).values()} == {"listing", "feed", "sitemap"}

        published: list[str] = []
        for _ in range(6):
            published += site.publish("busy", 12)  # more than a listing page: the walk goes to page 2
            make_due(archive)
            lines.clear()
            visits = archive.watch(**watch)
            # Every new article is stored by the first visit after it appeared.
            assert {site.url(p) for p in published} <= stored_urls(archive)
            assert sum(v.new for v in visits) == 12
            assert any("nothing new: unchanged (304 Not Modified)" in line for line in lines), lines

        # No article was ever requested twice: known ones are never fetched again.
        for section in ("busy", "quiet"):
            assert set(article_requests(site, section).values()) == {1}
        schedule = sources(archive)
        assert schedule[site.url("/busy/")].interval == 10  # down to the minimum
        assert schedule[site.url("/quiet/")].interval == 80  # up to the maximum
        assert schedule[site.url("/quiet/")].last_new is None
        listed = {r["url"]: r for r in archive.watched()}
        assert listed[site.url("/busy/")]["failures"] == 0 and listed[site.url("/busy/")]["last_new"] is not None

        assert archive.unwatch(site.url("/quiet/")) == 3  # its listing, its feed, the sitemap as its source
        assert all("/quiet/" not in url for url in sources(archive))


def test_a_source_seen_unchanged_with_another_validator_is_not_parsed_again(tmp_path: Path) -> None:
    with PublishingSite({"syria": 12}) as site, Archive(str(tmp_path / "a.db")) as archive:
        lines: list[str] = []
        archive.watch(site.url("/syria/"), once=True, log=lines.append, min_interval=10, max_interval=80, **FAST)
        with archive.database.writing() as session:  # a server that forgot its ETags
            session.execute(sa.text("UPDATE frontier SET etag = NULL"))
        make_due(archive)
        archive.watch(once=True, log=lines.append, min_interval=10, max_interval=80, **FAST)
        assert any("/syria/ (listing): nothing new: same content as the last visit (same hash)" in line
                   for line in lines), lines


def test_the_servers_wait_is_a_lower_bound_and_failures_back_off(tmp_path: Path) -> None:
    with PublishingSite({"syria": 12}, ttl=30) as site, Archive(str(tmp_path / "a.db")) as archive:
        archive.watch(site.url("/syria/"), once=True, log=lambda line: None, min_interval=10, max_interval=7200,
                      **FAST)
        make_due(archive)
        [feed] = [v for v in archive.watch(once=True, log=lambda line: None, **FAST) if v.kind == "feed"]
        assert feed.interval == 15  # its own interval lengthened by half...
        visited = sources(archive)[feed.url]
        assert visited.next_visit - visited.last_visit >= timedelta(minutes=30)  # ...but the feed asks for 30 min

    # The site is gone: each failed visit doubles the wait, up to the maximum.
    with Archive(str(tmp_path / "a.db")) as archive:
        waits = []
        for _ in range(3):
            make_due(archive)
            archive.watch(once=True, log=lambda line: None, **FAST)
            listing = sources(archive)[site.url("/syria/")]
            waits.append((listing.next_visit - listing.last_visit).total_seconds())
        assert listing.failures == 3 and "failed" in (listing.note or "")
        assert waits == sorted(waits) and waits[0] < waits[-1]


def test_interval_rule_and_server_hints() -> None:
    assert next_interval(600, 5, 600, 86400) == 600  # not below the minimum
    assert next_interval(2400, 5, 600, 86400) == 1200
    assert next_interval(600, 0, 600, 86400) == 900
    assert next_interval(80000, 0, 600, 86400) == 86400  # not above the maximum
    assert parse_interval("10m") == 600 and parse_interval("24h") == 86400 and parse_interval("90") == 90
    syndication = (b'<rss xmlns:sy="http://purl.org/rss/1.0/modules/syndication/"><channel>'
                   b'<sy:updatePeriod>hourly</sy:updatePeriod><sy:updateFrequency>2</sy:updateFrequency></channel></rss>')
    assert update_period(syndication) == 1800
    assert update_period(b"<rss><channel><ttl>60</ttl></channel></rss>") == 3600
    assert update_period(b"<rss><channel></channel></rss>") is None


def test_watch_killed_with_sigkill_resumes_its_schedule(tmp_path: Path) -> None:
    db = str(tmp_path / "a.db")
    with PublishingSite({"syria": 60}) as site:
        seed = site.url("/syria/")
        watch = [ARABNEWS, "watch", seed, "--min-interval", "1h", *FAST_CLI, "--delay", "0.02", "--db", db]
        process = subprocess.Popen(watch, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        while len(article_requests(site, "syria")) < 20:  # killed in the middle of its first crawl
            assert process.poll() is None
            threading.Event().wait(0.01)
        process.send_signal(signal.SIGKILL)
        process.wait()

        once = subprocess.run([*watch, "--once"], capture_output=True, text=True, timeout=120)
        assert once.returncode == 0, once.stderr
        with Archive(db) as archive:
            assert len(stored_urls(archive)) == 60  # nothing lost
            scheduled = sources(archive)
        # Only the pages in flight at the kill were requested again.
        assert sum(n - 1 for n in article_requests(site, "syria").values()) <= 4

        # Killed while it waits for the next visit: the restart visits nothing early.
        process = subprocess.Popen(watch, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        threading.Event().wait(1.0)
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        site.log.clear()
        once = subprocess.run([*watch, "--once"], capture_output=True, text=True, timeout=120)
        assert "nothing due" in once.stdout
        assert site.requests() == []
        with Archive(db) as archive:
            assert {u: w.next_visit for u, w in sources(archive).items()} == {
                u: w.next_visit for u, w in scheduled.items()}


def test_watch_ends_cleanly_on_sigterm(tmp_path: Path) -> None:
    db = str(tmp_path / "a.db")
    with PublishingSite({"syria": 12}) as site:
        process = subprocess.Popen([ARABNEWS, "watch", site.url("/syria/"), "--min-interval", "1h", *FAST_CLI,
                                    "--db", db], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        first = process.stdout.readline()  # the first crawl's line: the watch now waits
        assert "crawled (finished), 12 new articles" in first
        process.send_signal(signal.SIGTERM)
        out, err = process.communicate(timeout=60)
        assert process.returncode != 0 and "Traceback" not in err


def test_two_watch_processes_on_postgresql_visit_each_source_once(pg_url: str) -> None:
    with PublishingSite({"a": 12, "b": 12, "c": 12, "d": 12}) as site:
        seeds = [site.url(f"/{s}/") for s in "abcd"]
        with Archive(pg_url) as archive:
            archive.watch(seeds, once=True, log=lambda line: None, min_interval=10, **FAST)
            for section in "abcd":
                site.publish(section, 3)
            make_due(archive)
            with archive.database.reading() as session:
                count = session.scalar(sa.select(sa.func.count()).select_from(WatchSource))
        site.log.clear()
        command = [ARABNEWS, "watch", "--once", *FAST_CLI, "--db", pg_url]
        processes = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                     for _ in range(2)]
        outputs = [p.communicate(timeout=120) for p in processes]
        assert all(p.returncode == 0 for p in processes), outputs
        visits = [line for out, _ in outputs for line in out.splitlines() if "; next visit in" in line]
        assert len(visits) == count  # each source visited by one process
        requested = Counter(site.requests())
        assert all(requested[f"/{s}/"] == 1 and requested[f"/{s}/rss.xml"] == 1 for s in "abcd")
        # Each section reads the site's sitemap as its own source; articles are fetched once.
        assert requested["/sitemap.xml"] == 4
        assert all(n == 1 for path, n in requested.items() if path not in ("/robots.txt", "/sitemap.xml"))
        with Archive(pg_url) as archive:
            assert len(stored_urls(archive)) == 4 * 15
