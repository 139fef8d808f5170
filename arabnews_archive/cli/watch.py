"""`arabnews watch`: keep sections current (`Archive.watch`, `--list`: `Archive.watched`,
`--remove`: `Archive.unwatch`)."""
from __future__ import annotations

import threading
from datetime import datetime, timezone
from typing import Any

import click

from arabnews_archive.archive import Archive
from arabnews_archive.cli.common import UserError, db_option
from arabnews_archive.cli.crawl import (
    _exit_status, _http_url, _options, _private_option, _stop_on_signals, _worker_options,
)
from arabnews_archive.cli.output import emit, output_options
from arabnews_archive.crawl.engine import FINISHED
from arabnews_archive.crawl.settings import WatchSettings, parse_interval
from arabnews_archive.crawl.watch import SCHEDULE_COLUMNS, duration


def _interval(ctx: click.Context, param: click.Parameter, value: str) -> float:
    try:
        return parse_interval(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


def _shown(record: dict[str, Any], now: datetime) -> dict[str, Any]:
    """A schedule row for people: durations and times rounded, the next visit as a wait."""
    def when(value: datetime | None) -> str:
        return value.strftime("%Y-%m-%d %H:%M:%S") if value else "never"
    wait = (record["next_visit"] - now).total_seconds()
    return {**record, "interval": duration(record["interval"]),
            "next_visit": f"in {duration(wait)}" if wait > 0 else "due", "last_visit": when(record["last_visit"]),
            "last_new": when(record["last_new"])}


@click.command("watch")
@click.argument("urls", nargs=-1, metavar="[SECTION_URL]...")
@click.option("--min-interval", default=f"{WatchSettings.min_interval:g}s", show_default=True, callback=_interval,
              metavar="D", help="Shortest wait between two visits of a source (90s, 10m, 2h, 1d).")
@click.option("--max-interval", default=f"{WatchSettings.max_interval:g}s", show_default=True, callback=_interval,
              metavar="D", help="Longest wait between two visits of a source.")
@click.option("--once", is_flag=True, help="One pass over the sources due now, then exit (for cron, systemd timers).")
@click.option("--list", "list_", is_flag=True, help="Show each watched source's schedule and exit.")
@click.option("--remove", is_flag=True, help="Stop watching the sections given (their archive stays).")
@click.option("--max-depth", type=click.IntRange(min=0), help="Follow a new section's pagination at most N pages deep.")
@click.option("--since", metavar="DATE", help="A new section's first crawl stops paging back past DATE.")
@click.option("--sitemaps/--no-sitemaps", default=None, help="Also use the site's sitemaps and the section's feeds.")
@click.option("--include", multiple=True, metavar="RE", help="Only URLs matching RE (repeatable).")
@click.option("--exclude", multiple=True, metavar="RE", help="Never URLs matching RE (repeatable).")
@_worker_options
@_private_option
@output_options()
@db_option
def watch_command(db: str | None, urls: tuple[str, ...], min_interval: float, max_interval: float, once: bool,
                  list_: bool, remove: bool, output: str, **options: Any) -> None:
    """Keep news sections current: crawl each new one, then re-visit its first listing
    page, feeds and news sitemaps when due, and fetch only articles not stored yet. Each
    source's interval shortens while it publishes and lengthens while it does not, between
    --min-interval and --max-interval; its schedule is kept in the archive, so a restart
    (even after kill -9) resumes it and several processes on PostgreSQL share it. One line
    per visit; Ctrl-C or SIGTERM stops after the pages in hand.
    Python: Archive.watch(urls, ...), Archive.watched(), Archive.unwatch(urls).

    \b
    Examples:
        arabnews watch https://www.arabstoday.net/syria-24 --min-interval 10m --max-interval 24h
        arabnews watch --once          # from cron or a systemd timer: what is due, then exit
        arabnews watch --list
        arabnews watch https://www.arabstoday.net/syria-24 --remove
    """
    for url in urls:
        _http_url(url)
    if list_:
        with Archive(db, create=False) as archive:
            now = datetime.now(timezone.utc)
            records = [_shown(r, now) if output == "table" else r for r in archive.watched()]
        emit(output, records, SCHEDULE_COLUMNS, ("url", "kind", "interval", "next_visit", "last_new", "failures"),
             "watched sources")
        return
    if remove:
        if not urls:
            raise UserError("--remove needs the sections to stop watching")
        with Archive(db, create=False) as archive:
            click.echo(f"stopped watching {archive.unwatch(urls)} sources")
        return
    if min_interval > max_interval:
        raise UserError("--min-interval must not be longer than --max-interval")
    given = _options(options)
    stop = threading.Event()

    def log(line: str) -> None:
        click.echo(f"{datetime.now().strftime('%H:%M:%S')} {line}")

    with Archive(db) as archive, _stop_on_signals(stop) as received:
        visits = archive.watch(urls, once=once, stop=stop, log=log, min_interval=min_interval,
                               max_interval=max_interval, **given)
    if once and not visits and not received:
        click.echo("nothing due: see `arabnews watch --list` for the next visits")
    _exit_status(FINISHED, received)


def register(main: click.Group) -> None:
    main.add_command(watch_command)
