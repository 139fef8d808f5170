"""Regression on the development corpus: parse_article on every page, scored by the
corpus's own score.py against the issue's thresholds.

Skipped when the corpus is absent ($ARABNEWS_CORPUS, else ../shared/corpus beside the
repository). On failure the message lists the pages to look at, worst first.
"""
from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from arabnews_archive.parse.evaluate import (
    default_corpus_path, find_corpus, load_metric, load_pages, parse_corpus, score_records,
)

REPO_ROOT = Path(__file__).resolve().parents[1]
CORPUS = find_corpus(REPO_ROOT)
pytestmark = pytest.mark.skipif(
    CORPUS is None, reason=f"no corpus at {default_corpus_path(REPO_ROOT)} (set $ARABNEWS_CORPUS)")

MIN_BODY_F1 = 0.95      # mean over pages with a ground-truth body
MIN_TITLE = 0.95        # share right, of pages with a title
MIN_DATE = 0.90         # share with the right publication day, of pages that state one
MIN_DATELINE = 0.85     # share right, of pages with a dateline
MIN_ARABSTODAY_PR = 0.90  # body precision and recall on each arabstoday.net page

# Page furniture that must never reach an arabstoday.net body: comment form labels,
# the site clock, the footer credit.
ARABSTODAY_JUNK = ("البريد الألكتروني", "عنوان التعليق", "Security Code", "شروط الاستخدام",
                   "آخر تحديث", "Maintained and developed by")


@pytest.fixture(scope="module")
def corpus():
    """(rows, records, truths) keyed by file: score rows, our extractions, the ground truth."""
    pages = load_pages(CORPUS)
    records = parse_corpus(CORPUS, pages)
    rows = score_records(CORPUS, records)
    return ({r["file"]: r for r in rows}, {r["file"]: r for r in records},
            {p.file: p.truth for p in pages})


def _body_line(row: dict) -> str:
    return f'F1={row["F1"]:.3f} P={row["P"]:.3f} R={row["R"]:.3f}  {row["file"]}'


def _worst_bodies(rows: dict, n: int = 10) -> str:
    return "\n".join(_body_line(r) for r in sorted(rows.values(), key=lambda r: r["F1"])[:n])


def _check_field(corpus, key: str, field: str, minimum: float) -> None:
    """Assert the share of right ``key`` (a score.py row column) is at least ``minimum``."""
    rows, records, truths = corpus
    judged = [r for r in rows.values() if r[key] is not None]
    if not judged:
        pytest.skip(f"no corpus page has a {field}")
    wrong = [r["file"] for r in judged if not r[key]]
    share = 1 - len(wrong) / len(judged)
    details = "\n".join(f"  {f}: got {records[f][field]!r}, want {truths[f].get(field)!r}" for f in wrong)
    assert share >= minimum, (
        f"{field} right on {len(judged) - len(wrong)}/{len(judged)} pages ({share:.1%}), "
        f"need {minimum:.0%}; wrong:\n{details}")


def test_body_f1(corpus):
    rows = corpus[0]
    mean = sum(r["F1"] for r in rows.values()) / len(rows)
    assert mean >= MIN_BODY_F1, (
        f"mean body F1 {mean:.4f} < {MIN_BODY_F1} over {len(rows)} pages; worst:\n{_worst_bodies(rows)}")


def test_title(corpus):
    _check_field(corpus, "title", "title", MIN_TITLE)


def test_published_day(corpus):
    _check_field(corpus, "date", "published", MIN_DATE)


def test_dateline(corpus):
    _check_field(corpus, "dateline", "dateline", MIN_DATELINE)


def test_arabstoday_body_is_only_the_story(corpus):
    """No comment form, site clock, footer credit or related-box headlines in the body:
    besides the labels, precision and recall must each reach 0.9 on every page."""
    rows, records, truths = corpus
    files = sorted(f for f in rows if f.startswith("arabstoday.net__"))
    if not files:
        pytest.skip("no arabstoday.net page in the corpus")
    tokens = load_metric(CORPUS).tokens

    def holds(text: str, phrase: str) -> bool:  # whole words, after the metric's normalisation
        return f' {" ".join(tokens(phrase))} ' in f' {" ".join(tokens(text))} '

    def surplus(text: str, other: str, n: int = 30) -> str:  # words of text not in other, in order
        left, out = Counter(tokens(other)), []
        for word in tokens(text):
            if left[word]:
                left[word] -= 1
            else:
                out.append(word)
        return " ".join(out[:n]) + (" ..." if len(out) > n else "")

    problems = []
    for f in files:
        row, body, truth_body = rows[f], records[f]["body"], truths[f].get("body") or ""
        junk = [p for p in ARABSTODAY_JUNK if holds(body, p) and not holds(truth_body, p)]
        if junk or row["P"] < MIN_ARABSTODAY_PR or row["R"] < MIN_ARABSTODAY_PR:
            problems.append(f"  {_body_line(row)}" + (f"\n    furniture: {', '.join(junk)}" if junk else "")
                            + f"\n    extra words: {surplus(body, truth_body)}"
                            + f"\n    missing words: {surplus(truth_body, body)}")
    assert not problems, (
        f"arabstoday.net bodies need no page furniture and P, R >= {MIN_ARABSTODAY_PR}:\n"
        + "\n".join(problems))
