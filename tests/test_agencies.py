"""Agency attribution: the agencies a story credits, in every place a credit stands, and
never an agency the story only cites, a look-alike word or a photo's credit.

The lines are written for the tests, in the shapes real pages print them.
"""
from __future__ import annotations

import pytest

from arabnews_archive import parse_article
from arabnews_archive.parse.credits import (
    AGENCIES, AGENCY_TABLE, canonical_agency, credited_agencies, find_agencies, is_credit_line, strip_credit,
)
from arabnews_archive.parse.gazetteer import is_agency
from tests.pages import STORY, story_page

AFP, AP, REUTERS, WIRES = "فرانس برس", "أسوشيتد برس", "رويترز", "وكالات"
LAST = "وانتهى الاجتماع دون اتفاق على موعد الجلسة المقبلة بين الطرفين"


def credited(where: str, text: str) -> tuple[str, ...]:
    """The agencies credited when ``text`` sits ``where`` in a story of plain paragraphs."""
    if where == "dateline":
        return credited_agencies(text, [], STORY)
    if where == "byline":
        return credited_agencies(None, [text], STORY)
    if where == "opening":
        return credited_agencies(None, [], [text, *STORY])
    if where == "closing":
        return credited_agencies(None, [], [*STORY, text])
    if where == "credit line":
        return credited_agencies(None, [], [*STORY, text])
    if where == "middle":
        return credited_agencies(None, [], [STORY[0], text, *STORY[1:]])
    raise ValueError(where)


@pytest.mark.parametrize(
    ("where", "text", "agencies"),
    [
        # Datelines: the agency beside the place, in brackets, after a dash, between slashes.
        ("dateline", "القاهرة (رويترز)", (REUTERS,)),
        ("dateline", "واشنطن - أ ف ب", (AFP,)),
        ("dateline", "الدوحة- وكالات", (WIRES,)),
        ("dateline", "(قنا)", ("قنا",)),
        ("dateline", "رام الله - وفا", ("وفا",)),
        ("dateline", "نانتكيت- أ.ف.ب", (AFP,)),
        ("dateline", "القاهرة في 5 أبريل /أ ش أ", ("أ ش أ",)),
        ("dateline", "باريس - (د ب أ)", ("د ب أ",)),
        ("dateline", "الدوحة ـ العمانية", ("العمانية",)),
        ("dateline", "إسطنبول - AA", ("الأناضول",)),
        # Bylines printed around the headline, or declared.
        ("byline", "كتب: أ.ف.ب", (AFP,)),
        ("byline", "الأربعاء 14-06-2017 11:32 | كتب: رويترز |", (REUTERS,)),
        ("byline", "بقلم: سارة الأحمد مع وكالات • آخر تحديث: 22/08/2018", (WIRES,)),
        ("byline", "كتب- عمر قورة و(د ب أ):", ("د ب أ",)),
        ("byline", "وكالات", (WIRES,)),
        ("byline", "AFP", (AFP,)),
        ("byline", "عربي ودولي | 2018-12-05 | وكالات - بوابة اللاجئين", (WIRES,)),
        # The first paragraph's opening.
        ("opening", "(رويترز) - قال مسؤول عراقي إن الاتفاق بات وشيكا.", (REUTERS,)),
        ("opening", "القاهرة (د ب أ) - أعلن مجلس الوزراء عن خطة جديدة للنقل العام.", ("د ب أ",)),
        ("opening", "الرياض - واس - أعلنت الوزارة عن نتائج الاجتماع الأول.", ("واس",)),
        ("opening", "الكويت - 5 - 12 (كونا) -- أعلنت وزارة الخارجية عن زيارة رسمية.", ("كونا",)),
        ("opening", "الدوحة في 12 ديسمبر /قنا/ أعلن الديوان الأميري عن زيارة رسمية.", ("قنا",)),
        ("opening", "شاشة نيوز - وكالات - لرجيم الماء فوائد كثيرة في خسارة الوزن.", (WIRES,)),
        ("opening", "تواصل – وكالات:", (WIRES,)),
        # The last paragraph's close.
        ("closing", f"{LAST}. (أ ف ب)", (AFP,)),
        ("closing", f"{LAST} - رويترز", (REUTERS,)),
        ("closing", f"{LAST} (رويترز، أ ف ب).", (REUTERS, AFP)),
        ("closing", f"{LAST}. وكالات", (WIRES,)),
        ("closing", f"{LAST} ـ سانا", ("سانا",)),
        ("closing", f"{LAST} (Reuters)", (REUTERS,)),
        ("closing", f"{LAST} (أسوشيتد برس)", (AP,)),
        # Credit lines among the last.
        ("credit line", "المصدر: رويترز", (REUTERS,)),
        ("credit line", "المصدر : وكالات", (WIRES,)),
        ("credit line", "(أ ف ب)", (AFP,)),
        ("credit line", "ا ف ب", (AFP,)),
        ("credit line", "نقلا عن وكالة الأناضول", ("الأناضول",)),
        ("credit line", "ر.ض/ ي.أ (رويترز)", (REUTERS,)),  # the editors' initials, then the agency
        ("credit line", "ح.ز/ (رويترز/ أ.ف.ب)", (REUTERS, AFP)),
        ("credit line", "فرانس24/ أ ف ب", (AFP,)),
        ("credit line", "المصدر: وزارة الداخلية البحرينية/رويترز", (REUTERS,)),
        ("credit line", "(وفا)", ("وفا",)),
        ("credit line", "(أ ف ب / رويترز / سي ان ان / نيويورك تايمز / راديو كندا الدولي)", (AFP, REUTERS)),
        ("credit line", "عن سبوتنيك", ("سبوتنيك",)),
        ("credit line", "Source: Xinhua", ("شينخوا",)),
        ("credit line", "مدن وعواصم - أ ف ب", (AFP,)),
    ],
)
def test_credit_positions_name_the_agency(where, text, agencies):
    assert credited(where, text) == agencies


@pytest.mark.parametrize(
    ("where", "text"),
    [
        # An agency cited in the story's text is news, not its credit.
        ("opening", "وقالت وكالة رويترز إن الاتفاق بات وشيكا بين الطرفين."),
        ("opening", "قال مسؤول لرويترز إن الاتفاق بات وشيكا بين الطرفين."),
        ("opening", "قالت وكالة الأنباء البحرينية (بنا) إن الوزير وصل إلى الرياض."),
        ("opening", "وقالت وكالة رويترز - نقلا عن مصادر - إن الاتفاق وشيك."),
        ("closing", f"{LAST}، وفقا لوكالة رويترز."),
        ("closing", f"{LAST}، بحسب ما نقلت وكالة فرانس برس."),
        ("closing", "من بداية الشلل الرخو الحاد (AFP)، الذي يعتبر من أولى علامات المرض."),
        ("middle", "روسيا استخدمت الفيتو فجر اليوم ضد التمديد للجنة (رويترز)"),  # a caption inside the story
        # A ticker's headline, a photo's credit.
        ("credit line", "رويترز: ارتفاع أسعار النفط"),
        ("closing", "مقاتلون في محافظة الحسكة شمال شرق سوريا (رودي سعيد / رويترز)"),
        ("byline", "صورة أرشيفية (رويترز)"),
        ("byline", "تصوير: رويترز"),
        ("byline", "قوات أمريكية في قاعدة التنف جنوب سوريا - سبوتنيك"),
        ("byline", "حجم النص Aa Aa"),  # the font size buttons, not Anadolu
        # Look-alike words and places.
        ("dateline", "قنا"),  # the Egyptian city
        ("opening", "قنا - محمد سعيد: شهدت المحافظة أمطارا غزيرة اليوم."),
        ("credit line", "قناة الجزيرة"),
        ("credit line", "معا"),
        ("credit line", "معا - نحو غد أفضل"),
        ("credit line", "سبأ"),
        ("closing", f"{LAST} وسنبقى معا"),
        ("closing", f"{LAST} منذ أعوام"),
        ("closing", f"{LAST} في الشهر التاسع"),
        ("closing", f"{LAST}، اتصلوا بنا"),
        ("closing", f"{LAST} بسبب الأمطار الواسعة"),
        ("closing", "وطالبت الحركة الوطنية بفسخ عقد الحماية (الفرنسية)"),
        # Outlets and the site itself are no agency.
        ("dateline", "أبوظبي - سكاي نيوز عربية"),
        ("dateline", "الرباط (CNN)"),
        ("byline", "سكاي نيوز عربية"),
        ("closing", f"{LAST} (CNN)"),
        ("credit line", "المصدر: الجزيرة"),
        ("credit line", "ترجمة: مازن عماد"),
        ("credit line", "وكالة الفضاء الإسرائيلية"),
        ("credit line", "وكالات الأنباء نقلت الخبر"),
    ],
)
def test_other_places_and_look_alikes_name_no_agency(where, text):
    assert credited(where, text) == ()


def test_credits_come_in_the_order_printed_each_once():
    paragraphs = ["القاهرة (د ب أ) - أعلن مجلس الوزراء عن خطة جديدة للنقل العام.", *STORY, f"{LAST} (رويترز)", "المصدر: وكالات"]
    assert credited_agencies("القاهرة (رويترز)", ["كتب: أ.ف.ب"], paragraphs) == (REUTERS, AFP, "د ب أ", WIRES)


@pytest.mark.parametrize(
    ("text", "agencies"),
    [
        ("ورويترز", (REUTERS,)),  # the conjunction glued on
        ("نقلت رويترز وأ.ف.ب الخبر", (REUTERS, AFP)),
        ("وكالة الأنباء السعودية", ("واس",)),
        ("وكالة الصحافة الفرنسية", (AFP,)),
        ("الوكالة العربية السورية للأنباء", ("سانا",)),
        ("AFP and AP", (AFP, AP)),
        ("قال ذلك لرويترز", ()),  # a preposition glued on is a sentence's
        ("واسعة", ()),
        ("قناة", ()),
        ("أعوام", ()),
        ("تاسع", ()),
        ("APP", ()),
        ("AAA", ()),
        ("نعمل معا", ()),  # a common word counts only where a credit stands
        ("يسعدنا تواصلكم بنا", ()),
    ],
)
def test_find_agencies_matches_whole_names(text, agencies):
    assert find_agencies(text) == agencies


def test_common_words_are_found_when_asked():
    assert find_agencies("رام الله - وفا", common_words=True) == ("وفا",)


@pytest.mark.parametrize(
    ("name", "canonical"),
    [("رويترز", REUTERS), ("Reuters", REUTERS), ("AFP", AFP), ("afp", AFP), ("A.F.P.", AFP), ("أ.ف.ب", AFP),
     ("ا ف ب", AFP), ("وكالة الصحافة الفرنسية", AFP), ("dpa", "د ب أ"), ("د.ب.أ", "د ب أ"), ("SPA", "واس"),
     ("وكالات", WIRES), ("سكاي نيوز عربية", None), ("CNN", None)],
)
def test_canonical_agency_from_any_spelling(name, canonical):
    assert canonical_agency(name) == canonical


def test_every_canonical_name_reads_as_itself():
    assert all(canonical_agency(name) == name for name in AGENCIES)


@pytest.mark.parametrize(
    ("paragraph", "credit"),
    [
        ("المصدر: رويترز", True), ("المصدر : مواقع إلكترونية", True), ("(أ ف ب)", True), ("وكالات", True),
        ("ترجمة: مازن عماد", True), ("لندن ـ وكالات", True), ("ر.ض/ ي.أ (رويترز)", True),
        ("قال مسؤول لرويترز إن الاتفاق وشيك", False), ("رويترز: ارتفاع أسعار النفط", False), (STORY[0], False),
        ("عن الحرب والسلام", False),
    ],
)
def test_is_credit_line(paragraph, credit):
    assert is_credit_line(paragraph) is credit


@pytest.mark.parametrize(
    ("paragraph", "story"),
    [
        ("القاهرة (رويترز) - قال مسؤول مصري إن الاتفاق وشيك.", "قال مسؤول مصري إن الاتفاق وشيك."),
        ("(رويترز) - قال مسؤول مصري إن الاتفاق وشيك.", "قال مسؤول مصري إن الاتفاق وشيك."),
        ("الرياض - واس - أعلنت الوزارة عن النتائج.", "أعلنت الوزارة عن النتائج."),
        ("أعلنت الوزارة عن النتائج. (أ ف ب)", "أعلنت الوزارة عن النتائج."),
        ("أعلنت الوزارة عن النتائج - رويترز", "أعلنت الوزارة عن النتائج"),
        ("أعلنت الوزارة عن النتائج ـ رويترز", "أعلنت الوزارة عن النتائج"),
        ("القاهرة (د ب أ) - أعلنت الوزارة عن النتائج (أ ف ب)", "أعلنت الوزارة عن النتائج"),
        # Tashkeel moves no cut: the story's words come out as printed.
        ("القاهرة (رويترز) - قالَ مسؤولٌ إنّ الاتفاقَ وشيكٌ (أ ف ب)", "قالَ مسؤولٌ إنّ الاتفاقَ وشيكٌ"),
        ("قال مسؤول لرويترز إن الاتفاق وشيك.", "قال مسؤول لرويترز إن الاتفاق وشيك."),
        ("رويترز - قال مسؤول - في بيان - إن الاتفاق وشيك.", "قال مسؤول - في بيان - إن الاتفاق وشيك."),
        (STORY[2], STORY[2]),
    ],
)
def test_strip_credit_keeps_the_story_words(paragraph, story):
    assert strip_credit(paragraph) == story


def test_the_gazetteer_reads_the_same_table():
    assert all(is_agency(name) for agency in AGENCY_TABLE for name in agency.short_names)
    assert not is_agency("وكالة الأنباء السعودية")  # a full name does not stand alone as a dateline
    assert not is_agency("وكالات")  # unnamed wire copy joins a place, never alone


def test_parse_article_credits_the_dateline_and_the_closing_line():
    page = story_page(
        opening="<p>بيروت (رويترز) - قال مسؤول لبناني إن الحكومة ستعلن خطتها الاقتصادية الأسبوع المقبل.</p>",
        closing=f"<p>{LAST}. (أ ف ب)</p>")
    article = parse_article(page, url="https://anbaa.example/news/2024/7")
    assert article.dateline == "بيروت (رويترز)"
    assert article.agencies == (REUTERS, AFP)
    # Attribution adds a field; the paragraphs are the story's as they were.
    assert article.paragraphs[0] == "قال مسؤول لبناني إن الحكومة ستعلن خطتها الاقتصادية الأسبوع المقبل."
    assert article.paragraphs[-1] == f"{LAST}. (أ ف ب)"


def test_a_closing_credit_line_is_the_articles_agency_not_its_text():
    page = story_page(closing=f"<p>{LAST}.</p><p>المصدر: وكالات</p>")
    article = parse_article(page, url="https://anbaa.example/news/2024/10")
    assert article.agencies == ("وكالات",)
    assert article.paragraphs[-1] == f"{LAST}." and all("المصدر" not in p for p in article.paragraphs)


def test_parse_article_credits_an_agency_byline():
    page = story_page(header='<div class="meta"><span>السبت 08-12-2018 05:51</span> | <span>كتب: أ.ف.ب</span></div>')
    article = parse_article(page, url="https://anbaa.example/news/2024/8")
    assert article.agencies == (AFP,)
    assert article.authors == ()


def test_a_story_citing_an_agency_credits_none():
    page = story_page().replace("<h1>", "<h1>وكالة رويترز: ")  # in the headline, and "إنترفاكس" in the text
    assert parse_article(page, url="https://anbaa.example/news/2024/9").agencies == ()
