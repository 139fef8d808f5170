"""Tests for arabnews_archive.parse.pubdate: which of a page's dates is its publication date.

Pages are small ones written here, modelled on layouts real sites use: a masthead clock
above the headline, the story's date under it, teasers of other stories further down.
"""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from arabnews_archive.parse import parse_article
from arabnews_archive.parse.pubdate import choose_date
from tests.pages import STORY, TITLE

UTC = timezone.utc
FETCHED = datetime(2019, 4, 25, 9, 0, tzinfo=UTC)
URL = "https://news.example/article/5597"


def page(header: str = "", head: str = "", teasers: str = "", heading: str = f"<h1>{TITLE}</h1>") -> str:
    story = "".join(f"<p>{p}</p>" for p in STORY)
    return f"""<html><head><title>{TITLE} | أخبار المثال</title>
<meta property="og:title" content="{TITLE}">{head}</head><body>
<div class="topbar"><span class="today">الخميس 25 أبريل 2019</span><a href="/">أخبار المثال</a></div>
<div class="main"><div class="article">{heading}{header}<div class="story">{story}</div></div>
<div class="related"><h2>أخبار ذات صلة</h2><ul>{teasers}</ul></div></div>
<div class="footer"><p>جميع الحقوق محفوظة 2019 ©</p></div></body></html>"""


def teaser(n: int, date: str) -> str:
    return f'<li><a href="/article/{n}">خبر آخر رقم {n} عن الاقتصاد العربي</a><span class="date">{date}</span></li>'


def published(html: str, fetched_at: datetime | None = FETCHED) -> datetime | None:
    return parse_article(html, url=URL, fetched_at=fetched_at).published


# ---------------------------------------------------------------- the line under the headline
def test_the_date_under_the_headline_outvotes_the_masthead_and_the_teasers():
    teasers = "".join(teaser(n, "24 أبريل 2019") for n in range(4))
    html = page('<div class="meta"><span>رامي قطار</span> | <label>28 كانون الثاني 2019</label></div>', teasers=teasers)
    assert published(html) == datetime(2019, 1, 28)


def test_the_headline_is_found_under_any_heading_that_prints_the_title():
    # The only <h1> is the logo; the headline is an <h3>, as on some sites.
    heading = f'<h1>أخبار المثال</h1><h3><a href="{URL}">{TITLE}</a></h3>'
    html = page('<span class="news-time">الأحد 9 سبتمبر 2018 - 15:05 بتوقيت غرينتش</span>', heading=heading)
    assert published(html) == datetime(2018, 9, 9, 15, 5, tzinfo=UTC)


def test_a_logo_heading_that_prints_the_site_name_of_the_title_is_not_the_headline():
    logo = '<div class="masthead"><h1>أخبار المثال</h1><div class="clock">الخميس 25 أبريل 2019</div></div>'
    heading = f'{logo}<div class="article-head"><h2>{TITLE}</h2><label>28 كانون الثاني 2019</label></div>'
    assert published(page(heading=heading)) == datetime(2019, 1, 28)


def test_a_labelled_headline_still_prints_the_title():
    heading = f"<h1>الموضوع: {TITLE}</h1>"
    html = page("<div>2005-07-19, 16:58 #1</div>", heading=heading)
    assert published(html) == datetime(2005, 7, 19, 16, 58)


def test_a_line_under_the_headline_labelled_as_an_update_dates_the_update():
    html = page('<div class="date">الأربعاء، 28 آب/اغسطس 2013، آخر تحديث 14:00 (GMT+0400)</div>')
    article = parse_article(html, url="https://news.example/2013/middle_east/8/3/syria/index.html", fetched_at=FETCHED)
    assert (article.published, article.updated.date()) == (datetime(2013, 8, 3), datetime(2013, 8, 28).date())


def test_a_clock_on_a_line_of_its_own_is_the_time_of_the_date_line_beside_it():
    html = page('<div class="meta"><span class="time">01:59 م</span><div class="date">الأحد 16/ديسمبر/2018</div></div>')
    assert published(html) == datetime(2018, 12, 16, 13, 59)
    assert choose_date([], ["11/02/2019", "12:47 pm"], None, FETCHED) == datetime(2019, 2, 11, 12, 47)
    # A date line with its own clock keeps it; a clock far from any date line dates nothing.
    assert choose_date([], ["11/02/2019 09:30", "12:47 pm"], None, FETCHED) == datetime(2019, 2, 11, 9, 30)
    assert choose_date([], ["12:47 pm", "عدد القراءات: 41288", "11/02/2019"], None, FETCHED) == datetime(2019, 2, 11)


def test_a_date_shown_as_a_tooltip_of_a_relative_one():
    html = page('<h5><span title="2017-02-15 21:11:33">منذ 798 يوم</span></h5><h5>عدد القراءات: 41288</h5>')
    assert published(html, fetched_at=None) == datetime(2017, 2, 15, 21, 11, 33)


def test_a_line_under_the_headline_counts_only_if_it_is_largely_dates():
    subtitle = "الحكومة تعلن في 3 مارس 2018 عن خطة جديدة للنقل العام في المدن الكبرى"
    assert choose_date([("headline", subtitle)], [], None, FETCHED) is None
    byline = "طرابلس - بوابة الوسط: أحمد الخميسي | الخميس 24 يناير 2019, 10:17 مساء"
    assert choose_date([("headline", byline)], [], None, FETCHED) == datetime(2019, 1, 24, 22, 17)


def test_dates_after_the_story_begins_are_not_read_as_the_header():
    teasers = teaser(1, "24 أبريل 2019")
    assert published(page(teasers=teasers)) is None


def test_a_date_without_a_year_under_the_headline_is_the_most_recent_such_day():
    html = page('<div class="newsTime">الأربعاء 06 آذار 19:07</div>')
    assert published(html) == datetime(2019, 3, 6, 19, 7)
    assert published(html, fetched_at=datetime(2019, 2, 1, tzinfo=UTC)) == datetime(2018, 3, 6, 19, 7)
    assert published(html, fetched_at=None) is None  # no year and no fetch time: no date


def test_a_date_without_a_year_in_a_sentence_dates_nothing():
    html = page(f"<p>يوم الأحد، 24 شباط</p>", head='<meta name="description" content="هل يفرح اللبنانيون في 25 شباط المقبل؟">')
    assert choose_date([("title", "هل يفرح اللبنانيون في 25 شباط المقبل؟")], [], None, FETCHED, FETCHED) is None
    assert published(html) == datetime(2019, 2, 24)  # a line of its own is a date line


# ---------------------------------------------------------------- metadata the page declares
def test_microdata_teasers_do_not_outvote_the_story():
    teasers = "".join(
        f'<li itemscope><a href="/article/{n}">خبر آخر رقم {n}</a><meta itemprop="datePublished" content="2019-04-24 22:{n}0:00"></li>'
        for n in range(4))
    head = '<meta name="dc.date" content="2019-01-08 14:38:45">'
    story_item = '<div itemscope><meta itemprop="datePublished" content="2019-01-08 14:38:45"></div>'
    html = page(story_item, head=head, teasers=teasers)
    assert published(html) == datetime(2019, 1, 8, 14, 38, 45)


@pytest.mark.parametrize("name,content,expected", [
    ("DC.Date.Created", "9/9/2018 7:35:06 PM", datetime(2018, 9, 9, 19, 35, 6)),
    ("dc.date.published", "2016-09-01 22:03:00", datetime(2016, 9, 1, 22, 3)),
    ("PublishDt", "2018-12-11", datetime(2018, 12, 11)),
    ("published_time_telegram", "2018-04-02T21:50:00+00:00", datetime(2018, 4, 2, 21, 50, tzinfo=UTC)),
])
def test_more_meta_names_date_the_page(name, content, expected):
    assert published(page(head=f'<meta name="{name}" content="{content}">')) == expected


# ---------------------------------------------------------------- the vote
@pytest.mark.parametrize("raw", ["1970-01-01T00:00:00Z", "0001-01-01T00:00:00", "1900-01-01", "2030-01-01T10:00:00+03:00"])
def test_placeholders_and_future_dates_are_not_dates(raw):
    assert choose_date([("jsonld", raw)], [], None, FETCHED) is None


def test_a_date_after_now_is_no_date_when_the_fetch_time_is_unknown():
    assert choose_date([("jsonld", "2099-01-01T00:00:00")], [], None, None) is None
    assert choose_date([("jsonld", "2019-01-01T00:00:00")], [], None, None) == datetime(2019, 1, 1)


def test_repeated_labelled_teasers_count_once():
    labelled = [("labelled", "22.05.2018 نشر")] * 6
    assert choose_date(labelled + [("headline", "18.01.2018 - مقال")], [], None, FETCHED) == datetime(2018, 1, 18)


def test_on_a_tie_the_earlier_day_wins_over_a_masthead_today():
    visible = ["الأربعاء - 24 نيسان( ابريل ) 2019 - السنة التاسعة - العدد 2184", "الاثنين - 11 شباط ( فبراير ) 2019"]
    assert choose_date([], visible, None, FETCHED) == datetime(2019, 2, 11)


def test_the_most_precise_statement_of_the_day_gives_the_time():
    # The meta tag's clock is the site's own zone, unstated; the visible line states GMT.
    candidates = [("meta", "9/9/2018 7:35:06 PM"), ("headline", "الأحد 9 سبتمبر 2018 - 15:05 بتوقيت غرينتش")]
    assert choose_date(candidates, [], None, FETCHED) == datetime(2018, 9, 9, 15, 5, tzinfo=UTC)
    later = [("jsonld", "2018-09-09T15:05:00"), ("time", "2018-09-09T18:05:00+03:00")]
    assert choose_date(later, [], None, FETCHED) == datetime(2018, 9, 9, 18, 5, tzinfo=timezone(timedelta(hours=3)))
