"""Re-parse: change summary, idempotence, worker processes, and surviving a SIGKILL."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import sqlalchemy as sa

from arabnews_archive.archive import Archive
from arabnews_archive.article import PARSER_VERSION, Article
from arabnews_archive.store.reparse import ReparseSummary
from tests.conftest import news_page, store_exchange

T0 = datetime(2024, 4, 1, tzinfo=timezone.utc)
PARAGRAPHS = [
    "عقد مجلس الوزراء اجتماعه الأسبوعي اليوم برئاسة رئيس الحكومة لمناقشة عدد من الملفات.",
    "وناقش المجلس خطة تطوير شبكة الطرق في المحافظات الجنوبية وتكلفتها المتوقعة.",
    "كما وافق المجلس على مشروع قانون جديد لتنظيم الاستثمار في قطاع الطاقة المتجددة.",
]


def fill(archive: Archive, n: int) -> list[int]:
    ids = []
    for i in range(n):
        url = f"https://www.example-news.com/politics/{i}"
        html = news_page(f"اجتماع مجلس الوزراء رقم {i}", PARAGRAPHS, url=url,
                         published=f"2024-03-{1 + i % 28:02d}T10:00:00+03:00")
        ids.append(archive.add_html(url, html, fetched_at=T0 + timedelta(minutes=i)).id)
    return ids


def execute(archive: Archive, sql: str, **params: object) -> None:
    with archive.database.writing() as session:
        session.execute(sa.text(sql), params)


def outdated(archive: Archive) -> int:
    with archive.database.reading() as session:
        return session.scalar(sa.text("SELECT count(*) FROM articles WHERE parser_version <> :v"), {"v": PARSER_VERSION})


def test_reparse_reports_changes_per_field_and_is_idempotent(archive: Archive) -> None:
    ids = fill(archive, 12)
    # Pretend an older parser made these articles, with its mistakes.
    execute(archive, "UPDATE articles SET parser_version = '0'")
    execute(archive, "UPDATE articles SET published = NULL, published_tz_offset = NULL WHERE id <= :i", i=ids[3])
    execute(archive, "UPDATE articles SET title = 'عنوان خاطئ' WHERE id > :i", i=ids[9])
    before = archive.get(ids[5])

    summary = archive.reparse()
    assert (summary.pages, summary.errors) == (12, 0)
    assert summary.lines() == ["published: 0 changed, 4 found, 0 lost", "title:     2 changed, 0 found, 0 lost"]
    assert outdated(archive) == 0
    assert archive.get(ids[0]).published is not None and archive.get(ids[11]).title.endswith("رقم 11")
    assert archive.get(ids[5]) == before.replace(parser_version=PARSER_VERSION)
    assert [a.id for a in archive.search("رقم 11")] == [ids[11]]  # the search index followed the title
    assert list(archive.search("خاطئ")) == []

    assert archive.reparse() == ReparseSummary()  # nothing left to do
    again = archive.reparse(every_version=True)
    assert (again.pages, again.lines()) == (12, [])


def test_reparse_filters_and_worker_processes(archive: Archive) -> None:
    fill(archive, 8)
    execute(archive, "UPDATE articles SET parser_version = '0'")
    assert archive.reparse(site="other-site.net").pages == 0
    assert archive.reparse(since="2030-01-01").pages == 0
    summary = archive.reparse(site="example-news.com", since="2024-04-01", workers=2)
    assert (summary.pages, summary.errors) == (8, 0) and outdated(archive) == 0


def test_reparse_counts_pages_the_parser_rejects(archive: Archive) -> None:
    store_exchange(archive, "https://example-news.com/empty", b"   ",
                   reading=Article(url="https://example-news.com/empty", title="فارغ", parser_version="0"))
    summary = archive.reparse()
    assert (summary.pages, summary.errors) == (0, 1) and "empty" in summary.error_samples[0]
    assert outdated(archive) == 1  # left for a later, fixed parser


KILLABLE = textwrap.dedent("""
    import sys, time
    import arabnews_archive.parse as parse
    real = parse.read_article
    def slow(*args, **kwargs):  # slow enough for the test to kill the run midway
        time.sleep(0.02)
        return real(*args, **kwargs)
    parse.read_article = slow
    from arabnews_archive.archive import Archive
    from arabnews_archive.store.reparse import reparse
    with Archive(sys.argv[1]) as archive:
        reparse(archive.database, progress=False, batch_size=5)
""")


def test_reparse_killed_midway_leaves_a_consistent_database(archive: Archive, db_url: str) -> None:
    total = 60
    fill(archive, total)
    execute(archive, "UPDATE articles SET parser_version = '0', title = 'قديم'")
    process = subprocess.Popen([sys.executable, "-c", KILLABLE, db_url])
    deadline = time.monotonic() + 60
    while outdated(archive) == total and time.monotonic() < deadline:
        time.sleep(0.02)
    process.send_signal(signal.SIGKILL)
    process.wait()
    remaining = outdated(archive)
    assert 0 < remaining < total and remaining % 5 == 0  # whole batches only
    with archive.database.reading() as session:
        half_done = session.scalar(sa.text(
            "SELECT count(*) FROM articles WHERE (parser_version = :v) <> (title <> 'قديم')"), {"v": PARSER_VERSION})
    assert half_done == 0
    if db_url.startswith("sqlite"):
        execute(archive, "INSERT INTO articles_fts(articles_fts, rank) VALUES ('integrity-check', 1)")

    summary = archive.reparse()
    assert summary.pages == remaining and outdated(archive) == 0
    assert len(list(archive.search("مجلس الوزراء"))) == total
    assert list(archive.search("قديم")) == []


def test_worker_processes_from_a_script_without_a_main_guard(archive: Archive, db_url: str, tmp_path) -> None:
    """Parser processes that re-ran the calling script (multiprocessing's spawn) would re-parse
    from each of them; the pool's `python -m` processes run only what they are handed."""
    fill(archive, 12)
    execute(archive, "UPDATE articles SET parser_version = '0'")
    script = tmp_path / "reparse_all.py"  # no `if __name__ == "__main__":`, as many scripts have none
    script.write_text("import sys\n"
                      "from arabnews_archive.archive import Archive\n"
                      "with Archive(sys.argv[1]) as archive:\n"
                      "    summary = archive.reparse(workers=2)\n"
                      "print(summary.pages, summary.errors)\n")
    done = subprocess.run([sys.executable, str(script), db_url], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])})
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["12", "0"] and outdated(archive) == 0


INTERRUPTIBLE = textwrap.dedent("""
    import sys
    from arabnews_archive.archive import Archive
    from arabnews_archive.store.reparse import reparse
    with Archive(sys.argv[1]) as archive:
        reparse(archive.database, workers=2, batch_size=5)
""")


def test_ctrl_c_stops_worker_processes_after_whole_batches(archive: Archive, db_url: str) -> None:
    total = 400
    fill(archive, total)
    execute(archive, "UPDATE articles SET parser_version = '0', title = 'قديم'")
    process = subprocess.Popen([sys.executable, "-c", INTERRUPTIBLE, db_url], stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while outdated(archive) == total and time.monotonic() < deadline:
        time.sleep(0.02)
    process.send_signal(signal.SIGINT)  # what a terminal's Ctrl-C sends
    _, stderr = process.communicate(timeout=30)
    assert process.returncode != 0 and "KeyboardInterrupt" in stderr
    remaining = outdated(archive)
    assert 0 < remaining < total and remaining % 5 == 0  # whole batches only
    summary = archive.reparse()
    assert summary.pages == remaining and outdated(archive) == 0
