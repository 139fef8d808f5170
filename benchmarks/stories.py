"""Stories across sources: how right they are, and what they cost (run by hand; prints figures).

    python benchmarks/stories.py --quality             # the labelled set through the real write path
    python benchmarks/stories.py --quality --sweep     # and the thresholds' evidence
    python benchmarks/stories.py --scale 100000        # rebuild and per-article cost on N articles
    python benchmarks/stories.py --scale 100000 --postgres postgresql://postgres@127.0.0.1:5432/test
    python benchmarks/stories.py --quality --set MIN_NUMBER_SHINGLES=1000000   # another constant, tried

--quality: the test set (`benchmarks/stories_data`: fixture stories, and the development
corpus's real texts when it is there, with the copies newsrooms make of them and hard
negatives) is stored through `store.pages.store_page` -> `save_article`, one transaction
per page, in a shuffled arrival order, into a new SQLite archive; each article's
`story_id` is read back and scored pairwise (two articles are predicted one story when
they share a story id; truly, when they share a base). Then `rebuild_stories` groups the
same archive from scratch and is scored the same way. Per copy kind: the share of copies
in their original's story; per hard-negative kind: the pairs of different stories put in
one. --sweep adds the evidence behind the constants of `resemblance.py`: the LSH S-curve
(the share of true pairs sharing a key, against 1 - (1 - s^ROWS)^BANDS), the resemblance
of the hardest negatives, and precision and recall over a grid of thresholds, shingle
sizes and bandings (an in-memory replay of the rebuild's rule: quick, not the real path).

--scale N: N synthetic articles (300-600 words of sentences spliced from the corpus's
texts, or the fixtures', so most are unique; ~20 % copies of another within three days;
a year of dates), inserted in bulk (setup, not timed), then timed through the real
functions: `rebuild_stories` from scratch (wall time, peak memory, stories), and adding
one more article with `save_article`, with and without its story part (`place_story` +
`remember`, timed on their own), on SQLite and, with --postgres, on PostgreSQL.
"""
from __future__ import annotations

import argparse
import contextlib
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # this checkout's package first

from rich.console import Console  # noqa: E402
from rich.table import Table  # noqa: E402

from arabnews_archive import resemblance  # noqa: E402
from arabnews_archive.archive import Archive  # noqa: E402
from arabnews_archive.store.story_rebuild import rebuild_stories  # noqa: E402
from benchmarks.stories_data import evaluate  # noqa: E402
from benchmarks.stories_data.build import StorySet, story_set  # noqa: E402

console = Console(width=150)


def _constants() -> str:
    r = resemblance
    return (f"SHINGLE_WORDS={r.SHINGLE_WORDS} BANDS×ROWS={r.BANDS}×{r.ROWS} MIN_CONTAINMENT={r.MIN_CONTAINMENT} "
            f"MIN_JACCARD={r.MIN_JACCARD} MIN_NUMBER_SHINGLES={r.MIN_NUMBER_SHINGLES} "
            f"MIN_NUMBER_CONTAINMENT={r.MIN_NUMBER_CONTAINMENT} MIN_SHINGLES={r.MIN_SHINGLES} WINDOW_DAYS={r.WINDOW_DAYS} "
            f"RESEMBLANCE_VERSION={r.RESEMBLANCE_VERSION}")


def quality_table(title: str, rows: list[tuple[str, evaluate.Figures]]) -> None:
    table = Table(title=title)
    for column in ("run", "precision", "recall", "F1", "true pairs", "predicted", "correct", "too short"):
        table.add_column(column, justify="right" if column != "run" else "left")
    for name, f in rows:
        table.add_row(name, f"{f.precision:.3f}", f"{f.recall:.3f}", f"{f.f1:.3f}", str(f.true_pairs),
                      str(f.predicted_pairs), str(f.correct_pairs), str(f.too_short))
    console.print(table)
    kinds = Table(title="copies in their original's story, by kind of copy")
    kinds.add_column("kind")
    for name, _ in rows:
        kinds.add_column(name, justify="right")
    for kind in rows[0][1].joins_base:
        kinds.add_row(kind, *(f"{f.joins_base[kind][0]}/{f.joins_base[kind][1]}" for _, f in rows))
    console.print(kinds)
    negatives = Table(title="hard negatives: pairs of different stories put in one")
    negatives.add_column("kind")
    for name, _ in rows:
        negatives.add_column(name, justify="right")
    for kind in rows[0][1].merged:
        negatives.add_row(kind, *(f"{f.merged[kind][0]}/{f.merged[kind][1]}" for _, f in rows))
    negatives.add_row("late copy (10 days) kept apart", *(f"{f.late_apart[0]}/{f.late_apart[1]}" for _, f in rows))
    negatives.add_row("unsure pairs in one story (not scored)",
                      *(f"{f.unsure_merged[0]}/{f.unsure_merged[1]}" for _, f in rows))
    console.print(negatives)
    for name, f in rows:
        if f.merged_examples:
            console.print(f"[bold]{name}[/] merged: " + "; ".join(f"{a} + {b} ({k})" for k, a, b in f.merged_examples[:12]))
        if f.split_examples:
            console.print(f"[bold]{name}[/] copies apart from their original: "
                          + ", ".join(f"{k}:{b}" for k, b in f.split_examples[:25]))


def run_quality(args: argparse.Namespace) -> None:
    the_set = story_set(args.seed, corpus=not args.fixtures_only)
    sources = {i.source for i in the_set.items}
    console.print(f"test set: {len(the_set.items)} articles from {len({i.base for i in the_set.items})} bases "
                  f"({', '.join(sorted(sources))}); {len(the_set.negatives)} hard-negative pairs")
    console.print(_constants())
    rows = []
    with tempfile.TemporaryDirectory() as folder, Archive(str(Path(folder) / "quality.db")) as archive:
        started = time.perf_counter()
        evaluate.store_set(archive.database, evaluate.arrival_order(the_set.items, args.seed))
        stored = time.perf_counter() - started
        rows.append(("incremental", evaluate.score(the_set, evaluate.stories_of(archive.database))))
        started = time.perf_counter()
        rebuild_stories(archive.database)
        rebuilt = time.perf_counter() - started
        rows.append(("rebuild", evaluate.score(the_set, evaluate.stories_of(archive.database))))
    console.print(f"stored in {stored:.1f} s ({1000 * stored / len(the_set.items):.1f} ms a page), "
                  f"rebuilt in {rebuilt:.1f} s")
    quality_table("stories of the test set (pairwise)", rows)
    if args.sweep:
        from benchmarks.stories_data import evidence
        evidence.report(the_set, console)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quality", action="store_true", help="precision and recall on the labelled set")
    parser.add_argument("--sweep", action="store_true", help="with --quality: the thresholds' evidence")
    parser.add_argument("--fixtures-only", action="store_true", help="leave the corpus's texts out")
    parser.add_argument("--scale", type=int, nargs="?", const=100_000, default=None, metavar="N",
                        help="rebuild and per-article cost on N synthetic articles (default 100000)")
    parser.add_argument("--postgres", metavar="URL", help="also measure --scale on a new database on this server")
    parser.add_argument("--adds", type=int, default=300, help="articles added one by one for the per-article cost")
    parser.add_argument("--no-tracemalloc", dest="tracemalloc", action="store_false",
                        help="skip the second, traced rebuild (tracemalloc's peak)")
    parser.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                        help="run with a constant of resemblance.py set otherwise (repeatable)")
    parser.add_argument("--seed", type=int, default=17)
    args = parser.parse_args(argv)
    if not args.quality and args.scale is None:
        parser.error("say --quality and/or --scale [N]")
    from benchmarks.stories_data.evidence import constants
    changes = {}
    for setting in args.set:
        name, _, value = setting.partition("=")
        if not hasattr(resemblance, name):
            parser.error(f"resemblance.py has no {name}")
        if name in ("BANDS", "ROWS", "WINDOW_DAYS"):  # the store imported them by value: --sweep replays these
            parser.error(f"{name} is read by the store when it is imported: edit resemblance.py (or see --sweep)")
        changes[name] = type(getattr(resemblance, name))(value)
    with constants(**changes):
        if args.quality:
            run_quality(args)
        if args.scale is not None:
            from benchmarks.stories_data import scale
            scale.run(args, console)


if __name__ == "__main__":
    main()
