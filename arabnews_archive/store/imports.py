"""Pages given as bytes, text or saved files, made exchanges to store (`store.pages`) and read."""
from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable, Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from arabnews_archive.article import Article
from arabnews_archive.fetch.result import FetchResult
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
    """The files named, and the HTML files inside the folders named (recursively, sorted)."""
    for path in map(Path, paths):
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.suffix.lower() in HTML_SUFFIXES and p.is_file())
        else:
            yield path


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


def read_file(path: Path, url: str | None = None) -> tuple[FetchResult, Article | NotAnArticle]:
    """A saved page read from its file, its URL and fetch time taken from sidecars when present."""
    meta = _metadata(path)
    fetched_at = meta.get("fetched_at")
    when = (
        datetime.fromisoformat(fetched_at) if isinstance(fetched_at, str)
        else datetime.fromtimestamp(path.stat().st_mtime, timezone.utc)
    )
    return saved_page(meta.get("url") or None, path.read_bytes(), meta.get("headers"), when, fallback_url=url)
