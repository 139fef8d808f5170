"""`Archive.count`: articles matching queries per bucket beside the bucket's total, the same
matching set as `Archive.search`, on SQLite and PostgreSQL; and `Archive.stored_page`."""
from __future__ import annotations

from collections import Counter

import pytest

from arabnews_archive.archive import BUCKETS, Archive
from arabnews_archive.store.errors import QueryError
from tests.web_archive import HOSTILE_URL, fill

QUERIES = ["مدرسة", "المنتخب OR الموازنة", '"وزير المالية"', "مدرسة -القاهرة"]


def test_counts_are_the_searchs_matches_per_bucket_with_each_buckets_total(archive: Archive) -> None:
    fill(archive)
    every = list(archive.articles())
    for by in BUCKETS:
        rows = archive.count(QUERIES, by=by)
        assert {r.query for r in rows} == set(QUERIES)
        for query in QUERIES:
            mine = [r for r in rows if r.query == query]
            assert sum(r.matches for r in mine) == len(list(archive.search(query)))
            assert all(r.ratio == (r.matches / r.total) for r in mine)
        totals = {r.bucket: r.total for r in rows}
        assert sum(totals.values()) == len(every)  # every test article is dated: one bucket each
    months = archive.count("مدرسة", by="month")
    assert [r.bucket for r in months] == sorted(r.bucket for r in months)
    assert Counter({r.bucket: r.total for r in archive.count(by="section")}) == \
        Counter(a.section for a in every)
    assert all(r.query is None and r.matches == r.total for r in archive.count(by="day"))


def test_buckets_are_utc_days_iso_weeks_by_their_monday_and_months(archive: Archive) -> None:
    fill(archive)
    # The final: 2024-03-02 21:00 +03:00 is 18:00 UTC on Saturday 2 March, in the week of Monday 26 February.
    def bucket(by: str) -> str | None:
        return next(r.bucket for r in archive.count("المنتخب", by=by) if r.matches)

    assert (bucket("day"), bucket("week"), bucket("month")) == ("2024-03-02", "2024-02-26", "2024-03")
    assert bucket("site") == "example-news.com" and bucket("section") == "رياضة"


def test_filters_narrow_both_the_matches_and_the_totals(archive: Archive) -> None:
    fill(archive)
    rows = archive.count("مدرسة", by="month", site="other-site.net")
    assert [(r.bucket, r.matches, r.total) for r in rows] == [("2025-06", 1, 1)]
    rows = archive.count("مدرسة", by="site", since="2024-01-01", until="2024-01-31")
    assert [(r.bucket, r.matches, r.total) for r in rows] == [("example-news.com", 1, 1)]
    assert archive.count("مدرسة", by="day", section="لا قسم") == []


def test_undated_articles_count_by_site_and_section_but_in_no_time_bucket(archive: Archive, make_page) -> None:
    fill(archive)
    story = ["نص عن مدرسة قديمة جدا بنيت قبل مئة عام في وسط المدينة القديمة.",
             "وقال الأهالي إن المبنى يحتاج إلى ترميم عاجل قبل بدء العام الدراسي المقبل."]  # a story: an article
    archive.add_html("https://www.example-news.com/undated", make_page("مدرسة بلا تاريخ", story, published=None))
    by_site = {r.bucket: r.matches for r in archive.count("مدرسة", by="site")}
    by_month = sum(r.matches for r in archive.count("مدرسة", by="month"))
    assert by_site == {"example-news.com": 3, "other-site.net": 1}  # 2 dated and the undated one; 1 dated
    assert by_month == 3


def test_bad_queries_and_buckets_are_refused(archive: Archive) -> None:
    fill(archive)
    with pytest.raises(QueryError):
        archive.count(["مدرسة", "-مدرسة"])
    with pytest.raises(ValueError, match="by must be one of"):
        archive.count("مدرسة", by="year")
    with pytest.raises(QueryError, match="not a date"):
        archive.count("مدرسة", since="2024-02-30")


def test_stored_page_is_the_raw_response_the_article_came_from(archive: Archive) -> None:
    ids = fill(archive)
    page = archive.stored_page(ids[HOSTILE_URL])
    assert page is not None and page.body is not None and b"<script>document.title" in page.body
    assert page.url == HOSTILE_URL and page.status is None  # add_html records no status
    assert archive.stored_page(HOSTILE_URL) == page
    assert archive.stored_page(10_000) is None
