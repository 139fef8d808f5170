"""How each article was extracted: stored, shown, listed as doubtful, counted, kept in revisions."""
from __future__ import annotations

import csv
import io
import json
from datetime import datetime, timedelta, timezone

import pytest
from click.testing import CliRunner, Result

from arabnews_archive.archive import Archive
from arabnews_archive.article import Article
from arabnews_archive.cli import main
from arabnews_archive.cli.common import plural
from arabnews_archive.store.models import DOUBTFUL_BELOW
from tests.conftest import news_page, store_exchange

T0 = datetime(2024, 2, 1, 8, 0, tzinfo=timezone.utc)
# (extraction, confidence) -> doubtful? None: the parser did not say (an older parser).
KINDS = {
    ("main", 0.92): False,
    ("fallback", 0.3): True,  # unsure: below the threshold
    ("json-ld", 0.75): False,
    ("none", None): True,  # no story found
    (None, None): None,
    ("fallback", 0.8): False,  # a fallback the parser is sure of
    ("main", DOUBTFUL_BELOW): False,  # the threshold itself is not below it
    (None, 0.1): True,
}


def store(archive: Archive, extraction: str | None, confidence: float | None, n: int,
          parser_version: str = "1") -> Article:
    url = f"https://www.example-news.com/local/{n}"
    article = Article(url=url, title=f"خبر رقم {n}", paragraphs=(f"نص الخبر رقم {n} في سطر واحد.",),
                      site_name="جريدة الأخبار", extraction=extraction, confidence=confidence,
                      parser_version=parser_version)
    return store_exchange(archive, url, f"<html>{n}</html>".encode(), reading=article, fetched_at=T0).article


@pytest.fixture
def kinds(archive: Archive) -> dict[tuple[str | None, float | None], Article]:
    return {key: store(archive, *key, n) for n, key in enumerate(KINDS)}


def run(archive: Archive, *args: str) -> Result:
    result = CliRunner().invoke(main, [*args, "--db", archive.url], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result


def test_extraction_and_confidence_round_trip(archive: Archive, kinds: dict) -> None:
    for (extraction, confidence), stored in kinds.items():
        again = archive.get(stored.id)
        assert (again.extraction, again.confidence) == (extraction, confidence)
        assert again == stored


def test_doubtful_listing_follows_the_definition_and_leaves_unknown_out(archive: Archive, kinds: dict) -> None:
    expected = [kinds[key].id for key, doubtful in KINDS.items() if doubtful]
    assert [a.id for a in archive.articles(doubtful=True)] == expected
    assert [Archive.is_doubtful(kinds[key]) for key in KINDS] == list(KINDS.values())
    assert [a.id for a in archive.articles(extraction="fallback")] == [kinds["fallback", 0.3].id,
                                                                        kinds["fallback", 0.8].id]
    assert list(archive.articles(doubtful=True, site="other-site.net")) == []
    assert list(archive.to_dataframe(doubtful=True)["id"]) == expected


def test_list_doubtful_in_every_output(archive: Archive, kinds: dict) -> None:
    expected = [kinds[key].id for key, doubtful in KINDS.items() if doubtful]
    assert [a["id"] for a in json.loads(run(archive, "list", "--doubtful", "--json", "--sort", "stored").output)] == expected
    rows = list(csv.DictReader(io.StringIO(run(archive, "list", "--doubtful", "--csv", "--sort", "stored").output)))
    assert [(r["extraction"], r["confidence"]) for r in rows] == [("fallback", "0.3"), ("none", ""), ("", "0.1")]
    table = run(archive, "list", "--doubtful").output
    assert "doubtful articles" in table and "confidence" in table and "خبر رقم 1" in table
    assert "خبر رقم 0" not in table
    lines = run(archive, "list", "--extraction", "json-ld", "--nl").output.splitlines()
    assert [json.loads(line)["confidence"] for line in lines] == [0.75]
    assert "--doubtful" in run(archive, "list", "--help").output and str(DOUBTFUL_BELOW) in run(
        archive, "list", "--help").output


def test_show_says_how_the_body_was_extracted(archive: Archive, kinds: dict) -> None:
    unsure = kinds["fallback", 0.3]
    assert "Extraction: fallback, confidence 0.30 (doubtful)\n" in run(archive, "show", str(unsure.id)).output
    assert "Extraction: main, confidence 0.92\n" in run(archive, "show", str(kinds["main", 0.92].id)).output
    assert "Extraction: none (doubtful)\n" in run(archive, "show", str(kinds["none", None].id)).output
    old = run(archive, "show", str(kinds[None, None].id)).output
    assert "Extraction: unknown (parsed before extraction was recorded)" in old
    shown = json.loads(run(archive, "show", unsure.url, "--json").output)
    assert (shown["extraction"], shown["confidence"], shown["doubtful"]) == ("fallback", 0.3, True)
    assert json.loads(run(archive, "show", str(kinds[None, None].id), "--json").output)["doubtful"] is None


def test_stats_count_articles_per_extraction_path(archive: Archive, kinds: dict) -> None:
    stats = archive.stats()
    assert stats["totals"]["doubtful_articles"] == 3
    paths = {p["extraction"]: (p["articles"], p["doubtful"], p["mean_confidence"]) for p in stats["extraction"]}
    assert paths == {"main": (2, 0, 0.71), "fallback": (2, 1, 0.55), "json-ld": (1, 0, 0.75),
                     "none": (1, 1, None), None: (2, 1, 0.1)}
    assert stats["extraction"][0]["articles"] == 2 and stats["extraction"][-1]["articles"] == 1
    assert json.loads(run(archive, "stats", "--json").output)["extraction"] == json.loads(
        json.dumps(stats["extraction"]))
    table = run(archive, "stats").output
    assert "doubtful articles" in table and "unknown (older parser)" in table and "mean_confidence" in table


def test_revisions_keep_the_superseded_extraction(archive: Archive) -> None:
    first = store(archive, "fallback", 0.35, 1)
    url = first.url
    later = first.replace(paragraphs=("نص أطول وأكمل للخبر نفسه.",), extraction="main", confidence=0.9, id=None)
    store_exchange(archive, url, b"<html>later</html>", reading=later, fetched_at=T0 + timedelta(days=1))
    (revision,) = archive.revisions(url)
    assert (revision.article.extraction, revision.article.confidence) == ("fallback", 0.35)
    assert revision.article == first
    assert (archive.get(url).extraction, archive.get(url).confidence) == ("main", 0.9)


def test_reparse_doubtful_takes_only_doubtful_articles_and_reports_extraction(archive: Archive) -> None:
    """Whatever the current parser says about extraction, the report shows the change."""
    # An older parser's articles: paths and confidences no parser gives (odd values on purpose).
    olds = [("old-fallback", 0.1234), ("old-main", 0.9), ("none", 0.0456), (None, None), ("old-main", 0.2345)]
    ids = []
    for n, (extraction, confidence) in enumerate(olds):
        url = f"https://www.example-news.com/local/{n}"
        html = news_page(f"خبر رقم {n}", [f"نص الخبر رقم {n} كاملا كما نشرته الجريدة في صفحتها."], url=url)
        old = Article(url=url, canonical_url=url, title=f"خبر رقم {n}", extraction=extraction,
                      confidence=confidence, parser_version="0")
        ids.append(store_exchange(archive, url, html.encode(), reading=old, fetched_at=T0).article.id)
    doubtful = [ids[0], ids[2], ids[4]]

    summary = archive.reparse(doubtful=True)
    assert summary.pages == 3
    assert [a.id for a in archive.articles() if a.parser_version != "0"] == doubtful
    parsed = archive.get(doubtful[0])
    for name, value in (("extraction", parsed.extraction), ("confidence", parsed.confidence)):
        expected = "0 changed, 0 found, 3 lost" if value is None else "3 changed, 0 found, 0 lost"
        assert f"{name}: {expected}" in summary.lines()
    assert "body:       0 changed, 3 found, 0 lost" in summary.lines()  # aligned; the paragraphs named body
    assert archive.reparse(doubtful=True).pages == 0  # done: this parser made them now
    result = CliRunner().invoke(main, ["reparse", "--doubtful", "--all", "--db", archive.url])
    expected_again = sum(Archive.is_doubtful(archive.get(i)) is True for i in ids)
    assert result.exit_code == 0 and f"re-parsed {plural(expected_again, 'page')}, 0 errors" in result.output
