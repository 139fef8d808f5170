"""Pass 5, dates: choose publication and update dates from every source that states one.

Each source votes for a calendar day with a weight (JSON-LD and meta tags most, then
microdata, <time> and the visible text around the headline, then the
URL). The day with most weight wins, so one stale template value (a microdata date copied
onto every page) cannot outvote the rest. Dates after the fetch time are impossible and
dropped; a clock with no date ("آخر تحديث GMT13:57:10") is never a date.
"""
from __future__ import annotations

import re
from collections import defaultdict
from datetime import datetime, timedelta, timezone
from typing import Iterator

from arabnews_archive.parse.dates import DateMatch, find_dates

WEIGHTS = {
    "jsonld": 4, "meta": 3, "jsonld-page": 2, "itemprop": 2, "time": 2, "visible": 2, "labelled": 2,
    "title": 1, "url": 1,
}
# Sources found anywhere in the page's body: their first date is the story's, later ones
# date the teasers of other stories (microdata, <time>, labelled boxes).
FIRST_ONLY = frozenset({"itemprop", "time", "labelled"})
# /2018/12/05/, /2018-12-05-, and /2013/middle_east/8/3/ (a section between year and month).
_URL_DATE = re.compile(
    r"/((?:19|20)\d\d)[/-](?:[a-z_-]+/)?(0?[1-9]|1[0-2])[/-](0?[1-9]|[12]\d|3[01])(?:/|[^\d]|$)"
)
EARLIEST = datetime(1990, 1, 1)
_COUNTED_BACK = re.compile(r"منذ")
_UPDATE_LABEL = re.compile(r"تحديث|محدث|تم التحديث|updated|modified|mis à jour", re.IGNORECASE)
_PUBLISH_LABEL = re.compile(r"نشر|تاري?خ النشر|published|publié", re.IGNORECASE)
# A line that is largely dates is a date line; a date in a sentence is what the story is about.
DATE_LINE_SHARE = 1 / 3


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


def _dates_in(text: str, reference: datetime | None) -> list[datetime]:
    found = find_dates(text, reference=reference)
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
        dates = _dates_in(raw, reference)
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
    for line in visible:
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


def split_update_lines(lines: list[str]) -> tuple[list[str], list[str]]:
    """(publication lines, update lines): a line labelled "آخر تحديث" dates the update."""
    published, updated = [], []
    for line in lines:
        if _UPDATE_LABEL.search(line) and not _PUBLISH_LABEL.search(line):
            updated.append(line)
        else:
            published.append(line)
    return published, updated
