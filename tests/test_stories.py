"""Stories across sources: copies grouped as they are stored (every path), re-grouped when
their text changes, rebuilt from scratch alike, listed, searched and counted by story; on
SQLite and PostgreSQL, and with two writers at once."""
from __future__ import annotations

import json
import threading
import time
from datetime import datetime, timedelta, timezone

import pytest
import sqlalchemy as sa
from click.testing import CliRunner

from arabnews_archive.archive import Archive
from arabnews_archive.article import Article
from arabnews_archive.cli import main
from arabnews_archive.store.models import StoryBand
from tests.conftest import news_page, store_exchange

T0 = datetime(2024, 5, 1, 9, 0, tzinfo=timezone.utc)
# A wire story, as an agency sent it.
WIRE = (
    "القاهرة (رويترز) - قال مسؤولون في وزارة الخارجية المصرية اليوم الأربعاء إن جولة المحادثات بين الوفدين "
    "استمرت لساعات طويلة دون التوصل إلى اتفاق نهائي بشأن وقف إطلاق النار في المنطقة الحدودية.",
    "وأضاف المسؤولون أن الوفدين سيعودان إلى طاولة المفاوضات الأسبوع المقبل في العاصمة القطرية الدوحة "
    "بحضور وسطاء من مصر والولايات المتحدة وممثلين عن الأمم المتحدة.",
    "وكانت الجولة السابقة من المحادثات قد انتهت الشهر الماضي بخلاف حول ترتيبات تبادل الأسرى وانسحاب "
    "القوات من المعابر الرئيسية على طول الحدود.",
    "ويقول محللون إن الضغوط الدولية المتزايدة قد تدفع الطرفين إلى تقديم تنازلات خلال الأيام القادمة رغم "
    "التصريحات المتشددة التي صدرت عن قادة الجانبين في الأسبوع الأخير.",
    "وتأتي المحادثات بعد أشهر من القتال الذي أودى بحياة المئات وأجبر عشرات الآلاف من السكان على النزوح "
    "من القرى الحدودية إلى المدن الكبرى.",
)
# Another story on the same subject the same day: the same names and places, other sentences.
SAME_SUBJECT = (
    "أعلنت وزارة الخارجية المصرية مساء الأربعاء أن وزير الخارجية سيتوجه إلى الدوحة لبحث المحادثات المتعثرة "
    "مع نظيره القطري وممثلين عن الولايات المتحدة.",
    "وذكر بيان للوزارة أن الزيارة تستمر يومين ويلتقي خلالها الوزير أمير قطر ورئيس الوزراء لمناقشة سبل "
    "دعم الوساطة المشتركة.",
    "ونقل البيان عن الوزير قوله إن بلاده لن تدخر جهدا في سبيل إنهاء القتال وعودة النازحين إلى قراهم "
    "في أقرب وقت ممكن.",
    "وكانت مصادر دبلوماسية قد أشارت إلى خلافات بين الوسطاء حول جدول الأعمال وترتيب الملفات المطروحة على "
    "الطاولة في الجولة المقبلة.",
)


def store(archive: Archive, url: str, paragraphs: tuple[str, ...], published: datetime | None = T0,
          fetched: datetime | None = None, body: bytes = b"<html></html>", **fields: object):
    article = Article(url=url, title=fields.pop("title", "عنوان"), published=published, paragraphs=paragraphs,
                      **fields)  # type: ignore[arg-type]
    return store_exchange(archive, url, body, reading=article, fetched_at=fetched or T0 + timedelta(days=1))


def test_a_wire_copy_joins_the_story_and_a_story_on_the_same_subject_does_not(archive: Archive) -> None:
    first = store(archive, "https://agency.example/a/1", WIRE, agencies=("رويترز",))
    # Another site: a new dateline and credit, the lead rewritten, the last paragraph trimmed, boilerplate added.
    rewritten = ("بيروت - وكالات - أكدت مصادر في الخارجية المصرية فشل جولة المحادثات الأخيرة في الوصول إلى اتفاق.",
                 *WIRE[1:4], "اقرأ أيضا: أسعار الذهب اليوم", "المصدر: وكالات")
    copy = store(archive, "https://paper.example/news/2", rewritten, published=T0 + timedelta(hours=3))
    reordered = store(archive, "https://third.example/3", (WIRE[2], WIRE[1], WIRE[4], WIRE[3]),
                      published=T0 + timedelta(hours=5))
    other = store(archive, "https://paper.example/news/4", SAME_SUBJECT, published=T0 + timedelta(hours=1))
    assert first.article.story_id is not None
    assert copy.article.story_id == reordered.article.story_id == first.article.story_id
    assert other.article.story_id not in (None, first.article.story_id)
    story = archive.story(copy.article.id)
    assert [a.id for a in story.articles] == [first.article.id, copy.article.id, reordered.article.id]
    assert story.first.id == first.article.id and story.sites == ("agency.example", "paper.example", "third.example")
    assert story.agencies == ("رويترز",)


def test_the_earliest_publication_is_the_first_source_whatever_the_order_stored(archive: Archive) -> None:
    late = store(archive, "https://late.example/1", WIRE, published=T0 + timedelta(hours=6))
    early = store(archive, "https://early.example/1", WIRE[:4], published=T0)
    [story] = archive.stories()
    assert story.first.id == early.article.id and [a.id for a in story.articles] == [early.article.id, late.article.id]
    assert story.id == late.article.story_id


def test_copies_outside_the_window_and_short_texts_stay_apart(archive: Archive) -> None:
    first = store(archive, "https://a.example/1", WIRE)
    later = store(archive, "https://b.example/1", WIRE, published=T0 + timedelta(days=10))
    brief = store(archive, "https://c.example/1", ("عاجل: انتهاء جولة المحادثات دون اتفاق.",))
    assert later.article.story_id != first.article.story_id
    assert brief.article.story_id is None and archive.story(brief.article.id) is None
    with archive.database.reading() as session:
        assert session.scalar(sa.select(sa.func.count()).select_from(StoryBand).where(
            StoryBand.article_id == brief.article.id)) == 0


def test_an_undated_copy_is_placed_by_when_it_was_first_seen(archive: Archive) -> None:
    dated = store(archive, "https://a.example/1", WIRE)
    undated = store(archive, "https://b.example/1", WIRE[1:], published=None, fetched=T0 + timedelta(hours=20))
    assert undated.article.story_id == dated.article.story_id


def test_a_changed_text_moves_the_article_and_an_emptied_story_goes(archive: Archive) -> None:
    first = store(archive, "https://a.example/1", WIRE)
    copy = store(archive, "https://b.example/1", WIRE[:4])
    assert copy.article.story_id == first.article.story_id
    # The site replaced the copy with a story of its own: a later fetch of the same URL.
    changed = store(archive, "https://b.example/1", SAME_SUBJECT, fetched=T0 + timedelta(days=2))
    assert changed.article.id == copy.article.id and changed.article.story_id != first.article.story_id
    assert archive.stories() == []
    # Back to the wire text: it rejoins, and the story it had alone is dropped.
    alone = changed.article.story_id
    back = store(archive, "https://b.example/1", WIRE[:3], fetched=T0 + timedelta(days=3))
    assert back.article.story_id == first.article.story_id
    with archive.database.reading() as session:
        assert session.scalar(sa.text("SELECT count(*) FROM stories WHERE id = :id"), {"id": alone}) == 0


def test_rebuild_groups_as_storing_did_and_upgraded_articles_wait_for_it(archive: Archive) -> None:
    ids = [store(archive, f"https://s{i}.example/1", text, published=T0 + timedelta(hours=i)).article.id
           for i, text in enumerate((WIRE, WIRE[:4], SAME_SUBJECT, (WIRE[3], WIRE[1], WIRE[2])))]
    before = {a.id: a.story_id for a in archive.articles()}
    with archive.database.writing() as session:  # as after the migration: never compared
        session.execute(sa.text("UPDATE articles SET story_id = NULL, story_version = 0"))
        session.execute(sa.text("DELETE FROM story_bands"))
        session.execute(sa.text("DELETE FROM story_texts"))
    assert archive.stats()["totals"]["articles_not_grouped"] == 4 and archive.stories() == []
    phases = []
    summary = archive.rebuild_stories(progress=lambda phase, done, total: phases.append((phase, done, total)))
    assert (summary.articles, summary.stories, summary.grouped, summary.too_short) == (4, 1, 3, 0)
    assert ("compared", 4, 4) in phases and archive.stats()["totals"]["articles_not_grouped"] == 0
    after = {a.id: a.story_id for a in archive.articles()}
    assert after[ids[0]] == after[ids[1]] == after[ids[3]] != after[ids[2]]
    assert len(set(before.values())) == len(set(after.values())) == 2
    # The keys were written again: a new copy finds the rebuilt story.
    late = store(archive, "https://late.example/1", WIRE[1:], published=T0 + timedelta(hours=9))
    assert late.article.story_id == after[ids[0]]


def test_listing_filters_search_collapse_and_story_counts(archive: Archive) -> None:
    store(archive, "https://agency.example/1", WIRE, agencies=("رويترز",))
    store(archive, "https://paper.example/2", WIRE[:4], published=T0 + timedelta(hours=2))
    store(archive, "https://paper.example/3", SAME_SUBJECT)
    store(archive, "https://paper.example/4", SAME_SUBJECT[:3] + ("نص مضاف في النهاية من المحرر.",))  # one site twice
    assert len(archive.stories()) == 1 and len(archive.stories(min_sources=1)) == 2
    assert len(archive.stories(agency="Reuters")) == len(archive.stories(agency="رويترز")) == 1
    assert archive.stories(agency="AFP") == [] and archive.stories(site="agency.example")[0].first.url.startswith(
        "https://agency.example")
    assert archive.stories(since="2024-05-02") == [] and len(archive.stories(since="2024-05-01", until="2024-05-01")) == 1
    hits = list(archive.search("المحادثات"))
    collapsed = list(archive.search("المحادثات", collapse_stories=True))
    assert len(hits) == 4 and len(collapsed) == 2
    assert {h.story_id for h in collapsed} == {h.story_id for h in hits}
    [articles] = archive.count(by="day")
    [stories] = archive.count(by="day", stories=True)
    [week] = archive.count("المحادثات", by="week", stories=True)
    assert (articles.total, stories.total, week.bucket, week.matches) == (4, 2, "2024-04-29", 2)


def test_the_command_line_lists_stories_shows_siblings_and_exports_story_ids(archive: Archive) -> None:
    first = store(archive, "https://agency.example/1", WIRE, agencies=("رويترز",), title="جولة محادثات بلا اتفاق")
    copy = store(archive, "https://paper.example/2", WIRE[:4], published=T0 + timedelta(hours=2))
    runner = CliRunner()
    listed = runner.invoke(main, ["stories", "--db", archive.url, "--json"])
    assert listed.exit_code == 0, listed.output
    [record] = json.loads(listed.output)
    assert (record["story"], record["sources"], record["first_site"], record["agencies"]) == (
        first.article.story_id, 2, "agency.example", ["رويترز"])
    assert [m["id"] for m in record["members"]] == [first.article.id, copy.article.id]
    table = runner.invoke(main, ["stories", "--db", archive.url])
    assert "جولة محادثات بلا اتفاق" in table.output and "agency.example" in table.output
    shown = runner.invoke(main, ["show", str(copy.article.id), "--db", archive.url])
    assert "1 other copy, first source: agency.example" in shown.output and "جولة محادثات بلا اتفاق" in shown.output
    exported = runner.invoke(main, ["export", "--db", archive.url])
    assert {json.loads(line)["story_id"] for line in exported.output.splitlines()} == {first.article.story_id}
    unknown = runner.invoke(main, ["stories", "--agency", "وكالة لا وجود لها", "--db", archive.url])
    assert unknown.exit_code != 0 and unknown.output.count("\n") == 1 and "unknown agency" in unknown.output
    rebuilt = runner.invoke(main, ["stories", "--rebuild", "--db", archive.url])
    assert rebuilt.exit_code == 0 and "1 story of more than one article, holding 2 articles" in rebuilt.output


def test_add_html_and_import_place_pages_in_stories(archive: Archive, tmp_path) -> None:
    stored = archive.add_html("https://one.example/news/1", news_page("محادثات", list(WIRE), url="https://one.example/news/1"))
    page = tmp_path / "copy.html"
    page.write_text(news_page("عنوان آخر", list(WIRE[1:]), url="https://two.example/a/2"), encoding="utf-8")
    [imported] = list(archive.import_files([page]))
    assert stored.story_id is not None and imported.article.story_id == stored.story_id


def test_two_writers_at_once_place_copies_in_one_story(archive: Archive) -> None:
    """The second writer waits for the first one's placing to commit, then sees its copy."""
    other = Archive(archive.url)
    stored = threading.Event()
    results = {}

    def slow_writer() -> None:
        with archive.database.writing() as session:
            from arabnews_archive.fetch.result import FetchResult
            from arabnews_archive.store.pages import store_page

            exchange = FetchResult("https://a.example/1", "https://a.example/1", 200, {}, b"<html></html>",
                                   T0 + timedelta(days=1))
            results["first"] = store_page(session, exchange, Article(url="https://a.example/1", published=T0,
                                                                     paragraphs=WIRE))
            stored.set()
            time.sleep(1.0)  # still uncommitted while the other writer stores its copy

    writer = threading.Thread(target=slow_writer)
    writer.start()
    assert stored.wait(30)
    try:
        # Another body: two writers of one body would take turns at storing it already.
        results["second"] = store(other, "https://b.example/1", WIRE[:4], body=b"<html>b</html>")
    finally:
        writer.join()
        other.close()
    assert results["second"].article.story_id == results["first"].article.story_id


@pytest.mark.parametrize("agency", ["رويترز", "Reuters", "REUTERS"])
def test_an_agency_is_found_by_any_spelling(archive: Archive, agency: str) -> None:
    store(archive, "https://a.example/1", WIRE, agencies=("رويترز",))
    store(archive, "https://b.example/1", WIRE[:4])
    assert len(archive.stories(agency=agency)) == 1


def test_reparse_places_the_articles_it_rewrites_that_were_never_compared(archive: Archive) -> None:
    for url in ("https://one.example/news/1", "https://two.example/a/2"):
        archive.add_html(url, news_page("محادثات", list(WIRE if "one" in url else WIRE[1:]), url=url))
    with archive.database.writing() as session:  # as a parser-2 archive upgraded to stories
        session.execute(sa.text("UPDATE articles SET story_id = NULL, story_version = 0, parser_version = '1'"))
        session.execute(sa.text("DELETE FROM story_bands"))
        session.execute(sa.text("DELETE FROM story_texts"))
    assert archive.stories() == []
    summary = archive.reparse(workers=2)
    assert summary.pages == 2 and summary.errors == 0
    [story] = archive.stories()
    assert [a.url for a in story.articles] == ["https://one.example/news/1", "https://two.example/a/2"]
