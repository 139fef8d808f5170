"""The labelled test set of stories: bases, the copies newsrooms make of them, hard negatives.

Bases: the fixture stories (`fixtures`), and, when the development corpus is there, its real
story texts (`corpus`, read at run time). Each base gets copies (`variants.KINDS`), each
published on another site within a day and a half of it; the truth is "same base" (a corpus
text and the real copies of it `labels.COPIES` lists are one base). Every base is published
on the first two days, so every two articles of the set are within the archive's window of
days of each other: each pair that resembles is compared, the unrelated ones as much as the
hard negatives.

Hard negatives, by kind:
- `same subject, same day`: the fixtures' stories on one subject (three on Gaza, three on
  oil, two football results; the central bank and the gold bulletin share Egypt's economy);
- `shared background paragraph`: two Gaza stories ending with one agency background paragraph;
- `template, next day`: two days' "gold prices today" bulletins of one site, one template,
  other numbers (and two days' "exchange rates today"). *Decided*: different stories. A researcher asks which sites carried a
  story; Tuesday's prices are not Wednesday's, and grouped day after day the bulletins of
  a year would chain into one "story" (each day's joins the day before's). Copies of one
  day's bulletin on other sites are the same story, and are in the set as its variants;
- `same subject (shared rare words)`: two news-length corpus texts (at most 1,200 words) of
  two sites sharing three or more words rare in the corpus (names, places, terms: in two to
  four texts) and not copies of each other: about half are two sites' own stories of one
  event, the others one subject (diets, a war); the hardest negatives the set has;
- `roundup holding the story`: a long page holding a whole short story among much else
  (`labels.ROUNDUPS`).

Late copies (`late`): a copy published ten days after its base, outside the window: kept
apart by design, left out of the pairwise figures and reported on their own.
"""
from __future__ import annotations

import itertools
import random
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

from arabnews_archive.text import search_tokens
from benchmarks.stories_data import labels
from benchmarks.stories_data.corpus import CorpusText, load_corpus
from benchmarks.stories_data.fixtures import FIXTURES, GOLD, Fixture
from benchmarks.stories_data.variants import KINDS, make_variant

T0 = datetime(2024, 3, 12, 7, 0, tzinfo=timezone.utc)
LATE_DAYS = 10
CORPUS_KINDS_PER_BASE = 4
SAME_SUBJECT, BACKGROUND, TEMPLATE, SAME_EVENT, ROUNDUP = (
    "same subject, same day", "shared background paragraph", "template, next day", "same subject (shared rare words)",
    "roundup holding the story")
NEGATIVE_KINDS = (SAME_SUBJECT, BACKGROUND, TEMPLATE, SAME_EVENT, ROUNDUP)


@dataclass(frozen=True)
class Item:
    """One article of the set. `truth`: its story; `base`: the text it was made from;
    `kind`: "base", a variant kind, or "late"; `source`: "fixture" or "corpus"."""

    url: str
    title: str
    published: datetime
    paragraphs: tuple[str, ...]
    truth: str
    base: str
    kind: str
    source: str


@dataclass
class StorySet:
    items: list[Item]
    # (base, base, kind): pairs of bases that are different stories, hard to tell apart.
    negatives: list[tuple[str, str, str]] = field(default_factory=list)
    # Pairs of truth labels whose articles' pairs are left out of the figures (labels.UNSURE).
    unsure: set[frozenset[str]] = field(default_factory=set)

    def truth_of(self) -> dict[str, str]:
        return {item.base: item.truth for item in self.items}


@dataclass(frozen=True)
class _Base:
    key: str
    truth: str
    title: str
    paragraphs: tuple[str, ...]
    day: int
    site: str
    source: str


def _slug(key: str) -> str:
    return "".join(c if c.isalnum() or c in "-_" else "-" for c in key.split("/")[-1])


def _variants(base: _Base, kinds: list[str], others: list[tuple[str, ...]], rng: random.Random,
              late: bool = False) -> list[Item]:
    when = T0 + timedelta(days=base.day, hours=rng.uniform(0, 10))
    items = [Item(f"https://{base.site}/news/{_slug(base.key)}", base.title, when, base.paragraphs, base.truth,
                  base.key, "base", base.source)]
    for n, kind in enumerate(kinds):
        paragraphs = make_variant(kind, base.paragraphs, rng, others)
        title = base.title if kind not in ("headline", "combo2") else f"عاجل | {base.title[:60]}"
        items.append(Item(f"https://copy{n}.site{rng.randrange(40)}.example.org/{kind}/{_slug(base.key)}", title,
                          when + timedelta(hours=rng.uniform(0.2, 36)), paragraphs, base.truth, base.key, kind,
                          base.source))
    if late:
        items.append(Item(f"https://late.example.net/archive/{_slug(base.key)}", base.title,
                          when + timedelta(days=LATE_DAYS), make_variant("dateline", base.paragraphs, rng, others),
                          base.truth, base.key, "late", base.source))
    return items


def fixture_set(seed: int = 17) -> StorySet:
    """The set made of the fixtures alone (no corpus needed): every kind of copy of each."""
    rng = random.Random(seed)
    fixtures: tuple[Fixture, ...] = (*FIXTURES, *GOLD)
    bases = [_Base(f.key, f.key, f.title, f.paragraphs, f.day, f.site, "fixture") for f in fixtures]
    items: list[Item] = []
    for n, base in enumerate(bases):
        others = [b.paragraphs for b in bases if b.key != base.key]
        items += _variants(base, list(KINDS), others, rng, late=n % 5 == 0)
    negatives = []
    for a, b in itertools.combinations(fixtures, 2):
        if {a.key, b.key} == {"gaza-strikes", "gaza-aid"}:
            negatives.append((a.key, b.key, BACKGROUND))
        elif a.subject == b.subject and a.subject in ("gold", "rates"):
            negatives.append((a.key, b.key, TEMPLATE))
        elif a.subject == b.subject or {a.subject, b.subject} <= {"gold", "rates", "egypt-economy"}:
            negatives.append((a.key, b.key, SAME_SUBJECT))
    return StorySet(items, negatives)


def _rare_word_pairs(texts: list[CorpusText], min_shared: int = 3, max_words: int = 1200) -> list[tuple[int, int]]:
    """Pairs of news-length texts of two sites sharing `min_shared` words rare in the corpus."""
    words = [{w for w in search_tokens(" ".join(t.paragraphs)) if len(w) >= 4 and not w.isdigit()} for t in texts]
    df = Counter(w for ws in words for w in ws)
    holders: dict[str, list[int]] = defaultdict(list)
    for i, ws in enumerate(words):
        for w in ws:
            if 2 <= df[w] <= 4:
                holders[w].append(i)
    shared: Counter[tuple[int, int]] = Counter()
    for ids in holders.values():
        shared.update(itertools.combinations(ids, 2))
    short = [sum(len(p.split()) for p in t.paragraphs) <= max_words for t in texts]
    return sorted((a, b) for (a, b), n in shared.items()
                  if n >= min_shared and short[a] and short[b] and texts[a].site != texts[b].site)


def corpus_set(seed: int = 17, texts: list[CorpusText] | None = None) -> StorySet:
    """The set made of the corpus's real texts (empty without the corpus)."""
    texts = load_corpus() if texts is None else texts
    if not texts:
        return StorySet([])
    rng = random.Random(seed)
    keys = {t.key for t in texts}
    truth = {t.key: t.key for t in texts}
    for group in labels.COPIES:
        present = [k for k in group if k in keys]
        for key in present:
            truth[key] = present[0]
    # Texts of one event on one day: the hard negatives are compared as a newsroom's would be.
    pairs = _rare_word_pairs(texts)
    day = {t.key: rng.randrange(2) for t in texts}
    for a, b in pairs:
        day[texts[b].key] = day[texts[a].key]
    for group in labels.COPIES:
        for key in group[1:]:
            if key in day and group[0] in day:
                day[key] = day[group[0]]
    bases = [_Base(t.key, truth[t.key], t.title, t.paragraphs, day[t.key], t.site, "corpus") for t in texts]
    items: list[Item] = []
    for base in bases:
        others = [rng.choice(bases).paragraphs for _ in range(3)]
        items += _variants(base, rng.sample(list(KINDS), CORPUS_KINDS_PER_BASE), others, rng)
    labelled = {frozenset(p) for p in (*labels.UNSURE, *labels.ROUNDUPS)}
    negatives = [(a, b, ROUNDUP) for a, b in labels.ROUNDUPS if a in keys and b in keys]
    negatives += [(texts[a].key, texts[b].key, SAME_EVENT) for a, b in pairs
                  if truth[texts[a].key] != truth[texts[b].key] and frozenset((texts[a].key, texts[b].key)) not in labelled]
    unsure = {frozenset((truth[a], truth[b])) for a, b in labels.UNSURE if a in keys and b in keys}
    return StorySet(items, negatives, unsure)


def story_set(seed: int = 17, corpus: bool = True) -> StorySet:
    """The whole set: the fixtures', and the corpus's when it is there and `corpus`."""
    fixtures = fixture_set(seed)
    if not corpus:
        return fixtures
    real = corpus_set(seed)
    return StorySet(fixtures.items + real.items, fixtures.negatives + real.negatives, real.unsure)
