"""The stories an archive makes of the test set, and how right they are (pairwise).

`store_set` stores every item through the archive's write path (`store.pages.store_page`,
which calls `store.articles.save_article` and so places the article in its story), one
transaction per page as a crawl does, in a shuffled arrival order; `stories_of` reads each
item's `articles.story_id` back. Pairwise: two items are *predicted* one story when they share
a story id (an article too short to compare has none: alone), *truly* one when they share a
base. Pairs `StorySet.unsure` names, and late copies, are left out of the figures.
"""
from __future__ import annotations

import itertools
import random
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import timedelta

import sqlalchemy as sa

from arabnews_archive.article import Article
from arabnews_archive.fetch.result import FetchResult
from arabnews_archive.store.database import Database
from arabnews_archive.store.models import ArticleRow
from arabnews_archive.store.pages import store_page
from benchmarks.stories_data.build import NEGATIVE_KINDS, Item, StorySet

Stories = dict[str, int | None]  # item url -> story id


def arrival_order(items: list[Item], seed: int) -> list[Item]:
    order = list(items)
    random.Random(seed).shuffle(order)
    return order


def store_set(database: Database, items: Iterable[Item], progress: Callable[[int], None] | None = None) -> None:
    """Store `items` in this order through the one write path, a transaction each."""
    for n, item in enumerate(items, 1):
        article = Article(url=item.url, title=item.title, published=item.published, paragraphs=item.paragraphs,
                          language="ar")
        fetched = item.published + timedelta(minutes=30)
        exchange = FetchResult(item.url, item.url, 200, {"content-type": "text/html; charset=utf-8"}, b"", fetched)
        with database.writing() as session:
            store_page(session, exchange, article)
        if progress and n % 200 == 0:
            progress(n)


def stories_of(database: Database) -> Stories:
    table = ArticleRow.__table__
    with database.reading() as session:
        return dict(session.execute(sa.select(table.c.key_url, table.c.story_id)).all())


@dataclass
class Figures:
    precision: float
    recall: float
    f1: float
    true_pairs: int
    predicted_pairs: int
    correct_pairs: int
    # variant kind -> (copies in their base's story, copies)
    joins_base: dict[str, tuple[int, int]] = field(default_factory=dict)
    # negative kind -> (base pairs put in one story, base pairs)
    merged: dict[str, tuple[int, int]] = field(default_factory=dict)
    merged_examples: list[tuple[str, str, str]] = field(default_factory=list)
    late_apart: tuple[int, int] = (0, 0)
    unsure_merged: tuple[int, int] = (0, 0)
    too_short: int = 0
    # items wrongly joined to / split from: for reading the errors
    split_examples: list[tuple[str, str]] = field(default_factory=list)


def _pairs(n: int) -> int:
    return n * (n - 1) // 2


def score(story_set: StorySet, stories: Stories) -> Figures:
    """Pairwise precision and recall of `stories` against the set's truth."""
    items = [i for i in story_set.items if i.kind != "late"]
    # Without a story, an article is a story of its own.
    predicted = {i.url: stories.get(i.url) if stories.get(i.url) is not None else f"alone:{i.url}" for i in items}
    cells = Counter((i.truth, predicted[i.url]) for i in items)
    truth_sizes = Counter(i.truth for i in items)
    predicted_sizes = Counter(predicted[i.url] for i in items)
    correct = sum(_pairs(n) for n in cells.values())
    true_pairs = sum(_pairs(n) for n in truth_sizes.values())
    predicted_pairs = sum(_pairs(n) for n in predicted_sizes.values())
    # Pairs between two truths a reader could call one story either way: out of the figures.
    by_truth: dict[str, Counter] = defaultdict(Counter)
    for (truth, story), n in cells.items():
        by_truth[truth][story] += n
    unsure_same = unsure_total = 0
    for pair in story_set.unsure:
        a, b = tuple(pair)
        shared = sum(n * by_truth[b][story] for story, n in by_truth[a].items())
        unsure_same += shared
        unsure_total += truth_sizes[a] * truth_sizes[b]
    predicted_pairs -= unsure_same
    precision = correct / predicted_pairs if predicted_pairs else 1.0
    recall = correct / true_pairs if true_pairs else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    figures = Figures(precision, recall, f1, true_pairs, predicted_pairs, correct,
                      unsure_merged=(unsure_same, unsure_total))
    base_story = {i.base: predicted[i.url] for i in items if i.kind == "base"}
    joins: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for item in items:
        if item.kind != "base":
            joins[item.kind][1] += 1
            if predicted[item.url] == base_story[item.base]:
                joins[item.kind][0] += 1
            elif len(figures.split_examples) < 40:
                figures.split_examples.append((item.kind, item.base))
    # The corpus's real copies (labels.COPIES): each text in the story of its group's first.
    for item in items:
        if item.kind == "base" and item.truth != item.base and item.truth in base_story:
            joins["real copy (corpus)"][1] += 1
            if predicted[item.url] == base_story[item.truth]:
                joins["real copy (corpus)"][0] += 1
            elif len(figures.split_examples) < 40:
                figures.split_examples.append(("real copy", item.base))
    figures.joins_base = {kind: (done, total) for kind, (done, total) in sorted(joins.items())}
    merged: dict[str, list[int]] = {kind: [0, 0] for kind in NEGATIVE_KINDS}
    for a, b, kind in story_set.negatives:
        merged[kind][1] += 1
        if base_story.get(a) is not None and base_story.get(a) == base_story.get(b):
            merged[kind][0] += 1
            figures.merged_examples.append((kind, a, b))
    figures.merged = {kind: (done, total) for kind, (done, total) in merged.items() if total}
    late = [i for i in story_set.items if i.kind == "late"]
    figures.late_apart = (sum(1 for i in late if stories.get(i.url) != base_story.get(i.base)), len(late))
    figures.too_short = sum(1 for i in items if stories.get(i.url) is None)
    return figures


def pair_labels(story_set: StorySet) -> Iterable[tuple[Item, Item, bool]]:
    """Every scored pair of items with its truth (for the threshold evidence)."""
    items = [i for i in story_set.items if i.kind != "late"]
    for a, b in itertools.combinations(items, 2):
        if frozenset((a.truth, b.truth)) in story_set.unsure:
            continue
        yield a, b, a.truth == b.truth
