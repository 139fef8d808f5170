"""WARC commands: `import-warc`, and the WARC branch of `export --format warc`."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from arabnews_archive.archive import Archive
from arabnews_archive.cli.common import UserError, db_option, friendly_errors


def export_warc_file(db: str | None, path: str | None, site: str | None, section: str | None,
                     since: str | None, until: str | None) -> None:
    """`export --format warc`: every stored fetch matching the filters, as one gzipped WARC file."""
    if not path:
        raise UserError("--format warc writes a binary file: give it with -o FILE.warc.gz")
    if section:
        raise UserError("--section filters articles, not fetches: WARC exports filter by --site, --since, --until")
    with Archive(db) as archive:
        summary = archive.export_warc(path, site=site, since=since, until=until)
    click.echo(
        f"exported {summary.fetches} fetch(es) to {path}: {summary.responses} response(s), "
        f"{summary.revisits} identical re-fetch(es) as revisits, {summary.not_modified} not modified, "
        f"{summary.resources} saved page(s); {summary.skipped_no_response} failed attempt(s) without a response "
        f"left out", err=True)


@click.command("import-warc")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@db_option
@friendly_errors
def import_warc_command(db: str | None, paths: tuple[Path, ...]) -> None:
    """Import WARC or ARC files (gzipped or not, Common Crawl's too): HTML responses are stored
    as fetches and parsed into articles; images, scripts, styles and other records are counted
    and skipped. Importing a file twice stores nothing twice.

    A damaged record is reported on one line and skipped; the rest of the file is still
    read. The exit status is 1 only when no record at all could be read.

    \b
    Examples:
        arabnews import-warc crawl.warc.gz
        arabnews import-warc CC-MAIN-*.warc.gz --db postgresql://me@localhost/news
    """
    with Archive(db) as archive:
        summary = archive.import_warc(paths, progress=sys.stderr.isatty())
    for line in summary.broken:
        click.echo(f"broken record: {line}", err=True)
    for sample in summary.parse_error_samples:
        click.echo(f"not parsed: {sample}", err=True)
    click.echo(
        f"read {summary.records} record(s) from {summary.files} file(s): stored {summary.fetches} fetch(es) "
        f"({summary.html_pages} HTML), {summary.articles} article(s), {summary.duplicates} already imported, "
        f"{summary.unresolved_revisits} revisit(s) unresolved, {len(summary.broken)} broken, "
        f"{summary.parse_errors} not parsed")
    if summary.skipped:
        kinds = ", ".join(f"{kind} {count}" for kind, count in summary.skipped.most_common())
        click.echo(f"skipped: {kinds}")
    if summary.records == 0:
        raise UserError("no WARC or ARC record could be read")


def register(main: click.Group) -> None:
    main.add_command(import_warc_command)
