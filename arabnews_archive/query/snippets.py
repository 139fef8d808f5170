"""Why an article matched: a short passage of its own text with the matched words marked.

Built from the original text (not the normalised one the index holds) by reading it
with the search analyzer, so a passage marks exactly the words the index matched: وأمريكا
for أمريكا, the printed words of a quoted phrase. The same on both databases.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from arabnews_archive.article import Article
from arabnews_archive.query.language import Query, Term
from arabnews_archive.text import is_form_of, normalize_for_search, printed_form, printed_words, word_core

# Words shown around the matches: a passage a reader takes in at a glance.
SNIPPET_WORDS = 30
ELLIPSIS = "…"


@dataclass(frozen=True, slots=True)
class SearchHit(Article):
    """An article found by a search, with the passage that shows why.

    `snippet`: a short passage of the article as printed (the title when no passage of the
    text matched); `highlights`: the (start, end) offsets in `snippet` of each matched word
    or phrase. Everything else is the :class:`Article`.
    """

    snippet: str = ""
    highlights: tuple[tuple[int, int], ...] = field(default=())


def _matches(words: Sequence[tuple[int, int, str]], terms: Sequence[Term]) -> list[tuple[int, int, int]]:
    """(first word, last word, term number) of each match of a term in `words`."""
    cores = [word_core(term.tokens[0]) for term in terms]
    found = []
    for i, (_, _, word) in enumerate(words):
        printed = printed_form(word)
        for n, term in enumerate(terms):
            if cores[n] not in printed:  # cheap: most words are no form of any term
                continue
            if term.is_phrase:
                end = i + len(term.tokens)
                if end <= len(words) and all(printed_form(words[i + k][2]) == token
                                             for k, token in enumerate(term.tokens)):
                    found.append((i, end - 1, n))
            elif is_form_of(term.tokens[0], word):
                found.append((i, i, n))
    return found


def _best_window(matches: list[tuple[int, int, int]]) -> tuple[tuple[int, int], int]:
    """(its score: different terms, matches; its first word) of the window of `SNIPPET_WORDS`
    words that holds the most different terms, then the most matches."""
    best, best_score = matches[0][0], (-1, -1)
    for first, _, _ in matches:
        inside = [m for m in matches if first <= m[0] and m[1] < first + SNIPPET_WORDS]
        score = (len({m[2] for m in inside}), len(inside))
        if score > best_score:
            best, best_score = first, score
    return best_score, max(0, best - SNIPPET_WORDS // 4)


def _passage(text: str, words: Sequence[tuple[int, int, str]], first: int,
             matches: Sequence[tuple[int, int, int]]) -> tuple[str, tuple[tuple[int, int], ...]]:
    """`SNIPPET_WORDS` words of `text` from word `first`, and where the `matches` within are."""
    last = min(len(words), first + SNIPPET_WORDS) - 1
    start = words[first][0]
    end, suffix = (words[last][1], ELLIPSIS) if last < len(words) - 1 else (len(text.rstrip()), "")
    prefix = ELLIPSIS if start > 0 else ""
    shift = len(prefix) - start
    marks = tuple((words[a][0] + shift, words[b][1] + shift) for a, b, _ in sorted(matches) if first <= a and b <= last)
    return prefix + text[start:end] + suffix, marks


def snippet(article: Article, query: Query) -> tuple[str, tuple[tuple[int, int], ...]]:
    """The passage of `article` that best shows why it matches `query` (the window with the
    most of its terms; the story before the headline), and where the matches are in it; the
    opening words when the match is in a field not shown (authors, tags)."""
    texts = [text for text in (article.description, *article.paragraphs, article.title) if text]
    cores = {word_core(term.tokens[0]) for term in query.terms}
    best: tuple[tuple[int, int], str, list, int, list] | None = None
    for text in texts:
        normalized = normalize_for_search(text)
        if not any(core in normalized for core in cores):
            continue
        words = printed_words(text)
        matches = _matches(words, query.terms)
        if matches:
            score, first = _best_window(matches)
            if best is None or score > best[0]:
                # A short text is shown whole, a long one from a little before its best window.
                best = (score, text, words, min(first, max(0, len(words) - SNIPPET_WORDS)), matches)
                if score[0] == len(query.terms):
                    break  # every term in one window: no text can show more
    if best is not None:
        return _passage(*best[1:])
    if not texts:
        return "", ()
    words = printed_words(texts[0])
    return _passage(texts[0], words, 0, []) if words else (texts[0], ())


def with_snippets(articles: Sequence[Article], query: Query) -> list[SearchHit]:
    hits = []
    for article in articles:
        passage, marks = snippet(article, query)
        hits.append(SearchHit(**{name: getattr(article, name) for name in Article.__dataclass_fields__},
                              snippet=passage, highlights=marks))
    return hits
