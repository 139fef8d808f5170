"""Arabic text normalisation shared by the parser, the store and search, and the one
analyzer of search: what the store indexes and what a query matches are split and
normalised here alike, for SQLite and PostgreSQL.

Search matches a word with the clitics Arabic glues to it: a conjunction (و، ف), a
preposition (ب، ك، ل), the article (ال; ل with it is written لل), a third-person or
"our" pronoun (ه، ها، هم، هما، هن، نا; ة is written ت before it) and the accusative
alif (رئيسا). A token cannot say which of its letters are clitics (the و of وزير is
not), so the index keeps, beside each word as printed, every word it can be read as
once clitics are taken off (its *readings*), and a query word is looked up as typed
among the printed words and the readings. This is exact where a stemmer that picks one
stem per token conflates (Snowball reads بلبنان as لبن, milk): benchmarks/search_recall.py
measures both on real pages.
"""
from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterator

ARABIC_INDIC_DIGITS = "٠١٢٣٤٥٦٧٨٩"
PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹"
# str.replace per character beats str.translate's dict lookups tenfold on short Arabic
# text; search indexing and the parser call these for every line.
_DIGIT_PAIRS = tuple(zip(ARABIC_INDIC_DIGITS + PERSIAN_DIGITS, "0123456789" * 2))
_NON_ASCII_DIGIT = re.compile(f"[{ARABIC_INDIC_DIGITS}{PERSIAN_DIGITS}]")

# Harakat, Quranic marks, superscript alef, and tatweel.
TASHKEEL_RE = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
# Bidi controls and zero-width characters that pages sprinkle through Arabic text.
BIDI_RE = re.compile("[\u200b-\u200f\u202a-\u202e\u2066-\u2069\u061c\ufeff]")
_LETTER_PAIRS = (("أ", "ا"), ("إ", "ا"), ("آ", "ا"), ("ٱ", "ا"), ("ى", "ي"), ("ؤ", "و"), ("ئ", "ي"))
# Folded last, after the analyzer has read it: ة is never a pronoun, a final ه may be.
TA_MARBUTA, HA = "ة", "ه"
# Letters and digits only: the same split SQLite's unicode61 tokenizer and
# PostgreSQL's parser make on plain space-separated words.
_TOKEN_RE = re.compile(r"[^\W_]+")


def to_ascii_digits(text: str) -> str:
    """Arabic-Indic and Persian digits to ASCII digits."""
    if _NON_ASCII_DIGIT.search(text):
        for digit, ascii_digit in _DIGIT_PAIRS:
            text = text.replace(digit, ascii_digit)
    return text


def normalize_for_search(text: str) -> str:
    """The one normalisation applied to stored text and to queries alike.

    Removes tashkeel, tatweel and bidi marks; folds hamza and alef variants to
    ا, ى to ي, ة to ه, ؤ to و, ئ to ي; Arabic-Indic digits to ASCII; lower case.
    """
    return _normalize(text).replace(TA_MARBUTA, HA)


def _normalize(text: str) -> str:
    """`normalize_for_search` but for ة, which the analyzer needs to tell from a pronoun ه."""
    text = unicodedata.normalize("NFKC", text)
    text = BIDI_RE.sub("", TASHKEEL_RE.sub("", text))
    for letter, plain in _LETTER_PAIRS:
        text = text.replace(letter, plain)
    return to_ascii_digits(text).lower()



# -- the search analyzer -----------------------------------------------------------------

# Bumped whenever a change here can change what is indexed for a text: `reparse` then
# re-indexes every article indexed by another version (articles.search_version).
SEARCH_ANALYZER_VERSION = 2
# Marks a reading in the index (a word with clitics taken off), so that a quoted word,
# which means the printed form, never matches one. Tatweel: normalisation removes it from
# every text, so no printed word ends with it; both databases keep it inside a token.
READING_MARK = "\u0640"
# Longer tokens are not words (base64, run-together garbage) and PostgreSQL refuses
# lexemes past 2 KB: they are left out of the index and of queries alike.
MAX_WORD_LENGTH = 64
# Readings shorter than this match too much by chance (له in الله).
MIN_READING_LENGTH = 2
_CONJUNCTIONS = ("و", "ف")
_PREPOSITIONS = ("ب", "ك", "ل")
ARTICLE = "ال"
# Longest first, so هما is tried before ها and ه.
_PRONOUNS = ("هما", "ها", "هم", "هن", "نا", "ه")
_ACCUSATIVE_ALIF = "ا"
# The alif of ...يا، ...وا، ...اا، ...ها belongs to the word (سوريا، روسيا) or a pronoun.
_NOT_BEFORE_ACCUSATIVE_ALIF = frozenset("اويه")
# Latin letters with diacritics, folded so that café matches cafe on both databases.
_ACCENTED_LATIN = re.compile("[\u00c0-\u024f]")


def _fold_accents(text: str) -> str:
    if not _ACCENTED_LATIN.search(text):
        return text
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))


def _analysis_words(text: str) -> list[str]:
    """Normalised words of `text`, ة kept (see `_normalize`), too long ones left out."""
    return [w for w in _TOKEN_RE.findall(_fold_accents(_normalize(text))) if len(w) <= MAX_WORD_LENGTH]


def search_tokens(text: str) -> list[str]:
    """The words of `text` as search compares them (normalised): what the index holds as
    printed words, and what a query's words are looked up as."""
    return [w.replace(TA_MARBUTA, HA) for w in _analysis_words(text)]


def _without_proclitics(word: str) -> Iterator[str]:
    """`word` with each sequence of proclitics it may begin with taken off: a conjunction,
    then a preposition, then the article (لل is ل with the article, whose alif is not
    written; before a word beginning with ل, ل with the article is written لل too)."""
    rests = [word]
    if word[:1] in _CONJUNCTIONS:
        rests.append(word[1:])
    for rest in rests:
        candidates = [rest]
        if rest[:1] in _PREPOSITIONS:
            candidates.append(rest[1:])
        if rest.startswith("لل"):
            candidates += [ARTICLE + rest[2:], ARTICLE + rest[1:]]
        for candidate in candidates:
            yield candidate
            if candidate.startswith(ARTICLE):
                yield candidate[len(ARTICLE):]


def _without_enclitics(word: str) -> Iterator[str]:
    """`word` without a final pronoun (ة restored where it was written ت before it), or
    without the accusative alif."""
    for pronoun in _PRONOUNS:
        if word.endswith(pronoun) and len(word) - len(pronoun) >= MIN_READING_LENGTH:
            stem = word[:-len(pronoun)]
            yield stem
            if stem.endswith("ت"):
                yield stem[:-1] + TA_MARBUTA
    if word.endswith(_ACCUSATIVE_ALIF) and len(word) > 3 and word[-2] not in _NOT_BEFORE_ACCUSATIVE_ALIF:
        yield word[:-1]


@functools.lru_cache(maxsize=1 << 17)
def _readings(word: str) -> tuple[str, ...]:
    printed = word.replace(TA_MARBUTA, HA)
    found: set[str] = set()
    for stem in _without_proclitics(word):
        found.add(stem)
        if not stem.startswith(ARTICLE):  # a word with the article takes no pronoun
            found.update(_without_enclitics(stem))
    folded = {r.replace(TA_MARBUTA, HA) for r in found if len(r) >= MIN_READING_LENGTH}
    folded.discard(printed)
    return tuple(sorted(folded))


def index_text(text: str, max_words: int) -> str:
    """What the index holds for one field of an article: its first `max_words` words as
    printed (normalised, in order, for phrases), then, marked, each reading once and each
    word past them once (a bare word finds them all; a quoted one, only the first ones)."""
    words = _analysis_words(text)
    readings = {r for w in words for r in _readings(w)} | {w.replace(TA_MARBUTA, HA) for w in words[max_words:]}
    printed = [w.replace(TA_MARBUTA, HA) for w in words[:max_words]]
    return " ".join(printed + [r + READING_MARK for r in sorted(readings)])


# Letters, digits, and the marks and controls normalisation removes inside a word.
_PRINTED_WORD = re.compile("[^\\W_](?:[^\\W_]|[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640"
                           "\u200b-\u200f\u202a-\u202e\u2066-\u2069\u061c\ufeff])*")


def printed_words(text: str) -> list[tuple[int, int, str]]:
    """The words of `text` as the analyzer reads them, each with where it is printed in
    `text` (start, end): what a snippet marks."""
    normalized = _fold_accents(_normalize(text))
    if len(normalized) == len(text):  # nothing removed: the words are where they were printed
        return [(m.start(), m.end(), m.group()) for m in _TOKEN_RE.finditer(normalized)
                if len(m.group()) <= MAX_WORD_LENGTH]
    return [(m.start(), m.end(), word) for m in _PRINTED_WORD.finditer(text) for word in _analysis_words(m.group())]


def is_form_of(query_word: str, word: str) -> bool:
    """Whether `word` (from `printed_words`) is `query_word` (a `search_tokens` word) as printed
    or with clitics attached: what the index matches, for one word."""
    return word.replace(TA_MARBUTA, HA) == query_word or query_word in _readings(word)


def printed_form(word: str) -> str:
    """A word from `printed_words` as the index holds it printed (for quoted words and phrases)."""
    return word.replace(TA_MARBUTA, HA)


def word_core(query_word: str) -> str:
    """A part of `query_word` that every form of it holds, normalised (its article and last
    letter off: حكومته and لليل hold the cores of حكومة and الليل): a cheap first test."""
    word = query_word[len(ARTICLE):] if query_word.startswith(ARTICLE) and len(query_word) > 3 else query_word
    return word[:-1] if len(word) > 2 else word
