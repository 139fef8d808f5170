"""HTTP header blocks between the archive's stored form and WARC records, both ways.

The archive keeps what `requests` gives: headers as received (names as sent, values
decoded as ISO-8859-1) and the body *after* transfer and content decoding. A WARC
response must describe its payload, so headers that no longer do (a gzip
Content-Encoding over a decoded body, chunked Transfer-Encoding, a stale
Content-Length) are written renamed with the `X-Archive-Orig-` prefix, as pywb and
warcprox do; the importer renames them back, so the stored headers round-trip.
"""
from __future__ import annotations

import http
from collections.abc import Iterable, Mapping
from urllib.parse import urlsplit

from requests.utils import requote_uri
from warcio.statusandheaders import StatusAndHeaders

from arabnews_archive.warc.controls import HTTP_LINE_BREAKERS, escape_controls

ORIG_PREFIX = "x-archive-orig-"
# Common Crawl marks the same renamed headers this way.
CRAWLER_PREFIX = "x-crawler-"
# Headers that describe the bytes on the wire, not the decoded body the archive keeps.
_WIRE_FRAMING = ("content-encoding", "transfer-encoding")
_IDENTITY = ("", "identity")

Pairs = list[tuple[str, str]]


class WireHeaders(StatusAndHeaders):
    """A header block written as the bytes `requests` decoded it from: ISO-8859-1 per line.

    warcio would %-encode any non-ASCII value, which changes it; a line that cannot
    be ISO-8859-1 (text put in headers by hand) is written as UTF-8 instead. A CR, LF
    or other C0 character but TAB (in a header set by hand, or the Host of a URL
    holding a NUL) would end or corrupt the line: it is percent-encoded.
    """

    def compute_headers_buffer(self, header_filter: object = None) -> None:
        self.headers = [(escape_controls(name, HTTP_LINE_BREAKERS)[0], escape_controls(value, HTTP_LINE_BREAKERS)[0])
                        for name, value in self.headers]
        lines = self.to_str().split("\r\n")
        self.headers_buff = b"\r\n".join(_line_bytes(line) for line in lines) + b"\r\n"


def _line_bytes(line: str) -> bytes:
    try:
        return line.encode("iso-8859-1")
    except UnicodeEncodeError:
        return line.encode("utf-8")


def response_block(status: int, headers: Mapping[str, str], body_size: int | None) -> WireHeaders:
    """The HTTP response header block for a stored fetch whose decoded body is `body_size` bytes."""
    return WireHeaders(f"{status} {_phrase(status)}".rstrip(), describe_payload(headers, body_size),
                       protocol="HTTP/1.1")


def _phrase(status: int) -> str:
    # The archive keeps the status code, not the server's reason phrase: use the standard one.
    try:
        return http.HTTPStatus(status).phrase
    except ValueError:
        return ""


def describe_payload(headers: Mapping[str, str], body_size: int | None) -> Pairs:
    """Stored headers in order, framing headers renamed so they describe the decoded body.

    A Content-Length that disagrees with the body is kept renamed and followed by the
    true one; none is added when the server sent none. `body_size` None leaves it be.
    """
    pairs: Pairs = []
    for name, value in headers.items():
        lower = name.lower()
        if lower in _WIRE_FRAMING and value.strip().lower() not in _IDENTITY:
            pairs.append((ORIG_PREFIX + name, value))
        elif lower == "content-length" and body_size is not None and value.strip() != str(body_size):
            pairs += [(ORIG_PREFIX + name, value), (name, str(body_size))]
        else:
            pairs.append((name, value))
    return pairs


def restore_headers(pairs: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Headers as the archive stores them, from a WARC record's HTTP header block.

    Renamed framing headers get their names back (dropping the corrected ones), and a
    value warcio decoded as UTF-8 is given back as ISO-8859-1 text, as `requests`
    would have decoded the same bytes.
    """
    pairs = [(name, _as_latin1(value)) for name, value in pairs]
    renamed = {_original_name(name).lower() for name, _ in pairs if _original_name(name) != name}
    out: dict[str, str] = {}
    for name, value in pairs:
        original = _original_name(name)
        if original == name and name.lower() in renamed:
            continue  # the corrected value written beside the original
        out[original] = f"{out[original]}, {value}" if original in out else value
    return out


def _original_name(name: str) -> str:
    lower = name.lower()
    for prefix in (ORIG_PREFIX, CRAWLER_PREFIX):
        rest = lower[len(prefix):]
        if lower.startswith(prefix) and (rest in _WIRE_FRAMING or rest == "content-length"):
            return name[len(prefix):]
    return name


def _as_latin1(value: str) -> str:
    if all(ord(c) < 0x100 for c in value):
        return value
    return value.encode("utf-8").decode("iso-8859-1")


def request_block(url: str, sent: Mapping[str, str] | None) -> tuple[WireHeaders, bool]:
    """The request line and headers for GET `url`, and whether a Host line was added.

    `sent` are the headers stored as sent (None: unknown, so only Host is written).
    `requests` lets http.client add Host, so it is usually missing from `sent`.
    """
    parts = urlsplit(url)
    target = requote_uri(parts.path or "/") + (f"?{requote_uri(parts.query)}" if parts.query else "")
    pairs: Pairs = list((sent or {}).items())
    added = not any(name.lower() == "host" for name, _ in pairs)
    if added:
        pairs.insert(0, ("Host", parts.netloc.rpartition("@")[2]))
    return WireHeaders(f"GET {target} HTTP/1.1", pairs, is_http_request=True), added
