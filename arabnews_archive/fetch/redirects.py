"""Following redirects hop by hop, each hop a request of its own.

A redirect can lead anywhere: another host (with its own robots.txt and delay), a path
robots.txt forbids, a private address, or nowhere a URL can name (a `Location` of bytes
that are not UTF-8, `http://[::1`). So the walk here asks its caller to make each hop (the
polite fetcher checks robots.txt and waits for the host's turn first), reads `Location`
itself, validates every URL before it is used, and catches loops and long chains. Whatever
happens, the outcome is a `FetchResult`: nothing raises out of a fetch.
"""
from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urljoin

from sqlalchemy.exc import SQLAlchemyError

from arabnews_archive.fetch.clock import Clock, utc
from arabnews_archive.fetch.policy import url_problem
from arabnews_archive.fetch.result import FetchResult

log = logging.getLogger(__name__)

REDIRECT_LOOP = "redirect loop"
TOO_MANY_REDIRECTS = "too many redirects"
# Bytes a URL cannot hold as they are: spaces, controls, and (outside UTF-8) anything not ASCII.
_UNSAFE_TEXT = re.compile(r"[\x00-\x20\x7f]")
_UNSAFE_BYTES = re.compile(rb"[^\x21-\x7e]")


@dataclass
class Hop:
    """One URL requested (its retries included), or refused before any request.

    `location` is the raw `Location` of a redirect; `retry_now`/`retryable` say whether the
    error may pass within this fetch / in a later round; `attempts` counts the requests."""

    url: str
    status: int | None = None
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    location: str | None = None
    error: str | None = None
    retry_now: bool = False
    retryable: bool = False
    retry_after: float | None = None
    attempts: int = 0
    request_headers: dict[str, str] = field(default_factory=dict)


def redirect_target(base: str, location: str) -> tuple[str | None, str | None]:
    """(the absolute URL a `Location` header leads to, None) or (None, why it leads nowhere)."""
    raw = location.strip().encode("latin-1", "replace")  # http.client read the header as Latin-1
    try:
        text = _UNSAFE_TEXT.sub(lambda m: f"%{ord(m.group()):02X}", raw.decode("utf-8"))
    except UnicodeDecodeError:
        # As browsers do: the bytes sent on as they came, percent-encoded.
        text = _UNSAFE_BYTES.sub(lambda m: b"%%%02X" % m.group()[0], raw).decode("ascii")
    try:
        target = urljoin(base, text)
    except ValueError as exc:
        return None, f"invalid redirect target ({exc})"
    problem = url_problem(target)
    return (None, f"invalid redirect target: {problem}") if problem else (target, None)


def follow(url: str, step: Callable[[str], Hop], max_redirects: int, clock: Clock) -> FetchResult:
    """Fetch `url`, `step` making each hop's request, redirects followed up to `max_redirects`."""
    started = clock.now()
    redirects: list[tuple[int, str]] = []
    seen = {url}
    hops: list[Hop] = []
    current, error = url, url_problem(url)
    while error is None:
        hop = _step(step, current)
        hops.append(hop)
        if hop.error is not None or hop.location is None:
            break
        target, error = redirect_target(current, hop.location)
        if target is None:
            break
        redirects.append((hop.status or 0, target))
        if target in seen:
            error = REDIRECT_LOOP
        elif len(redirects) > max_redirects:
            error = TOO_MANY_REDIRECTS
        seen.add(target)
        current = target
    last = hops[-1] if hops else Hop(url)
    error = error or last.error
    now = clock.now()
    return FetchResult(
        requested_url=url, final_url=last.url, status=last.status, headers=last.headers,
        body=b"" if error else last.body, fetched_at=utc(now), redirects=redirects, elapsed=now - started,
        error=error, attempts=max((hop.attempts for hop in hops), default=0),
        not_modified=error is None and last.status == 304, request_headers=last.request_headers,
        retryable=error == last.error and last.retryable,
    )


def _step(step: Callable[[str], Hop], url: str) -> Hop:
    """One hop; a bug below is this URL's failure, logged, not the end of the crawl."""
    try:
        return step(url)
    except SQLAlchemyError:
        # The shared host schedule and robots.txt live in the archive (PostgreSQL): a database
        # that is gone ends the crawl with its own message, it is no page's failure.
        raise
    except Exception as exc:  # noqa: BLE001 - a fetch's outcome is always a value
        log.exception("fetching %s failed unexpectedly", url)
        return Hop(url, error=f"unexpected error ({type(exc).__name__}: {str(exc)[:200]})")
