"""Pass 4, dateline: the place (and agency or reporter) that opens a story.

"واشنطن - العرب اليوم", "القاهرة (رويترز) -", "بيروت – أ ف ب:", "لندن ـ ماريا طبراني",
"هسبريس من الرباط". It is either a short line of its own just before the story or
the opening words of the first paragraph up to a dash. A dateline is recognised by
shape (a few words, then a dash or an agency in brackets) and by evidence that its
head is a place or its tail a news source; a reporter's name after the dash is a
byline and goes to the authors.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from arabnews_archive.parse.body import line_key

_DASH = r"\-–—ـ_"
# The first paragraph opening with up to six words, an optional (agency), then a dash or colon.
_INLINE = re.compile(
    rf"^(?P<head>[^\s{_DASH}:.!؟?\"«(][^{_DASH}:.!؟?\"«\n]{{1,60}}?)\s*(?P<agency>\([^)]{{1,40}}\))?\s*"
    rf"(?P<sep>[{_DASH}]{{1,3}}|:)\s*(?P<tail>[^{_DASH}:\n]{{0,40}}?)\s*(?:[{_DASH}]{{1,3}}|:)?\s+(?P<rest>\S.*)$",
    re.S,
)
_SEPARATOR = re.compile(rf"\s*[{_DASH}]{{1,3}}\s*|\s*:\s*$")

AGENCIES = {
    "رويترز", "ا ف ب", "اف ب", "ا.ف.ب", "ا ف ب.", "فرانس برس", "وكالات", "الوكالات", "د ب ا", "د.ب.ا", "الاناضول",
    "سبوتنيك", "شينخوا", "اسوشيتد برس", "ا ب", "واس", "وام", "قنا", "كونا", "بترا", "سانا", "واع", "ومع", "لا ماب",
    "cnn", "bbc", "afp", "reuters", "ap", "dpa", "xinhua", "rt", "قدس برس", "وفا", "معا", "صفا", "الاناضول التركيه",
    "مراسلنا", "خاص", "متابعات", "بي بي سي", "سي ان ان", "روسيا اليوم", "الجزيره نت", "الجزيره",
}
# Capitals and large news cities of the Arab world and the places that make its foreign news.
PLACES = set("""
القاهره الاسكندريه الجيزه بيروت دمشق حلب حمص ادلب درعا الرقه دير الزور بغداد البصره الموصل اربيل كركوك النجف
عمان الزرقاء اربد القدس رام الله غزه الخليل نابلس جنين تل ابيب الرياض جده مكه المدينه الدمام الدوحه ابوظبي ابو ظبي
دبي الشارقه المنامه الكويت مسقط صنعاء عدن تعز الحديده الخرطوم طرابلس بنغازي مصراته تونس صفاقس الجزائر وهران قسنطينه
الرباط الدار البيضاء الدارالبيضاء فاس مراكش طنجه اكادير نواكشوط مقديشو جيبوتي واشنطن نيويورك لندن باريس برلين موسكو
بكين طوكيو انقره اسطنبول طهران كابول اسلام اباد نيودلهي روما مدريد بروكسل جنيف فيينا ستوكهولم اوسلو كييف وارسو
اثينا القدس المحتله بانكوك سيول سول كانبرا سيدني تورنتو اوتاوا مكسيكو برازيليا بوينس ايرس لوس انجلوس ميامي شيكاغو
الفاتيكان نيقوسيا بنما كراكاس هافانا اديس ابابا نيروبي لاغوس جوهانسبرغ داكار باماكو الاسماعيليه بورسعيد السويس
المنصوره طنطا اسيوط الاقصر اسوان سيناء العريش الفلوجه الانبار صيدا صور طرابلس جبل لبنان البقاع الجليل الناصره حيفا يافا
""".split())
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Dateline:
    text: str
    author: str | None
    rest: str  # what is left of the paragraph once the dateline is taken out


def _is_source(text: str, site_names: set[str]) -> bool:
    key = line_key(text)
    if not key:
        return False
    if key in AGENCIES or any(a in key.split() for a in ("وكالات", "رويترز", "وكالة")):
        return True
    return any(name and (name in key or key in name) for name in site_names)


def _is_place(text: str) -> bool:
    words = line_key(text).split()
    if not words:
        return False
    head = words[0]
    return head in PLACES or " ".join(words[:2]) in PLACES or head.removeprefix("ال") in PLACES


def _looks_like_name(text: str) -> bool:
    words = _WORD.findall(text)
    return 2 <= len(words) <= 4 and not re.search(r"\d", text)


def _split(head: str, agency: str | None, tail: str, sep: str, site_names: set[str]) -> tuple[str, str | None] | None:
    """Decide whether head/agency/tail is a dateline; returns (dateline, author)."""
    head, tail = head.strip(" ،,"), tail.strip(" ،,")
    if len(_WORD.findall(head)) > 6:
        return None
    placed = _is_place(head)
    if agency:
        return (f"{head} {agency}" if not tail else f"{head} {agency} {sep.strip()} {tail}").strip(), None
    if not tail:
        return (head, None) if placed else None
    if _is_source(tail, site_names):
        return f"{head} {sep.strip() or '-'} {tail}", None
    if placed and _looks_like_name(tail):
        return head, tail
    return None


def dateline_from_line(line: str, site_names: set[str]) -> Dateline | None:
    """A short line of its own that is a dateline ("واشنطن - العرب اليوم", "هسبريس من الرباط")."""
    words = _WORD.findall(line)
    if not 1 <= len(words) <= 8 or len(line) > 70 or re.search(r"[.!؟?]\s*$", line):
        return None
    m = re.match(r"^(?P<src>\S.{0,30}?)\s+من\s+(?P<place>\S.{0,30})$", line)
    if m and _is_place(m.group("place")) and _is_source(m.group("src"), site_names):
        return Dateline(line.strip(), None, "")
    parts = _SEPARATOR.split(line.strip(), maxsplit=1)
    agency_m = re.search(r"\([^)]{1,40}\)", line)
    head = parts[0]
    agency = None
    if agency_m:
        head = line[: agency_m.start()]
        agency = agency_m.group(0)
    tail = parts[1] if len(parts) > 1 and not agency else ""
    if len(parts) == 1 and not agency and not line.rstrip().endswith(":"):
        return None
    found = _split(head, agency, tail, " - ", site_names)
    return Dateline(found[0], found[1], "") if found else None


def dateline_from_paragraph(paragraph: str, site_names: set[str]) -> Dateline | None:
    """A dateline opening the first paragraph ("القاهرة (رويترز) - قال ...")."""
    m = _INLINE.match(paragraph)
    if not m:
        return None
    head, agency, sep, tail = m.group("head"), m.group("agency"), m.group("sep"), m.group("tail")
    found = _split(head, agency, tail, sep, site_names)
    if found is None and tail:
        # The dash may close the dateline, with the story starting right after it.
        found = _split(head, agency, "", sep, site_names)
        if found:
            return Dateline(found[0], None, f"{tail} {m.group('rest')}".strip())
    if not found:
        return None
    return Dateline(found[0], found[1], m.group("rest").strip())
