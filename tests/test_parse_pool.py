"""Parser processes: same results as parsing in the crawl's own process, a dead parser
costs one page, and they never outlive their crawl."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timezone
from pathlib import Path

import pytest

from arabnews_archive.crawl.plan import read_page
from arabnews_archive.parse import NO_STORY, NotAnArticle
from arabnews_archive.pool import ParsePool, ParserDied
from arabnews_archive.fetch.result import FetchResult
from tests.pages import arabstoday_page, cluttered_page

URL = "https://www.arabstoday.net/615/syria-story"


def page(html: str, url: str = URL) -> FetchResult:
    return FetchResult(url, url, 200, {"content-type": "text/html; charset=utf-8"}, html.encode(),
                       datetime(2016, 9, 14, tzinfo=timezone.utc))


def started(pool: ParsePool, count: int = 1, timeout: float = 30.0) -> list[int]:
    """Wait for the pool's processes; the first page (parsed here meanwhile) starts them."""
    assert pool.run(read_page, page(arabstoday_page())) == read_page(page(arabstoday_page()))
    deadline = time.monotonic() + timeout
    while len(pool.pids) < count:
        assert time.monotonic() < deadline, "parser processes did not start"
        time.sleep(0.05)
    return pool.pids


def gone(pid: int, timeout: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        try:  # our own child: reap it, or it stays a zombie that os.kill still finds
            if os.waitpid(pid, os.WNOHANG)[0] == pid:
                return True
        except ChildProcessError:
            pass
        time.sleep(0.05)
    return False


def test_processes_parse_exactly_like_the_crawling_process() -> None:
    pages = [page(arabstoday_page()), page(cluttered_page(), "https://example.com/news/1"), page("<html></html>")]
    with ParsePool(2) as pool:
        time.sleep(0.5)
        assert pool.pids == []  # nothing to parse yet: no process started
        started(pool, 2)
        assert [pool.run(read_page, p) for p in pages] == [read_page(p) for p in pages]
        assert pool.run(os.getpid) in pool.pids  # ran there, not here
        with pytest.raises(ValueError, match="invalid literal"):  # raised there, raised here
            pool.run(int, "not a number")
    article = read_page(pages[0])
    assert not isinstance(article, NotAnArticle) and article.dateline == "واشنطن - العرب اليوم"
    assert read_page(pages[2]) == NotAnArticle(NO_STORY)


def test_no_processes_parses_here() -> None:
    with ParsePool(0) as pool:
        assert pool.pids == [] and pool.run(read_page, page(arabstoday_page())) == read_page(page(arabstoday_page()))
        assert pool.run(os.getpid) == os.getpid()


def test_calls_from_many_threads_are_queued_and_each_gets_its_own_answer() -> None:
    with ParsePool(1) as pool, ThreadPoolExecutor(8) as threads:
        [pid] = started(pool)
        answers = list(threads.map(lambda n: (pool.run(abs, -n), pool.run(os.getpid)), range(200)))
    assert answers == [(n, pid) for n in range(200)]


def test_a_dead_parser_costs_the_page_in_hand_and_is_replaced() -> None:
    with ParsePool(1) as pool, ThreadPoolExecutor(2) as threads:
        [pid] = started(pool)
        in_hand = threads.submit(pool.run, time.sleep, 30)
        time.sleep(0.3)  # the sleep is in hand; the next call queues behind it
        queued = threads.submit(pool.run, abs, -7)
        time.sleep(0.3)
        os.kill(pid, signal.SIGKILL)
        with pytest.raises(ParserDied):
            in_hand.result(timeout=10)
        assert queued.result(timeout=30) == 7  # never started there: sent again, not lost
        assert gone(pid)
        [new] = started(pool)
        assert new != pid
        assert pool.run(read_page, page(arabstoday_page())) == read_page(page(arabstoday_page()))
        assert pool.run(os.getpid) == new


def test_a_parser_that_dies_idle_costs_nothing() -> None:
    with ParsePool(1) as pool:
        [pid] = started(pool)
        os.kill(pid, signal.SIGKILL)
        deadline = time.monotonic() + 10
        while pid in pool.pids:  # until the pool has seen it die
            assert time.monotonic() < deadline
            time.sleep(0.01)
        assert pool.run(read_page, page(arabstoday_page())) == read_page(page(arabstoday_page()))


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_parsers_end_with_a_crawl_killed_by_sigkill(tmp_path: Path) -> None:
    script = tmp_path / "crawl.py"  # no `if __name__ == "__main__":` guard, as many scripts have none
    script.write_text(
        "import sys, time\n"
        "from arabnews_archive.pool import ParsePool\n"
        "from tests.pages import arabstoday_page\n"
        "from tests.test_parse_pool import page\n"
        "from arabnews_archive.crawl.plan import read_page\n"
        "pool = ParsePool(2)\n"
        "pool.run(read_page, page(arabstoday_page()))\n"
        "while len(pool.pids) < 2: time.sleep(0.05)\n"
        "print(*pool.pids, flush=True)\n"
        "time.sleep(60)\n"
    )
    crawl = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True,
                             env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])})
    assert crawl.stdout is not None
    pids = [int(p) for p in crawl.stdout.readline().split()]
    assert len(pids) == 2
    crawl.send_signal(signal.SIGKILL)
    crawl.wait()
    assert all(gone(pid) for pid in pids)


def test_a_closed_pool_parses_here() -> None:
    pool = ParsePool(1)
    [pid] = started(pool)
    pool.close()
    assert gone(pid) and pool.pids == []
    assert pool.run(os.getpid) == os.getpid()  # not sent to the stopped process
