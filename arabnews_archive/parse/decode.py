"""Raw bytes of an HTML page to correct Unicode text, with Arabic pages in mind.

Evidence is taken in the order browsers use (BOM, HTTP header, <meta>), but a
declaration is only believed when the bytes agree with it: Arabic sites often
send UTF-8 under a server-default "ISO-8859-1", or windows-1256 under a
template's "UTF-8". The arbiter is `arabic_score`, which tells clean Arabic
from mojibake far more reliably than generic detectors do on short pages.
"""
from __future__ import annotations

import codecs
import functools
import re
from dataclasses import dataclass
from typing import Mapping

import charset_normalizer
from bs4.dammit import EncodingDetector

SAMPLE = 64 * 1024
ARABIC_CANDIDATES = ("cp1256", "iso8859-6", "cp1252")
ARABIC = 0.5  # a score this high means "reads as Arabic"
# _plainly_arabic: at least this many ا and ل, and ط with ظ fewer than a fifth of them
# (in Arabic text they are about a tenth; in mojibake through cp1256, as many or more).
PLAIN_ARABIC_MIN_LETTERS = 100
PLAIN_LEAD_LETTER_RATIO = 5
MARGIN = 0.25  # how much better an alternative must score to overrule a declaration


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str  # codec actually used, normalised Python name
    declared: str | None  # charset label the headers/page declared, if any
    source: str  # "bom" | "http" | "meta" | "detected" | "corrected" | "str"


_BOMS = (  # utf-32-le first: its BOM starts with the utf-16-le one
    (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_MAGIC = (  # PNG, JPEG, GIF, PDF, ZIP, gzip, xz, zstd
    b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF87a", b"GIF89a", b"%PDF-",
    b"PK\x03\x04", b"PK\x05\x06", b"\x1f\x8b", b"\xfd7zXZ\x00", b"\x28\xb5\x2f\xfd",
)
_COMMENT_RE = re.compile(rb"<!--.*?(?:-->|$)", re.S)
_HEADER_RE = re.compile(r"charset\s*=\s*[\"']?\s*([^\"';,\s]+)", re.I)

# Labels browsers know and Python does not.
_EXTRA_LABELS = {"x-cp1256": "cp1256", "iso-8859-6-i": "iso8859-6", "iso-8859-6-e": "iso8859-6",
                 "x-user-defined": "cp1252", "unicode-1-1-utf-8": "utf-8", "x-unicode20utf8": "utf-8"}
# WHATWG decodes all of these as windows-1252, which is what such servers really send.
_AS_CP1252 = {"ascii", "iso8859-1", "cp1252"}
# Python codecs that are no web charset (and utf-7 is an XSS vector).
_REFUSED = {"utf-7", "idna", "punycode", "undefined", "unicode-escape", "raw-unicode-escape", "mbcs", "oem"}

_ARABIC_WORD = re.compile("[\u0621-\u064a][\u0621-\u0652]+")
_MOJIBAKE = "\u00c2\u00c3\u00d8\u00d9"  # UTF-8 lead bytes read as cp1252 (counted with str.count)
_UNDEFINED = re.compile("[\u0080-\u009f\ufffd]")  # never present in a right decoding
# The inside of a run of 4+ ASCII characters, its two ends left out (see arabic_score): a
# literal replacement needs no Python code per match, as a "\1 \2" template does, and the
# leading character class lets the scan skip Arabic text without trying a match.
_ASCII_RUN = re.compile(r"[\x00-\x7f](?<=[\x00-\x7f]{2})[\x00-\x7f]+(?=[\x00-\x7f])")
# An Arabic letter glued to a Latin one is almost always a wrong code page.
_MIXED = re.compile("[A-Za-z\u00c0-\u00ff][\u0621-\u064a]|[\u0621-\u064a][A-Za-z\u00c0-\u00ff]")
# Whether _MIXED matches at all, found from the Latin letter's side: in Arabic text Latin
# letters are rare, and a pattern led by them skips the rest instead of trying every letter.
_ANY_MIXED = re.compile("[A-Za-z\u00c0-\u00ff](?:(?=[\u0621-\u064a])|(?<=[\u0621-\u064a][A-Za-z\u00c0-\u00ff]))")


def looks_binary(data: bytes) -> bool:
    """True for images, PDFs and archives: not worth decoding as HTML."""
    head = bytes(data[:SAMPLE])
    if head.startswith(_MAGIC) or (head[:4] == b"RIFF" and head[8:12] == b"WEBP"):
        return True
    if head.startswith(tuple(bom for bom, _ in _BOMS[1:])):
        return False  # UTF-16/32 text is full of NULs
    # File headers put NULs up front; a stray NUL deep in a real page is no proof.
    return b"\x00" in head[:1024] or head.count(b"\x00") * 100 > len(head)


def arabic_score(text: str) -> float:
    """About 1 for clean Arabic, 0 or less for other scripts, negative for mojibake.

    Counted over non-ASCII characters only: markup is ASCII in every candidate
    decoding and would only dilute the difference.
    """
    # Markup runs shrink to their two ends (kept for _MIXED): same score, a third of the work.
    text = _ASCII_RUN.sub(" ", text)
    non_ascii = len(text) - len(text.encode("ascii", "ignore"))
    if not non_ascii:
        return 0.0
    letters = "".join(_ARABIC_WORD.findall(text))
    # Any 8-bit text read as cp1256 gives "Arabic" letters (KOI8-R does, fully);
    # real Arabic has ا and ل in ~20% of its letters (the article ال alone).
    common = letters.count("ا") + letters.count("ل")
    arabic = min(len(letters), common / 0.12)
    mojibake = sum(text.count(c) for c in _MOJIBAKE)
    mixed = len(_MIXED.findall(text)) if _ANY_MIXED.search(text) else 0
    bad = 2 * (mojibake + mixed) + 10 * len(_UNDEFINED.findall(text))
    return (arabic - bad) / non_ascii


def decode_html(data: bytes | str, headers: Mapping[str, str] | None = None) -> Decoded:
    """Decode an HTML page; never raises, even on binary input."""
    if isinstance(data, str):
        # Nothing to decode; "utf-8" is reported as the codec that round-trips it.
        text, repaired = _repair(data)
        return Decoded(text, "utf-8", None, "corrected" if repaired else "str")
    data = bytes(data)
    decls = _declarations(data, headers)
    declared = next((label for _, label, codec in decls if codec), decls[0][1] if decls else None)
    for bom, codec in _BOMS:
        if data.startswith(bom):
            data, source = data[len(bom):], "bom"
            break
    else:
        codec, source = _choose(data, decls)
    text = data.decode(codec, "replace")
    if codec == "utf-8":
        text, repaired = _repair(text)
        source = "corrected" if repaired else source
    return Decoded(text, codec, declared, source)


def _codec(label: str) -> str | None:
    label = label.strip().strip("\"'").lower()
    try:
        info = codecs.lookup(_EXTRA_LABELS.get(label, label))
    except (LookupError, ValueError):
        return None
    if not getattr(info, "_is_text_encoding", True) or info.name in _REFUSED:
        return None
    return "cp1252" if info.name in _AS_CP1252 else info.name


def _declarations(data: bytes, headers: Mapping[str, str] | None) -> list[tuple[str, str, str | None]]:
    """(source, label, codec or None when unknown) per declaration, most authoritative first."""
    found = [("http", m.group(1)) for key, value in (headers or {}).items()
             if str(key).lower() == "content-type" and (m := _HEADER_RE.search(str(value)))]
    # Beautiful Soup's detector reads <?xml encoding?>, <meta charset> and http-equiv alike;
    # a declaration inside an HTML comment is not one, so comments go first.
    head = _COMMENT_RE.sub(b"", data[:SAMPLE])
    label = EncodingDetector.find_declared_encoding(head, is_html=True, search_entire_document=True)
    if label:
        found.append(("meta", label))
    result = []
    for source, label in found:
        codec = _codec(label)
        if source == "meta" and codec and codec.startswith(("utf-16", "utf-32")):
            codec = "utf-8"  # WHATWG: a meta readable as ASCII cannot be in UTF-16
        result.append((source, label.strip("\"'").lower(), codec))
    return result


def _choose(data: bytes, decls: list) -> tuple[str, str]:
    sample, utf8 = _sample(data), _utf8_state(data)
    usable = [(source, codec) for source, _, codec in decls if codec]
    if not usable:
        return ("utf-8" if utf8 != "invalid" else _detect(data, sample)), "detected"
    source, codec = usable[0]
    hints = [c for _, c in usable[1:] if _single_byte(c)]
    if codec == "utf-8":
        return ("utf-8", source) if utf8 != "invalid" else (_detect(data, sample, hints), "corrected")
    if not _single_byte(codec):
        return codec, source  # UTF-16, CJK: nothing Arabic-specific to check
    if utf8 in ("valid", "mostly"):
        return "utf-8", "corrected"  # legacy text is essentially never valid UTF-8
    scores = _scores(sample, [codec, *hints, *ARABIC_CANDIDATES])
    best = max(scores, key=scores.get)
    if scores[best] >= ARABIC and scores[best] > scores[codec] + MARGIN:
        return best, "corrected"
    return codec, source


def _detect(data: bytes, sample: bytes, hints: list[str] = ()) -> str:
    if looks_binary(data):
        return "iso8859-1"  # lossless byte-to-character; the caller rejects it anyway
    scores = _scores(sample, [*hints, *ARABIC_CANDIDATES])
    best = max(scores, key=scores.get)
    if scores[best] >= ARABIC:
        return best
    if hints:
        return hints[0]  # a later declaration beats guessing
    # Not Arabic: a generic detector knows other languages better than we do.
    guess = charset_normalizer.from_bytes(sample).best()
    return (guess and _codec(guess.encoding)) or "cp1252"


def _scores(sample: bytes, candidates: list[str]) -> dict[str, float]:
    """Arabic score per candidate; dict order, the tie-break, follows `candidates`."""
    return {c: arabic_score(sample.decode(c, "replace")) for c in dict.fromkeys(candidates)}


def _sample(data):
    """Head plus middle: bounded, yet sees body text on huge pages."""
    mid = len(data) // 2
    return data if len(data) <= 2 * SAMPLE else data[:SAMPLE] + data[mid:mid + SAMPLE]


def _utf8_state(data: bytes) -> str:
    """"ascii", "valid", "mostly" (a stray byte, a page cut mid-character) or "invalid"."""
    if data.isascii():
        return "ascii"
    try:
        data.decode("utf-8")
        return "valid"
    except UnicodeDecodeError:
        pass
    for chunk in (_sample(data), data):  # the sample settles most legacy pages cheaply
        text = chunk.decode("utf-8", "replace")
        bad = text.count("\ufffd")
        # In a legacy page nearly every non-ASCII byte is invalid UTF-8.
        if bad * 20 > len(text) - len(text.encode("ascii", "ignore")) - bad:
            return "invalid"
    return "mostly"


@functools.lru_cache(maxsize=None)
def _single_byte(codec: str) -> bool:
    # In a single-byte charset every byte becomes exactly one character.
    return not codec.startswith("utf") and len(bytes(range(0x80, 0x100)).decode(codec, "replace")) == 128


@functools.lru_cache(maxsize=None)
def _undoer(codec: str):
    """Fast encoder back to `codec`'s bytes, and a regex for runs of characters that are
    UTF-8 sequences misread through `codec`."""
    def chars(lo, hi):
        # Browsers pass cp1252's five undefined bytes through as latin-1.
        return "".join(bytes([b]).decode(codec, "surrogateescape").replace(chr(0xDC00 + b), chr(b))
                       for b in range(lo, hi + 1))
    encoding_map = codecs.charmap_build(chars(0, 0xFF))
    cont = re.escape(chars(0x80, 0xBF))
    lead2, lead3, lead4 = (re.escape(chars(lo, hi)) for lo, hi in ((0xC2, 0xDF), (0xE0, 0xEF), (0xF0, 0xF4)))
    seq = f"(?:[{lead2}][{cont}]|[{lead3}][{cont}]{{2}}|[{lead4}][{cont}]{{3}})+"
    # Spaces and ASCII punctuation join runs, so a paragraph is undone in one piece.
    runs = re.compile(f"{seq}(?:[\\s\\d.,:;!?()\"'-]+{seq})*")
    return encoding_map, runs


def _undo(text: str, codec: str) -> str:
    """Reverse one misreading of UTF-8 through `codec`, as far as it goes."""
    encoding_map, runs = _undoer(codec)
    def undo(s: str) -> str | None:
        try:
            return codecs.charmap_encode(s, "strict", encoding_map)[0].decode("utf-8")
        except UnicodeError:
            return None
    # When only part of the text is mojibake, undo those runs alone.
    return undo(text) or runs.sub(lambda m: undo(m.group()) or m.group(), text)


def _plainly_arabic(sample: str) -> bool:
    """Clean Arabic at a glance, found with a few C-fast counts instead of scoring: plenty of
    ا and ل, none of the Latin letters UTF-8's lead bytes become through cp1252, and ط and ظ
    (what those lead bytes become through cp1256, every other letter of such mojibake) at
    their ordinary rate of a few in a hundred letters."""
    common = sample.count("ا") + sample.count("ل")
    if common < PLAIN_ARABIC_MIN_LETTERS or any(c in sample for c in _MOJIBAKE):
        return False
    return (sample.count("ط") + sample.count("ظ")) * PLAIN_LEAD_LETTER_RATIO < common


def _repair(text: str) -> tuple[str, bool]:
    """Undo double-encoded UTF-8 (read as cp1252/cp1256, saved again as UTF-8),
    but only when that turns the text clearly into Arabic."""
    sample = _sample(text)
    if sample.isascii() or _plainly_arabic(sample) or (base := arabic_score(sample)) >= ARABIC:
        return text, False
    for codec in ("cp1252", "cp1256"):
        fixed = arabic_score(_undo(sample, codec))
        if fixed >= ARABIC and fixed - base >= ARABIC:
            return _undo(text, codec), True
    return text, False
