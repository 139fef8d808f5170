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


def published(html: str, fetched_at: datetime | None = FETCHED) -> datetime | None:
    return parse_article(html, url=URL, fetched_at=fetched_at).published


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
    assert choose_date(labelled, ["18.01.2018 - مقال"], None, FETCHED) == datetime(2018, 1, 18)


def test_on_a_tie_the_earlier_day_wins_over_a_masthead_today():
    visible = ["الأربعاء - 24 نيسان( ابريل ) 2019 - السنة التاسعة - العدد 2184", "الاثنين - 11 شباط ( فبراير ) 2019"]
    assert choose_date([], visible, None, FETCHED) == datetime(2019, 2, 11)


def test_the_most_precise_statement_of_the_day_gives_the_time():
    # The meta tag's clock is the site's own zone, unstated; the visible line states GMT.
    candidates = [("meta", "9/9/2018 7:35:06 PM")]
    assert choose_date(candidates, ["الأحد 9 سبتمبر 2018 - 15:05 بتوقيت غرينتش"], None, FETCHED) == datetime(2018, 9, 9, 15, 5, tzinfo=UTC)
    later = [("jsonld", "2018-09-09T15:05:00"), ("time", "2018-09-09T18:05:00+03:00")]
    assert choose_date(later, [], None, FETCHED) == datetime(2018, 9, 9, 18, 5, tzinfo=timezone(timedelta(hours=3)))
