"""How values look to a reader: dates in both calendars, URLs decoded, the passage of a result
with the query's words marked, and what changed between two versions of a story."""
from __future__ import annotations

import difflib
import re
from datetime import date, datetime
from typing import Any, Callable

from hijridate import Gregorian
from markupsafe import Markup

from arabnews_archive.article import Article
from arabnews_archive.crawl.discover.urls import display
from arabnews_archive.query.snippets import SearchHit

# A passage long enough to judge a result by, short enough to scan a page of them.
PASSAGE_WORDS = 40
_WORDS = re.compile(r"\S+")
_ARABIC_LETTER = re.compile("[\u0620-\u064a\u066e-\u06d3\u06fa-\u06ff]")
_LATIN_LETTER = re.compile("[A-Za-z\u00c0-\u024f]")


def gregorian(value: datetime | date | None) -> Markup:
    """ "2024-03-10 21:30 +03:00" (the time as the page gave it, its zone when it gave one) as a
    `<time>` set left to right: digits and signs inside Arabic text would otherwise be reordered."""
    if value is None:
        return Markup("")
    shown = value.isoformat()
    if isinstance(value, datetime):
        offset = value.strftime("%z")
        shown = value.strftime("%Y-%m-%d %H:%M") + (f" {offset[:3]}:{offset[3:]}" if offset else "")
    return Markup('<time dir="ltr" datetime="{}">{}</time>').format(value.isoformat(), shown)


def hijri(value: datetime | date | None) -> str:
    """The day in the Hijri (Umm al-Qura) calendar, "الأحد 29 شعبان 1445 هـ"; empty outside the
    years the calendar's tables cover (1924-2077)."""
    if value is None:
        return ""
    try:
        day = Gregorian(value.year, value.month, value.day).to_hijri()
    except OverflowError:
        return ""
    return f"{day.day_name('ar')} {day.day} {day.month_name('ar')} {day.year} {day.notation('ar')}"


def direction(*texts: str | None) -> str:
    """ "rtl" unless the text holds more Latin letters than Arabic ones. Browsers' `dir="auto"`
    looks at the first letter only, and an Arabic headline may well open with "iPhone"."""
    joined = " ".join(t for t in texts if t)
    arabic = len(_ARABIC_LETTER.findall(joined))
    return "ltr" if len(_LATIN_LETTER.findall(joined)) > arabic else "rtl"


def percent(ratio: float) -> str:
    return f"{ratio * 100:.1f}%"


def passage(article: Article) -> list[tuple[str, bool]]:
    """The passage a result shows, as (text, is a match) pieces: a search hit's own snippet and
    highlights (the words search matched, clitics and all), else the story's opening."""
    if isinstance(article, SearchHit):
        pieces, shown = [], 0
        for start, end in article.highlights:
            pieces += [(article.snippet[shown:start], False), (article.snippet[start:end], True)]
            shown = end
        pieces.append((article.snippet[shown:], False))
        return [piece for piece in pieces if piece[0]]
    opening = next((p for p in (article.description, *article.paragraphs) if p), "")
    words = _WORDS.findall(opening)
    return [(" ".join(words[:PASSAGE_WORDS]) + (" …" if len(words) > PASSAGE_WORDS else ""), False)] if words else []


def passage_text(pieces: list[tuple[str, bool]]) -> str:
    return "".join(text for text, _ in pieces)


def story_words(article: Article) -> list[str]:
    """A version's headline and story as words, paragraph breaks kept as "¶" words."""
    words = _WORDS.findall(article.title or "") + ["¶"]
    for paragraph in article.paragraphs:
        words += _WORDS.findall(paragraph) + ["¶"]
    return words


def word_diff(old: Article, new: Article) -> list[tuple[str, str]]:
    """What changed from `old` to `new`, word by word: ("same"|"removed"|"added", text) runs."""
    a, b = story_words(old), story_words(new)
    runs: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            runs.append(("same", " ".join(a[i1:i2])))
            continue
        if i2 > i1:
            runs.append(("removed", " ".join(a[i1:i2])))
        if j2 > j1:
            runs.append(("added", " ".join(b[j1:j2])))
    return runs


def url(value: str | None) -> str:
    return display(value) if value else ""


def href(value: str | None) -> str | None:
    """A stored URL fit to link to: web addresses only (a page may name `javascript:` anything)."""
    return value if value and value.lower().startswith(("http://", "https://")) else None


FILTERS: dict[str, Callable[..., Any]] = {"gregorian": gregorian, "hijri": hijri, "percent": percent, "url": url,
                                          "href": href, "direction": direction}
