"""Does search find what a reader means? Recall and precision of everyday queries on real pages.

Builds an archive of the development corpus (articles/ and wild/ pages, parsed and stored
as `import` would), searches it for everyday words (countries, cities, الحكومة, ترامب...)
and compares the hits with a ground truth computed without the search analyzer: the
articles whose text (as indexed: title, authors, description, dateline, tags, story)
holds the word with any attached clitic, by a plain set of written forms (`surface_forms`).

    python benchmarks/search_recall.py                 # a new SQLite archive in a temporary folder
    python benchmarks/search_recall.py --db postgresql://me@localhost/scratch --per-query

Rows: this search (bare words); the printed form only (the word quoted: what search found
before clitics were handled); Snowball's Arabic stemmer on the same words, when PyStemmer
is installed (pip install -e '.[bench]'), a stemmer that picks one stem per word.
"""
from __future__ import annotations

import argparse
import json
import re
import tempfile
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

try:
    from _corpus import corpus_or_exit
except ImportError:  # imported as benchmarks.search_recall (the tests)
    from benchmarks._corpus import corpus_or_exit
from rich.console import Console
from rich.table import Table

from arabnews_archive.archive import Archive
from arabnews_archive.article import Article

QUERIES = (
    "سوريا مصر العراق لبنان الأردن السعودية قطر الكويت ليبيا تونس المغرب الجزائر اليمن فلسطين إسرائيل "
    "إيران تركيا روسيا أمريكا الصين فرنسا بريطانيا ألمانيا دمشق القاهرة بغداد بيروت الرياض غزة القدس "
    "عمان واشنطن موسكو لندن باريس حلب الحكومة حكومة ترامب أوباما رئيس الرئيس وزير الوزير الانتخابات "
    "النفط الجيش الأمم"
).split()

# -- the ground truth: written forms, made without the search analyzer ----------------------

_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640\u200b-\u200f\u202a-\u202e\u2066-\u2069"
                    "\u061c\ufeff]")
_LETTERS = str.maketrans("أإآٱىؤئ٠١٢٣٤٥٦٧٨٩", "اااايوي0123456789")
_WORD = re.compile(r"[^\W_]+")
_CONJUNCTIONS = ("", "و", "ف")
_PRONOUNS = ("ه", "ها", "هم", "هما", "هن", "نا")


def _plain(text: str) -> str:
    """Tashkeel, tatweel and controls out, alef and hamza forms as plain letters; ة kept."""
    return _MARKS.sub("", unicodedata.normalize("NFKC", text)).translate(_LETTERS).lower()


def _endings(word: str) -> set[str]:
    """The word alone, with a pronoun (ة written ت before it) or the accusative alif."""
    if word.endswith("ة"):
        return {word, word[:-1] + "ه", *(word[:-1] + "ت" + p for p in _PRONOUNS)}
    forms = {word, *(word + p for p in _PRONOUNS)}
    if len(word) >= 3 and word[-1] not in "اويه":
        forms.add(word + "ا")
    return forms


def surface_forms(query: str) -> set[str]:
    """Every written form of the word `query` with clitics: a conjunction, a preposition, the
    article (ل with it written لل); a word typed with the article keeps it and takes no pronoun."""
    word = _plain(query)
    forms: set[str] = set()
    if word.startswith("ال") and len(word) > 3:
        rest = word[2:]
        bare = {rest, rest[:-1] + "ه"} if rest.endswith("ة") else {rest}
        for c in _CONJUNCTIONS:
            for b in bare:
                forms |= {c + "ال" + b, c + "بال" + b, c + "كال" + b, c + "لل" + b}
                if b.startswith("ل"):
                    forms.add(c + "لل" + b[1:])
        return forms
    for c in _CONJUNCTIONS:
        for e in _endings(word):
            forms |= {c + p + e for p in ("", "ب", "ك", "ل")} | {c + p + "ال" + e for p in ("", "ب", "ك")}
            forms.add(c + "لل" + e)
    return forms


def indexed_text(article: Article) -> str:
    return "\n".join([article.title or "", *article.authors, article.description or "", article.dateline or "",
                      *article.tags, *article.paragraphs])


def truth(articles: Iterable[Article], query: str) -> set[int]:
    forms = surface_forms(query)
    return {a.id for a in articles if any(w in forms for w in _WORD.findall(_plain(indexed_text(a))))}  # type: ignore[misc]


# -- the archive and the scores ------------------------------------------------------------

def build_archive(corpus: Path, db: str) -> Archive:
    """Every page of the corpus with a story, parsed and stored under its own URL."""
    archive = Archive(db)
    pages = sorted((corpus / "articles").glob("*.html")) + sorted((corpus / "wild" / "pages").glob("*.html"))
    for page in pages:
        url = json.loads(page.with_suffix(".json").read_text(encoding="utf-8")).get("url") or f"file:///{page.name}"
        try:
            archive.add_html(url, page.read_bytes())
        except ValueError:
            continue  # not an HTML page the parser can read: the corpus has a few
    return archive


@dataclass
class Score:
    truth: int = 0
    found: int = 0
    right: int = 0

    def add(self, truth: set[int], found: set[int]) -> None:
        self.truth += len(truth)
        self.found += len(found)
        self.right += len(truth & found)

    @property
    def recall(self) -> float:
        return self.right / self.truth if self.truth else 1.0

    @property
    def precision(self) -> float:
        return self.right / self.found if self.found else 1.0


def _snowball(articles: list[Article]) -> Callable[[str], set[int]] | None:
    """Search by Snowball Arabic stems (PyStemmer), or None when it is not installed."""
    try:
        import Stemmer
    except ImportError:
        return None
    from arabnews_archive.text import search_tokens

    stemmer = Stemmer.Stemmer("arabic")
    stems = {a.id: set(stemmer.stemWords(search_tokens(indexed_text(a)))) for a in articles}
    return lambda query: {i for i, s in stems.items() if stemmer.stemWord(search_tokens(query)[0]) in s}


def evaluate(archive: Archive, queries: Iterable[str] = QUERIES, per_query: bool = False) -> dict[str, Score]:
    articles = list(archive.articles())
    ways: dict[str, Callable[[str], set[int]]] = {
        "arabnews search": lambda q: {h.id for h in archive.search(q)},  # type: ignore[misc]
        "printed form only": lambda q: {h.id for h in archive.search(f'"{q}"')},  # type: ignore[misc]
    }
    snowball = _snowball(articles)
    if snowball:
        ways["Snowball stems (PyStemmer)"] = snowball
    scores = {name: Score() for name in ways}
    for query in queries:
        expected = truth(articles, query)
        for name, find in ways.items():
            found = find(query)
            scores[name].add(expected, found)
            if per_query and name == "arabnews search" and found != expected:
                print(f"{query}: {len(expected)} expected, {len(found)} found, "
                      f"missed {sorted(expected - found)[:10]}, extra {sorted(found - expected)[:10]}")
    return scores


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", help="corpus folder (default: $ARABNEWS_CORPUS or ../shared/corpus)")
    parser.add_argument("--db", help="an empty database to build the archive in (default: a new SQLite file)")
    parser.add_argument("--per-query", action="store_true", help="list each query this search gets wrong")
    args = parser.parse_args()
    corpus = corpus_or_exit(args.corpus)
    with tempfile.TemporaryDirectory() as folder, build_archive(corpus, args.db or f"{folder}/recall.db") as archive:
        articles = sum(1 for _ in archive.articles())
        scores = evaluate(archive, per_query=args.per_query)
        dialect = archive.database.dialect
    table = Table("search", "recall", "precision", "articles expected", "found",
                  title=f"{len(QUERIES)} everyday queries, {articles} real articles ({dialect})")
    for name, score in scores.items():
        table.add_row(name, f"{score.recall:.3f}", f"{score.precision:.3f}", str(score.truth), str(score.found))
    Console().print(table)


if __name__ == "__main__":
    main()
