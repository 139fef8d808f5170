"""`benchmarks/stories.py --scale N`: what stories cost in an archive of N articles.

Setup (not timed): N synthetic articles of 300-600 words, each spliced from fragments of
5-12 words of real sentences (the corpus's, else the fixtures'), one word in twenty swapped
for another, so that most are unique texts written in real phrases; about one in five is a
copy (`variants.KINDS`) of an article published up to three days before; dates spread
over a year. They are inserted in bulk, as rows, never compared (story_version 0).

Timed, through the real functions:
- `rebuild_stories`: wall time; memory: the process's peak resident size (ru_maxrss)
  before and after, and, in a second rebuild, tracemalloc's peak (tracing slows it, so its
  wall time is not the one reported);
- adding articles one by one (`--adds`, 80 % new stories, 20 % copies of stored ones) with
  `store_page` -> `save_article`, a transaction each: `save_article` whole, and within it
  `place_story` and `remember`, each timed on its own; then as many more with placing
  switched off (`place_story` giving no story, `remember` doing nothing): what
  `save_article` costs without stories;
- `resemblance.fingerprint` alone, on the articles added.
"""
from __future__ import annotations

import argparse
import contextlib
import gc
import random
import re
import resource
import statistics
import time
import tracemalloc
import uuid
from collections import deque
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
import tempfile

import sqlalchemy as sa
from rich.console import Console
from rich.table import Table

from arabnews_archive import resemblance
from arabnews_archive.archive import Archive
from arabnews_archive.article import Article
from arabnews_archive.fetch.result import FetchResult
from arabnews_archive.store import articles as store_articles
from arabnews_archive.store.database import Database
from arabnews_archive.store.models import ArticleRow, Fetch, Site
from arabnews_archive.store.pages import store_page
from arabnews_archive.store.stories import Placement, story_day
from arabnews_archive.store.story_rebuild import rebuild_stories
from benchmarks.stories_data.corpus import load_corpus
from benchmarks.stories_data.fixtures import FIXTURES, GOLD
from benchmarks.stories_data.variants import KINDS, make_variant

T0 = datetime(2023, 1, 1, tzinfo=timezone.utc)
COPY_SHARE = 0.2
BATCH = 2000
_SENTENCE = re.compile(r"(?<=[.!؟?])\s+")


class Writer:
    """Synthetic articles, in date order, spliced from real sentences."""

    def __init__(self, seed: int, n: int):
        self.rng = random.Random(seed)
        texts = [t.paragraphs for t in load_corpus()] or [f.paragraphs for f in (*FIXTURES, *GOLD)]
        self.sentences = [s.split() for text in texts for p in text for s in _SENTENCE.split(p) if len(s.split()) >= 6]
        self.words = [w for s in self.sentences for w in s]
        self.n = n
        self.recent: deque[tuple[datetime, tuple[str, ...]]] = deque()

    def paragraph(self, words: int) -> str:
        rng, out = self.rng, []
        while len(out) < words:
            sentence = rng.choice(self.sentences)
            length = rng.randint(5, 12)
            start = rng.randrange(max(1, len(sentence) - length))
            out += sentence[start:start + length]
        return " ".join(w if rng.random() > 0.05 else rng.choice(self.words) for w in out[:words]) + "."

    def story(self) -> tuple[str, ...]:
        target, paragraphs = self.rng.randint(300, 600), []
        while target > 0:
            size = min(target, self.rng.randint(40, 90))
            paragraphs.append(self.paragraph(size))
            target -= size
        return tuple(paragraphs)

    def when(self, i: int) -> datetime:
        return T0 + timedelta(days=365 * i / self.n, minutes=self.rng.uniform(0, 60))

    def article(self, i: int, copies: bool = True) -> tuple[datetime, tuple[str, ...], str]:
        """(published, paragraphs, kind): a new story, or a copy of one of the last three days'."""
        when = self.when(i)
        while self.recent and self.recent[0][0] < when - timedelta(days=resemblance.WINDOW_DAYS):
            self.recent.popleft()
        if copies and self.recent and self.rng.random() < COPY_SHARE:
            kind = self.rng.choice(list(KINDS))
            _, original = self.rng.choice(self.recent)
            others = [self.recent[-1][1]]
            paragraphs = make_variant(kind, original, self.rng, others)
        else:
            kind, paragraphs = "new", self.story()
        self.recent.append((when, paragraphs))
        return when, paragraphs, kind


def fill(database: Database, writer: Writer, n: int, console: Console) -> None:
    """N articles inserted as rows (setup: not timed, never compared)."""
    now = datetime.now(timezone.utc)
    with database.writing() as session:
        site_id = session.execute(sa.insert(Site.__table__).returning(Site.__table__.c.id),
                                  {"host": "bulk.example.com", "name": None}).scalar_one()
        fetch_id = session.execute(sa.insert(Fetch.__table__).returning(Fetch.__table__.c.id), {
            "requested_url": "https://bulk.example.com/", "final_url": "https://bulk.example.com/", "status": 200,
            "headers": {}, "fetched_at": now, "not_modified": False}).scalar_one()
    insert = sa.insert(ArticleRow.__table__)
    started = time.perf_counter()
    for start in range(0, n, BATCH):
        rows = []
        for i in range(start, min(n, start + BATCH)):
            when, paragraphs, kind = writer.article(i)
            url = f"https://bulk.example.com/{kind}/{i}"
            rows.append({"key_url": url, "url": url, "title": f"خبر {i}", "published": when, "authors": [],
                         "agencies": [], "tags": [], "images": [], "paragraphs": list(paragraphs), "language": "ar",
                         "parser_version": "2", "fetch_id": fetch_id, "site_id": site_id, "first_seen": when,
                         "last_seen": when})
        with database.writing() as session:
            session.execute(insert, rows)
        if (start // BATCH) % 10 == 0:
            console.print(f"  inserted {min(n, start + BATCH)}/{n} ({time.perf_counter() - started:.0f} s)")


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _ms(values: list[float]) -> str:
    if not values:
        return "-"
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
    return f"{1000 * statistics.fmean(values):.2f} / {1000 * p95:.2f}"


@contextlib.contextmanager
def timed_placing(times: dict[str, list[float]], placing: bool = True) -> Iterator[None]:
    """`store.articles`'s place_story, remember and save_article timed (or placing switched off)."""
    place, remember, save = store_articles.place_story, store_articles.remember, store_articles.save_article

    def timed(name, function):
        def wrapper(*args, **kwargs):
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                times[name].append(time.perf_counter() - started)
        return wrapper

    def no_place(session, paragraphs, moment, article_id=None, found=None):
        return Placement(None, None, story_day(moment))

    store_articles.place_story = timed("place_story", place if placing else no_place)
    store_articles.remember = timed("remember", remember if placing else (lambda *a, **k: None))
    # store_page calls the save_article it imported: time it there.
    import arabnews_archive.store.pages as pages
    pages.save_article = timed("save_article", save)
    try:
        yield
    finally:
        store_articles.place_story, store_articles.remember, pages.save_article = place, remember, save


def add_articles(database: Database, writer: Writer, n_stored: int, adds: int, placing: bool,
                 seed: int) -> dict[str, list[float]]:
    rng = random.Random(seed)
    times: dict[str, list[float]] = {"save_article": [], "place_story": [], "remember": [], "fingerprint": []}
    table = ArticleRow.__table__
    with timed_placing(times, placing):
        for k in range(adds):
            i = rng.randrange(n_stored)
            if rng.random() < COPY_SHARE:  # a copy of a stored article, published a day later
                with database.reading() as session:
                    when, paragraphs = session.execute(
                        sa.select(table.c.published, table.c.paragraphs).where(table.c.id == i + 1)).one()
                when = when.replace(tzinfo=timezone.utc) + timedelta(days=1)
                paragraphs = make_variant(rng.choice(list(KINDS)), tuple(paragraphs), rng, [writer.story()])
            else:
                when, paragraphs = writer.when(i), writer.story()
            started = time.perf_counter()
            resemblance.fingerprint(paragraphs)
            times["fingerprint"].append(time.perf_counter() - started)
            url = f"https://added.example.org/{'on' if placing else 'off'}/{seed}/{k}"
            article = Article(url=url, title="خبر مضاف", published=when, paragraphs=tuple(paragraphs), language="ar")
            exchange = FetchResult(url, url, 200, {}, b"", when + timedelta(minutes=5))
            with database.writing() as session:
                store_page(session, exchange, article)
    return times


def measure(url: str, args: argparse.Namespace, console: Console, label: str) -> dict[str, str]:
    n = args.scale
    out: dict[str, str] = {}
    with Archive(url) as archive:
        database = archive.database
        writer = Writer(args.seed, n)
        started = time.perf_counter()
        fill(database, writer, n, console)
        out["setup (bulk insert)"] = f"{time.perf_counter() - started:.0f} s"
        gc.collect()
        rss_before = _rss_mb()
        started = time.perf_counter()
        summary = rebuild_stories(database)
        out["rebuild: wall time"] = f"{time.perf_counter() - started:.1f} s"
        out["rebuild: ru_maxrss before → after"] = f"{rss_before:.0f} → {_rss_mb():.0f} MB"
        out["rebuild: stories of 2+ / articles in them / too short"] = (
            f"{summary.stories} / {summary.grouped} / {summary.too_short}")
        console.print(f"  [{label}] rebuilt: {out['rebuild: wall time']}")
        if args.tracemalloc:
            gc.collect()
            tracemalloc.start()
            started = time.perf_counter()
            rebuild_stories(database)
            traced = time.perf_counter() - started
            _, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            out["rebuild: tracemalloc peak"] = f"{peak / 2 ** 20:.0f} MB (traced run: {traced:.0f} s)"
        with_stories = add_articles(database, writer, n, args.adds, True, args.seed + 1)
        without = add_articles(database, writer, n, args.adds, False, args.seed + 2)
        both = [p + r for p, r in zip(with_stories["place_story"], with_stories["remember"])]
        out["add one: save_article with stories (mean / p95 ms)"] = _ms(with_stories["save_article"])
        out["add one: place_story"] = _ms(with_stories["place_story"])
        out["add one: remember"] = _ms(with_stories["remember"])
        out["add one: story part (place_story + remember)"] = _ms(both)
        out["add one: save_article without stories"] = _ms(without["save_article"])
        out["fingerprint alone"] = _ms(with_stories["fingerprint"] + without["fingerprint"])
        with database.reading() as session:
            out["story_bands rows"] = str(session.scalar(sa.text("SELECT count(*) FROM story_bands")))
    return out


@contextlib.contextmanager
def postgres_database(server: str) -> Iterator[str]:
    name = f"storybench_{uuid.uuid4().hex[:10]}"
    admin_url = sa.make_url(server.replace("postgresql://", "postgresql+psycopg://", 1))
    admin = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield admin_url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


def run(args: argparse.Namespace, console: Console) -> None:
    console.print(f"scale: {args.scale} articles, {args.adds} added one by one (with and without stories)")
    results: dict[str, dict[str, str]] = {}
    with tempfile.TemporaryDirectory() as folder:
        results["SQLite"] = measure(str(Path(folder) / "scale.db"), args, console, "SQLite")
    if args.postgres:
        with postgres_database(args.postgres) as url:
            results["PostgreSQL"] = measure(url, args, console, "PostgreSQL")
    table = Table(title=f"stories at {args.scale} articles")
    table.add_column("measure")
    for name in results:
        table.add_column(name, justify="right")
    for key in next(iter(results.values())):
        table.add_row(key, *(r.get(key, "") for r in results.values()))
    console.print(table)
