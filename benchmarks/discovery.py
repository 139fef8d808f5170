"""Article-link recall and precision of listing-page discovery on real listing pages.

Each file in benchmarks/annotations/ names a listing page of the corpus's sections/
folder, its original URL, its set (development or held-out) and, one a line, the
article links a person found on it (see benchmarks/annotations/README.md). The
page is read as the crawler reads it (`discover`, the page's own URL, site-wide
scope) and every article URL it returns is compared with the annotation.

    python benchmarks/discovery.py                # per page, then per set
    python benchmarks/discovery.py --misses       # also list what development pages missed or took wrongly
    python benchmarks/discovery.py --corpus DIR   # another corpus (needs sections/)
"""
from __future__ import annotations

import argparse
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from _corpus import REPO_ROOT, find_corpus

from arabnews_archive.crawl import canonicalize, discover

ANNOTATIONS = REPO_ROOT / "benchmarks" / "annotations"


@dataclass(frozen=True)
class Annotated:
    file: str  # the listing's file in sections/
    url: str
    held_out: bool
    articles: frozenset[str]  # canonical


def load_annotations(folder: Path = ANNOTATIONS) -> list[Annotated]:
    pages = []
    for path in sorted(folder.glob("*.txt")):
        header: dict[str, str] = {}
        articles = set()
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith("# ") and ":" in line:
                key, _, value = line[2:].partition(":")
                header[key.strip()] = value.strip()
            elif line.strip():
                articles.add(canonicalize(line.strip()))
        pages.append(Annotated(path.stem + ".html", header["listing"], header["set"] == "held-out",
                               frozenset(articles)))
    return pages


@dataclass(frozen=True)
class Score:
    page: Annotated
    found: frozenset[str]
    seconds: float

    @property
    def hits(self) -> int:
        return len(self.found & self.page.articles)

    @property
    def recall(self) -> float:
        return self.hits / len(self.page.articles) if self.page.articles else 1.0

    @property
    def precision(self) -> float:
        return self.hits / len(self.found) if self.found else 1.0


def score(page: Annotated, sections: Path) -> Score:
    html = (sections / page.file).read_bytes()
    start = time.perf_counter()
    found = discover(html, page.url)
    return Score(page, frozenset(found.articles + found.side_articles), time.perf_counter() - start)


def summary(name: str, scores: list[Score]) -> str:
    annotated = sum(len(s.page.articles) for s in scores)
    found = sum(len(s.found) for s in scores)
    hits = sum(s.hits for s in scores)
    mean_r = sum(s.recall for s in scores) / len(scores)
    mean_p = sum(s.precision for s in scores) / len(scores)
    return (f"{name:<10} {len(scores):>2} pages  links: recall {hits / annotated:.3f} precision "
            f"{hits / found if found else 1:.3f}  page mean: recall {mean_r:.3f} precision {mean_p:.3f}  "
            f"{1000 * sum(s.seconds for s in scores) / len(scores):.1f} ms/page")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, help="corpus folder (default: $ARABNEWS_CORPUS or ../shared/corpus)")
    parser.add_argument("--misses", action="store_true",
                        help="list missed and wrongly taken links of development pages (held-out pages stay unread)")
    args = parser.parse_args()
    corpus = args.corpus or find_corpus(REPO_ROOT)
    if corpus is None or not (corpus / "sections").is_dir():
        sys.exit("no corpus with a sections/ folder: pass --corpus DIR or set $ARABNEWS_CORPUS")
    scores = [score(page, corpus / "sections") for page in load_annotations()]
    print(f"{'page':<50} {'set':<4} {'links':>5} {'found':>5} {'recall':>6} {'prec':>6}")
    for s in scores:
        print(f"{s.page.file:<50} {'held' if s.page.held_out else 'dev':<4} {len(s.page.articles):>5} "
              f"{len(s.found):>5} {s.recall:>6.2f} {s.precision:>6.2f}")
        if args.misses and not s.page.held_out:
            for url in sorted(s.page.articles - s.found):
                print(f"    missed  {url}")
            for url in sorted(s.found - s.page.articles):
                print(f"    wrong   {url}")
    print()
    print(summary("dev", [s for s in scores if not s.page.held_out]))
    print(summary("held-out", [s for s in scores if s.page.held_out]))


if __name__ == "__main__":
    main()
