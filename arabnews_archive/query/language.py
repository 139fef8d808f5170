"""The search query language, parsed into a small AST that each backend compiles.

Grammar (tolerant: stray quotes, lone dashes and punctuation never fail):

    query   := item*
    item    := term (OR term)* | "-" term | NOT term | AND
    term    := [FIELD ":"] (WORD | '"' PHRASE '"')      (a missing closing quote ends at the end)
    FIELD   := title | author | section | site

Bare terms are ANDed (``AND`` may be written, and is then ignored); ``OR`` joins
neighbouring terms; ``-term`` or ``NOT term`` excludes. The operators are read in capitals
or small letters (``or``): to search for the word itself, quote it. A bare word matches
the word with any clitics attached (`text`: سوريا finds بسوريا); a quoted word or phrase
matches the printed form only, words in order; a word that normalisation splits in
several (covid-19) is a phrase too. ``title:``, ``author:`` and ``section:`` match in
that field only; ``site:HOST`` keeps (or, negated, leaves out) one site's articles, as
``--site`` does, for the whole query.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

from arabnews_archive.store.errors import QueryError
from arabnews_archive.text import search_tokens

# A query is read whole before anything is searched: longer ones are refused with one line.
MAX_QUERY_LENGTH = 1_000
MAX_QUERY_WORDS = 32
FIELDS = ("title", "author", "section")
SITE = "site"
_OR, _AND, _NOT = "or", "and", "not"


@dataclass(frozen=True)
class Term:
    """A word, or words that must appear in this order (`exact`: as printed, no clitics);
    `field`: only in this field (None: in any); `text`: as the user wrote it."""

    tokens: tuple[str, ...]
    exact: bool = False
    field: str | None = None
    text: str = ""

    @property
    def is_phrase(self) -> bool:
        return self.exact or len(self.tokens) > 1


@dataclass(frozen=True)
class Query:
    """Every clause must match (a clause matches if any of its terms does); no exclusion may.
    `sites`/`excluded_sites`: the hosts `site:` keeps or leaves out."""

    clauses: tuple[tuple[Term, ...], ...]
    excluded: tuple[Term, ...] = ()
    sites: tuple[str, ...] = ()
    excluded_sites: tuple[str, ...] = ()

    @property
    def terms(self) -> tuple[Term, ...]:
        """The terms that find articles (not the exclusions), in the query's order."""
        return tuple(term for clause in self.clauses for term in clause)


@dataclass(frozen=True)
class _Lexeme:
    text: str
    negated: bool = False
    quoted: bool = False
    field: str | None = None
    operator: str | None = None


def _lex(query: str) -> Iterator[_Lexeme]:
    i, n = 0, len(query)
    while i < n:
        if query[i].isspace():
            i += 1
            continue
        negated = query[i] == "-" and i + 1 < n and not query[i + 1].isspace()
        if negated:
            i += 1
        field = None
        for name in (*FIELDS, SITE):
            if query[i:i + len(name) + 1].lower() == name + ":" and i + len(name) + 1 < n \
                    and not query[i + len(name) + 1].isspace():
                field, i = name, i + len(name) + 1
                break
        if query[i] == '"':
            end = query.find('"', i + 1)
            end = n if end < 0 else end
            yield _Lexeme(query[i + 1:end], negated, quoted=True, field=field)
            i = end + 1
            continue
        start = i
        while i < n and not query[i].isspace() and query[i] != '"':
            i += 1
        word = query[start:i]
        operator = word.lower() if word.lower() in (_OR, _AND, _NOT) and not negated and field is None else None
        yield _Lexeme(word, negated, field=field, operator=operator)


def _check_size(query: str) -> None:
    if len(query) > MAX_QUERY_LENGTH:
        raise QueryError(f"the query is too long: {len(query):,} characters, at most {MAX_QUERY_LENGTH:,}")
    words = len(query.split())
    if words > MAX_QUERY_WORDS:
        raise QueryError(f"the query has too many words: {words:,}, at most {MAX_QUERY_WORDS}")


def parse_query(query: str) -> Query:
    """Parse a user's query; raises :class:`QueryError` when it is too long or has nothing
    left to search for."""
    _check_size(query)
    clauses: list[list[Term]] = []
    excluded: list[Term] = []
    sites: list[str] = []
    excluded_sites: list[str] = []
    pending_or = prev_positive = negate_next = False
    for lexeme in _lex(query):
        if lexeme.operator == _OR:
            pending_or = prev_positive  # a dangling OR, or one after an exclusion, is ignored
            continue
        if lexeme.operator in (_AND, _NOT):
            negate_next = lexeme.operator == _NOT
            pending_or = False
            continue
        negated = lexeme.negated or negate_next
        negate_next = False
        if lexeme.field == SITE:
            if pending_or:
                raise QueryError("site: applies to the whole query: it cannot be joined with OR")
            (excluded_sites if negated else sites).append(lexeme.text)
            prev_positive = False
            continue
        tokens = tuple(search_tokens(lexeme.text))
        if not tokens:
            continue  # punctuation only, e.g. '*' or a lone quote: nothing to match
        term = Term(tokens, exact=lexeme.quoted, field=lexeme.field, text=lexeme.text)
        if negated:
            excluded.append(term)
        elif pending_or:
            clauses[-1].append(term)
        else:
            clauses.append([term])
        pending_or, prev_positive = False, not negated
    if not clauses:
        if excluded or excluded_sites:
            raise QueryError("a query needs at least one word to find, not only -exclusions")
        raise QueryError("nothing to search for: give a word or a \"quoted phrase\"")
    return Query(tuple(tuple(c) for c in clauses), tuple(excluded), tuple(sites), tuple(excluded_sites))
