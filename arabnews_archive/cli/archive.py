"""Archive commands: list, search, show, stats, export, import, reparse, db upgrade/current."""
from __future__ import annotations

import shutil
import sys
import textwrap
from collections.abc import Iterable, Iterator
from contextlib import nullcontext
from itertools import islice
from typing import Any, Callable

import click

from arabnews_archive.archive import Archive
from arabnews_archive.article import Article
from arabnews_archive.cli.common import UserError, db_option, friendly_errors
from arabnews_archive.cli.output import emit, output_options, write_csv, write_json, write_jsonl
from arabnews_archive.cli.warc import export_warc_file
from arabnews_archive.store.articles import is_doubtful
from arabnews_archive.store.models import DOUBTFUL_BELOW

# CSV and table columns: the Article's fields, with the paragraphs as one `body` text.
ARTICLE_COLUMNS = (
    "id", "url", "canonical_url", "title", "dateline", "published", "updated", "authors", "section",
    "tags", "description", "image", "images", "language", "site_name", "extraction", "confidence",
    "parser_version", "body",
)
TABLE_COLUMNS = ("id", "published", "site_name", "section", "title")
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


def _records(articles: Iterable[Article]) -> Iterator[dict[str, Any]]:
    return (article.to_dict() for article in articles)


def _show_articles(output: str, articles: Iterable[Article], title: str,
                   table_columns: tuple[str, ...] = TABLE_COLUMNS) -> None:
    records = _records(articles)
    if output == "table":
        records = ({**r, "published": (r["published"] or "")[:10]} for r in records)
    emit(output, records, ARTICLE_COLUMNS, table_columns, title)


@click.command("list")
@filter_options
@click.option("--doubtful", is_flag=True, help=DOUBTFUL_HELP)
@click.option("--extraction", metavar="PATH",
              help="Only articles whose body came from PATH: main, fallback, json-ld or none.")
@click.option("--limit", type=click.IntRange(min=1), help="Show at most N articles.")
@output_options
@db_option
@friendly_errors
def list_command(db: str | None, output: str, limit: int | None, doubtful: bool, extraction: str | None,
                 **filters: Any) -> None:
    """List archived articles, oldest stored first.

    \b
    Examples:
        arabnews list --site aljazeera.net --since 2024-01-01
        arabnews list --section سياسة --nl > politics.jsonl
        arabnews list --doubtful --site aljazeera.net     # worth checking
    """
    with Archive(db) as archive:
        articles: Iterable[Article] = archive.articles(**filters, doubtful=doubtful, extraction=extraction)
        if limit:
            articles = islice(articles, limit)
        by_extraction = doubtful or extraction is not None
        _show_articles(output, articles, "doubtful articles" if doubtful else "articles",
                       EXTRACTION_COLUMNS if by_extraction else TABLE_COLUMNS)


# Unknown options pass through so that an exclusion such as -word is part of the query.
@click.command("search", context_settings={"ignore_unknown_options": True})
@click.argument("query", nargs=-1, required=True, type=click.UNPROCESSED)
@filter_options
@click.option("--limit", type=click.IntRange(min=1), default=20, show_default=True, help="Show at most N results.")
@output_options
@db_option
@friendly_errors
def search_command(db: str | None, output: str, query: tuple[str, ...], limit: int, **filters: Any) -> None:
    """Search articles, best match first. Spelling variants match (أحمد = احمد, ة = ه, ى = ي,
    tashkeel ignored, ٢٠٢٤ = 2024).

    \b
    QUERY:  words are ANDed;  "an exact phrase";  word OR word;  -word or -"phrase" excludes.
    Examples:
        arabnews search 'الانتخابات "مجلس النواب" -الكويت'
        arabnews search 'غزة OR القدس' --since 2024-05-01 --json
    """
    with Archive(db) as archive:
        text = " ".join(query)
        _show_articles(output, archive.search(text, limit=limit, **filters), f"results for {text}")


def _wrap_width() -> int:
    return max(40, min(shutil.get_terminal_size().columns, 100))


def _extraction(article: Article) -> str:
    """ "fallback, confidence 0.30 (doubtful)", or "unknown" for a parser that did not say."""
    doubtful = is_doubtful(article)
    if doubtful is None:
        return "unknown (parsed before extraction was recorded)"
    parts = [article.extraction] if article.extraction else []
    parts += [f"confidence {article.confidence:.2f}"] if article.confidence is not None else []
    return ", ".join(parts) + (" (doubtful)" if doubtful else "")


def _readable(article: Article) -> str:
    meta = [
        ("URL", article.canonical_url or article.url), ("Site", article.site_name),
        ("Published", article.published and article.published.isoformat()),
        ("Updated", article.updated and article.updated.isoformat()), ("Dateline", article.dateline),
        ("Authors", ", ".join(article.authors)), ("Section", article.section), ("Tags", ", ".join(article.tags)),
        ("Extraction", _extraction(article)), ("Id", str(article.id)), ("Parser", article.parser_version),
    ]
    width = _wrap_width()
    lines = [article.title or "(no title)", ""]
    lines += [f"{label}: {value}" for label, value in meta if value]
    if article.description:
        lines += ["", textwrap.fill(article.description, width)]
    for paragraph in article.paragraphs:
        lines += ["", textwrap.fill(paragraph, width)]
    return "\n".join(lines)


@click.command("show")
@click.argument("url_or_id")
@click.option("--json", "as_json", is_flag=True, help="Print the article as JSON.")
@db_option
@friendly_errors
def show_command(db: str | None, url_or_id: str, as_json: bool) -> None:
    """Show one article by its id or URL: title, dates, authors, how its body was
    extracted (path, the parser's confidence, whether it is doubtful), then the text.

    \b
    Examples:
        arabnews show 42
        arabnews show https://www.aljazeera.net/news/2024/1/2/story --json
    """
    with Archive(db) as archive:
        article = archive.get(url_or_id)
        if article is None:
            raise UserError(f"no article with id or URL {url_or_id}")
        if as_json:
            write_json([{**article.to_dict(), "doubtful": is_doubtful(article)}], sys.stdout)
        else:
            click.echo(_readable(article))
        revisions = archive.revisions(article.id)  # type: ignore[arg-type]
    if revisions and not as_json:
        click.echo(f"\n({len(revisions)} earlier version(s) kept; last superseded {revisions[-1].superseded_at:%Y-%m-%d})")


@click.command("stats")
@output_options
@db_option
@friendly_errors
def stats_command(db: str | None, output: str) -> None:
    """Show what the archive holds: totals, articles per extraction path (how many of them
    doubtful, the parser's mean confidence), then articles per site. --csv and --nl give
    the sites; --json everything.

    \b
    Examples:
        arabnews stats
        arabnews stats --json
    """
    with Archive(db) as archive:
        stats = archive.stats()
    if output == "json":
        write_json([stats], sys.stdout)
        return
    site_columns = ("site", "name", "articles", "first_published", "last_published", "last_seen")
    if output == "table":
        totals = stats["totals"]
        emit(output, [{"what": k.replace("_", " "), "value": v} for k, v in totals.items()], ("what", "value"),
             title=f"archive {archive.url}")
        emit(output, [{**path, "extraction": path["extraction"] or "unknown (older parser)"}
                      for path in stats["extraction"]],
             ("extraction", "articles", "doubtful", "mean_confidence"), title="extraction")
    emit(output, stats["sites"], site_columns, title="sites")


@click.command("export")
@filter_options
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv", "warc"]), default="jsonl", show_default=True)
@click.option("-o", "--output", "path", type=click.Path(dir_okay=False, writable=True), help="Write to FILE, not stdout.")
@db_option
@friendly_errors
def export_command(db: str | None, fmt: str, path: str | None, **filters: Any) -> None:
    """Export articles as JSON Lines or CSV (UTF-8; the CSV starts with a BOM so Excel shows Arabic).

    \b
    Examples:
        arabnews export --format jsonl -o archive.jsonl
        arabnews export --format csv --site aljazeera.net --since 2024-01-01 -o 2024.csv
        arabnews export --format warc -o fetches.warc.gz   # raw fetches; dates are fetch times
    """
    if fmt == "warc":  # the stored fetches, not the articles: see docs/warc.md
        return export_warc_file(db, path, **filters)
    with Archive(db) as archive:
        opened = open(path, "w", encoding="utf-8", newline="") if path else nullcontext(sys.stdout)
        with opened as stream:
            records = _records(archive.articles(**filters))
            count = write_csv(records, ARTICLE_COLUMNS, stream, bom=True) if fmt == "csv" else write_jsonl(records, stream)
    if path:
        click.echo(f"exported {count} articles to {path}", err=True)


@click.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("--url", help="The page's URL when no sidecar or canonical link gives one.")
@db_option
@friendly_errors
def import_command(db: str | None, paths: tuple[str, ...], url: str | None) -> None:
    """Import saved HTML pages (files or folders): store each raw page and its parsed article.

    A page's URL comes from FILE.json ({"url": ...}), else FILE.url, else the page's
    canonical link, else --url.

    \b
    Examples:
        arabnews import saved-pages/
        arabnews import page.html --url https://www.example.com/news/1
    """
    stored = failed = 0
    with Archive(db) as archive:
        for result in archive.import_files(paths, url=url):
            if result.article is None:
                failed += 1
                click.echo(f"skipped {result.path}: {result.error}", err=True)
            else:
                stored += 1
                click.echo(f"{result.article.id}\t{result.path}\t{result.article.title or ''}")
    click.echo(f"imported {stored} page(s)" + (f", {failed} skipped" if failed else ""), err=True)
    if failed and not stored:
        raise UserError("no page could be imported")


@click.command("reparse")
@click.option("--all", "all_pages", is_flag=True,
              help="Re-parse every article and stored page without one, not only what this parser has not done.")
@click.option("--doubtful", is_flag=True,
              help="Only the doubtful articles (see `list --doubtful`) an older parser made (every one with --all).")
@click.option("--site", metavar="HOST", help="Only this site.")
@click.option("--since", metavar="DATE", help="Only pages fetched on or after DATE.")
@click.option("--workers", type=click.IntRange(min=1), default=1, show_default=True, help="Parser processes.")
@db_option
@friendly_errors
def reparse_command(db: str | None, all_pages: bool, doubtful: bool, site: str | None, since: str | None,
                    workers: int) -> None:
    """Re-parse stored pages with the current parser and report what changed, field by field.

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
    with Archive(db) as archive:
        summary = archive.reparse(every_version=all_pages, doubtful=doubtful, site=site, since=since, workers=workers,
                                  progress=sys.stderr.isatty())
    click.echo(f"re-parsed {summary.pages} page(s), {summary.errors} error(s)")
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
@friendly_errors
def db_upgrade(db: str | None) -> None:
    """Bring the database schema up to this version of arabnews (creates an empty database).

    \b
    Example:
        arabnews db upgrade --db ~/news.db
    """
    from arabnews_archive.store.database import inspect_database, open_database

    open_database(db).close()
    _, current, _, _ = inspect_database(db)
    click.echo(f"database is at revision {current} (head)")


@db_group.command("current")
@db_option
@friendly_errors
def db_current(db: str | None) -> None:
    """Print the database's schema revision and this code's head revision, changing nothing.

    \b
    Example:
        arabnews db current
    """
    from arabnews_archive.store.database import display_url, inspect_database

    url, current, head, state = inspect_database(db)
    meaning = {
        "current": "up to date", "empty": "empty: any command initialises it", "outdated": "opening it upgrades it",
        "newer": "newer than this arabnews: upgrade arabnews", "foreign": "not an arabnews database",
    }[state]
    click.echo(f"{display_url(url)}: revision {current or '(none)'}, head {head}: {meaning}")


def register(main: click.Group) -> None:
    for command in (list_command, search_command, show_command, stats_command, export_command,
                    import_command, reparse_command, db_group):
        main.add_command(command)
