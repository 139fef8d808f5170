"""Content-type checks: the declared type, then the bytes themselves.

Servers mislabel files: an image behind a `.html` URL served as text/html would
otherwise be archived and parsed as an article.
"""
from __future__ import annotations

from collections.abc import Collection

from arabnews_archive.fetch.settings import GZIP_TYPES

# (offset, magic bytes, name). Only formats plausibly met on news sites.
_MAGIC: tuple[tuple[int, bytes, str], ...] = (
    (0, b"\x89PNG\r\n\x1a\n", "PNG"),
    (0, b"\xff\xd8\xff", "JPEG"),
    (0, b"GIF87a", "GIF"),
    (0, b"GIF89a", "GIF"),
    (0, b"%PDF-", "PDF"),
    (0, b"PK\x03\x04", "ZIP"),
    (0, b"\x1f\x8b", "gzip"),
    (0, b"BM", "BMP"),
    (0, b"OggS", "Ogg"),
    (0, b"ID3", "MP3"),
    (0, b"\x00\x00\x01\x00", "ICO"),
    (0, b"wOFF", "WOFF"),
    (0, b"wOF2", "WOFF2"),
    (4, b"ftyp", "MP4"),
    (8, b"WEBP", "WebP"),
)
ANY_TYPE: frozenset[str] = frozenset({"*/*"})


def type_error(content_type: str | None, accept: Collection[str]) -> str | None:
    """Why a declared media type is refused, or None. A missing type is left to sniffing."""
    if content_type is None or "*/*" in accept or content_type in accept:
        return None
    if "text/html" in accept:
        return f"not HTML ({content_type})"
    return f"unexpected content type ({content_type})"


def sniff_error(first_bytes: bytes, content_type: str | None, accept: Collection[str]) -> str | None:
    """Why the first bytes of a body betray binary content behind a textual type, or None."""
    if "*/*" in accept:
        return None
    for offset, magic, name in _MAGIC:
        if first_bytes[offset:offset + len(magic)] == magic:
            if name == "gzip" and not GZIP_TYPES.isdisjoint(accept):
                return None  # a raw .gz sitemap, asked for as such
            return f"binary content behind {content_type or 'an undeclared type'} ({name})"
    if b"\x00" in first_bytes[:1024] and not first_bytes.startswith((b"\xff\xfe", b"\xfe\xff")):
        return f"binary content behind {content_type or 'an undeclared type'}"
    return None
