"""The archive's tables as SQLAlchemy models; the schema itself is made by Alembic migrations."""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Any, Optional

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# Objects that migrations create for one backend's full-text search only; the models
# cannot describe them, so autogenerate must not propose dropping them.
FTS_TABLE = "articles_fts"
SEARCH_VECTOR_COLUMN = "search_vector"
SEARCH_VECTOR_INDEX = "ix_articles_search_vector"
# The fields an article is searched by, each a column of `articles` holding what the index
# holds for it (`text.index_text`), in this order in SQLite's FTS table and as weights
# A, B, C, D of PostgreSQL's tsvector (store/search_index.py).
SEARCH_FIELDS = ("search_title", "search_authors", "search_section", "search_body")
# PostgreSQL only, beside search_vector: a small vector (and GIN index) per field a query can
# name, so that `title:` is answered by an index, not by re-reading the whole vector of every
# article holding the word anywhere to see where it is.
FIELD_VECTORS = {"title": "title_vector", "author": "authors_vector", "section": "section_vector"}
# Each supported backend's INSERT, the one that has ON CONFLICT, by dialect name.
DIALECT_INSERT = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}
# An article is *doubtful* (worth checking, and re-parsing after a parser fix) when the
# parser found no story in its page (extraction "none") or is less sure than this that the
# body is the whole story and nothing else. A fallback extraction is not doubtful by itself:
# the parser's confidence already weighs it. Articles whose parser said neither (NULL: made
# before extraction was recorded) are unknown, never doubtful. The partial index
# `ix_articles_doubtful` is built for this value: changing it needs a migration.
DOUBTFUL_BELOW = 0.5
NO_STORY = "none"


def as_utc(value: datetime) -> datetime:
    """`value` in UTC; a naive value is taken to be UTC already."""
    return value.astimezone(timezone.utc) if value.tzinfo else value.replace(tzinfo=timezone.utc)


class UTCDateTime(sa.TypeDecorator[datetime]):
    """A timezone-aware UTC datetime on every backend.

    SQLite has no zone-aware type, so values are stored as naive UTC there; naive
    input is taken to be UTC already. Values always come back aware, in UTC.
    """

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: Optional[datetime], dialect: Dialect) -> Optional[datetime]:
        if value is None:
            return None
        value = as_utc(value)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Optional[datetime], dialect: Dialect) -> Optional[datetime]:
        if value is None:
            return None
        return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value.astimezone(timezone.utc)


class Base(DeclarativeBase):
    # Deterministic constraint names, so migrations can drop them on every backend.
    metadata = sa.MetaData(naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    })
    type_annotation_map = {datetime: UTCDateTime(), dict[str, Any]: sa.JSON(), list[Any]: sa.JSON()}


class Site(Base):
    __tablename__ = "sites"

    id: Mapped[int] = mapped_column(primary_key=True)
    host: Mapped[str] = mapped_column(sa.String(255), unique=True)
    name: Mapped[Optional[str]] = mapped_column(sa.Text)


class Body(Base):
    """One distinct response body, zlib-compressed, stored once however often it is fetched."""

    __tablename__ = "bodies"

    id: Mapped[int] = mapped_column(primary_key=True)
    content_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    size: Mapped[int]
    data: Mapped[bytes] = mapped_column(sa.LargeBinary)


class Fetch(Base):
    """One HTTP response (or failed attempt), kept forever."""

    __tablename__ = "fetches"

    id: Mapped[int] = mapped_column(primary_key=True)
    requested_url: Mapped[str] = mapped_column(sa.Text, index=True)
    final_url: Mapped[Optional[str]] = mapped_column(sa.Text)
    status: Mapped[Optional[int]]
    headers: Mapped[Optional[dict[str, Any]]]
    fetched_at: Mapped[datetime] = mapped_column(index=True)
    size: Mapped[Optional[int]]
    content_hash: Mapped[Optional[str]] = mapped_column(sa.String(64))
    body_id: Mapped[Optional[int]] = mapped_column(sa.ForeignKey("bodies.id"), index=True)
    redirects: Mapped[Optional[list[Any]]]
    not_modified: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    error: Mapped[Optional[str]] = mapped_column(sa.Text)
    # The request headers actually sent (User-Agent, conditional headers...), for WARC request records.
    request_headers: Mapped[Optional[dict[str, Any]]]


class ArticleRow(Base):
    """The current version of one article, keyed by its canonical URL.

    Dates are stored in UTC; ``*_tz_offset`` keeps the page's stated UTC offset in
    minutes (NULL when the page gave no zone) so the parser's value round-trips.
    """

    __tablename__ = "articles"
    __table_args__ = (sa.Index("ix_articles_site_section", "site_id", "section"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key_url: Mapped[str] = mapped_column(sa.Text, unique=True)
    url: Mapped[Optional[str]] = mapped_column(sa.Text)
    canonical_url: Mapped[Optional[str]] = mapped_column(sa.Text)
    title: Mapped[Optional[str]] = mapped_column(sa.Text)
    dateline: Mapped[Optional[str]] = mapped_column(sa.Text)
    published: Mapped[Optional[datetime]] = mapped_column(index=True)
    published_tz_offset: Mapped[Optional[int]]
    updated: Mapped[Optional[datetime]]
    updated_tz_offset: Mapped[Optional[int]]
    authors: Mapped[list[Any]]
    agencies: Mapped[list[Any]] = mapped_column(server_default="[]")
    section: Mapped[Optional[str]] = mapped_column(sa.Text)
    tags: Mapped[list[Any]]
    description: Mapped[Optional[str]] = mapped_column(sa.Text)
    image: Mapped[Optional[str]] = mapped_column(sa.Text)
    images: Mapped[list[Any]]
    language: Mapped[Optional[str]] = mapped_column(sa.String(35))
    site_name: Mapped[Optional[str]] = mapped_column(sa.Text)
    paragraphs: Mapped[list[Any]]
    # Which path produced the body (main, fallback, json-ld, none) and how sure the parser is.
    extraction: Mapped[Optional[str]] = mapped_column(sa.String(16))
    confidence: Mapped[Optional[float]] = mapped_column(sa.Double)
    parser_version: Mapped[str] = mapped_column(sa.String(32), index=True)
    fetch_id: Mapped[int] = mapped_column(sa.ForeignKey("fetches.id"), index=True)
    site_id: Mapped[int] = mapped_column(sa.ForeignKey("sites.id"))
    first_seen: Mapped[datetime]
    last_seen: Mapped[datetime]
    # What the search index holds for each field (store/search_index.py): as large as the
    # text, and needed only to index it, so never loaded with the article.
    search_title: Mapped[str] = mapped_column(sa.Text, server_default="", deferred=True)
    search_authors: Mapped[str] = mapped_column(sa.Text, server_default="", deferred=True)
    search_section: Mapped[str] = mapped_column(sa.Text, server_default="", deferred=True)
    search_body: Mapped[str] = mapped_column(sa.Text, server_default="", deferred=True)
    # The `text.SEARCH_ANALYZER_VERSION` the search fields were made by: `reparse` re-indexes the others.
    search_version: Mapped[int] = mapped_column(sa.SmallInteger, server_default="0", index=True)
    # The story (`stories.id`) the article is a copy of, and the `resemblance.RESEMBLANCE_VERSION`
    # that compared it (0: never compared, as articles stored before stories existed).
    # No foreign key: SQLite cannot add one to an existing table without rebuilding it.
    story_id: Mapped[Optional[int]] = mapped_column(index=True)
    story_version: Mapped[int] = mapped_column(sa.SmallInteger, server_default="0", index=True)


# Written with literal values, not bound parameters: a query uses a partial index only when
# its own condition visibly implies the index's, which SQLite checks term by term.
DOUBTFUL = sa.or_(
    ArticleRow.extraction == sa.literal_column(f"'{NO_STORY}'"),
    ArticleRow.confidence < sa.literal_column(repr(DOUBTFUL_BELOW)),
)
# Doubtful articles are few: listing, counting and re-parsing them reads this index, not the table.
sa.Index("ix_articles_doubtful", ArticleRow.id, sqlite_where=DOUBTFUL, postgresql_where=DOUBTFUL)


class PageWithoutArticle(Base):
    """A stored page that re-parse parsed and found no article of its own in, and why.

    Pages the crawler fetched as articles but found no story in are kept without an
    article; re-parse tries them again, and this row tells the next run that this
    parser version already did (only a new parser version, or ``--all``, tries again).
    """

    __tablename__ = "pages_without_article"

    fetch_id: Mapped[int] = mapped_column(sa.ForeignKey("fetches.id"), primary_key=True)
    parser_version: Mapped[str] = mapped_column(sa.String(32))
    reason: Mapped[Optional[str]] = mapped_column(sa.Text)


class ArticleRevision(Base):
    """A superseded version of an article, kept whole when a later fetch changed the story."""

    __tablename__ = "article_revisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(sa.ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    fetch_id: Mapped[int] = mapped_column(sa.ForeignKey("fetches.id"))
    data: Mapped[dict[str, Any]]
    superseded_at: Mapped[datetime]


def include_name(name: str | None, type_: str, parent_names: Any) -> bool:
    """Alembic hook: leave the SQLite FTS5 table and its shadow tables out of comparisons."""
    return not (type_ == "table" and name is not None and name.startswith(FTS_TABLE))


def include_object(obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any) -> bool:
    """Alembic hook: leave PostgreSQL's generated tsvector columns and their indexes out of comparisons."""
    vectors = (SEARCH_VECTOR_COLUMN, *FIELD_VECTORS.values())
    return not (
        (type_ == "column" and name in vectors)
        or (type_ == "index" and name in (SEARCH_VECTOR_INDEX, *(f"ix_articles_{v}" for v in FIELD_VECTORS.values())))
    )


class Story(Base):
    """One story: the articles that are copies of one text (wire copies, republications).

    Its members are the articles whose `story_id` is this id; the first source, the sites
    and agencies are read from them. Every compared article gets a story, alone at first.
    """

    __tablename__ = "stories"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime]


class StoryBand(Base):
    """One LSH key of an article's story text (`resemblance.band_keys`), with the day of its
    story time (published, else first seen; days since 1970): an article's candidates are
    the articles sharing a key within the window of days, read from this table's key."""

    __tablename__ = "story_bands"
    # The key is the row (no rowid beside it): a third of the size, and a lookup is one seek.
    __table_args__ = {"sqlite_with_rowid": False}

    band_key: Mapped[int] = mapped_column(sa.BigInteger, primary_key=True)
    day: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(sa.ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True,
                                            index=True)


class StoryText(Base):
    """An article's story text as its shingle hashes (`resemblance.pack_shingles`): what a
    later article is compared with exactly, read in one seek instead of shingling the
    candidate's paragraphs again."""

    __tablename__ = "story_texts"

    article_id: Mapped[int] = mapped_column(sa.ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True)
    shingles: Mapped[bytes] = mapped_column(sa.LargeBinary)


class Crawl(Base):
    """One crawl of a section, identified by its canonical seed URL: running it again resumes it."""

    __tablename__ = "crawls"

    id: Mapped[int] = mapped_column(primary_key=True)
    seed_url: Mapped[str] = mapped_column(sa.Text, unique=True)
    scope: Mapped[dict[str, Any]]
    settings: Mapped[dict[str, Any]]
    state: Mapped[str] = mapped_column(sa.String(16))
    started_at: Mapped[datetime]
    finished_at: Mapped[Optional[datetime]]


class FrontierRow(Base):
    """One URL of a crawl and how far it got.

    Claims go by `depth`, then `priority` (listings before feeds, sitemaps and articles),
    both in the claim index so workers never sort the whole frontier: a section is walked
    page by page, each page's articles before the page after next. A claimed row carries a
    lease: once `lease_expires_at` passes, the row is claimable again (its worker died).
    """

    __tablename__ = "frontier"
    __table_args__ = (
        sa.UniqueConstraint("crawl_id", "url", name="uq_frontier_crawl_id_url"),
        sa.Index("ix_frontier_claim", "crawl_id", "state", "depth", "priority", "id"),
        # Workers claim across crawls, and look up the hosts other workers hold.
        sa.Index("ix_frontier_queue", "state", "depth", "priority", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    crawl_id: Mapped[int] = mapped_column(sa.ForeignKey("crawls.id", ondelete="CASCADE"))
    url: Mapped[str] = mapped_column(sa.Text)
    host: Mapped[str] = mapped_column(sa.String(255))
    kind: Mapped[str] = mapped_column(sa.String(16))
    priority: Mapped[int] = mapped_column(sa.SmallInteger)
    state: Mapped[str] = mapped_column(sa.String(16))
    reason: Mapped[Optional[str]] = mapped_column(sa.Text)
    attempts: Mapped[int] = mapped_column(default=0, server_default="0")
    depth: Mapped[int] = mapped_column(default=0, server_default="0")
    discovered_from: Mapped[Optional[str]] = mapped_column(sa.Text)
    discovered_at: Mapped[datetime]
    etag: Mapped[Optional[str]] = mapped_column(sa.Text)
    last_modified: Mapped[Optional[str]] = mapped_column(sa.Text)
    fetch_id: Mapped[Optional[int]] = mapped_column(sa.ForeignKey("fetches.id"), index=True)
    next_attempt_at: Mapped[Optional[datetime]]
    lease_owner: Mapped[Optional[str]] = mapped_column(sa.String(64))
    lease_expires_at: Mapped[Optional[datetime]]
    updated_at: Mapped[Optional[datetime]]


class WatchSource(Base):
    """A listing page, feed or sitemap of a watched section, and when to visit it next.

    `interval` (seconds) adapts to what visits find, within the section's bounds; a visit
    claims the row with a lease, as the frontier does, so processes never visit it twice.
    """

    __tablename__ = "watch_sources"
    __table_args__ = (sa.UniqueConstraint("crawl_id", "url", name="uq_watch_sources_crawl_id_url"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    crawl_id: Mapped[int] = mapped_column(sa.ForeignKey("crawls.id", ondelete="CASCADE"))
    url: Mapped[str] = mapped_column(sa.Text)
    kind: Mapped[str] = mapped_column(sa.String(16))
    min_interval: Mapped[float] = mapped_column(sa.Double)
    max_interval: Mapped[float] = mapped_column(sa.Double)
    interval: Mapped[float] = mapped_column(sa.Double)
    next_visit: Mapped[datetime] = mapped_column(index=True)
    last_visit: Mapped[Optional[datetime]]
    last_new: Mapped[Optional[datetime]]  # the last visit that found a new article
    failures: Mapped[int] = mapped_column(default=0, server_default="0")  # in a row
    note: Mapped[Optional[str]] = mapped_column(sa.Text)  # what the last visit found
    content_hash: Mapped[Optional[str]] = mapped_column(sa.String(64))  # of the last body read
    lease_owner: Mapped[Optional[str]] = mapped_column(sa.String(64))
    lease_expires_at: Mapped[Optional[datetime]]


class CrawlHost(Base):
    """Per-host politeness shared by every worker: when the host may next be contacted
    (epoch seconds, wall clock, as the `Clock` gives them) and the delay last used."""

    __tablename__ = "crawl_hosts"

    host: Mapped[str] = mapped_column(sa.String(255), primary_key=True)
    next_allowed: Mapped[float] = mapped_column(sa.Double)
    crawl_delay: Mapped[Optional[float]] = mapped_column(sa.Double)


class CrawlRobots(Base):
    """One origin's robots.txt as fetched, shared by every worker until `expires` (epoch seconds).

    Keyed by origin (scheme://host:port), as RFC 9309 scopes the file, while
    `crawl_hosts` folds `www.` and scheme into one polite visitor per server.
    `status` is the HTTP status (NULL when no response), `error` the failure if any.
    """

    __tablename__ = "crawl_robots"

    origin: Mapped[str] = mapped_column(sa.String(300), primary_key=True)
    status: Mapped[Optional[int]]
    body: Mapped[Optional[str]] = mapped_column(sa.Text)
    error: Mapped[Optional[str]] = mapped_column(sa.Text)
    expires: Mapped[float] = mapped_column(sa.Double)
