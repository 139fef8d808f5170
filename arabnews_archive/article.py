"""The structured article: what the parser returns and what the archive stores."""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

# Bumped whenever a parser change can change any field; the archive re-parses
# stored pages whose article was made by an older version.
PARSER_VERSION = "3"


@dataclass(frozen=True, slots=True)
class Article:
    """One news article, parsed from one fetched page.

    ``paragraphs`` is the story text; ``body`` is the same joined by a blank line.
    Dates are timezone-aware when the page states a zone, naive otherwise.
    ``extraction`` names the path that produced the story (``main``, ``fallback``,
    ``json-ld``, or ``none`` when no story was found) and ``confidence`` (0 to 1) says how
    sure the parser is that ``paragraphs`` are the whole story and nothing else: low
    values mark the pages worth checking or re-parsing.
    ``story_id`` groups the wire copies and republications of one story across the archive
    (``None`` until the archive has compared it with the others, or when it is too short to).
    ``id`` is the archive's row id when the article came from a database.
    """

    url: str | None = None
    canonical_url: str | None = None
    title: str | None = None
    dateline: str | None = None
    published: datetime | None = None
    updated: datetime | None = None
    authors: tuple[str, ...] = ()
    # The news agencies the story credits (canonical names, `parse.credits.AGENCIES`), from its
    # dateline, credit lines and bylines: a wire copy names its source there.
    agencies: tuple[str, ...] = ()
    section: str | None = None
    tags: tuple[str, ...] = ()
    description: str | None = None
    image: str | None = None
    images: tuple[str, ...] = ()
    language: str | None = None
    site_name: str | None = None
    paragraphs: tuple[str, ...] = ()
    extraction: str | None = None
    confidence: float | None = None
    parser_version: str = PARSER_VERSION
    id: int | None = field(default=None, compare=False)
    story_id: int | None = field(default=None, compare=False)

    @property
    def body(self) -> str:
        return "\n\n".join(self.paragraphs)

    def replace(self, **changes: Any) -> "Article":
        return dataclasses.replace(self, **changes)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict: dates as ISO 8601 strings, sequences as lists."""
        out: dict[str, Any] = {}
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            if isinstance(value, datetime):
                value = value.isoformat()
            elif isinstance(value, tuple):
                value = list(value)
            out[f.name] = value
        out["body"] = self.body
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Article":
        """Inverse of :meth:`to_dict` (unknown keys, such as ``body``, are ignored)."""
        kwargs: dict[str, Any] = {}
        for f in dataclasses.fields(cls):
            if f.name not in data:
                continue
            value = data[f.name]
            if f.name in ("published", "updated") and isinstance(value, str):
                value = datetime.fromisoformat(value)
            elif isinstance(value, list):
                value = tuple(value)
            kwargs[f.name] = value
        return cls(**kwargs)
