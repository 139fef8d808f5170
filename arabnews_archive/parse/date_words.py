"""Word tables for :mod:`arabnews_archive.parse.dates`.

Spellings are written the way sites print them; ``dates`` folds them with the
same normalisation it applies to page text (hamza/alef, ة→ه, ى→ي, no tashkeel
or tatweel, lower case), so variants that only differ in those respects need
not be listed twice.  A space inside an entry matches any short run of spaces.
"""
from __future__ import annotations

# Gregorian months.  One table for every regional series because a single
# page often mixes them ("12 كانون الأول / ديسمبر"), plus the English and
# French names that RSS feeds and Maghreb sites use.  Levantine sites short
# the paired names with a digit: "كانون2" is كانون الثاني.
GREGORIAN_MONTHS: dict[int, tuple[str, ...]] = {
    1: ("يناير", "ينايير", "كانون الثاني", "كانون ثاني", "كانون2", "جانفي", "جانفييه",
        "january", "jan", "janvier", "janv"),
    2: ("فبراير", "فبرير", "فبرايير", "شباط", "فيفري", "فيبراير",
        "february", "feb", "février", "fevrier", "févr", "fevr", "fév", "fev"),
    3: ("مارس", "آذار", "march", "mar", "mars"),
    4: ("أبريل", "إبريل", "ابريل", "أفريل", "افريل", "نيسان",
        "april", "apr", "avril", "avr"),
    5: ("مايو", "ماي", "أيار", "may", "mai"),
    6: ("يونيو", "يونيه", "جوان", "حزيران", "june", "jun", "juin"),
    7: ("يوليو", "يوليه", "يوليوز", "جويلية", "جويليه", "تموز",
        "july", "jul", "juillet", "juil"),
    8: ("أغسطس", "اغسطس", "أغسطوس", "غشت", "أوت", "آب",
        "august", "aug", "août", "aout"),
    9: ("سبتمبر", "سيبتمبر", "شتنبر", "أيلول",
        "september", "sept", "sep", "septembre"),
    10: ("أكتوبر", "اكتوبر", "تشرين الأول", "تشرين أول", "تشرين1",
         "october", "oct", "octobre"),
    11: ("نوفمبر", "نونبر", "تشرين الثاني", "تشرين ثاني", "تشرين2",
         "november", "nov", "novembre"),
    12: ("ديسمبر", "دجنبر", "كانون الأول", "كانون أول", "كانون1",
         "december", "dec", "décembre", "decembre", "déc"),
}

HIJRI_MONTHS: dict[int, tuple[str, ...]] = {
    1: ("محرم", "المحرم"),
    2: ("صفر",),
    3: ("ربيع الأول", "ربيع أول"),
    4: ("ربيع الثاني", "ربيع ثاني", "ربيع الآخر", "ربيع آخر"),
    5: ("جمادى الأولى", "جمادى الأول", "جمادى أولى"),
    6: ("جمادى الآخرة", "جمادى الثانية", "جمادى الآخر", "جمادى الثاني",
        "جمادى ثاني"),
    7: ("رجب",),
    8: ("شعبان",),
    9: ("رمضان",),
    10: ("شوال",),
    11: ("ذو القعدة", "ذي القعدة"),
    12: ("ذو الحجة", "ذي الحجة"),
}

# Only recognised so they can sit inside a date expression; never used for
# the value (sites get the weekday wrong often enough).
WEEKDAYS: tuple[str, ...] = (
    "الأحد", "الإثنين", "الاثنين", "الاتنين", "الثلاثاء", "الثلاثا",
    "الأربعاء", "الأربعا", "الخميس", "الجمعة", "السبت",
    "monday", "mon", "tuesday", "tues", "tue", "wednesday", "wed",
    "thursday", "thurs", "thu", "friday", "fri", "saturday", "sat",
    "sunday", "sun",
    "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
)

# Markers after a year that name its calendar ("2024 م", "1445 هـ").
GREGORIAN_MARKERS = ("ميلادية", "ميلادي", "م")
HIJRI_MARKERS = ("هجرية", "هجري", "للهجرة", "هـ")

# Day-part words after a clock time.  "ليلا" is handled specially: 2 ليلا
# is 02:00 but 10 ليلا is 22:00.
AM_WORDS = ("صباحا", "صباحاً", "صباح", "فجرا", "ص", "am", "a.m.", "a.m")
PM_WORDS = ("مساء", "مساءً", "مساءا", "ظهرا", "عصرا", "م", "pm", "p.m.", "p.m")
NIGHT_WORDS = ("ليلا", "ليلاً")

UTC_NAMES = ("غرينتش", "جرينتش", "غرينيتش", "جرينيتش", "قرينتش")

# Fixed offsets in hours for "بتوقيت <place>"; DST is deliberately ignored
# because the sites themselves rarely account for it.
ZONE_OFFSETS: dict[str, float] = {
    **{name: 0 for name in UTC_NAMES},
    **{name: 3 for name in (
        "مكة المكرمة", "مكة", "السعودية", "الرياض", "جدة", "الكويت", "قطر",
        "الدوحة", "البحرين", "المنامة", "بغداد", "العراق", "اليمن", "صنعاء")},
    **{name: 2 for name in (
        "القاهرة", "مصر", "بيروت", "لبنان", "دمشق", "سوريا", "سورية", "عمان",
        "الأردن", "القدس", "فلسطين", "غزة", "رام الله", "ليبيا", "طرابلس",
        "الخرطوم", "السودان")},
    **{name: 4 for name in (
        "الإمارات", "أبوظبي", "أبو ظبي", "دبي", "مسقط", "سلطنة عمان")},
    **{name: 1 for name in (
        "المغرب", "الرباط", "الدار البيضاء", "الجزائر", "تونس")},
}

# Obsolete RFC 2822 zone names still emitted by some feed generators.
RFC_ZONES: dict[str, int] = {
    "est": -5, "edt": -4, "cst": -6, "cdt": -5,
    "mst": -7, "mdt": -6, "pst": -8, "pdt": -7,
}

# Relative units: word -> (seconds per unit, implied count or None when the
# word is a plural that needs an explicit number: "3 ساعات" but not "ساعات").
_MIN, _HOUR, _DAY = 60, 3600, 86400
RELATIVE_UNITS: dict[str, tuple[int, int | None]] = {
    "ثانية": (1, 1), "ثانيتين": (1, 2), "ثانيتان": (1, 2), "ثوان": (1, None),
    "ثواني": (1, None),
    "دقيقة": (_MIN, 1), "دقيقتين": (_MIN, 2), "دقيقتان": (_MIN, 2),
    "دقائق": (_MIN, None),
    "ساعة": (_HOUR, 1), "ساعتين": (_HOUR, 2), "ساعتان": (_HOUR, 2),
    "ساعات": (_HOUR, None),
    "يوم": (_DAY, 1), "يومين": (_DAY, 2), "يومان": (_DAY, 2),
    "أيام": (_DAY, None),
    "أسبوع": (7 * _DAY, 1), "أسبوعين": (7 * _DAY, 2),
    "أسبوعان": (7 * _DAY, 2), "أسابيع": (7 * _DAY, None),
    # Months and years are approximations; nobody needs more from "منذ شهر".
    "شهر": (30 * _DAY, 1), "شهرين": (30 * _DAY, 2), "شهران": (30 * _DAY, 2),
    "أشهر": (30 * _DAY, None), "شهور": (30 * _DAY, None),
    "سنة": (365 * _DAY, 1), "سنتين": (365 * _DAY, 2), "سنتان": (365 * _DAY, 2),
    "سنوات": (365 * _DAY, None), "عام": (365 * _DAY, 1),
    "عامين": (365 * _DAY, 2), "عامان": (365 * _DAY, 2),
    "أعوام": (365 * _DAY, None),
}
# Units below a day carry a meaningful clock time; larger ones do not.
SUBDAY_SECONDS = _DAY

NUMBER_WORDS: dict[str, int] = {
    "ثلاث": 3, "ثلاثة": 3, "أربع": 4, "أربعة": 4, "خمس": 5, "خمسة": 5,
    "ست": 6, "ستة": 6, "سبع": 7, "سبعة": 7, "ثمان": 8, "ثماني": 8,
    "ثمانية": 8, "تسع": 9, "تسعة": 9, "عشر": 10, "عشرة": 10,
}

# Day-level relative words -> days back.
RELATIVE_DAYS: dict[str, int] = {
    "اليوم": 0, "أمس": 1, "امس": 1, "بالأمس": 1, "البارحة": 1,
    "أول أمس": 2, "أمس الأول": 2,
}
# Words that are "now" for a news ticker.
RELATIVE_NOW = ("منذ لحظات", "قبل لحظات", "منذ قليل", "قبل قليل")
