"""The headline as displayed, when the page's headings and declared titles disagree."""
from __future__ import annotations

from arabnews_archive import parse_article
from tests.pages import STORY, TITLE

SITE = "شركة الأخبار الوطنية"


def page(head: str, headings: str) -> str:
    body = "".join(f"<p>{p}</p>" for p in STORY)
    return f'<html lang="ar"><head><meta charset="utf-8">{head}</head><body>{headings}<div>{body}</div></body></html>'


def test_the_logo_heading_gives_way_to_the_headline_it_stands_beside():
    # Both <h1>s share all their words with "Headline | Site"; the headline shares more of it.
    html = page(f"<title>{TITLE} | {SITE}</title>", f"<h1>{SITE}</h1><h1>{TITLE}</h1>")
    assert parse_article(html).title == TITLE


def test_an_h2_that_prints_a_declared_title_is_the_headline():
    # The first declared title is the site's brand; the page shows the story's headline as an <h2>.
    head = f'<meta property="og:title" content="Mother and Child Guide"><title>الطفل | {TITLE}</title>'
    html = page(head, f"<h2>{TITLE}</h2><h2>اختاري القسم واطلعي على المزيد</h2>")
    assert parse_article(html).title == TITLE


def test_a_label_printed_before_the_headline_is_not_part_of_it():
    html = page(f"<title>{TITLE}</title>", f"<h1>الموضوع: {TITLE}</h1>")
    assert parse_article(html).title == TITLE


def test_a_headline_with_a_colon_of_its_own_keeps_it():
    headline = "قطر: السعودية والإمارات تدير أنشطة تؤدي إلى زعزعة الاستقرار"
    html = page(f"<title>{headline} - {SITE}</title>", f"<h1>{headline}</h1>")
    assert parse_article(html).title == headline
