"""The link classifier's evidence, one kind at a time: URL shape and patterns, text, position,
repetition; and what counts as a page of the listing."""
from __future__ import annotations

from urllib.parse import quote

from arabnews_archive.crawl import discover, explain_links
from arabnews_archive.crawl.discover.links import ARTICLE, DATED, LISTING, NEVER, url_pattern, url_shape
from tests.listings.pages import headline

BASE = "http://news.test"


def page(body: str) -> str:
    return f'<html lang="ar" dir="rtl"><head><meta charset="utf-8"></head><body>{body}</body></html>'


def paths(urls: list[str]) -> set[str]:
    return {u.removeprefix(BASE) for u in urls}


def items(urls: list[str], first: int = 0) -> str:
    return "".join(f'<li><a href="{u}">{headline(first + i)}</a></li>' for i, u in enumerate(urls))


def test_url_shape_is_evidence_with_its_reason() -> None:
    assert url_shape(BASE + "/archives/48213") == (LISTING, "listing word «archives» in the path")
    assert url_shape(BASE + "/" + quote("وسوم") + "/x") == (LISTING, "listing word «وسوم» in the path")
    assert url_shape(BASE + "/?p=4812") == (ARTICLE, "number 4812 in the query")
    assert url_shape(BASE + "/news/2019/01/15/x") == (DATED, "date 2019-01-15 in the path")
    assert url_shape(BASE + "/news/show/1234567/x") == (ARTICLE, "number 1234567 in the path")
    assert url_shape(BASE + "/?p=3").score == NEVER  # a small ?p= is a page number
    assert url_shape(BASE + "/tag/x/page/2/") == (NEVER, "page number")
    assert url_shape(BASE + "/2024/01/") == (NEVER, "date archive")
    assert url_shape(BASE + "/syria/", "/syria/news/") == (NEVER, "the section or a parent of it")
    assert url_shape(BASE + "/img/a.jpg") == (NEVER, "file (.jpg)")


def test_url_patterns_generalise_ids_slugs_and_codes() -> None:
    assert url_pattern(BASE + "/news/show/1234567/" + quote("وزير-الخارجية-يصل")) == "/news/show/N/S"
    assert url_pattern(BASE + "/ar/news_show/43210/0/" + quote("كاريكاتير")) == "/ar/news_show/N/N/S"
    assert url_pattern(BASE + "/Qa7xT2") == url_pattern(BASE + "/bY4mRt") == "/C"
    assert url_pattern(BASE + "/logout") == "/logout"
    assert url_pattern(BASE + "/News/7654321.aspx") == "/news/N.aspx"
    assert url_pattern(BASE + "/?p=52341") == "/?p=N"
    assert url_pattern(BASE + "/news/2019/01/flood") == url_pattern(BASE + "/news/2019/02/a-b-c-d") == "/news/N/N/S"


def test_a_url_pattern_learnt_from_the_list_holds_for_image_links_and_menus() -> None:
    stories = [f"/archives/{100 + i}" for i in range(5)]
    html = page(f"""<nav class="menu"><a href="/archives/200">{headline(9)}</a><a href="/archives/201">جديد</a></nav>
<div class="list"><ul>{items(stories)}</ul></div>
<div class="promo"><a href="/archives/300"><img src="/a.jpg"></a><a href="/promo/x"><img src="/b.jpg"></a></div>""")
    found = discover(html, BASE + "/tag/x/")
    assert paths(found.articles) == {*stories, "/archives/300"}  # the image link too; not the promo
    assert paths(found.side_articles) == {"/archives/200"}  # a headline in the menu; not its short label


def test_short_labels_repeated_in_a_list_are_a_menu_whatever_their_urls() -> None:
    tags = "".join(f'<li><a href="/t/{1000 + i}">وسم {i}</a></li>' for i in range(6))
    sections = "".join(f'<li><a href="/{n}-{quote(name)}">{label}</a></li>' for n, name, label in (
        (314, "أخبار-المدن-والقرى-والمحافظات", "آخر أخبار المدن والقرى والمحافظات"),
        (36, "آخر-الأخبار", "آخر الأخبار"), (417, "أخبار-الرياضة", "أخبار الرياضة"), (121, "الموضة", "الموضة")))
    reports = {r.url.removeprefix(BASE): r for r in explain_links(
        page(f'<div class="tags"><ul>{tags}</ul></div><div class="cats"><ul>{sections}</ul></div>'), BASE + "/")}
    assert reports["/t/1000"].verdict == "not followed"
    long_named = reports["/314-" + quote("أخبار-المدن-والقرى-والمحافظات")]
    assert long_named.verdict == "not followed"  # its own URL and text look like a story's
    assert "an item of a list of short labels without pictures or dates (a menu)" in long_named.evidence


def test_where_sections_and_stories_are_numbered_alike_a_menu_label_is_a_section() -> None:
    sections = "".join(f'<li><a href="/page-{n}.html">{name}</a></li>'
                       for n, name in ((23, "رياضة"), (24, "اقتصاد"), (25, "أخبار منوعة"), (310, "تقارير")))
    stories = "".join(f"""<li><a href="/page-{58900 + i}.html"><img src="/{i}.jpg"></a>
<a href="/page-{58900 + i}.html">{headline(i) if i else "أزمة الخبز"}</a></li>""" for i in range(12))
    found = discover(page(f'<div class="top"><ul>{sections}</ul></div><ul class="news">{stories}</ul>'), BASE + "/")
    assert paths(found.articles) == {f"/page-{58900 + i}.html" for i in range(12)}  # the short title too


def test_tags_named_at_length_stay_tags() -> None:
    names = ["جولة ولي العهد في آسيا", "قمة العشرين في الرياض", "موسم الحج لهذا العام", "رؤية المملكة للعام 2030"]
    tags = "".join(f'<li><a href="/tag/{quote(n.replace(" ", "-"))}">{n}</a></li>' for n in names)
    found = discover(page(f'<div class="hot-tags"><ul>{tags}</ul></div>'), BASE + "/")
    assert found.articles == [] and found.side_articles == []


def test_a_menu_list_of_headlines_is_a_list_of_stories() -> None:
    stories = ["/honey-benefits/", "/sleep-hours/", "/tea-or-coffee/", "/winter-colds/"]
    sections = "".join(f'<li><a href="/{slug}/">{name}</a></li>' for slug, name in (
        ("health", "صحة"), ("beauty-tips", "نصائح الجمال والعناية بالبشرة"), ("food", "مطبخ")))
    html = page(f"""<footer class="site-footer"><ul class="latest">{items(stories)}</ul>
<ul class="sections">{sections}</ul></footer>""")
    found = discover(html, BASE + "/")
    assert found.articles == [] and paths(found.side_articles) == set(stories)


def test_a_dated_story_among_short_labels_is_still_a_story() -> None:
    labels = "".join(f'<li><a href="/{slug}/">{name}</a></li>' for slug, name in (
        ("iraq", "العراق"), ("cities", "مدن"), ("events", "أحداث"), ("people", "شخصيات")))
    html = page(f'<ul class="related">{labels}<li><a href="/events/2016/05/02/x">{headline(5)}</a></li></ul>')
    assert paths(discover(html, BASE + "/").articles) == {"/events/2016/05/02/x"}


def test_an_item_is_its_story_not_its_category_nor_a_more_link() -> None:
    cards = "".join(f"""<div class="card"><a href="/news/{500 + i}/x"><img src="/{i}.jpg"></a>
<h3><a href="/news/{500 + i}/x">{headline(i)}</a></h3><a class="cat" href="/economy/">اقتصاد</a></div>""" for i in range(4))
    more = '<div class="card"><a href="/news/">المزيد من الأخبار</a></div>'
    found = discover(page(f'<div class="cards">{cards}{more}</div>'), BASE + "/")
    assert paths(found.articles) == {f"/news/{500 + i}/x" for i in range(4)}


def test_a_card_covered_by_an_empty_link_is_titled_by_its_heading() -> None:
    slugs = ["gold", "rain", "books", "clinic"]
    cards = "".join(f"""<div class="card"><a class="stretched-link" href="/stories/{slug}"></a>
<img src="/{slug}.jpg"><h3>{headline(i)}</h3><p>{headline(i + 10)}</p></div>""" for i, slug in enumerate(slugs))
    found = discover(page(f'<div class="grid">{cards}</div>'), BASE + "/")
    assert paths(found.articles) == {f"/stories/{slug}" for slug in slugs}
    assert found.titles[BASE + "/stories/gold"] == headline(0)


def test_a_lone_headline_counts_in_the_content_and_sidebars_not_in_menus() -> None:
    # Three URL forms, one link each: no pattern, no list, only the link itself to go by.
    html = page(f"""<header class="site-header"><a href="/live/9000">{headline(1)}</a></header>
<main><p>اقرأ أيضا: <a href="/news/9001/y">{headline(2)}</a></p></main>
<aside><a href="/opinion/9002/z">{headline(3)}</a></aside>""")
    found = discover(html, BASE + "/")
    assert paths(found.articles) == {"/news/9001/y"} and paths(found.side_articles) == {"/opinion/9002/z"}


def test_the_main_list_is_the_listings_own_even_in_a_column_named_like_a_sidebar() -> None:
    own = [f"/news/{800 + i}/x" for i in range(8)]
    read = [f"/news/{900 + i}/y" for i in range(3)]
    html = page(f"""<div class="col-8 right-sidebar"><ul class="list">{items(own)}</ul></div>
<aside class="col-4"><h3>الأكثر قراءة</h3><ol>{items(read, 20)}</ol></aside>""")
    found = discover(html, BASE + "/news/")
    assert paths(found.articles) == set(own) and paths(found.side_articles) == set(read)


def test_more_leads_to_the_next_page_only_within_this_listing() -> None:
    stories = [f"/news/{700 + i}/x" for i in range(4)]
    html = page(f"""<section class="block"><h3><a href="/sport/">رياضة</a></h3><ul>{items(stories)}</ul>
<a href="/sport/">المزيد</a></section>
<div class="pager"><a href="/politics/?page=2">2</a><a href="/politics/?page=3">3</a>
<a href="/politics/archive-more/">التالي</a></div>""")
    reports = {r.url.removeprefix(BASE): r for r in explain_links(html, BASE + "/politics/")}
    assert reports["/sport/"].verdict == "not followed"
    assert "says «المزيد» but leads away from this listing" in reports["/sport/"].evidence
    assert reports["/politics/archive-more/"].evidence == ("«التالي» in the pager",)
    assert reports["/politics/?page=2"].evidence == ("page number of this listing",)
    found = discover(html, BASE + "/politics/")
    assert paths(found.listings) == {"/politics/archive-more/", "/politics/?page=2", "/politics/?page=3"}
    assert paths(found.articles) == set(stories)


def test_a_post_id_query_is_a_story_not_a_page_of_the_listing() -> None:
    posts = [f"/?p={4812 + i}" for i in range(4)]
    html = page(f'<link rel="next" href="/?cat=7&amp;paged=2"><ul class="posts">{items(posts)}</ul>')
    found = discover(html, BASE + "/?cat=7")
    assert paths(found.articles) == set(posts)
    assert paths(found.listings) == {"/?cat=7&paged=2"} and found.skipped == []
    reports = explain_links(html, BASE + "/?cat=7")
    assert (reports[-1].url, reports[-1].verdict, reports[-1].evidence) == (
        BASE + "/?cat=7&paged=2", "listing page", ("rel=next",))  # a <link>, not an <a>: listed all the same


def test_a_pager_label_numbers_a_page_whose_url_carries_no_page_number() -> None:
    pager = "".join(f'<a href="/sections/14/{n}/x">{n}</a>' for n in (98, 100, 101))
    found = discover(page(f"""<div class="paging">{pager}<a href="/sections/14/100/x">التالي</a>
<a href="/sections/14/991/x">»</a></div>"""), BASE + "/sections/14/99/x")
    assert {u.removeprefix(BASE): n for u, n in found.page_numbers.items()} == {
        "/sections/14/98/x": 98, "/sections/14/100/x": 100, "/sections/14/101/x": 101, "/sections/14/991/x": 991}
    assert found.listings[0] == BASE + "/sections/14/100/x"
    assert found.skipped == [(BASE + "/sections/14/991/x", "page limit (991 > 500)")]  # the last page, by its place
