"""Stories are right on the labelled test set's fixture part (no corpus needed).

The fixture stories of `benchmarks.stories_data` and every kind of copy a newsroom makes of
them (new headline, dateline swapped, lead reworded or replaced, trimmed, reordered, a
paragraph added, boilerplate around it, copy-edited, combinations), with the hard negatives
(stories on one subject the same day, two stories ending with one background paragraph, a
daily bulletin's next issue, a copy ten days later), are stored in a new SQLite archive
through the real write path, in a shuffled order; the stories the archive made are scored
pairwise, as benchmarks/stories.py --quality does on the whole set, then again after a
rebuild from scratch.
"""
from __future__ import annotations

from collections.abc import Iterator

import pytest

from arabnews_archive.archive import Archive
from arabnews_archive.store.story_rebuild import rebuild_stories
from benchmarks.stories_data import evaluate
from benchmarks.stories_data.build import BACKGROUND, SAME_SUBJECT, TEMPLATE, StorySet, fixture_set

PRECISION, RECALL = 0.95, 0.90


@pytest.fixture(scope="module")
def the_set() -> StorySet:
    return fixture_set(seed=17)


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory, the_set: StorySet) -> Iterator[Archive]:
    path = tmp_path_factory.mktemp("stories") / "archive.db"
    with Archive(str(path)) as opened:
        evaluate.store_set(opened.database, evaluate.arrival_order(the_set.items, seed=5))
        yield opened


@pytest.fixture(scope="module")
def stored(archive: Archive) -> evaluate.Stories:
    return evaluate.stories_of(archive.database)


def story(stories: evaluate.Stories, the_set: StorySet, base: str, kind: str = "base") -> int | None:
    (item,) = [i for i in the_set.items if i.base == base and i.kind == kind]
    return stories[item.url]


def test_precision_and_recall_as_stored(the_set: StorySet, stored: evaluate.Stories) -> None:
    figures = evaluate.score(the_set, stored)
    assert figures.precision >= PRECISION, figures.merged_examples
    assert figures.recall >= RECALL, figures.split_examples
    assert figures.too_short == 0


@pytest.mark.parametrize("kind", ["trimmed", "reordered", "dateline", "lead", "added", "boilerplate", "combo"])
def test_a_copy_joins_its_original(the_set: StorySet, stored: evaluate.Stories, kind: str) -> None:
    for base in ("gaza-strikes", "oil-iraq", "football-riyadh"):
        assert story(stored, the_set, base, kind) == story(stored, the_set, base) is not None


@pytest.mark.parametrize("a, b, kind", [
    ("gaza-strikes", "gaza-talks", SAME_SUBJECT), ("oil-brent", "oil-aramco", SAME_SUBJECT),
    ("football-cairo", "football-riyadh", SAME_SUBJECT), ("gaza-strikes", "gaza-aid", BACKGROUND),
    ("gold-tuesday", "gold-wednesday", TEMPLATE), ("rates-tuesday", "rates-wednesday", TEMPLATE),
])
def test_different_stories_on_one_subject_stay_apart(the_set: StorySet, stored: evaluate.Stories, a: str, b: str,
                                                     kind: str) -> None:
    assert (a, b, kind) in the_set.negatives
    assert story(stored, the_set, a) != story(stored, the_set, b)


def test_a_copy_ten_days_later_is_outside_the_window(the_set: StorySet, stored: evaluate.Stories) -> None:
    late = [i for i in the_set.items if i.kind == "late"]
    assert late
    for item in late:
        assert stored[item.url] is not None
        assert stored[item.url] != story(stored, the_set, item.base)


def test_a_rebuild_from_scratch_is_as_right(the_set: StorySet, archive: Archive) -> None:
    rebuild_stories(archive.database)
    figures = evaluate.score(the_set, evaluate.stories_of(archive.database))
    assert figures.precision >= PRECISION, figures.merged_examples
    assert figures.recall >= RECALL, figures.split_examples
    assert figures.late_apart == (len([i for i in the_set.items if i.kind == "late"]),) * 2
