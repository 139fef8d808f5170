"""Pages of the synthetic Arabic news site: a `/syria/` section of 100 articles.

Everything is generated deterministically from the article number, so tests can
compute what a page must contain. Article 0 is the newest.
"""
from __future__ import annotations

import gzip
import random
from dataclasses import dataclass, replace
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from html import escape
from urllib.parse import quote

SITE_NAME = "العرب اليوم"
SECTION = "/syria/"
ARTICLES = 100
PER_PAGE = 20
PAGES = ARTICLES // PER_PAGE
NEWEST = datetime(2024, 3, 10, 9, 30, tzinfo=timezone.utc)
MONTHS = ["يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر",
          "أكتوبر", "نوفمبر", "ديسمبر"]
_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
_SUBJECTS = ["الحكومة السورية", "وزارة الخارجية", "الأمم المتحدة", "مجلس الشعب", "محافظة حلب",
             "وزارة الصحة", "الهلال الأحمر", "غرفة تجارة دمشق", "وزارة التربية", "المصرف المركزي"]
_VERBS = ["تعلن", "تبحث", "تنفي", "تؤكد", "تطلق", "تناقش", "تحذر من", "ترحب ب"]
_OBJECTS = ["خطة جديدة لإعادة الإعمار", "ارتفاع أسعار المحروقات", "عودة آلاف اللاجئين",
            "مشروعًا لتأهيل الطرق الريفية", "اتفاقًا للتعاون الاقتصادي", "نتائج الامتحانات العامة",
            "حملة تلقيح في المدارس", "إجراءات لدعم الليرة", "افتتاح معبر حدودي", "موسم القمح"]
_CITIES = ["دمشق", "حلب", "حمص", "اللاذقية", "حماة", "طرطوس", "دير الزور", "درعا"]
_SENTENCES = [
    "وأوضح المصدر أن الإجراءات الجديدة ستدخل حيز التنفيذ مطلع الشهر المقبل بعد استكمال الدراسات اللازمة.",
    "وأشار إلى أن اللجنة المختصة عقدت سلسلة من الاجتماعات لمناقشة التفاصيل مع الجهات المعنية.",
    "ويأتي ذلك في ظل ظروف اقتصادية صعبة تمر بها البلاد منذ سنوات بسبب الحرب والعقوبات.",
    "من جهته، أكد مسؤول محلي أن الأولوية ستكون للمناطق الأكثر تضررًا وللأسر ذات الدخل المحدود.",
    "وتوقع خبراء أن تسهم هذه الخطوة في تخفيف الأعباء عن المواطنين وتحسين مستوى الخدمات.",
    "ولفت البيان إلى أن فرق العمل ستواصل جولاتها الميدانية لمتابعة سير التنفيذ على الأرض.",
    "وكانت الحكومة قد أعلنت في وقت سابق عن حزمة من القرارات المماثلة لاقت ترحيبًا واسعًا.",
    "وفي سياق متصل، دعت منظمات أهلية إلى تعزيز الشفافية وإشراك المجتمع المحلي في القرارات.",
    "وبحسب الأرقام الرسمية، فإن عدد المستفيدين من البرنامج تجاوز عشرات الآلاف خلال العام الماضي.",
    "وختم المصدر بالتأكيد على أن الأيام المقبلة ستشهد مزيدًا من الخطوات في هذا الاتجاه.",
]

UPDATE_SENTENCE = "وفي تطور لاحق، أعلنت الجهات المختصة تفاصيل إضافية حول الخطوات التنفيذية المقررة خلال الأسبوع المقبل."


@dataclass(frozen=True)
class ArticleInfo:
    number: int
    headline: str
    city: str
    published: datetime
    version: int = 1

    @property
    def id(self) -> int:
        return 100000 + self.number

    @property
    def slug(self) -> str:
        return self.headline.replace(" ", "-")

    @property
    def path(self) -> str:
        """The raw (unencoded) path; `href` alternates raw and percent-encoded forms."""
        return f"/news/{self.id}/{self.slug}"

    @property
    def href(self) -> str:
        return self.path if self.number % 2 else quote(self.path)

    @property
    def etag(self) -> str:
        return f'"art-{self.id}"' if self.version == 1 else f'"art-{self.id}-v{self.version}"'

    @property
    def last_modified(self) -> str:
        return format_datetime(self.published + timedelta(hours=self.version - 1), usegmt=True)


def article(number: int) -> ArticleInfo:
    rng = random.Random(number)
    headline = f"{rng.choice(_SUBJECTS)} {rng.choice(_VERBS)} {rng.choice(_OBJECTS)} في {rng.choice(_CITIES)}"
    return ArticleInfo(number, f"{headline} ({number + 1})", rng.choice(_CITIES), NEWEST - timedelta(hours=12 * number))


def revised(info: ArticleInfo) -> ArticleInfo:
    """The article as updated later: one more paragraph, a new ETag and Last-Modified; same URL."""
    return replace(info, version=info.version + 1)


def all_articles() -> list[ArticleInfo]:
    return [article(n) for n in range(ARTICLES)]


def page_articles(page: int) -> list[ArticleInfo]:
    return [article(n) for n in range((page - 1) * PER_PAGE, page * PER_PAGE)]


def arabic_date(when: datetime) -> str:
    return f"{when.day} {MONTHS[when.month - 1]} {when.year}".translate(_DIGITS)


def page_url(page: int) -> str:
    return SECTION if page == 1 else f"{SECTION}?page={page}"


NAV_LINKS = [("/", "الرئيسية"), ("/syria/", "سوريا"), ("/egypt/", "مصر"), ("/sport/", "رياضة"),
             ("/economy/", "اقتصاد"), ("/opinion/", "آراء")]
FOOTER_LINKS = [("/about/", "من نحن"), ("/contact/", "اتصل بنا"), ("/privacy/", "سياسة الخصوصية"),
                ("/private/secret.html", "منطقة الأعضاء"), ("/calendar/?date=2024-03-10", "الأرشيف اليومي")]
TAG_LINKS = [("/tag/دمشق", "دمشق"), ("/tag/اقتصاد", "اقتصاد"), ("/tag/لاجئون", "لاجئون")]
# A "breaking news" ticker linking the fault routes, so a crawl meets them: `/breaking/<id>/<route>`
# serves `/fault/<route>` under a URL shaped like a news item.
TICKER_LINKS = [("/breaking/900007/500-then-200?key=ticker", "عاجل: انقطاع الكهرباء عن أحياء واسعة في العاصمة"),
                ("/fault/cp1256.html", "عاجل: وصول قافلة مساعدات جديدة إلى ريف حلب الشمالي"),
                ("/breaking/900008/image.html", "عاجل: صور حصرية من موقع الحادث في مدينة حمص"),
                ("/breaking/900001/429?key=ticker", "عاجل: ازدحام خانق على الطريق الدولي بين دمشق وحمص"),
                ("/breaking/900002/stall?seconds=1", "عاجل: أمطار غزيرة تغمر شوارع مدينة اللاذقية الساحلية"),
                ("/breaking/900003/reset", "عاجل: انقطاع الاتصالات عن عدة مناطق في ريف درعا"),
                ("/breaking/900004/loop", "عاجل: الإعلان عن موعد امتحانات الشهادة الثانوية العامة"),
                ("/breaking/900005/redirect?n=3", "عاجل: افتتاح الدورة الجديدة لمعرض دمشق الدولي"),
                ("/breaking/900006/huge.html", "عاجل: النص الكامل لخطاب رئيس الحكومة أمام مجلس الشعب"),
                ("/private/900009/secret.html", "عاجل: وثائق داخلية حصرية لأعضاء الموقع المشتركين")]
# Past the last page: an endless "more" chain and a calendar, the traps a crawl must stop at.
TRAP_LINKS = [("/endless/?page=1", "المزيد"), ("/calendar/?date=2024-03-09", "أقدم")]
SOCIAL = ["https://www.facebook.com/arabstoday", "https://twitter.com/arabstoday"]


def _links(items: list[tuple[str, str]], cls: str) -> str:
    return "".join(f'<li class="{cls}"><a href="{escape(h)}">{escape(t)}</a></li>' for h, t in items)


def _chrome(title: str, main: str, extra_head: str = "") -> str:
    nav = _links(NAV_LINKS, "menu-item")
    footer = _links(FOOTER_LINKS, "footer-item")
    social = "".join(f'<a href="{s}" rel="noopener">تابعنا</a>' for s in SOCIAL)
    popular = _links([(article(n).href, article(n).headline) for n in (60, 70, 80, 90, 95)], "popular-item")
    return f"""<!DOCTYPE html>
<html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>{escape(title)} - {SITE_NAME}</title>
<link rel="alternate" type="application/rss+xml" href="/rss.xml" title="RSS">{extra_head}</head>
<body class="rtl has-sidebar">
<header class="site-header"><a class="logo" href="/">{SITE_NAME}</a>
<nav class="main-menu"><ul>{nav}</ul></nav>
<form class="search" action="/search/"><input name="q"><button>بحث</button></form></header>
<div class="ticker"><span>عاجل</span><ul>{_links(TICKER_LINKS, "ticker-item")}</ul></div>
<div class="container"><main class="content">{main}</main>
<aside class="sidebar"><h3>الأكثر قراءة</h3><ul>{popular}</ul>
<div class="tags">{_links(TAG_LINKS, "tag")}</div></aside></div>
<footer class="site-footer"><ul>{footer}</ul><div class="social">{social}</div>
<p>جميع الحقوق محفوظة © 2024 {SITE_NAME}</p></footer></body></html>"""


def listing_page(page: int) -> str:
    items = "".join(
        f"""<div class="news-item"><a class="thumb" href="{escape(a.href)}"><img src="/img/{a.id}.jpg" alt=""></a>
<div class="news-body"><h3 class="title"><a href="{escape(a.href)}">{escape(a.headline)}</a></h3>
<span class="date"><time datetime="{a.published.isoformat()}">{arabic_date(a.published)}</time></span>
<a class="section-tag" href="/syria/">سوريا</a>
<p>{escape(_SENTENCES[a.number % len(_SENTENCES)])}</p></div></div>"""
        for a in page_articles(page))
    numbers = "".join(f'<a href="{page_url(p)}">{p}</a>' for p in range(1, PAGES + 1) if p != page)
    traps = "".join(f'<a href="{escape(h)}">{t}</a>' for h, t in TRAP_LINKS)
    nxt = f'<a class="next" href="{page_url(page + 1)}">التالي »</a>' if page < PAGES else traps
    head = f'<link rel="next" href="{page_url(page + 1)}">' if page < PAGES else ""
    main = f"""<ol class="breadcrumb"><li><a href="/">الرئيسية</a></li><li><a href="/syria/">سوريا</a></li></ol>
<h1>أخبار سوريا</h1><div class="news-list">{items}</div>
<div class="pagination"><span class="current">{page}</span>{numbers}{nxt}</div>"""
    return _chrome("أخبار سوريا", main, head)


def article_page(a: ArticleInfo) -> str:
    rng = random.Random(1000 + a.number)
    paragraphs = rng.sample(_SENTENCES, rng.randint(4, 8))
    body = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    update = f"<p>{UPDATE_SENTENCE}</p>" if a.version > 1 else ""
    also = [article((a.number + k) % ARTICLES) for k in (1, 2)]
    teasers = "".join(f'<p class="read-also">اقرأ أيضا: <a href="{escape(t.href)}">{escape(t.headline)}</a></p>' for t in also)
    related = _links([(article((a.number + k) % ARTICLES).href, article((a.number + k) % ARTICLES).headline)
                      for k in (3, 4, 5)], "related-item")
    share = "".join(f'<a href="{s}/share?u={quote(a.path)}">مشاركة</a>' for s in SOCIAL)
    main = f"""<article><h1>{escape(a.headline)}</h1>
<div class="meta"><span class="date">{arabic_date(a.published)}</span> <time datetime="{a.published.isoformat()}"></time></div>
<p class="dateline">{a.city} - {SITE_NAME}</p>{body[:len(body) // 2]}{teasers}{body[len(body) // 2:]}{update}
<div class="share-bar">{share}</div></article>
<section class="related"><h3>أخبار ذات صلة</h3><ul>{related}</ul></section>
<form class="comment-form" method="post" action="/comments/"><h3>أضف تعليقك</h3>
<input name="name" placeholder="الاسم"><textarea name="comment"></textarea><button>إرسال</button></form>"""
    return _chrome(a.headline, main, f'<link rel="canonical" href="{escape(a.href)}">')


def calendar_page(day: datetime) -> str:
    nxt, prev = day + timedelta(days=1), day - timedelta(days=1)
    items = "".join(f'<li><a href="{escape(a.href)}">{escape(a.headline)}</a></li>' for a in page_articles(1)[:5])
    main = f"""<h1>أرشيف {arabic_date(day)}</h1><ul class="archive-list">{items}</ul>
<div class="calendar-nav"><a href="/calendar/?date={prev:%Y-%m-%d}">اليوم السابق</a>
<a rel="next" href="/calendar/?date={nxt:%Y-%m-%d}">اليوم التالي</a></div>"""
    return _chrome("الأرشيف", main)


def endless_page(page: int) -> str:
    """A listing whose next link never ends and whose pages are empty."""
    main = f'<h1>المزيد</h1><div class="pagination"><a href="/endless/?page={page + 1}">التالي</a></div>'
    return _chrome("المزيد", main)


def robots_txt(base: str, crawl_delay: float) -> str:
    return f"User-agent: *\nDisallow: /private/\nCrawl-delay: {crawl_delay:g}\n\nSitemap: {base}/sitemap.xml\n"


def sitemap_index(base: str) -> str:
    maps = "".join(f"<sitemap><loc>{base}{p}</loc><lastmod>{NEWEST:%Y-%m-%d}</lastmod></sitemap>"
                   for p in ("/sitemap-news.xml", "/sitemap-archive.xml.gz"))
    return f'<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{maps}</sitemapindex>'


def news_sitemap(base: str) -> str:
    """Google News sitemap of the 30 newest articles, raw Arabic in <loc> as real sites do."""
    urls = "".join(
        f"""<url><loc>{base}{escape(a.path)}</loc><news:news><news:publication><news:name>{SITE_NAME}</news:name>
<news:language>ar</news:language></news:publication><news:publication_date>{a.published.isoformat()}</news:publication_date>
<news:title>{escape(a.headline)}</news:title></news:news></url>""" for a in all_articles()[:30])
    return ('<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
            f'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">{urls}</urlset>')


def archive_sitemap_gz(base: str) -> bytes:
    urls = "".join(f"<url><loc>{base}{quote(a.path)}</loc><lastmod>{a.published:%Y-%m-%d}</lastmod></url>"
                   for a in all_articles())
    xml = f'<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'
    return gzip.compress(xml.encode("utf-8"), mtime=0)


def rss_feed(base: str, broken: bool = False) -> str:
    items = "".join(
        f"""<item><title>{escape(a.headline)}</title><link>{base}{quote(a.path)}</link>
<pubDate>{format_datetime(a.published)}</pubDate><guid>{base}/news/{a.id}</guid></item>""" for a in all_articles()[:20])
    if broken:  # what real feeds do: a bare "&" and a never-closed element
        items = items.replace("</title>", " & more</title>", 1) + "<item><title>بلا نهاية"
    return f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>{SITE_NAME}</title><link>{base}/</link>{items}</channel></rss>'


def atom_feed(base: str) -> str:
    entries = "".join(
        f"""<entry><title>{escape(a.headline)}</title><link rel="alternate" href="{base}{quote(a.path)}"/>
<id>{base}/news/{a.id}</id><updated>{a.published.isoformat()}</updated><published>{a.published.isoformat()}</published></entry>"""
        for a in all_articles()[:10])
    return f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>{SITE_NAME}</title>{entries}</feed>'
