"""Search: the query language, its compilation, and Arabic-aware matching on both backends."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from arabnews_archive.archive import Archive
from arabnews_archive.query.language import Query, Term, parse_query
from arabnews_archive.query.search import to_fts5, to_tsquery
from arabnews_archive.store.errors import QueryError

SCHOOL = "https://www.example-news.com/local/school"
FINAL = "https://www.example-news.com/sport/final"
BUDGET = "https://www.other-site.net/economy/budget"


def found(archive: Archive, query: str, **filters: object) -> set[str]:
    return {a.canonical_url or a.url for a in archive.search(query, **filters)}  # type: ignore[arg-type]


# -- the language, without a database ----------------------------------------------

def test_parse_words_phrases_or_and_exclusions() -> None:
    query = parse_query('مدرسة "وزير التربية" غزة OR القدس -رياضة -"كرة القدم"')
    assert query == Query(
        clauses=((Term(("مدرسه",)),), (Term(("وزير", "التربيه")),), (Term(("غزه",)), Term(("القدس",)))),
        excluded=(Term(("رياضه",)), Term(("كره", "القدم"))),
    )


def test_parse_is_tolerant_of_stray_syntax() -> None:
    assert parse_query('"وزير التربية') == Query(((Term(("وزير", "التربيه")),),))  # unbalanced quote
    assert parse_query("OR مدرسة OR") == Query(((Term(("مدرسه",)),),))  # dangling ORs
    assert parse_query("a -b OR c") == Query(((Term(("a",)),), (Term(("c",)),)), (Term(("b",)),))
    assert parse_query("covid-19") == Query(((Term(("covid", "19")),),))


@pytest.mark.parametrize("query", ["", "   ", '"', "'", "*", "-", "- -", '""', "( )"])
def test_nothing_to_search_for_is_a_clear_error(query: str) -> None:
    with pytest.raises(QueryError, match="nothing to search for"):
        parse_query(query)


def test_only_exclusions_is_a_clear_error() -> None:
    with pytest.raises(QueryError, match="not only -exclusions"):
        parse_query("-مدرسة -\"كرة القدم\"")


def test_compiled_queries_quote_every_term() -> None:
    query = parse_query('NEAR AND "a b" OR c -d')
    assert to_fts5(query) == '(("near") AND ("and") AND ("a b" OR "c")) NOT "d"'
    assert to_tsquery(query) == "(('near')) & (('and')) & (('a' <-> 'b') | ('c')) & !('d')"


# -- matching on SQLite and PostgreSQL ---------------------------------------------

@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("في", {SCHOOL, FINAL, BUDGET}),  # في and فى are one word
        ("فى المباراة", {FINAL}),
        ("أحمد", {SCHOOL, FINAL}),  # أحمد and احمد
        ("احمد", {SCHOOL, FINAL}),
        ("مدرسه", {SCHOOL, BUDGET}),  # ة and ه
        ("مَدْرَسَة", {SCHOOL, BUDGET}),  # tashkeel in the query...
        ("نموذجية", {BUDGET}),  # ...and in the text: "مَدْرَسَة نموذجية"
        ("٢٠٢٤", {SCHOOL}),  # Arabic-Indic digits match ASCII ones
        ("2025", {BUDGET}),
        ('"المباراة النهائية"', {FINAL}),
        ('"النهائية المباراة"', set()),  # a phrase keeps its order
        ("مدرسة -الوزير", {BUDGET}),
        ('مدرسة -"خطة عام"', {BUDGET}),
        ("المنتخب OR الموازنة", {FINAL, BUDGET}),
        ("وزير OR المنتخب -المالية", {SCHOOL, FINAL}),
        ("وازنة", set()),  # whole words: no accidental substring matches
    ],
)
def test_arabic_variants_phrases_or_and_exclusion(archive: Archive, stories: dict, query: str, expected: set) -> None:
    assert found(archive, query) == expected


def test_filters(archive: Archive, stories: dict) -> None:
    assert found(archive, "في", site="example-news.com") == {SCHOOL, FINAL}
    assert found(archive, "في", site="https://www.other-site.net/") == {BUDGET}
    assert found(archive, "في", section="رياضة") == {FINAL}
    assert found(archive, "في", since="2024-02-01") == {FINAL, BUDGET}
    assert found(archive, "في", until="2024-03-02") == {SCHOOL, FINAL}  # a whole day, in UTC
    assert found(archive, "في", since="2024-01-16", until="2025-01-01") == {FINAL}
    with pytest.raises(QueryError, match="not a date"):
        found(archive, "في", since="yesterday")


def test_ranking_puts_the_best_match_first(archive: Archive, stories: dict) -> None:
    # "مدرسة" appears three times in the school story, once in the budget one.
    assert [a.canonical_url for a in archive.search("مدرسة")] == [SCHOOL, BUDGET]
    assert [a.id for a in archive.search("في", limit=2)] == [a.id for a in archive.search("في")][:2]


HOSTILE = ['"', "'", "*", "NEAR(", "AND OR NOT", "'; DROP TABLE articles; --", "-", "", "مدرسة*", "a:b",
           "^مدرسة", "مدرسة AND", "(((", '"NEAR(مدرسة القاهرة)"', "col:مدرسة", "\\", "%_", "\x00"]


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_input_gives_a_query_error_or_a_sane_result(archive: Archive, stories: dict, query: str) -> None:
    try:
        results = list(archive.search(query))
    except QueryError as exc:
        assert str(exc)
    else:
        assert all(a.id in stories.values() for a in results)
    with archive.database.reading() as session:
        assert session.scalar(sa.text("SELECT count(*) FROM articles")) == 3
