"""The one renderer of each machine format: JSON, JSON Lines (`--nl`) and CSV.

`Archive.export` writes files with these and the command line prints every listing with
them, so a format looks the same wherever it comes from. Records are mappings; values
are made JSON-ready by :func:`plain` (dates as ISO 8601, tuples as lists). Arabic is
written as text, never as ``\\u`` escapes. The table for people is the command line's own
(`cli/output.py`).
"""
from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from typing import IO, Any

JSON, NL, CSV = "json", "nl", "csv"
FORMATS = (JSON, NL, CSV)
# Excel reads a CSV as UTF-8 (and so shows Arabic) only when it starts with a BOM.
UTF8_BOM = "\ufeff"


def plain(value: Any) -> Any:
    """A JSON-ready value: dates as ISO 8601, tuples as lists."""
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, (tuple, list)):
        return [plain(v) for v in value]
    if isinstance(value, Mapping):
        return {k: plain(v) for k, v in value.items()}
    return value


def cell(value: Any) -> str:
    """A value as one CSV or table cell: lists joined with '; ', None empty."""
    value = plain(value)
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    return str(value)


def write_jsonl(records: Iterable[Mapping[str, Any]], stream: IO[str]) -> int:
    """One JSON object a line; returns the number written."""
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


def write_object(record: Mapping[str, Any], stream: IO[str]) -> None:
    """One JSON object, indented: what a command about one thing prints (`show --json`)."""
    stream.write(json.dumps(plain(record), ensure_ascii=False, indent=2) + "\n")


def write_csv(records: Iterable[Mapping[str, Any]], columns: Sequence[str], stream: IO[str], bom: bool = False) -> int:
    """CSV with a header row; lists are joined with '; '. `bom` marks the text as UTF-8 for Excel."""
    if bom:
        stream.write(UTF8_BOM)
    writer = csv.writer(stream)
    writer.writerow(columns)
    count = 0
    for record in records:
        writer.writerow([cell(record.get(c)) for c in columns])
        count += 1
    return count


def write(fmt: str, records: Iterable[Mapping[str, Any]], columns: Sequence[str], stream: IO[str], *,
          bom: bool = False) -> int:
    """`records` in format `fmt` (json, nl or csv); returns the number written."""
    if fmt == JSON:
        return write_json(records, stream)
    if fmt == NL:
        return write_jsonl(records, stream)
    if fmt == CSV:
        return write_csv(records, columns, stream, bom=bom)
    raise ValueError(f"unknown format {fmt!r}: expected one of {', '.join(FORMATS)}")
