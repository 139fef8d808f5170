"""Datelines: each printed form, where it sits, and the lines that only look like one.

The lines are written for the tests, in the shapes real pages print: a place and a source,
an agency alone, a reporter in the byline slot, a dateline above the story or inside it.
"""
from __future__ import annotations

import pytest

from arabnews_archive import parse_article
from arabnews_archive.parse.dateline import parse_dateline
from tests.pages import STORY, story_page
from tests.site import content

SITE = {"موقع الانباء"}


@pytest.mark.parametrize(
    ("line", "dateline", "author", "rest"),
    [
        # An agency alone opens the story: it is the dateline.
        ("أ ش أ - أعلن مجلس الوزراء عن خطة جديدة للنقل العام.", "أ ش أ", None, "أعلن مجلس الوزراء عن خطة جديدة للنقل العام."),
        ("(قنا) - أعلنت وزارة الخارجية عن زيارة رسمية الأسبوع المقبل.", "(قنا)", None,
         "أعلنت وزارة الخارجية عن زيارة رسمية الأسبوع المقبل."),
        # The source first, then the place.
        ("(رويترز) - بغداد - قال مسؤول عراقي إن الاتفاق بات وشيكا.", "(رويترز) - بغداد", None,
         "قال مسؤول عراقي إن الاتفاق بات وشيكا."),
        ("واس - الرياض: أعلنت الوزارة عن نتائج الاجتماع الأول.", "واس - الرياض", None, "أعلنت الوزارة عن نتائج الاجتماع الأول."),
        # The place, then the source and a colon.
        ("الرياض - واس: أعلنت الوزارة عن نتائج الاجتماع الأول.", "الرياض - واس", None, "أعلنت الوزارة عن نتائج الاجتماع الأول."),
        # A bracketed place alone, a reporter and a place before the agency.
        ("(نيويورك) — قالت منظمة حقوقية اليوم إن السلطات اعتقلت ناشطين.", "(نيويورك)", None,
         "قالت منظمة حقوقية اليوم إن السلطات اعتقلت ناشطين."),
        ("سامي يوسف، الرباط (CNN)— خلف حادث السير صدمة واسعة في المدينة.", "الرباط (CNN)", "سامي يوسف",
         "خلف حادث السير صدمة واسعة في المدينة."),
        # A place missing from the gazetteer reads as one when an agency follows it.
        ("نانتكيت (أ.ف.ب) - وجه أحد قضاة المحكمة التهمة رسميا إلى الممثل.", "نانتكيت (أ.ف.ب)", None,
         "وجه أحد قضاة المحكمة التهمة رسميا إلى الممثل."),
        # The day of the story after the place, the agency between slashes.
        ("القاهرة في 5 أبريل /أ ش أ/ - أعلن مجلس الوزراء عن خطة جديدة للنقل.", "القاهرة في 5 أبريل /أ ش أ", None,
         "أعلن مجلس الوزراء عن خطة جديدة للنقل."),
        # A clause after the place is story, not a reporter: the place alone is the dateline.
        ("غزة - الاحتلال الإسرائيلي - شن غارات على مواقع في القطاع فجر اليوم.", "غزة", None,
         "الاحتلال الإسرائيلي - شن غارات على مواقع في القطاع فجر اليوم."),
    ],
)
def test_datelines_opening_a_paragraph(line, dateline, author, rest):
    found = parse_dateline(line, SITE, whole_line=False)
    assert found is not None
    assert (found.text, found.author, found.rest) == (dateline, author, rest)


@pytest.mark.parametrize(
    ("line", "dateline", "author"),
    [
        ("الرياض ـ محمد العلي", "الرياض", "محمد العلي"),  # the place in the byline slot
        ("عماد مراد- الدوحة", "الدوحة", "عماد مراد"),  # the reporter, then the place
        ("لندن- الأنباء- بلال ياسين", "لندن- الأنباء", "بلال ياسين"),  # place, outlet, reporter
        ("بغداد ـ العالم", "بغداد ـ العالم", None),  # a one-word outlet after the place
        ("نيودلهي ـ لايف استايل", "نيودلهي ـ لايف استايل", None),  # two words naming no one: an outlet
        ("نانتكيت- أ.ف.ب", "نانتكيت- أ.ف.ب", None),
        ("مدن وعواصم - أ ف ب", "مدن وعواصم - أ ف ب", None),
        ("الأنباء: دبي", "الأنباء: دبي", None),  # the site, then the place
        ('جدة - "الأنباء"', 'جدة - "الأنباء"', None),  # the outlet in quotes
        ("المصدر: واشنطن – وكالات", "واشنطن – وكالات", None),
    ],
)
def test_datelines_on_a_line_of_their_own(line, dateline, author):
    found = parse_dateline(line, SITE, whole_line=True)
    assert found is not None
    assert (found.text, found.author) == (dateline, author)


@pytest.mark.parametrize(
    ("line", "whole"),
    [
        ("الاثنين - 11 شباط ( فبراير ) 2019", True),  # a date line, its month in brackets
        ("الأربعاء 18 شعبان 1440 هجري - 24 إبريل 2019", True),
        ("عاجل: صور حصرية من موقع الحادث في مدينة حمص", True),  # a ticker
        ("فيديو : فرانس 24", True),  # a media label and an outlet
        ("حرية برس:", True),  # the site alone
        ("الأنباء - متابعات", True),  # the site and "follow-ups": no place
        ("وكالات - الأنباء", True),
        ("الخفافيش Bats - جريدة الأنباء", True),  # the headline and the site
        ("الكومبس – الصحة والتغذية", True),  # the site and a section
        ("كتب: رويترز", True),  # a byline naming an agency
        ("القاهرة تستضيف القمة العربية: توقعات بحضور واسع", True),  # a headline opening with a place
        ("السويد – سياسة – محليات", False),  # a section path
        ("قال الوزير - في كلمة ألقاها - إن البلاد تمر بمرحلة صعبة.", False),  # a quoted speaker
        ("وأضاف أن الاجتماع - الذي عقد أمس - كان مثمرا للغاية.", False),
        ("استخدمت روسيا حق النقض (الفيتو) الجمعة ضد مشروع القرار.", False),  # a bracket inside a sentence
        ("الاقتصاد العالمي: توقعات بنمو أبطأ هذا العام في معظم الدول", False),
    ],
)
def test_lines_that_are_no_dateline(line, whole):
    assert parse_dateline(line, {"حريه برس", "الانباء", "جريده الانباء", "الكومبس"}, whole_line=whole) is None


URL = "https://anbaa.example/news/2024/1"


def test_a_dateline_printed_above_the_first_paragraph():
    article = parse_article(story_page(header='<div class="place">القاهرة - الأنباء</div>'), url=URL)
    assert article.dateline == "القاهرة - الأنباء"
    assert list(article.paragraphs) == STORY


def test_a_place_alone_on_the_story_first_line():
    article = parse_article(story_page(opening="<p>السعودية</p>"), url=URL)
    assert article.dateline == "السعودية"
    assert list(article.paragraphs) == STORY


def test_the_place_in_the_byline_slot_gives_the_dateline_and_the_author():
    article = parse_article(story_page(header='<div class="author-info">لندن – نوال كابوس / 11 ديسمبر 2018</div>'), url=URL)
    assert article.dateline == "لندن"
    assert article.authors == ("نوال كابوس",)


def test_the_dateline_nearest_the_story_wins_over_a_ticker_above_it():
    ticker = '<div class="ticker"><span>عاجل</span><ul><li><a href="/b/1">عاجل: انقطاع الكهرباء عن أحياء واسعة في العاصمة - موقع الأنباء</a></li></ul></div>'
    article = parse_article(story_page(above=ticker, header="<div>دمشق - وكالات</div>", opening="<p>حلب - الأنباء</p>"), url=URL)
    assert article.dateline == "حلب - الأنباء"
    assert list(article.paragraphs) == STORY


@pytest.mark.parametrize("number", [0, 1, 7, 42])
def test_the_test_site_dateline_is_its_own_not_the_breaking_news_ticker(number):
    info = content.article(number)
    article = parse_article(content.article_page(info))
    assert article.dateline == f"{info.city} - {content.SITE_NAME}"
    assert not any(p.startswith(info.city) for p in article.paragraphs)


def test_a_dateline_after_the_lead_and_the_byline_line():
    lead = "<p>المنظمة مصممة على مهاجمة أهداف في المنطقة كعنصر حاسم في خططها</p>"
    article = parse_article(story_page(opening=f"{lead}<p>سامي يوسف 11 أكتوبر 2017, 14:14</p>").replace(
        f"<p>{STORY[0]}</p>", f"<p>واشنطن – {STORY[0]}</p>"), url=URL)
    assert article.dateline == "واشنطن"
    assert article.authors == ("سامي يوسف",)
    assert list(article.paragraphs[1:]) == STORY  # the byline line is no story text


def test_an_agency_tag_after_the_lead_is_no_dateline():
    page = story_page().replace(f"<p>{STORY[1]}</p>", f"<p>قنا: {STORY[1]}</p>")
    assert parse_article(page, url=URL).dateline is None


def test_a_reporter_between_the_place_and_the_story():
    found = parse_dateline("الشارقة - بواسطة أيمن الفاتح - عاقبت محكمة الاستئناف متهما بالسجن ثلاث سنوات.", SITE, whole_line=False)
    assert (found.text, found.author) == ("الشارقة", "بواسطة أيمن الفاتح")
