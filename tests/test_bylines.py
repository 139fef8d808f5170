"""Bylines: the person who wrote the story, in every form pages print or declare it, and
never an agency, the editor, the site, a place or another story's writer.

The pages and lines are written for the tests, in the shapes real pages use.
"""
from __future__ import annotations

import json

import pytest

from arabnews_archive import parse_article
from arabnews_archive.parse.bylines import author_name, printed_byline
from arabnews_archive.parse.header import read_header
from arabnews_archive.parse.metadata import read_metadata
from arabnews_archive.parse.tree import build_tree
from tests.pages import STORY, story_page

URL = "https://anbaa.example/news/2024/1"
SITE = {"موقع الانباء", "anbaa"}


def authors(**slots: str) -> tuple[str, ...]:
    return parse_article(story_page(**slots), url=URL).authors


def jsonld(author: object) -> str:
    return '<script type="application/ld+json">' + json.dumps(
        {"@context": "https://schema.org", "@type": "NewsArticle", "headline": "x", "author": author},
        ensure_ascii=False) + "</script>"


@pytest.mark.parametrize(
    ("line", "name"),
    [
        ("بقلم: سارة الأحمد", "سارة الأحمد"),
        ("كتب - محمد همام:", "محمد همام"),
        ("كتبت ـ تقى عادل", "تقى عادل"),
        ("إعداد: د. غسان العزي", "د. غسان العزي"),
        ("إعداد الباحثة: دينا رحومة فايد", "دينا رحومة فايد"),  # a title between the byline word and the name
        ("تقرير: منى يوسف", "منى يوسف"),
        ("حوار: خالد العمري", "خالد العمري"),
        ("متابعة / أحمد المعداوي ..", "أحمد المعداوي"),
        ("بواسطة: رانيا سنجق - آخر تحديث: ٠٩:٢٠ ، ٢٠ مارس ٢٠١٩", "رانيا سنجق"),
        ("من قبل دانا البوز آخر تحديث : 01/12/2017", "دانا البوز"),
        ("الكاتب: المهندس أمجد قاسم كتب في: فبراير 28, 2015", "المهندس أمجد قاسم"),
        ("كتب نجيب الشوفي في 9 مايو 2017", "نجيب الشوفي"),
        ("Published December 19, 2018 | By Samira Ochana", "Samira Ochana"),
        ("بقلم: Adel Dellal مع وكالات • آخر تحديث: 22/08/2018", "Adel Dellal"),
        ("من حسين العبرة مراسل موقع الأنباء في النقب", "حسين العبرة"),  # the reporter's title after the name
        ("كتب - عمر قورة و(د ب أ):", "عمر قورة"),  # the agency beside the writer is no writer
        ("د. أسامة أبو الرب", "د. أسامة أبو الرب"),  # a scholar's title proves a person
        ("الأربعاء 12-12-2018 14:34 | كتب: أيمن هريدي |", "أيمن هريدي"),  # one part of a header line
        ("المصدر: العربية.نت – منية غانمي", "منية غانمي"),  # glued to the outlet
        ("ثورة أون لاين – ميساء الجردي:", "ميساء الجردي"),
    ],
)
def test_printed_bylines(line, name):
    assert printed_byline(line, SITE) == name


@pytest.mark.parametrize(
    "line",
    [
        "كتب: وكالات",  # agencies, the editor, the site, a team: no person
        "كتب: رويترز",
        "بقلم: المحرر",
        "كتب: موقع الأنباء",
        "إعداد: فريق التحرير",
        "بواسطة: حياتك - آخر تحديث: ٠٥:٢١",  # one word: a site's name or an account
        "كتب بواسطة MrmrKero",
        "بقلم khalil lmassri",  # an account name, not capitalised
        "كتب الرئيس الأمريكي على تويتر",  # a sentence, not a byline
        "د. أحمد الطيب شيخ الأزهر الشريف",  # a caption naming someone by their role
        "د. سيتم طلب نموذج RMA لملء البيانات",  # a list item
        "مصادر: عمر السومة يبلغ الأهلي برغبته في فسخ العقد",  # a headline
        "محمد اسكندر: «من أين لك هذا» الادعاء؟!",  # a columnist's teaser
        "القاهرة - الأنباء",  # a place and an outlet
    ],
)
def test_lines_that_name_no_writer(line):
    assert printed_byline(line, SITE) is None


@pytest.mark.parametrize(
    ("declared", "name"),
    [
        ({"@type": "Person", "name": "سارة الأحمد"}, "سارة الأحمد"),
        ([{"@type": "Person", "name": "Adel Dellal"}, {"@type": "Organization", "name": "Euronews"}], "Adel Dellal"),
        ({"@type": "Organization", "name": "سامي العلي"}, None),  # typed an organisation: no one
        ({"@type": "Person", "name": "موقع الأنباء"}, None),  # the site, typed a person
        ({"@type": "Person", "name": "baraa"}, None),  # a CMS account
        ({"@type": "Person", "name": "Deutsche Welle (www.dw.com)"}, None),
        ({"@type": "Person", "name": "لايف ستايل"}, None),  # a section: no given name
        ({"@type": "Person", "name": "لندن – نوال كابوس"}, "نوال كابوس"),  # the place in the byline slot
        ("https://anbaa.example/author/sara", None),
    ],
)
def test_declared_authors_are_people(declared, name):
    assert authors(head=jsonld(declared)) == ((name,) if name else ())


@pytest.mark.parametrize(
    ("meta", "name"),
    [
        ('<meta name="author" content="مروة عبد الفضيل"/>', "مروة عبد الفضيل"),
        ('<meta name="author" content="Radio Anbaa"/>', None),  # the site, as its host spells it
        ('<meta name="author" content="MONGID DESIGNS"/>', None),  # the web designer
        ('<meta name="author" content="admin"/>', None),
        ('<meta name="author" content="وكالات"/>', None),
    ],
)
def test_meta_authors_are_people(meta, name):
    assert authors(head=meta) == ((name,) if name else ())


def test_a_printed_byline_wins_over_the_declared_author():
    page = dict(head='<meta name="author" content="Dana Alboz"/>', header="<div>من قبل دانا البوز آخر تحديث : 01/12/2017</div>")
    assert authors(**page) == ("دانا البوز",)


def test_a_rel_author_link_by_the_headline():
    assert authors(header='<div class="meta"><a rel="author" href="/writers/7">هشام كركي</a> 12 يناير 2019</div>') == ("هشام كركي",)


def test_an_itemprop_author_box_after_the_story():
    box = """<aside class="p-writer" itemprop="author" itemscope itemtype="http://schema.org/Person">
      <h3>كتبه <a href="/writers/3"><span itemprop="name">محمد عبد الشكور</span></a></h3>
      <p>مهندس معماري، مهتم بإنشاء المحتوى الرقمي العربي.</p></aside>"""
    assert authors(after=box) == ("محمد عبد الشكور",)


def test_an_about_the_author_box_after_the_story():
    box = """<div class="author-box"><h4>عن الكاتب</h4><span class="author-name"><a href="/w/9">مازن عماد</a></span>
      <p class="author-desc">كاتب ومترجم علمي.</p></div>"""
    assert authors(after=box) == ("مازن عماد",)


def test_an_author_box_by_the_story_when_the_headline_is_far_above_it():
    # The header pass alone, on the story element the extraction hands it: the headline sits
    # in the page's top bar, so only the story's nearest ancestors say what is its article.
    paragraphs = "".join(f"<p>{p}</p>" for p in STORY)
    columnists = "".join(f'<li class="author"><a href="/w/{i}">{n}</a></li>' for i, n in enumerate(["خالد حسن", "سامي يوسف"]))
    root = build_tree(f"""<html lang="ar"><body><div class="top"><h1>عنوان الخبر</h1></div>
      <div class="columns"><div class="main"><article class="post"><div class="text">{paragraphs}</div>
      <div class="bottom"><span class="author-name">سلام عمر</span></div></article></div>
      <div class="side"><ul>{columnists}</ul></div></div></body></html>""")
    meta = read_metadata(root)
    story = next(el for el in root.iter("div") if el.get("class") == "text")
    header, paragraphs = read_header(story, "عنوان الخبر", list(STORY), meta, set())
    assert header.authors == ["سلام عمر"]
    assert paragraphs == STORY


def test_a_list_of_columnists_beside_the_story_is_not_its_byline():
    columnists = "".join(f'<div class="author"><a href="/w/{i}">{name}</a></div>'
                         for i, name in enumerate(["أحمد الصراف", "خالد حسن", "سامي يوسف"]))
    assert authors(aside=f'<div class="writers"><h3>كتّاب الرأي</h3>{columnists}</div>') == ()


def test_writers_listed_in_the_story_region_are_not_its_byline():
    most_read = "".join(f'<li><span class="author">{name}</span> <a href="/n/{i}">خبر آخر رقم {i}</a></li>'
                        for i, name in enumerate(["معتصم حمادة", "إبراهيم أبراش", "توفيق أبو شومر"]))
    assert authors(after=f'<ul class="list">{most_read}</ul>') == ()


def test_a_byline_box_naming_the_site_stops_the_search():
    header = '<div class="author-name">محرر موقع الأنباء 7 يونيو، 2017</div>'
    after = '<div class="author-name">أحمد الصراف</div>'
    assert authors(header=header, after=after) == ()


def test_a_byline_word_alone_on_its_line():
    assert authors(header="<div>كتابة</div><div>سارة الأحمد</div><div>6 يناير 2018</div>") == ("سارة الأحمد",)


def test_a_name_followed_by_the_date_on_a_header_line():
    assert authors(header='<div class="meta">حسين فاروق 15/02/2019</div>') == ("حسين فاروق",)


def test_a_label_and_its_value_are_not_a_name_and_a_date():
    assert authors(header="<div>Server Time: 2019-04-25 13:49:36</div>") == ()


def test_a_byline_opening_the_story_is_taken_out_of_it():
    article = parse_article(story_page(opening="<p>كتب - محمد همام:</p>"), url=URL)
    assert article.authors == ("محمد همام",)
    assert list(article.paragraphs) == STORY


def test_a_signature_closing_the_story():
    article = parse_article(story_page(closing="<p>د عبد العليم دسوقي</p><p>أستاذ علم الحيوان الزراعي</p>"), url=URL)
    assert article.authors == ("د عبد العليم دسوقي",)
    assert "د عبد العليم دسوقي" not in article.body


def test_a_name_alone_closing_the_story_signs_it():
    assert authors(closing="<p>نسرين أحمد زواوي</p>") == ("نسرين أحمد زواوي",)


def test_a_story_listing_people_is_not_signed_by_the_last_of_them():
    listing = "<p>أليساندرا أموروزو</p><p>غنت في الحفل عام 2010 أمام جمهور كبير من الحاضرين في القاعة.</p><p>سارة برايتمان</p>"
    assert authors(closing=listing) == ()


def test_the_declared_name_wins_over_a_box_printing_it_with_a_title():
    box = '<footer class="author-box"><a href="/w/4">ديما الحلوة مقدمة برامج</a></footer>'
    assert authors(head='<meta name="author" content="ديما الحلوة"/>', after=box) == ("ديما الحلوة",)


def test_initials_of_a_role_after_the_name_are_dropped():
    assert printed_byline("بواسطة: لارا عنان ت-ف - آخر تحديث: ١١:٣٩ ، ٢٥ أكتوبر ٢٠١٨", SITE) == "لارا عنان"


def test_names_glued_to_a_place_or_an_outlet_keep_only_the_person():
    assert author_name("القاهرة ــ مروة عبد الفضيل", SITE) == "مروة عبد الفضيل"
    assert author_name("طرابلس - الأنباء: أحمد الخميسي | الخميس 24 يناير 2019", SITE) == "أحمد الخميسي"
    assert author_name("محمد فارس (محرر)", SITE) == "محمد فارس"
    assert author_name("المدن - ثقافة", SITE) is None  # two pieces, neither a person
