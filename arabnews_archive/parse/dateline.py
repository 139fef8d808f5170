"""Pass 4, dateline: the place (and agency or reporter) that opens a story.

"واشنطن - العرب اليوم", "القاهرة (رويترز) -", "بيروت – أ ف ب:", "لندن ـ ماريا طبراني",
"هسبريس من الرباط", "أ ش أ -", "(قنا) -", "عماد مراد - الدوحة". It is either a short line
of its own near the top of the story or the opening words of the first paragraph up to a
dash. It is read as pieces between separators, each a place, an agency, another news
source, a person or something else, and recognised by what they are: a known place or a
news agency must be among them, and nothing else may be. A person's name beside the place
is a byline: it goes to the authors, and the dateline keeps the place. The site's own name
alone ("حرية برس:") or a section label ("الكومبس – الصحة") is no dateline; neither is a
date, a ticker label ("عاجل: ...") nor a sentence that happens to hold a dash.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from arabnews_archive.parse.body import line_key
from arabnews_archive.parse.bylines import BYLINE_LABEL, NOT_NAME_WORDS, is_bare_name, printed_byline
from arabnews_archive.parse.gazetteer import MEDIA_WORDS, is_agency, is_place, is_site, is_source

_SEP = re.compile(r"\s*(?:[-–—ـ_]{1,3}|:|/)\s*")
_BRACKETS = re.compile(r"\s*\(([^()]{1,40})\)\s*")
_LABEL = re.compile(r"^(?:المصدر|المكان|مصدر الخبر|source)\s*:\s*", re.IGNORECASE)
_FROM_PLACE = re.compile(r"^(?P<src>\S+(?:\s\S+){0,2})\s+من\s+(?P<place>\S+(?:\s\S+){0,2})$")
_WORD = re.compile(r"\w+")
# Every pattern is compiled here, none through re's own cache: that cache holds 512 patterns,
# and a process running other parsers beside this one evicts ours, to recompile per page.
_DIGITS = re.compile(r"\d+")
_COMMA = re.compile(r"[،,]")
_ON_DAY = re.compile(r"^(.+?)\s+(?:في|فى)\s+\d")
_QUOTES = " \"«»“”'"
# A full stop ends a sentence; inside an abbreviation ("أ.ف.ب") it does not.
_SENTENCE_MARK = re.compile(r"[!؟?\"«»“”]|\.(?:\s|$)")
_STRIP = " ،,:-–—ـ_/|…."
# Labels a ticker or a teaser opens with: never a place, however short.
_LABELS = frozenset(line_key(w) for w in "عاجل هام خاص حصري تحديث فيديو بالفيديو صور بالصور شاهد breaking urgent live".split())
# Pieces of a dateline, by kind.
PLACE, AGENCY, SOURCE, NAME, OTHER = "place", "agency", "source", "name", "other"
MAX_PIECE_WORDS = 5
MAX_LINE_WORDS = 12
# What follows a dateline opening a paragraph is story: a sentence, not a label or two.
MIN_STORY_WORDS = 5


@dataclass(frozen=True)
class Dateline:
    text: str
    author: str | None
    rest: str  # what is left of the paragraph once the dateline is taken out


def _words(text: str) -> int:
    return len(_WORD.findall(text))


def _kind(piece: str, site_names: set[str]) -> str:
    """What one piece between separators names."""
    piece = piece.strip(_QUOTES)  # "الأنباء" printed in quotes is still the outlet
    if not piece or _words(piece) > MAX_PIECE_WORDS or _SENTENCE_MARK.search(piece):
        return OTHER
    dated = len(_DIGITS.findall(piece)) > 1  # "الاثنين 11 شباط 2019"; one number may be a name's ("عربي21")
    on_day = _ON_DAY.match(piece)  # "القاهرة في 5 أبريل": the place and the day of the story
    if is_place(on_day.group(1) if on_day else piece) and (on_day or not _DIGITS.search(piece)):
        return PLACE
    if is_agency(piece):
        return AGENCY
    if is_source(piece, site_names) and not dated:
        return SOURCE
    if is_bare_name(piece, site_names) or printed_byline(piece, site_names):
        return NAME  # "عماد مراد", "بواسطة أيمن الفاتح"
    return OTHER


def _pieces(text: str) -> list[tuple[int, int]]:
    """The (start, end) spans of ``text`` between separators."""
    spans, start = [], 0
    for sep in _SEP.finditer(text):
        if sep.start() > start:
            spans.append((start, sep.start()))
        start = sep.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def _cut(text: str, start: int, end: int) -> str:
    """The dateline as printed: the page's own separators kept ("القاهرة _ العرب اليوم")."""
    return text[start:end].strip(_STRIP)


def _is_unknown_place(piece: str, following: str | None) -> bool:
    """A place missing from the gazetteer reads as one when a news agency follows it
    ("نانتكيت - أ ف ب"): a word or two, no digits, no label, no sentence word."""
    key = line_key(piece)
    return (following == AGENCY and 1 <= len(key.split()) <= 2 and not _DIGITS.search(key)
            and not any(w in _LABELS for w in key.split()) and not BYLINE_LABEL.match(piece))


def _read_pieces(text: str, spans: list[tuple[int, int]], site_names: set[str], whole_line: bool) -> Dateline | None:
    """A dateline made of exactly these pieces, or None."""
    kinds = [_kind(text[a:b], site_names) for a, b in spans]
    for i, kind in enumerate(kinds):
        piece = text[spans[i][0]:spans[i][1]]
        if kind == OTHER and _is_unknown_place(piece, kinds[i + 1] if i + 1 < len(kinds) else None):
            kinds[i] = PLACE
        elif (kind == OTHER and whole_line and 0 < i == len(kinds) - 1 and kinds[i - 1] == PLACE
              and _words(piece) <= 2 and not _DIGITS.search(piece)):
            # "بغداد ـ العالم", "نيودلهي ـ لايف استايل": after the place, on a line of its own,
            # a word or two that name no one name the outlet.
            kinds[i] = SOURCE
    if OTHER in kinds or kinds.count(NAME) > 1 or kinds.count(PLACE) > 2:
        return None
    if PLACE not in kinds and AGENCY not in kinds:
        return None  # the site or a "متابعات" alone: no place, no agency
    name = kinds.index(NAME) if NAME in kinds else None
    if name is None:
        return Dateline(_cut(text, spans[0][0], spans[-1][1]), None, "")
    author = _cut(text, *spans[name])
    if name == 0:  # "عماد مراد - الدوحة"
        return Dateline(_cut(text, spans[1][0], spans[-1][1]), author, "")
    return Dateline(_cut(text, spans[0][0], spans[name - 1][1]), author, "")


def _whole_line(text: str, site_names: set[str]) -> Dateline | None:
    if _words(text) > MAX_LINE_WORDS:
        return None
    m = _FROM_PLACE.match(text)
    if m and is_place(m.group("place")) and len(text) < 50:
        return Dateline(text, None, "")
    bracket = _BRACKETS.search(text)
    if bracket:
        found = _bracketed(text, bracket, site_names)
        return found if found and not found.rest else None
    spans = _pieces(text.rstrip(_STRIP))
    if not spans or len(spans) > 4:
        return None
    if len(spans) == 1 and text.rstrip() == text.rstrip(_STRIP):
        return None  # a lone word needs its separator to be a dateline: "القاهرة:" but not "القاهرة"
    return _read_pieces(text, spans, site_names, whole_line=True)


def _bracketed(text: str, bracket: re.Match, site_names: set[str]) -> Dateline | None:
    """"القاهرة (رويترز) -", "(قنا) -", "(رويترز) - بغداد -", "(نيويورك) —", "إسماعيل عزام، الرباط (CNN)—"."""
    inside = bracket.group(1)
    head = text[: bracket.start()].strip(" ،,")
    rest = text[bracket.end():]
    after = _SEP.match(rest)
    if not after and rest.strip():
        return None  # "استخدمت روسيا حق النقض (الفيتو) الجمعة": a bracket inside a sentence
    rest = rest[after.end():].strip() if after else ""
    source = is_agency(inside) or is_source(inside, site_names)
    if not head:
        # "(نيويورك) — قالت ...", "(قنا) - أعلنت ...": the site's own name alone is no dateline.
        if is_place(inside):
            return Dateline(_cut(text, 0, bracket.end()), None, rest)
        if is_agency(inside) and not is_site(inside, site_names):
            place = _SEP.search(rest)
            if place and is_place(rest[: place.start()]):  # the place after the agency
                return Dateline(_cut(text, 0, bracket.end() + after.end() + place.start()), None, rest[place.end():].strip())
            return Dateline(_cut(text, 0, bracket.end()), None, rest)
        return None
    if not source or _SENTENCE_MARK.search(head) or _words(head) > MAX_PIECE_WORDS:
        return None
    if is_place(head):
        return Dateline(_cut(text, 0, bracket.end()), None, rest)
    parts = [p.strip() for p in _COMMA.split(head)]
    if len(parts) == 2 and is_bare_name(parts[0], site_names) and is_place(parts[1]):
        start = text.index(parts[1])
        return Dateline(_cut(text, start, bracket.end()), parts[0], rest)
    if is_agency(inside) and _is_unknown_place(head, AGENCY):
        return Dateline(_cut(text, 0, bracket.end()), None, rest)
    return None


def _opening(text: str, site_names: set[str]) -> Dateline | None:
    """A dateline opening a paragraph of story: "PLACE - story", "PLACE - SOURCE - story",
    "PLACE - NAME: story", "AGENCY - story", "SOURCE - PLACE - story", "PLACE - SOURCE story"."""
    spans = _pieces(text)[:4]
    # The most leading pieces that read as a dateline; the piece after them starts the story.
    for n in range(min(3, len(spans) - 1), 0, -1):
        found = _read_pieces(text, spans[:n], site_names, whole_line=False)
        if not found:
            continue
        rest = text[spans[n][0]:].strip()
        if _words(rest) < MIN_STORY_WORDS:
            return None  # "السويد – سياسة – محليات": a section path, not a dateline before a story
        if n == 1 and found.text == _cut(text, *spans[0]) and is_place(found.text):
            # "أبوظبي - سكاي نيوز عربية قال ...": the source runs into the story, no separator.
            words = rest.split()
            count = _source_words(words, site_names)
            if count:
                end = spans[1][0] + len(" ".join(words[:count]))
                return Dateline(_cut(text, 0, end), None, " ".join(words[count:]).lstrip(_STRIP))
        return Dateline(found.text, found.author, rest)
    return None


def _source_words(words: list[str], site_names: set[str]) -> int:
    """How many leading words name a news source, with the outlet words after them
    ("سكاي نيوز عربية قال" -> 3), or 0: the site, an agency, or a few words ending in an
    outlet's word ("سكاي نيوز"), none of them a sentence's ("أعلنت وكالة" is story)."""
    for n in range(1, min(4, len(words)) + 1):
        phrase = " ".join(words[:n])
        keys = line_key(phrase).split()
        outlet = keys and keys[-1] in MEDIA_WORDS and not any(k in NOT_NAME_WORDS for k in keys)
        if outlet or is_site(phrase, site_names) or is_agency(phrase):
            while n < len(words) and _kind(words[n], site_names) == SOURCE:
                n += 1
            return n
    return 0


def parse_dateline(text: str, site_names: set[str], whole_line: bool) -> Dateline | None:
    """Read a dateline at the start of ``text``; ``whole_line`` when text is a line of its own."""
    text = _LABEL.sub("", text.strip())
    if not text or "://" in text[:80] or line_key(text).split(" ")[0] in _LABELS:
        return None
    if whole_line:
        return _whole_line(text, site_names)
    bracket = _BRACKETS.search(text[:80])
    if bracket and _words(text[: bracket.start()]) <= MAX_PIECE_WORDS:
        return _bracketed(text, bracket, site_names)
    return _opening(text, site_names)

