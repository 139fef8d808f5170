"""Score the parser on a development corpus with the corpus's own metric.

A corpus is a directory holding ``articles/`` (``SITE__ID.html`` pages, each with
``SITE__ID.json`` ground truth) and ``score.py`` (the metric). Nothing here
re-implements the metric: the corpus's ``score.py`` is imported from the corpus
and fed extractions in its JSONL format, so the numbers are the corpus's numbers.

    >>> from arabnews_archive.parse.evaluate import evaluate
    >>> evaluate()                                    # doctest: +SKIP
    {'pages': 36, 'missing': 0, 'P': 0.97, 'R': 0.96, 'F1': 0.96, 'title': '35/36', ...}

or ``python -m arabnews_archive.parse.evaluate [CORPUS_DIR] [--per-page]``.

Shared by ``tests/test_corpus_regression.py`` and ``benchmarks/extraction.py``.
"""
from __future__ import annotations

import importlib.util
import json
import os
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from types import ModuleType
from typing import Any, Iterable, Sequence

CORPUS_ENV = "ARABNEWS_CORPUS"

__all__ = [
    "CORPUS_ENV", "CorpusPage", "WildPage", "check_wild", "default_corpus_path", "find_corpus",
    "load_metric", "load_pages", "make_record", "parse_corpus", "score_records", "evaluate",
]


@dataclass(frozen=True)
class CorpusPage:
    """One corpus page: ``file`` is the html file's name (what score.py matches on)."""

    file: str
    url: str | None
    html: bytes
    truth: dict[str, Any]


def default_corpus_path(repo_root: str | Path | None = None) -> Path:
    """Where the corpus is looked for: ``$ARABNEWS_CORPUS``, else ``../shared/corpus``
    relative to the repository root (by default the checkout holding this package)."""
    if os.environ.get(CORPUS_ENV):
        return Path(os.environ[CORPUS_ENV])
    root = Path(repo_root) if repo_root else Path(__file__).resolve().parents[2]
    return root.parent / "shared" / "corpus"


def find_corpus(repo_root: str | Path | None = None) -> Path | None:
    """The corpus directory, or None when absent (no ``articles/`` or no ``score.py``)."""
    path = default_corpus_path(repo_root)
    return path if (path / "articles").is_dir() and (path / "score.py").is_file() else None


_MODULES: dict[Path, ModuleType] = {}


def _load_module(path: Path) -> ModuleType:
    path = path.resolve()
    if path not in _MODULES:
        spec = importlib.util.spec_from_file_location(f"_corpus_{path.stem}_{len(_MODULES)}", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        _MODULES[path] = module
    return _MODULES[path]


def load_metric(corpus_dir: str | Path) -> ModuleType:
    """Import ``score.py`` from the corpus (``score(gt_dir, jsonl)``, ``summary(rows)``, ``tokens``...)."""
    return _load_module(Path(corpus_dir) / "score.py")


@dataclass(frozen=True)
class WildPage:
    """One wild page as ``wild/check.py`` scores it: recall of the words both peers kept,
    precision against the words either kept; ``extraction`` is the path that made the body."""

    file: str
    recall: float
    precision: float
    empty: bool
    extraction: str | None

    @property
    def collapsed(self) -> bool:
        return self.recall < 0.5


def check_wild(corpus_dir: str | Path) -> list[WildPage]:
    """Run ``parse_article`` on the corpus's wild pages and score each against their silver
    reference with ``wild/check.py``'s own functions; [] when the corpus has no wild pages."""
    from collections import Counter

    from arabnews_archive.parse import parse_article

    folder = Path(corpus_dir) / "wild"
    if not (folder / "check.py").is_file():
        return []
    check = _load_module(folder / "check.py")
    results = []
    for meta_path in sorted((folder / "pages").glob("*.json")):
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        article = parse_article((folder / "pages" / meta["file"]).read_bytes(), url=meta["url"])
        sure, any_peer = check.silver(meta)
        got = Counter(check.tokens(article.body))
        recall = sum((got & sure).values()) / max(1, sum(sure.values()))
        precision = sum((got & any_peer).values()) / sum(got.values()) if got else 0.0
        results.append(WildPage(meta["file"], recall, precision, not got, article.extraction))
    return results


def load_pages(corpus_dir: str | Path) -> list[CorpusPage]:
    """Every page that has ground truth, sorted by file name, html as the saved bytes.

    Pages whose ground-truth body is null (not articles) are included; score.py
    leaves them out of the scores.
    """
    pages = []
    for gt_path in sorted((Path(corpus_dir) / "articles").glob("*.json")):
        truth = json.loads(gt_path.read_text(encoding="utf-8"))
        file = Path(truth.get("file") or gt_path.stem + ".html").name
        html = (gt_path.parent / file).read_bytes()
        pages.append(CorpusPage(file, truth.get("url"), html, truth))
    return pages


def make_record(file: str, *, title: str | None = None, published: Any = None,
                author: str | Sequence[str] | None = None, dateline: str | None = None,
                body: str | None = None) -> dict[str, Any]:
    """One extraction in score.py's format; dates become ISO strings, author lists are
    joined with "، " (score.py compares author words, whatever joins them)."""
    if isinstance(published, date):  # datetime is a date too
        published = published.isoformat()
    if author is not None and not isinstance(author, str):
        author = "، ".join(a for a in author if a)
    return {"file": file, "title": title or None, "published": published or None,
            "author": author or None, "dateline": dateline or None, "body": body or ""}


def parse_corpus(corpus_dir: str | Path, pages: Iterable[CorpusPage] | None = None) -> list[dict[str, Any]]:
    """Run ``parse_article`` on every page (with its ground-truth URL); score.py records."""
    from arabnews_archive.parse import parse_article

    records = []
    for page in load_pages(corpus_dir) if pages is None else pages:
        try:
            art = parse_article(page.html, url=page.url)
        except Exception as exc:
            raise RuntimeError(f"parse_article failed on {page.file}: {exc!r}") from exc
        records.append(make_record(page.file, title=art.title, published=art.published,
                                   author=art.authors, dateline=art.dateline, body=art.body))
    return records


def score_records(corpus_dir: str | Path, records: Iterable[dict[str, Any]],
                  jsonl_path: str | Path | None = None) -> list[dict[str, Any]]:
    """Score records with the corpus's score.py: one row per scored page
    (file, P, R, F1, title, date, author, dateline, missing; None where the truth has no value).

    The records are written as JSONL to ``jsonl_path`` (kept) or to a temporary file.
    """
    metric = load_metric(corpus_dir)
    with tempfile.TemporaryDirectory(prefix="arabnews-eval-") as tmp:
        path = Path(jsonl_path) if jsonl_path else Path(tmp) / "extractions.jsonl"
        with path.open("w", encoding="utf-8") as out:
            for record in records:
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
        return metric.score(Path(corpus_dir) / "articles", path)


def evaluate(corpus_dir: str | Path | None = None) -> dict[str, Any]:
    """The parser's summary scores on the corpus (score.py's ``summary``): mean body
    P/R/F1 and right/total for title, date, author and dateline."""
    corpus = Path(corpus_dir) if corpus_dir else find_corpus()
    if corpus is None:
        raise FileNotFoundError(f"no corpus at {default_corpus_path()} (set ${CORPUS_ENV})")
    return load_metric(corpus).summary(score_records(corpus, parse_corpus(corpus)))


if __name__ == "__main__":
    import sys

    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    corpus = Path(args[0]) if args else find_corpus()
    if corpus is None:
        sys.exit(f"no corpus at {default_corpus_path()} (set ${CORPUS_ENV} or pass a directory)")
    rows = score_records(corpus, parse_corpus(corpus))
    if "--per-page" in sys.argv:
        for r in sorted(rows, key=lambda r: r["F1"]):
            print(f'{r["F1"]:.3f} P={r["P"]:.3f} R={r["R"]:.3f} title={r["title"]} date={r["date"]} '
                  f'author={r["author"]} dateline={r["dateline"]} {r["file"]}')
    print(json.dumps(load_metric(corpus).summary(rows), ensure_ascii=False))
