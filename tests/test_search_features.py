"""Search as a researcher uses it: snippets, ranking and sort, fields, a fruitless query
explained, counts per bucket, on both databases; read-only media; re-indexing."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa
from click.testing import CliRunner

from arabnews_archive.archive import Archive, SearchHit
from arabnews_archive.cli import main
from arabnews_archive.text import SEARCH_ANALYZER_VERSION
from tests.conftest import news_page

REPO = Path(__file__).resolve().parent.parent
FILLER = "وتابع المواطنون الحدث باهتمام كبير طوال ساعات النهار في مختلف المناطق"


def store(archive: Archive, n: int, title: str, text: str, published: str, section: str = "سياسة",
          site: str = "akhbar.example") -> int:
    url = f"https://www.{site}/news/{n}"
    html = news_page(title, [f"{FILLER}. {text}", FILLER + "."], url=url, published=published, section=section)
    return archive.add_html(url, html).id  # type: ignore[return-value]


@pytest.fixture
def news(archive: Archive) -> dict[str, int]:
    return {
        "body": store(archive, 1, "اجتماع وزراء الخارجية العرب", "وقال الوزير إن وفدا سيزور بسوريا الأسبوع المقبل.",
                      "2024-03-04T10:00:00+00:00"),
        "title": store(archive, 2, "وفد رسمي يصل إلى سوريا", "وصل الوفد صباح اليوم وسط إجراءات أمنية.",
                       "2024-03-01T10:00:00+00:00"),
        "old": store(archive, 3, "أسعار النفط ترتفع", "ارتفعت أسعار النفط في الأسواق بعد قرار لسوريا.",
                     "2024-02-10T10:00:00+00:00", section="اقتصاد", site="other.example"),
        "none": store(archive, 4, "مباراة ودية", "فاز المنتخب في مباراة ودية أقيمت مساء أمس.",
                      "2024-03-05T10:00:00+00:00", section="رياضة"),
    }


def test_snippet_is_the_original_text_with_the_matches_marked(archive: Archive, news: dict) -> None:
    hits = {hit.id: hit for hit in archive.search("سوريا")}
    hit = hits[news["body"]]
    assert isinstance(hit, SearchHit) and hit.title == "اجتماع وزراء الخارجية العرب"
    assert "سيزور بسوريا الأسبوع" in hit.snippet
    assert [hit.snippet[start:end] for start, end in hit.highlights] == ["بسوريا"]
    quoted = next(archive.search('"إجراءات أمنية"'))
    assert [quoted.snippet[s:e] for s, e in quoted.highlights] == ["إجراءات أمنية"]
    assert {"snippet", "highlights"} <= set(hit.to_dict())


def test_headline_match_ranks_first_then_newest_and_sort_by_date(archive: Archive, news: dict) -> None:
    ranked = [h.id for h in archive.search("سوريا")]
    assert ranked[0] == news["title"] and set(ranked) == {news["title"], news["body"], news["old"]}
    assert [h.id for h in archive.search("سوريا", sort="newest")] == [news["body"], news["title"], news["old"]]
    assert [h.id for h in archive.search("سوريا", sort="oldest")] == [news["old"], news["title"], news["body"]]


def test_equal_matches_newest_first(archive: Archive) -> None:
    older = store(archive, 1, "خبر عن حلب", "زار الوفد حلب.", "2024-01-01T10:00:00+00:00")
    newer = store(archive, 2, "خبر عن حلب", "زار الوفد حلب.", "2024-06-01T10:00:00+00:00")
    assert [h.id for h in archive.search("حلب")] == [newer, older]


def test_fields_operators_and_filters_combine(archive: Archive, news: dict) -> None:
    def ids(query: str, **filters: object) -> set[int]:
        return {h.id for h in archive.search(query, **filters)}  # type: ignore[misc]

    assert ids("title:سوريا") == {news["title"]}
    assert ids("section:اقتصاد") == {news["old"]}
    assert ids("author:محمود") == set(news.values())  # the byline every page has
    assert ids("سوريا site:other.example") == {news["old"]}
    assert ids("سوريا -site:other.example", since="2024-03-02") == {news["body"]}
    assert ids("سوريا AND النفط") == ids("سوريا النفط") == {news["old"]}
    assert ids("مباراة or النفط") == {news["none"], news["old"]}
    assert ids("سوريا NOT الوزير", section="سياسة") == {news["title"]}


def test_a_fruitless_query_says_which_word_found_nothing(archive: Archive, news: dict) -> None:
    assert archive.unmatched("سوريا هواوي") == ["هواوي"]
    assert archive.unmatched("سوريا مباراة") == []  # each is found, not together
    result = CliRunner().invoke(main, ["search", "هواوي", "AND", "سوريا", "--db", archive.url])
    assert result.exit_code == 0 and "no article has هواوي" in result.stderr


def test_counts_find_what_search_finds(archive: Archive, news: dict) -> None:
    counts = [(c.bucket, c.query, c.matches, c.total) for c in archive.count(["سوريا", "النفط"], by="month")]
    assert counts == [("2024-02", "سوريا", 1, 1), ("2024-02", "النفط", 1, 1),
                      ("2024-03", "سوريا", 2, 3), ("2024-03", "النفط", 0, 3)]  # بسوريا and لسوريا counted
    assert [(c.bucket, c.matches) for c in archive.count("سوريا site:other.example", by="site")] == [
        ("akhbar.example", 0), ("other.example", 1)]
    assert sum(c.matches for c in archive.count('"سوريا"', by="day")) == 1  # the printed form only


def test_count_and_snippets_from_the_command_line(archive: Archive, news: dict) -> None:
    runner = CliRunner()
    out = runner.invoke(main, ["search", "سوريا", "--compare", "النفط", "--count-by", "month", "--csv",
                               "--db", archive.url]).output
    assert out.splitlines() == ["bucket,total,سوريا,سوريا ratio,النفط,النفط ratio",
                                "2024-02,1,1,1.0,1,1.0", "2024-03,3,2,0.6667,0,0.0"]
    week = runner.invoke(main, ["search", "سوريا", "--count-by", "week", "--json", "--db", archive.url]).output
    assert [(r["bucket"], r["total"], r["سوريا"]) for r in json.loads(week)] == [
        ("2024-02-05", 1, 1), ("2024-02-26", 1, 1), ("2024-03-04", 2, 1)]
    records = json.loads(runner.invoke(main, ["search", "سوريا", "--json", "--db", archive.url]).output)
    assert sorted(r["snippet"][s:e] for r in records for s, e in r["highlights"]) == ["بسوريا", "سوريا", "لسوريا"]
    table = runner.invoke(main, ["search", "سوريا", "--db", archive.url]).output
    assert "snippet" in table and "سيزور بسوريا" in table
    assert "--count-by" in runner.invoke(main, ["search", "x", "--compare", "y", "--db", archive.url]).output


def test_reparse_reindexes_what_an_older_analyzer_indexed(archive: Archive, news: dict) -> None:
    with archive.database.writing() as session:
        session.execute(sa.text("UPDATE articles SET search_version = 1 WHERE id = :id"), {"id": news["old"]})
    summary = archive.reparse()
    assert summary.reindexed == 1 and "re-indexed for search: 1" in "\n".join(summary.lines())
    with archive.database.reading() as session:
        assert session.scalar(sa.text("SELECT min(search_version) FROM articles")) == SEARCH_ANALYZER_VERSION
    assert {h.id for h in archive.search("لسوريا OR سوريا")} == {news["body"], news["title"], news["old"]}


def test_search_on_read_only_media(tmp_path: Path) -> None:
    folder = tmp_path / "archive"
    folder.mkdir()
    with Archive(str(folder / "news.db")) as archive:
        store(archive, 1, "وفد يصل إلى سوريا", "وصل الوفد إلى دمشق.", "2024-03-01T10:00:00+00:00")
    script = (f"from arabnews_archive.archive import Archive\n"
              f"a = Archive({str(folder / 'news.db')!r}, create=False)\n"
              f"print([h.title for h in a.search('سوريا')], a.count('سوريا', by='month')[0].total)\n")
    # A read-only bind mount in a mount namespace of its own: read-only media, even for root.
    command = f"mount --bind {folder} {folder} && mount -o remount,bind,ro {folder} && {sys.executable} -c \"$0\""
    try:
        result = subprocess.run(["unshare", "--mount", "sh", "-c", command, script], capture_output=True,
                                text=True, cwd=REPO, timeout=60)
    except FileNotFoundError:
        pytest.skip("unshare is not available")
    if "mount" in result.stderr and result.returncode != 0 and "Traceback" not in result.stderr:
        pytest.skip(f"cannot mount read-only here: {result.stderr.strip()}")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "['وفد يصل إلى سوريا'] 1"
