"""Pass 5, dates: choose publication and update dates from every source that states one.

Each source votes for a calendar day with a weight (JSON-LD and meta tags most, then
microdata, <time> and the visible text around the headline, then the URL). The day
with most weight wins, so one stale template value (a microdata date copied onto every
page) cannot outvote the rest. Dates after the fetch time are impossible and dropped;
a clock with no date ("آخر تحديث GMT13:57:10") is never a date.
"""
from __future__ import annotations

import re
from collections import defaultdict
from datetime import datetime, timedelta, timezone

from arabnews_archive.parse.dates import DateMatch, find_dates, parse_arabic_date

WEIGHTS = {"jsonld": 4, "meta": 3, "jsonld-page": 2, "itemprop": 2, "time": 2, "visible": 2, "labelled": 2, "title": 1, "url": 1}
# /2018/12/05/, /2018-12-05-, and /2013/middle_east/8/3/ (a section between year and month).
_URL_DATE = re.compile(
    r"/((?:19|20)\d\d)[/-](?:[a-z_-]+/)?(0?[1-9]|1[0-2])[/-](0?[1-9]|[12]\d|3[01])(?:/|[^\d]|$)"
)
EARLIEST = datetime(1990, 1, 1)
_COUNTED_BACK = re.compile(r"منذ")
_UPDATE_LABEL = re.compile(r"تحديث|محدث|تم التحديث|updated|modified|mis à jour", re.IGNORECASE)
_PUBLISH_LABEL = re.compile(r"نشر|تاري?خ النشر|published|publié", re.IGNORECASE)


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)


def _plausible(value: datetime, fetched_at: datetime | None) -> bool:
    if _aware(value) < _aware(EARLIEST):
        return False
    # A day of slack: a page's local date can be ahead of the fetcher's UTC clock.
    return fetched_at is None or _aware(value) <= _aware(fetched_at) + timedelta(days=1)


def _precision(value: datetime) -> int:
    return (value.tzinfo is not None) + (value.hour or value.minute or value.second != 0) * 2


def _dated(line: str, match: DateMatch) -> bool:
    """Relative dates count only in the "منذ 3 ساعات" form of live pages: a bare "اليوم"
    is as often a masthead ("العرب اليوم"), and "قبل عامين" is story text."""
    return match.calendar != "relative" or bool(_COUNTED_BACK.search(line[max(0, match.start - 5): match.end]))


def url_date(url: str | None) -> datetime | None:
    m = _URL_DATE.search(url or "")
    if not m:
        return None
    try:
        return datetime(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def _dates_in(text: str, reference: datetime | None) -> list[datetime]:
    matches = [m for m in find_dates(text, reference=reference) if _dated(text, m)]
    # A dual-calendar line ("1 ربيع الثاني 1440 هـ - 10 ديسمبر 2018 م") counts once, by its Gregorian date:
    # Umm al-Qura and a newspaper's printed Hijri date can differ by a day or two.
    if any(m.calendar != "hijri" for m in matches):
        matches = [m for m in matches if m.calendar != "hijri"]
    return [m.value for m in matches]


def choose_date(
    candidates: list[tuple[str, str]],
    visible: list[str],
    url: str | None,
    fetched_at: datetime | None,
    reference: datetime | None = None,
) -> datetime | None:
    """The best-supported date among (source, raw) candidates, visible lines and the URL.

    ``reference`` is the fetch time when it is known: "منذ 3 ساعات" counts back from it.
    """
    parsed: list[tuple[str, datetime]] = []
    seen_time = False
    for source, raw in candidates:
        if source == "time":
            if seen_time:
                continue  # only the first <time>: later ones date related stories
            seen_time = True
        parsed.extend((source, value) for value in _dates_in(raw, reference)[:1])
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
