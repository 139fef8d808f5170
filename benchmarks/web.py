"""Benchmark the web app's pages on a large archive: p50 and p95 of the search, attention and
article pages (the HTML a browser gets, rendered in full, through Flask's test client).

The archive is built quickly: the same generated stories as benchmarks/store.py (3-6 KB of
Arabic text each, a Zipf vocabulary, three sites, seven sections, one article every 37
minutes), stored through the store's write path (`store_page`, which also indexes them for
search) a thousand to a transaction, each with a small page as its body.

    python benchmarks/web.py                          # 100,000 articles (about 5 minutes to build)
    python benchmarks/web.py --n 10000                # quicker
    python benchmarks/web.py --db /tmp/web-bench.db   # keep the archive: the next run reuses it
"""
from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlencode

from rich.console import Console
from rich.table import Table

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from store import SECTIONS, T0, VOCABULARY, story  # noqa: E402

from arabnews_archive.archive import Archive  # noqa: E402
from arabnews_archive.fetch.result import FetchResult  # noqa: E402
from arabnews_archive.store.pages import store_page  # noqa: E402
from arabnews_archive.web import archive_of, create_app  # noqa: E402

BATCH = 1000
BUDGET_MS = 200


def build(archive: Archive, n: int) -> float:
    """Store n generated articles; returns the articles stored per second."""
    started = time.perf_counter()
    for first in range(0, n, BATCH):
        with archive.database.writing() as session:
            for i in range(first, min(n, first + BATCH)):
                article = story(random.Random(i), i)
                body = f"<html><body><h1>{article.title}</h1>{''.join(f'<p>{p}</p>' for p in article.paragraphs)}"
                exchange = FetchResult(article.url, article.url, 200, {"Content-Type": "text/html; charset=utf-8"},
                                       body.encode(), T0 + timedelta(minutes=37 * i + 5))
                store_page(session, exchange, article)
        print(f"\rbuilding: {min(n, first + BATCH):,} of {n:,} articles", end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)
    return n / (time.perf_counter() - started)


def searches(rng: random.Random, count: int) -> list[str]:
    """What people search for: content words (not the hundred most common), in every form of the language,
    a third of them with a filter."""
    urls = []
    for i in range(count):
        a, b, c = rng.sample(VOCABULARY[100:3000], 3)
        query = [a, f"{a} {b}", f'"{a} {b}"', f"{a} OR {b}", f"{a} {b} -{c}"][i % 5]
        extra = [{}, {"section": rng.choice(SECTIONS)}, {"since": "2022-01-01", "until": "2022-12-31"}][i % 3]
        urls.append("/search?" + urlencode({"q": query, **extra}))
    return urls


def attention(rng: random.Random, count: int) -> list[str]:
    """One to three queries compared, by month (the default) or by week."""
    urls = []
    for i in range(count):
        queries = rng.sample(VOCABULARY[30:1500], 1 + i % 3)
        urls.append("/attention?" + urlencode([("q", q) for q in queries] + [("by", "week" if i % 4 == 3 else "month")]))
    return urls


def timed(get: Callable[[str], int], urls: list[str]) -> tuple[list[float], list[float]]:
    """Each request's wall-clock and CPU milliseconds, each list sorted. The database runs in
    this process and its file is in the page cache, so CPU time is what a request costs on a
    quiet machine; the wall clock adds whatever else the machine is running."""
    wall, cpu = [], []
    for url in urls:
        started, used = time.perf_counter(), time.process_time()
        status = get(url)
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - used) * 1000)
        assert status == 200, (url, status)
    return sorted(wall), sorted(cpu)


def p95(times: list[float]) -> float:
    return times[int(len(times) * 0.95) - 1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000, help="articles in the archive (default 100,000)")
    parser.add_argument("--requests", type=int, default=200, help="requests per page (default 200)")
    parser.add_argument("--db", help="archive file to use: built when it has no articles, reused when it has")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or str(Path(tmp) / "web.db")
        with Archive(db) as archive:
            held = archive.stats()["totals"]["articles"]
            rate = build(archive, args.n) if held == 0 else None
            held = archive.stats()["totals"]["articles"]
        app = create_app(db)
        client = app.test_client()

        def get(url: str) -> int:
            response = client.get(url)
            response.get_data()
            return response.status_code

        rng = random.Random(5)
        pages = {
            "search (q, filters, count, sources, 20 results)": searches(rng, args.requests),
            "attention (1-3 queries, chart, table)": attention(rng, args.requests),
            "article (story, calendars, revisions)": [f"/article/{rng.randint(1, held)}" for _ in range(args.requests)],
        }
        timed(get, [urls[0] for urls in pages.values()])  # warm the caches once, as a running server has them
        load = os.getloadavg()[0]
        results = {name: timed(get, urls) for name, urls in pages.items()}
        once = {url: timed(get, [url]) for url in ("/", "/sources")}
        archive_of(app).close()
    table = Table("page", "wall p50", "wall p95", "CPU p50", "CPU p95",
                  title=f"web pages on {held:,} articles (SQLite, {args.requests} requests each)")
    for name, (wall, cpu) in results.items():
        table.add_row(name, f"{statistics.median(wall):.1f} ms", _flagged(p95(wall)), f"{statistics.median(cpu):.1f} ms",
                      _flagged(p95(cpu)))
    for url, (wall, cpu) in once.items():
        table.add_row(f"{url} (once)", f"{wall[0]:.1f} ms", "", f"{cpu[0]:.1f} ms", "")
    table.caption = (f"load average {load:.1f} on {os.cpu_count()} cores when timing began"
                     + (f"; archive built at {rate:,.0f} articles/s" if rate is not None else ""))
    Console().print(table)


def _flagged(ms: float) -> str:
    return f"{ms:.1f} ms" + (" ✗" if ms > BUDGET_MS else "")


if __name__ == "__main__":
    main()
