"""Raw HTTP responses: one fetch row per response, bodies stored once per distinct content."""
from __future__ import annotations

import hashlib
import zlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Union

import sqlalchemy as sa
from sqlalchemy.orm import Session

from arabnews_archive.store.models import DIALECT_INSERT, Body, Fetch, as_utc

Headers = Union[Mapping[str, str], Iterable[tuple[str, str]]]

# zlib's default level: close to the best ratio on HTML at a fraction of level 9's time.
_ZLIB_LEVEL = 6


def headers_dict(headers: Headers | None) -> dict[str, str]:
    """Headers as a plain dict; a header repeated in a list of pairs is joined with ', ' as HTTP allows."""
    if headers is None:
        return {}
    pairs = headers.items() if isinstance(headers, Mapping) else headers
    out: dict[str, str] = {}
    for name, value in pairs:
        out[name] = f"{out[name]}, {value}" if name in out else str(value)
    return out


# Statements built once, on the tables (Core: no ORM unit of work per page): building
# a statement cost more than running it. ON CONFLICT: the body is already stored (maybe
# by a concurrent writer); RETURNING then gives nothing.
_INSERT_BODY = {
    name: insert(Body.__table__).on_conflict_do_nothing(index_elements=["content_hash"]).returning(Body.__table__.c.id)
    for name, insert in DIALECT_INSERT.items()
}
_BODY_ID = sa.select(Body.id).where(Body.content_hash == sa.bindparam("digest"))
_INSERT_FETCH = sa.insert(Fetch.__table__).returning(Fetch.__table__.c.id)


@dataclass(frozen=True)
class StoredFetch:
    """A fetch row as what is written after it (its article) needs it."""

    id: int
    final_url: str | None
    fetched_at: datetime

    @classmethod
    def of(cls, row: Fetch) -> StoredFetch:
        return cls(row.id, row.final_url, row.fetched_at)


@dataclass(frozen=True)
class PackedBody:
    """A body as it is stored: its SHA-256, size and zlib-compressed bytes."""

    digest: str
    size: int
    data: bytes


def pack_body(data: bytes) -> PackedBody:
    """Hash and compress `data`: CPU work that a crawl does in its parser processes."""
    return PackedBody(hashlib.sha256(data).hexdigest(), len(data), zlib.compress(data, _ZLIB_LEVEL))


def store_body(session: Session, data: bytes | PackedBody) -> tuple[int, str]:
    """Store `data` unless identical content is already stored; returns (body id, sha256 hex)."""
    packed = data if isinstance(data, PackedBody) else pack_body(data)
    # Insert first: a new body then costs one statement.
    body_id = session.scalar(_INSERT_BODY[session.get_bind().dialect.name],
                             {"content_hash": packed.digest, "size": packed.size, "data": packed.data})
    if body_id is None:
        body_id = session.scalar(_BODY_ID, {"digest": packed.digest})
    assert body_id is not None
    return body_id, packed.digest


def add_fetch(
    session: Session,
    requested_url: str,
    *,
    final_url: str | None = None,
    status: int | None = None,
    headers: Headers | None = None,
    body: bytes | PackedBody | None = None,
    fetched_at: datetime | None = None,
    redirects: list[str] | None = None,
    not_modified: bool = False,
    error: str | None = None,
    request_headers: Headers | None = None,
) -> StoredFetch:
    """Record one response (or a failed attempt: `error` set, no `body`); returns its id and times.

    `body` may come already packed (`pack_body`).

    `request_headers` are the headers actually sent (None when unknown, e.g. imported pages).
    """
    values: dict[str, Any] = {
        "requested_url": requested_url,
        "final_url": final_url or requested_url,
        "status": status,
        "headers": headers_dict(headers),
        "fetched_at": as_utc(fetched_at) if fetched_at else datetime.now(timezone.utc),
        "redirects": list(redirects) if redirects else None,
        "not_modified": not_modified,
        "error": error,
        "request_headers": None if request_headers is None else headers_dict(request_headers),
        "body_id": None, "content_hash": None, "size": None,
    }
    if body is not None:
        values["body_id"], values["content_hash"] = store_body(session, body)
        values["size"] = body.size if isinstance(body, PackedBody) else len(body)
    fetch_id = session.execute(_INSERT_FETCH, values).scalar_one()
    return StoredFetch(fetch_id, values["final_url"], values["fetched_at"])


def body_bytes(session: Session, fetch_id: int) -> bytes | None:
    """The raw body of fetch `fetch_id`, or None when it has none."""
    data = session.scalar(sa.select(Body.data).join(Fetch, Fetch.body_id == Body.id).where(Fetch.id == fetch_id))
    return None if data is None else decompress(data)


def decompress(data: bytes) -> bytes:
    """A stored body's raw bytes."""
    return zlib.decompress(data)
