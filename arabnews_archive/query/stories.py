"""Reading stories: the articles grouped as copies of one text (`store.stories` groups them),
with who carried each story first, the sites that carried it and the agencies credited."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from arabnews_archive.article import Article
from arabnews_archive.fetch.hosts import site_host
from arabnews_archive.store.articles import to_article
from arabnews_archive.store.filters import DateLike, date_range
from arabnews_archive.store.models import ArticleRow, Site
from arabnews_archive.store.stories import STORY_TIME

# What a story listing shows per story (`Story.to_dict`).
STORY_COLUMNS = ("story", "articles", "sources", "first_published", "first_site", "title", "sites", "agencies",
                 "first_url")


@dataclass(frozen=True)
class Story:
    """One story: its articles, earliest first (published, else first seen), with the host of
    the site each came from (`hosts`, in the same order)."""

    id: int
    articles: tuple[Article, ...]
    hosts: tuple[str, ...]
    times: tuple[datetime, ...]

    @property
    def first(self) -> Article:
        """The first source: the article published earliest."""
        return self.articles[0]

    @property
    def sites(self) -> tuple[str, ...]:
        """The sites that carried the story, the first source's first."""
        return tuple(dict.fromkeys(self.hosts))

    @property
    def agencies(self) -> tuple[str, ...]:
        """Every agency any copy credits."""
        return tuple(dict.fromkeys(a for article in self.articles for a in article.agencies))

    def to_dict(self) -> dict[str, Any]:
        """One record of a listing (`STORY_COLUMNS`), the articles' ids, URLs and sites beside."""
        return {
            "story": self.id, "articles": len(self.articles), "sources": len(self.sites),
            "first_published": self.times[0].isoformat(), "first_site": self.hosts[0], "title": self.first.title,
            "sites": list(self.sites), "agencies": list(self.agencies), "first_url": self.first.url,
            "members": [{"id": a.id, "site": host, "published": when.isoformat(), "title": a.title, "url": a.url,
                         "agencies": list(a.agencies)}
                        for a, host, when in zip(self.articles, self.hosts, self.times)],
        }


def story_ids(session: Session, *, since: DateLike | None = None, until: DateLike | None = None,
              min_sources: int = 2, agency: str | None = None, site: str | None = None,
              limit: int | None = None) -> list[int]:
    """Stories carried by at least `min_sources` sites, newest first (by first publication):
    first published from `since` to `until`; one of whose copies credits `agency` (its
    canonical name); one of whose copies is from `site`."""
    where: list[ColumnElement[bool]] = [ArticleRow.story_id.is_not(None)]
    members = sa.select(ArticleRow.story_id).where(ArticleRow.story_id.is_not(None))
    if agency is not None:
        # The list is stored as JSON text with Arabic as is (store.database's serializer).
        where.append(ArticleRow.story_id.in_(members.where(sa.cast(ArticleRow.agencies, sa.Text).contains(f'"{agency}"'))))
    if site is not None:
        hosts = sa.select(Site.id).where(Site.host == site_host(site))
        where.append(ArticleRow.story_id.in_(members.where(ArticleRow.site_id.in_(hosts))))
    first = sa.func.min(STORY_TIME)
    statement = (
        sa.select(ArticleRow.story_id).where(*where).group_by(ArticleRow.story_id)
        .having(sa.func.count(sa.distinct(ArticleRow.site_id)) >= min_sources, *date_range(first, since, until))
        .order_by(first.desc(), ArticleRow.story_id.desc())
    )
    if limit is not None:
        statement = statement.limit(limit)
    return list(session.scalars(statement))


def load_stories(session: Session, ids: Sequence[int]) -> list[Story]:
    """The stories with these ids, in this order (an unknown id is left out)."""
    found: dict[int, list[tuple[datetime, int, Article, str]]] = {}
    rows = session.execute(
        sa.select(ArticleRow, Site.host, STORY_TIME).join(Site, Site.id == ArticleRow.site_id)
        .where(ArticleRow.story_id.in_(ids))
    )
    for row, host, when in rows:
        found.setdefault(row.story_id, []).append((when, row.id, to_article(row), host))
    stories = []
    for story_id in ids:
        if story_id in found:
            members = sorted(found[story_id], key=lambda m: (m[0], m[1]))
            stories.append(Story(story_id, tuple(m[2] for m in members), tuple(m[3] for m in members),
                                 tuple(m[0] for m in members)))
    return stories


def collapse(session: Session, ids: Sequence[int]) -> list[int]:
    """`ids` (search results, best first) with one article per story: the best ranked of each."""
    stories: dict[int, int | None] = {}
    for start in range(0, len(ids), 500):
        chunk = list(ids[start:start + 500])
        rows = session.execute(sa.select(ArticleRow.id, ArticleRow.story_id).where(ArticleRow.id.in_(chunk)))
        stories.update((article_id, story_id) for article_id, story_id in rows)
    seen: set[int] = set()
    kept = []
    for article_id in ids:
        story = stories.get(article_id)
        if story is None or story not in seen:
            kept.append(article_id)
            if story is not None:
                seen.add(story)
    return kept
