"""Crawl commands: crawl a section, fetch single pages, show the frontier."""
from __future__ import annotations

import signal
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlsplit

import click

from arabnews_archive.archive import Archive
from arabnews_archive.cli.common import UserError, db_option, friendly_errors
from arabnews_archive.cli.crawl_progress import CrawlProgress, summary_lines
from arabnews_archive.cli.frontier_report import frontier_counts, frontier_failures
from arabnews_archive.cli.output import emit, output_options
from arabnews_archive.crawl.discover.listing import Explanation
from arabnews_archive.crawl.discover.urls import display
from arabnews_archive.crawl.engine import FINISHED, STOPPED, crawl, queue, work
from arabnews_archive.crawl.explain import explain_listing
from arabnews_archive.crawl.pool import MAX_AUTO_PROCESSES
from arabnews_archive.crawl.settings import CrawlSettings, crawl_settings
from arabnews_archive.fetch.settings import FetchSettings
from arabnews_archive.store.frontier import STATES

COUNT_COLUMNS = ("crawl", "seed", "crawl_state", "kind", *STATES)
FAILURE_COLUMNS = ("crawl", "kind", "state", "reason", "attempts", "url", "updated")
_TEXT_SHOWN = 60  # characters of a link's text shown by --explain


def _http_url(url: str) -> str:
    if urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).netloc:
        raise UserError(f"not an http(s) URL: {url}")
    return url


# Every default below is read from the settings: `FetchSettings` and `CrawlSettings` own them.

def _fetch_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """Who this process says it is, and how gently it fetches."""
    func = click.option("--user-agent", default=FetchSettings.user_agent, show_default=True, metavar="UA",
                        help="User-Agent sent, and matched against robots.txt.")(func)
    return click.option("--delay", type=click.FloatRange(min=0), default=FetchSettings.delay, show_default=True,
                        help="Seconds between requests to one host (robots.txt Crawl-delay can only "
                             "lengthen it).")(func)


def _worker_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """How this process works, whichever crawl it serves."""
    func = click.option("--lease", type=click.FloatRange(min=0, min_open=True), default=CrawlSettings.lease,
                        show_default=True, metavar="S",
                        help="Seconds a claimed URL stays reserved; renewed while the process "
                             "lives, so a dead worker's URLs return to the queue after it.")(func)
    func = click.option("--parse-processes", type=click.IntRange(min=0), metavar="N",
                        help="Processes parsing the fetched pages beside the fetching threads "
                             f"[default: one per spare core, at most {MAX_AUTO_PROCESSES}; 0: parse in this "
                             "process].")(func)
    func = click.option("--concurrency", type=click.IntRange(min=1), default=FetchSettings.concurrency,
                        show_default=True, help="Hosts fetched at once by this process.")(func)
    return _fetch_options(func)


def _settings(options: dict[str, Any]) -> CrawlSettings:
    try:
        return crawl_settings(**{k: v for k, v in options.items() if v is not None})
    except ValueError as exc:
        raise UserError(str(exc)) from exc


@contextmanager
def _stop_on_ctrl_c(stop: threading.Event) -> Iterator[None]:
    """First Ctrl-C: finish the pages in hand and stop. Second: stop at once."""
    def first(signum: int, frame: Any) -> None:
        stop.set()
        click.echo("\nStopping after the current pages (Ctrl-C again to quit at once)...", err=True)
        signal.signal(signal.SIGINT, signal.default_int_handler)

    previous = signal.signal(signal.SIGINT, first)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


@click.command("crawl")
@click.argument("url")
@click.option("--max-pages", type=click.IntRange(min=1), help="Fetch at most N pages this run (all kinds).")
@click.option("--max-depth", type=click.IntRange(min=0), help="Follow the section's pagination at most N pages deep.")
@click.option("--since", metavar="DATE", help="Stop paging back past DATE (YYYY-MM-DD); skip older sitemap entries.")
@click.option("--sitemaps/--no-sitemaps", default=CrawlSettings.sitemaps, show_default=True,
              help="Also use the site's sitemaps and the section's feeds.")
@click.option("--refresh", is_flag=True, help="Revisit known listing pages and articles (conditional requests).")
@click.option("--include", multiple=True, metavar="RE", help="Only URLs matching RE (repeatable; Arabic works).")
@click.option("--exclude", multiple=True, metavar="RE", help="Never URLs matching RE (repeatable).")
@click.option("--queue-only", is_flag=True,
              help="Record the crawl and queue its seed, fetch nothing: `arabnews worker` processes take it up.")
@click.option("--explain", is_flag=True,
              help="Fetch URL only and show each of its links with what a crawl would do with it and why; "
                   "store nothing.")
@_worker_options
@db_option
@friendly_errors
def crawl_command(db: str | None, url: str, queue_only: bool, explain: bool, **options: Any) -> None:
    """Crawl a news section into the archive: its listing pages, their articles, and
    the site's sitemaps and feeds. Ctrl-C stops cleanly; run the same command again
    to resume (nothing finished is fetched twice).

    \b
    Examples:
        arabnews crawl https://www.arabstoday.net/syria-24
        arabnews crawl https://www.arabstoday.net/syria-24 --since 2024-01-01 --max-pages 200
        arabnews crawl https://www.arabstoday.net/syria-24 --refresh
        arabnews crawl https://www.arabstoday.net/syria-24 --db postgresql://host/archive   # on each machine
        arabnews crawl https://www.arabstoday.net/syria-24 --explain   # which links, and why
    """
    _http_url(url)
    settings = _settings(options)
    if explain:
        _print_explanation(explain_listing(url, settings))
        return
    if queue_only:
        with Archive(db) as archive:
            crawl_id = queue(archive.database, url, settings)
        click.echo(f"Crawl {crawl_id} of {url} queued: start `arabnews worker` processes on it")
        return
    stop = threading.Event()
    with Archive(db) as archive, _stop_on_ctrl_c(stop), CrawlProgress(settings.max_pages) as progress:
        summary = crawl(archive.database, url, settings, stop=stop, progress=progress)
    for line in summary_lines(summary):
        click.echo(line)
    if summary.state != FINISHED:
        click.echo(f"Resume with: arabnews crawl {url}" + (f" --db {db}" if db else ""))
    if summary.state == STOPPED:
        sys.exit(130)


def _print_explanation(explanation: Explanation) -> None:
    if explanation.error is not None:
        raise UserError(f"{explanation.url}: {explanation.error}")
    for report in explanation.links:
        click.echo(f"{report.verdict:<13} {display(report.url)}")
        text = f"«{report.text[:_TEXT_SHOWN]}{'…' if len(report.text) > _TEXT_SHOWN else ''}»" if report.text else ""
        detail = "; ".join(report.evidence)
        if text or detail:
            click.echo(f"{'':<14}{text}{'  ' if text and detail else ''}{detail}")
    counts = explanation.counts()
    click.echo(f"{len(explanation.links)} URLs on {display(explanation.url)}: "
               + ", ".join(f"{n} {verdict}" for verdict, n in counts.most_common()))


@click.command("worker")
@click.option("--forever", is_flag=True, help="When the frontier is empty, keep polling it for new crawls.")
@_worker_options
@db_option
@friendly_errors
def worker_command(db: str | None, forever: bool, **options: Any) -> None:
    """Work on every crawl in the archive's frontier until none has anything left (with
    --forever, until stopped). Start one on each machine sharing a PostgreSQL archive;
    each crawl keeps the scope and limits of the `arabnews crawl` that started it.

    \b
    Examples:
        arabnews crawl https://www.arabstoday.net/syria-24 --queue-only --db postgresql://host/archive
        arabnews worker --db postgresql://host/archive
    """
    settings = _settings(options)
    stop = threading.Event()
    with Archive(db) as archive, _stop_on_ctrl_c(stop), CrawlProgress(None) as progress:
        summary = work(archive.database, settings, forever=forever, stop=stop, progress=progress)
    for line in summary_lines(summary):
        click.echo(line)
    if summary.state == STOPPED:
        sys.exit(130)


@click.command("fetch")
@click.argument("urls", nargs=-1, required=True, metavar="URL...")
@_fetch_options
@db_option
@friendly_errors
def fetch_command(db: str | None, urls: tuple[str, ...], user_agent: str, delay: float) -> None:
    """Fetch single pages into the archive: store each response, parse it and save the
    article. robots.txt is obeyed. Exits with status 1 if any page gave no article.

    \b
    Example:
        arabnews fetch https://www.arabstoday.net/507/150204-سوريا-خبر
    """
    for url in urls:
        _http_url(url)
    with Archive(db) as archive:
        pages = archive.fetch(urls, user_agent=user_agent, delay=delay)
    for page in pages:
        if page.article is not None:
            click.echo(f"{page.saved}: article {page.article.id} {page.article.title or ''} <{page.url}>")
        else:
            click.echo(f"Error: {page.url}: {page.error}", err=True)
    if any(page.article is None for page in pages):
        sys.exit(1)


@click.command("frontier")
@click.argument("url", required=False)
@click.option("--failed", is_flag=True, help="List failed and skipped URLs with reasons and attempts.")
@output_options
@db_option
@friendly_errors
def frontier_command(db: str | None, url: str | None, failed: bool, output: str) -> None:
    """Show crawl frontiers: URLs per kind and state for each crawl (or the crawl of URL),
    or with --failed the URLs that failed or were skipped, and why.

    \b
    Examples:
        arabnews frontier
        arabnews frontier https://www.arabstoday.net/syria-24 --failed --csv > failures.csv
    """
    with Archive(db) as archive:
        if failed:
            emit(output, frontier_failures(archive.database, url), FAILURE_COLUMNS,
                 ("crawl", "state", "reason", "attempts", "url"), "failed and skipped")
        else:
            emit(output, frontier_counts(archive.database, url), COUNT_COLUMNS, title="frontier")


def register(main: click.Group) -> None:
    for command in (crawl_command, worker_command, fetch_command, frontier_command):
        main.add_command(command)
