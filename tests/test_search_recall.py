"""On real pages, everyday queries find every article holding the word with a clitic attached,
and nothing else (benchmarks/search_recall.py; skipped without the corpus)."""
from __future__ import annotations

from pathlib import Path

import pytest

from arabnews_archive.parse.evaluate import default_corpus_path, find_corpus
from benchmarks.search_recall import build_archive, evaluate, surface_forms

REPO_ROOT = Path(__file__).resolve().parents[1]
CORPUS = find_corpus(REPO_ROOT)
MIN_RECALL = MIN_PRECISION = 0.98


def test_the_ground_truth_lists_written_forms() -> None:
    assert {"بسوريا", "لسوريا", "وسوريا", "سوريا"} <= surface_forms("سوريا")
    assert {"للحكومة", "وبالحكومة", "والحكومه"} <= surface_forms("الحكومة")
    assert "حكومة" not in surface_forms("الحكومة") and "السوري" not in surface_forms("سوريا")


@pytest.mark.skipif(CORPUS is None, reason=f"no corpus at {default_corpus_path(REPO_ROOT)} (set $ARABNEWS_CORPUS)")
def test_everyday_queries_on_real_pages(tmp_path: Path) -> None:
    with build_archive(CORPUS, str(tmp_path / "recall.db")) as archive:
        scores = evaluate(archive)
    ours, printed = scores["arabnews search"], scores["printed form only"]
    assert ours.recall >= MIN_RECALL and ours.precision >= MIN_PRECISION, (ours.recall, ours.precision)
    assert printed.recall < 0.95  # what the clitics cost before they were handled
