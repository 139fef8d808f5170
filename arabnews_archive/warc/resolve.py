"""Finding the payload an identical-payload revisit record refers to, among stored fetches.

Earlier records of the same file are stored (and flushed) before the revisit is
read, so one lookup covers both "already in the archive" and "earlier in this file".
"""
from __future__ import annotations

import base64
import binascii
import hashlib
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from arabnews_archive.store.fetches import body_bytes
from arabnews_archive.store.models import Fetch

# Candidates tried when a revisit names only its digest, newest first.
_BY_DIGEST_CANDIDATES = 10


def digest_matches(digest: str, body: bytes) -> bool | None:
    """Whether `body` has this WARC digest ("sha1:BASE32", hex also accepted); None if the algorithm is unknown."""
    algorithm, _, value = digest.partition(":")
    try:
        actual = hashlib.new(algorithm.strip().lower().replace("-", ""), body).digest()
    except ValueError:
        return None
    value = value.strip()
    try:
        if len(value) == 2 * len(actual):
            return binascii.unhexlify(value) == actual
        return base64.b32decode(value.upper() + "=" * (-len(value) % 8)) == actual
    except (binascii.Error, ValueError):
        return False


def find_payload(session: Session, uri: str, refers_to_uri: str | None, refers_to_date: datetime | None,
                 digest: str | None) -> bytes | None:
    """The body a revisit of `uri` stands for, or None when no stored fetch has it.

    The fetch the revisit names (WARC-Refers-To-Target-URI and -Date) is trusted as
    is: tools differ on whether the digest covers the encoded or the decoded body.
    Without those fields, fetches of the same URL are tried newest first, and one
    is taken only if its body has the revisit's digest.
    """
    if refers_to_uri and refers_to_date is not None:
        named = session.scalar(
            sa.select(Fetch.id).where(Fetch.fetched_at == refers_to_date, Fetch.final_url == refers_to_uri,
                                      Fetch.body_id.is_not(None)).limit(1))
        if named is not None:
            return body_bytes(session, named)
    if not digest:
        return None
    candidates = session.scalars(
        sa.select(Fetch.id).where(Fetch.requested_url == uri, Fetch.body_id.is_not(None))
        .order_by(Fetch.fetched_at.desc()).limit(_BY_DIGEST_CANDIDATES))
    for fetch_id in candidates.all():
        body = body_bytes(session, fetch_id)
        if body is not None and digest_matches(digest, body):
            return body
    return None
