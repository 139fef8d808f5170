"""Search: the query language, its compilation, and Arabic-aware matching on both backends."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from arabnews_archive.archive import Archive
from arabnews_archive.query.language import MAX_QUERY_LENGTH, MAX_QUERY_WORDS, Query, Term, parse_query
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
    assert [[(t.tokens, t.exact) for t in clause] for clause in query.clauses] == [
        [(("مدرسه",), False)], [(("وزير", "التربيه"), True)], [(("غزه",), False), (("القدس",), False)]]
    assert [(t.tokens, t.exact) for t in query.excluded] == [(("رياضه",), False), (("كره", "القدم"), True)]


def tokens(query: Query) -> list[list[tuple[str, ...]]]:
    return [[t.tokens for t in clause] for clause in query.clauses]


def test_parse_is_tolerant_of_stray_syntax() -> None:
    assert tokens(parse_query('"وزير التربية')) == [[("وزير", "التربيه")]]  # unbalanced quote
    assert tokens(parse_query("OR مدرسة OR")) == [[("مدرسه",)]]  # dangling ORs
    query = parse_query("a -b OR c")
    assert tokens(query) == [[("a",)], [("c",)]] and [t.tokens for t in query.excluded] == [("b",)]
    assert parse_query("covid-19").clauses == ((Term(("covid", "19"), text="covid-19"),),)
    assert parse_query("covid-19").terms[0].is_phrase  # split by normalisation: a phrase


def test_operators_in_capitals_or_small_letters() -> None:
    assert tokens(parse_query("هواوي AND كندا")) == tokens(parse_query("هواوي كندا")) == [[("هواوي",)], [("كندا",)]]
    assert tokens(parse_query("غزة or القدس")) == tokens(parse_query("غزة OR القدس")) == [[("غزه",), ("القدس",)]]
    assert [t.tokens for t in parse_query("غزة NOT القدس").excluded] == [("القدس",)]
    assert tokens(parse_query('"or" and')) == [[("or",)]]  # quoted, the word itself


def test_fields_and_sites() -> None:
    query = parse_query('title:سوريا author:"محمود حسن" section:رياضة site:aljazeera.net -site:bbc.com')
    assert [(t.field, t.tokens, t.exact) for t in query.terms] == [
        ("title", ("سوريا",), False), ("author", ("محمود", "حسن"), True), ("section", ("رياضه",), False)]
    assert (query.sites, query.excluded_sites) == (("aljazeera.net",), ("bbc.com",))
    assert parse_query("Title:x").terms[0].field == "title"
    assert parse_query("title: x").terms[0].field is None  # a lone "title:" is a word
    with pytest.raises(QueryError, match="cannot be joined with OR"):
        parse_query("غزة OR site:x.com")


def test_long_queries_are_refused_in_one_line() -> None:
    with pytest.raises(QueryError, match=r"^the query is too long: 249,999 characters, at most 1,000$"):
        parse_query(" ".join(["كلمة"] * 50_000))  # took 37 s on SQLite before the cap
    with pytest.raises(QueryError, match=r"^the query has too many words: 40, at most 32$"):
        parse_query(" ".join(["ب"] * 40))
    assert len(parse_query(" ".join(["كلمة"] * MAX_QUERY_WORDS)).terms) == MAX_QUERY_WORDS
    assert MAX_QUERY_LENGTH == 1_000


@pytest.mark.parametrize("query", ["", "   ", '"', "'", "*", "-", "- -", '""', "( )"])
def test_nothing_to_search_for_is_a_clear_error(query: str) -> None:
    with pytest.raises(QueryError, match="nothing to search for"):
        parse_query(query)


def test_only_exclusions_is_a_clear_error() -> None:
    with pytest.raises(QueryError, match="not only -exclusions"):
        parse_query("-مدرسة -\"كرة القدم\"")


def test_compiled_queries_quote_every_term() -> None:
    query = parse_query('NEAR "a b" OR c -d title:e')
    assert to_fts5(query) == ('((("near" OR "nearـ")) AND ("a b" OR ("c" OR "cـ")) '
                              'AND ({search_title} : ("e" OR "eـ"))) NOT (("d" OR "dـ"))')
    assert to_tsquery(query) == ("(('near' | 'nearـ')) & (('a' <-> 'b') | ('c' | 'cـ')) "
                                 "& (('e' | 'eـ')) & !('d' | 'dـ')")


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
