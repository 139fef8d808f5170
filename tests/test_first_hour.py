"""What a new user meets in the first hour (issue 15), each through the command line as they
run it: the installed `arabnews` in a subprocess, or click's runner where a terminal is not
the point."""
from __future__ import annotations

import csv
import io
import json
import os
import pty
import re
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from arabnews_archive.archive import Archive
from arabnews_archive.cli import main
from arabnews_archive.cli.progress import CrawlProgress, articles_line, summary_lines
from arabnews_archive.store.errors import ArchiveError
from tests.conftest import STORIES, news_page
from tests.site import content
from tests.site.server import SiteServer

ARABNEWS = str(Path(sys.executable).parent / "arabnews")
ARABIC_PATH = "/أخبار/سوريا/" + "مقال-طويل-عن-إعادة-الإعمار-في-المدن-السورية-" * 3


def arabnews(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None,
             timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run([ARABNEWS, *args], capture_output=True, text=True, timeout=timeout, cwd=cwd,
                          env={**os.environ, **(env or {})})


@pytest.fixture
def filled(tmp_path: Path) -> str:
    """A SQLite archive of the three test stories, stored in the order of STORIES."""
    db = str(tmp_path / "archive.db")
    with Archive(db) as archive:
        for url, (title, paragraphs, published, section) in STORIES.items():
            archive.add_html(url, news_page(title, paragraphs, url=url, published=published, section=section))
    return db


# -- 2. Commands that only read never create an archive ----------------------------------------

READING = [["list"], ["search", "مدرسة"], ["show", "1"], ["stats"], ["export", "--csv"], ["db", "current"],
           ["frontier"], ["frontier", "--failed"], ["reparse"]]


@pytest.mark.parametrize("command", READING, ids=" ".join)
def test_reading_commands_refuse_a_missing_archive(tmp_path: Path, command: list[str]) -> None:
    for typo in ("dmeo.db", "sub/dir/typo.db"):
        result = arabnews(*command, "--db", typo, cwd=tmp_path)
        assert result.returncode == 1, result.stderr
        assert result.stderr == f"Error: no archive at {typo} (check the path; commands that store pages create one)\n"
        assert result.stdout == ""
    assert list(tmp_path.iterdir()) == []  # neither the files nor the folders


def test_writing_commands_create_the_archive_and_the_api_chooses(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    url = next(iter(STORIES))
    title, paragraphs, published, section = STORIES[url]
    page.write_text(news_page(title, paragraphs, url=url, published=published), encoding="utf-8")
    assert arabnews("import", str(page), "--db", "new/archive.db", cwd=tmp_path).returncode == 0
    assert arabnews("list", "--db", "new/archive.db", cwd=tmp_path).returncode == 0
    with pytest.raises(ArchiveError, match="no archive at elsewhere.db"):
        Archive("elsewhere.db", create=False)
    assert not Path("elsewhere.db").exists()
    with Archive(str(tmp_path / "made.db")) as archive:  # the default creates, as writing needs
        assert archive.schema().state == "current"
    with pytest.raises(ArchiveError, match="no archive at"):
        Archive.inspect(str(tmp_path / "missing.db"))


# -- 3. No tracebacks, no raw exception names ---------------------------------------------------

def test_a_listing_cut_short_by_its_reader_ends_quietly(tmp_path: Path) -> None:
    db = str(tmp_path / "big.db")
    with Archive(db) as archive:
        for n in range(60):  # well past a pipe's buffer in --nl
            url = f"https://www.example-news.com/local/{n}"
            archive.add_html(url, news_page(f"خبر رقم {n}", list(STORIES.values())[n % 3][1] * 8, url=url))
    for output in ("--nl", "--json", "--csv"):
        process = subprocess.Popen([ARABNEWS, "list", output, "--db", db], stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE)
        assert process.stdout is not None and process.stdout.readline()  # what `head -1` does
        process.stdout.close()
        _, err = process.communicate(timeout=60)
        assert err == b"", err.decode()  # not "Error: BrokenPipeError", nor "Exception ignored"
        assert process.returncode == 141  # as a Unix tool ended by SIGPIPE
    shell = subprocess.run(["bash", "-c", f"'{ARABNEWS}' list --nl --db '{db}' | head -1"], capture_output=True,
                           text=True, timeout=60)
    assert shell.returncode == 0 and shell.stderr == "" and json.loads(shell.stdout)["title"].startswith("خبر رقم")


def test_databases_that_cannot_be_used_say_why_and_how(tmp_path: Path) -> None:
    mysql = arabnews("list", "--db", "mysql://me@localhost/news")
    assert mysql.returncode == 1
    assert mysql.stderr == ("Error: mysql databases are not supported: give a SQLite file path or a "
                            "postgresql:// URL\n")
    # PostgreSQL without its driver: the interpreter as an install without the extra has it.
    without_driver = subprocess.run(
        [sys.executable, "-c", "import sys; sys.modules['psycopg'] = None; sys.argv[0] = 'arabnews'; "
                               "from arabnews_archive.cli import main; main()",
         "list", "--db", "postgresql://me@localhost/news"], capture_output=True, text=True, timeout=60)
    assert without_driver.returncode == 1
    assert without_driver.stderr == ("Error: PostgreSQL needs the psycopg driver (psycopg is not installed): "
                                      "pip install -e '.[postgres]'\n")


def _corrupt(db: str) -> None:
    """A row a bug could leave behind: a JSON column holding text that is not JSON."""
    with sqlite3.connect(db) as connection:
        connection.execute("UPDATE articles SET authors = 'not json' WHERE id = 1")


def test_an_unexpected_error_is_one_line_unless_the_traceback_is_asked_for(filled: str) -> None:
    _corrupt(filled)
    plain = arabnews("list", "--db", filled)
    assert plain.returncode == 1 and plain.stderr.count("\n") == 1
    assert plain.stderr.startswith("Error: unexpected JSONDecodeError: ")
    assert plain.stderr.endswith("(a bug: run again with --traceback to see where, and report it)\n")
    for asked in (arabnews("list", "--db", filled, "--traceback"), arabnews("--traceback", "list", "--db", filled),
                  arabnews("list", "--db", filled, env={"ARABNEWS_DEBUG": "1"})):
        assert asked.returncode == 1
        assert "Traceback (most recent call last)" in asked.stderr and "json.decoder.JSONDecodeError" in asked.stderr
    expected = arabnews("search", '"', "--db", filled, "--traceback")  # an expected error, with --traceback
    assert expected.returncode == 1 and "QueryError" in expected.stderr


def test_sigterm_ends_a_crawl_like_ctrl_c_with_its_report(tmp_path: Path) -> None:
    db = str(tmp_path / "archive.db")
    with SiteServer(crawl_delay=0.05) as site:
        process = subprocess.Popen([ARABNEWS, "crawl", site.url("/syria/"), "--delay", "0.05", "--no-sitemaps",
                                    "--exclude", "/breaking/", "--db", db], stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 60
        while sum(p.startswith("/news/") for p in site.log.paths()) < 20 and time.monotonic() < deadline:
            time.sleep(0.01)
        process.send_signal(signal.SIGTERM)
        out, err = process.communicate(timeout=60)
    assert process.returncode == 143, err
    assert out.startswith(f"Crawl 1 of {site.url('/syria/')}: stopped, ") and "  articles: " in out
    assert f"Resume with: arabnews crawl {site.url('/syria/')} --db {db}" in out
    assert "Traceback" not in err and "Stopping after the current pages" in err


def test_quick_crawls_end_without_a_parser_process_traceback(tmp_path: Path) -> None:
    with SiteServer(crawl_delay=0.05) as site:
        for run in range(6):  # the parser processes are still starting when these crawls end
            result = arabnews("crawl", site.url("/syria/"), "--max-pages", "1", "--delay", "0.05", "--no-sitemaps",
                              "--parse-processes", "2", "--db", str(tmp_path / f"{run}.db"))
            assert result.returncode == 0, result.stderr
            assert "Traceback" not in result.stderr and "BrokenPipeError" not in result.stderr, result.stderr


# -- 4. Resuming after --max-pages raises no false alarm ---------------------------------------

def test_resuming_after_max_pages_never_reports_a_lost_lease(tmp_path: Path) -> None:
    """A ticker route redirects to an article the same process has claimed; storing the redirect
    used to take that row, and its own outcome then warned "lease ... lost" with one process running
    (the deterministic case is in test_frontier_leases)."""
    db = str(tmp_path / "archive.db")
    with SiteServer(crawl_delay=0.05) as site:
        for run in range(3):
            result = arabnews("crawl", site.url("/syria/"), "--max-pages", "20", "--delay", "0.05",
                              "--exclude", "/breaking/90000[0-46-9]", "--db", db)  # the redirect alone
            assert result.returncode == 0, result.stderr
            assert "lost" not in result.stderr and "another worker" not in result.stderr, result.stderr


# -- 5. parse says which file each record came from ------------------------------------------

def test_parse_names_each_source_in_every_format(tmp_path: Path) -> None:
    good = tmp_path / "a.html"
    url = next(iter(STORIES))
    good.write_text(news_page(STORIES[url][0], STORIES[url][1], url=url), encoding="utf-8")
    empty = tmp_path / "b.html"
    empty.write_bytes(b"")
    as_json = arabnews("parse", str(good), str(empty), "--json")
    assert as_json.returncode == 1
    records = json.loads(as_json.stdout)  # one array for several pages
    assert [r["source"] for r in records] == [str(good), str(empty)]
    assert records[0]["title"] == STORIES[url][0] and "error" not in records[0]
    assert set(records[1]) == {"source", "error"}
    rows = list(csv.DictReader(io.StringIO(arabnews("parse", str(good), str(empty), "--csv").stdout)))
    assert [(r["source"], r["title"], bool(r["error"])) for r in rows] == [
        (str(good), STORIES[url][0], False), (str(empty), "", True)]
    one = json.loads(arabnews("parse", str(good)).stdout)  # one page: one object
    assert one["source"] == str(good) and one["title"] == STORIES[url][0]


# -- 6. The Python API as the command line -----------------------------------------------------

def test_the_api_lists_sorts_limits_and_gives_datetimes(filled: str) -> None:
    with Archive(filled, create=False) as archive:
        assert [a.canonical_url for a in archive.articles(limit=2)] == list(STORIES)[:2]
        newest = [a.canonical_url for a in archive.articles(sort="newest")]
        assert newest == sorted(STORIES, key=lambda u: STORIES[u][2], reverse=True)
        assert [a.canonical_url for a in archive.articles(sort="oldest", limit=1)] == [newest[-1]]
        frame = archive.to_dataframe()
        assert list(frame["published"].dt.year) == [2024, 2024, 2025]
        assert str(frame["published"].dt.tz) == "UTC"
        with pytest.raises(ValueError, match="sort must be one of"):
            list(archive.articles(sort="random"))  # type: ignore[arg-type]
        stream = io.StringIO()
        assert archive.export(stream, "nl", section="رياضة") == 1
        assert json.loads(stream.getvalue())["section"] == "رياضة"
    shown = arabnews("show", "1", "--json", "--db", filled)
    assert json.loads(shown.stdout)["id"] == 1  # an object, not a one-element list
    listed = arabnews("list", "--nl", "--limit", "1", "--db", filled)
    assert json.loads(listed.stdout)["published"].startswith("2025-06-30")  # newest first, for people


def test_crawl_options_are_typed_keywords_with_the_settings_defaults() -> None:
    import inspect

    from arabnews_archive.crawl.settings import CrawlSettings
    from arabnews_archive.fetch.settings import FetchSettings

    parameters = inspect.signature(Archive.crawl).parameters
    fields = {**CrawlSettings.__dataclass_fields__, **FetchSettings.__dataclass_fields__}
    fields.pop("fetch")
    assert set(fields) <= set(parameters)  # every setting, nothing behind **options
    assert not any(p.kind is p.VAR_KEYWORD for p in parameters.values())
    for name, field in fields.items():
        assert parameters[name].kind is parameters[name].KEYWORD_ONLY
        assert parameters[name].default == field.default, name
    for method in (Archive.queue, Archive.work, Archive.fetch, Archive.explain):
        for name, parameter in inspect.signature(method).parameters.items():
            if name in fields:
                assert parameter.default == fields[name].default, (method.__name__, name)


def test_every_command_shows_an_example_in_its_help() -> None:
    def commands(group: click.Group, path: list[str]) -> list[list[str]]:
        found = []
        for name, command in group.commands.items():
            found.append([*path, name])
            if isinstance(command, click.Group):
                found += commands(command, [*path, name])
        return found

    for command in commands(main, []):
        result = CliRunner().invoke(main, [*command, "--help"])
        assert result.exit_code == 0 and "Example" in result.output, command


# -- 8. Output that fits ------------------------------------------------------------------------

def _failed_arabic_url(db: str) -> str:
    """A crawl whose seed, a long Arabic URL, failed: the frontier's one failure."""
    url = "http://127.0.0.1:9" + ARABIC_PATH
    with Archive(db) as archive:
        archive.crawl(url, max_retries=0, max_attempts=1, sitemaps=False, respect_robots=False,
                      parse_processes=0)
    return url


def test_tables_never_cut_urls_and_show_them_readable(tmp_path: Path) -> None:
    db = str(tmp_path / "archive.db")
    url = _failed_arabic_url(db)
    piped = arabnews("frontier", "--failed", "--db", db, env={"COLUMNS": "80"})
    assert piped.returncode == 0
    assert url in piped.stdout  # whole, on one line, decoded: not %D8%A3...
    assert "%D8" not in piped.stdout and "…" not in piped.stdout
    assert json.loads(arabnews("frontier", "--failed", "--json", "--db", db).stdout)[0]["url"].startswith(
        "http://127.0.0.1:9/%D8%A3")  # programs get the URL as stored
    # On a terminal 100 columns wide the table wraps; nothing is cut.
    pid, fd = pty.fork()
    if pid == 0:  # the child: a terminal user running the command
        os.environ["COLUMNS"] = "100"
        os.execv(ARABNEWS, [ARABNEWS, "frontier", "--failed", "--db", db])
    output = b""
    while True:
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            break
        if not chunk:
            break
        output += chunk
    os.waitpid(pid, 0)
    text = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", output.decode("utf-8"))  # colours and cursor codes
    assert "…" not in text and "http://127.0.0.1:9/" in text
    assert max(len(line) for line in text.splitlines()) <= 100


def test_progress_says_what_a_crawl_waits_for(tmp_path: Path) -> None:
    """A page failing with a 500 waits for its retry: the display says so at once; once the
    retry has succeeded nothing waits any more; the report counts in the singular."""
    shown = io.StringIO()
    with SiteServer(crawl_delay=0.05) as site, Archive(str(tmp_path / "archive.db")) as archive:
        progress = CrawlProgress(None, shown, interval=3600)  # no periodic line: only the waiting one
        summary = archive.crawl(site.url("/fault/500-then-200"), progress=progress, max_retries=0, retry_wait=1.5,
                                sitemaps=False, delay=0.05, parse_processes=0, include="500-then-200")
    assert "waiting to retry failed URLs in " in shown.getvalue()
    assert summary.state == "finished" and summary.retries_later == 0 and summary.left == 0
    assert "  1 transient failure queued for another try" in summary_lines(replace(summary, retries_later=1))
    assert "  2 transient failures queued for another try" in summary_lines(replace(summary, retries_later=2))


def test_a_first_crawl_reports_stories_reached_twice_as_such() -> None:
    assert articles_line({"new": 100, "unchanged": 2, "updated": 1}) == (
        "100 new; 3 pages with a story already stored (2 the same, 1 changed)")
    assert articles_line({"not modified": 99, "updated": 1}) == (
        "1 page with a story already stored (1 changed); 99 not modified")
    assert content.ARTICLES == 100  # the demo site's section, which the README's report describes
