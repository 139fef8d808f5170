"""The archive under hostile conditions on the storage side (issue 13): the database file
deleted under a running crawl, and filter values at the edges of the calendar."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import sqlalchemy as sa
from click.testing import CliRunner

from arabnews_archive.archive import Archive
from arabnews_archive.cli import main
from tests.conftest import STORIES, _pg_driver_url, news_page, postgres_database
from tests.test_first_hour import filled  # noqa: F401 - the fixture: the three test stories in a SQLite file
from tests.site.server import SiteServer

ARABNEWS = str(Path(sys.executable).parent / "arabnews")


def test_a_crawl_whose_archive_file_is_deleted_stops_and_says_so(tmp_path: Path) -> None:
    """SQLite keeps writing to an unlinked file: without a check the crawl would go on and end
    "finished" with every page lost."""
    db = tmp_path / "archive.db"
    with SiteServer(crawl_delay=0.05) as site:
        process = subprocess.Popen([ARABNEWS, "crawl", site.url("/syria/"), "--delay", "0.05", "--no-sitemaps",
                                    "--exclude", "/breaking/", "--db", str(db)],
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 60
        while sum(p.startswith("/news/") for p in site.log.paths()) < 5 and time.monotonic() < deadline:
            time.sleep(0.01)
        os.unlink(db)
        _out, err = process.communicate(timeout=60)
        fetched = sum(p.startswith("/news/") for p in site.log.paths())
    assert process.returncode == 1, err
    assert "was deleted or replaced while in use" in err and "Traceback" not in err
    assert fetched < 30  # it stopped: the section has 100 articles


def test_a_crawl_whose_postgresql_database_is_dropped_stops_and_says_so() -> None:
    with postgres_database() as url, SiteServer(crawl_delay=0.05) as site:
        process = subprocess.Popen([ARABNEWS, "crawl", site.url("/syria/"), "--delay", "0.05", "--no-sitemaps",
                                    "--exclude", "/breaking/", "--db", url],
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 60
        while sum(p.startswith("/news/") for p in site.log.paths()) < 5 and time.monotonic() < deadline:
            time.sleep(0.01)
        name = sa.make_url(url).database
        admin = sa.create_engine(_pg_driver_url(os.environ["ARABNEWS_TEST_POSTGRES_URL"]), isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE "{name}" WITH (FORCE)')
        admin.dispose()
        _out, err = process.communicate(timeout=60)
    assert process.returncode == 1, err
    assert err.strip().splitlines()[-1].startswith("Error: database postgresql") and "Traceback" not in err


def test_a_crawl_killed_with_sigkill_shows_as_interrupted_until_resumed(tmp_path: Path) -> None:
    db = str(tmp_path / "archive.db")
    with SiteServer(crawl_delay=0.05) as site:
        command = [ARABNEWS, "crawl", site.url("/syria/"), "--delay", "0.05", "--no-sitemaps", "--exclude",
                   "/breaking/", "--db", db]
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while sum(p.startswith("/news/") for p in site.log.paths()) < 5 and time.monotonic() < deadline:
            time.sleep(0.01)
        process.kill()
        process.wait()
        states = {row["crawl_state"] for row in json.loads(
            CliRunner().invoke(main, ["frontier", "--json", "--db", db]).output)}
        assert states == {"interrupted"}
        assert subprocess.run(command, capture_output=True, timeout=120).returncode == 0
    states = {row["crawl_state"] for row in json.loads(CliRunner().invoke(main, ["frontier", "--json", "--db", db]).output)}
    assert states == {"finished"}


def test_writing_through_the_api_after_the_file_is_replaced_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "archive.db"
    url, (title, paragraphs, _published, _section) = next(iter(STORIES.items()))
    with Archive(str(db)) as archive:
        archive.add_html(url, news_page(title, paragraphs, url=url))
        db.rename(tmp_path / "moved.db")
        db.write_bytes(b"")  # a new file in its place is not the archive that was opened
        before = db.read_bytes()
        with pytest.raises(Exception, match="deleted or replaced while in use"):
            archive.add_html(url + "?again", news_page(title, paragraphs))
        assert db.read_bytes() == before  # nothing written to the stranger


@pytest.mark.parametrize("options", [["--until", "9999-12-31"], ["--since", "0001-01-01"],
                                     ["--since", "0001-01-01", "--until", "9999-12-31"]], ids=" ".join)
def test_the_first_and_last_days_there_are_are_valid_bounds(filled: str, options: list[str]) -> None:
    result = CliRunner().invoke(main, ["list", "--json", "--db", filled, *options])
    assert result.exit_code == 0, result.output
    assert result.output.count('"id"') == len(STORIES)


@pytest.mark.parametrize("value", ["9999-12-31T23:59-05:00", "0001-01-01T00:00+05:00"])
def test_instants_outside_the_calendar_get_one_line(filled: str, value: str) -> None:
    for command in (["list"], ["search", "مدرسة"]):
        result = CliRunner().invoke(main, [*command, "--db", filled, "--until" if value[0] == "9" else "--since", value])
        assert result.exit_code == 1 and result.output.strip().splitlines() == [f"Error: date out of range: {value[:16]}:00{value[16:]}"], result.output
