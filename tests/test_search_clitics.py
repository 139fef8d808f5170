"""A word finds its forms with clitics, and nothing else: (query, text, matches?) on both databases.

Each text is stored as the story of an article of its own; a pair holds when searching the
query finds that article (or, for a negative pair, does not). The table covers every
proclitic and enclitic the analyzer handles (text.py), the exact form in quotes, and the
lookalikes a stemmer would conflate.
"""
from __future__ import annotations

from collections.abc import Iterator

import pytest

from arabnews_archive.archive import Archive
from tests.conftest import news_page, postgres_database

PAIRS = [
    # proclitics: conjunctions, prepositions, the article, and each sequence of them
    ("أمريكا", "وأمريكا", True),
    ("سوريا", "بسوريا", True),
    ("سوريا", "لسوريا", True),
    ("سوريا", "فسوريا", True),
    ("بريطانيا", "كبريطانيا", True),
    ("بريطانيا", "لبريطانيا", True),  # the word begins with ب itself
    ("لبنان", "بلبنان", True),  # ... or with ل
    ("لبنان", "للبنان", True),
    ("لبنان", "وللبنان", True),
    ("واشنطن", "وواشنطن", True),  # ... or with و
    ("واشنطن", "لواشنطن", True),
    ("فلسطين", "وفلسطين", True),  # ... or with ف
    ("حكومة", "الحكومة", True),
    ("حكومة", "والحكومة", True),
    ("حكومة", "بالحكومة", True),
    ("حكومة", "كالحكومة", True),
    ("حكومة", "فالحكومة", True),
    ("حكومة", "للحكومة", True),  # ل with the article: لل
    ("حكومة", "وبالحكومة", True),
    ("حكومة", "وللحكومة", True),
    ("الحكومة", "والحكومة", True),  # a word typed with the article finds it with more clitics
    ("الحكومة", "للحكومة", True),
    ("الحكومة", "حكومة", False),  # ... but not without the article
    ("حكومة", "لحكومة", True),
    ("وزير", "ووزير", True),
    ("وزير", "والوزير", True),
    ("وزير", "لوزير", True),
    ("الله", "لله", True),  # ل with the article before a word beginning with ل
    ("الليل", "لليل", True),
    ("لجنة", "للجنة", True),
    # enclitics: pronouns (ة written ت before them) and the accusative alif
    ("حكومة", "حكومته", True),
    ("حكومة", "حكومتها", True),
    ("حكومة", "حكومتهم", True),
    ("حكومة", "حكومتهما", True),
    ("حكومة", "حكومتهن", True),
    ("حكومة", "حكومتنا", True),
    ("حكومة", "وحكومتها", True),
    ("رئيس", "رئيسه", True),
    ("رئيس", "ورئيسها", True),
    ("رئيس", "رئيسا", True),
    ("وزير", "ووزيرا", True),
    ("من", "منها", True),
    # normalisation, as before: hamza, alef maqsura, ta marbuta, tashkeel, digits
    ("أحمد", "وأحمد", True),
    ("في", "فى", True),
    ("مدرسة", "بالمَدْرَسَة", True),
    ("٢٠٢٤", "2024", True),
    ("café", "cafe", True),
    # the exact form: a quoted word or phrase as printed, no clitics
    ('"قطر"', "قطر", True),
    ('"قطر"', "لقطر", False),
    ('"قطر"', "قطرات", False),
    ('"وزير الخارجية"', "وزير الخارجية", True),
    ('"وزير الخارجية"', "لوزير الخارجية", False),
    ('"الخارجية وزير"', "وزير الخارجية", False),
    # lookalikes: other words, not the word with clitics
    ("قطر", "قطرات", False),
    ("قطر", "قطرة", False),  # ة is not a pronoun
    ("سوريا", "السوري", False),  # the adjective is another word
    ("مصر", "المصري", False),
    ("سوري", "سوريا", False),  # the alif of ...يا is the word's own
    ("اليمن", "فيمن", False),
    ("لبنان", "فنان", False),
    ("الرياض", "الرياضه", False),  # the article takes no pronoun: this ه is a ة
    ("حكومة", "حكومات", False),  # plurals are other words
    ("وازنة", "الموازنة", False),  # whole words, never a substring
    ("الحكومة", "حكومته", False),
]


# Words that none of the queries finds, around each text, so that the parser sees a story.
FILLER = ("وقد تابع الحضور النقاش باهتمام كبير طوال ساعات اليوم", "ثم انصرف الجميع بعد انتهاء الجلسة الطويلة مساء")


def _archive(url: str) -> Archive:
    archive = Archive(url)
    for n, (_, text, _) in enumerate(PAIRS):
        story = [f"{FILLER[0]} {text} {FILLER[1]}.", f"{FILLER[1]} {FILLER[0]}."]
        article = archive.add_html(f"https://news.example/{n}", news_page(f"خبر رقم {n}", story))
        assert article.paragraphs, "the parser found no story: the test would prove nothing"
    return archive


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def clitic_archive(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Archive]:
    if request.param == "sqlite":
        with _archive(str(tmp_path_factory.mktemp("clitics") / "archive.db")) as archive:
            yield archive
        return
    with postgres_database() as url, _archive(url) as archive:
        yield archive


@pytest.mark.parametrize(("query", "text", "matches"), PAIRS, ids=[f"{q}~{t}" for q, t, _ in PAIRS])
def test_query_finds_the_word_with_clitics(clitic_archive: Archive, query: str, text: str, matches: bool) -> None:
    url = f"https://news.example/{PAIRS.index((query, text, matches))}"
    found = {a.url for a in clitic_archive.search(query, limit=None)}
    assert (url in found) is matches
