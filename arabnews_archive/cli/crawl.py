"""Crawl commands: crawl a section, fetch single pages, show the frontier.

`crawl` is `Archive.crawl()` (`--queue-only`: `Archive.queue()`, `--explain`:
`Archive.explain()`), `worker` is `Archive.work()`, `fetch` is `Archive.fetch()`, `frontier`
is `Archive.frontier()`. Ctrl-C or SIGTERM ends a crawl after the pages in hand, with its
report.
"""
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
from arabnews_archive.archive_crawl import FAILURE_COLUMNS, FRONTIER_COLUMNS
from arabnews_archive.cli.common import INTERRUPTED, TERMINATED, UserError, db_option
from arabnews_archive.cli.output import emit, output_options
from arabnews_archive.cli.progress import CrawlProgress, summary_lines
from arabnews_archive.crawl.discover.listing import Explanation
from arabnews_archive.crawl.discover.urls import display
from arabnews_archive.crawl.engine import FINISHED, SEED_FAILED, STOPPED
from arabnews_archive.crawl.settings import CrawlSettings, crawl_settings
from arabnews_archive.fetch.errors import (
    CONNECTION_REFUSED, DNS_FAILED, HOST_NOT_FOUND, HOST_UNREACHABLE, NETWORK_UNREACHABLE,
)
from arabnews_archive.fetch.policy import url_problem
from arabnews_archive.fetch.polite_fetcher import DISALLOWED
from arabnews_archive.fetch.settings import FetchSettings
from arabnews_archive.pool import MAX_AUTO_PROCESSES

_TEXT_SHOWN = 60  # characters of a link's text shown by --explain


def _http_url(url: str) -> str:
    problem = url_problem(url)
    if problem is not None:
        raise UserError(f"not an http(s) URL: {url} ({problem})")
    return url


# Every default below is read from the settings: `FetchSettings` and `CrawlSettings` own them.

def _fetch_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """Who this process says it is, and how gently and how long it fetches."""
    func = click.option("--deadline", type=click.FloatRange(min=0, min_open=True), default=FetchSettings.deadline,
                        show_default=True, metavar="S",
                        help="Seconds one page may take in all (redirects and retries included); a slower "
                             "one fails and is tried again later.")(func)
    func = click.option("--user-agent", default=FetchSettings.user_agent, show_default=True, metavar="UA",
                        help="User-Agent sent, and matched against robots.txt.")(func)
    return click.option("--delay", type=click.FloatRange(min=0), default=FetchSettings.delay, show_default=True,
                        help="Seconds between requests to one host (robots.txt Crawl-delay can only "
                             "lengthen it).")(func)


def _worker_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """How this process works, whichever crawl it serves, and how often it retries a URL."""
    func = click.option("--retry-wait", type=click.FloatRange(min=0), default=CrawlSettings.retry_wait,
                        show_default=True, metavar="S",
                        help="Seconds before a URL that failed for a passing reason is tried again.")(func)
    func = click.option("--max-attempts", type=click.IntRange(min=1), default=CrawlSettings.max_attempts,
                        show_default=True, metavar="N",
                        help="Requests per URL over all rounds before a passing failure counts as failed.")(func)
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


def _private_option(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--allow-private-addresses", is_flag=True, default=FetchSettings.allow_private_addresses,
                        help="Also fetch from loopback, private, link-local and cloud metadata addresses (refused "
                             "by default unless the URL given is itself at one; docs/security.md).")(func)


def _options(options: dict[str, Any]) -> dict[str, Any]:
    """The options given (None: not given, the settings' default applies), checked here so
    that a bad one is the user's one-line error and not a failure of the crawl."""
    given = {k: v for k, v in options.items() if v is not None}
    try:
        crawl_settings(**given)
    except ValueError as exc:
        raise UserError(str(exc)) from exc
    return given


@contextmanager
def _stop_on_signals(stop: threading.Event) -> Iterator[list[int]]:
    """First Ctrl-C or SIGTERM: finish the pages in hand, stop, report. A second Ctrl-C stops
    at once. Yields the signals received, for the exit status."""
    received: list[int] = []

    def first(signum: int, frame: Any) -> None:
        received.append(signum)
        stop.set()
        again = "Ctrl-C again" if signum == signal.SIGINT else "send it again"
        click.echo(f"\nStopping after the current pages ({again} to quit at once)...", err=True)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)

    previous = {sig: signal.signal(sig, first) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield received
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _exit_status(state: str, received: list[int]) -> None:
    if state == STOPPED or received:
        sys.exit(TERMINATED if received and received[0] == signal.SIGTERM else INTERRUPTED)


@click.command("crawl")
@click.argument("url")
@click.option("--max-pages", type=click.IntRange(min=1), help="Fetch at most N pages this run (all kinds).")
@click.option("--max-depth", type=click.IntRange(min=0), help="Follow the section's pagination at most N pages deep.")
@click.option("--since", metavar="DATE", help="Stop paging back past DATE (YYYY-MM-DD); skip older sitemap entries.")
@click.option("--sitemaps/--no-sitemaps", default=CrawlSettings.sitemaps, show_default=True,
              help="Also use the site's sitemaps and the section's feeds.")
@click.option("--refresh", is_flag=True, help="Revisit known listing pages and articles (conditional requests).")
@click.option("--retry-failed", is_flag=True, default=CrawlSettings.retry_failed,
              help="Also queue again the URLs that failed in earlier runs. Without it a run resumes and "
                   "fetches nothing twice; a seed that failed is retried in any case.")
@click.option("--max-sitemap-depth", type=click.IntRange(min=0), default=CrawlSettings.max_sitemap_depth,
              show_default=True, metavar="N", help="Levels of sitemap indexes followed below the site's own sitemaps.")
@click.option("--include", multiple=True, metavar="RE", help="Only URLs matching RE (repeatable; Arabic works).")
@click.option("--exclude", multiple=True, metavar="RE", help="Never URLs matching RE (repeatable).")
@click.option("--queue-only", is_flag=True,
              help="Record the crawl and queue its seed, fetch nothing: `arabnews worker` processes take it up.")
@click.option("--explain", is_flag=True,
              help="Fetch URL only and show each of its links with what a crawl would do with it and why; "
                   "store nothing.")
@_worker_options
@_private_option
@db_option
def crawl_command(db: str | None, url: str, queue_only: bool, explain: bool, **options: Any) -> None:
    """Crawl a news section into the archive: its listing pages, their articles, and
    the site's sitemaps and feeds. Ctrl-C (or SIGTERM) stops cleanly with a report; run the
    same command again to resume (nothing finished is fetched twice). If the section page
    itself cannot be fetched, one line says why and the exit status is 1.
    Python: Archive.crawl(url, ...), Archive.queue(url, ...), Archive.explain(url, ...).

    \b
    Examples:
        arabnews crawl https://www.arabstoday.net/syria-24
        arabnews crawl https://www.arabstoday.net/syria-24 --since 2024-01-01 --max-pages 200
        arabnews crawl https://www.arabstoday.net/syria-24 --refresh
        arabnews crawl https://www.arabstoday.net/syria-24 --db postgresql://host/archive   # on each machine
        arabnews crawl https://www.arabstoday.net/syria-24 --explain   # which links, and why
    """
    _http_url(url)
    given = _options(options)
    if explain:
        _print_explanation(Archive.explain(url, **{k: v for k, v in given.items() if k in _EXPLAIN}))
        return
    if queue_only:
        with Archive(db) as archive:
            crawl_id = archive.queue(url, **{k: v for k, v in given.items() if k in _QUEUE})
        click.echo(f"Crawl {crawl_id} of {display(url)} queued: start `arabnews worker` processes on it")
        return
    stop = threading.Event()
    with Archive(db) as archive, _stop_on_signals(stop) as received, \
            CrawlProgress(given.get("max_pages")) as progress:
        summary = archive.crawl(url, stop=stop, progress=progress, **given)
    if summary.state == SEED_FAILED and not received:
        raise UserError(seed_failure(url, summary.error or ""))
    for line in summary_lines(summary):
        click.echo(line)
    if summary.state != FINISHED:
        click.echo(f"Resume with: arabnews crawl {url}" + (f" --db {db}" if db else ""))
    _exit_status(summary.state, received)


# What --queue-only and --explain take of the crawl's options: `Archive.queue` and `Archive.explain`.
_QUEUE = frozenset({"max_pages", "max_depth", "since", "sitemaps", "refresh", "include", "exclude", "retry_failed",
                    "max_sitemap_depth", "allow_private_addresses"})
_EXPLAIN = frozenset({"include", "exclude", "user_agent", "deadline", "allow_private_addresses"})


def seed_failure(url: str, reason: str) -> str:
    """The one line saying why a crawl could not start, and what to try."""
    if reason in (HOST_NOT_FOUND, DNS_FAILED, CONNECTION_REFUSED, NETWORK_UNREACHABLE, HOST_UNREACHABLE):
        return (f"could not reach {urlsplit(url).hostname}: {reason}; check the address and the network "
                f"connection, then run the same command again")
    if reason == DISALLOWED:
        return f"{display(url)}: {reason} for our user agent; this section cannot be crawled"
    hint = "check the address" if reason.startswith("HTTP 4") else "run the same command again to retry"
    return f"could not fetch {display(url)}: {reason}; {hint}"


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
def worker_command(db: str | None, forever: bool, **options: Any) -> None:
    """Work on every crawl in the archive's frontier until none has anything left (with
    --forever, until stopped). Start one on each machine sharing a PostgreSQL archive;
    each crawl keeps the scope and limits of the `arabnews crawl` that started it.
    Python: Archive.work(...).

    \b
    Examples:
        arabnews crawl https://www.arabstoday.net/syria-24 --queue-only --db postgresql://host/archive
        arabnews worker --db postgresql://host/archive
    """
    given = _options(options)
    stop = threading.Event()
    with Archive(db) as archive, _stop_on_signals(stop) as received, CrawlProgress(None) as progress:
        summary = archive.work(forever=forever, stop=stop, progress=progress, **given)
    for line in summary_lines(summary):
        click.echo(line)
    _exit_status(summary.state, received)


@click.command("fetch")
@click.argument("urls", nargs=-1, required=True, metavar="URL...")
@_fetch_options
@_private_option
@db_option
def fetch_command(db: str | None, urls: tuple[str, ...], **options: Any) -> None:
    """Fetch single pages into the archive: store each response, parse it and save the
    article. robots.txt is obeyed. Exits with status 1 if any page gave no article.
    Python: Archive.fetch(urls, ...).

    \b
    Example:
        arabnews fetch https://www.arabstoday.net/507/150204-سوريا-خبر
    """
    for url in urls:
        _http_url(url)
    with Archive(db) as archive:
        pages = archive.fetch(urls, **options)
    for page in pages:
        if page.article is not None and page.saved is not None:
            click.echo(f"{page.saved.value}: article {page.article.id} {page.article.title or ''} "
                       f"<{display(page.source)}>")
        else:
            click.echo(f"Error: {display(page.source)}: {page.reason}", err=True)
    if any(page.article is None for page in pages):
        sys.exit(1)


@click.command("frontier")
@click.argument("url", required=False)
@click.option("--failed", is_flag=True, help="List failed and skipped URLs with reasons and attempts.")
@output_options()
@db_option
def frontier_command(db: str | None, url: str | None, failed: bool, output: str) -> None:
    """Show crawl frontiers: URLs per kind and state for each crawl (or the crawl of URL),
    or with --failed the URLs that failed or were skipped, and why.
    Python: Archive.frontier(url, failed=...).

    \b
    Examples:
        arabnews frontier
        arabnews frontier https://www.arabstoday.net/syria-24 --failed --csv > failures.csv
    """
    with Archive(db, create=False) as archive:
        records = archive.frontier(url, failed=failed)
    if failed:
        emit(output, records, FAILURE_COLUMNS, ("crawl", "state", "reason", "attempts", "url"), "failed and skipped")
    else:
        emit(output, records, FRONTIER_COLUMNS, title="frontier")


def register(main: click.Group) -> None:
    for command in (crawl_command, worker_command, fetch_command, frontier_command):
        main.add_command(command)
