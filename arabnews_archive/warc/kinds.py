"""What a WARC payload is: HTML to archive and parse, or a kind to count and skip."""
from __future__ import annotations

import re

from arabnews_archive.fetch.settings import HTML_TYPES

# Types servers put on anything; the bytes decide.
_VAGUE_TYPES = frozenset({"text/plain", "application/octet-stream", "unknown/unknown", "application/unknown",
                          "binary/octet-stream"})
_HTML_START = re.compile(rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title)[\s>/]",
                         re.IGNORECASE | re.DOTALL)
_SNIFF_BYTES = 1024
_KINDS = (
    ("image/", "image"), ("text/css", "css"), ("javascript", "javascript"), ("ecmascript", "javascript"),
    ("json", "json"), ("xml", "xml"), ("font", "font"), ("video/", "video"), ("audio/", "audio"),
    ("application/pdf", "pdf"),
)


def media_type(content_type: str | None) -> str | None:
    """The media type without parameters, lower-cased; None when absent or empty."""
    if not content_type:
        return None
    return content_type.split(";", 1)[0].strip().lower() or None


def may_be_html(media: str | None) -> bool:
    """Whether the declared type leaves the page possibly HTML (declared so, vague, or missing)."""
    return media is None or media in HTML_TYPES or media in _VAGUE_TYPES


def is_html(media: str | None, body: bytes) -> bool:
    """HTML by its declared type, or, when the type is vague or missing, by its first bytes."""
    if media in HTML_TYPES:
        return True
    if not may_be_html(media):
        return False
    start = body[:_SNIFF_BYTES].lstrip(b"\xef\xbb\xbf")
    return _HTML_START.match(start) is not None


def kind_of(media: str | None) -> str:
    """A short name to count skipped payloads by: image, css, javascript, ... or the media type."""
    if media is None:
        return "untyped"
    for marker, kind in _KINDS:
        if marker in media:
            return kind
    return media
