"""Listing pages written for the tests, modelled on the structures real Arabic news sites use.

Each builder returns a `Listing`: its path, its HTML and what a reader sees on it: the
article links of the listing's own list, those of its side blocks, and its next page.
The pages are small but keep what makes real ones hard: article URLs that carry a
listing word (`/archives/<id>`), side blocks of latest and most-read stories, category
blocks whose "المزيد" leads to another section, teasers whose "المزيد" leads to the
story, stories linked from the menu, short-code URLs, numbered pagers.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from html import escape
from urllib.parse import quote

HEADLINES = [
    "الحكومة تعلن خطة جديدة لدعم صغار المزارعين في المحافظات الجنوبية",
    "ارتفاع أسعار الذهب للمرة الثالثة خلال أسبوع مع تراجع الدولار",
    "وزير الصحة يفتتح مستشفى جديدا للأطفال في العاصمة",
    "انطلاق معرض الكتاب الدولي بمشاركة مئات دور النشر العربية",
    "الأمطار الغزيرة تغلق طرقا رئيسية في المناطق الجبلية",
    "البرلمان يناقش مشروع قانون الانتخابات المحلية في جلسة طارئة",
    "المنتخب الوطني يستعد لمواجهة ودية قبل التصفيات القارية",
    "مهرجان الفيلم القصير يكرم مخرجين شبابا من خمس دول",
    "البنك المركزي يبقي أسعار الفائدة دون تغيير للشهر الرابع",
    "افتتاح أول محطة للطاقة الشمسية في الصحراء الغربية",
    "اتفاق على تمديد الهدنة وفتح معابر إنسانية جديدة",
    "جامعة العاصمة تطلق برنامجا للمنح الدراسية في علوم الحاسوب",
    "تراجع معدلات البطالة بين الشباب للمرة الأولى منذ سنوات",
    "الشرطة تفكك شبكة لتهريب الآثار في الأقاليم الشمالية",
    "قمة إقليمية تبحث أزمة المياه وتقاسم مياه الأنهار",
    "نادي العاصمة يتعاقد مع مدرب أجنبي لقيادة الفريق الأول",
    "وزارة التعليم تعلن مواعيد امتحانات الشهادة الثانوية",
    "ارتفاع صادرات الحمضيات إلى الأسواق الأوروبية هذا الموسم",
    "فرق الإنقاذ تنتشل عالقين بعد انهيار مبنى قديم وسط المدينة",
    "حملة وطنية للتشجير تستهدف زراعة مليون شجرة قبل الصيف",
    "الكشف عن مقبرة أثرية تعود إلى العصر الروماني قرب الساحل",
    "شركة الطيران الوطنية تستأنف رحلاتها إلى ثلاث عواصم أوروبية",
    "الأرصاد تحذر من موجة حر تضرب البلاد نهاية الأسبوع",
    "توقيع اتفاقية لإنشاء منطقة صناعية حرة على الحدود",
    "مجلس الوزراء يقر زيادة في رواتب المعلمين والأطباء",
    "مؤتمر دولي يناقش مستقبل الصحافة في العصر الرقمي",
    "تأجيل مباراة القمة بسبب سوء الأحوال الجوية في الملعب",
    "إطلاق تطبيق حكومي لحجز المواعيد في الدوائر الرسمية",
    "منظمة دولية تحذر من نقص حاد في الغذاء خلال الشتاء",
    "المحكمة تؤجل النظر في قضية الفساد الكبرى إلى الشهر المقبل",
    "عودة الحياة إلى الأسواق القديمة بعد ترميم واجهاتها التاريخية",
    "باحثون يطورون لقاحا جديدا ضد مرض يصيب المواشي",
    "انتخاب رئيس جديد لنقابة الصحفيين بعد منافسة حادة",
    "وصول شحنة مساعدات طبية إلى المستشفيات الحدودية",
    "ازدحام خانق على الطريق الدولي مع بداية العطلة الصيفية",
    "معرض للفنون التشكيلية يحتفي بأعمال رواد الرسم المحليين",
    "الإعلان عن اكتشاف حقل غاز جديد قبالة السواحل الشرقية",
    "وزير الخارجية يستقبل نظيره في زيارة تستمر يومين",
    "أهالي القرية يطالبون بإصلاح شبكة المياه قبل الصيف",
    "لجنة الانتخابات تنشر القوائم النهائية للمرشحين",
]
SECTIONS = [("politics", "سياسة"), ("economy", "اقتصاد"), ("sport", "رياضة"), ("culture", "ثقافة"), ("opinion", "آراء")]


@dataclass(frozen=True)
class Listing:
    path: str
    html: str
    articles: set[str]  # paths of the article links of the listing's own list
    side_articles: set[str] = field(default_factory=set)  # paths linked only from sidebars and menus
    next_page: str | None = None
    pages: set[str] = field(default_factory=set)  # every page of this listing it links to
    elsewhere: set[str] = field(default_factory=set)  # paths a crawl must not follow


def headline(n: int) -> str:
    return HEADLINES[n % len(HEADLINES)]


def _page(title: str, body: str) -> str:
    return f"""<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8">
<title>{escape(title)}</title></head><body>{body}</body></html>"""


def _menu(extra: str = "") -> str:
    items = "".join(f'<li class="menu-item"><a href="/category/{slug}/">{name}</a>{extra}</li>'
                     for slug, name in SECTIONS)
    return f'<nav class="main-navigation"><ul class="menu"><li class="menu-item"><a href="/">الرئيسية</a></li>{items}</ul></nav>'


def _footer() -> str:
    return """<footer class="site-footer"><ul><li><a href="/about-us/">من نحن</a></li>
<li><a href="/privacy-policy/">سياسة الخصوصية</a></li><li><a href="/contact/">اتصل بنا</a></li></ul>
<a href="https://twitter.com/example">تويتر</a> <a href="https://www.facebook.com/example">فيسبوك</a></footer>"""


def archives_tag_page() -> Listing:
    """A WordPress tag page whose stories live at `/archives/<id>` (a listing word in every
    article URL), with a numbered pager, a sport block whose "المزيد" leads to the sport
    section, and a sidebar of most-read and latest stories and a tag cloud."""
    tag = "/tag/" + quote("الانتخابات") + "/"
    own = [f"/archives/{48213 - 7 * i}" for i in range(10)]
    posts = "".join(f"""<article class="post type-post">
<a class="post-thumbnail" href="{url}"><img src="/wp-content/uploads/2024/03/{i}.jpg" alt=""></a>
<header class="entry-header"><h2 class="entry-title"><a href="{url}" rel="bookmark">{headline(i)}</a></h2></header>
<div class="entry-meta"><time datetime="2024-03-{20 - i:02d}T09:15:00+03:00">{20 - i} مارس 2024</time>
<span class="cat-links"><a href="/category/politics/" rel="category tag">سياسة</a></span>
<span class="byline"><a href="/author/samir/">سمير حداد</a></span></div>
<div class="entry-summary"><p>{headline(i + 20)} وفق ما أعلنه مسؤولون اليوم.</p></div></article>""" for i, url in enumerate(own))
    sport = [f"/archives/{48100 + i}" for i in range(3)]
    block = "".join(f'<li><a href="{u}">{headline(10 + i)}</a></li>' for i, u in enumerate(sport))
    most_read = [f"/archives/{47001 + i}" for i in range(5)]
    latest = [f"/archives/{48250 + i}" for i in range(5)]
    tags = "".join(f'<a href="/tag/{quote(t)}/">{t}</a> ' for t in ("البرلمان", "الحكومة", "الاقتصاد", "الطقس", "الرياضة"))
    body = f"""<header id="masthead" class="site-header"><a class="logo" href="/">صحيفة الميدان</a>{_menu()}</header>
<div id="content" class="site-content"><main id="main" class="site-main">
<h1 class="page-title">وسم: الانتخابات</h1>{posts}
<nav class="navigation pagination"><div class="nav-links"><span class="page-numbers current">1</span>
<a class="page-numbers" href="{tag}page/2/">2</a><a class="page-numbers" href="{tag}page/3/">3</a>
<a class="next page-numbers" href="{tag}page/2/">التالي</a></div></nav>
<section class="category-block"><h3 class="block-title"><a href="/category/sport/">رياضة</a></h3>
<ul>{block}</ul><a class="more-link" href="/category/sport/">المزيد</a></section>
</main>
<aside id="secondary" class="widget-area">
<section class="widget"><h2 class="widget-title">الأكثر قراءة</h2>
<ol>{"".join(f'<li><a href="{u}">{headline(20 + i)}</a></li>' for i, u in enumerate(most_read))}</ol></section>
<section class="widget"><h2 class="widget-title">آخر الأخبار</h2>
<ul>{"".join(f'<li><a href="{u}">{headline(30 + i)}</a> <span class="post-date">منذ {i + 1} ساعات</span></li>'
             for i, u in enumerate(latest))}</ul></section>
<section class="widget"><div class="tagcloud">{tags}</div></section>
</aside></div>{_footer()}"""
    return Listing(tag, _page("الانتخابات – صحيفة الميدان", body), set(own + sport), set(most_read + latest),
                   next_page=f"{tag}page/2/", pages={f"{tag}page/2/", f"{tag}page/3/"},
                   elsewhere={"/category/sport/", "/category/politics/", "/author/samir/"})


def table_section_page() -> Listing:
    """An old table-layout section page (`/sections/14/1/فن`): each teaser ends in an
    "المزيد" that leads to the story itself, and the pager numbers the section's pages
    in the middle of the path."""
    section = lambda n: f"/sections/14/{n}/" + quote("فن")  # noqa: E731 - a URL template
    stories = [f"/news/{178550 + 3 * i}/" + quote(headline(i).replace(" ", "-")) for i in range(8)]
    rows = "".join(f"""<tr><td><table width="100%"><tr>
<td rowspan="2" width="158"><a href="{url}"><img src="/media/{i}.jpg" alt="{headline(i)}"></a></td>
<td><a class="title-link" href="{url}"><h2>{headline(i)}</h2></a></td><td><h4>{290 + i} مشاهدة</h4></td></tr>
<tr><td><h6><span>1{i} سبتمبر 2016</span><h2>{headline(i + 20)} في تفاصيل ينشرها الموقع.</h2>
<div align="left"><a href="{url}">المزيد</a></div></h6></td></tr></table></td></tr>""" for i, url in enumerate(stories))
    numbers = "".join(f'<a class="paginglink" href="{section(n)}">{n}</a> ' for n in (2, 3, 4, 5))
    body = f"""<table width="100%"><tr><td><ul class="menu" id="menu">
{"".join(f'<li><a href="/sections/{n}/{quote(name)}">» {name}</a></li>' for n, (_, name) in enumerate(SECTIONS, 2))}
</ul></td></tr>
<tr><td><table width="100%">{rows}
<tr><td class="paging"><span>1</span> {numbers}<a href="{section(2)}">التالي</a></td></tr>
</table></td></tr></table>"""
    return Listing(section(1), _page("فن - جريدة المساء", body), set(stories), next_page=section(2),
                   pages={section(n) for n in (2, 3, 4, 5)},
                   elsewhere={f"/sections/{n}/{quote(name)}" for n, (_, name) in enumerate(SECTIONS, 2)})


def portal_home_page() -> Listing:
    """A portal's home page: stories at short codes (`/Ab3xY9`), a breaking-news ticker,
    category blocks whose headers and "المزيد" lead to sections, image-only cards, a
    most-read list, and two stories in the mega-menu."""
    codes = ["Ab3xY9", "k7QmP2", "Zt5wN8", "r2DfG6", "Hq9sL4", "m8VbC1", "Pw4nJ7", "x6TgR3",
             "Ly2eK5", "Fs7hU9", "c3NzQ8", "Dj6pW2", "Wv1aS4", "g9RkM6", "Qe5yB7", "t4XuH1",
             "Nb8cV3", "Kd2rT5", "s6GmZ9", "Ui3wE7"]
    story = [f"/{c}" for c in codes]
    ticker = story[:4]
    menu_stories = story[18:20]
    blocks, block_stories = "", []
    for b, (slug, name) in enumerate(SECTIONS[:3]):
        cards = story[4 + 4 * b: 8 + 4 * b]
        block_stories += cards
        blocks += f"""<div class="block"><div class="block-head"><a href="/section/{slug}">{name}</a>
<a class="more" href="/section/{slug}">المزيد</a></div><div class="cards">{"".join(f'''<div class="card">
<a href="{u}"><img src="/img/{u[1:]}.jpg" alt=""></a><h3><a href="{u}">{headline(40 - 4 * b - i)}</a></h3>
<span class="date">10 مارس 2024</span></div>''' for i, u in enumerate(cards))}</div></div>"""
    most_read = story[16:18] + ticker[:1]
    mega = "".join(f'<a class="mega-story" href="{u}">{headline(3 + i)}</a>' for i, u in enumerate(menu_stories))
    body = f"""<header class="main-header"><a href="/">بوابة الأخبار</a>
<nav class="menu"><ul>{"".join(f'<li><a href="/section/{s}">{n}</a></li>' for s, n in SECTIONS)}</ul>
<div class="mega">{mega}</div></nav></header>
<div class="ticker"><ul>{"".join(f'<li><a href="{u}">عاجل: {headline(25 + i)}</a></li>' for i, u in enumerate(ticker))}</ul></div>
<div class="home">{blocks}
<div class="most-read"><h3>الأكثر قراءة</h3><ol>{"".join(f'<li><span class="num">{i + 1}</span><a href="{u}">{headline(15 + i)}</a></li>'
                                                       for i, u in enumerate(most_read))}</ol></div>
<a class="banner" href="/promo/ramadan"><img src="/img/ramadan.jpg" alt=""></a></div>{_footer()}"""
    return Listing("/", _page("بوابة الأخبار", body), set(ticker + block_stories + story[16:18]),
                   set(menu_stories), elsewhere={f"/section/{s}" for s, _ in SECTIONS} | {"/promo/ramadan"})


def listings() -> list[Listing]:
    return [archives_tag_page(), table_section_page(), portal_home_page()]
