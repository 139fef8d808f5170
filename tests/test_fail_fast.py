"""A crawl that cannot start says so at once (issue 15): no such host, a closed port, a 404 or a
robots.txt forbidding the seed end the command in seconds with one line and status 1; running
it again tries the seed again; the report and the frontier agree on what waits for a retry.
"""
from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from arabnews_archive.archive import Archive
from arabnews_archive.cli import main
from arabnews_archive.cli.progress import summary_lines
from arabnews_archive.crawl.summary import Snapshot
from tests.site.hostile import SECTION, HostileSite
from tests.site.server import SiteServer

ARABNEWS = str(Path(sys.executable).parent / "arabnews")
QUICK = {"delay": 0.0, "parse_processes": 0, "sitemaps": False}


def error_lines(stderr: str) -> list[str]:
    """What the command said on stderr, less the notice a first run gives of the archive it creates."""
    return [line for line in stderr.splitlines() if line and not line.startswith("creating the archive database")]


def test_no_network_ends_in_seconds_with_one_line(tmp_path: Path) -> None:
    """The quick start on a machine without network: the same as a host that does not exist."""
    db = str(tmp_path / "archive.db")
    command = [ARABNEWS, "crawl", "http://no-such-host.invalid/", "--max-pages", "50", "--db", db]
    for _ in range(2):  # the second run tries the seed again, and fails the same way
        started = time.monotonic()
        done = subprocess.run(command, capture_output=True, text=True, timeout=60)
        assert time.monotonic() - started < 30
        assert done.returncode == 1 and done.stdout == ""
        assert error_lines(done.stderr) == [
            "Error: could not reach no-such-host.invalid: host not found (DNS); check the address and the network "
            "connection, then run the same command again"]
    with Archive(db) as archive:
        [seed] = archive.frontier("http://no-such-host.invalid/", failed=True)
    assert (seed["state"], seed["reason"], seed["attempts"]) == ("failed", "host not found (DNS)", 1)


def test_a_closed_port_ends_quickly(tmp_path: Path) -> None:
    with SiteServer() as gone:
        seed = gone.url("/syria/")
    started = time.monotonic()
    done = subprocess.run([ARABNEWS, "crawl", seed, "--db", str(tmp_path / "a.db")], capture_output=True, text=True,
                          timeout=60)
    assert time.monotonic() - started < 20  # robots.txt's 3 retries with backoff, then nothing more
    assert done.returncode == 1
    assert error_lines(done.stderr) == [
        "Error: could not reach 127.0.0.1: connection refused; check the address and the network connection, "
        "then run the same command again"]


def test_a_missing_section_fails_and_a_rerun_tries_it_again(db_url: str) -> None:
    with HostileSite(hostile=False, section_status=404) as site:
        seed = site.url(SECTION)
        with Archive(db_url) as archive:
            summary = archive.crawl(seed, **QUICK)
        assert (summary.state, summary.error, summary.pages) == ("failed", "HTTP 404", 1)
        result = CliRunner().invoke(main, ["crawl", seed, "--delay", "0", "--no-sitemaps", "--db", db_url])
        assert result.exit_code == 1 and result.stdout == ""
        assert result.stderr.strip() == f"Error: could not fetch {seed}: HTTP 404; check the address"
        site.section_status = 200  # the section is back
        result = CliRunner().invoke(main, ["crawl", seed, "--delay", "0", "--no-sitemaps", "--db", db_url])
        assert result.exit_code == 0 and result.stdout.startswith(f"Crawl 1 of {seed}: finished, 6 pages")
        assert site.log.paths().count(SECTION) == 3


def test_robots_txt_forbidding_the_seed_fails(db_url: str) -> None:
    with HostileSite(robots=b"User-agent: *\nDisallow: /\n", hostile=False) as site:
        seed = site.url(SECTION)
        result = CliRunner().invoke(main, ["crawl", seed, "--delay", "0", "--db", db_url])
        assert result.exit_code == 1 and result.stdout == ""
        assert result.stderr.strip() == (
            f"Error: {seed}: disallowed by robots.txt for our user agent; this section cannot be crawled")
        assert site.log.paths() == ["/robots.txt"]


def test_the_report_and_the_frontier_agree_on_retries(db_url: str) -> None:
    """A seed answering 503 waits for its retry: stopped then, the report counts one URL queued
    for another try, as the frontier has it; left to the end, it fails with its attempts."""
    with HostileSite(hostile=False, section_status=503) as site, Archive(db_url) as archive:
        seed = site.url(SECTION)
        stop = threading.Event()

        def progress(snapshot: Snapshot) -> None:
            if snapshot.waiting_for == "retry":
                stop.set()

        stopped = archive.crawl(seed, stop=stop, progress=progress, max_retries=0, retry_wait=1, **QUICK)
        assert (stopped.state, stopped.retries_later, stopped.left) == ("stopped", 1, 1)
        assert "  1 transient failure queued for another try" in summary_lines(stopped)
        [row] = [r for r in archive.frontier(seed) if r["kind"] == "listing"]
        assert row["queued"] == 1
        ended = archive.crawl(seed, max_retries=0, retry_wait=0.1, max_attempts=3, **QUICK)
        assert (ended.state, ended.error, ended.retries_later, ended.left) == ("failed", "HTTP 503", 0, 0)
        [row] = archive.frontier(seed, failed=True)
        assert (row["state"], row["attempts"]) == ("failed", 3)


@pytest.mark.parametrize(("pages", "queued", "eta"), [(1, 0, None), (1, 3, 3.0), (10, 100, 40.0)])
def test_time_left_counts_only_pages_known_to_be_waiting(pages: int, queued: int, eta: float | None) -> None:
    """Under --max-pages 50, a section of one page is not 49 pages from done."""
    assert Snapshot(pages, 0, 0, queued, elapsed=pages, limit=50).eta == eta
