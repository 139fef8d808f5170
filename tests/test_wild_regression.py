"""No collapse on layouts nobody annotated: the corpus's 504 wild pages (292 sites), each
scored against the silver reference two peer extractors agree on, with wild/check.py's
own functions. Skipped when the corpus is absent.

An empty body is right on a page that holds no story (a listing, a forum index); such a
page must say so (extraction "none"), and there may be only a few. A collapse is a body
that kept less than half of the words both peers found.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from arabnews_archive.parse.evaluate import WildPage, check_wild, default_corpus_path, find_corpus

REPO_ROOT = Path(__file__).resolve().parents[1]
CORPUS = find_corpus(REPO_ROOT)
pytestmark = pytest.mark.skipif(
    CORPUS is None or not (CORPUS / "wild" / "check.py").is_file(),
    reason=f"no wild pages at {default_corpus_path(REPO_ROOT)}/wild (set $ARABNEWS_CORPUS)")

MIN_RECALL = 0.97
MIN_PRECISION = 0.95
MAX_EMPTY = 10
MAX_COLLAPSED_SHARE = 0.01  # of the pages, among those that came back with a body


@pytest.fixture(scope="module")
def pages() -> list[WildPage]:
    return check_wild(CORPUS)


def _listing(rows: list[WildPage]) -> str:
    return "\n".join(f"  recall {p.recall:.3f} precision {p.precision:.3f} {p.extraction} {p.file}" for p in rows)


def test_mean_recall_and_precision(pages: list[WildPage]) -> None:
    recall = sum(p.recall for p in pages) / len(pages)
    precision = sum(p.precision for p in pages) / len(pages)
    worst = sorted(pages, key=lambda p: p.recall)[:10]
    assert recall >= MIN_RECALL and precision >= MIN_PRECISION, (
        f"recall {recall:.3f}, precision {precision:.3f} on {len(pages)} pages; worst:\n{_listing(worst)}")


def test_empty_bodies_are_few_and_say_there_is_no_story(pages: list[WildPage]) -> None:
    empty = [p for p in pages if p.empty]
    assert len(empty) <= MAX_EMPTY, _listing(empty)
    assert all(p.extraction == "none" for p in empty), _listing(empty)


def test_almost_no_story_collapses(pages: list[WildPage]) -> None:
    collapsed = [p for p in pages if p.collapsed and not p.empty]
    assert len(collapsed) <= len(pages) * MAX_COLLAPSED_SHARE, _listing(collapsed)
