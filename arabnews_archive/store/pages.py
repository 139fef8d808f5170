"""The one write path: an exchange and what reading it found, stored in the caller's transaction.

Every way a page comes in (a crawl, `arabnews fetch`, `arabnews import`, `add_html`,
a WARC import) builds a `FetchResult`, reads it by the one rule (`FetchResult.read`,
`parse.read_article`) and hands both to `store_page`: the response and its body are
kept whatever they hold, the article only when there is one, and the outcome comes
back as a `PageOutcome` each path reports alike. Here too the rule that every stored
URL is absolute is kept: a relative one raises `RelativeURL` and nothing is written.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from arabnews_archive.article import Article
from arabnews_archive.fetch.result import FetchResult
from arabnews_archive.parse import NotAnArticle
from arabnews_archive.resemblance import Fingerprint
from arabnews_archive.store.articles import Saved, save_article
from arabnews_archive.store.errors import absolute
from arabnews_archive.store.fetches import PackedBody, headers_dict, store_body
from arabnews_archive.store.models import Fetch, as_utc
from arabnews_archive.store.sanitise import clean_article, clean_text, clean_value, url_refusal

# Built once, on the table (Core, no ORM unit of work per page): building a statement cost
# more than running it.
_INSERT_FETCH = sa.insert(Fetch.__table__).returning(Fetch.__table__.c.id)


@dataclass(frozen=True)
class PageOutcome:
    """What the write path did with one page.

    `source`: where the page came from (the URL requested; an imported file's path).
    `fetch_id`: its response's row; None when nothing was stored (a request refused
    before it was made, a file that could not be read). `article`: the article stored,
    with its id, and `saved` what storing it did; otherwise `reason` says why there is
    none: the fetch's error ("HTTP 404"), or the page is not an article ("not an article
    (no story text found)").
    """

    source: str
    fetch_id: int | None = None
    article: Article | None = None
    saved: Saved | None = None
    reason: str | None = None


def store_page(session: Session, exchange: FetchResult, reading: Article | NotAnArticle | None, *,
               packed: PackedBody | None = None, story_text: Fingerprint | None = None) -> PageOutcome:
    """Store `exchange` (its body `packed` already, and the story text's fingerprint made,
    when a parser process did it) and, when `reading` is an Article, the article; in the
    caller's transaction, which commits or rolls back both. `reading` is what `exchange.read()` gave (None: the page was not read
    for an article, as a crawl's listing pages and failures are not)."""
    if not exchange.attempts:  # refused before any request: no exchange took place
        return PageOutcome(exchange.requested_url, reason=exchange.error)
    problem = url_refusal(exchange.requested_url) or url_refusal(exchange.final_url)
    if problem is not None:
        return PageOutcome(exchange.requested_url, reason=f"not stored: {problem}")
    fetch_id = _add_fetch(session, exchange, packed)
    if not isinstance(reading, Article):
        why = str(reading) if reading is not None else exchange.error
        return PageOutcome(exchange.requested_url, fetch_id, reason=why)
    article = clean_article(reading if reading.url else reading.replace(url=exchange.final_url))
    stored = save_article(session, article, fetch_id, as_utc(exchange.fetched_at), story_text)
    return PageOutcome(exchange.requested_url, fetch_id, article.replace(id=stored.id, story_id=stored.story_id),
                       stored.saved)


def _add_fetch(session: Session, exchange: FetchResult, packed: PackedBody | None) -> int:
    """The response row: as it came, its body kept when there is a usable one (not after a
    failure or a 304)."""
    values: dict[str, Any] = {
        "requested_url": absolute(exchange.requested_url),
        "final_url": absolute(exchange.final_url),
        "status": exchange.status,
        "headers": clean_value(headers_dict(exchange.headers)),
        "fetched_at": as_utc(exchange.fetched_at),
        "redirects": [f"{status} {target}" for status, target in exchange.redirects] or None,  # see redirect_hops
        "not_modified": exchange.not_modified,
        "error": clean_text(exchange.error) if exchange.error else None,
        "request_headers": clean_value(headers_dict(exchange.request_headers)) or None,  # none: unknown
        "body_id": None, "content_hash": None, "size": None,
    }
    if exchange.ok and not exchange.not_modified:
        body = packed or exchange.body
        values["body_id"], values["content_hash"] = store_body(session, body)
        values["size"] = body.size if isinstance(body, PackedBody) else len(body)
    return session.execute(_INSERT_FETCH, values).scalar_one()


def redirect_hops(stored: list[str] | None) -> list[tuple[int, str]]:
    """Redirect hops as a fetch row keeps them ("301 https://..."), back to (status, URL)."""
    hops = []
    for hop in stored or ():
        status, _, target = str(hop).partition(" ")
        if status.isdigit():  # only the form written above is a hop
            hops.append((int(status), target))
    return hops
