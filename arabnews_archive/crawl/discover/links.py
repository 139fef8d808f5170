"""A listing page's links, and what each URL says about itself.

`url_shape` is a URL's own evidence: an id, a date or a long slug in the path speaks
for an article; a tag/category/author word for a listing page, though a site may
file its stories under `/archives/<id>`, so that only counts until the page says
otherwise (`crawl.classify`); a page number, a calendar path, a file or the section
itself is never an article. `url_pattern` generalises a URL (numbers, slugs and
short codes replaced) so that the links a page repeats can be counted together.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import NamedTuple
from urllib.parse import parse_qsl, unquote, urlsplit

from lxml import etree

from arabnews_archive.crawl.discover.urls import URL_CACHE, absolute, canonicalize
from arabnews_archive.parse.pubdate import url_date

_LISTING_SEGMENTS = frozenset({
    "tag", "tags", "category", "categories", "cat", "section", "sections", "author", "authors",
    "writer", "writers", "topic", "topics", "keyword", "keywords", "search", "archive",
    "archives", "date", "cat_show", "label", "feed", "rss", "login", "register", "contact",
    "contact-us", "about", "about-us", "privacy", "terms", "newsletter", "subscribe",
    # The same words in Arabic paths: tags, category, section(s), search, archive, writer.
    "وسوم", "وسم", "تصنيف", "تصنيفات", "قسم", "أقسام", "الأقسام", "بحث", "أرشيف", "ارشيف",
    "الأرشيف", "كاتب", "الكاتب", "كتاب-الرأي",
})
_LISTING_KEYS = frozenset({"tag", "cat", "category", "q", "s", "search", "date", "searchtext", "keyword"})
PAGE_KEYS = frozenset({"page", "p", "pg", "paged", "pagenum", "pageno", "start", "offset"})
_MEDIA_EXT = re.compile(r"\.(jpe?g|png|gif|webp|svg|pdf|mp4|mp3|zip|rar|docx?|xlsx?|xml|rss)$", re.I)
# "/page/3" is pagination, but "/page/<uuid>" is how some CMSs name articles.
_PAGED = re.compile(r"/page/\d+/?$", re.I)
_YEAR = re.compile(r"(19|20)\d\d")
_ID = re.compile(r"\d{4,}")
_WORD_SPLIT = re.compile(r"[-_+\s]+")
_SLUG_SEPARATORS = re.compile(r"[-_+\s]")
_DIGITS = re.compile(r"\d+")
_WORD = re.compile(r"\S*[^\W\d_]\S*")
# A short code of letters and digits (`/Qa7xT2`) names one story on link-shortening CMSs.
_CODE = re.compile(r"(?=.*\d)(?=.*[A-Za-z])[A-Za-z0-9]{5,12}|(?=.*[a-z])[A-Za-z][a-z]*[A-Z][A-Za-z]*")
_HEADLINE_WORDS = 4
# What "next page" and "more" links say. «/‹ point to the *next* page on right-to-left
# sites; both directions are followed, and page numbers keep the walk going backwards only.
_NEXT_TEXTS = frozenset({
    "التالي", "التالى", "التالية", "الصفحة التالية", "المزيد", "عرض المزيد", "المزيد من الأخبار",
    "الأقدم", "أقدم", "مواضيع أقدم", "»", "›", "«", "‹", ">", ">>", "next", "next page", "older",
    "older posts", "more", "load more",
})
_ARROWS = "»«›‹<>→← "

# A date in the path is the surest sign of a story: no section, tag or menu carries a day.
DATED, ARTICLE, UNDECIDED, LISTING, NEVER = 2, 1, 0, -1, -2


class Shape(NamedTuple):
    score: int  # DATED, ARTICLE, UNDECIDED, LISTING (the page may overrule it) or NEVER
    reason: str


@dataclass(frozen=True)
class Link:
    url: str  # canonical
    text: str
    element: etree._Element

    @property
    def words(self) -> int:
        return word_count(self.text)


def word_count(text: str) -> int:
    """Whitespace-separated tokens with a letter in them (numbers and dates do not count)."""
    return len(_WORD.findall(text))


def is_headline(text: str) -> bool:
    """Headlines have several words; menu items, tags and "المزيد" one to three."""
    return word_count(text) >= _HEADLINE_WORDS


def says_next(text: str) -> bool:
    """Whether a link's text is a "next page" or "more" label (`التالي »`, `المزيد`)."""
    text = " ".join(text.lower().split())
    return text in _NEXT_TEXTS or text.strip(_ARROWS) in _NEXT_TEXTS


def extract_links(root: etree._Element, page_url: str) -> list[Link]:
    """Every http(s) <a href> resolved against <base>/the page URL, canonicalised; the page
    itself (and its fragments) excluded."""
    base = next(iter(root.xpath("//base/@href")), None)
    base_url = (absolute(page_url, str(base)) if base else None) or page_url
    here = canonicalize(page_url)
    links = []
    for a in root.iter("a"):
        href = (a.get("href") or "").strip()
        if not href or href.startswith(("#", "javascript:", "mailto:", "tel:", "whatsapp:")):
            continue
        url = absolute(base_url, href)
        if url is None or url == here:
            continue
        text = " ".join(a.text_content().split()) or a.get("title") or " ".join(a.xpath(".//img/@alt"))
        links.append(Link(url, text.strip(), a))
    return links


@functools.lru_cache(maxsize=URL_CACHE)
def url_shape(url: str, section_path: str = "/") -> Shape:
    """What the URL alone says: article-like, listing-like, never an article, or nothing."""
    parts = urlsplit(url)
    path = unquote(parts.path)
    segments = [s for s in path.split("/") if s]
    query = [(k.lower(), v) for k, v in parse_qsl(parts.query, keep_blank_values=True)]
    if not segments and not query:
        return Shape(NEVER, "site root")
    if media := _MEDIA_EXT.search(path):
        return Shape(NEVER, f"file ({media.group(0)})")
    if _PAGED.search(path) or any(is_page_query(k, v) for k, v in query):
        return Shape(NEVER, "page number")
    # `/index.php?id=451624` is not the section `/index.php?page=list`: with a query, the
    # path names a script, not a place in the site.
    if segments and not query and section_path.rstrip("/").startswith(path.rstrip("/")):
        return Shape(NEVER, "the section or a parent of it")
    if (when := url_date(url)) is not None:
        return Shape(DATED, f"date {when:%Y-%m-%d} in the path")
    if is_date_archive(segments):
        return Shape(NEVER, "date archive")
    if word := next((s for s in segments if s.lower() in _LISTING_SEGMENTS), None):
        return Shape(LISTING, f"listing word «{word}» in the path")
    if key := next((k for k, _ in query if k in _LISTING_KEYS), None):
        return Shape(LISTING, f"listing query «{key}»")
    for segment in segments:
        if len(_WORD_SPLIT.split(segment)) >= 4 or len(segment) >= 30:
            return Shape(ARTICLE, "long slug in the path")
        if (number := _ID.search(segment)) and not _YEAR.fullmatch(segment):
            return Shape(ARTICLE, f"number {number.group(0)} in the path")
    if number := next((v for _, v in query if v.isdigit() and len(v) >= 4), None):
        return Shape(ARTICLE, f"number {number} in the query")
    return Shape(UNDECIDED, "")


def is_page_query(key: str, value: str) -> bool:
    """A page number or offset in the query (`?page=3`, `&start=40`). `?p=` counts only below
    1000: WordPress names posts `?p=4812`."""
    key = key.lower()
    return value.isdigit() and key in PAGE_KEYS and (key != "p" or len(value) < 4)


def is_date_archive(segments: list[str]) -> bool:
    """/2024/ or /2024/01/ or /2024/01/15/ with nothing after: a calendar, not an article."""
    for i, segment in enumerate(segments):
        if _YEAR.fullmatch(segment):
            rest = segments[i + 1:]
            return len(rest) <= 2 and all(s.isdigit() and len(s) <= 2 for s in rest)
    return False


@functools.lru_cache(maxsize=URL_CACHE)
def url_pattern(url: str) -> str:
    """The URL's path and query with their variable parts generalised: `N` for numbers, `S`
    for slugs, `C` for short codes (`/news/show/1234567/some-title` → `/news/show/N/S`).
    Query values that are numbers become `N`, other values are dropped: `/?p=123` → `/?p=N`."""
    parts = urlsplit(url)
    segments, after_number = [], False
    for segment in unquote(parts.path).rstrip("/").split("/"):
        # After an id, the rest of the path is the story's title, however short.
        segments.append("S" if after_number and any(ch.isalpha() for ch in segment) else _segment_pattern(segment))
        after_number = after_number or segments[-1] == "N"
    segments = "/".join(segments)
    query = parse_qsl(parts.query, keep_blank_values=True)
    keys = sorted(f"{k.lower()}={'N' if v.isdigit() else ''}" for k, v in query)
    return (segments or "/") + ("?" + "&".join(keys) if keys else "")


def _segment_pattern(segment: str) -> str:
    if segment.isdigit():
        return "N"
    if len(_SLUG_SEPARATORS.findall(segment)) >= 2 or len(segment) >= 25:
        return "S"
    if _CODE.fullmatch(segment):
        return "C"
    return _DIGITS.sub("N", segment.lower())


def is_variable(pattern: str) -> bool:
    """Whether a pattern stands for many URLs: everything else in it is lower case."""
    return any(ch in "NSC" for ch in pattern)
