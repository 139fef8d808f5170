"""Benchmark the crawl end to end (fetch, parse, store) against the local synthetic site,
beside trafilatura's own fetch and extract of the same articles.

The site runs in a child process so CPU time measured here is the crawler's only.
No delay, no faults (the fault ticker is excluded), sitemaps off: the section's 5
listing pages and 100 articles, into a fresh SQLite file.

    python benchmarks/crawl.py             # one round
    python benchmarks/crawl.py --rounds 3  # best of three
"""
from __future__ import annotations

import argparse
import multiprocessing
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # tests.site, from a checkout

import trafilatura  # noqa: E402
from trafilatura.settings import use_config  # noqa: E402

from arabnews_archive.archive import Archive  # noqa: E402
from tests.site import content  # noqa: E402
from tests.site.server import SiteServer  # noqa: E402


def _serve(port_out: multiprocessing.connection.Connection) -> None:
    with SiteServer(crawl_delay=0) as site:
        port_out.send(site.base_url)
        port_out.recv()  # until the parent is done


class Timer:
    """Wall and CPU seconds of the block."""

    def __enter__(self) -> "Timer":
        self.wall, self.cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc: object) -> None:
        self.wall, self.cpu = time.perf_counter() - self.wall, time.process_time() - self.cpu


def crawl_once(base: str) -> tuple[int, Timer]:
    # The archive is created before the clock starts: schema migrations are not crawling.
    with tempfile.TemporaryDirectory() as folder, Archive(str(Path(folder) / "bench.db")) as archive:
        with Timer() as timer:
            # The crawler's defaults (4 fetching threads, parser processes on the spare cores)
            # but no delay.
            summary = archive.crawl(base + "/syria/", delay=0, sitemaps=False, exclude=["/breaking/", "/fault/"])
        return summary.pages, timer


def trafilatura_once(base: str) -> tuple[int, Timer]:
    # Its SSRF guard refuses 127.0.0.1, where the synthetic site lives.
    config = use_config()
    config.set("DEFAULT", "SSRF_PROTECTION", "off")
    with Timer() as timer:
        for info in content.all_articles():
            html = trafilatura.fetch_url(base + quote(info.path), config=config)
            assert html, info.path
            trafilatura.extract(html, url=base + quote(info.path))
    return content.ARTICLES, timer


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=1)
    args = parser.parse_args()
    ours, parent = multiprocessing.Pipe()
    server = multiprocessing.Process(target=_serve, args=(ours,), daemon=True)
    server.start()
    base = parent.recv()
    try:
        rates = []
        for name, work in (("arabnews crawl (fetch+parse+store)", crawl_once),
                           ("trafilatura fetch_url+extract", trafilatura_once)):
            pages, timer = min((work(base) for _ in range(args.rounds)), key=lambda r: r[1].wall)
            rates.append(pages / timer.wall)
            print(f"{name:40} {pages:4d} pages  {rates[-1]:7.1f} pages/s  {1000 * timer.cpu / pages:6.2f} CPU ms/page")
        print(f"ratio (arabnews pages/s ÷ trafilatura pages/s): {rates[0] / rates[1]:.2f}")
    finally:
        parent.send("done")
        server.join(5)


if __name__ == "__main__":
    main()
