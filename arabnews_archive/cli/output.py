"""Uniform output for listing commands: a readable table, or --json, --csv, --nl for programs."""
from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from typing import IO, Any, Callable

import click
from rich.console import Console
from rich.table import Table

TABLE, JSON, CSV, NL = "table", "json", "csv", "nl"
# Excel reads a CSV as UTF-8 (and so shows Arabic) only when it starts with a BOM.
UTF8_BOM = "\ufeff"


def output_options(func: Callable) -> Callable:
    """Add --json, --csv and --nl (newline-delimited JSON) as the `output` parameter, default 'table'."""
    for name, value, help_text in reversed((
        ("--json", JSON, "Print one JSON document."),
        ("--csv", CSV, "Print CSV with a header row."),
        ("--nl", NL, "Print newline-delimited JSON, one record a line."),
    )):
        func = click.option(name, "output", flag_value=value, help=help_text)(func)
    return click.option("--table", "output", flag_value=TABLE, default=True, hidden=True)(func)


def plain(value: Any) -> Any:
    """A JSON-ready value: dates as ISO 8601, tuples as lists."""
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, tuple):
        return [plain(v) for v in value]
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, Mapping):
        return {k: plain(v) for k, v in value.items()}
    return value


def _cell(value: Any) -> str:
    value = plain(value)
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    return str(value)


def _table_cell(value: Any) -> str:
    # Minutes are enough for people and keep table columns narrow.
    return value.strftime("%Y-%m-%d %H:%M") if isinstance(value, datetime) else _cell(value)


def write_jsonl(records: Iterable[Mapping[str, Any]], stream: IO[str]) -> int:
    """One JSON object a line (UTF-8 text, not \\u escapes); returns the number written."""
    count = 0
    for record in records:
        stream.write(json.dumps(plain(record), ensure_ascii=False) + "\n")
        count += 1
    return count


def write_json(records: Iterable[Mapping[str, Any]], stream: IO[str]) -> int:
    """A JSON array written record by record, so a long listing is never all in memory."""
    count = 0
    for record in records:
        stream.write(("[\n" if count == 0 else ",\n") + json.dumps(plain(record), ensure_ascii=False))
        count += 1
    stream.write("\n]\n" if count else "[]\n")
    return count


def write_csv(records: Iterable[Mapping[str, Any]], columns: Sequence[str], stream: IO[str], bom: bool = False) -> int:
    """CSV with a header row; lists are joined with '; '. `bom` marks the text as UTF-8 for Excel."""
    if bom:
        stream.write(UTF8_BOM)
    writer = csv.writer(stream)
    writer.writerow(columns)
    count = 0
    for record in records:
        writer.writerow([_cell(record.get(c)) for c in columns])
        count += 1
    return count


def write_table(records: Iterable[Mapping[str, Any]], columns: Sequence[str], title: str | None = None,
                console: Console | None = None) -> int:
    """A table for people; long cells wrap, and an empty listing says so."""
    table = Table(*columns, title=title, title_justify="left", show_lines=False)
    count = 0
    for record in records:
        table.add_row(*(_table_cell(record.get(c)) for c in columns))
        count += 1
    console = console or Console()
    if count:
        console.print(table)
    else:
        console.print(f"{title + ': ' if title else ''}nothing to show")
    return count


def emit(output: str, records: Iterable[Mapping[str, Any]], columns: Sequence[str],
         table_columns: Sequence[str] | None = None, title: str | None = None) -> int:
    """Print `records` in the chosen output format; a table shows only `table_columns`."""
    out = sys.stdout
    if output == JSON:
        return write_json(records, out)
    if output == NL:
        return write_jsonl(records, out)
    if output == CSV:
        return write_csv(records, columns, out)
    return write_table(records, table_columns or columns, title)
