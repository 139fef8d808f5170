"""Extraction on layouts that made the parser collapse on unseen sites: each cause found on
real pages, rebuilt as a small page of our own, and the path and confidence it reports."""
from __future__ import annotations

import json

from arabnews_archive import parse_article
from arabnews_archive.parse.clean import clean
from arabnews_archive.parse.tree import build_tree
from tests.pages import STORY, TITLE

TESTIMONIES = [
    "رحلات العودة هذه عادة ما تكون سرية، إذ أن السلطات لا تعلن عن أعداد العائدين ولا عن الطرق التي يسلكونها في رحلتهم الطويلة.",
    "عباس هو أحد اللاجئين الذين وصلوا قبل سنوات، وقرر العودة بعد أن فقد عمله وضاقت به السبل، فاتصل بمهرب عبر تطبيق للمراسلة.",
    "وفقا للاتفاقيات الدولية، يحق للاجئ الحاصل على الحماية أن يختار العودة متى شاء، لكنه يفقد بذلك حقوقا كثيرة لا يستعيدها بسهولة.",
]
COLUMN_PROSE = [
    "تعليق قارئ طويل يتحدث عن رأيه في الموضوع بإسهاب شديد، ويضيف تفاصيل من تجربته الشخصية التي لا علاقة لها بالخبر نفسه أبدا.",
    "تعليق آخر من قارئ ثان يرد على الأول ويختلف معه في الرأي، ويطرح وجهة نظر مختلفة تماما في مسألة لا يتناولها الخبر المنشور.",
    "وتعليق ثالث يكرر ما قيل في التعليقين السابقين بكلمات أخرى، ويضيف إليهما دعاء طويلا وتحية لكل القراء والمتابعين للموقع.",
]


def page(body: str, head: str = "") -> str:
    return f"""<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8">
<title>{TITLE} - موقع الأخبار</title>{head}</head><body>
<div class="menu"><a href="/">الرئيسية</a> <a href="/politics">سياسة</a></div>
{body}
<div class="copyright">جميع الحقوق محفوظة لموقع الأخبار</div>
</body></html>"""


def paragraphs(texts: list[str]) -> str:
    return "\n".join(f"<p>{t}</p>" for t in texts)


def test_a_form_wrapping_the_whole_page_keeps_its_story():
    # ASP.NET pages put every element of the page inside one <form>.
    html = page(f'<form id="aspnetForm" method="post"><h1>{TITLE}</h1>{paragraphs(STORY)}'
                '<input type="hidden" name="__VIEWSTATE" value="x"></form>')
    article = parse_article(html)
    assert list(article.paragraphs) == STORY
    assert article.extraction == "main"


def test_a_story_in_an_aside_is_kept():
    article = parse_article(page(f"<aside><h1>{TITLE}</h1>{paragraphs(STORY)}</aside>"))
    assert list(article.paragraphs) == STORY


def test_a_wrapper_named_like_a_sidebar_around_the_headline_is_the_story_not_boilerplate():
    html = page(f"""<div class="container layout-right-sidebar">
      <div class="main-column"><h1>{TITLE}</h1>{paragraphs(STORY)}</div>
      <div class="sidebar"><h3>الأكثر قراءة</h3><ul><li><a href="/a">خبر أول في القائمة الجانبية</a></li></ul></div>
    </div>""")
    article = parse_article(html)
    assert list(article.paragraphs) == STORY
    assert "الأكثر قراءة" not in article.body


def test_a_story_split_into_blocks_built_alike_comes_whole():
    blocks = "".join(f'<div class="testimony"><div class="inner">{t}</div></div>' for t in TESTIMONIES)
    html = page(f'<article><h1>{TITLE}</h1><div class="post-content">{blocks}</div></article>')
    assert list(parse_article(html).paragraphs) == TESTIMONIES


def test_a_list_article_keeps_every_item_with_its_heading():
    items = "".join(
        f'<div class="list-item"><div class="item-title">{i + 1} {t.split("،")[0][:30]}</div>'
        f'<span class="item-text">{t}</span></div>'
        for i, t in enumerate(TESTIMONIES)
    )
    html = page(f'<article><h1>{TITLE}</h1><div class="smart-list">{items}</div></article>')
    body = parse_article(html).body
    assert all(t in body for t in TESTIMONIES)


def test_a_side_column_of_prose_beside_the_story_stays_out():
    # Grid columns are built differently ("col-8" beside "col-4"): the story does not grow into its neighbour.
    html = page(f"""<div class="row">
      <div class="col-8"><h1>{TITLE}</h1><div class="text">{paragraphs(STORY)}</div></div>
      <div class="col-4"><section><h3>آراء القراء</h3>{paragraphs(COLUMN_PROSE)}</section></div>
    </div>""")
    article = parse_article(html)
    assert list(article.paragraphs) == STORY


def test_a_listing_page_has_no_story():
    posts = "".join(
        f'<div class="post-outer"><h3 class="post-title"><a href="/2019/0{i}/post-{i}.html">تدوينة رقم {i} عن الغذاء</a></h3>'
        f'<div class="post-body">{t}</div></div>'
        for i, t in enumerate(TESTIMONIES + COLUMN_PROSE, start=1)
    )
    article = parse_article(page(f'<h1>مدونة التغذية العلاجية</h1><div class="blog-posts">{posts}</div>'))
    assert article.paragraphs == ()
    assert (article.extraction, article.confidence) == ("none", 0.0)


def test_a_story_lost_to_a_misnamed_wrapper_is_found_by_the_fallback_path():
    # The wrapper's name reads as boilerplate and the headline is outside it, so the main
    # path drops the story; the fallback reads the page again without judging names.
    html = page(f"""<h1>{TITLE}</h1><div class="date">2019-05-12</div>
      <div class="widget-area"><div class="entry">{paragraphs(STORY)}</div></div>
      <div class="teaser"><p>سطر قصير واحد هنا عن الخبر.</p></div>
      <div class="comments">{paragraphs(COLUMN_PROSE)}</div>""")
    article = parse_article(html)
    assert list(article.paragraphs) == STORY
    assert article.extraction == "fallback"
    assert 0 < article.confidence < 1


def test_json_ld_article_body_is_used_when_the_markup_holds_clearly_less():
    declared = "\n".join(STORY)
    head = '<script type="application/ld+json">' + json.dumps(
        {"@type": "NewsArticle", "headline": TITLE, "articleBody": declared}, ensure_ascii=False) + "</script>"
    article = parse_article(page(f"<h1>{TITLE}</h1><p>{STORY[0]}</p>", head))
    assert list(article.paragraphs) == STORY
    assert article.extraction == "json-ld"


def test_confidence_is_high_for_a_clear_story_and_low_when_two_blocks_compete():
    clear = parse_article(page(f"<article><h1>{TITLE}</h1>{paragraphs(STORY)}</article>"))
    assert clear.extraction == "main" and clear.confidence >= 0.9
    rivals = parse_article(page(
        f'<h1>{TITLE}</h1><div class="a">{paragraphs(STORY)}</div>'
        f'<div class="b"><div class="c">{paragraphs(TESTIMONIES + COLUMN_PROSE[:1])}</div></div>'))
    assert rivals.extraction == "main" and rivals.confidence < 0.5


def test_a_second_copy_of_the_story_in_the_page_is_no_rival():
    story = paragraphs(STORY)
    article = parse_article(page(f'<h1>{TITLE}</h1><div class="a">{story}</div><div class="b amp"><div>{story}</div></div>'))
    assert article.confidence >= 0.9


def test_removing_boilerplate_inside_a_link_keeps_the_totals_consistent():
    long_text = "نص طويل داخل رابط يتجاوز ستين حرفا ليعد نثرا لو لم يكن داخل الرابط نفسه في الصفحة"
    root = build_tree(f'<html><body><a href="/x"><div class="share">{long_text}</div></a>{paragraphs(STORY)}</body></html>')
    stats, before = clean(root)
    assert all(s.prose >= 0 and s.link_text >= 0 for s in stats.values())
    assert stats[root].prose == sum(len(p) for p in STORY) == before


def test_a_page_where_the_main_path_finds_nothing_is_read_again_by_the_fallback_path():
    html = page(f"""<div class="headline-box"><h2>عنوان جانبي</h2></div>
      <div class="sidebar-content">{paragraphs(STORY)}</div>
      <div class="comments">{paragraphs(COLUMN_PROSE)}</div>""")
    article = parse_article(html)
    assert list(article.paragraphs) == STORY
    assert article.extraction == "fallback"
