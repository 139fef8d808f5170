"""The extraction engine on pages written for the tests: fields, boilerplate, datelines, bad input."""
from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest

from arabnews_archive import Article, parse_article
from arabnews_archive.parse import ParseError
from arabnews_archive.parse.dateline import parse_dateline
from tests.pages import STORY, TITLE, arabstoday_page, cluttered_page

CLUTTER = [
    "آخر تحديث", "البريد الألكتروني", "عنوان التعليق", "Security Code", "شروط النشر", "Characters Left",
    "أخبار ذات صلة", "أحلام تتألق", "تليغرام", "Maintained and developed", "جميع الحقوق محفوظة",
    "بناية النخيل", "وزارة الخارجية الأميركية", "سورية روسيا",
]


def test_seed_layout_comes_out_clean():
    article = parse_article(arabstoday_page().encode("utf-8"), url="https://www.arabstoday.example/syria-24/1234")
    assert article.title == TITLE
    assert list(article.paragraphs) == STORY
    for clutter in CLUTTER:
        assert clutter not in article.body, clutter
    assert article.dateline == "واشنطن - العرب اليوم"
    assert article.authors == ()  # the site, not a person
    # The stale microdata date (2016-07-19) is outvoted; the visible GMT line gives the zone.
    assert article.published == datetime(2016, 9, 13, 13, 5, tzinfo=timezone.utc)
    assert article.section == "أخبار سورية"
    assert article.tags == ("سورية", "روسيا")
    assert article.canonical_url == "https://www.arabstoday.example/syria-24/1234-us-russia"
    assert article.language == "ar"
    assert article.site_name == "العرب اليوم"
    assert article.image == "https://img.example.net/2016/09/syria.jpg"


def test_site_clock_alone_is_not_a_date():
    page = arabstoday_page(visible_date="", jsonld_date=None).replace('content="2016-07-19 T 02:55:45"', "")
    article = parse_article(page, fetched_at=datetime(2024, 1, 1, tzinfo=timezone.utc))
    assert article.published is None


def test_dates_after_the_fetch_are_rejected():
    fetched = datetime(2016, 9, 1, tzinfo=timezone.utc)
    article = parse_article(arabstoday_page(), fetched_at=fetched)
    # Every stated date but the stale template one is after the fetch.
    assert article.published == datetime(2016, 7, 19, 2, 55, 45)


def test_reporter_in_the_dateline_becomes_the_author():
    article = parse_article(arabstoday_page(dateline="لندن ـ ماريا طبراني"))
    assert article.dateline == "لندن"
    assert article.authors == ("ماريا طبراني",)
    assert list(article.paragraphs) == STORY


def test_modern_layout_drops_clutter_and_keeps_story_structure():
    article = parse_article(cluttered_page(), url="https://news.example/politics/2023/03/05/syria")
    body = article.body
    for kept in (STORY[0], "موقف موسكو من البيان", "لن نقبل بأي تنسيق", "وقف الهجمات العشوائية", "احترام اتفاق الهدنة", STORY[3]):
        assert kept in body, kept
    for dropped in ("كوكيز", "شارك على", "صورة أرشيفية", "اقرأ أيضاً", "روسيا تعلن انسحاب", "تغريدة مضمنة",
                    "شاهد أيضا", "النشرة البريدية", "الأكثر قراءة", "خبر أول", "جميع الحقوق", "بقلم"):
        assert dropped not in body, dropped
    assert article.title == TITLE
    assert article.authors == ("سارة الأحمد",)
    assert article.published == datetime(2023, 3, 5, 9, 30, tzinfo=timezone(timedelta(hours=3)))
    assert article.updated == datetime(2023, 3, 5, 11, 0, tzinfo=timezone(timedelta(hours=3)))
    assert article.section == "سياسة"
    assert set(article.tags) == {"سوريا", "روسيا"}
    assert article.paragraphs[0] == STORY[0]


@pytest.mark.parametrize(
    ("line", "whole", "dateline", "author", "rest"),
    [
        ("واشنطن - العرب اليوم", True, "واشنطن - العرب اليوم", None, ""),
        ("القاهرة _ العرب اليوم", True, "القاهرة _ العرب اليوم", None, ""),
        ("لندن ـ ماريا طبراني", True, "لندن", "ماريا طبراني", ""),
        ("هسبريس من الرباط", True, "هسبريس من الرباط", None, ""),
        ("الدوحة- وكالات", True, "الدوحة- وكالات", None, ""),
        ("المصدر: واشنطن – وكالات", True, "واشنطن – وكالات", None, ""),
        ("القاهرة (رويترز) - قال مسؤول مصري إن المحادثات مستمرة.", False, "القاهرة (رويترز)", None,
         "قال مسؤول مصري إن المحادثات مستمرة."),
        ("بيروت – أ ف ب: أعلن الجيش اللبناني اليوم عن خطة جديدة.", False, "بيروت – أ ف ب", None,
         "أعلن الجيش اللبناني اليوم عن خطة جديدة."),
        ("دبي، الإمارات العربية المتحدة (CNN) -- بعد أن حصد الفيلم جائزة.", False,
         "دبي، الإمارات العربية المتحدة (CNN)", None, "بعد أن حصد الفيلم جائزة."),
        ("أبوظبي - سكاي نيوز عربية قال الفنان إنه لن يتقدم بطلب.", False, "أبوظبي - سكاي نيوز عربية", None,
         "قال الفنان إنه لن يتقدم بطلب."),
        ("الرياض - واس: أعلنت الوزارة عن نتائج الاجتماع.", False, "الرياض - واس", None,
         "أعلنت الوزارة عن نتائج الاجتماع."),
        ("دمشق - قالت مصادر ميدانية إن الاشتباكات تجددت.", False, "دمشق", None, "قالت مصادر ميدانية إن الاشتباكات تجددت."),
    ],
)
def test_datelines(line, whole, dateline, author, rest):
    found = parse_dateline(line, set(), whole_line=whole)
    assert found is not None
    assert (found.text, found.author, found.rest) == (dateline, author, rest)


@pytest.mark.parametrize(
    "line",
    [
        "قال الرئيس - في كلمة ألقاها - إن البلاد تمر بمرحلة صعبة.",
        "وأضاف أن الاجتماع - الذي عقد أمس - كان مثمرا.",
        "الاقتصاد العالمي: توقعات بنمو أبطأ هذا العام في معظم الدول",
    ],
)
def test_story_sentences_are_not_datelines(line):
    assert parse_dateline(line, set(), whole_line=False) is None


def test_dateline_is_taken_out_of_the_first_paragraph():
    page = arabstoday_page(dateline="").replace(f"<p>{STORY[0]}</p>", f"<p>القاهرة (رويترز) - {STORY[0]}</p>")
    article = parse_article(page)
    assert article.dateline == "القاهرة (رويترز)"
    assert article.paragraphs[0] == STORY[0]


@pytest.mark.parametrize("encoding", ["windows-1256", "iso-8859-6"])
@pytest.mark.parametrize("declared", [True, False])
def test_arabic_code_pages_parse_like_their_utf8_twin(encoding, declared):
    page = arabstoday_page()
    if encoding == "iso-8859-6":
        # ISO-8859-6 has no "ـ", "«" or Persian letters: keep to what it can encode.
        page = page.replace("ـ", "-")
    twin = parse_article(page.encode("utf-8"))
    meta = f'<meta charset="{encoding}"/>' if declared else ""
    raw = page.replace('<meta charset="utf-8"/>', meta).encode(encoding, errors="replace")
    article = parse_article(raw)
    assert article.title == twin.title
    assert article.paragraphs == twin.paragraphs
    assert article.dateline == twin.dateline


def test_http_charset_wins_over_a_wrong_meta():
    raw = arabstoday_page().replace('<meta charset="utf-8"/>', '<meta charset="iso-8859-1"/>').encode("cp1256")
    article = parse_article(raw, headers={"Content-Type": "text/html; charset=windows-1256"})
    assert article.title == TITLE


def test_to_dict_is_json_ready_and_round_trips():
    article = parse_article(cluttered_page(), url="https://news.example/a")
    data = json.loads(json.dumps(article.to_dict(), ensure_ascii=False))
    assert data["published"] == "2023-03-05T09:30:00+03:00"
    assert data["body"] == article.body
    assert Article.from_dict(data) == article


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"", "empty document"),
        (b"   \n\t ", "empty document"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "binary"),
        (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj", "binary"),
        (b"GIF89a\x01\x00\x01\x00", "binary"),
    ],
)
def test_non_html_input_gets_a_one_line_error(raw, message):
    with pytest.raises(ParseError, match=message) as info:
        parse_article(raw)
    assert "\n" not in str(info.value)


def test_truncated_html_still_parses():
    page = arabstoday_page().encode("utf-8")
    cut = page[: page.index(STORY[2].encode("utf-8")) + 40]
    article = parse_article(cut)
    assert article.title == TITLE
    assert article.paragraphs[:2] == tuple(STORY[:2])


def test_a_page_in_another_language():
    page = "<html lang='en'><body><h1>Markets rally after the announcement</h1>" + \
        "<p>Stocks rose sharply on Monday, with the main index gaining three percent, traders said.</p>" * 3 + "</body></html>"
    article = parse_article(page)
    assert article.language == "en"
    assert article.title == "Markets rally after the announcement"
    assert article.paragraphs


def test_ten_thousand_levels_of_nesting_keep_their_text():
    text = "نص في أعماق الصفحة، لا بد أن يقرأ كاملا دون أي مشكلة مهما كان عمقه."
    page = "<html><body><h1>عنوان المقال العميق</h1>" + "<div>" * 10_000 + f"<p>{text}</p>" + "</div>" * 10_000
    article = parse_article(page.encode("utf-8"))
    assert article.paragraphs == (text,)


def test_a_20_mb_page_parses():
    paragraph = "<p>" + " ".join(STORY) + "</p>\n"
    repeats = 20 * 1024 * 1024 // len(paragraph.encode("utf-8")) + 1
    page = f"<html><body><h1>{TITLE}</h1><div>" + "".join(
        paragraph.replace("نفت", f"نفت ({i})", 1) for i in range(repeats)
    ) + "</div></body></html>"
    raw = page.encode("utf-8")
    assert len(raw) > 20 * 1024 * 1024
    article = parse_article(raw)
    assert len(article.paragraphs) == repeats
