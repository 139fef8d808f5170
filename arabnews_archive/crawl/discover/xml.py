"""Tolerant XML reading for sitemaps and feeds, which are often broken or gzipped."""
from __future__ import annotations

import gzip
import io
import zlib

from lxml import etree

_GZIP_MAGIC = b"\x1f\x8b"
# Decompressed size limit: a .gz sitemap is at most 50 MB uncompressed by the protocol.
MAX_XML_BYTES = 50 * 1024 * 1024


def gunzip(body: bytes, limit: int = MAX_XML_BYTES) -> bytes:
    """The body, decompressed if it is gzip (raw .gz files), never more than `limit` bytes."""
    if not body.startswith(_GZIP_MAGIC):
        return body
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(body)) as stream:
            return stream.read(limit)
    except (OSError, EOFError, zlib.error):
        return b""


def parse_xml(body: bytes) -> etree._Element | None:
    """Root element, recovering from broken markup (bare &, unclosed tags); never
    resolves entities or touches the network (no XXE)."""
    data = gunzip(body).lstrip()
    if not data:
        return None
    parser = etree.XMLParser(recover=True, resolve_entities=False, no_network=True, huge_tree=False)
    try:
        return etree.fromstring(data, parser=parser)
    except etree.XMLSyntaxError:
        return None


def local(el: etree._Element) -> str:
    """Tag name without namespace ("loc" for "{http://www.sitemaps.org/...}loc")."""
    return etree.QName(el).localname.lower() if isinstance(el.tag, str) else ""


def child_text(el: etree._Element, *names: str) -> str | None:
    """Text of the first direct child with one of these local names, stripped."""
    for child in el:
        if local(child) in names and child.text and child.text.strip():
            return child.text.strip()
    return None
