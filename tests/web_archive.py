"""The archive the web app's tests read: the three test stories, an article whose headline and
story carry HTML and script (and whose raw page runs a script), and a story revised once, all
stored through `Archive.add_html` as a crawl would store them."""
from __future__ import annotations

import html
from datetime import datetime, timezone

from arabnews_archive.archive import Archive
from tests.conftest import STORIES, news_page

HOSTILE_URL = "https://www.example-news.com/local/hostile"
HOSTILE_TITLE = "<script>alert('title')</script> عاجل: مدرسة <b>جديدة</b>"
HOSTILE_PARAGRAPH = "افتتحت المدرسة <img src=x onerror=alert('body')> أبوابها و</p><script>alert(2)</script> أمس."
# A script in the raw page itself: shown in the sandboxed frame, it must never run.
RAW_SCRIPT = "<script>document.title = 'ran'; parent.document.body.dataset.ran = 'yes';</script>"
REVISED_URL = "https://www.example-news.com/local/revised"
REVISED_TITLE = "الأمطار تغمر شوارع المدينة"
FIRST_VERSION = ["هطلت أمطار غزيرة على المدينة صباح اليوم وأغلقت ثلاثة شوارع رئيسية أمام حركة السير.",
                 "وقالت البلدية إن فرق الطوارئ تعمل على فتح الطرق قبل المساء."]
SECOND_VERSION = ["هطلت أمطار غزيرة على المدينة صباح اليوم وأغلقت خمسة شوارع رئيسية أمام حركة السير.",
                  "وقالت البلدية إن فرق الطوارئ تعمل على فتح الطرق قبل المساء.",
                  "وأعلنت المدارس تعليق الدراسة يوم غد."]


def fill(archive: Archive) -> dict[str, int]:
    """Store the test articles; maps each URL to its article id."""
    ids = {}
    for url, (title, paragraphs, published, section) in STORIES.items():
        site_name = "الشبكة الأخرى" if "other-site" in url else "جريدة الأخبار"
        ids[url] = archive.add_html(url, news_page(title, paragraphs, url=url, published=published, section=section,
                                                   site_name=site_name)).id
    hostile = news_page(html.escape(HOSTILE_TITLE), [html.escape(HOSTILE_PARAGRAPH),
                        "وقال مدير المدرسة إن الطلاب سيبدؤون الدراسة الأسبوع المقبل في المبنى الجديد."],
                        url=HOSTILE_URL, published="2024-02-10T08:00:00+03:00")
    ids[HOSTILE_URL] = archive.add_html(HOSTILE_URL, hostile.replace("</body>", RAW_SCRIPT + "</body>")).id
    for when, paragraphs in ((datetime(2024, 4, 1, 8, tzinfo=timezone.utc), FIRST_VERSION),
                             (datetime(2024, 4, 1, 12, tzinfo=timezone.utc), SECOND_VERSION)):
        page = news_page(REVISED_TITLE, paragraphs, url=REVISED_URL, published="2024-04-01T07:00:00+00:00")
        ids[REVISED_URL] = archive.add_html(REVISED_URL, page, fetched_at=when).id
    return ids
