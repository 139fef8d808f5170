"""Benchmark crawling with 1, 2 and 4 worker processes sharing one PostgreSQL archive.

Four copies of the synthetic site (four hosts, 100 articles each, 400 in all) answer
every request after 50 ms, like distant servers; the per-host delay is 0. Each worker
is an `arabnews worker` process with one fetching thread, so N workers keep up to N
requests in flight (one per host at most: politeness is shared through the database).
Each worker counts its database round trips (statements, with a SQLAlchemy
`before_cursor_execute` event, plus commits) and the report divides them by the
articles stored. The clock starts once every worker is up (interpreter, imports,
database connection), as a deployment's workers start once and then run for hours;
that start-up time is printed apart (N interpreters starting at once on a small
machine take seconds).

    python benchmarks/scale.py --db postgresql://postgres@127.0.0.1:5432/test
    python benchmarks/scale.py --workers 1 4 --latency 0.1

--db defaults to $ARABNEWS_TEST_POSTGRES_URL; each run uses a fresh database on that
server, dropped afterwards.
"""
from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import subprocess
import sys
import time
import uuid
from multiprocessing.connection import Connection
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # tests.site, from a checkout

import sqlalchemy as sa  # noqa: E402

from arabnews_archive.archive import Archive  # noqa: E402
from arabnews_archive.crawl.engine import queue, work  # noqa: E402
from arabnews_archive.crawl.settings import crawl_settings  # noqa: E402
from arabnews_archive.store.database import Database, create_archive_engine, resolve_url  # noqa: E402
from tests.site import content  # noqa: E402
from tests.site.server import SiteServer  # noqa: E402

HOSTS = 4
SCOPE = dict(sitemaps=False, exclude=["/breaking/", "/fault/"])


def _serve(latency: float, out: Connection) -> None:
    sites = [SiteServer(crawl_delay=0, latency=latency).start() for _ in range(HOSTS)]
    out.send([site.base_url for site in sites])
    out.recv()  # until the parent is done


def worker_main(url: str) -> None:
    """One worker process: crawl until the frontier is empty, print its counts as JSON."""
    counts = {"statements": 0, "commits": 0}

    def statement(*_: object) -> None:
        counts["statements"] += 1

    def commit(*_: object) -> None:
        counts["commits"] += 1

    sa.event.listen(sa.engine.Engine, "before_cursor_execute", statement)
    sa.event.listen(sa.engine.Engine, "commit", commit)
    # The worker processes are the parallelism measured here: no parser processes besides.
    settings = crawl_settings(delay=0, concurrency=1, parse_processes=0, **SCOPE)
    database = Database(url, create_archive_engine(url))
    with database.reading() as session:  # connected: ready to work
        session.execute(sa.text("SELECT 1"))
    print("ready", flush=True)
    sys.stdin.readline()  # the go: every worker has started
    counts["statements"] = counts["commits"] = 0
    try:
        summary = work(database, settings)
    finally:
        database.close()
    print(json.dumps({**counts, "pages": summary.pages, "articles": summary.articles.get("new", 0)}))


def fresh_database(server: str) -> tuple[str, sa.Engine]:
    admin = sa.create_engine(resolve_url(server), isolation_level="AUTOCOMMIT")
    name = f"arabnews_bench_{uuid.uuid4().hex[:12]}"
    with admin.connect() as connection:
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    return sa.make_url(resolve_url(server)).set(database=name).render_as_string(hide_password=False), admin


def run(server: str, bases: list[str], workers: int) -> tuple[float, int, float, float]:
    """(articles per second, articles stored, round trips per article, seconds to start) for `workers` processes."""
    url, admin = fresh_database(server)
    try:
        with Archive(url) as archive:  # schema made before the clock starts
            settings = crawl_settings(**SCOPE)
            for base in bases:
                queue(archive.database, base + "/syria/", settings)
        processes = [subprocess.Popen([sys.executable, __file__, "--worker", url], stdin=subprocess.PIPE,
                                      stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
                     for _ in range(workers)]
        launched = time.perf_counter()
        for process in processes:  # interpreter started, imports done, connected
            assert process.stdout is not None and process.stdout.readline().strip() == "ready"
        started = time.perf_counter()
        for process in processes:
            assert process.stdin is not None
            process.stdin.write("go\n")
            process.stdin.flush()
        reports = [json.loads(p.communicate()[0].strip().splitlines()[-1]) for p in processes]
        elapsed = time.perf_counter() - started
        articles = sum(r["articles"] for r in reports)
        trips = sum(r["statements"] + r["commits"] for r in reports)
        return articles / elapsed, articles, trips / max(articles, 1), started - launched
    finally:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{sa.make_url(url).database}" WITH (FORCE)')
        admin.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default=os.environ.get("ARABNEWS_TEST_POSTGRES_URL"),
                        help="PostgreSQL server URL (default: $ARABNEWS_TEST_POSTGRES_URL)")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2, 4])
    parser.add_argument("--latency", type=float, default=0.05, help="seconds before each response")
    parser.add_argument("--worker", metavar="URL", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker_main(args.worker)
        return
    if not args.db:
        parser.error("give --db postgresql://... (or set ARABNEWS_TEST_POSTGRES_URL)")
    ours, theirs = multiprocessing.Pipe()
    sites = multiprocessing.Process(target=_serve, args=(args.latency, theirs), daemon=True)
    sites.start()
    bases = ours.recv()
    try:
        print(f"{HOSTS} hosts x {content.ARTICLES} articles, {1000 * args.latency:.0f} ms per response, delay 0")
        first = first_whole = None
        for n in args.workers:
            rate, articles, trips, startup = run(args.db, bases, n)
            whole = articles / (articles / rate + startup)
            first, first_whole = first or rate, first_whole or whole
            print(f"{n} worker(s): {articles} articles, {rate:6.1f} articles/s ({rate / first:.2f}x), "
                  f"{trips:.1f} database round trips per article; {startup:.1f} s to start the processes, "
                  f"{whole:.1f} articles/s ({whole / first_whole:.2f}x) counting it")
    finally:
        ours.send("done")
        sites.join(5)


if __name__ == "__main__":
    main()
