"""Raw response bodies, stored once per distinct content (the fetch rows: `store.pages`)."""
from __future__ import annotations

import hashlib
import zlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Union

import sqlalchemy as sa
from sqlalchemy.orm import Session

from arabnews_archive.store.models import DIALECT_INSERT, Body, Fetch

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


# Statements built once, on the table (Core: no ORM unit of work per page): building a
# statement cost more than running it. ON CONFLICT: the body is already stored (maybe by
# a concurrent writer); RETURNING then gives nothing.
_INSERT_BODY = {
    name: insert(Body.__table__).on_conflict_do_nothing(index_elements=["content_hash"]).returning(Body.__table__.c.id)
    for name, insert in DIALECT_INSERT.items()
}
_BODY_ID = sa.select(Body.id).where(Body.content_hash == sa.bindparam("digest"))


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


def body_bytes(session: Session, fetch_id: int) -> bytes | None:
    """The raw body of fetch `fetch_id`, or None when it has none."""
    data = session.scalar(sa.select(Body.data).join(Fetch, Fetch.body_id == Body.id).where(Fetch.id == fetch_id))
    return None if data is None else decompress(data)


def decompress(data: bytes) -> bytes:
    """A stored body's raw bytes."""
    return zlib.decompress(data)
