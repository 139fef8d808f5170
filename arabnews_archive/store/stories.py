"""Placing an article in its story as it is written: the incremental half of stories
(`story_rebuild` is the other: every article again, from scratch).

An article's candidates are the articles sharing one of its LSH keys within
`WINDOW_DAYS` of its story time (published, else first seen), read from `story_bands`
by key: a few index seeks whatever the archive's size. The first candidate the exact
comparison confirms, in order of keys shared, gives its story; with none, the article
starts a story of its own.
Each article is in at most one story, and stays in it until its text changes.

Writers must not place two copies of one story at once, each blind to the other's
uncommitted row: SQLite has one writer at a time already, and on PostgreSQL a
transaction-scoped advisory lock makes placing (a few milliseconds) take turns; it is
taken last in the page's transaction, so it is held only until that commits.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

import sqlalchemy as sa
from sqlalchemy.orm import Session

from arabnews_archive.resemblance import (
    BANDS, RESEMBLANCE_VERSION, WINDOW_DAYS, Fingerprint, fingerprint, pack_shingles, same_story, unpack_shingles,
)
from arabnews_archive.store.models import ArticleRow, Story, StoryBand, StoryText, as_utc

# The most candidates compared exactly, those sharing the most keys first: a text that
# shares keys with hundreds of articles (a template the parser left in) costs no more.
MAX_CANDIDATES = 20
# pg_advisory_xact_lock's key for placing stories: any constant no other lock of the archive uses.
PLACING_LOCK = 0x5354_4f52  # "STOR"
_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
# A story's time, and each article's in it, in SQL: published, else first seen (an undated page).
STORY_TIME = sa.func.coalesce(ArticleRow.published, ArticleRow.first_seen)

_ARTICLES, _BANDS, _STORIES, _TEXTS = ArticleRow.__table__, StoryBand.__table__, Story.__table__, StoryText.__table__
_SHARED = (
    sa.select(_BANDS.c.article_id, sa.func.count().label("shared"))
    # One parameter per band, not an expanding list: the statement is compiled once.
    .where(_BANDS.c.band_key.in_([sa.bindparam(f"key{band}") for band in range(BANDS)]),
           _BANDS.c.day.between(sa.bindparam("first_day"), sa.bindparam("last_day")),
           _BANDS.c.article_id != sa.bindparam("article_id"))
    .group_by(_BANDS.c.article_id)
    .order_by(sa.func.count().desc(), _BANDS.c.article_id)
    .limit(MAX_CANDIDATES)
    .subquery()
)
# The candidates with their story and shingles, likeliest copies first: one query.
_CANDIDATES = (
    sa.select(_ARTICLES.c.story_id, _TEXTS.c.shingles)
    .select_from(_SHARED)
    .join(_ARTICLES, _ARTICLES.c.id == _SHARED.c.article_id)
    .join(_TEXTS, _TEXTS.c.article_id == _SHARED.c.article_id)
    .where(_ARTICLES.c.story_id.is_not(None))
    .order_by(_SHARED.c.shared.desc(), _SHARED.c.article_id)
)
_ADD_TEXT = sa.insert(_TEXTS)
_FORGET_TEXT = sa.delete(_TEXTS).where(_TEXTS.c.article_id == sa.bindparam("article_id"))
_NEW_STORY = sa.insert(_STORIES).returning(_STORIES.c.id)
# An article's keys in one statement of `BANDS` rows, compiled once: one round trip to a
# server, where a row at a time is one each.
_ADD_BANDS = sa.insert(_BANDS).values([
    {"band_key": sa.bindparam(f"key{band}"), "day": sa.bindparam("day"), "article_id": sa.bindparam("article_id")}
    for band in range(BANDS)
])
_FORGET_BANDS = sa.delete(_BANDS).where(_BANDS.c.article_id == sa.bindparam("article_id"))
_DROP_IF_EMPTY = sa.delete(_STORIES).where(
    _STORIES.c.id == sa.bindparam("story_id"),
    ~sa.exists().where(_ARTICLES.c.story_id == sa.bindparam("story_id")),
)


@dataclass(frozen=True)
class Placement:
    """Where an article goes: its story (None when its text is too short to compare), and
    what to remember of it for the articles after it."""

    story_id: int | None
    fingerprint: Fingerprint | None
    day: int

    @property
    def columns(self) -> dict[str, int | None]:
        """The article row's story columns."""
        return {"story_id": self.story_id, "story_version": RESEMBLANCE_VERSION}


def story_day(moment: datetime) -> int:
    """Days since 1970 (UTC) of a story time; a naive time is taken to be UTC."""
    return (as_utc(moment) - _EPOCH).days


def place_story(session: Session, paragraphs: tuple[str, ...] | list[str], moment: datetime,
                article_id: int | None = None, found: Fingerprint | None = None) -> Placement:
    """The story an article with this text and story time joins (creating one when it has
    no copy in the archive), for the article `article_id` (None: not written yet); `found`:
    the text's fingerprint when it was made already (by a parser process)."""
    day = story_day(moment)
    found = found or fingerprint(paragraphs)
    if not found.comparable:
        return Placement(None, None, day)
    if session.get_bind().dialect.name == "postgresql":
        session.execute(sa.select(sa.func.pg_advisory_xact_lock(PLACING_LOCK)))
    story_id = _first_copy(session, found, day, article_id)
    if story_id is None:
        story_id = session.connection().execute(_NEW_STORY, {"created_at": datetime.now(timezone.utc)}).scalar_one()
    return Placement(story_id, found, day)


def _first_copy(session: Session, found: Fingerprint, day: int, article_id: int | None) -> int | None:
    """The story of the first candidate the exact comparison confirms, those sharing the
    most keys (the likeliest copies) first: a copy's shingles are unpacked and compared
    once, and only a text alike to many others but a copy of none compares them all."""
    candidates = session.connection().execute(_CANDIDATES, {
        **{f"key{band}": key for band, key in enumerate(found.bands)},
        "first_day": day - WINDOW_DAYS, "last_day": day + WINDOW_DAYS,
        "article_id": article_id if article_id is not None else -1,
    })
    return next((story for story, shingles in candidates if same_story(found.shingles, unpack_shingles(shingles))),
                None)


def remember(session: Session, article_id: int, placement: Placement) -> None:
    """Keep a new article's LSH keys and shingles, so that later copies find it."""
    if placement.fingerprint is not None:
        session.connection().execute(_ADD_BANDS, {
            **{f"key{band}": key for band, key in enumerate(placement.fingerprint.bands)},
            "day": placement.day, "article_id": article_id,
        })
        session.connection().execute(_ADD_TEXT, {"article_id": article_id, "shingles": pack_shingles(placement.fingerprint.shingles)})


def replace(session: Session, article_id: int, placement: Placement, previous_story: int | None) -> None:
    """Keep an article's LSH keys and shingles in place of those of its former text, once its
    row holds `placement`; its former story goes when no article is left in it."""
    session.execute(_FORGET_BANDS, {"article_id": article_id})
    session.execute(_FORGET_TEXT, {"article_id": article_id})
    remember(session, article_id, placement)
    if previous_story is not None and previous_story != placement.story_id:
        session.execute(_DROP_IF_EMPTY, {"story_id": previous_story})
