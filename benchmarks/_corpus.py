"""Shared helpers for benchmark scripts: finding and loading the development corpus.

Benchmarks run from a checkout (``.venv/bin/python benchmarks/NAME.py``), so the
repository root is put first on ``sys.path`` to import this checkout's package.
Loading and scoring live in :mod:`arabnews_archive.parse.evaluate`, which the
corpus regression test uses too; this module only adds the command-line side.
"""
from __future__ import annotations

import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

try:
    from arabnews_archive.parse import evaluate as _evaluate
except Exception:  # the package does not import (parser mid-edit): load the helper
    import importlib.util  # module alone so peers can still be benchmarked

    _spec = importlib.util.spec_from_file_location(
        "_arabnews_evaluate", REPO_ROOT / "arabnews_archive" / "parse" / "evaluate.py")
    _evaluate = sys.modules[_spec.name] = importlib.util.module_from_spec(_spec)
    _spec.loader.exec_module(_evaluate)

CORPUS_ENV = _evaluate.CORPUS_ENV
CorpusPage = _evaluate.CorpusPage
default_corpus_path = _evaluate.default_corpus_path
find_corpus = _evaluate.find_corpus
load_metric = _evaluate.load_metric
load_pages = _evaluate.load_pages
make_record = _evaluate.make_record
score_records = _evaluate.score_records

__all__ = ["REPO_ROOT", "CorpusPage", "corpus_or_exit", "load_metric", "load_pages",
           "make_record", "score_records"]


def corpus_or_exit(arg: str | Path | None = None) -> Path:
    """The corpus given on the command line, else ``$ARABNEWS_CORPUS``, else
    ``../shared/corpus`` beside the checkout; exits with a message when absent."""
    if arg:
        path = Path(arg)
        if (path / "articles").is_dir() and (path / "score.py").is_file():
            return path
        sys.exit(f"not a corpus (needs articles/ and score.py): {path}")
    path = find_corpus(REPO_ROOT)
    if path is None:
        sys.exit(f"no corpus at {default_corpus_path(REPO_ROOT)}; pass --corpus DIR or set ${CORPUS_ENV}")
    return path
