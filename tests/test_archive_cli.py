"""The archive commands, through click's runner and once through the installed `arabnews` script."""
from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa
from click.testing import CliRunner, Result

from arabnews_archive.archive import Archive
from arabnews_archive.cli import main
from arabnews_archive.store.database import sqlite_file
from tests.conftest import STORIES, news_page

SCHOOL = "https://www.example-news.com/local/school"


def run(db_url: str, *args: str) -> Result:
    return CliRunner().invoke(main, [*args, "--db", db_url], catch_exceptions=False)


def run_status(db_url: str, *args: str) -> Result:
    """As `run`, for a command expected to end with an error status."""
    return CliRunner().invoke(main, [*args, "--db", db_url])


@pytest.fixture
def saved_pages(tmp_path: Path) -> Path:
    folder = tmp_path / "pages"
    folder.mkdir()
    for i, (url, (title, paragraphs, published, section)) in enumerate(STORIES.items()):
        (folder / f"{i}.html").write_text(
            news_page(title, paragraphs, url=url, published=published, section=section), encoding="utf-8")
    return folder


@pytest.fixture
def filled(db_url: str, saved_pages: Path) -> str:
    result = run(db_url, "import", str(saved_pages))
    assert result.exit_code == 0, result.output
    return db_url


def test_import_then_list_in_every_output_format(filled: str) -> None:
    table = run(filled, "list")
    assert table.exit_code == 0 and "افتتاح مدرسة جديدة في القاهرة" in table.output and "2024-01-15" in table.output
    as_json = json.loads(run(filled, "list", "--json").output)
    newest_first = sorted(STORIES, key=lambda url: STORIES[url][2], reverse=True)
    assert [a["canonical_url"] for a in as_json] == newest_first  # for people: the latest news first
    stored = json.loads(run(filled, "list", "--json", "--sort", "stored").output)
    assert [a["canonical_url"] for a in stored] == list(STORIES)
    oldest = json.loads(run(filled, "list", "--json", "--sort", "oldest").output)
    assert [a["canonical_url"] for a in oldest] == newest_first[::-1]
    lines = run(filled, "list", "--nl", "--section", "رياضة").output.splitlines()
    assert [json.loads(line)["title"] for line in lines] == ["المنتخب يفوز فى المباراة النهائية"]
    rows = list(csv.DictReader(io.StringIO(run(filled, "list", "--csv", "--since", "2025-01-01").output)))
    assert [r["title"] for r in rows] == ["الحكومة تعلن موازنة ٢٠٢٥"]
    assert "\\u" not in run(filled, "list", "--nl").output  # Arabic written as text, not escapes
    assert len(json.loads(run(filled, "list", "--json", "--limit", "2").output)) == 2


def test_search_and_show(filled: str) -> None:
    result = run(filled, "search", "مدرسه", "-الوزير", "--json")
    assert [a["canonical_url"] for a in json.loads(result.output)] == ["https://www.other-site.net/economy/budget"]
    article_id = json.loads(run(filled, "search", '"المباراة النهائية"', "--json").output)[0]["id"]
    shown = run(filled, "show", str(article_id))
    assert shown.exit_code == 0
    assert shown.output.startswith("المنتخب يفوز فى المباراة النهائية\n")
    assert "Published: 2024-03-02T21:00:00+03:00" in shown.output and "Section: رياضة" in shown.output
    assert json.loads(run(filled, "show", SCHOOL, "--json").output)["title"] == "افتتاح مدرسة جديدة في القاهرة"


def test_errors_are_one_line(filled: str, tmp_path: Path) -> None:
    for args in (["search", '"'], ["search", "-مدرسة"], ["show", "999"], ["list", "--since", "soon"]):
        result = run(filled, *args)
        assert result.exit_code == 1, args
        assert result.output.count("\n") == 1 and result.output.startswith("Error: "), result.output
    missing = run(filled, "import", str(tmp_path / "pages" / "0.html"), str(tmp_path / "nope.html"))
    assert missing.exit_code == 2  # click refuses a path that does not exist


def test_stats(filled: str) -> None:
    stats = json.loads(run(filled, "stats", "--json").output)
    assert stats["totals"]["articles"] == 3 and stats["totals"]["fetches"] == 3
    assert [s["site"] for s in stats["sites"]] == ["example-news.com", "other-site.net"]
    rows = list(csv.DictReader(io.StringIO(run(filled, "stats", "--csv").output)))
    assert [(r["site"], r["articles"]) for r in rows] == [("example-news.com", "2"), ("other-site.net", "1")]
    assert "articles" in run(filled, "stats").output


def test_export_jsonl_and_csv(filled: str, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    assert run(filled, "export", "--format", "jsonl", "-o", str(out)).exit_code == 0
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["title"] for r in records] == [title for title, *_ in STORIES.values()]
    assert records[0]["paragraphs"] == STORIES[SCHOOL][1] and "مدرسة" in out.read_text(encoding="utf-8")
    out_csv = tmp_path / "out.csv"
    assert run(filled, "export", "--format", "csv", "--site", "example-news.com", "-o", str(out_csv)).exit_code == 0
    raw = out_csv.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs to read UTF-8
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert [r["canonical_url"] for r in rows] == [SCHOOL, "https://www.example-news.com/sport/final"]
    assert rows[0]["body"] == "\n\n".join(STORIES[SCHOOL][1])


def test_reparse_command(filled: str) -> None:
    with Archive(filled) as archive, archive.database.writing() as session:
        session.execute(sa.text("UPDATE articles SET parser_version = '0', section = NULL"))
    result = run(filled, "reparse")
    assert result.exit_code == 0
    assert "re-parsed 3 pages, 0 errors" in result.output and "section: 0 changed, 3 found, 0 lost" in result.output
    assert "re-parsed 0 pages" in run(filled, "reparse").output


def test_db_commands(db_url: str) -> None:
    file = sqlite_file(db_url)
    if file is not None:  # a SQLite file that is not there is not created by looking at it
        missing = run_status(db_url, "db", "current")
        assert missing.exit_code == 1 and missing.output == f"Error: no archive at {file} " \
            "(check the path; commands that store pages create one)\n" and not file.exists()
        file.touch()
    assert "revision (none), head 0009: empty" in run(db_url, "db", "current").output
    assert run(db_url, "db", "upgrade").output == "database is at revision 0009 (head)\n"
    assert "revision 0009, head 0009: up to date" in run(db_url, "db", "current").output


def test_the_installed_console_script(filled: str, tmp_path: Path) -> None:
    script = Path(sys.executable).parent / "arabnews"
    env = {"ARABNEWS_DB": filled, "PATH": str(script.parent), "HOME": str(tmp_path),
           **{k: v for k, v in os.environ.items() if k == "PYTHONPATH"}}  # the code under test, if set
    result = subprocess.run([script, "search", "احمد", "--nl"], env=env, capture_output=True, text=True, check=True)
    titles = [json.loads(line)["title"] for line in result.stdout.splitlines()]
    assert sorted(titles) == sorted(["افتتاح مدرسة جديدة في القاهرة", "المنتخب يفوز فى المباراة النهائية"])
    failed = subprocess.run([script, "search", "*"], env=env, capture_output=True, text=True)
    assert failed.returncode == 1 and failed.stderr.startswith("Error: ") and failed.stderr.count("\n") == 1
