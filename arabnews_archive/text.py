"""Arabic text normalisation shared by the parser, the store and search, and the one
tokenizer of search: what the store indexes and what a query matches are split alike."""
from __future__ import annotations

import re
import unicodedata

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
_LETTER_PAIRS = (("أ", "ا"), ("إ", "ا"), ("آ", "ا"), ("ٱ", "ا"), ("ى", "ي"), ("ة", "ه"), ("ؤ", "و"), ("ئ", "ي"))
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
    text = unicodedata.normalize("NFKC", text)
    text = BIDI_RE.sub("", TASHKEEL_RE.sub("", text))
    for letter, plain in _LETTER_PAIRS:
        text = text.replace(letter, plain)
    return to_ascii_digits(text).lower()


def search_tokens(text: str) -> list[str]:
    """Normalised word tokens of `text`, for both the stored search text and queries."""
    return _TOKEN_RE.findall(normalize_for_search(text))
