"""What a re-parse did: pages re-parsed, changes field by field, pages that became articles."""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from arabnews_archive.article import Article

_COMPARED = [f.name for f in dataclasses.fields(Article) if f.name not in ("id", "story_id", "parser_version")]
# Report labels where the field's name is not what people call it.
_LABELS = {"paragraphs": "body"}
_MAX_ERROR_SAMPLES = 10


@dataclass
class FieldChanges:
    changed: int = 0
    found: int = 0
    lost: int = 0


@dataclass
class ReparseSummary:
    """`pages` articles re-parsed (`fields`: what changed in them); `new_articles` made from
    stored pages that had none, `joined` such pages whose story an article already stored
    has (saved as that article's copy), `storyless` such pages still without a story;
    `reindexed` articles indexed for search again because the search analyzer changed."""

    pages: int = 0
    errors: int = 0
    fields: dict[str, FieldChanges] = field(default_factory=dict)
    error_samples: list[str] = field(default_factory=list)
    new_articles: int = 0
    joined: int = 0
    storyless: int = 0
    reindexed: int = 0

    @property
    def handled(self) -> int:
        """Items done without an error, articles and pages without one alike."""
        return self.pages + self.new_articles + self.joined + self.storyless

    def count(self, old: Article, new: Article) -> None:
        for name in _COMPARED:
            before, after = getattr(old, name), getattr(new, name)
            if before == after:
                continue
            changes = self.fields.setdefault(name, FieldChanges())
            if before in (None, "", ()):
                changes.found += 1
            elif after in (None, "", ()):
                changes.lost += 1
            else:
                changes.changed += 1

    def error(self, message: str) -> None:
        self.errors += 1
        if len(self.error_samples) < _MAX_ERROR_SAMPLES:
            self.error_samples.append(message)

    def lines(self) -> list[str]:
        """The report after the page count: one line per changed field, aligned
        ("body:       12 changed, 5 found, 0 lost"), then the pages that had no article."""
        labelled = sorted((_LABELS.get(name, name), c) for name, c in self.fields.items())
        width = max((len(label) for label, _ in labelled), default=0) + 1
        out = [f"{label + ':':<{width}} {c.changed} changed, {c.found} found, {c.lost} lost" for label, c in labelled]
        tried = self.new_articles + self.joined + self.storyless
        if tried:
            joined = f", {self.joined} joined an article already stored" if self.joined else ""
            out.append(f"new articles: {self.new_articles} (from {tried} stored page(s) without one; "
                       f"{self.storyless} still without a story{joined})")
        if self.reindexed:
            out.append(f"re-indexed for search: {self.reindexed} (made by an older search analyzer)")
        return out

    def add(self, other: ReparseSummary) -> None:
        """Fold another worker's summary into this one."""
        self.pages += other.pages
        self.new_articles += other.new_articles
        self.joined += other.joined
        self.storyless += other.storyless
        self.errors += other.errors
        self.error_samples.extend(other.error_samples[: _MAX_ERROR_SAMPLES - len(self.error_samples)])
        for name, changes in other.fields.items():
            total = self.fields.setdefault(name, FieldChanges())
            total.changed += changes.changed
            total.found += changes.found
            total.lost += changes.lost
