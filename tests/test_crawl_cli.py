"""`arabnews crawl`, `fetch` and `frontier` as people run them, including a crawl killed with -9."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from urllib.parse import unquote, urlsplit

import sqlalchemy as sa

from arabnews_archive.archive import Archive
from arabnews_archive.store.models import ArticleRow, Fetch, FrontierRow
from tests.site import content
from tests.site.server import SiteServer

ARABNEWS = str(Path(sys.executable).parent / "arabnews")
QUICK = ["--delay", "0.05", "--no-sitemaps", "--exclude", "/breaking/"]


def arabnews(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([ARABNEWS, *args], capture_output=True, text=True, timeout=120)


def test_crawl_killed_midway_resumes_without_loss_or_refetch(tmp_path: Path) -> None:
    db = str(tmp_path / "archive.db")
    with SiteServer(crawl_delay=0.05) as site:
        seed = site.url("/syria/")
        process = subprocess.Popen([ARABNEWS, "crawl", seed, *QUICK, "--db", db],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while sum(p.startswith("/news/") for p in site.log.paths()) < 40 and time.monotonic() < deadline:
            time.sleep(0.01)
        process.send_signal(signal.SIGKILL)
        process.wait()
        served_before = Counter(unquote(p) for p in site.log.paths() if p.startswith("/news/"))
        assert 40 <= sum(served_before.values()) < content.ARTICLES
        with Archive(db) as archive, archive.database.reading() as session:
            stored_before = set(session.scalars(sa.select(FrontierRow.url).where(
                FrontierRow.kind == "article", FrontierRow.state == "done")))

        result = arabnews("crawl", seed, *QUICK, "--db", db)
        assert result.returncode == 0, result.stderr
        assert "finished" in result.stdout

        counts = Counter(unquote(p) for p in site.log.paths() if p.startswith("/news/"))
        assert len(counts) == content.ARTICLES
        twice = {p for p, n in counts.items() if n > 1}
        # Only pages in flight at the kill (requested, never committed) were requested again.
        assert len(twice) <= 2
        assert not {unquote(urlsplit(u).path) for u in stored_before} & twice
    with Archive(db) as archive, archive.database.reading() as session:
        articles = session.execute(sa.select(ArticleRow.id, Fetch.body_id, ArticleRow.paragraphs)
                                   .join(Fetch, Fetch.id == ArticleRow.fetch_id)).all()
        assert len(articles) == content.ARTICLES
        assert all(body_id is not None and paragraphs for _, body_id, paragraphs in articles)
        assert session.scalar(sa.select(sa.func.count()).select_from(FrontierRow).where(
            FrontierRow.state == "done", FrontierRow.fetch_id.is_(None))) == 0
        assert session.scalar(sa.select(sa.func.count()).select_from(FrontierRow).where(
            FrontierRow.state.in_(("queued", "in_progress")))) == 0


def test_frontier_and_fetch_commands(tmp_path: Path) -> None:
    db = str(tmp_path / "archive.db")
    with SiteServer(crawl_delay=0.05) as site:
        seed = site.url("/syria/")
        crawled = arabnews("crawl", seed, "--delay", "0.05", "--no-sitemaps", "--max-pages", "5", "--db", db,
                           "--parse-processes", "0")
        assert crawled.returncode == 0, crawled.stderr
        assert "limit reached" in crawled.stdout and f"Resume with: arabnews crawl {seed}" in crawled.stdout

        counts = json.loads(arabnews("frontier", seed, "--json", "--db", db).stdout)
        listing = next(r for r in counts if r["kind"] == "listing")
        assert listing["done"] >= 1 and listing["crawl_state"] == "limit reached"
        failed = arabnews("frontier", "--failed", "--nl", "--db", db)
        assert failed.returncode == 0
        reasons = {json.loads(line)["reason"] for line in failed.stdout.splitlines()}
        assert "binary content behind text/html (PNG)" in reasons

        fetched = arabnews("fetch", site.url(content.article(5).href), site.url("/fault/image.html"), "--db", db,
                           "--delay", "0.05")
        assert fetched.returncode == 1
        assert content.article(5).headline in fetched.stdout
        assert "binary content behind text/html (PNG)" in fetched.stderr

    unknown = arabnews("frontier", "http://127.0.0.1:9/nothing/", "--db", db)
    assert unknown.returncode == 1 and unknown.stderr.count("\n") == 1 and "no crawl of" in unknown.stderr
    bad = arabnews("crawl", "http://127.0.0.1:9/x/", "--since", "last week", "--db", db)
    assert bad.returncode == 1 and "Traceback" not in bad.stderr
    negative = arabnews("crawl", "http://127.0.0.1:9/x/", "--parse-processes", "-1", "--db", db)
    assert negative.returncode == 2 and "--parse-processes" in negative.stderr and "Traceback" not in negative.stderr
    assert "Example" in arabnews("fetch", "--help").stdout and "Example" in arabnews("frontier", "--help").stdout


def test_ctrl_c_stops_cleanly_and_the_crawl_resumes(tmp_path: Path) -> None:
    """Ctrl-C reaches the whole foreground process group, parser processes included: the
    crawl stores the pages in hand, no page is lost to a parser stopped mid-page."""
    db = str(tmp_path / "archive.db")
    with SiteServer(crawl_delay=0.05) as site:
        seed = site.url("/syria/")
        process = subprocess.Popen([ARABNEWS, "crawl", seed, *QUICK, "--db", db], start_new_session=True,
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 60
        while sum(p.startswith("/news/") for p in site.log.paths()) < 30 and time.monotonic() < deadline:
            time.sleep(0.01)
        os.killpg(process.pid, signal.SIGINT)  # what a terminal's Ctrl-C does
        out, err = process.communicate(timeout=60)
        assert process.returncode == 130, err
        assert "Traceback" not in err and "Resume with: arabnews crawl" in out
        with Archive(db) as archive, archive.database.reading() as session:
            reasons = set(session.scalars(sa.select(FrontierRow.reason).where(FrontierRow.reason.is_not(None))))
        assert not any("parser process" in reason for reason in reasons)

        result = arabnews("crawl", seed, *QUICK, "--db", db)
        assert result.returncode == 0 and "finished" in result.stdout, result.stderr
    with Archive(db) as archive, archive.database.reading() as session:
        assert session.scalar(sa.select(sa.func.count()).select_from(ArticleRow)) == content.ARTICLES
