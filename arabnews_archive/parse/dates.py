"""Find and parse dates in Arabic news pages.

Text is first folded (tashkeel, tatweel and bidi marks dropped; hamza/alef,
ة and ى folded; Arabic-Indic and Persian digits to ASCII) into a string that
the regexes below run over, with an index map back to the original so that
reported positions refer to the caller's text.  Every form is its own
precompiled regex made only of bounded quantifiers, so scanning is linear in
the input; a clock time, day part and zone are then attached from just after
(or failing that, just before) the date.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone, tzinfo

from hijridate import Hijri

from arabnews_archive.parse import date_words as W
from arabnews_archive.text import BIDI_RE, TASHKEEL_RE, to_ascii_digits

__all__ = ["DateMatch", "find_dates", "parse_arabic_date"]


@dataclass(frozen=True)
class DateMatch:
    value: datetime
    start: int
    end: int
    has_time: bool
    calendar: str  # "gregorian" | "hijri" | "relative" | "iso" | "yearless"


# ---------------------------------------------------------------- folding
# Only deletions and 1:1 replacements, so positions can be mapped back; İ is
# the one character whose lower() is longer, hence folded first.  Lowering
# here rather than using re.IGNORECASE roughly halves the scanning time.
# Combining accents are dropped too: NFD "août" becomes "aout", which the
# month table lists.
_REMOVE_RE = re.compile(f"{TASHKEEL_RE.pattern}|{BIDI_RE.pattern}|[\u0300-\u036f\u00ad]")
_FOLD = str.maketrans({
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ؤ": "و",
    "ئ": "ي", "ی": "ي", "İ": "i", "ک": "ك", "؍": "/", "٬": ",", "−": "-", "‐": "-", "‑": "-",
})


def _fold(text: str) -> tuple[str, list[int] | None]:
    """Folded text plus, if anything was deleted, folded index -> original."""
    keep = None
    if _REMOVE_RE.search(text):
        keep, last = [], 0
        for m in _REMOVE_RE.finditer(text):
            keep.extend(range(last, m.start()))
            last = m.end()
        keep.extend(range(last, len(text)))
        text = _REMOVE_RE.sub("", text)
    return to_ascii_digits(text.translate(_FOLD)).lower(), keep


def _key(word: str) -> str:
    return " ".join(_fold(word)[0].split())


def _table(mapping) -> dict[str, object]:
    return {_key(word): value for word, value in mapping}


def _alt(words) -> str:
    """Alternation, longest first, so "تشرين الثاني" never stops at "تشرين"."""
    keys = sorted({_key(w) for w in words}, key=lambda k: (-len(k), k))
    return "|".join(re.escape(k).replace(r"\ ", r"\s{1,3}") for k in keys)


_MONTHS = _table((w, n) for n, ws in W.GREGORIAN_MONTHS.items() for w in ws)
_HMONTHS = _table((w, n) for n, ws in W.HIJRI_MONTHS.items() for w in ws)
_ZONES = _table(W.ZONE_OFFSETS.items())
_UNITS = _table(W.RELATIVE_UNITS.items())
_NUMBERS = _table(W.NUMBER_WORDS.items())
_REL_DAYS = _table(W.RELATIVE_DAYS.items())
_DAYPART = _table([(w, "am") for w in W.AM_WORDS] + [(w, "pm") for w in W.PM_WORDS]
                  + [(w, "night") for w in W.NIGHT_WORDS])

# ---------------------------------------------------------------- patterns
# Letters may not touch a word on either side, digits may ("12مارس2024").  A form
# that would begin with such a look-behind checks the character before its match in
# code instead (see _FORMS): a regex that begins with a look-behind is tried at every
# position of the text, one that begins with a digit or a word skips ahead to those.
_LB, _LA = r"(?<![^\W\d])", r"(?![^\W\d])"
_SEP = r"[\s,،.\-–—/]{0,4}"
_DAY = r"(?<!\d)(?P<d>[0-3]?\d)(?:st|nd|rd|th|er)?(?!\d)"
_YEAR = r"(?P<y>\d{4})(?<!\d\d{4})(?!\d)"
_WEEKDAY = rf"(?:(?:يوم\s{{1,3}})?{_LB}(?:{_alt(W.WEEKDAYS)}){_LA}\.?{_SEP})"
_MONTH_ALT = _alt(_MONTHS)
# A second month name after a slash/dash/paren is the other series' name for
# the same month ("كانون الأول / ديسمبر"); only the first one is read.
_OTHER_MONTH = rf"(?:\s{{0,3}}[/\\|(\-–]?\s{{0,3}}{_LB}(?:{_MONTH_ALT}){_LA}\.?(?:\s{{0,3}}\))?)?"
_MONTH = rf"{_LB}(?P<m>{_MONTH_ALT}){_LA}\.?{_OTHER_MONTH}"
_HMONTH = rf"{_LB}(?P<m>{_alt(_HMONTHS)}){_LA}"
_DM_SEP = rf"{_SEP}(?:(?:من|شهر)\s{{1,3}}){{0,2}}"
_MY_SEP = rf"{_SEP}(?:(?:من|عام|سنه)\s{{1,3}}){{0,2}}"
_GMARK = rf"(?:\s{{0,2}}(?:{_alt(W.GREGORIAN_MARKERS)}){_LA})?"
_HMARK = rf"(?P<hm>\s{{0,2}}(?:{_alt(W.HIJRI_MARKERS)}){_LA})?"
# "2024-01-24", or spaced as some sites print it ("01 - 09 - 2010"); the same
# separator both times.  A numeric date may be marked Hijri ("1445/07/12 هـ") or
# Gregorian ("7/11/2018 م").
_NUM_SEP = r"(?P<sep>[-/.]|\s{1,2}[-/.]\s{1,2})"
_NUM_MARK = _HMARK + _GMARK
# A day and month with no year ("3 مارس") may be followed by a clock ("3 مارس - 10:15")
# but by no other number: "12 يناير 24" has a two-digit year, not none.
_NO_YEAR = r"(?![\s,،.\-–—/]{0,4}\d{1,4}(?![\d:]))"
_OR_NO_YEAR = rf"(?:{_MY_SEP}{_YEAR}{_GMARK}|{_NO_YEAR})"


_rx = re.compile  # no IGNORECASE: _fold already lowered the text


_LETTER = _rx(r"[^\W\d]")
# Each form with what may not stand just before its match, if it does not say so itself
# (see _LB): a letter before a word, a digit or a date's separator before a number.
_FORMS: list[tuple[str, re.Pattern, re.Pattern | None]] = [
    ("text", _rx(_DAY + _DM_SEP + _MONTH + _OR_NO_YEAR), None),
    ("text", _rx(rf"(?P<m>{_MONTH_ALT}){_LA}\.?{_OTHER_MONTH}{_SEP}{_DAY}{_OR_NO_YEAR}"), _LETTER),
    # Year first: "2018 مارس 3", and a site clock "2018 الأربعاء ,12 كانون الأول /
    # ديسمبر", whose lookahead keeps it from stealing the year of "2018 و12 يناير 2019".
    ("text", _rx(_YEAR + _SEP + rf"(?:(?P<m1>{_MONTH_ALT}){_LA}\.?{_OTHER_MONTH}{_SEP}"
                 rf"(?P<d1>[0-3]?\d)(?!\d){_GMARK}|{_WEEKDAY}?{_DAY}{_DM_SEP}{_MONTH}"
                 r"(?![\s,،.\-–—/]{0,4}\d))"), None),
    ("hijri", _rx(_DAY + _DM_SEP + _HMONTH + _MY_SEP + _YEAR + _HMARK), None),
    ("ymd", _rx(r"(?P<y>\d{4})(?<![\d.]\d{4})" + _NUM_SEP + r"(?P<m>\d{1,2})(?P=sep)"
                r"(?P<d>\d{1,2})(?!\d)" + _NUM_MARK), None),
    ("dmy", _rx(r"(?P<d>\d{1,2})" + _NUM_SEP + r"(?P<m>\d{1,2})(?P=sep)"
                r"(?P<y>\d{4}|\d{2})(?!\d|[/.\-]\d)" + _NUM_MARK), _rx(r"[\d/.:\-]")),
    ("ago", _rx(rf"(?:منذ|قبل)\s{{1,3}}(?:(?:حوالي|نحو)\s{{1,3}})?"
                rf"(?:(?P<n>\d{{1,4}}|{_alt(_NUMBERS)})\s{{1,3}})?"
                rf"(?P<u>{_alt(_UNITS)}){_LA}"), _LETTER),
    ("now", _rx(rf"(?:{_alt(W.RELATIVE_NOW)}){_LA}"), _LETTER),
    # "اليوم السابع" is a newspaper, not today.
    ("day", _rx(rf"(?P<w>{_alt(_REL_DAYS)}){_LA}(?!\s{{1,3}}السابع)"), _LETTER),
]
# English AM/PM with seconds after a slashed date is the US .NET default
# ("9/9/2018 7:35:06 PM"): month first, where the region writes the day first.
_US_CLOCK = _rx(r"\s{1,3}[01]?\d:[0-5]\d:[0-5]\d\s{0,2}[ap]\.?m")

# Relative forms date nothing without a reference time, and need no digit.
_RELATIVE_KINDS = {"ago", "now", "day"}
_ABSOLUTE_FORMS = [form for form in _FORMS if form[0] not in _RELATIVE_KINDS]
_RELATIVE_FORMS = [form for form in _FORMS if form[0] in _RELATIVE_KINDS]
_DIGIT = _rx(r"\d")  # any Unicode digit, as the forms' \d: folding neither makes nor removes one

_TIME_INTRO = _rx(r"[\s,،|\-–—(]{0,4}(?:(?:(?:في|علي)\s{1,3})?(?:تمام\s{1,3})?"
                  r"(?:الساعه|at|à)\s{0,3}:?\s{0,2})?(?:t\s{0,2})?")
_TIME = _rx(r"(?<!\d)(?P<h>[01]?\d|2[0-3])[:h](?P<mi>[0-5]\d)"
            r"(?::(?P<s>[0-5]\d)(?:[.,]\d{1,6})?)?(?![\d:])")
_DAYPART_RE = _rx(rf"\s{{0,2}}(?P<p>{_alt(_DAYPART)}){_LA}")
_ZONE = _rx(
    r"[\s(]{0,3}(?:"
    r"(?P<abbr>gmt|utc)(?:\s{0,2}(?P<sg>[+-])(?P<oh>1[0-4]|0?\d)(?::?(?P<om>[0-5]\d))?)?"
    r"|(?P<ns>[+-])(?P<nh>0\d|1[0-4]):?(?P<nm>[0-5]\d)(?!\d)"
    rf"|(?P<z>z)|{_LB}(?P<rfc>{_alt(W.RFC_ZONES)})"
    rf"|(?:ب?توقيت|بالتوقيت(?:\s{{1,3}}المحلي)?)\s{{1,3}}(?:ل?مدينه\s{{1,3}})?(?P<name>{_alt(_ZONES)})"
    rf"|(?P<gw>{_alt(W.UTC_NAMES)})|ت\s?\.\s?غ"
    rf"){_LA}\)?")
# Weekdays are matched backwards from a date rather than as an optional
# prefix of every form, which would be tried at every position of the text.
_LEAD_WEEKDAY = _rx(_WEEKDAY + "$")
_LEAD_ZONE = _rx(r"(?<![^\W\d])(?:gmt|utc)\s{0,2}$")
_LEAD_GAP = _rx(r"[\s,،|\-–—]{0,4}")
_NUMBER_BEFORE = _rx(r"\d[\s,،.\-–—/]{0,4}$")


# ---------------------------------------------------------------- values
def _offset(hours: float) -> tzinfo:
    return timezone.utc if hours == 0 else timezone(timedelta(hours=hours))


def _zone(m: re.Match) -> tzinfo:
    g = m.groupdict()
    if g["sg"]:
        sign = -1 if g["sg"] == "-" else 1
        return _offset(sign * (int(g["oh"]) + int(g["om"] or 0) / 60))
    if g["ns"]:
        sign = -1 if g["ns"] == "-" else 1
        return _offset(sign * (int(g["nh"]) + int(g["nm"]) / 60))
    if g["rfc"]:
        return _offset(W.RFC_ZONES[g["rfc"].lower()])
    if g["name"]:
        return _offset(_ZONES[_key(g["name"])])
    return timezone.utc  # GMT, UTC, Z, غرينتش, ت.غ


def _clock(norm: str, pos: int, endpos: int) -> tuple[time, int] | None:
    """A time at ``pos`` with its day part and zone, and where it ends."""
    m = _TIME.match(norm, pos, endpos)
    if not m:
        return None
    hour, end = int(m["h"]), m.end()
    p = _DAYPART_RE.match(norm, end, endpos)
    if p:
        part, end = _DAYPART[_key(p["p"])], p.end()
        if part == "pm" and hour < 12 or part == "night" and 6 <= hour < 12:
            hour += 12
        elif part in ("am", "night") and hour == 12:
            hour = 0
    z = _ZONE.match(norm, end, endpos)
    tz = _zone(z) if z else None
    if z:
        end = z.end()
    return time(hour, int(m["mi"]), int(m["s"] or 0), tzinfo=tz), end


def _time_after(norm: str, end: int) -> tuple[time, int] | None:
    intro = _TIME_INTRO.match(norm, end)
    return _clock(norm, intro.end(), len(norm))


def _time_before(norm: str, start: int, floor: int) -> tuple[time, int] | None:
    """The site-clock layout puts the time first: "GMT 01:11 2018 ..."."""
    last = None
    for last in _TIME.finditer(norm, max(floor, start - 40), start):
        pass
    if last is None:
        return None
    found = _clock(norm, last.start(), start)
    if not found or not _LEAD_GAP.fullmatch(norm, found[1], start):
        return None
    clock, begin = found[0], last.start()
    z = _LEAD_ZONE.search(norm, max(floor, begin - 8), begin)
    if z and clock.tzinfo is None:
        clock, begin = clock.replace(tzinfo=timezone.utc), z.start()
    return clock, begin


def _gregorian(y: int, m: int, d: int) -> date | None:
    if not 1900 <= y <= 2100:
        return None
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _hijri(y: int, m: int, d: int) -> date | None:
    try:
        return Hijri(y, m, d).to_gregorian()
    except (ValueError, OverflowError):
        return None


def _latest_day(month: int, day: int, ref: date) -> date | None:
    """The most recent ``day`` of ``month`` not after ``ref``, give or take the day
    a site's local date can run ahead of the reference clock; 29 February included."""
    latest = ref + timedelta(days=1)
    for year in range(latest.year, latest.year - 8, -1):
        try:
            found = date(year, month, day)
        except ValueError:
            continue
        if found <= latest:
            return found
    return None


def _core(kind: str, m: re.Match, ref: datetime | None):
    """(date or datetime, calendar, has_time) for one regex match, or None."""
    g = m.groupdict()
    if kind == "text":
        month, d = _MONTHS[_key(g["m"] or g["m1"])], int(g["d"] or g["d1"])
        if g["y"]:
            day = _gregorian(int(g["y"]), month, d)
            return day and (day, "gregorian", False)
        if ref is None:
            return None  # no year: "3 مارس" is only a date against a reference
        if m.start("m") == m.start() and _NUMBER_BEFORE.search(m.string, max(0, m.start() - 6), m.start()):
            return None  # "12 يناير 24": the month is the day's before it, the 24 a year
        day = _latest_day(month, d, ref.date())
        return day and (day, "yearless", False)
    if kind == "hijri":
        day = _hijri(int(g["y"]), _HMONTHS[_key(g["m"])], int(g["d"]))
        return day and (day, "hijri", False)
    if kind in ("ymd", "dmy"):
        y, a, b, sep = g["y"], int(g["m"]), int(g["d"]), g["sep"]
        if len(y) == 2 and (sep == "." or sep != sep.strip()):
            return None  # "1.2.33" is a version number, "3 - 1 - 18" a run of scores
        if kind == "dmy" and (a > 12 >= b or sep == "/" and _US_CLOCK.match(m.string, m.end())):
            a, b = b, a  # day first unless impossible (1/24/2024) or in the US manner
        y = int(y) + 2000 if len(y) == 2 else int(y)
        if g["hm"]:
            day = _hijri(y, a, b)
            return day and (day, "hijri", False)
        day = _gregorian(y, a, b)
        return day and (day, "iso" if kind == "ymd" else "gregorian", False)
    if ref is None:
        return None  # never fall back to the wall clock
    if kind == "day":
        back = ref.date() - timedelta(days=_REL_DAYS[_key(g["w"])])
        return back, "relative", False
    if kind == "now":
        return ref, "relative", True
    seconds, implied = _UNITS[_key(g["u"])]
    count = g["n"] and (int(g["n"]) if g["n"].isdigit() else _NUMBERS[_key(g["n"])])
    count = count or implied
    if not count:
        return None  # "منذ ساعات": hours ago, but how many?
    try:
        value = ref - timedelta(seconds=seconds * count)
    except OverflowError:
        return None
    return value, "relative", seconds < W.SUBDAY_SECONDS


# ---------------------------------------------------------------- public API
def find_dates(text: str, reference: datetime | None = None) -> list[DateMatch]:
    """Every date expression in ``text``, in order of position.

    ``calendar`` is "iso" for year-first numeric dates (2024-01-24...),
    "gregorian" for other Gregorian forms, "hijri", or, only when ``reference``
    is given, "relative" ("منذ 3 ساعات") or "yearless" ("3 مارس": the most recent
    such day not after ``reference``).  A clock time on its own is not a date
    and yields nothing.
    """
    if isinstance(text, (bytes, bytearray)):
        text = bytes(text).decode("utf-8", "replace")
    if not isinstance(text, str) or not text:
        return []
    if isinstance(reference, date) and not isinstance(reference, datetime):
        reference = datetime.combine(reference, time())
    elif not isinstance(reference, datetime):
        reference = None
    if reference is None:
        return list(_absolute_dates(text))
    return _scan(text, reference)


@functools.lru_cache(maxsize=1024)
def _absolute_dates(text: str) -> tuple[DateMatch, ...]:
    """:func:`find_dates` without a reference. Cached: a page's header lines are read more
    than once (as opening metadata, then for the date vote)."""
    if not _DIGIT.search(text):
        return ()  # most header lines: a cheap test spares folding and the regex scans
    return tuple(_scan(text, None))


def _scan(text: str, reference: datetime | None) -> list[DateMatch]:
    """:func:`find_dates` once its arguments are checked."""
    norm, keep = _fold(text)

    candidates = []
    if reference is None:
        forms = _ABSOLUTE_FORMS
    else:  # most lines have no digit: only a relative form ("أمس", "الآن") can date them then
        forms = _FORMS if _DIGIT.search(text) else _RELATIVE_FORMS
    for kind, rx, not_after in forms:
        for m in rx.finditer(norm):
            if not_after and m.start() and not_after.match(norm, m.start() - 1):
                continue
            core = _core(kind, m, reference)
            if core:
                candidates.append((m.start(), -m.end(), kind, core))
    candidates.sort(key=lambda c: (c[0], c[1]))

    found, floor = [], 0
    for start, neg_end, kind, (value, calendar, has_time) in candidates:
        if start < floor:
            continue  # overlaps an accepted match (or its clock time)
        end = -neg_end
        if calendar != "relative":
            wd = _LEAD_WEEKDAY.search(norm, max(floor, start - 24), start)
            start = wd.start() if wd else start
        if not isinstance(value, datetime):
            clock = _time_after(norm, end)
            if clock:
                end = clock[1]
            else:
                clock = _time_before(norm, start, floor)
                if clock:
                    start = clock[1]
            tz = reference.tzinfo if calendar == "relative" else None
            if clock:
                has_time, clock = True, clock[0]
                tz = clock.tzinfo or tz
            value = datetime.combine(value, (clock or time()).replace(tzinfo=tz))
        floor = end
        if keep is not None:
            # Marks deleted after the last letter ("هـ", "مساءً") belong to it.
            start, end = keep[start], keep[end] if end < len(keep) else len(text)
        found.append(DateMatch(value, start, end, has_time, calendar))
    return found


_PREFERENCE = {"gregorian": 0, "iso": 0, "hijri": 1, "yearless": 2, "relative": 3}


def parse_arabic_date(text: str, reference: datetime | None = None) -> datetime | None:
    """The first, best date in ``text``: Gregorian over Hijri over a date without a
    year (which, like a relative one, needs ``reference``) over relative."""
    matches = find_dates(text, reference)
    if not matches:
        return None
    return min(matches, key=lambda m: _PREFERENCE[m.calendar]).value
