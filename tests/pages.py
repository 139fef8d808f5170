"""Arabic news pages written for the tests, modelled on the layouts real sites use.

Each builder returns HTML text; tests encode it as they need (UTF-8, windows-1256, ...).
"""
from __future__ import annotations

import json

STORY = [
    "نفت وزارة الخارجية الأمريكية ما تردد في بعض وسائل الإعلام عن تنسيق عسكري بين واشنطن وموسكو في سوريا، مؤكدة أن تلك التقارير عارية تماما من الصحة.",
    "وأصدر المبعوث الأمريكي الخاص بيانا نشرته السفارة على موقع \"تويتر\"، ليرد به على \"التقارير غير الدقيقة التي يتم تداولها بخصوص تفاهماتنا\".",
    "وقال البيان إنه لا صحة لما ورد في تقارير وكالة \"إنترفاكس\" عن اتفاق لاستهداف المقاتلين في حلب أو إجلائهم من المدينة؛ مؤكدا أن العمل جار على تفاهمات تخفف العنف.",
    "وشدد البيان على أن الولايات المتحدة لم تبدأ التنسيق مع روسيا، سواء في الجانب العسكري أو غيره، ولا معنى للحديث عن التعاون دون أن تفي روسيا بالتزاماتها؟",
]
TITLE = "الولايات المتحدة تنفي وجود أي تنسيق عسكري مع روسيا في سورية"

COMMENT_FORM = """
<div id="commentform"><form action="/comment" method="post">
  <label>الإسم *</label><input name="name"/>
  <label>البريد الألكتروني *</label><input name="email"/>
  <label>عنوان التعليق *</label><input name="subject"/>
  <label>تعليق *</label><textarea name="body"></textarea>
  <span>: Characters Left</span><span>إلزامي *</span>
  <p>شروط النشر: عدم الإساءة للكاتب أو للأشخاص أو للمقدسات أو مهاجمة الأديان أو الذات الالهية. والابتعاد عن التحريض الطائفي والعنصري والشتائم.</p>
  <label>اُوافق على شروط الأستخدام</label><span>Security Code*</span>
</form></div>"""

RELATED = """
<div id="relatedreadmorehousefull"><h2><a>أخبار ذات صلة</a></h2>
<ul class="jcarousel">
  <li><a href="/121/1-x">أحلام تتألق بإطلالة لامعة فخمة في عيد ميلادها</a>
      <span>القاهرة ـ العرب اليوم</span><span>GMT 04:28 2025 الإثنين ,24 شباط / فبراير</span></li>
  <li><a href="/121/2-y">أستراليا تفرض غرامة مالية على تليغرام بسبب التأخر في الرد</a>
      <span>GMT 06:51 2019 الأربعاء ,24 إبريل / نيسان</span></li>
</ul></div>"""

FOOTER = """
<div class="copyrights"><p>Maintained and developed by Arabs Today Group SAL</p>
<p>جميع الحقوق محفوظة لمجموعة العرب اليوم الاعلامية 2025 ©</p>
<p>بناية النخيل - رأس النبع _ خلف السفارة الفرنسية _بيروت - لبنان</p></div>"""


def arabstoday_page(
    dateline: str = "واشنطن - العرب اليوم",
    visible_date: str = "GMT 13:05 2016 الثلاثاء ,13 أيلول / سبتمبر",
    jsonld_date: str | None = "2016-09-13 13:05:41",
) -> str:
    """A page laid out like the seed's site: site clock, stale microdata date, dateline line,
    comment form, related box and footer around the story."""
    jsonld = ""
    if jsonld_date:
        jsonld = '<script type="application/ld+json">' + json.dumps({
            "@context": "https://schema.org", "@type": "NewsArticle", "headline": TITLE,
            "datePublished": jsonld_date, "dateModified": jsonld_date,
            "author": {"@type": "Person", "name": "العرب اليوم"},
            "publisher": {"@type": "Organization", "name": "العرب اليوم"},
        }, ensure_ascii=False) + "</script>"
    paragraphs = "\n".join(f"<p>{p}</p>" for p in STORY)
    return f"""<!DOCTYPE html>
<html lang="ar"><head><meta charset="utf-8"/>
<title>{TITLE} | العرب اليوم</title>
<meta property="og:title" content="{TITLE}"/>
<meta property="og:site_name" content="العرب اليوم"/>
<meta property="og:image" content="https://img.example.net/2016/09/syria.jpg"/>
<link rel="canonical" href="https://www.arabstoday.example/syria-24/1234-us-russia"/>
{jsonld}
</head><body>
<div id="top"><span>آخر تحديث GMT13:57:10</span><span>العرب اليوم -</span><div id="readmorebn">أخر الأخبار</div></div>
<ul class="menu"><li><a href="/">الرئيسية</a></li><li><a href="/syria-24">سورية</a></li><li><a href="/economy">اقتصاد</a></li></ul>
<div class="readmorefull">
 <div class="breadcru"><a href="/">الرئيسية</a> » <a href="/syria-24">أخبار سورية</a></div>
 <h1 class="readmoremaintitle" itemprop="headline">{TITLE}</h1>
 <dd class="published" itemprop="datePublished" content="2016-07-19 T 02:55:45"><span>{visible_date}</span></dd>
 <div class="sharebar"><a href="https://facebook.com/sharer?u=x">فيسبوك</a><a href="https://twitter.com/intent/tweet">تويتر</a></div>
 <p class="readimg"><img src="/img/2016/09/state.jpg" alt="العرب اليوم - وزارة الخارجية"/></p>
 <h6 class="photocaption">وزارة الخارجية الأميركية</h6>
 <div id="articlepxfontsize1">
  <h6 class="coringsuri">{dateline}</h6>
  <div id="balmon">
{paragraphs}
  </div>
  <div id="tagseo"><span class="tag"><a href="/tag?w=سورية">سورية</a></span><span class="tag"><a href="/tag?w=روسيا">روسيا</a></span></div>
 </div>
 {COMMENT_FORM}
 {RELATED}
</div>
{FOOTER}
</body></html>"""


def cluttered_page() -> str:
    """A modern layout: cookie banner, share bar, inline teasers, a figure with a caption and
    credit, an embedded post, a most-read list, a newsletter box; the story has a subheading,
    a quote and a list that must be kept."""
    return f"""<!DOCTYPE html><html lang="ar"><head><meta charset="utf-8"/>
<title>{TITLE} - موقع الأخبار</title>
<meta name="description" content="{STORY[0]}"/>
<meta property="article:published_time" content="2023-03-05T09:30:00+03:00"/>
<meta property="article:modified_time" content="2023-03-05T11:00:00+03:00"/>
<meta name="author" content="سارة الأحمد"/>
<meta property="article:section" content="سياسة"/>
<meta property="article:tag" content="سوريا"/><meta property="article:tag" content="روسيا"/>
</head><body>
<div class="cookie-consent"><p>نستخدم ملفات تعريف الارتباط (كوكيز) لتحسين تجربتك على موقعنا، هل توافق على ذلك؟</p><button>موافق</button></div>
<header><nav><a href="/">الرئيسية</a><a href="/politics">سياسة</a></nav></header>
<main><article>
 <h1>{TITLE}</h1>
 <div class="byline">بقلم: سارة الأحمد</div>
 <time datetime="2023-03-05T09:30:00+03:00">الأحد 5 مارس 2023</time>
 <div class="social-share"><a href="#">شارك على فيسبوك</a><a href="#">شارك على تويتر</a></div>
 <figure><img src="/img/main.jpg"/><figcaption>صورة أرشيفية من دمشق (رويترز)</figcaption></figure>
 <div class="article-body">
  <p>{STORY[0]}</p>
  <p>{STORY[1]}</p>
  <p><strong>اقرأ أيضاً:</strong> <a href="/other">روسيا تعلن انسحاب قواتها من مواقع في الشمال</a></p>
  <h2>موقف موسكو من البيان</h2>
  <p>{STORY[2]}</p>
  <blockquote>"لن نقبل بأي تنسيق لا يحترم الاتفاقات السابقة"، قال المتحدث باسم الوزارة في مؤتمر صحفي.</blockquote>
  <blockquote class="twitter-tweet"><p>تغريدة مضمنة من حساب السفارة تقول إن البيان صدر الليلة الماضية</p></blockquote>
  <ul><li>وقف الهجمات العشوائية على المدنيين في المدن والقرى</li><li>احترام اتفاق الهدنة الموقع بين الأطراف في جنيف</li></ul>
  <p>{STORY[3]}</p>
  <p>شاهد أيضا: <a href="/video">فيديو من موقع الحدث في حلب</a></p>
 </div>
 <div class="newsletter-box"><h3>اشترك في النشرة البريدية</h3><p>احصل على أهم الأخبار يوميا في بريدك الإلكتروني دون أي رسوم.</p></div>
</article>
<aside class="most-read"><h3>الأكثر قراءة</h3><ol><li><a href="/a">خبر أول مهم جدا في الصفحة الجانبية للموقع</a></li><li><a href="/b">خبر ثان مهم في الصفحة الجانبية</a></li></ol></aside>
</main>
<footer><p>جميع الحقوق محفوظة © 2023 موقع الأخبار</p></footer>
</body></html>"""


def story_page(header: str = "", opening: str = "", closing: str = "", after: str = "", head: str = "",
               above: str = "", aside: str = "", site_name: str = "موقع الأنباء") -> str:
    """A plain article page with slots for what surrounds the story: ``head`` (meta tags,
    JSON-LD), ``above`` the article (a ticker), ``header`` between the headline and the
    story, ``opening`` and ``closing`` lines inside the story, ``after`` it in the article
    (an author box), and an ``aside`` beside it (lists of columnists, most read)."""
    paragraphs = "\n".join(f"<p>{p}</p>" for p in STORY)
    return f"""<!DOCTYPE html>
<html lang="ar" dir="rtl"><head><meta charset="utf-8"/>
<title>{TITLE} - {site_name}</title>
<meta property="og:site_name" content="{site_name}"/>
{head}
</head><body>
<header><nav><a href="/">الرئيسية</a> <a href="/news">أخبار</a></nav></header>
{above}
<div class="page"><main><article>
<h1>{TITLE}</h1>
{header}
<div class="article-body">
{opening}
{paragraphs}
{closing}
</div>
{after}
</article></main>
<div class="side">{aside}</div></div>
</body></html>"""
