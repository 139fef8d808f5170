"""Stories from scratch: every article compared again (`arabnews stories --rebuild`), after
an upgrade that brought stories to an archive, or a change of the comparison.

Articles are read in order of story time (published, else first seen), so each one's
candidates are the articles before it: the same rule as placing one as it is stored,
with the LSH index in memory instead of in `story_bands`, holding only the last
`WINDOW_DAYS` of articles. Only the articles' shingles are written as they are read (a
function of each text alone); once every article is placed, one transaction replaces
every story, key and membership. Articles stored while this ran are left to be placed one
by one afterwards, as the archive stored them.
"""
from __future__ import annotations

from array import array
from collections import Counter, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone

import sqlalchemy as sa

from arabnews_archive.resemblance import (
    BANDS, RESEMBLANCE_VERSION, WINDOW_DAYS, Fingerprint, fingerprint, pack_shingles, same_story,
)
from arabnews_archive.store.database import Database
from arabnews_archive.store.models import DIALECT_INSERT, ArticleRow, Story, StoryBand, StoryText
from arabnews_archive.store.stories import MAX_CANDIDATES, STORY_TIME, PLACING_LOCK, place_story, replace, story_day

READ_BATCH = 500
WRITE_BATCH = 5000
Progress = Callable[[str, int, int], None]  # (phase, done, of)


@dataclass
class RebuildSummary:
    """What a rebuild found: articles compared, too short to compare, stories with more
    than one article, and the articles in them."""

    articles: int = 0
    too_short: int = 0
    stories: int = 0
    grouped: int = 0
    caught_up: int = 0


@dataclass
class _Window:
    """The in-memory LSH index of the last `WINDOW_DAYS` days of articles placed."""

    by_key: dict[int, set[int]] = field(default_factory=dict)
    placed: deque[tuple[int, int, Fingerprint]] = field(default_factory=deque)  # (day, id, fingerprint)
    shingles: dict[int, frozenset[int]] = field(default_factory=dict)

    def forget_before(self, day: int) -> None:
        while self.placed and self.placed[0][0] < day:
            _, article_id, found = self.placed.popleft()
            del self.shingles[article_id]
            for key in found.bands:
                holders = self.by_key[key]
                holders.discard(article_id)
                if not holders:
                    del self.by_key[key]

    def candidates(self, found: Fingerprint) -> list[int]:
        shared = Counter(i for key in found.bands for i in self.by_key.get(key, ()))
        return [i for i, _ in sorted(shared.items(), key=lambda item: (-item[1], item[0]))[:MAX_CANDIDATES]]

    def add(self, day: int, article_id: int, found: Fingerprint) -> None:
        self.placed.append((day, article_id, found))
        self.shingles[article_id] = found.shingles
        for key in found.bands:
            self.by_key.setdefault(key, set()).add(article_id)


@dataclass
class _Placed:
    """Every article placed, in flat arrays (8 bytes a number, where tuples of Python ints
    take 36): its id, the index of its story in `founders` (-1: too short), its day, and its
    keys, `BANDS` a row (none for a short one)."""

    ids: array = field(default_factory=lambda: array("q"))
    stories: array = field(default_factory=lambda: array("q"))
    days: array = field(default_factory=lambda: array("q"))
    keys: array = field(default_factory=lambda: array("q"))
    keyed: array = field(default_factory=lambda: array("b"))  # 1: the article has a row of keys

    def add(self, article_id: int, story: int, day: int, keys: tuple[int, ...]) -> None:
        self.ids.append(article_id)
        self.stories.append(story)
        self.days.append(day)
        self.keyed.append(1 if keys else 0)
        self.keys.extend(keys)


def rebuild_stories(database: Database, progress: Progress | None = None) -> RebuildSummary:
    """Group every article of the archive into stories again, from scratch."""
    summary = RebuildSummary()
    articles = _ARTICLES
    moment = STORY_TIME
    with database.reading() as session:
        total, newest = session.execute(sa.select(sa.func.count(), sa.func.max(articles.c.id))).one()
    placed = _Placed()
    story_of: dict[int, int] = {}  # article id -> index of its story in `founders`
    founders: list[int] = []
    window = _Window()
    last_moment: datetime | None = None
    last_id = 0
    while True:
        with database.reading() as session:
            page = session.execute(
                sa.select(articles.c.id, articles.c.paragraphs, moment.label("moment"))
                .where(articles.c.id <= (newest or 0))
                .where(sa.or_(moment > last_moment, sa.and_(moment == last_moment, articles.c.id > last_id))
                       if last_moment is not None else sa.true())
                .order_by(moment, articles.c.id).limit(READ_BATCH)
            ).all()
        texts = []
        for article_id, paragraphs, when in page:
            day = story_day(when)
            found = fingerprint(paragraphs)
            summary.articles += 1
            if not found.comparable:
                summary.too_short += 1
                placed.add(article_id, -1, day, ())
                continue
            window.forget_before(day - WINDOW_DAYS)
            # As `stories.place_story` does: the first candidate confirmed, most keys shared first.
            copy = next((other for other in window.candidates(found)
                         if same_story(found.shingles, window.shingles[other])), None)
            if copy is None:
                story_of[article_id] = len(founders)
                founders.append(article_id)
            else:
                story_of[article_id] = story_of[copy]
            window.add(day, article_id, found)
            placed.add(article_id, story_of[article_id], day, found.bands)
            texts.append({"article_id": article_id, "shingles": pack_shingles(found.shingles)})
        _keep_texts(database, texts)
        if progress:
            progress("compared", summary.articles, total)
        if len(page) < READ_BATCH:
            break
        last_id, last_moment = page[-1][0], page[-1][2]
    sizes = Counter(story_of.values())
    summary.stories = sum(1 for n in sizes.values() if n > 1)
    summary.grouped = sum(n for n in sizes.values() if n > 1)
    _write(database, placed, len(founders), newest or 0, progress)
    summary.caught_up = place_waiting(database, progress)
    return summary


def _keep_texts(database: Database, texts: list[dict[str, object]]) -> None:
    """Store the shingles of a page of articles as they are read: a function of each text
    alone, so written ahead of the stories, and not held in memory until then."""
    if not texts:
        return
    with database.writing() as session:
        insert = DIALECT_INSERT[database.dialect](_TEXTS)
        session.execute(insert.on_conflict_do_update(index_elements=["article_id"],
                                                     set_={"shingles": insert.excluded.shingles}), texts)


def _write(database: Database, placed: _Placed, stories: int, newest: int, progress: Progress | None) -> None:
    """Replace every story, key and membership in one transaction."""
    now = datetime.now(timezone.utc)
    with database.writing() as session:
        if database.dialect == "postgresql":
            session.execute(sa.select(sa.func.pg_advisory_xact_lock(PLACING_LOCK)))
        session.execute(sa.delete(_BANDS))
        session.execute(sa.delete(_STORIES))
        story_ids: list[int] = []
        for start in range(0, stories, WRITE_BATCH):
            story_ids += session.scalars(
                sa.insert(_STORIES).returning(_STORIES.c.id, sort_by_parameter_order=True),
                [{"created_at": now}] * min(WRITE_BATCH, stories - start),
            ).all()
        update = (sa.update(_ARTICLES).where(_ARTICLES.c.id == sa.bindparam("article_id"))
                  .values(story_id=sa.bindparam("story"), story_version=RESEMBLANCE_VERSION))
        key_row = 0
        for start in range(0, len(placed.ids), WRITE_BATCH):
            rows = range(start, min(start + WRITE_BATCH, len(placed.ids)))
            session.execute(update, [
                {"article_id": placed.ids[i], "story": story_ids[placed.stories[i]] if placed.stories[i] >= 0 else None}
                for i in rows
            ])
            bands = []
            for i in rows:
                if placed.keyed[i]:
                    bands += [{"band_key": key, "day": placed.days[i], "article_id": placed.ids[i]}
                              for key in placed.keys[key_row * BANDS:(key_row + 1) * BANDS]]
                    key_row += 1
            if bands:
                session.execute(sa.insert(_BANDS), bands)
            if progress:
                progress("written", rows.stop, len(placed.ids))
        # Shingles of articles too short now (a text that changed), and of articles gone.
        session.execute(sa.delete(_TEXTS).where(~sa.exists().where(_BANDS.c.article_id == _TEXTS.c.article_id)))
        # Stored while the rebuild read: placed one by one next, against the new stories.
        session.execute(sa.update(_ARTICLES).where(_ARTICLES.c.id > newest).values(story_id=None, story_version=0))


def waiting_count(session: sa.orm.Session) -> int:
    """Articles never compared by the current comparison (stored before stories existed, or
    under another `RESEMBLANCE_VERSION`)."""
    return session.scalar(sa.select(sa.func.count()).where(_ARTICLES.c.story_version != RESEMBLANCE_VERSION)) or 0


def place_waiting(database: Database, progress: Progress | None = None, batch: int = 200) -> int:
    """Place, one by one as the archive stores them, the articles not compared yet; returns how many."""
    done = 0
    with database.reading() as session:
        total = waiting_count(session)
    while True:
        with database.writing() as session:
            rows = session.scalars(
                sa.select(ArticleRow).where(ArticleRow.story_version != RESEMBLANCE_VERSION)
                .order_by(ArticleRow.id).limit(batch)
            ).all()
            for row in rows:
                placement = place_story(session, row.paragraphs, row.published or row.first_seen, row.id)
                previous = row.story_id
                row.story_id, row.story_version = placement.story_id, RESEMBLANCE_VERSION
                session.flush()
                replace(session, row.id, placement, previous)
        done += len(rows)
        if progress and rows:
            progress("placed", done, total)
        if len(rows) < batch:
            return done


_ARTICLES, _BANDS, _STORIES, _TEXTS = ArticleRow.__table__, StoryBand.__table__, Story.__table__, StoryText.__table__
