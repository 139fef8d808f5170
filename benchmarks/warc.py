#!/usr/bin/env python3
"""WARC benchmark: export and import rates, and peak memory, from 1,000 to 100,000 records.

    .venv/bin/python benchmarks/warc.py                          # 1,000 and 3,000 fetches
    .venv/bin/python benchmarks/warc.py --sizes 1000,10000,100000

Each size gets a SQLite archive of generated Arabic pages (8-12 KB: the story
generator of benchmarks/store.py in a lighter page), one in ten an identical
re-fetch, so the export writes revisits too. Export, then import into an empty
archive (parsing every page), each run in a process of its own so that its peak
resident memory (ru_maxrss) is that phase's alone: flat across sizes means the
streaming holds.
"""
from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from rich.console import Console
from rich.table import Table
from store import SITES, T0, sentence, story

from arabnews_archive.archive import Archive
from arabnews_archive.article import Article
from arabnews_archive.fetch.result import FetchResult
from arabnews_archive.store.pages import store_page

REFETCH_EVERY = 10
FILL_BATCH = 500
HEADERS = {"content-type": "text/html; charset=utf-8", "content-encoding": "gzip", "server": "nginx"}
SENT = {"User-Agent": "arabnews-archive/bench", "Accept-Encoding": "gzip, deflate", "Accept": "text/html"}


def page(rng: random.Random, article: Article) -> bytes:
    menu = "".join(f'<li><a href="/s/{i}">{sentence(rng, 1, 2)}</a></li>' for i in range(30))
    body = "".join(f"<p>{p}</p>" for p in article.paragraphs)
    assert article.published is not None
    return f"""<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8">
<title>{article.title} - {article.site_name}</title><link rel="canonical" href="{article.canonical_url}">
<meta property="article:published_time" content="{article.published.isoformat()}"></head><body>
<nav><ul>{menu}</ul></nav><main><article><h1>{article.title}</h1>{body}</article></main>
<footer>جميع الحقوق محفوظة</footer></body></html>""".encode()


def fill(db: str, n: int) -> None:
    """n fetches: pages with their articles, every tenth an identical re-fetch of the one before."""
    rng = random.Random(7)
    with Archive(db) as archive:
        done = 0
        latest: tuple[Article, bytes] | None = None
        while done < n:
            with archive.database.writing() as session:
                for i in range(done, min(done + FILL_BATCH, n)):
                    if latest is None or i % REFETCH_EVERY != REFETCH_EVERY - 1:
                        fresh = story(rng, i)
                        latest = (fresh, page(rng, fresh))
                    article, html = latest
                    assert article.url is not None
                    exchange = FetchResult(article.url, article.url, 200, HEADERS, html, T0 + timedelta(minutes=i),
                                           request_headers=SENT)
                    store_page(session, exchange, article)
            done = min(done + FILL_BATCH, n)


def run_phase(phase: str, folder: Path, n: int) -> dict[str, float]:
    """Run one phase in this process; returns its figures."""
    source, copy, warc = f"sqlite:///{folder / 'source.db'}", f"sqlite:///{folder / 'copy.db'}", folder / "out.warc.gz"
    started = time.perf_counter()
    if phase == "fill":
        fill(source, n)
        figures: dict[str, float] = {}
    elif phase == "export":
        from arabnews_archive.warc.export import export_warc

        with Archive(source) as archive:
            summary = export_warc(archive.database, warc)
        figures = {"records": summary.fetches, "bytes": summary.bytes}
    else:
        from arabnews_archive.warc.importer import import_warc

        with Archive(copy) as archive:
            imported = import_warc(archive.database, [warc])
        figures = {"records": imported.fetches, "pages": imported.html_pages, "errors": imported.errors}
    figures["seconds"] = time.perf_counter() - started
    figures["max_rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return figures


def measure(n: int) -> dict[str, dict[str, float]]:
    with tempfile.TemporaryDirectory() as tmp:
        results = {}
        for phase in ("fill", "export", "import"):
            done = subprocess.run([sys.executable, __file__, "--phase", phase, "--dir", tmp, "--n", str(n)],
                                  check=True, capture_output=True, text=True)
            results[phase] = json.loads(done.stdout.splitlines()[-1])
        return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,3000", help="comma-separated fetch counts (default 1000,3000)")
    parser.add_argument("--phase", choices=("fill", "export", "import"), help=argparse.SUPPRESS)
    parser.add_argument("--dir", help=argparse.SUPPRESS)
    parser.add_argument("--n", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase:
        print(json.dumps(run_phase(args.phase, Path(args.dir), args.n)))
        return
    table = Table("fetches", "export", "export peak RSS", "WARC per fetch", "import (parsing)", "import peak RSS",
                  title=f"WARC export and import, SQLite, pages from {', '.join(SITES)}")
    for n in (int(size) for size in args.sizes.split(",")):
        r = measure(n)
        export, imported = r["export"], r["import"]
        table.add_row(
            f"{n:,}", f"{export['records'] / export['seconds']:,.0f} fetches/s", f"{export['max_rss_mib']:,.0f} MiB",
            f"{export['bytes'] / n / 1024:,.1f} KB", f"{imported['pages'] / imported['seconds']:,.0f} pages/s",
            f"{imported['max_rss_mib']:,.0f} MiB",
        )
        Console().print(f"{n:,} fetches: {json.dumps(r)}", style="dim")
    Console().print(table)


if __name__ == "__main__":
    main()
