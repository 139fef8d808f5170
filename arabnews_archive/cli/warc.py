"""WARC commands: `import-warc`, and the WARC branch of `export --format warc`."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from arabnews_archive.archive import Archive
from arabnews_archive.cli.common import UserError, db_option, plural
from arabnews_archive.cli.progress import ImportProgress
from arabnews_archive.fetch.settings import FetchSettings


def export_warc_file(db: str | None, path: str | None, site: str | None, section: str | None,
                     since: str | None, until: str | None) -> None:
    """`export --format warc`: every stored fetch matching the filters, as one gzipped WARC file."""
    if not path:
        raise UserError("--warc writes a binary file: give it with -o FILE.warc.gz")
    if section:
        raise UserError("--section filters articles, not fetches: WARC exports filter by --site, --since, --until")
    with Archive(db, create=False) as archive:
        summary = archive.export_warc(path, site=site, since=since, until=until)
    click.echo(
        f"exported {plural(summary.fetches, 'fetch', 'fetches')} to {path}: {plural(summary.responses, 'response')}, "
        f"{plural(summary.revisits, 'identical re-fetch', 'identical re-fetches')} as revisits, "
        f"{summary.not_modified} not modified, {plural(summary.resources, 'saved page')}; "
        f"{plural(summary.skipped_no_response, 'failed attempt')} without a response left out", err=True)
    if summary.escaped:
        click.echo(f"{plural(summary.escaped, 'record')} with control characters in WARC headers (a URL "
                   "holding a CR/LF): written percent-encoded", err=True)


@click.command("import-warc")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--max-payload", type=click.IntRange(min=1), default=FetchSettings.max_bytes, show_default=True,
              metavar="BYTES", help="Skip (and report) a record whose payload is larger once decoded.")
@db_option
def import_warc_command(db: str | None, paths: tuple[Path, ...], max_payload: int) -> None:
    """Import WARC or ARC files (gzipped or not, Common Crawl's too): HTML responses are stored
    as fetches, and those that hold an article (as a crawl reads them: not a listing page,
    not a page without a story) as articles; images, scripts, styles and other records are
    counted and skipped. Importing a file twice stores nothing twice.

    A damaged record ("broken record"), or one the archive cannot take ("skipped record": no
    or an invalid target URI, a payload over --max-payload once decoded), is reported on one
    line and skipped; the rest of the file, and the next files, are still read. The exit
    status is 1 only when no record at all could be read.
    Python: Archive.import_warc(paths, max_payload=...).

    \b
    Examples:
        arabnews import-warc crawl.warc.gz
        arabnews import-warc CC-MAIN-*.warc.gz --db postgresql://me@localhost/news
    """
    with Archive(db) as archive, ImportProgress() as progress:
        summary = archive.import_warc(paths, progress=progress, max_payload=max_payload)
    for line in summary.broken:
        click.echo(f"broken record: {line}", err=True)
    for line in summary.refusals:
        click.echo(f"skipped record: {line}", err=True)
    if summary.refused > len(summary.refusals):
        click.echo(f"skipped record: {summary.refused - len(summary.refusals)} more, not listed", err=True)
    for sample in summary.parse_error_samples:
        click.echo(f"not parsed: {sample}", err=True)
    click.echo(
        f"read {plural(summary.records, 'record')} from {plural(summary.files, 'file')}: stored "
        f"{plural(summary.fetches, 'fetch', 'fetches')} ({summary.html_pages} HTML), "
        f"{plural(summary.articles, 'article')}, {summary.duplicates} already imported, "
        f"{plural(summary.unresolved_revisits, 'revisit')} unresolved, {len(summary.broken)} broken, "
        f"{summary.refused} refused, {summary.parse_errors} not parsed")
    if summary.not_articles:
        reasons = ", ".join(f"{reason} {count}" for reason, count in summary.not_articles.most_common())
        click.echo(f"pages kept without an article: {reasons}")
    if summary.skipped:
        kinds = ", ".join(f"{kind} {count}" for kind, count in summary.skipped.most_common())
        click.echo(f"skipped: {kinds}")
    if summary.records == 0:
        raise UserError("no WARC or ARC record could be read")


def register(main: click.Group) -> None:
    main.add_command(import_warc_command)
