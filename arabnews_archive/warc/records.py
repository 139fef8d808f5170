"""Stored fetches as WARC/1.1 records, written with warcio's WARCWriter (one gzip member each).

Every record goes out through `FetchWriter._write`, the one place where WARC header
values are made safe: a control character (a CR/LF in a URL that came from an import
sidecar or a page's canonical link would forge a header line) is percent-encoded,
and the record is kept and counted in `escaped`.
"""
from __future__ import annotations

import base64
import hashlib
import io
from datetime import datetime, timezone
from typing import Any

from importlib.metadata import version
from warcio.recordloader import ArcWarcRecord
from warcio.timeutils import datetime_to_iso_date
from warcio.warcwriter import WARCWriter

from arabnews_archive.store.models import Fetch
from arabnews_archive.version import __version__
from arabnews_archive.warc import fields
from arabnews_archive.warc.controls import escape_controls
from arabnews_archive.warc.http import request_block, response_block

WARC_VERSION = "1.1"
NOT_MODIFIED_PROFILE = "http://netpreserve.org/warc/1.1/revisit/server-not-modified"
SOFTWARE = f"arabnews-archive/{__version__} (warcio/{version('warcio')})"


def warc_date(value: datetime) -> str:
    """WARC-Date with microseconds (WARC/1.1), so fetch times round-trip exactly."""
    return datetime_to_iso_date(value.astimezone(timezone.utc).replace(tzinfo=None), use_micros=True)


def payload_digest(body: bytes) -> str:
    """The SHA-1 digest in base 32, as WARC tools write and compare it."""
    return "sha1:" + base64.b32encode(hashlib.sha1(body).digest()).decode("ascii")


def target_uri(fetch: Fetch) -> str:
    """WARC-Target-URI: the URL the response came from, after redirects."""
    return fetch.final_url or fetch.requested_url


def is_not_modified(fetch: Fetch) -> bool:
    """A 304 (conditional request answered with "unchanged"): a revisit with no payload."""
    return (fetch.status == 304 or fetch.not_modified) and not fetch.size


class FetchWriter:
    """Writes fetches to one WARC file: a warcinfo record, then records per fetch."""

    def __init__(self, stream: io.BufferedIOBase):
        self.writer = WARCWriter(stream, gzip=True, warc_version=WARC_VERSION)
        self.escaped = 0  # records written with control characters percent-encoded in their WARC headers

    def warcinfo(self, filename: str, description: str) -> None:
        info = {
            "software": SOFTWARE,
            "format": "WARC File Format 1.1",
            "conformsTo": "https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/",
            "description": description,
        }
        self._write(self.writer.create_warcinfo_record(filename, info))

    def response(self, fetch: Fetch, body: bytes) -> None:
        assert fetch.status is not None
        extras = _extras(fetch, stored_body=fetch.body_id is not None, implied_body=True)
        record = self.writer.create_warc_record(
            target_uri(fetch), "response", payload=io.BytesIO(body), length=len(body),
            http_headers=response_block(fetch.status, fetch.headers or {}, len(body)),
            warc_headers_dict=_warc_fields(fetch, extras),
        )
        self._with_request(fetch, record)

    def identical_revisit(self, fetch: Fetch, body: bytes, refers_to_uri: str, refers_to_date: datetime) -> None:
        """A re-fetch whose body equals an earlier record's: headers only, payload by reference."""
        assert fetch.status is not None
        record = self.writer.create_revisit_record(
            target_uri(fetch), payload_digest(body), refers_to_uri, warc_date(refers_to_date),
            http_headers=response_block(fetch.status, fetch.headers or {}, len(body)),
            warc_headers_dict=_warc_fields(fetch, _extras(fetch, stored_body=True, implied_body=True)),
        )
        self._with_request(fetch, record)

    def not_modified(self, fetch: Fetch) -> None:
        assert fetch.status is not None
        extras = _extras(fetch, stored_body=fetch.body_id is not None, implied_body=False)
        warc_fields = {"WARC-Profile": NOT_MODIFIED_PROFILE, **_warc_fields(fetch, extras)}
        record = self.writer.create_warc_record(
            target_uri(fetch), "revisit", http_headers=response_block(fetch.status, fetch.headers or {}, None),
            warc_headers_dict=warc_fields,
        )
        self._with_request(fetch, record)

    def resource(self, fetch: Fetch, body: bytes) -> None:
        """A page stored without an HTTP exchange (an imported file): the bytes and their type."""
        headers = fetch.headers or {}
        content_type = next((v for k, v in headers.items() if k.lower() == "content-type"), "text/html")
        extras = _extras(fetch, stored_body=True, implied_body=True)
        if headers:
            extras["headers"] = headers
        record = self.writer.create_warc_record(
            target_uri(fetch), "resource", payload=io.BytesIO(body), length=len(body),
            warc_content_type=content_type, warc_headers_dict=_warc_fields(fetch, extras),
        )
        self._write(record)

    def _with_request(self, fetch: Fetch, response: ArcWarcRecord) -> None:
        block, host_added = request_block(target_uri(fetch), fetch.request_headers)
        how = fields.SYNTHESIZED if fetch.request_headers is None else fields.HOST_ADDED if host_added else None
        request = self.writer.create_warc_record(
            target_uri(fetch), "request", http_headers=block,
            warc_headers_dict={fields.REQUEST_FIELD: how} if how else None,
        )
        # The response first, then the request pointing to it with WARC-Concurrent-To.
        self._write(response, request)

    def _write(self, record: ArcWarcRecord, request: ArcWarcRecord | None = None) -> None:
        self.escaped += any([_escape_headers(r) for r in (record, request) if r is not None])
        if request is None:
            self.writer.write_record(record)
        else:
            self.writer.write_request_response_pair(request, record)


def _escape_headers(record: ArcWarcRecord) -> bool:
    """Percent-encode control characters in the record's WARC header values; whether there were any."""
    headers = record.rec_headers.headers
    escaped = [escape_controls(value) for _, value in headers]
    headers[:] = [(name, value) for (name, _), (value, _) in zip(headers, escaped)]
    return any(changed for _, changed in escaped)


def _extras(fetch: Fetch, *, stored_body: bool, implied_body: bool) -> dict[str, Any]:
    """What the record cannot say itself (see fields.py); `implied_body`: import will store one."""
    extras: dict[str, Any] = {}
    if fetch.requested_url != target_uri(fetch):
        extras["requested_url"] = fetch.requested_url
    if fetch.redirects:
        extras["redirects"] = fetch.redirects
    if fetch.error is not None:
        extras["error"] = fetch.error
    if bool(fetch.not_modified) != (fetch.status == 304):
        extras["not_modified"] = bool(fetch.not_modified)
    if stored_body != implied_body:
        extras["body"] = "" if stored_body else None
    return extras


def _warc_fields(fetch: Fetch, extras: dict[str, Any]) -> dict[str, str]:
    found = {"WARC-Date": warc_date(fetch.fetched_at)}
    encoded = fields.encode(extras)
    if encoded:
        found[fields.FETCH_FIELD] = encoded
    return found

