"""A WARC payload with its HTTP transfer and content encodings undone, within a size cap.

warcio can decode chunked and gzip/deflate payloads itself, but in whole pieces: a
chunk is read at once and inflated in one call, so a 1.4 KB record holding a
gzip-encoded 512 MB payload took gigabytes of memory (a decompression bomb). Here the
encoded bytes are read, de-chunked and inflated a piece at a time, and decoding stops
as soon as the decoded payload passes the cap: never more than the cap and one piece
are held. What is decoded, and how a mislabelled payload is taken, follows warcio.
"""
from __future__ import annotations

import zlib
from collections.abc import Callable, Iterable, Iterator
from typing import Protocol

try:
    import brotli
except ImportError:  # optional, as for warcio and requests
    brotli = None

PIECE = 1 << 16  # bytes read, or inflated, at a time
_CHUNK_LINE = 64  # a chunk-size line longer than this means the payload is not chunked (warcio's rule)
_MAX_CHUNK = 1 << 31
_GZIP = 16 + zlib.MAX_WBITS
_DEFLATE = (zlib.MAX_WBITS, -zlib.MAX_WBITS)  # zlib-wrapped, as the RFC says, or raw, as servers often send


class PayloadTooLarge(Exception):
    """The decoded payload is larger than the cap; reading stopped there."""

    def __init__(self, cap: int):
        super().__init__(f"payload over {size_label(cap)} after decoding")
        self.cap = cap


class DecodeError(Exception):
    """The payload's content encoding breaks off after decoding began."""


class Stream(Protocol):
    def read(self, length: int) -> bytes: ...

    def readline(self, length: int) -> bytes: ...


def size_label(size: int) -> str:
    mb = size / (1024 * 1024)
    return f"{mb:g} MB" if mb >= 1 else f"{size} bytes"


def decoded_payload(raw: Stream, transfer_encoding: str | None, content_encoding: str | None, cap: int) -> bytes:
    """The payload read from `raw` (the record after its HTTP headers), de-chunked and decoded.

    Raises PayloadTooLarge past `cap` decoded bytes, DecodeError when the content
    encoding breaks off, KeyError for a content encoding not in `supported()`.
    """
    chunked = (transfer_encoding or "").strip().lower() == "chunked"
    pieces = _dechunked(raw) if chunked else _pieces(raw)
    coding = _coding(content_encoding)
    decoded = _DECODERS[coding](pieces) if coding else pieces
    payload = bytearray()
    for piece in decoded:
        payload += piece
        if len(payload) > cap:
            raise PayloadTooLarge(cap)
    return bytes(payload)


def supported(content_encoding: str | None) -> bool:
    """Whether a payload with this Content-Encoding can be decoded (brotli needs its package, 1.2+)."""
    coding = _coding(content_encoding)
    return not coding or coding in _DECODERS


def _coding(content_encoding: str | None) -> str:
    coding = (content_encoding or "").strip().lower()
    return "" if coding == "identity" else coding


def _pieces(raw: Stream) -> Iterator[bytes]:
    while piece := raw.read(PIECE):
        yield piece


def _dechunked(raw: Stream) -> Iterator[bytes]:
    """Chunked transfer encoding undone; from a line that is not a chunk size on, the bytes as they are."""
    while True:
        line = raw.readline(_CHUNK_LINE)
        size = _chunk_size(line)
        if size is None:  # servers send "chunked" over bodies that are not
            yield line
            yield from _pieces(raw)
            return
        if size == 0:
            return
        while size:
            piece = raw.read(min(size, PIECE))
            if not piece:
                return  # cut short: what there is
            size -= len(piece)
            yield piece
        end = raw.read(2)
        if end != b"\r\n":
            yield end
            yield from _pieces(raw)
            return


def _chunk_size(line: bytes) -> int | None:
    if not line.endswith(b"\r\n"):
        return None
    try:
        size = int(line[:-2].split(b";")[0], 16)
    except ValueError:
        return None
    return size if 0 <= size <= _MAX_CHUNK else None


def _inflated(pieces: Iterable[bytes], wbits_tried: tuple[int, ...], gzip: bool) -> Iterator[bytes]:
    """zlib streams inflated PIECE bytes at a time (every gzip member, as urllib3 does).

    A payload that fails in its first piece under every `wbits` is taken as not
    compressed at all (a mislabelled response), as warcio and browsers take it.
    """
    source = iter(pieces)
    first = next(source, b"")
    for wbits in wbits_tried:
        inflater = zlib.decompressobj(wbits)
        try:
            head = inflater.decompress(first, PIECE)
        except zlib.error:
            continue
        yield from _inflate_rest(inflater, head, source, gzip)
        return
    yield first
    yield from source


def _inflate_rest(inflater: zlib._Decompress, head: bytes, source: Iterator[bytes], gzip: bool) -> Iterator[bytes]:
    output = head
    while True:
        if output:
            yield output
        if inflater.eof:
            rest = inflater.unused_data or next(source, b"")
            if not (gzip and rest.startswith(b"\x1f\x8b")):
                return  # bytes after the stream are ignored, as urllib3 does
            inflater = zlib.decompressobj(_GZIP)
            data = rest
        else:
            data = inflater.unconsumed_tail or next(source, b"")
            if not data:
                # Cut short: what was inflated, and the few bytes of a match still pending.
                yield inflater.flush()
                return
        try:
            output = inflater.decompress(data, PIECE)
        except zlib.error as exc:
            raise DecodeError(str(exc)) from None


def _gunzipped(pieces: Iterable[bytes]) -> Iterator[bytes]:
    return _inflated(pieces, (_GZIP,), gzip=True)


def _inflated_deflate(pieces: Iterable[bytes]) -> Iterator[bytes]:
    return _inflated(pieces, _DEFLATE, gzip=False)


def _unbrotlied(pieces: Iterable[bytes]) -> Iterator[bytes]:
    """Brotli decoded with its output bounded (`output_buffer_limit`, brotli 1.2)."""
    assert brotli is not None
    decoder = brotli.Decompressor()
    source = iter(pieces)
    first = next(source, b"")
    try:
        output = decoder.process(first, output_buffer_limit=PIECE)
    except brotli.error:
        yield first  # not brotli at all: taken as it is, as for gzip
        yield from source
        return
    while True:
        yield output
        if decoder.is_finished():
            return
        data = b"" if not decoder.can_accept_more_data() else next(source, None)
        if data is None:
            return
        try:
            output = decoder.process(data, output_buffer_limit=PIECE)
        except brotli.error as exc:
            raise DecodeError(str(exc)) from None


_DECODERS: dict[str, Callable[[Iterable[bytes]], Iterator[bytes]]] = {
    "gzip": _gunzipped, "x-gzip": _gunzipped, "deflate": _inflated_deflate,
}
if brotli is not None and hasattr(brotli.Decompressor, "can_accept_more_data"):
    _DECODERS["br"] = _unbrotlied
