"""Next pages of a listing, and the traps that look like them.

A section is walked backwards in time through its pagination. Two kinds of link
look like pagination but never end: calendar navigation (`?date=2024-01-16`,
`/2024/01/` archive pages, each linking to the next day or month) and page
numbers that keep growing on empty pages. Calendar links are refused outright;
page numbers are capped by `max_listing_pages`, and the crawl loop stops a chain
when a page brings no new articles (`stop_paging`).
"""
from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit, urlunsplit

from lxml import etree

from arabnews_archive.crawl.discover.dates import before
from arabnews_archive.crawl.discover.links import Link, is_date_archive, is_page_query, says_next
from arabnews_archive.crawl.discover.urls import URL_CACHE, absolute, canonicalize

_PATH_PAGE = re.compile(r"/(?:page|p|pages|صفحة)/(\d{1,6})/?$", re.I)
_CALENDAR_KEYS = frozenset({"date", "day", "month", "year", "d", "m", "y", "cal", "calendar", "from", "to"})
_DATE_VALUE = re.compile(r"^\d{4}[-/.]\d{1,2}([-/.]\d{1,2})?$|^\d{1,2}[-/.]\d{1,2}[-/.]\d{4}$")
_NUMBER = re.compile(r"^\d{1,5}$")
_PAGER_DEPTH = 4


@functools.lru_cache(maxsize=URL_CACHE)
def page_number(url: str) -> int | None:
    """The page number a listing URL carries (`?page=3`, `&p=3`, `/page/3/`), if any."""
    parts = urlsplit(url)
    for key, value in parse_qsl(parts.query):
        if is_page_query(key, value):
            return int(value)
    match = _PATH_PAGE.search(unquote(parts.path))
    return int(match.group(1)) if match else None


@functools.lru_cache(maxsize=URL_CACHE)
def is_calendar(url: str) -> bool:
    """Calendar navigation: a date as a query value or a date-only archive path."""
    parts = urlsplit(url)
    for key, value in parse_qsl(parts.query):
        if key.lower() in _CALENDAR_KEYS and (value.isdigit() or _DATE_VALUE.match(value)):
            return True
        if _DATE_VALUE.match(value):
            return True
    return is_date_archive([s for s in unquote(parts.path).split("/") if s])


@dataclass(frozen=True)
class Pagination:
    listings: list[str]  # next page first, then other page-number links
    skipped: list[tuple[str, str]]  # (url, reason) for refused traps
    reasons: dict[str, str]  # why each listing or skipped URL was taken for a page of this listing
    declined: dict[str, str]  # links that say "next" or "more" but lead elsewhere, and why
    numbers: dict[str, int]  # each listing's page number, from its URL or its pager label


def find_pagination(root: etree._Element, page_url: str, links: list[Link], max_pages: int) -> Pagination:
    """Pagination links of a listing page, with calendar links and runaway page numbers refused.

    A page of this listing is `rel=next`, a link to the same path with a page number, or a
    number linking to this URL with another number in one place (`/sections/14/7/فن` from
    `/sections/14/99/فن`). A link saying "next" or "more" (التالي, المزيد) counts only when
    it leads to this listing or sits in the pager among those numbers: "المزيد" under a
    block of another section leads to that section, and under a teaser to the story.
    """
    here = canonicalize(page_url)
    here_key = _listing_key(here)
    here_templates = _number_templates(here)
    reasons = {url: "rel=next" for href in root.xpath("//link[@rel='next']/@href | //a[@rel='next']/@href")
               if (url := absolute(page_url, str(href))) is not None}
    said_next: list[Link] = []
    numbered: list[Link] = []
    by_number: dict[str, str] = {}  # after the next page, in page order
    labels: dict[str, int] = {}  # page numbers the pager shows for URLs that do not carry one
    for link in links:
        text = link.text.strip()
        same_listing = _listing_key(link.url) == here_key
        if says_next(text):
            said_next.append(link)
        elif _NUMBER.match(text) and (same_listing or _numbered_page(link.url, text, here_templates)):
            numbered.append(link)
            by_number.setdefault(link.url, "page number of this listing")
            labels.setdefault(link.url, int(text))
        elif same_listing and page_number(link.url) is not None:
            by_number.setdefault(link.url, "this listing with a page number")
    pagers = _pagers(numbered)
    declined: dict[str, str] = {}
    for link in said_next:
        if _listing_key(link.url) == here_key or _number_in_place(link.url, here_templates) is not None:
            reasons.setdefault(link.url, f"«{link.text}» leading to this listing")
        elif any(el in pagers for el in link.element.iterancestors()):
            reasons.setdefault(link.url, f"«{link.text}» in the pager")
        else:
            declined[link.url] = f"says «{link.text}» but leads away from this listing"
    for url, why in by_number.items():
        reasons.setdefault(url, why)
    numbers = {url: number for url in reasons
               if (number := page_number(url) or labels.get(url) or _number_in_place(url, here_templates))}
    listings: list[str] = []
    skipped: list[tuple[str, str]] = []
    for url in reasons:
        number = numbers.get(url)
        if url == here:
            continue
        if is_calendar(url):
            skipped.append((url, "calendar navigation"))
        elif number is not None and number > max_pages:
            skipped.append((url, f"page limit ({number} > {max_pages})"))
        else:
            listings.append(url)
    return Pagination(listings, skipped, reasons, {u: why for u, why in declined.items() if u not in reasons},
                      numbers)


def _pagers(numbered: list[Link]) -> set[etree._Element]:
    """The smallest elements holding two or more of the page-number links: the pager blocks."""
    holding: Counter[etree._Element] = Counter()
    for link in numbered:
        holding.update(ancestor for _, ancestor in zip(range(_PAGER_DEPTH), link.element.iterancestors()))
    return {next((a for _, a in zip(range(_PAGER_DEPTH), link.element.iterancestors()) if holding[a] >= 2), None)
            for link in numbered} - {None}


def _number_templates(url: str) -> dict[str, int]:
    """The URL with each numeric path segment or query value in turn replaced by "#", and the
    number replaced."""
    parts = urlsplit(url)
    segments = parts.path.split("/")
    query = parse_qsl(parts.query, keep_blank_values=True)
    found = {urlunsplit(parts._replace(path="/".join([*segments[:i], "#", *segments[i + 1:]]))): int(seg)
             for i, seg in enumerate(segments) if seg.isdigit()}
    found |= {urlunsplit(parts._replace(query=urlencode([*query[:i], (k, "#"), *query[i + 1:]]))): int(v)
              for i, (k, v) in enumerate(query) if v.isdigit()}
    return found


def _number_in_place(url: str, here_templates: Collection[str]) -> int | None:
    """The number a URL has where the current page's URL has another (`/sections/14/991/فن`
    from `/sections/14/99/فن`: 991): its page number, for a pager link labelled "»"."""
    return next((n for t, n in _number_templates(url).items() if t in here_templates), None)


def _numbered_page(url: str, text: str, here_templates: Collection[str]) -> bool:
    """A link labelled "7" whose URL is the current page's URL with another number in
    the same place (`/sections/14/7/فن` from `/sections/14/99/فن`)."""
    return text in url and _number_in_place(url, here_templates) is not None


@functools.lru_cache(maxsize=URL_CACHE)
def _listing_key(url: str) -> tuple[str, str, tuple[tuple[str, str], ...]]:
    """Host, path and query without a page number: `/syria/?page=3`, `/syria/page/3/` → `/syria`;
    `/?cat=7&paged=2` → `/?cat=7`, which `/?p=4812` (a post) is not."""
    parts = urlsplit(url)
    query = tuple(sorted((k, v) for k, v in parse_qsl(parts.query) if not is_page_query(k, v)))
    return parts.netloc, _PATH_PAGE.sub("/", unquote(parts.path)).rstrip("/"), query


def stop_paging(page: int, new_articles: int, oldest: datetime | None, max_pages: int,
                since: date | None = None) -> str | None:
    """Why the crawl loop should not follow this listing page's next page, or None.

    `page` is how many listing pages of this section have been fetched so far,
    `new_articles` how many article URLs this page added to the frontier.
    """
    if page >= max_pages:
        return f"listing page limit ({max_pages})"
    if new_articles == 0:
        return "no new articles on this page"
    if since is not None and before(oldest, since):
        return f"reached entries older than {since.isoformat()}"
    return None
