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
# Every pattern is compiled here, none through re's own cache: that cache holds 512 patterns,
# and a process running other parsers beside this one evicts ours, to recompile per page.
_DIGIT = re.compile(r"\d")
_SENTENCE_MARK = re.compile(r"[.!؟?\"«]")

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
    return 2 <= len(words) <= 4 and not _DIGIT.search(text)


def _cut(text: str, end: int) -> str:
    """The dateline as printed: the page's own separators kept ("القاهرة _ العرب اليوم")."""
    return text[:end].strip(" ،,:-–—ـ")


def _source_words(words: list[str], site_names: set[str]) -> int:
    """How many of the leading words name a news source ("سكاي نيوز عربية قال" -> 3), or 0."""
    for n in range(1, min(5, len(words)) + 1):
        if is_source(" ".join(words[:n]), site_names):
            while n < len(words) and line_key(words[n]) in MEDIA_WORDS:
                n += 1
            return n
    return 0


def parse_dateline(text: str, site_names: set[str], whole_line: bool) -> Dateline | None:
    """Read a dateline at the start of ``text``; ``whole_line`` when text is a line of its own."""
    text = _LABEL.sub("", text.strip())
    if "://" in text[:80]:
        return None
    words_total = len(_WORD.findall(text))
    if whole_line:
        m = _FROM_PLACE.match(text)
        if m and is_place(m.group("place")) and len(text) < 50:
            return Dateline(text, None, "")
    bracket = _AGENCY_BRACKETS.search(text[:60])
    if bracket and 1 <= len(_WORD.findall(text[: bracket.start()])) <= 5:
        # "القاهرة (رويترز) -": the bracketed agency closes the dateline.
        rest = text[bracket.end():].lstrip(" -–—ـ_:")
        if whole_line and len(_WORD.findall(rest)) > 4:
            return None
        return Dateline(_cut(text, bracket.end()), None, "" if whole_line else rest)
    first_sep = _SEP.search(text)
    if not first_sep:
        return None
    head = text[: first_sep.start()].strip(" ،,")
    if not head or len(_WORD.findall(head)) > 5 or _SENTENCE_MARK.search(head):
        return None
    placed = is_place(head)
    after = text[first_sep.end():]
    if whole_line:
        tail = after.strip(" -–—ـ_:،,")
        if not tail:
            return Dateline(head, None, "") if placed else None
        if words_total > 9:
            return None
        if is_source(tail, site_names):
            return Dateline(_cut(text, len(text)), None, "")
        if placed and _is_name(tail):
            return Dateline(head, tail, "")
        return None
    # Inline: "PLACE - SOURCE - story", "PLACE - NAME: story", "PLACE - SOURCE story" or "PLACE - story".
    second_sep = _SEP.search(after)
    if second_sep and len(_WORD.findall(after[: second_sep.start()])) <= 5:
        tail = after[: second_sep.start()].strip(" ،,")
        rest = after[second_sep.end():].strip()
        if is_source(tail, site_names):
            return Dateline(_cut(text, first_sep.end() + second_sep.start()), None, rest)
        if placed and _is_name(tail):
            return Dateline(head, tail, rest)
    if not placed:
        return None
    words = after.split()
    n = _source_words(words, site_names)
    if n:
        source_end = first_sep.end() + len(after) - len(after.lstrip()) + len(" ".join(words[:n]))
        return Dateline(_cut(text, source_end), None, " ".join(words[n:]).lstrip(" -–—ـ_:"))
    return Dateline(head, None, after.strip())
