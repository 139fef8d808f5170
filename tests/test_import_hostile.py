"""`arabnews import` given hostile files (issue 13 item 10): each bad file is one line, the
good ones are stored, nothing hangs, nothing outside the folder given is read."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from arabnews_archive.archive import Archive
from arabnews_archive.cli import main
from tests.conftest import news_page

STORY = ["فقرة أولى من الخبر تكفي لتكون قصة حقيقية يقرؤها القارئ في الصفحة كاملة."] * 4


def _page(folder: Path, name: str, sidecar: object | None = None) -> Path:
    path = folder / f"{name}.html"
    path.write_text(news_page(f"خبر {name}", STORY), encoding="utf-8")
    if sidecar is not None:
        (folder / f"{name}.json").write_text(json.dumps(sidecar), encoding="utf-8")
    return path


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    pages = tmp_path / "pages"
    pages.mkdir()
    _page(pages, "good", {"url": "https://news.example/news/1"})
    _page(pages, "url_number", {"url": 5})
    _page(pages, "headers_list", {"url": "https://news.example/news/2", "headers": [1, 2]})
    _page(pages, "javascript", {"url": "javascript:alert(1)"})
    _page(pages, "far_future", {"url": "https://news.example/news/3", "fetched_at": "9999-01-01T00:00:00"})
    _page(pages, "bad_time", {"url": "https://news.example/news/4", "fetched_at": 12})
    outside = tmp_path / "secret.html"
    outside.write_text(news_page("سر", STORY), encoding="utf-8")
    (pages / "link.html").symlink_to(outside)
    return pages


def test_a_folder_of_hostile_sidecars_stores_the_good_page_and_reports_each_bad_one(db_url: str,
                                                                                      folder: Path) -> None:
    result = CliRunner().invoke(main, ["import", str(folder), "--db", db_url])
    assert "Traceback" not in result.output
    for name, why in (("url_number", '"url" must be a string'), ("headers_list", '"headers" must be an object'),
                      ("javascript", "not an absolute URL"), ("far_future", "is in the future"),
                      ("bad_time", '"fetched_at" must be an ISO 8601')):
        line = next((line for line in result.output.splitlines() if f"{name}.html" in line), "")
        assert why in line, (name, result.output)
    assert "link.html" not in result.output  # a link out of the folder is not even considered
    with Archive(db_url) as archive:
        assert [a.title for a in archive.articles()] == ["خبر good"]


def test_a_fifo_and_a_device_named_on_the_command_line_are_refused_at_once(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.html"
    os.mkfifo(fifo)
    good = _page(tmp_path, "good", {"url": "https://news.example/news/1"})
    db = str(tmp_path / "archive.db")
    result = CliRunner().invoke(main, ["import", str(fifo), "/dev/zero", str(good), "--db", db])
    assert f"{fifo}: not a regular file" in result.output and "/dev/zero: not a regular file" in result.output
    with Archive(db) as archive:
        assert [a.title for a in archive.articles()] == ["خبر good"]
