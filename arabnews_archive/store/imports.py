"""Pages given as bytes, text or saved files, made exchanges to store (`store.pages`) and read."""
from __future__ import annotations

import dataclasses
import json
import os
import stat
from collections.abc import Iterable, Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from arabnews_archive.article import Article
from arabnews_archive.fetch.result import FetchResult
from arabnews_archive.fetch.settings import FetchSettings
from arabnews_archive.parse import NotAnArticle
from arabnews_archive.store.fetches import Headers, headers_dict

HTML_SUFFIXES = (".html", ".htm", ".xhtml")


def as_body(html: bytes | str, headers: Headers | None) -> tuple[bytes, dict[str, str]]:
    """Raw bytes to store for `html`, and headers that say how to decode them again.

    Text is stored as UTF-8, and a charset header is added so that a later
    re-parse does not trust a stale <meta charset> inside the page instead.
    """
    found = headers_dict(headers)
    if isinstance(html, bytes):
        return html, found
    if not any(name.lower() == "content-type" for name in found):
        found["Content-Type"] = "text/html; charset=utf-8"
    return html.encode("utf-8"), found


def saved_page(url: str | None, html: bytes | str, headers: Headers | None, fetched_at: datetime,
               fallback_url: str | None = None) -> tuple[FetchResult, Article | NotAnArticle]:
    """A page that had no HTTP exchange (no status), read by the one rule. Its URL is `url`,
    else the address the page gives itself (canonical link or og:url), else `fallback_url`;
    it is read under `url` or `fallback_url`, so that a relative canonical link resolves
    against the URL known (with none known, the store refuses it as relative)."""
    body, found = as_body(html, headers)
    base = url or fallback_url or ""
    exchange = FetchResult(base, base, None, found, body, fetched_at)
    reading = exchange.read()
    assert reading is not None  # a page with no status and no error is always read
    page_url = url or reading.canonical_url or fallback_url
    if not page_url:
        raise ValueError("no URL for this page: give --url, or put it in a FILE.url or FILE.json sidecar")
    if isinstance(reading, Article):
        reading = reading.replace(url=page_url)
    return dataclasses.replace(exchange, requested_url=page_url, final_url=page_url), reading


def html_files(paths: Iterable[str | Path]) -> Iterator[Path]:
    """The files named, and the HTML files inside the folders named (recursively, sorted).

    Inside a folder, a link leading out of it is passed over: a folder of saved pages
    given to import must not make it archive a file elsewhere on the machine."""
    for path in map(Path, paths):
        if path.is_dir():
            root = path.resolve()
            yield from sorted(p for p in path.rglob("*") if p.suffix.lower() in HTML_SUFFIXES and p.is_file()
                              and p.resolve().is_relative_to(root))
        else:
            yield path


def _read_bytes(path: Path) -> bytes:
    """The file's bytes: a regular file (a FIFO would block for ever, /dev/zero never end) of at
    most the fetch size cap, like a page fetched."""
    limit = FetchSettings().max_bytes
    # Opened without blocking (a FIFO's open waits for a writer), then checked on the open file.
    with os.fdopen(os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)), "rb") as stream:
        if not stat.S_ISREG(os.fstat(stream.fileno()).st_mode):
            raise ValueError(f"{path}: not a regular file")
        body = stream.read(limit + 1)
    if len(body) > limit:
        raise ValueError(f"{path}: larger than {limit // (1024 * 1024)} MB, the size cap of a page")
    return body


def _sidecar(path: Path, suffix: str) -> Path | None:
    # Both "page.html.json" and "page.json" are common ways to save a sidecar.
    for candidate in (path.with_name(path.name + suffix), path.with_suffix(suffix)):
        if candidate.is_file():
            return candidate
    return None


def _metadata(path: Path) -> dict[str, Any]:
    sidecar = _sidecar(path, ".json")
    if sidecar is not None:
        try:
            data = json.loads(sidecar.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            raise ValueError(f"{sidecar}: not valid JSON ({exc})") from None
        if not isinstance(data, dict):
            raise ValueError(f"{sidecar}: expected a JSON object with a \"url\" key")
        return data
    url_file = _sidecar(path, ".url")
    return {"url": url_file.read_text(encoding="utf-8").strip()} if url_file else {}


def _checked(path: Path, meta: dict[str, Any]) -> tuple[str | None, dict[str, str] | None, datetime | None]:
    """The sidecar's url, headers and fetch time, each of the type it must be (one line otherwise)."""
    url, headers, fetched_at = meta.get("url"), meta.get("headers"), meta.get("fetched_at")
    if url is not None and not isinstance(url, str):
        raise ValueError(f"{path}: sidecar \"url\" must be a string")
    if headers is not None and not (isinstance(headers, dict)
                                    and all(isinstance(v, str) for v in (*headers, *headers.values()))):
        raise ValueError(f"{path}: sidecar \"headers\" must be an object of strings")
    if fetched_at is None:
        return url or None, headers, None
    try:
        when = datetime.fromisoformat(fetched_at) if isinstance(fetched_at, str) else None
    except ValueError:
        when = None
    if when is None:
        raise ValueError(f"{path}: sidecar \"fetched_at\" must be an ISO 8601 date and time")
    when = when if when.tzinfo else when.replace(tzinfo=timezone.utc)
    if when > datetime.now(timezone.utc) + timedelta(days=1):
        raise ValueError(f"{path}: sidecar \"fetched_at\" {fetched_at} is in the future")
    return url or None, headers, when


def read_file(path: Path, url: str | None = None) -> tuple[FetchResult, Article | NotAnArticle]:
    """A saved page read from its file, its URL and fetch time taken from sidecars when present."""
    page_url, headers, when = _checked(path, _metadata(path))
    body = _read_bytes(path)
    when = when or datetime.fromtimestamp(path.stat().st_mtime, timezone.utc)
    return saved_page(page_url, body, headers, when, fallback_url=url)
