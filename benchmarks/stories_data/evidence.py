"""The evidence behind the constants of `resemblance.py`, on the labelled set.

- The LSH S-curve: for the true pairs (each copy and its original), by exact Jaccard
  similarity s, the share that shares at least one key, beside 1 - (1 - s^ROWS)^BANDS, and
  the mean share of bands equal beside s^ROWS (how faithful the MinHash permutations are).
- The hardest negatives: the pairs of different stories most alike, with their
  (containment, Jaccard), against the thresholds.
- A replay of the rebuild's rule in memory (story-time order, candidates by shared keys
  within the window, the first confirmed, most keys shared first, gives the story) over a grid of thresholds, shingle
  sizes and bandings: pairwise precision and recall of each, as `evaluate.score` counts.
  Quick and not the real path: the figures that count are the stored ones.
"""
from __future__ import annotations

import contextlib
import itertools
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from rich.console import Console
from rich.table import Table

from arabnews_archive import resemblance as r
from arabnews_archive.store.stories import MAX_CANDIDATES, story_day
from benchmarks.stories_data.build import Item, StorySet
from benchmarks.stories_data.evaluate import score

BINS = (0.0, 0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.7, 1.01)


@contextlib.contextmanager
def constants(**values: object) -> Iterator[None]:
    """`resemblance`'s constants set to `values` for the block (the functions read them at call time)."""
    old = {name: getattr(r, name) for name in values}
    for name, value in values.items():
        setattr(r, name, value)
    r._minhash.cache_clear()
    r._persons.cache_clear()
    try:
        yield
    finally:
        for name, value in old.items():
            setattr(r, name, value)
        r._minhash.cache_clear()
        r._persons.cache_clear()


@dataclass
class Prepared:
    """Each item's fingerprint, and per item its candidates (earlier, within the window,
    top MAX_CANDIDATES by shared keys) with (containment, Jaccard) to each."""

    order: list[Item]
    fingerprints: list[r.Fingerprint]
    candidates: list[list[tuple[int, float, float, bool]]]  # (item, containment, Jaccard, numbers agree)


def prepare(items: list[Item]) -> Prepared:
    order = sorted((i for i in items if i.kind != "late"), key=lambda i: (i.published, i.url))
    prints = [r.fingerprint(i.paragraphs) for i in order]
    days = [story_day(i.published) for i in order]
    by_key: dict[int, list[int]] = defaultdict(list)
    candidates: list[list[tuple[int, float, float, bool]]] = []
    for n, found in enumerate(prints):
        if not found.comparable:
            candidates.append([])
            continue
        shared = Counter(m for key in found.bands for m in by_key.get(key, ())
                         if days[n] - days[m] <= r.WINDOW_DAYS)
        best = sorted(shared.items(), key=lambda item: (-item[1], item[0]))[:MAX_CANDIDATES]
        candidates.append([(m, *r.resemblance(found.shingles, prints[m].shingles),
                            r.numbers_agree(found.shingles, prints[m].shingles)) for m, _ in best])
        for key in found.bands:
            by_key[key].append(n)
    return Prepared(order, prints, candidates)


def replay(prepared: Prepared, min_containment: float, min_jaccard: float, numbers: bool = True) -> dict[str, int | None]:
    story: list[int | None] = []
    for n, found in enumerate(prepared.fingerprints):
        if not found.comparable:
            story.append(None)
            continue
        first = next((m for m, c, j, agree in prepared.candidates[n]
                      if c >= min_containment and j >= min_jaccard and (agree or not numbers)), None)
        story.append(n if first is None else story[first])
    return {item.url: s for item, s in zip(prepared.order, story)}


def s_curve(the_set: StorySet, console: Console) -> None:
    bases = {i.base: i for i in the_set.items if i.kind == "base"}
    rows: dict[int, list[float]] = defaultdict(lambda: [0, 0, 0.0, 0])
    for item in the_set.items:
        if item.kind in ("base", "late"):
            continue
        a, b = r.fingerprint(bases[item.base].paragraphs), r.fingerprint(item.paragraphs)
        if not (a.comparable and b.comparable):
            continue
        _, s = r.resemblance(a.shingles, b.shingles)
        at = next(k for k in range(len(BINS) - 1) if s < BINS[k + 1])
        equal = sum(x == y for x, y in zip(a.bands, b.bands))
        rows[at][0] += 1
        rows[at][1] += equal > 0
        rows[at][2] += equal / r.BANDS
        rows[at][3] += r.same_story(a.shingles, b.shingles)
    table = Table(title=f"LSH S-curve on true pairs (copy, original): {r.BANDS} bands × {r.ROWS} rows")
    for column in ("Jaccard s", "pairs", "share a key", "1-(1-s^r)^b", "bands equal", "s^r", "confirmed"):
        table.add_column(column, justify="right")
    for at in sorted(rows):
        pairs, keyed, equal, confirmed = rows[at]
        mid = (BINS[at] + min(BINS[at + 1], 1.0)) / 2
        table.add_row(f"{BINS[at]:.2f}-{min(BINS[at + 1], 1.0):.2f}", str(pairs), f"{keyed / pairs:.3f}",
                      f"{1 - (1 - mid ** r.ROWS) ** r.BANDS:.3f}", f"{equal / pairs:.3f}", f"{mid ** r.ROWS:.3f}",
                      f"{confirmed / pairs:.3f}")
    console.print(table)


def hardest_negatives(the_set: StorySet, console: Console, top: int = 15) -> None:
    bases = {i.base: i for i in the_set.items if i.kind == "base"}
    shingles = {key: r.story_shingles(item.paragraphs) for key, item in bases.items()}
    rows = []
    for a, b, kind in the_set.negatives:
        c, j = r.resemblance(shingles[a], shingles[b])
        rows.append((c, j, kind, a, b, len(shingles[a]), len(shingles[b])))
    table = Table(title=f"hardest negatives (of {len(rows)}): MIN_CONTAINMENT={r.MIN_CONTAINMENT} "
                        f"MIN_JACCARD={r.MIN_JACCARD}")
    for column in ("containment", "Jaccard", "kind", "a", "b", "shingles"):
        table.add_column(column)
    for c, j, kind, a, b, na, nb in sorted(rows, reverse=True)[:top]:
        table.add_row(f"{c:.2f}", f"{j:.2f}", kind, a, b, f"{na}/{nb}")
    console.print(table)


def numbers(the_set: StorySet, console: Console) -> None:
    """The share of the shorter text's numbered shingles the other holds, on the pairs where
    both hold MIN_NUMBER_SHINGLES or more: copies and their originals, against negatives."""
    bases = {i.base: i for i in the_set.items if i.kind == "base"}
    shingles = {key: r.story_shingles(item.paragraphs) for key, item in bases.items()}

    def share(a: frozenset[int], b: frozenset[int]) -> float | None:
        na, nb = {x for x in a if x & r.NUMBER_BIT}, {x for x in b if x & r.NUMBER_BIT}
        if min(len(na), len(nb)) < r.MIN_NUMBER_SHINGLES:
            return None
        return len(na & nb) / min(len(na), len(nb))

    positives = [share(shingles[i.base], r.story_shingles(i.paragraphs)) for i in the_set.items
                 if i.kind not in ("base", "late")]
    real = [share(shingles[a], shingles[b]) for a, b in itertools.combinations(bases, 2)
            if bases[a].truth == bases[b].truth]
    negatives = [(share(shingles[a], shingles[b]), kind, a, b) for a, b, kind in the_set.negatives]
    table = Table(title=f"numbered shingles: share of the shorter's in the other (both ≥ {r.MIN_NUMBER_SHINGLES}); "
                        f"MIN_NUMBER_CONTAINMENT={r.MIN_NUMBER_CONTAINMENT}")
    for column in ("pairs", "with numbers", "< 0.2", "0.2-0.4", "0.4-0.6", "0.6-0.8", "≥ 0.8"):
        table.add_column(column, justify="right")
    for name, values in (("copy, original", positives), ("real copies (corpus)", real),
                         ("hard negatives", [v for v, *_ in negatives])):
        known = [v for v in values if v is not None]
        bins = Counter(min(int(v / 0.2), 4) for v in known)
        table.add_row(name, str(len(known)), *(str(bins[k]) for k in range(5)))
    console.print(table)
    words_alike = [(v, kind, a, b) for v, kind, a, b in negatives if v is not None
                   and r.resemblance(shingles[a], shingles[b])[0] >= r.MIN_CONTAINMENT
                   and r.resemblance(shingles[a], shingles[b])[1] >= r.MIN_JACCARD]
    console.print("negatives alike enough in words, told apart (or not) by their numbers: "
                  + ("; ".join(f"{a} + {b} ({kind}): {v:.2f}" for v, kind, a, b in sorted(words_alike)) or "none"))


def sweep(the_set: StorySet, console: Console) -> None:
    settings = [dict(SHINGLE_WORDS=w, BANDS=b, ROWS=rows) for w in (2, 3, 4) for b, rows in ((32, 2),)]
    settings += [dict(SHINGLE_WORDS=3, BANDS=b, ROWS=rows) for b, rows in ((16, 2), (16, 4), (20, 3), (64, 2))]
    grid = list(itertools.product((0.3, 0.4, 0.5, 0.6, 0.7), (0.05, 0.1, 0.15, 0.2, 0.3)))
    table = Table(title="replayed rule: precision / recall (F1) by thresholds")
    table.add_column("shingles, bands×rows")
    table.add_column("containment ≥")
    for jaccard in sorted({j for _, j in grid}):
        table.add_column(f"Jaccard ≥ {jaccard}")
    for setting in settings:
        with constants(**setting):
            prepared = prepare(the_set.items)
            for containment in sorted({c for c, _ in grid}):
                cells = []
                for jaccard in sorted({j for _, j in grid}):
                    f = score(the_set, replay(prepared, containment, jaccard))
                    cells.append(f"{f.precision:.3f}/{f.recall:.3f} ({f.f1:.3f})")
                table.add_row(f"{setting['SHINGLE_WORDS']} words, {setting['BANDS']}×{setting['ROWS']}",
                              str(containment), *cells)
            if setting == settings[0] or setting == dict(SHINGLE_WORDS=3, BANDS=32, ROWS=2):
                cells = []
                for jaccard in sorted({j for _, j in grid}):
                    f = score(the_set, replay(prepared, r.MIN_CONTAINMENT, jaccard, numbers=False))
                    cells.append(f"{f.precision:.3f}/{f.recall:.3f} ({f.f1:.3f})")
                table.add_row(f"{setting['SHINGLE_WORDS']} words, {setting['BANDS']}×{setting['ROWS']}, numbers ignored",
                              str(r.MIN_CONTAINMENT), *cells)
    console.print(table)


def report(the_set: StorySet, console: Console) -> None:
    s_curve(the_set, console)
    hardest_negatives(the_set, console)
    numbers(the_set, console)
    sweep(the_set, console)
