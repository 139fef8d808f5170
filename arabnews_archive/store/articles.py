"""Articles in the database: Article <-> row, upsert by canonical URL, revisions."""
from __future__ import annotations

import enum
from datetime import datetime, timedelta, timezone
from typing import Any, NamedTuple

import sqlalchemy as sa
from sqlalchemy.orm import Session

from arabnews_archive.article import Article
from arabnews_archive.fetch.hosts import site_host
from arabnews_archive.store.errors import absolute
from arabnews_archive.store.models import (
    DIALECT_INSERT, DOUBTFUL_BELOW, NO_STORY, ArticleRevision, ArticleRow, Site,
)
from arabnews_archive.resemblance import RESEMBLANCE_VERSION, Fingerprint
from arabnews_archive.store.search_index import indexed_fields, search_fields, update_index
from arabnews_archive.store.stories import place_story, remember, replace

# A later fetch that changes any of these is a new version of the story; the old one
# is kept as a revision. Other fields (tags, images...) are simply refreshed.
STORY_FIELDS = ("title", "paragraphs", "published", "updated")


class Saved(enum.Enum):
    NEW = "new"
    CHANGED = "changed"
    UNCHANGED = "unchanged"
    OLDER = "older"  # a copy older than the stored version: kept as history only


class Stored(NamedTuple):
    """What `save_article` did: the article's id, what happened, the story it is in now."""

    id: int
    saved: Saved
    story_id: int | None


def article_key(article: Article) -> str:
    """The URL an article is stored under: its canonical URL, else the page URL."""
    key = article.canonical_url or article.url
    if not key:
        raise ValueError("the article has no URL: give one (a canonical link or the page's address)")
    return key


def _split_date(value: datetime | None) -> tuple[datetime | None, int | None]:
    offset = value.utcoffset() if value is not None else None
    return value, None if offset is None else round(offset.total_seconds() / 60)


def _join_date(value: datetime | None, offset: int | None) -> datetime | None:
    if value is None:
        return None
    if offset is None:
        return value.replace(tzinfo=None)
    return value.astimezone(timezone(timedelta(minutes=offset)))


def to_article(row: ArticleRow) -> Article:
    """The Article a row holds, with its id."""
    return Article(
        url=row.url,
        canonical_url=row.canonical_url,
        title=row.title,
        dateline=row.dateline,
        published=_join_date(row.published, row.published_tz_offset),
        updated=_join_date(row.updated, row.updated_tz_offset),
        authors=tuple(row.authors),
        agencies=tuple(row.agencies or ()),
        section=row.section,
        tags=tuple(row.tags),
        description=row.description,
        image=row.image,
        images=tuple(row.images),
        language=row.language,
        site_name=row.site_name,
        paragraphs=tuple(row.paragraphs),
        extraction=row.extraction,
        confidence=row.confidence,
        parser_version=row.parser_version,
        id=row.id,
        story_id=row.story_id,
    )


def _row_values(article: Article) -> dict[str, Any]:
    published, published_offset = _split_date(article.published)
    updated, updated_offset = _split_date(article.updated)
    return {
        "url": article.url, "canonical_url": article.canonical_url, "title": article.title,
        "dateline": article.dateline, "published": published, "published_tz_offset": published_offset,
        "updated": updated, "updated_tz_offset": updated_offset, "authors": list(article.authors),
        "agencies": list(article.agencies), "section": article.section, "tags": list(article.tags), "description": article.description,
        "image": article.image, "images": list(article.images), "language": article.language,
        "site_name": article.site_name, "paragraphs": list(article.paragraphs),
        "extraction": article.extraction, "confidence": article.confidence,
        "parser_version": article.parser_version, **search_fields(article),
    }


def is_doubtful(article: Article) -> bool | None:
    """Whether the article is doubtful (see `DOUBTFUL_BELOW`); None when its parser did not say."""
    if article.extraction is None and article.confidence is None:
        return None
    return article.extraction == NO_STORY or (article.confidence is not None and article.confidence < DOUBTFUL_BELOW)


def story_changed(old: Article, new: Article) -> bool:
    return any(getattr(old, name) != getattr(new, name) for name in STORY_FIELDS)


# Built once: constructing a statement costs more than running it. New articles are
# inserted on the table (Core), without the ORM's unit of work.
_SITES = Site.__table__
_SITE_BY_HOST = sa.select(_SITES.c.id, _SITES.c.name).where(_SITES.c.host == sa.bindparam("host"))
# ON CONFLICT: another writer is creating the site at this moment (the first articles of a
# site stored by parallel workers); RETURNING then gives nothing, once that writer commits.
_INSERT_SITE = {
    name: insert(_SITES).on_conflict_do_nothing(index_elements=["host"]).returning(_SITES.c.id)
    for name, insert in DIALECT_INSERT.items()
}
_NAME_SITE = sa.update(_SITES).where(_SITES.c.id == sa.bindparam("site_id")).values(name=sa.bindparam("name"))
_ARTICLE_ID = sa.select(ArticleRow.__table__.c.id).where(ArticleRow.__table__.c.key_url == sa.bindparam("key"))
_INSERT_ARTICLE = sa.insert(ArticleRow.__table__).returning(ArticleRow.__table__.c.id)


def site_id(session: Session, url: str, name: str | None = None) -> int:
    """The id of the site `url` belongs to, created on first sight."""
    host = site_host(url)
    site = session.execute(_SITE_BY_HOST, {"host": host}).first()
    if site is None:
        created = session.scalar(_INSERT_SITE[session.get_bind().dialect.name], {"host": host, "name": name})
        if created is not None:
            return created
        site = session.execute(_SITE_BY_HOST, {"host": host}).one()
    if site.name is None and name:
        session.execute(_NAME_SITE, {"site_id": site.id, "name": name})
    return site.id


def _write(session: Session, row: ArticleRow, values: dict[str, Any], article: Article, *, placed: bool,
           story_text: Fingerprint | None = None) -> None:
    """Write `values` to a stored row, placing the article in its story again when its text
    may have moved it (`placed`: it was placed by the current comparison and its text and
    date are as they were) or it was never compared (`story_text`: as in `save_article`)."""
    old_index = indexed_fields(row)
    again = not placed or row.story_version != RESEMBLANCE_VERSION
    previous_story = row.story_id
    if again:
        moment = article.published or row.first_seen
        placement = place_story(session, article.paragraphs, moment, row.id, found=story_text)
        values = {**values, **placement.columns}
    for name, value in values.items():
        setattr(row, name, value)
    session.flush()
    update_index(session, row.id, old_index, values)
    if again:
        replace(session, row.id, placement, previous_story)


def _add_revision(session: Session, row: ArticleRow, article: Article, fetch_id: int, when: datetime) -> None:
    data = article.replace(id=None, story_id=None).to_dict()
    del data["id"], data["body"], data["story_id"]
    session.add(ArticleRevision(article_id=row.id, fetch_id=fetch_id, data=data, superseded_at=when))


def save_article(session: Session, article: Article, fetch_id: int, when: datetime,
                 story_text: Fingerprint | None = None) -> Stored:
    """Insert or update the article read from fetch `fetch_id`, fetched at `when`, and place
    it in its story (`store.stories`; `story_text`: its fingerprint, when a parser process
    made it); returns what happened. Its URLs must be absolute (`RelativeURL` otherwise).

    A newer fetch that changes the story keeps the previous version as a revision.
    A fetch older than the stored version (e.g. an old saved file imported late)
    only adds history: a revision if it differs, and an earlier `first_seen`.
    """
    key = absolute(article_key(article))
    if article.url:
        absolute(article.url)
    values = _row_values(article)
    # Most pages of a crawl are new articles: a look for the id alone, and the row is
    # loaded (to compare stories, keep revisions) only when there is one.
    known = session.scalar(_ARTICLE_ID, {"key": key})
    if known is None:
        placement = place_story(session, article.paragraphs, article.published or when, found=story_text)
        article_id = session.execute(_INSERT_ARTICLE, {
            **values, **placement.columns, "key_url": key, "fetch_id": fetch_id, "first_seen": when,
            "last_seen": when, "site_id": site_id(session, key, article.site_name),
        }).scalar_one()
        update_index(session, article_id, None, values)
        remember(session, article_id, placement)
        return Stored(article_id, Saved.NEW, placement.story_id)
    row = session.get_one(ArticleRow, known)
    current = to_article(row)
    changed = story_changed(current, article)
    if when < row.last_seen:
        if changed:
            _add_revision(session, row, article, fetch_id, row.last_seen)
        row.first_seen = min(row.first_seen, when)
        return Stored(row.id, Saved.OLDER, row.story_id)
    if changed:
        _add_revision(session, row, current, row.fetch_id, when)
    row.fetch_id, row.last_seen = fetch_id, when
    _write(session, row, values, article, placed=not changed, story_text=story_text)
    return Stored(row.id, Saved.CHANGED if changed else Saved.UNCHANGED, row.story_id)


def replace_parsed(session: Session, row: ArticleRow, article: Article, story_text: Fingerprint | None = None) -> None:
    """Overwrite a row with a re-parse of its own fetch (a parser fix, not a new story version);
    `story_text` as in `save_article`.

    The row moves to the re-parsed canonical URL unless another article already holds it.
    """
    key = article_key(article)
    if key != row.key_url and session.scalar(sa.select(ArticleRow.id).where(ArticleRow.key_url == key)) is None:
        row.key_url = key
    same_text = (tuple(row.paragraphs), _join_date(row.published, row.published_tz_offset)) == (
        article.paragraphs, article.published)
    _write(session, row, _row_values(article), article, placed=same_text, story_text=story_text)
