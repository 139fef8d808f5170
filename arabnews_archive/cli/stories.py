"""`arabnews stories`: the stories the archive holds, each carried by several sites, and
`stories --rebuild`. The command is `Archive.stories()`, `--rebuild` is
`Archive.rebuild_stories()`."""
from __future__ import annotations

import sys
from typing import Any

import click

from arabnews_archive.archive import Archive
from arabnews_archive.cli.archive import existing
from arabnews_archive.cli.common import db_option, plural
from arabnews_archive.cli.output import TABLE, emit, output_options
from arabnews_archive.cli.progress import StoriesProgress
from arabnews_archive.query.stories import STORY_COLUMNS

TABLE_COLUMNS = ("story", "first_published", "sources", "first_site", "title", "agencies")


@click.command("stories")
@click.option("--since", metavar="DATE", help="First published on or after DATE (YYYY-MM-DD or ISO 8601).")
@click.option("--until", metavar="DATE", help="First published on or before DATE.")
@click.option("--min-sources", type=click.IntRange(min=1), default=2, show_default=True,
              help="Only stories carried by at least N sites.")
@click.option("--agency", metavar="NAME", help="Only stories one of whose copies credits this agency "
                                              "(any spelling: رويترز, Reuters, أ ف ب, AFP).")
@click.option("--site", metavar="HOST", help="Only stories one of whose copies is from this site.")
@click.option("--limit", type=click.IntRange(min=1), default=50, show_default=True, help="Show at most N stories.")
@click.option("--rebuild", is_flag=True, help="Group every article into stories again, from scratch, then list.")
@output_options()
@db_option
def stories_command(db: str | None, output: str, rebuild: bool, **options: Any) -> None:
    """List stories: the same text carried by several sites (wire copies, republications),
    newest first, with who carried it first, the sites and the agencies credited. --json
    and --nl give every copy of each story too. Python: Archive.stories(...).

    Articles are grouped as they are stored. An archive made before stories existed
    (`stats` counts its "articles not grouped") is grouped with --rebuild.

    \b
    Examples:
        arabnews stories --since 2024-05-01
        arabnews stories --agency رويترز --min-sources 3 --json
        arabnews stories --rebuild
    """
    with existing(db) as archive:
        if rebuild:
            _rebuild(archive)
        stories = archive.stories(**options)
        records: Any = (story.to_dict() for story in stories)
        if output == TABLE:
            records = ({**r, "first_published": r["first_published"][:16].replace("T", " "),
                        "agencies": "، ".join(r["agencies"])} for r in records)
        shown = emit(output, records, (*STORY_COLUMNS, "members"), TABLE_COLUMNS, "stories")
        waiting = 0 if shown else archive.stats()["totals"]["articles_not_grouped"]
        if waiting:
            click.echo(f"{plural(waiting, 'article')} not grouped yet: arabnews stories --rebuild", err=True)


def _rebuild(archive: Archive) -> None:
    with StoriesProgress() as progress:
        summary = archive.rebuild_stories(progress=progress)
    click.echo(f"compared {plural(summary.articles, 'article')} ({summary.too_short} too short to compare): "
               f"{plural(summary.stories, 'story', 'stories')} of more than one article, holding "
               f"{plural(summary.grouped, 'article')}"
               + (f"; {plural(summary.caught_up, 'article')} stored meanwhile placed after" if summary.caught_up else ""),
               err=True)
    sys.stderr.flush()


def register(main: click.Group) -> None:
    main.add_command(stories_command)
