"""Pass 5, dates: choose publication and update dates from every source that states one.

Each source votes for a calendar day with a weight (JSON-LD and meta tags most, then
microdata, <time>, the line under the headline and the visible text around it, then the
URL). The day with most weight wins, so one stale template value (a microdata date copied
onto every page) cannot outvote the rest. Dates after the fetch time are impossible and
dropped; a clock with no date ("آخر تحديث GMT13:57:10") is never a date.
"""
from __future__ import annotations

import re
from collections import defaultdict
from datetime import datetime, timedelta, timezone
from typing import Iterable, Iterator

from lxml import etree

from arabnews_archive.parse.body import line_key
from arabnews_archive.parse.dates import DateMatch, find_dates
from arabnews_archive.parse.tree import BLOCK_TAGS, join_inline

WEIGHTS = {
    "jsonld": 4, "meta": 3, "jsonld-page": 2, "itemprop": 2, "time": 2, "headline": 2, "visible": 2, "labelled": 2,
    "title": 1, "url": 1,
}
# Sources found anywhere in the page's body: their first date is the story's, later ones
# date the teasers of other stories (microdata, <time>, labelled boxes, lines under a heading).
FIRST_ONLY = frozenset({"itemprop", "time", "labelled", "headline"})
# /2018/12/05/, /2018-12-05-, and /2013/middle_east/8/3/ (a section between year and month).
_URL_DATE = re.compile(
    r"/((?:19|20)\d\d)[/-](?:[a-z_-]+/)?(0?[1-9]|1[0-2])[/-](0?[1-9]|[12]\d|3[01])(?:/|[^\d]|$)"
)
EARLIEST = datetime(1990, 1, 1)
_COUNTED_BACK = re.compile(r"منذ")
_UPDATE_LABEL = re.compile(r"تحديث|محدث|تم التحديث|updated|modified|mis à jour", re.IGNORECASE)
_PUBLISH_LABEL = re.compile(r"نشر|تاري?خ النشر|published|publié", re.IGNORECASE)
_DIGIT = re.compile(r"\d")
# A line that is largely dates is a date line; a date in a sentence is what the story is about.
DATE_LINE_SHARE = 1 / 3
# The lines after the headline that may print the story's date: up to the first this long
# (the story itself has begun) or this many; a date line is short and has a digit.
STORY_LINE_CHARS = 200
MAX_LINES_AFTER_HEADLINE = 12
MAX_DATE_LINE_CHARS = 120
MIN_HEADLINE_CHARS = 10
_INVISIBLE = frozenset({"script", "style", "noscript", "template"})
# A line this short with a clock and no date may be the time of the date line beside it.
MAX_CLOCK_LINE_CHARS = 40
_CLOCK = re.compile(r"\d:\d\d")


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)


def _plausible(value: datetime, fetched_at: datetime | None) -> bool:
    """Not a placeholder (1970-01-01, 0001-01-01: before any news site) nor after the fetch."""
    if _aware(value) < _aware(EARLIEST):
        return False
    # A day of slack: a page's local date can be ahead of the fetcher's UTC clock.
    return fetched_at is None or _aware(value) <= _aware(fetched_at) + timedelta(days=1)


def _precision(value: datetime) -> int:
    return (value.tzinfo is not None) + any((value.hour, value.minute, value.second)) * 2


def _dated(line: str, match: DateMatch, matches: list[DateMatch]) -> bool:
    """Relative dates count only in the "منذ 3 ساعات" form of live pages: a bare "اليوم"
    is as often a masthead ("العرب اليوم"), and "قبل عامين" is story text. A day and month
    with no year count only on a date line: "في 25 شباط المقبل" is what a story is about."""
    if match.calendar == "relative":
        return bool(_COUNTED_BACK.search(line[max(0, match.start - 5): match.end]))
    return match.calendar != "yearless" or _is_date_line(line, matches)


def _is_date_line(line: str, matches: list[DateMatch]) -> bool:
    return sum(m.end - m.start for m in matches) >= len(line.strip()) * DATE_LINE_SHARE


def url_date(url: str | None) -> datetime | None:
    m = _URL_DATE.search(url or "")
    if not m:
        return None
    try:
        return datetime(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def _dates_in(text: str, reference: datetime | None, date_line: bool = False) -> list[datetime]:
    """The dates ``text`` states; with ``date_line``, only if it is mostly dates."""
    found = find_dates(text, reference=reference)
    if date_line and not _is_date_line(text, found):
        return []
    matches = [m for m in found if _dated(text, m, found)]
    # A dual-calendar line ("1 ربيع الثاني 1440 هـ - 10 ديسمبر 2018 م") counts once, by its Gregorian date:
    # Umm al-Qura and a newspaper's printed Hijri date can differ by a day or two.
    if any(m.calendar != "hijri" for m in matches):
        matches = [m for m in matches if m.calendar != "hijri"]
    return [m.value for m in matches]


def _candidate_dates(candidates: list[tuple[str, str]], reference: datetime | None) -> Iterator[tuple[str, datetime]]:
    """(source, date) for each candidate that states one: its first date, and for the
    sources of FIRST_ONLY only the first candidate that states one."""
    done: set[str] = set()
    for source, raw in candidates:
        if source in done:
            continue
        # Under the headline, a subtitle or a caption may mention a date: only a date line counts.
        dates = _dates_in(raw, reference, date_line=source == "headline")
        if dates:
            yield source, dates[0]
            if source in FIRST_ONLY:
                done.add(source)


def choose_date(
    candidates: list[tuple[str, str]],
    visible: list[str],
    url: str | None,
    fetched_at: datetime | None,
    reference: datetime | None = None,
) -> datetime | None:
    """The best-supported date among (source, raw) candidates, visible lines and the URL.

    ``reference`` is the fetch time when it is known: "منذ 3 ساعات" counts back from it,
    and "3 مارس" is its most recent 3 March.
    """
    parsed = list(_candidate_dates(candidates, reference))
    for line in with_clock_lines(visible):
        parsed.extend(("visible", value) for value in _dates_in(line, reference))
    from_url = url_date(url)
    if from_url:
        parsed.append(("url", from_url))
    upper = fetched_at or datetime.now(timezone.utc)
    parsed = [(s, v) for s, v in parsed if _plausible(v, upper)]
    if not parsed:
        return None
    votes: dict[object, float] = defaultdict(float)
    for source, value in parsed:
        votes[value.date()] += WEIGHTS.get(source, 1)
    # On a tie the earlier day: a later one is more often the masthead's today than the story's.
    best_day = max(votes, key=lambda d: (votes[d], -d.toordinal()))
    same_day = [(s, v) for s, v in parsed if v.date() == best_day]
    return max(same_day, key=lambda sv: (_precision(sv[1]), WEIGHTS.get(sv[0], 1)))[1]


def with_clock_lines(lines: list[str]) -> list[str]:
    """``lines`` with a clock printed on a line of its own read with the date line beside
    it ("الأحد 16/ديسمبر/2018" then "01:59 م"), as one line."""
    if not any(_CLOCK.search(line) for line in lines):
        return lines  # most pages: no clock to place, and no line need be parsed
    joined: list[str] = []
    i = 0
    while i < len(lines):
        pair = lines[i:i + 2]
        if len(pair) == 2 and (_is_clock_line(pair[0]) and _is_day_line(pair[1])
                               or _is_day_line(pair[0]) and _is_clock_line(pair[1])):
            joined.append(" | ".join(pair))
            i += 2
        else:
            joined.append(lines[i])
            i += 1
    return joined


def _is_clock_line(line: str) -> bool:
    return len(line) <= MAX_CLOCK_LINE_CHARS and bool(_CLOCK.search(line)) and not find_dates(line)


def _is_day_line(line: str) -> bool:
    """A line that states a date without a time."""
    found = find_dates(line)
    return bool(found) and not any(m.has_time for m in found)


def split_update_lines(lines: list[str]) -> tuple[list[str], list[str]]:
    """(publication lines, update lines): a line labelled "آخر تحديث" dates the update."""
    published, updated = [], []
    for line in lines:
        if _UPDATE_LABEL.search(line) and not _PUBLISH_LABEL.search(line):
            updated.append(line)
        else:
            published.append(line)
    return published, updated


def lines_after_headline(headings: Iterable[etree._Element], titles: Iterable[str | None]) -> list[str]:
    """The short lines with a digit among the first rendered after the headline, up to
    where the story begins: sites print the story's date there, and a date further down
    is as often a teaser's. The headline is the heading that prints most of one of
    ``titles`` (a logo heading prints only the site's name of "Headline | Site")."""
    headline = _headline(headings, {line_key(t) for t in titles if t})
    if headline is None:
        return []
    found: list[str] = []
    for count, line in enumerate(_lines_after(headline)):
        if len(line) >= STORY_LINE_CHARS or count >= MAX_LINES_AFTER_HEADLINE:
            break
        if len(line) <= MAX_DATE_LINE_CHARS and _DIGIT.search(line):
            found.append(line)
    return with_clock_lines(found)


def _headline(headings: Iterable[etree._Element], titles: set[str]) -> etree._Element | None:
    """The heading that prints most of a title; the first <h1> that prints one whole, on
    most pages, ends the search early."""
    best, best_length = None, 0
    for heading in headings:
        key = line_key(" ".join(heading.itertext()))  # line_key normalises: no need to tidy
        if key in titles and heading.tag == "h1":
            return heading
        if len(key) > best_length and _is_title(key, titles):
            best, best_length = heading, len(key)
    return best


def _is_title(key: str, titles: set[str]) -> bool:
    """The heading prints a declared title, perhaps without the site's name around it or
    with a label before it ("الموضوع: ...")."""
    return len(key) >= MIN_HEADLINE_CHARS and any(
        key in t or len(t) >= MIN_HEADLINE_CHARS and t in key for t in titles)


def _lines_after(el: etree._Element) -> Iterator[str]:
    """The page's text after ``el`` in document order, broken into lines as rendered
    (whitespace collapsed: the lines are only read for dates). A short title attribute
    with a digit is a line of its own: "منذ 798 يوم" may show its date as a tooltip."""
    parts: list[str] = []
    for event, node in _walk_after(el):
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag in BLOCK_TAGS and parts:
            yield " ".join(join_inline(parts).split())
            parts.clear()
        if event == "start":
            tooltip = node.get("title")
            if tooltip and len(tooltip) <= MAX_DATE_LINE_CHARS and _DIGIT.search(tooltip):
                yield " ".join(tooltip.split())
            text = None if tag in _INVISIBLE else node.text
        else:
            text = node.tail
        if text and not text.isspace():
            parts.append(text)


def _walk_after(el: etree._Element) -> Iterator[tuple[str, etree._Element]]:
    """iterwalk's ("start"/"end", element) events from the end of ``el`` to the end of the page."""
    node = el
    while node is not None:
        yield "end", node
        for sibling in node.itersiblings():
            yield from etree.iterwalk(sibling, events=("start", "end"))
        node = node.getparent()
