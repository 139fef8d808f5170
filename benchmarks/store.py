"""Benchmark the archive store: insert rate, bytes per page, search latency, re-parse rate, memory.

Pages are generated deterministically from word lists: 3-6 KB of Arabic story text
inside 60-150 KB of site boilerplate (menus, scripts, styles, related links).

    python benchmarks/store.py              # 100,000 pages (long: run it on a quiet machine)
    python benchmarks/store.py --n 5000     # a quicker run
    python benchmarks/store.py --db URL --n 100000 --filled   # search again in an archive an earlier run filled
"""
from __future__ import annotations

import argparse
import functools
import itertools
import io
import random
import resource
import statistics
import tempfile
import time
import tracemalloc
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import sqlalchemy as sa
from rich.console import Console
from rich.table import Table

from arabnews_archive.archive import Archive
from arabnews_archive.article import Article
from arabnews_archive.fetch.result import FetchResult
from arabnews_archive.store.pages import store_page

WORDS = (
    "الحكومة الوزير المجلس الرئيس البرلمان الانتخابات الاقتصاد الموازنة الاستثمار الطاقة النفط الغاز "
    "المدرسة الجامعة الطلاب التعليم الصحة المستشفى الأطباء المرضى الطريق الجسر المدينة القرية المحافظة "
    "العاصمة الحدود الجيش الشرطة الأمن المواطنين السكان الشباب النساء الأطفال العمال الشركات البنك "
    "الأسعار التضخم الدولار الدينار الجنيه الريال الصادرات الواردات الزراعة المياه الأمطار الصيف الشتاء "
    "المنتخب المباراة البطولة الهدف الملعب الجمهور المدرب اللاعب الفريق الدوري الكأس الموسم "
    "أعلن أكد قال أضاف أشار أوضح كشف نفى طالب دعا وافق رفض ناقش بحث افتتح زار استقبل التقى "
    "اليوم أمس غدا الأسبوع الشهر العام المقبل الماضي الجديد الأول الثاني الثالث الكبير الصغير "
    "في من إلى على عن مع بعد قبل خلال بين حول ضد نحو منذ حتى أن إن لكن كما التي الذي هذا هذه "
    "مصر السعودية الإمارات الكويت قطر الأردن لبنان سوريا العراق المغرب الجزائر تونس ليبيا السودان "
    "القاهرة الرياض دبي عمان بيروت بغداد الرباط تونس الخرطوم غزة القدس دمشق"
).split()
SECTIONS = ("سياسة", "اقتصاد", "رياضة", "محليات", "ثقافة", "صحة", "تعليم")
SITES = ("example-news.com", "akhbar.example.net", "watan.example.org")
T0 = datetime(2020, 1, 1, tzinfo=timezone.utc)




def _vocabulary(size: int = 6000) -> list[str]:
    """Real words first (the most frequent), then made-up ones from Arabic letters: a news-sized vocabulary."""
    rng = random.Random(3)
    letters = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"
    made = {("ال" if rng.random() < 0.5 else "") + "".join(rng.choice(letters) for _ in range(rng.randint(3, 6)))
            + rng.choice(("", "", "ة", "ات", "ون", "ية")) for _ in range(size * 2)}
    return list(dict.fromkeys(WORDS + sorted(made)))[:size]


VOCABULARY = _vocabulary()
# Word frequencies in text follow Zipf's law: the k-th most common word has weight 1/k.
_CUMULATIVE = list(itertools.accumulate(1 / rank for rank in range(1, len(VOCABULARY) + 1)))


def sentence(rng: random.Random, low: int = 8, high: int = 18) -> str:
    return " ".join(rng.choices(VOCABULARY, cum_weights=_CUMULATIVE, k=rng.randint(low, high))) + "."


def story(rng: random.Random, i: int) -> Article:
    """The article a generated page holds: 3-6 KB of text in 5-10 paragraphs."""
    target = rng.randint(3000, 6000)
    paragraphs: list[str] = []
    while sum(len(p.encode()) for p in paragraphs) < target:
        paragraphs.append(" ".join(sentence(rng) for _ in range(rng.randint(2, 4))))
    site = SITES[i % len(SITES)]
    offset = timezone(timedelta(hours=rng.choice((0, 2, 3))))
    return Article(
        url=f"https://www.{site}/news/{i}", canonical_url=f"https://www.{site}/news/{i}",
        title=sentence(rng, 5, 10).rstrip("."), section=rng.choice(SECTIONS), site_name=site, language="ar",
        published=(T0 + timedelta(minutes=37 * i)).astimezone(offset), paragraphs=tuple(paragraphs),
    )


JS_WORDS = ("function", "var", "return", "this", "window", "document", "push", "length", "config", "ads",
            "slot", "render", "event", "listener", "callback", "data", "value", "null", "true", "false")


def _links(rng: random.Random, kind: str, count: int) -> str:
    items = "".join(f'<li class="{kind}-item"><a href="/{kind}/{rng.randint(1, 99999)}">{sentence(rng, 4, 9)}</a></li>'
                    for _ in range(count))
    return f'<ul class="{kind}">{items}</ul>'


@functools.cache
def _chrome(site: str) -> tuple[str, str, str]:
    """A site's own head assets, menu and footer: the same on every page of the site, as in life."""
    rng = random.Random(site)
    size = (40_000, 70_000, 110_000)[SITES.index(site)]
    script: list[str] = []
    while sum(map(len, script)) < size:
        script.append(f"{rng.choice(JS_WORDS)}.{rng.choice(JS_WORDS)}{rng.randint(0, 999)}("
                      f"{rng.choice(JS_WORDS)},{rng.randint(0, 99999)});")
    style = "".join(f".c{n}{{margin:{n % 40}px;color:#{rng.randint(0, 0xFFFFFF):06x}}}" for n in range(300))
    return f"<style>{style}</style><script>{''.join(script)}</script>", _links(rng, "menu", 120), _links(rng, "footer", 60)


def page(rng: random.Random, article: Article) -> str:
    """A full page around `article`: 60-150 KB, most of it the site's chrome."""
    head, menu, footer = _chrome(article.site_name or SITES[0])
    body = "".join(f"<p>{p}</p>" for p in article.paragraphs)
    return f"""<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8">
<title>{article.title} - {article.site_name}</title>
<link rel="canonical" href="{article.canonical_url}">
<meta property="og:site_name" content="{article.site_name}">
<meta property="article:section" content="{article.section}">
<meta property="article:published_time" content="{article.published.isoformat()}">
{head}</head><body>
<header>{menu}</header>
<main><article><h1>{article.title}</h1><time datetime="{article.published.isoformat()}"></time>{body}</article>
<aside>{_links(rng, "related", rng.randint(10, 40))}{_links(rng, "most-read", 20)}</aside></main>
<footer>{footer}<p>جميع الحقوق محفوظة</p></footer></body></html>"""


def pages(n: int, seed: int = 7) -> Iterator[tuple[Article, bytes]]:
    rng = random.Random(seed)
    for i in range(n):
        article = story(rng, i)
        yield article, page(rng, article).encode("utf-8")


def insert(archive: Archive, n: int) -> tuple[float, int, bytes]:
    """Store n pages with their articles (the store's work, without parsing); (pages/s, raw bytes, one page)."""
    raw = 0
    sample = b""
    elapsed = 0.0
    for i, (article, html) in enumerate(pages(n)):
        raw += len(html)
        sample = sample or html
        started = time.perf_counter()
        exchange = FetchResult(article.url, article.url, 200, {"Content-Type": "text/html; charset=utf-8"}, html,
                               T0 + timedelta(days=i))
        with archive.database.writing() as session:
            store_page(session, exchange, article)
        elapsed += time.perf_counter() - started
    return n / elapsed, raw, sample


def warc_bytes(n: int) -> int | None:
    """Size of the same pages as a gzipped WARC, or None without warcio."""
    try:
        from warcio.statusandheaders import StatusAndHeaders
        from warcio.warcwriter import WARCWriter
    except ImportError:
        return None
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    for article, html in pages(n):
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(article.url, "response", payload=io.BytesIO(html),
                                                      http_headers=headers))
    return buffer.tell()


def _percentiles(times: list[float]) -> tuple[float, float]:
    times.sort()
    return statistics.median(times), times[max(0, int(len(times) * 0.95) - 1)]


def search_latency(archive: Archive, count: int) -> tuple[float, float]:
    """p50 and p95 in ms of searches as people make them, top 20 ranked, each with its snippet."""
    rng = random.Random(11)
    queries = []
    for i in range(count):
        # People search for content words: anything but the hundred most common.
        a, b, c = rng.sample(VOCABULARY[100:3000], 3)
        queries.append([a, f"{a} {b}", f'"{a} {b}"', f"{a} OR {b}", f"{a} {b} -{c}", f"title:{a}", f"و{a}"][i % 7])
    times = []
    for query in queries:
        started = time.perf_counter()
        list(archive.search(query, limit=20))
        times.append((time.perf_counter() - started) * 1000)
    return _percentiles(times)


def count_latency(archive: Archive, count: int) -> tuple[float, float]:
    """p50 and max in ms of `count(query, by="day")` over the whole archive."""
    rng = random.Random(13)
    times = []
    for word in rng.sample(VOCABULARY[20:3000], count):
        started = time.perf_counter()
        archive.count(word, by="day")
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), max(times)


def index_bytes(archive: Archive) -> int:
    """The search index's bytes: the analyzed text the articles hold for it, and the index
    (SQLite: the FTS5 tables; PostgreSQL: the tsvector and its GIN index). Found by name, so
    that it also measures an archive made by an older arabnews."""
    columns = [c["name"] for c in sa.inspect(archive.database.engine).get_columns("articles")
               if (c["name"].startswith("search_") or c["name"].endswith("_vector")) and c["name"] != "search_version"]
    with archive.database.reading() as session:
        if archive.database.dialect == "postgresql":
            sizes = " + ".join(f"coalesce(sum(pg_column_size({c})), 0)" for c in columns)
            stored = session.scalar(sa.text(f"SELECT {sizes} FROM articles"))
            indexes = session.scalar(sa.text("SELECT sum(pg_relation_size(indexrelid::regclass)) FROM pg_index "
                                             "JOIN pg_class ON pg_class.oid = indexrelid "
                                             "WHERE relname LIKE 'ix_articles_%vector'"))
            return int(stored + indexes)
        stored = session.scalar(sa.text("SELECT " + " + ".join(f"coalesce(sum(length(CAST({c} AS BLOB))), 0)"
                                                              for c in columns) + " FROM articles"))
        fts = session.scalar(sa.text("SELECT sum(pgsize) FROM dbstat WHERE name LIKE 'articles_fts%'"))
        return int(stored + fts)


def reparse_rate(archive: Archive, sample: int, workers: int) -> float:
    with archive.database.writing() as session:
        session.execute(sa.text("UPDATE articles SET parser_version = '0' WHERE id <= :n"), {"n": sample})
    started = time.perf_counter()
    summary = archive.reparse(workers=workers)
    return summary.pages / (time.perf_counter() - started)


def iteration_memory(archive: Archive) -> tuple[int, float]:
    tracemalloc.start()
    count = sum(1 for _ in archive.articles())
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return count, peak / 2**20


def database_bytes(archive: Archive, folder: Path) -> int:
    if archive.database.dialect != "sqlite":
        with archive.database.reading() as session:
            return int(session.scalar(sa.text("SELECT pg_database_size(current_database())")))
    with archive.database.engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    return sum(p.stat().st_size for p in folder.glob("bench.db*"))


def search_rows(archive: Archive, args: argparse.Namespace) -> list[tuple[str, str]]:
    """The search index's size and the latency of searches and counts, as table rows."""
    if archive.database.dialect == "postgresql":
        with archive.database.writing() as session:
            session.execute(sa.text("ANALYZE articles"))  # as autovacuum would soon: the planner needs statistics
    p50, p95 = search_latency(archive, args.queries)
    count_p50, count_max = count_latency(archive, args.counts)
    return [
        ("search index per page (analyzed text + index)", f"{index_bytes(archive) / args.n / 1024:,.1f} KB"),
        (f"search latency p50 / p95 ({args.queries} queries, top 20, ranked, snippets)", f"{p50:.1f} ms / {p95:.1f} ms"),
        (f"count by day, whole archive, p50 / max ({args.counts} queries)", f"{count_p50:.0f} ms / {count_max:.0f} ms"),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000, help="pages to generate (default 100,000)")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--counts", type=int, default=10, help="count-by-day queries to time")
    parser.add_argument("--reparse", type=int, default=300, help="pages to re-parse per worker setting")
    parser.add_argument("--db", help="database URL (default: a new SQLite file in a temporary folder)")
    parser.add_argument("--filled", action="store_true",
                        help="--db already holds the --n pages of an earlier run: time search only, adding nothing")
    args = parser.parse_args()
    rows: list[tuple[str, str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        with Archive(args.db or str(folder / "bench.db")) as archive:
            if args.filled:
                rows = search_rows(archive, args)
            else:
                rate, raw, _ = insert(archive, args.n)
                rows.append(("insert (store fetch + body + article + index)", f"{rate:,.0f} pages/s"))
                rows.append(("raw HTML per page", f"{raw / args.n / 1024:,.1f} KB"))
                rows.append(("database per page (everything, incl. search index)",
                             f"{database_bytes(archive, folder) / args.n / 1024:,.1f} KB"))
                warc = warc_bytes(args.n)
                if warc is not None:
                    rows.append(("gzipped WARC per page", f"{warc / args.n / 1024:,.1f} KB"))
                rows += search_rows(archive, args)
                sample = min(args.reparse, args.n)
                rows.append((f"re-parse, 1 worker ({sample} pages)", f"{reparse_rate(archive, sample, 1):,.1f} pages/s"))
                rows.append((f"re-parse, 2 workers ({sample} pages)", f"{reparse_rate(archive, sample, 2):,.1f} pages/s"))
                count, peak = iteration_memory(archive)
                rows.append((f"peak traced memory iterating {count:,} articles", f"{peak:,.1f} MiB"))
    rows.append(("process max RSS", f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MiB"))
    table = Table("measure", "value", title=f"archive store benchmark: {args.n:,} pages ({archive.database.dialect})")
    for row in rows:
        table.add_row(*row)
    Console().print(table)


if __name__ == "__main__":
    main()
