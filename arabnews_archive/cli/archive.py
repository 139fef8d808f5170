"""Archive commands: list, search, show, stats, export, import, reparse, db upgrade/current.

Each is one `Archive` method: `list` is `articles()`, `search` is `search()`, `show` is
`get()`, `stats` is `stats()`, `export` is `export()` (or `export_warc()`), `import` is
`import_files()`, `reparse` is `reparse()`, `db current` is `Archive.inspect()` and
`db upgrade` is `Archive.upgrade()`. The reading commands open the archive with
``create=False``: a mistyped path is an error, never a new archive.
"""
from __future__ import annotations

import sys
from typing import Any, Callable

import click

import arabnews_archive.formats as formats
from arabnews_archive.archive import ARTICLE_COLUMNS, DOUBTFUL_BELOW, SORTS, Archive
from arabnews_archive.cli.common import UserError, db_option, plural
from arabnews_archive.cli.output import (
    CSV, JSON, NL, TABLE, WARC, article_text, emit, format_alias, marked, output_options, text_width,
)
from arabnews_archive.query.counts import BUCKETS, Count
from arabnews_archive.query.search import ORDERS
from arabnews_archive.cli.progress import ReparseProgress

TABLE_COLUMNS = ("id", "published", "site_name", "section", "title")
SEARCH_COLUMNS = ("id", "published", "site_name", "title", "snippet")
# What a listing by extraction shows besides: the path and how sure the parser was.
EXTRACTION_COLUMNS = (*TABLE_COLUMNS, "extraction", "confidence")
DOUBTFUL_HELP = (
    f"Only doubtful articles: the parser found no story (extraction none) or is less than "
    f"{DOUBTFUL_BELOW} sure the body is the whole story. Articles from a parser that did not "
    f"record it are unknown, never doubtful."
)


def filter_options(func: Callable) -> Callable:
    """--site, --section, --since, --until: the filters every listing shares."""
    for option in reversed((
        click.option("--site", metavar="HOST", help="Only this site (host name, e.g. aljazeera.net)."),
        click.option("--section", metavar="NAME", help="Only this section, as the site names it."),
        click.option("--since", metavar="DATE", help="Published on or after DATE (YYYY-MM-DD or ISO 8601)."),
        click.option("--until", metavar="DATE", help="Published on or before DATE."),
    )):
        func = option(func)
    return func


def existing(db: str | None) -> Archive:
    """The archive a command that only reads (or re-parses) opens: it must exist."""
    return Archive(db, create=False)


def _show_articles(output: str, articles: Any, title: str, table_columns: tuple[str, ...] = TABLE_COLUMNS) -> None:
    records: Any = (article.to_dict() for article in articles)
    if output == TABLE:
        records = ({**r, "published": (r["published"] or "")[:10]} for r in records)
    emit(output, records, ARTICLE_COLUMNS, table_columns, title)


@click.command("list")
@filter_options
@click.option("--doubtful", is_flag=True, help=DOUBTFUL_HELP)
@click.option("--extraction", metavar="PATH",
              help="Only articles whose body came from PATH: main, fallback, json-ld or none.")
@click.option("--sort", type=click.Choice(SORTS), default="newest", show_default=True,
              help="newest or oldest published first (undated last), or in the order stored.")
@click.option("--limit", type=click.IntRange(min=1), help="Show at most N articles.")
@output_options()
@db_option
def list_command(db: str | None, output: str, **options: Any) -> None:
    """List archived articles, newest first. Python: Archive.articles(...).

    \b
    Examples:
        arabnews list --site aljazeera.net --since 2024-01-01 --limit 20
        arabnews list --section سياسة --nl > politics.jsonl
        arabnews list --doubtful --site aljazeera.net     # worth checking
        arabnews list --sort oldest --csv > all.csv
    """
    with existing(db) as archive:
        by_extraction = options["doubtful"] or options["extraction"] is not None
        _show_articles(output, archive.articles(**options), "doubtful articles" if options["doubtful"] else "articles",
                       EXTRACTION_COLUMNS if by_extraction else TABLE_COLUMNS)


# Unknown options pass through so that an exclusion such as -word is part of the query.
@click.command("search", context_settings={"ignore_unknown_options": True})
@click.argument("query", nargs=-1, required=True, type=click.UNPROCESSED)
@filter_options
@click.option("--sort", type=click.Choice(ORDERS), default="relevance", show_default=True,
              help="Best match first (a headline match above one in the text, then newest), or by date.")
@click.option("--limit", type=click.IntRange(min=1), default=20, show_default=True, help="Show at most N results.")
@click.option("--count-by", type=click.Choice(BUCKETS),
              help="Instead of articles: how many match per day, week, month, site or section, beside each "
                   "bucket's total and the ratio.")
@click.option("--compare", "others", metavar="QUERY", multiple=True,
              help="With --count-by: another query counted side by side (repeat for more).")
@click.option("--collapse-stories", is_flag=True,
              help="One result per story (its best match), not every wire copy of it; with --count-by, "
                   "count stories, not articles.")
@output_options()
@db_option
def search_command(db: str | None, output: str, query: tuple[str, ...], sort: str, limit: int,
                   count_by: str | None, others: tuple[str, ...], collapse_stories: bool, **filters: Any) -> None:
    """Search articles, best match first, each with the passage that shows why (matches in
    bold). A word finds itself with clitics attached (سوريا finds بسوريا and لسوريا) and
    spelling variants (أحمد = احمد, ة = ه, ى = ي, tashkeel ignored, ٢٠٢٤ = 2024).
    Python: Archive.search(query, ...), Archive.count(queries, by=...).

    \b
    QUERY:  words are ANDed (AND may be written);  word OR word;  -word or NOT word excludes;
            "quoted words" match as printed (no clitics), in order;
            title:WORD  author:WORD  section:WORD  site:HOST  (-site:HOST leaves one out).
    Examples:
        arabnews search 'الانتخابات "مجلس النواب" -الكويت'
        arabnews search 'غزة OR القدس' --since 2024-05-01 --json
        arabnews search 'title:ترامب site:aljazeera.net' --sort newest
        arabnews search غزة --compare أوكرانيا --count-by month --csv
        arabnews search 'وقف إطلاق النار' --collapse-stories    # one line per story
    """
    text = " ".join(query)
    with existing(db) as archive:
        if count_by:
            queries = [text, *others]
            columns = ("bucket", "total", *(column for q in queries for column in (q, f"{q} ratio")))
            counts = archive.count(queries, by=count_by, stories=collapse_stories, **filters)
            emit(output, side_by_side(counts), columns,
                 title=f"{'stories' if collapse_stories else 'articles'} per {count_by}")
            return
        if others:
            raise UserError("--compare counts queries side by side: give --count-by too")
        hits = archive.search(text, limit=limit, sort=sort, collapse_stories=collapse_stories, **filters)
        records: Any = (hit.to_dict() for hit in hits)
        if output == TABLE:
            records = ({**r, "published": (r["published"] or "")[:10], "snippet": marked(r["snippet"], r["highlights"])}
                       for r in records)
        found = emit(output, records, (*ARTICLE_COLUMNS, "snippet", "highlights"), SEARCH_COLUMNS,
                     f"results for {text}")
        if not found:
            unmatched = archive.unmatched(text, **filters)
            click.echo(f"no article has {', '.join(unmatched)}" if unmatched else
                       "each word is found, but no article has them all", err=True)


def side_by_side(counts: list[Count]) -> list[dict[str, Any]]:
    """One record per bucket: its total, then each query's matches and ratio (columns "Q" and
    "Q ratio"), as a researcher compares them."""
    rows: dict[Any, dict[str, Any]] = {}
    for count in counts:
        row = rows.setdefault(count.bucket, {"bucket": count.bucket, "total": count.total})
        row[count.query or ""] = count.matches
        row[f"{count.query} ratio"] = round(count.ratio, 4)
    return list(rows.values())


@click.command("show")
@click.argument("url_or_id")
@click.option("--json", "as_json", is_flag=True, help="Print the article as one JSON object.")
@db_option
def show_command(db: str | None, url_or_id: str, as_json: bool) -> None:
    """Show one article by its id or URL: title, dates, authors, agencies, how its body was
    extracted (path, the parser's confidence, whether it is doubtful), then the text, and
    the other copies of its story. Python: Archive.get(url_or_id), Archive.story(url_or_id).

    \b
    Examples:
        arabnews show 42
        arabnews show https://www.aljazeera.net/news/2024/1/2/story --json
    """
    with existing(db) as archive:
        article = archive.get(url_or_id)
        if article is None:
            raise UserError(f"no article with id or URL {url_or_id} (find one with: arabnews list or arabnews search)")
        story = archive.story(article.id)  # type: ignore[arg-type]
        siblings = [] if story is None else [
            {"id": a.id, "site": host, "published": when.isoformat(), "title": a.title, "url": a.url}
            for a, host, when in zip(story.articles, story.hosts, story.times) if a.id != article.id
        ]
        if as_json:
            formats.write_object({**article.to_dict(), "doubtful": Archive.is_doubtful(article), "story": siblings},
                                 sys.stdout)
            return
        click.echo(article_text(article, text_width()))
        revisions = archive.revisions(article.id)  # type: ignore[arg-type]
    if revisions:
        click.echo(f"\n({plural(len(revisions), 'earlier version')} kept; "
                   f"last superseded {revisions[-1].superseded_at:%Y-%m-%d})")
    if siblings:
        first = "this article is the first source" if story and story.first.id == article.id else \
            f"first source: {story.hosts[0]}" if story else ""
        click.echo(f"\nstory {article.story_id}: {plural(len(siblings), 'other copy', 'other copies')}, {first}")
        for sibling in siblings:
            click.echo(f"  {sibling['id']}\t{sibling['published'][:16].replace('T', ' ')}\t{sibling['site']}\t"
                       f"{sibling['title'] or ''}")


@click.command("stats")
@output_options()
@db_option
def stats_command(db: str | None, output: str) -> None:
    """Show what the archive holds: totals, articles per extraction path (how many of them
    doubtful, the parser's mean confidence), then articles per site. --csv and --nl give
    the sites; --json everything. Python: Archive.stats().

    \b
    Examples:
        arabnews stats
        arabnews stats --json
    """
    with existing(db) as archive:
        stats = archive.stats()
    if output == JSON:
        formats.write_object(stats, sys.stdout)
        return
    site_columns = ("site", "name", "articles", "first_published", "last_published", "last_seen")
    if output == TABLE:
        totals = stats["totals"]
        emit(output, [{"what": k.replace("_", " "), "value": v} for k, v in totals.items()], ("what", "value"),
             title=f"archive {archive.url}")
        emit(output, [{**path, "extraction": path["extraction"] or "unknown (older parser)"}
                      for path in stats["extraction"]],
             ("extraction", "articles", "doubtful", "mean_confidence"), title="extraction")
    emit(output, stats["sites"], site_columns, title="sites")


@click.command("export")
@filter_options
@output_options(default=NL, flags=(NL, CSV, JSON, WARC))
@format_alias({"jsonl": NL, "csv": CSV, "json": JSON, "warc": WARC})
@click.option("-o", "--output", "path", type=click.Path(dir_okay=False, writable=True), help="Write to FILE, not stdout.")
@db_option
def export_command(db: str | None, output: str, path: str | None, **filters: Any) -> None:
    """Export articles as JSON Lines (the default), CSV or JSON: UTF-8, Arabic as text; the CSV
    starts with a BOM so Excel shows Arabic. --warc writes the raw fetches instead.
    Python: Archive.export(path, "nl"|"csv"|"json", ...), Archive.export_warc(path, ...).

    \b
    Examples:
        arabnews export -o archive.jsonl
        arabnews export --csv --site aljazeera.net --since 2024-01-01 -o 2024.csv
        arabnews export --warc -o fetches.warc.gz   # raw fetches; dates are fetch times
    """
    if output == WARC:  # the stored fetches, not the articles: see docs/warc.md
        from arabnews_archive.cli.warc import export_warc_file

        return export_warc_file(db, path, **filters)
    with existing(db) as archive:
        count = archive.export(path or sys.stdout, output, **filters)
    if path:
        click.echo(f"exported {plural(count, 'article')} to {path}", err=True)


@click.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("--url", help="The page's URL when no sidecar or canonical link gives one.")
@db_option
def import_command(db: str | None, paths: tuple[str, ...], url: str | None) -> None:
    """Import saved HTML pages (files or folders): store each raw page and its article.
    Python: Archive.import_files(paths, url=...).

    A page's URL comes from FILE.json ({"url": ...}), else FILE.url, else the page's
    canonical link (a relative one resolved against --url), else --url. A page that
    holds no article (no story, a listing page) is kept without one and said so on one
    line. The exit status is 1 when no page gave an article.

    \b
    Examples:
        arabnews import saved-pages/
        arabnews import page.html --url https://www.example.com/news/1
    """
    articles = kept = skipped = 0
    with Archive(db) as archive:
        for page in archive.import_files(paths, url=url):
            if page.article is not None:
                articles += 1
                click.echo(f"{page.article.id}\t{page.source}\t{page.article.title or ''}")
            elif page.fetch_id is not None:
                kept += 1
                click.echo(f"{page.source}: {page.reason}; the page is kept without one", err=True)
            else:
                skipped += 1
                click.echo(f"skipped {page.source}: {page.reason}", err=True)
    click.echo(f"imported {plural(articles, 'article')}" + (f", {plural(kept, 'page')} without one" if kept else "")
               + (f", {skipped} skipped" if skipped else ""), err=True)
    if not articles:
        raise UserError("no article in the pages given")


@click.command("reparse")
@click.option("--all", "all_pages", is_flag=True,
              help="Re-parse every article and stored page without one, not only what this parser has not done.")
@click.option("--doubtful", is_flag=True,
              help="Only the doubtful articles (see `list --doubtful`) an older parser made (every one with --all).")
@click.option("--site", metavar="HOST", help="Only this site.")
@click.option("--since", metavar="DATE", help="Only pages fetched on or after DATE.")
@click.option("--workers", type=click.IntRange(min=1), default=1, show_default=True, help="Parser processes.")
@db_option
def reparse_command(db: str | None, all_pages: bool, doubtful: bool, site: str | None, since: str | None,
                    workers: int) -> None:
    """Re-parse stored pages with the current parser and report what changed, field by field.
    Python: Archive.reparse(...).

    Articles made by an older parser are re-parsed from their stored page. Stored pages
    without an article (article pages in which an older parser found no story; not
    listings, feeds, sitemaps, redirects or errors) are parsed too: each story found now
    becomes an article ("new articles: N"). No network is used.

    Safe to interrupt: finished batches are kept and the next run carries on.

    \b
    Examples:
        arabnews reparse --workers 2
        arabnews reparse --all --site aljazeera.net
        arabnews reparse --doubtful
    """
    with existing(db) as archive, ReparseProgress() as progress:
        summary = archive.reparse(every_version=all_pages, doubtful=doubtful, site=site, since=since, workers=workers,
                                  progress=progress)
    click.echo(f"re-parsed {plural(summary.pages, 'page')}, {plural(summary.errors, 'error')}")
    for line in summary.lines():
        click.echo(f"  {line}")
    for sample in summary.error_samples:
        click.echo(f"  error: {sample}", err=True)


@click.group("db")
def db_group() -> None:
    """Database schema: show its revision, or upgrade it.

    \b
    Examples:
        arabnews db current --db postgresql://user@host/arabnews
        arabnews db upgrade
    """


@db_group.command("upgrade")
@db_option
def db_upgrade(db: str | None) -> None:
    """Bring the database schema up to this version of arabnews (creates an empty database).
    Python: Archive.upgrade(db).

    \b
    Example:
        arabnews db upgrade --db ~/news.db
    """
    schema = Archive.upgrade(db)
    click.echo(f"database is at revision {schema.revision} (head)")


@db_group.command("current")
@db_option
def db_current(db: str | None) -> None:
    """Print the database's schema revision and this code's head revision, changing nothing.
    Python: Archive.inspect(db).

    \b
    Example:
        arabnews db current
    """
    click.echo(Archive.inspect(db).line())


def register(main: click.Group) -> None:
    for command in (list_command, search_command, show_command, stats_command, export_command,
                    import_command, reparse_command, db_group):
        main.add_command(command)
