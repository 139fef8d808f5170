"""Pass 4, dateline: the place (and agency or reporter) that opens a story.

"واشنطن - العرب اليوم", "القاهرة (رويترز) -", "بيروت – أ ف ب:", "لندن ـ ماريا طبراني",
"هسبريس من الرباط". It is either a short line of its own near the top of the story or
the opening words of the first paragraph up to a dash. It is recognised by shape (a
few words, then a dash, a colon or an agency in brackets) and by evidence: its head
is a known place, or what follows the dash is a news source. A person's name after
the dash is a byline: it goes to the authors, and the dateline keeps the place.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from arabnews_archive.parse.body import line_key

_SEP = re.compile(r"\s*(?:[-–—ـ_]{1,3}|:)\s*")
_AGENCY_BRACKETS = re.compile(r"\s*\(([^()]{1,40})\)\s*")
_LABEL = re.compile(r"^(?:المصدر|المكان|مصدر الخبر|source)\s*:\s*", re.IGNORECASE)
_FROM_PLACE = re.compile(r"^(?P<src>\S+(?:\s\S+){0,2})\s+من\s+(?P<place>\S+(?:\s\S+){0,2})$")
_WORD = re.compile(r"\w+")

AGENCIES = {
    "رويترز", "ا ف ب", "اف ب", "فرانس برس", "وكالات", "الوكالات", "د ب ا", "الاناضول", "سبوتنيك", "شينخوا",
    "اسوشيتد برس", "ا ب", "واس", "وام", "قنا", "كونا", "بترا", "سانا", "واع", "ومع", "وفا", "معا", "صفا",
    "cnn", "bbc", "afp", "reuters", "ap", "dpa", "xinhua", "rt", "متابعات", "خاص", "مراسلنا", "بي بي سي",
}
# Words that name a news outlet rather than a person ("العرب اليوم", "سكاي نيوز عربية", "الخليج أونلاين").
MEDIA_WORDS = {
    "اليوم", "نيوز", "نت", "اونلاين", "برس", "الاخباريه", "الاخباري", "عربيه", "تايمز", "بوست", "الجديد", "وكاله",
    "وكالات", "صحيفه", "جريده", "موقع", "قناه", "مراسل", "مراسلنا", "مراسله", "الانباء", "تي في", "tv", "news", "online",
    "24", "العربيه", "الجزيره", "الشرق", "الاوسط", "الوطن", "الحياه", "الراي", "الغد", "اخبار", "بوابه",
}
# Capitals and news cities of the Arab world and the places its foreign news comes from.
PLACES = set("""
القاهره الاسكندريه الجيزه بيروت دمشق حلب حمص ادلب درعا الرقه بغداد البصره الموصل اربيل كركوك النجف عمان الزرقاء
اربد القدس رام غزه الخليل نابلس جنين تل الرياض جده مكه المدينه الدمام الدوحه ابوظبي ابو دبي الشارقه المنامه الكويت
مسقط صنعاء عدن تعز الحديده الخرطوم طرابلس بنغازي مصراته تونس صفاقس الجزاير وهران قسنطينه الرباط الدار فاس مراكش
طنجه اكادير نواكشوط مقديشو جيبوتي واشنطن نيويورك لندن باريس برلين موسكو بكين طوكيو انقره اسطنبول طهران كابول
اسلام نيودلهي روما مدريد بروكسل جنيف فيينا ستوكهولم اوسلو كييف وارسو اثينا بانكوك سيول كانبرا سيدني تورنتو اوتاوا
مكسيكو برازيليا بوينس لوس ميامي شيكاغو الفاتيكان نيقوسيا هافانا اديس نيروبي لاغوس جوهانسبرغ داكار باماكو
الاسماعيليه بورسعيد السويس المنصوره طنطا اسيوط الاقصر اسوان سيناء العريش الفلوجه الانبار صيدا صور البقاع الناصره
حيفا يافا دير الحسكه القامشلي اللاذقيه طرطوس حماه السليمانيه كربلاء مارب المكلا سرت سبها البيضاء العيون اغادير
""".split())


@dataclass(frozen=True)
class Dateline:
    text: str
    author: str | None
    rest: str  # what is left of the paragraph once the dateline is taken out


def _words(text: str) -> list[str]:
    return line_key(text).split()


def is_place(text: str) -> bool:
    words = _words(text)
    return bool(words) and (words[0] in PLACES or words[0].removeprefix("ال") in PLACES or words[0].removeprefix("و") in PLACES)


def is_source(text: str, site_names: set[str]) -> bool:
    key = line_key(text)
    if not key:
        return False
    words = key.split()
    if key in AGENCIES or any(w in MEDIA_WORDS or w in AGENCIES for w in words):
        return True
    return any(name and (name in key or key in name) for name in site_names)


def _is_name(text: str) -> bool:
    words = _WORD.findall(text)
    return 2 <= len(words) <= 4 and not re.search(r"\d", text)


def _segments(text: str, limit: int = 4) -> list[tuple[str, str]]:
    """(segment, separator) pairs of the first few dash/colon separated pieces."""
    out, pos = [], 0
    for m in _SEP.finditer(text):
        if len(out) >= limit:
            break
        out.append((text[pos:m.start()], m.group(0)))
        pos = m.end()
    out.append((text[pos:], ""))
    return out


def parse_dateline(text: str, site_names: set[str], whole_line: bool) -> Dateline | None:
    """Read a dateline at the start of ``text``; ``whole_line`` when text is a line of its own."""
    text = _LABEL.sub("", text.strip())
    if whole_line:
        m = _FROM_PLACE.match(text)
        if m and is_place(m.group("place")) and len(text) < 50:
            return Dateline(text, None, "")
    agency = None
    head_end = None
    bracket = _AGENCY_BRACKETS.search(text[:60])
    if bracket and len(_WORD.findall(text[: bracket.start()])) <= 5:
        agency, head_end = bracket.group(1), bracket.start()
    segments = _segments(text[bracket.end():] if agency else text)
    if agency:
        head, after = text[:head_end].strip(" ،,"), segments
        place = f"{head} ({agency})"
        rest = "".join(s + sep for s, sep in after).lstrip(" -–—ـ_:")
        if not head or len(_WORD.findall(head)) > 5:
            return None
        if whole_line:
            return Dateline(place, None, "") if len(_WORD.findall(rest)) <= 4 else None
        return Dateline(place, None, rest)
    if len(segments) < 2:
        return None
    head = segments[0][0].strip(" ،,")
    if not head or len(_WORD.findall(head)) > 5 or re.search(r"[.!؟?\"«]", head):
        return None
    placed = is_place(head)
    tail, tail_sep = segments[1]
    tail = tail.strip(" ،,")
    if whole_line:
        rest_text = "".join(s + sep for s, sep in segments[1:]).strip(" -–—ـ_:،,")
        if not rest_text:
            return Dateline(head, None, "") if placed else None
        if len(_WORD.findall(rest_text)) > 6:
            return None
        if is_source(rest_text, site_names):
            return Dateline(f"{head} - {rest_text}", None, "")
        if placed and _is_name(rest_text):
            return Dateline(head, rest_text, "")
        return None
    # Inline: "PLACE - SOURCE - story", "PLACE - NAME: story" or "PLACE - story".
    closed = bool(tail_sep) and len(_WORD.findall(tail)) <= 5
    if closed and is_source(tail, site_names):
        rest = "".join(s + sep for s, sep in segments[2:]).strip()
        return Dateline(f"{head} - {tail}", None, rest)
    if closed and placed and _is_name(tail):
        rest = "".join(s + sep for s, sep in segments[2:]).strip()
        return Dateline(head, tail, rest)
    if placed:
        words = tail.split()
        for n in range(min(5, len(words)), 0, -1):
            if is_source(" ".join(words[:n]), site_names) and not is_source(" ".join(words[: n - 1]) or "x", site_names):
                rest = " ".join(words[n:]) + "".join(s + sep for s, sep in segments[2:])
                return Dateline(f"{head} - {' '.join(words[:n])}", None, rest.strip())
        rest = "".join(s + sep for s, sep in segments[1:]).strip()
        return Dateline(head, None, rest)
    return None
