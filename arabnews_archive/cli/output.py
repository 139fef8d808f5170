"""Uniform output: a readable table (or text) for people, --json, --csv or --nl for programs.

Every command that prints records takes the same flags, sqlite-utils' (`output_options`);
`parse` and `export`, whose `--format` the README documented first, keep it as an alias
(`format_alias`). The machine formats are `arabnews_archive.formats`, the same renderer
`Archive.export` writes files with; the table and the article as text are for people
only, and are here: URLs decoded (readable Arabic), never cut, wrapped on a terminal and
at full width in a pipe or a file.
"""
from __future__ import annotations

import functools
import shutil
import sys
import textwrap
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any, Callable

import click
from rich.console import Console
from rich.table import Table
from rich.text import Text

import arabnews_archive.formats as formats
from arabnews_archive.archive import Archive
from arabnews_archive.article import Article
from arabnews_archive.crawl.discover.urls import display

TABLE, TEXT, JSON, CSV, NL, WARC = "table", "text", formats.JSON, formats.CSV, formats.NL, "warc"
_FLAGS = {
    JSON: "Print one JSON document.",
    CSV: "Print CSV with a header row.",
    NL: "Print newline-delimited JSON, one record a line.",
    TEXT: "Print readable text.",
    WARC: "Write the stored fetches as a gzipped WARC file (-o FILE.warc.gz).",
}
# Columns holding URLs: decoded for people (a table, text), as stored for programs.
URL_COLUMNS = frozenset({"url", "canonical_url", "seed"})
# Text wider than this is hard to read even on a wide terminal.
MAX_TEXT_WIDTH = 100


def output_options(default: str = TABLE, flags: Sequence[str] = (JSON, CSV, NL)) -> Callable[[Callable], Callable]:
    """Add one flag per format (--json, --csv, --nl, ...) as the `output` parameter, `default` unless given."""
    def decorate(func: Callable) -> Callable:
        for value in reversed(flags):
            help_text = _FLAGS[value] + (" (the default)" if value == default else "")
            func = click.option(f"--{value}", "output", flag_value=value, help=help_text,
                                **({"default": True} if value == default else {}))(func)
        if default not in flags:
            func = click.option(f"--{default}", "output", flag_value=default, default=True, hidden=True)(func)
        return func
    return decorate


def format_alias(aliases: Mapping[str, str]) -> Callable[[Callable], Callable]:
    """`--format NAME`, an alias kept for the flags: NAME maps to the flag's format (`aliases`)."""
    def decorate(func: Callable) -> Callable:
        @functools.wraps(func)
        def wrapper(*args: Any, fmt: str | None, **kwargs: Any) -> Any:
            if fmt is not None:
                kwargs["output"] = aliases[fmt]
            return func(*args, **kwargs)

        names = ", ".join(f"{name} = --{flag}" for name, flag in aliases.items())
        return click.option("--format", "fmt", type=click.Choice(list(aliases)), default=None,
                            help=f"The same as the flags: {names}.")(wrapper)
    return decorate


def marked(text: str, highlights: Sequence[Sequence[int]]) -> Text:
    """`text` with the `highlights` (start, end) in bold: a snippet for a terminal (a pipe gets it plain)."""
    styled = Text(text)
    for start, end in highlights:
        styled.stylize("bold", start, end)
    return styled


def _table_cell(column: str, value: Any) -> str | Text:
    if isinstance(value, Text):
        return value
    if value is not None and column in URL_COLUMNS:
        return display(str(value))
    # Minutes are enough for people and keep table columns narrow.
    return value.strftime("%Y-%m-%d %H:%M") if isinstance(value, datetime) else formats.cell(value)


def table_console() -> Console:
    """A terminal's own width; in a pipe or a file, as wide as the rows need (nothing cut)."""
    console = Console()
    return console if console.is_terminal else Console(width=100_000)


def write_table(records: Iterable[Mapping[str, Any]], columns: Sequence[str], title: str | None = None,
                console: Console | None = None) -> int:
    """A table for people: long cells wrap (URLs fold, never cut), and an empty listing says so."""
    table = Table(title=title, title_justify="left", show_lines=False)
    for column in columns:
        table.add_column(column, overflow="fold")
    count = 0
    for record in records:
        table.add_row(*(_table_cell(c, record.get(c)) for c in columns))
        count += 1
    console = console or table_console()
    if count:
        console.print(table)
    else:
        console.print(f"{title + ': ' if title else ''}nothing to show")
    return count


def emit(output: str, records: Iterable[Mapping[str, Any]], columns: Sequence[str],
         table_columns: Sequence[str] | None = None, title: str | None = None) -> int:
    """Print `records` in the chosen output format; a table shows only `table_columns`."""
    if output == TABLE:
        return write_table(records, table_columns or columns, title)
    return formats.write(output, records, columns, sys.stdout)


# -- one article, for people -----------------------------------------------------------------

def _extraction(article: Article) -> str | None:
    """ "fallback, confidence 0.30 (doubtful)", or "unknown" for a parser that did not say."""
    doubtful = Archive.is_doubtful(article)
    if doubtful is None:
        return "unknown (parsed before extraction was recorded)" if article.id is not None else None
    parts = [article.extraction] if article.extraction else []
    parts += [f"confidence {article.confidence:.2f}"] if article.confidence is not None else []
    return ", ".join(parts) + (" (doubtful)" if doubtful else "")


def text_width() -> int | None:
    """Wrap paragraphs to the terminal (at most 100 columns); a pipe or a file gets them whole."""
    if not sys.stdout.isatty():
        return None
    return max(40, min(shutil.get_terminal_size().columns, MAX_TEXT_WIDTH))


def article_text(article: Article, width: int | None = None) -> str:
    """An article as a reader wants it in a terminal (`show`, `parse --text`): the headline,
    its facts one a line, then the description and the story."""
    url = article.canonical_url or article.url
    facts = [
        ("URL", url and display(url)), ("Site", article.site_name),
        ("Published", article.published and article.published.isoformat()),
        ("Updated", article.updated and article.updated.isoformat()), ("Dateline", article.dateline),
        ("Authors", "، ".join(article.authors)), ("Agencies", "، ".join(article.agencies)),
        ("Section", article.section), ("Tags", "، ".join(article.tags)),
        ("Extraction", _extraction(article)), ("Id", None if article.id is None else str(article.id)),
        ("Parser", article.parser_version),
    ]
    lines = [article.title or "(no title)", ""]
    lines += [f"{label}: {value}" for label, value in facts if value]
    for paragraph in ([article.description] if article.description else []) + list(article.paragraphs):
        lines += ["", textwrap.fill(paragraph, width) if width else paragraph]
    return "\n".join(lines)
