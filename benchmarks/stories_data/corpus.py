"""Real story texts from the development corpus, read at run time (never copied here).

`articles/*.json`: the hand-made truth's `body` (paragraphs split on blank lines), for the
pages that are articles. `wild/pages/*.json`: the silver reference (trafilatura's text, kept
there only where two extractors agree; lines as paragraphs). Where is the corpus:
$ARABNEWS_CORPUS, else ../shared/corpus beside the checkout (or beside the main checkout
when this is a git worktree further down).
"""
from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
CORPUS_ENV = "ARABNEWS_CORPUS"


@dataclass(frozen=True)
class CorpusText:
    key: str          # "articles/SITE__ID" or "wild/SITE__ID"
    site: str
    title: str
    paragraphs: tuple[str, ...]


def find_corpus() -> Path | None:
    """$ARABNEWS_CORPUS, else the first ../shared/corpus up from the checkout."""
    if os.environ.get(CORPUS_ENV):
        path = Path(os.environ[CORPUS_ENV])
        return path if (path / "articles").is_dir() else None
    for parent in REPO_ROOT.parents:
        path = parent / "shared" / "corpus"
        if (path / "articles").is_dir():
            return path
    return None


def _lines(text: str) -> tuple[str, ...]:
    return tuple(line for line in (re.sub(r"\s+", " ", raw).strip() for raw in text.splitlines()) if line)


def load_corpus(path: Path | None = None, min_words: int = 80) -> list[CorpusText]:
    """The corpus's story texts of at least `min_words` words, in a stable order."""
    path = path or find_corpus()
    if path is None:
        return []
    texts: list[CorpusText] = []
    for file in sorted((path / "articles").glob("*.json")):
        data = json.loads(file.read_text(encoding="utf-8"))
        if not data.get("body"):
            continue
        paragraphs = tuple(re.sub(r"\s+", " ", p).strip() for p in re.split(r"\n\s*\n", data["body"]) if p.strip())
        texts.append(CorpusText(f"articles/{file.stem}", data.get("site") or file.stem.split("__")[0],
                                data.get("title") or "", paragraphs))
    for file in sorted((path / "wild" / "pages").glob("*.json")):
        data = json.loads(file.read_text(encoding="utf-8"))
        paragraphs = _lines(data.get("trafilatura") or "")
        if paragraphs:
            texts.append(CorpusText(f"wild/{file.stem}", data.get("site") or file.stem.split("__")[0],
                                    paragraphs[0][:120], paragraphs))
    return [t for t in texts if sum(len(p.split()) for p in t.paragraphs) >= min_words]
