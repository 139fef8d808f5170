#!/usr/bin/env python3
"""Fields benchmark: title, published day, author and dateline against hand annotations,
scored with the corpus's own normalisation (its score.py's comparisons, imported).

    .venv/bin/python benchmarks/fields.py [--corpus DIR] [--annotations PATH]
        [--split dev|holdout|all] [--peers] [--per-page]

Two sets of pages: (a) the annotated corpus (``articles/``, truth beside each page) and
(b) wild pages (``wild/pages/`` of the corpus) annotated in a JSONL file, one row per page:
``file``, ``url``, ``split``, ``title``, ``published``, ``author``, ``dateline``. Only the
rows of ``--split`` are read (default dev: the holdout rows are kept back to check that the
work generalises). ``right/judged`` counts, as score.py does, the pages whose truth has a
value; ``spurious`` counts the pages whose truth has none but the tool gave one, which
score.py does not see and which costs as much (a wrong author is worse than none).
``--peers`` adds trafilatura (title, date, author; it has no dateline).
"""
from __future__ import annotations

import argparse
import json
import logging
import sys
import warnings
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any, Callable

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _corpus import (  # noqa: E402
    REPO_ROOT, CorpusPage, default_corpus_path, find_corpus, load_metric, load_pages, make_record,
)
from extraction import PROJECT, TOOLS, Unavailable  # noqa: E402

DEFAULT_ANNOTATIONS = REPO_ROOT / "benchmarks" / "annotations" / "wild_fields.jsonl"
FIELDS = ("title", "published", "author", "dateline")
PEERS = ("trafilatura",)
SPLITS = ("dev", "holdout", "all")


def corpus_pages(corpus: Path) -> list[CorpusPage]:
    """The annotated corpus's article pages (score.py leaves out those whose body is null)."""
    return [p for p in load_pages(corpus) if p.truth.get("body")]


def wild_pages(corpus: Path, annotations: Path, split: str) -> tuple[list[CorpusPage], int]:
    """The annotated wild pages of ``split`` and how many of their files are missing."""
    pages, missing = [], 0
    # Split on newlines only: str.splitlines() also splits on U+2028 and kin, which
    # annotators' quoted page text may hold inside a JSON string.
    for line in annotations.read_text(encoding="utf-8").split("\n"):
        if not line.strip():
            continue
        row = json.loads(line)
        if split != "all" and row.get("split") != split:
            continue
        path = corpus / "wild" / "pages" / row["file"]
        if not path.is_file():
            missing += 1
            continue
        pages.append(CorpusPage(row["file"], row.get("url"), path.read_bytes(), row))
    return pages, missing


def comparisons(metric: ModuleType) -> dict[str, Callable[[Any, Any], bool]]:
    """Each field's "same value" test (got, truth), all from score.py."""
    return {
        "title": metric.same_text,
        "published": lambda got, truth: metric.day(got) == metric.day(truth),
        "author": metric.same_people,
        "dateline": metric.same_dateline,
    }


@dataclass
class Tally:
    """One field's count: right of the pages whose truth has a value (score.py's count),
    and spurious of the pages whose truth has none (a value given where there is none)."""

    right: int = 0
    judged: int = 0
    spurious: int = 0
    empty_truth: int = 0

    def add(self, same: bool, got: Any, truth: Any) -> None:
        if truth:
            self.judged += 1
            self.right += same
        else:
            self.empty_truth += 1
            self.spurious += bool(got)


def run_tool(name: str, pages: list[CorpusPage]) -> tuple[list[dict[str, Any]], str]:
    """One record per page (make_record's format), or a note saying why the tool cannot run."""
    try:
        extract, to_fields = TOOLS[name]()
    except Unavailable as exc:
        return [], str(exc)
    records = []
    for page in pages:
        try:
            found = to_fields(extract(page.html, page.url))
        except Exception:  # a crash scores as an empty extraction
            found = {}
        found.pop("body", None)
        records.append(make_record(page.file, **found))
    return records, ""


def score(pages: list[CorpusPage], records: list[dict[str, Any]], metric: ModuleType,
          tool_has: tuple[str, ...]) -> tuple[dict[str, Tally], list[str]]:
    """Tallies per field, and the misses as printable lines (expected vs got)."""
    same = comparisons(metric)
    tallies = {f: Tally() for f in tool_has}
    misses = []
    for page, record in zip(pages, records):
        for f in tool_has:
            got, truth = record.get(f), page.truth.get(f)
            ok = same[f](got, truth) if truth else not got
            tallies[f].add(ok, got, truth)
            if not ok:
                misses.append(f"  {f:<9} {page.file}\n      expected {truth!r}\n      got      {got!r}")
    return tallies, misses


def report(label: str, pages: list[CorpusPage], metric: ModuleType, tools: list[str], per_page: bool) -> None:
    print(f"\n{label}: {len(pages)} pages")
    head = ("tool", *FIELDS)
    lines = [head]
    all_misses = {}
    for name in tools:
        records, note = run_tool(name, pages)
        if note:
            print(f"  skipped {name}: {note}")
            continue
        tool_has = FIELDS if name == PROJECT else FIELDS[:3]  # peers have no dateline
        tallies, all_misses[name] = score(pages, records, metric, tool_has)
        lines.append((name, *(f"{tallies[f].right}/{tallies[f].judged}" if f in tallies else "-" for f in FIELDS)))
        lines.append(("  spurious (truth none)",
                      *(f"{tallies[f].spurious}/{tallies[f].empty_truth}" if f in tallies else "-" for f in FIELDS)))
    widths = [max(len(row[i]) for row in lines) for i in range(len(head))]
    for i, row in enumerate(lines):
        print("  " + " | ".join(c.ljust(w) if j == 0 else c.rjust(w) for j, (c, w) in enumerate(zip(row, widths))))
        if i == 0:
            print("  " + "-+-".join("-" * w for w in widths))
    if per_page:
        for name, misses in all_misses.items():
            print(f"\n  == {name}: {len(misses)} misses")
            print("\n".join(misses))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", help="corpus directory (default: $ARABNEWS_CORPUS or ../shared/corpus)")
    ap.add_argument("--annotations", type=Path, default=DEFAULT_ANNOTATIONS,
                    help=f"JSONL of wild-page annotations (default: {DEFAULT_ANNOTATIONS.relative_to(REPO_ROOT)})")
    ap.add_argument("--split", choices=SPLITS, default="dev", help="which annotation rows to score (default dev)")
    ap.add_argument("--peers", action="store_true", help="score trafilatura on the same pages")
    ap.add_argument("--per-page", action="store_true", help="list each miss with expected and got")
    args = ap.parse_args(argv)

    corpus = Path(args.corpus) if args.corpus else find_corpus(REPO_ROOT)
    if corpus is None or not (corpus / "score.py").is_file():
        print(f"skipped: no corpus at {args.corpus or default_corpus_path(REPO_ROOT)}")
        return 0
    metric = load_metric(corpus)
    tools = [PROJECT, *PEERS] if args.peers else [PROJECT]
    warnings.simplefilter("ignore")       # peers' import-time and parse warnings
    logging.disable(logging.CRITICAL)     # peers log every odd page at WARNING
    if (corpus / "articles").is_dir():
        report(f"corpus {corpus / 'articles'}", corpus_pages(corpus), metric, tools, args.per_page)
    if not args.annotations.is_file():
        print(f"\nskipped wild pages: no annotations at {args.annotations}")
        return 0
    pages, missing = wild_pages(corpus, args.annotations, args.split)
    label = f"wild {args.annotations.name} split={args.split}"
    report(label + (f" ({missing} annotated files missing)" if missing else ""), pages, metric, tools, args.per_page)
    return 0


if __name__ == "__main__":
    sys.exit(main())
