"""The search query language, parsed into a small AST that each backend compiles.

Grammar (tolerant: stray quotes, lone dashes and punctuation never fail):

    query   := item*
    item    := term ("OR" term)* | "-" term
    term    := WORD | '"' PHRASE '"'      (a missing closing quote ends at the end)

Bare terms are ANDed; ``OR`` (upper case) joins neighbouring terms; ``-term``
excludes. Each term is split into normalised word tokens by `text.search_tokens`,
exactly as stored text is, so a term of several tokens is a phrase.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

from arabnews_archive.store.errors import QueryError
from arabnews_archive.text import search_tokens


@dataclass(frozen=True)
class Term:
    """A word or phrase: one or more tokens that must appear consecutively."""

    tokens: tuple[str, ...]


@dataclass(frozen=True)
class Query:
    """Every clause must match (a clause matches if any of its terms does); no exclusion may."""

    clauses: tuple[tuple[Term, ...], ...]
    excluded: tuple[Term, ...] = ()


@dataclass(frozen=True)
class _Lexeme:
    text: str
    negated: bool = False
    is_or: bool = False


def _lex(query: str) -> Iterator[_Lexeme]:
    i, n = 0, len(query)
    while i < n:
        if query[i].isspace():
            i += 1
            continue
        negated = query[i] == "-" and i + 1 < n and not query[i + 1].isspace()
        if negated:
            i += 1
        if query[i] == '"':
            end = query.find('"', i + 1)
            end = n if end < 0 else end
            yield _Lexeme(query[i + 1:end], negated)
            i = end + 1
            continue
        start = i
        while i < n and not query[i].isspace() and query[i] != '"':
            i += 1
        word = query[start:i]
        yield _Lexeme(word, negated, is_or=(word == "OR" and not negated))


def parse_query(query: str) -> Query:
    """Parse a user's query; raises :class:`QueryError` when nothing is left to search for."""
    clauses: list[list[Term]] = []
    excluded: list[Term] = []
    pending_or = prev_positive = False
    for lexeme in _lex(query):
        if lexeme.is_or:
            pending_or = prev_positive  # a dangling OR, or one after an exclusion, is ignored
            continue
        tokens = tuple(search_tokens(lexeme.text))
        if not tokens:
            continue  # punctuation only, e.g. '*' or a lone quote: nothing to match
        term = Term(tokens)
        if lexeme.negated:
            excluded.append(term)
        elif pending_or:
            clauses[-1].append(term)
        else:
            clauses.append([term])
        pending_or, prev_positive = False, not lexeme.negated
    if not clauses:
        if excluded:
            raise QueryError("a query needs at least one word to find, not only -exclusions")
        raise QueryError("nothing to search for: give a word or a \"quoted phrase\"")
    return Query(tuple(tuple(c) for c in clauses), tuple(excluded))
