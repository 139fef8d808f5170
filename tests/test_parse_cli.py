"""`arabnews parse`: many files, one bad file does not stop the rest, clean one-line errors."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from arabnews_archive.cli import main
from tests.pages import STORY, TITLE, arabstoday_page, cluttered_page
from tests.site.content import SITE_NAME, all_articles
from tests.site.fixture import site_server  # noqa: F401 - pytest fixture

ARABNEWS = str(Path(sys.executable).with_name("arabnews"))


def test_parse_many_files_with_one_bad(tmp_path):
    good = tmp_path / "good.html"
    good.write_bytes(arabstoday_page().encode("cp1256"))
    png = tmp_path / "image.html"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 100)
    other = tmp_path / "other.html"
    other.write_text(cluttered_page(), encoding="utf-8")
    missing = tmp_path / "missing.html"
    result = subprocess.run(
        [ARABNEWS, "parse", str(good), str(png), str(missing), str(other), "--format", "jsonl"],
        capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 1
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    # One line per file given, in order, each naming its file; a failure is a row with its error.
    assert [row["source"] for row in rows] == [str(good), str(png), str(missing), str(other)]
    assert [row.get("title") for row in rows] == [TITLE, None, None, TITLE]
    assert rows[1]["error"].startswith("not an HTML page") and rows[2]["error"]
    assert "error" not in rows[0] and rows[0]["paragraphs"] == STORY
    errors = result.stderr.strip().splitlines()
    assert len(errors) == 2
    assert errors[0].startswith(f"Error: {png}: not an HTML page")
    assert errors[1].startswith(f"Error: {missing}: ")
    assert "Traceback" not in result.stderr


def test_parse_stdin_with_url_as_text():
    result = CliRunner().invoke(
        main, ["parse", "-", "--url", "https://news.example/politics/1", "--format", "text"],
        input=cluttered_page().encode("utf-8"),
    )
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == TITLE
    assert "Published: 2023-03-05T09:30:00+03:00" in lines
    assert "Authors: سارة الأحمد" in lines
    assert STORY[3][:40] in result.output


def test_parse_json_is_one_object_per_page(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(arabstoday_page(), encoding="utf-8")
    result = CliRunner().invoke(main, ["parse", str(page)])
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert data["dateline"] == "واشنطن - العرب اليوم"
    assert data["body"] == "\n\n".join(STORY)


def test_parse_help_shows_an_example():
    result = CliRunner().invoke(main, ["parse", "--help"])
    assert result.exit_code == 0
    assert "arabnews parse page.html" in result.output


def test_parse_a_url_fetches_it_politely(site_server):
    article = all_articles()[0]
    result = CliRunner().invoke(main, ["parse", site_server.url(article.href), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["title"] == article.headline
    assert data["dateline"] == f"{article.city} - {SITE_NAME}"  # not the breaking-news ticker above it
    assert data["url"] == site_server.url(article.href)
    assert "/robots.txt" in site_server.log.paths()


def test_parse_a_url_that_is_not_a_page(site_server):
    result = CliRunner().invoke(main, ["parse", site_server.url("/fault/image.html")])
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {site_server.url('/fault/image.html')}: binary content")
