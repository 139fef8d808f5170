"""The archive's Python API: store pages, list, search, show, re-parse and export articles."""
from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import datetime, timezone
from itertools import islice
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Literal

import sqlalchemy as sa

import arabnews_archive.formats as formats
from arabnews_archive.archive_crawl import CrawlMethods
from arabnews_archive.article import PARSER_VERSION, Article
from arabnews_archive.fetch.result import FetchResult
from arabnews_archive.fetch.settings import FetchSettings
from arabnews_archive.parse import NotAnArticle
from arabnews_archive.query.counts import BUCKETS, Count, count_matches
from arabnews_archive.query.language import parse_query
from arabnews_archive.query.search import Order, count_term, search_ids
from arabnews_archive.query.snippets import SearchHit, with_snippets
from arabnews_archive.query.stories import Story, collapse, load_stories, story_ids
from arabnews_archive.parse.credits import AGENCIES, canonical_agency
from arabnews_archive.store import imports
from arabnews_archive.store.articles import is_doubtful, to_article
from arabnews_archive.store.database import display_url, inspect_database, open_database
from arabnews_archive.store.fetches import Headers, body_bytes
from arabnews_archive.store.filters import DateLike, article_filters
from arabnews_archive.store.models import DOUBTFUL, DOUBTFUL_BELOW, ArticleRevision, ArticleRow, Body, Fetch, Site
from arabnews_archive.store.pages import PageOutcome, store_page
from arabnews_archive.store.reparse import ReparseSummary, reparse
from arabnews_archive.store.errors import QueryError
from arabnews_archive.store.story_rebuild import RebuildSummary, rebuild_stories, waiting_count

if TYPE_CHECKING:
    import pandas

    from arabnews_archive.warc.export import ExportSummary
    from arabnews_archive.warc.importer import ImportSummary
    from arabnews_archive.warc.progress import ImportStatus

# Rows per query when iterating: large enough to be fast, small enough that memory
# stays flat however many articles there are.
PAGE_SIZE = 500

# The orders `articles()` lists in: "stored" (archive order, oldest stored first: the
# fastest, what exports use), "newest" or "oldest" published first (undated articles last).
Sort = Literal["stored", "newest", "oldest"]
SORTS: tuple[Sort, ...] = ("stored", "newest", "oldest")
# The formats `export()` writes besides WARC (`export_warc`): JSON Lines, CSV, one JSON array.
ExportFormat = Literal["nl", "csv", "json"]
# An article as one record of an export or a listing: its fields, the paragraphs as one `body`.
ARTICLE_COLUMNS = (
    "id", "url", "canonical_url", "title", "dateline", "published", "updated", "authors", "agencies", "section",
    "tags", "description", "image", "images", "language", "site_name", "extraction", "confidence",
    "parser_version", "story_id", "body",
)


@dataclass(frozen=True)
class Revision:
    """A superseded version of an article and the fetch it came from."""

    article: Article
    fetch_id: int
    fetched_at: datetime
    superseded_at: datetime


@dataclass(frozen=True)
class StoredPage:
    """The raw response an article was parsed from, as it was received."""

    fetch_id: int
    url: str | None
    fetched_at: datetime
    status: int | None
    headers: dict[str, str]
    body: bytes | None


@dataclass(frozen=True)
class Schema:
    """Where an archive's schema stands: its Alembic revision against this code's head.

    `state`: "current", "empty" (no tables yet), "outdated" (opening it upgrades it),
    "newer" (written by a newer arabnews: refused) or "foreign" (tables, but not arabnews's).
    """

    url: str
    revision: str | None
    head: str
    state: str

    MEANINGS = {
        "current": "up to date", "empty": "empty: any command that stores pages initialises it",
        "outdated": "opening it upgrades it", "newer": "newer than this arabnews: upgrade arabnews",
        "foreign": "not an arabnews database",
    }

    @property
    def meaning(self) -> str:
        return self.MEANINGS[self.state]

    def line(self) -> str:
        """One line for people; the URL without its password."""
        return f"{display_url(self.url)}: revision {self.revision or '(none)'}, head {self.head}: {self.meaning}"


__all__ = ["ARTICLE_COLUMNS", "Archive", "BUCKETS", "Count", "DOUBTFUL_BELOW", "NotAnArticle", "PageOutcome",
           "Revision", "Schema", "SearchHit", "SORTS", "Story", "StoredPage"]


class Archive(CrawlMethods):
    """An archive database: ``Archive()`` opens the default one; usable as a context manager.

    `db` is a SQLite file path or a ``postgresql://`` URL (default: ``$ARABNEWS_DB``, else the
    archive file in the user data folder). An empty database is set up and an older one
    upgraded. ``create=False`` opens only an archive that exists: a SQLite file that is not
    there raises :class:`ArchiveError` naming the path, where the default creates it (the
    command line's reading commands open archives so, so a mistyped path is never a new file).
    """

    def __init__(self, db: str | None = None, *, create: bool = True):
        self.database = open_database(db, create=create)

    @property
    def url(self) -> str:
        return self.database.url

    def close(self) -> None:
        self.database.close()

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- reading -------------------------------------------------------------------

    def articles(
        self, site: str | None = None, section: str | None = None,
        since: DateLike | None = None, until: DateLike | None = None,
        doubtful: bool = False, extraction: str | None = None, *,
        sort: Sort = "stored", limit: int | None = None,
    ) -> Iterator[Article]:
        """Every article matching the filters, fetched lazily page by page.

        `site` (host), `section` (as the site names it), `since`/`until` (published dates;
        a bare date is the whole day); `doubtful`: only the articles worth checking, those
        whose parser found no story or is less than `DOUBTFUL_BELOW` (0.5) sure of the body
        (see :meth:`is_doubtful`); `extraction`: only those whose body came from that path
        ("main", "fallback", ...). `sort`: "stored" (archive order, the default), "newest"
        or "oldest" published first (undated ones last); `limit`: at most that many.
        """
        if sort not in SORTS:
            raise ValueError(f"sort must be one of {', '.join(SORTS)}, not {sort!r}")
        if limit is not None and limit < 0:
            raise ValueError("limit must not be negative")
        pages = self._pages(article_filters(site, section, since, until, doubtful, extraction), sort,
                            PAGE_SIZE if limit is None else max(1, min(limit, PAGE_SIZE)))
        return pages if limit is None else islice(pages, limit)

    def _pages(self, filters: Sequence[Any], sort: Sort = "stored", size: int = PAGE_SIZE) -> Iterator[Article]:
        newest = sort == "newest"
        if sort == "stored":
            yield from self._walk(filters, size, newest=False, dated=False)
            return
        yield from self._walk([ArticleRow.published.is_not(None), *filters], size, newest=newest, dated=True)
        yield from self._walk([ArticleRow.published.is_(None), *filters], size, newest=newest, dated=False)

    def _walk(self, where: Sequence[Any], size: int, *, newest: bool, dated: bool) -> Iterator[Article]:
        """One keyset walk, a page per short read: by id, or by (published, id) when `dated`."""
        by_id = ArticleRow.id.desc() if newest else ArticleRow.id.asc()
        order = ((ArticleRow.published.desc() if newest else ArticleRow.published.asc()), by_id) if dated else (by_id,)
        last: tuple[datetime | None, int] | None = None
        while True:
            keyset: list[Any] = []
            if last is not None:
                published, last_id = last
                beyond = ArticleRow.id < last_id if newest else ArticleRow.id > last_id
                if dated:
                    later = ArticleRow.published < published if newest else ArticleRow.published > published
                    beyond = sa.or_(later, sa.and_(ArticleRow.published == published, beyond))
                keyset.append(beyond)
            with self.database.reading() as session:
                rows = list(session.scalars(sa.select(ArticleRow).where(*keyset, *where).order_by(*order).limit(size)))
                page = [to_article(row) for row in rows]
                last = (rows[-1].published, rows[-1].id) if rows else None
            yield from page
            if len(rows) < size:
                return

    def search(
        self, query: str, site: str | None = None, section: str | None = None,
        since: DateLike | None = None, until: DateLike | None = None, limit: int | None = None, *,
        sort: Order = "relevance", collapse_stories: bool = False,
    ) -> Iterator[SearchHit]:
        """Articles matching `query` (see docs/search.md), loaded lazily: most relevant first
        (a headline match above one in the text, then the newest), or `sort` "newest" or
        "oldest" first. Each is a :class:`SearchHit`: the Article, with the `snippet` that
        shows why it matched and the `highlights` in it. `collapse_stories`: one hit per story
        (its best ranked copy; see :meth:`stories`), not every wire copy of it.

        A query with nothing to search for, or too long, raises :class:`QueryError` at once.
        """
        parsed = parse_query(query)
        filters = article_filters(site, section, since, until)
        with self.database.reading() as session:
            if collapse_stories:
                ids = collapse(session, search_ids(session, parsed, filters, None, sort))[:limit]
            else:
                ids = search_ids(session, parsed, filters, limit, sort)
        return (hit for page in _pages_of(self._by_ids(ids)) for hit in with_snippets(page, parsed))

    def unmatched(
        self, query: str, site: str | None = None, section: str | None = None,
        since: DateLike | None = None, until: DateLike | None = None,
    ) -> list[str]:
        """The words (or phrases) of `query` that no article matches by themselves, with the
        filters: why a search found nothing (empty when each matches, only not together)."""
        filters = article_filters(site, section, since, until)
        with self.database.reading() as session:
            return [term.text for term in parse_query(query).terms if not count_term(session, term, filters)]

    def _by_ids(self, ids: list[int]) -> Iterator[Article]:
        for start in range(0, len(ids), PAGE_SIZE):
            chunk = ids[start:start + PAGE_SIZE]
            with self.database.reading() as session:
                rows = {row.id: row for row in session.scalars(sa.select(ArticleRow).where(ArticleRow.id.in_(chunk)))}
                page = [to_article(rows[i]) for i in chunk if i in rows]
            yield from page

    def _find(self, session: sa.orm.Session, url_or_id: int | str) -> ArticleRow | None:
        if isinstance(url_or_id, int) or url_or_id.isdigit():
            return session.get(ArticleRow, int(url_or_id))
        return session.scalars(
            sa.select(ArticleRow)
            .where(sa.or_(ArticleRow.key_url == url_or_id, ArticleRow.url == url_or_id,
                          ArticleRow.canonical_url == url_or_id))
            .order_by(ArticleRow.key_url != url_or_id, ArticleRow.id)
            .limit(1)
        ).first()

    def get(self, url_or_id: int | str) -> Article | None:
        """The article with this id, canonical URL or page URL, or None."""
        with self.database.reading() as session:
            row = self._find(session, url_or_id)
            return None if row is None else to_article(row)

    @staticmethod
    def is_doubtful(article: Article) -> bool | None:
        """Whether `article` is one `articles(doubtful=True)` lists; None when its parser did not say."""
        return is_doubtful(article)

    def revisions(self, url_or_id: int | str) -> list[Revision]:
        """Earlier versions of an article, oldest first (empty if it never changed or is unknown)."""
        with self.database.reading() as session:
            row = self._find(session, url_or_id)
            if row is None:
                return []
            found = session.execute(
                sa.select(ArticleRevision, Fetch.fetched_at)
                .join(Fetch, Fetch.id == ArticleRevision.fetch_id)
                .where(ArticleRevision.article_id == row.id)
                .order_by(Fetch.fetched_at, ArticleRevision.id)
            ).all()
            return [
                Revision(Article.from_dict(rev.data).replace(id=row.id), rev.fetch_id, fetched_at, rev.superseded_at)
                for rev, fetched_at in found
            ]

    def stored_page(self, url_or_id: int | str) -> StoredPage | None:
        """The raw page the article's current version was parsed from, or None for an unknown article."""
        with self.database.reading() as session:
            row = self._find(session, url_or_id)
            fetch = None if row is None else session.get(Fetch, row.fetch_id)
            if fetch is None:
                return None
            return StoredPage(fetch.id, fetch.final_url, fetch.fetched_at, fetch.status, dict(fetch.headers or {}),
                              body_bytes(session, fetch.id))

    def count(
        self, queries: str | Sequence[str] = (), *, by: str = "day", site: str | None = None,
        section: str | None = None, since: DateLike | None = None, until: DateLike | None = None,
        stories: bool = False,
    ) -> list[Count]:
        """How many articles match each query (see :meth:`search`) per bucket, beside the bucket's
        total: `by` "day", "week" (by its Monday), "month" (published, in UTC; undated articles in
        none), "site" or "section". Each :class:`Count` has bucket, query, matches, total, ratio;
        with no query, every article is counted (query None). `stories`: count stories, not
        articles (the copies of one story in a bucket count once; an article in no story counts
        as its own). Filters as in :meth:`articles`."""
        with self.database.reading() as session:
            return count_matches(session, [queries] if isinstance(queries, str) else list(queries), by,
                                 article_filters(site, section, since, until), stories=stories)

    # -- stories: the copies of one text across sites (store/stories.py) -------------------

    def stories(
        self, *, since: DateLike | None = None, until: DateLike | None = None, min_sources: int = 2,
        agency: str | None = None, site: str | None = None, limit: int | None = None,
    ) -> list[Story]:
        """Stories, newest first (by first publication): each a :class:`Story` with its articles
        earliest first (`first`: who carried it first), the `sites` that carried it and the
        `agencies` credited. `min_sources`: carried by at least that many sites; `since`/`until`:
        first published then (a bare date is the whole day); `agency`: one of its copies
        credits that agency (any spelling: "رويترز", "Reuters", "أ ف ب", "AFP"); `site`: one of
        its copies is from that site; `limit`: at most that many stories."""
        if min_sources < 1:
            raise ValueError("min_sources must be at least 1")
        if agency is not None:
            name = canonical_agency(agency)
            if name is None:
                raise QueryError(f"unknown agency {agency!r} (known: {', '.join(AGENCIES)})")
            agency = name
        with self.database.reading() as session:
            ids = story_ids(session, since=since, until=until, min_sources=min_sources, agency=agency, site=site,
                            limit=limit)
            return load_stories(session, ids)

    def story(self, url_or_id: int | str) -> Story | None:
        """The story of the article with this id or URL (its copies, earliest first), or None
        when the article is unknown or in no story (too short to compare, or not compared yet)."""
        with self.database.reading() as session:
            row = self._find(session, url_or_id)
            if row is None or row.story_id is None:
                return None
            found = load_stories(session, [row.story_id])
            return found[0] if found else None

    def rebuild_stories(self, progress: Callable[[str, int, int], None] | None = None) -> RebuildSummary:
        """Group every article into stories again, from scratch (`stories --rebuild`): after
        an upgrade brought stories to an archive of older articles, or after the comparison
        changed. `progress` is called with (phase, done, of)."""
        return rebuild_stories(self.database, progress)

    # -- writing: every page goes through `store.pages.store_page` ---------------------

    def add_html(
        self, url: str, html: bytes | str, headers: Headers | None = None, fetched_at: datetime | None = None,
    ) -> Article:
        """Store a page fetched from `url` and its article; returns the article with its id.

        The page is kept whatever it holds, as on every path into the archive; one that holds
        no article (no story, a listing page, not HTML: `parse.read_article`) gets none, and
        :class:`NotAnArticle` (a ValueError) is raised, saying why, once the page is stored. A
        `url` that is not absolute raises :class:`RelativeURL` (an ArchiveError and ValueError)
        and nothing is stored.
        """
        exchange, reading = imports.saved_page(url, html, headers, fetched_at or datetime.now(timezone.utc))
        page = self._store(exchange, reading)
        if isinstance(reading, NotAnArticle):
            raise reading
        assert page.article is not None
        return page.article

    def import_files(self, paths: Iterable[str | Path], url: str | None = None) -> Iterator[PageOutcome]:
        """Import saved HTML files and folders of them, yielding one outcome per file (its
        `source` the file's path): the article stored, or the `reason` there is none (a page
        that holds no article is stored all the same; a file not stored has no `fetch_id`).

        A page's URL comes from a sidecar ``FILE.json`` ({"url": ...}, optionally
        "fetched_at" and "headers"), else a ``FILE.url`` text file, else the page's
        canonical link or og:url (a relative one resolved against `url`), else `url`. Its
        fetch time is the sidecar's, else the file's modification time.
        """
        for path in imports.html_files(paths):
            try:
                page = self._store(*imports.read_file(path, url))
            except (OSError, ValueError) as exc:  # unreadable, no URL, a relative URL: nothing stored
                page = PageOutcome(str(path), reason=str(exc))
            yield dataclasses.replace(page, source=str(path))

    def _store(self, exchange: FetchResult, reading: Article | NotAnArticle | None) -> PageOutcome:
        # The raw page and its article are written in one transaction: both or neither.
        with self.database.writing() as session:
            return store_page(session, exchange, reading)

    def reparse(
        self, every_version: bool = False, site: str | None = None, since: DateLike | None = None,
        workers: int = 1, progress: Callable[[int, int, int], None] | None = None, doubtful: bool = False,
    ) -> ReparseSummary:
        """Re-parse stored pages whose article a different parser version made, and stored
        pages without an article (an article page the crawler found no story in becomes an
        article if the parser finds one now). `every_version`: every such page, whatever parser
        made it (the current one too); `doubtful`: only doubtful articles (see :meth:`articles`).
        `progress` is called with (pages done, errors, pages in all) after each batch."""
        return reparse(self.database, every_version=every_version, doubtful=doubtful, site=site, since=since,
                       workers=workers, progress=progress)

    # -- summaries -----------------------------------------------------------------

    def stats(self) -> dict[str, Any]:
        """Totals for the whole archive, articles per extraction path, and per site."""
        with self.database.reading() as session:
            def one(*columns: Any) -> Any:
                return session.execute(sa.select(*columns)).one()

            articles, outdated = one(
                sa.func.count(ArticleRow.id),
                sa.func.count(ArticleRow.id).filter(ArticleRow.parser_version != PARSER_VERSION),
            )
            fetches, raw_bytes, first_fetch, last_fetch = one(
                sa.func.count(Fetch.id), sa.func.coalesce(sa.func.sum(Fetch.size), 0),
                sa.func.min(Fetch.fetched_at), sa.func.max(Fetch.fetched_at),
            )
            bodies, stored_bytes = one(sa.func.count(Body.id), sa.func.coalesce(sa.func.sum(sa.func.length(Body.data)), 0))
            sites = session.execute(
                sa.select(
                    Site.host, Site.name, sa.func.count(ArticleRow.id),
                    sa.func.min(ArticleRow.published), sa.func.max(ArticleRow.published),
                    sa.func.max(ArticleRow.last_seen),
                )
                .join(ArticleRow, ArticleRow.site_id == Site.id)
                .group_by(Site.id, Site.host, Site.name)
                .order_by(Site.host)
            ).all()
            revisions = session.scalar(sa.select(sa.func.count(ArticleRevision.id)))
            sizes = (sa.select(sa.func.count().label("size")).where(ArticleRow.story_id.is_not(None))
                     .group_by(ArticleRow.story_id).having(sa.func.count() > 1).subquery())
            stories, in_stories = one(sa.func.count(), sa.func.coalesce(sa.func.sum(sizes.c.size), 0))
            waiting = waiting_count(session)
            paths = session.execute(
                sa.select(ArticleRow.extraction, sa.func.count(ArticleRow.id),
                          sa.func.count(ArticleRow.id).filter(DOUBTFUL), sa.func.avg(ArticleRow.confidence))
                .group_by(ArticleRow.extraction)
                .order_by(sa.func.count(ArticleRow.id).desc(), ArticleRow.extraction.asc().nulls_last())
            ).all()
        return {
            "totals": {
                "articles": articles, "revisions": revisions, "fetches": fetches, "bodies": bodies,
                "sites": len(sites), "raw_bytes": int(raw_bytes), "stored_bytes": int(stored_bytes),
                "first_fetch": first_fetch, "last_fetch": last_fetch,
                "outdated_articles": outdated, "parser_version": PARSER_VERSION,
                "doubtful_articles": sum(doubtful for _, _, doubtful, _ in paths),
                # Stories of more than one article, the articles in them, and those not compared yet.
                "stories": stories, "articles_in_stories": int(in_stories), "articles_not_grouped": waiting,
            },
            # None: articles from a parser that did not record how it extracted them.
            "extraction": [
                {"extraction": path, "articles": count, "doubtful": doubtful,
                 "mean_confidence": None if mean is None else round(mean, 2)}
                for path, count, doubtful, mean in paths
            ],
            "sites": [
                {"site": host, "name": name, "articles": count, "first_published": first,
                 "last_published": last, "last_seen": seen}
                for host, name, count, first, last, seen in sites
            ],
        }

    def to_dataframe(
        self, site: str | None = None, section: str | None = None,
        since: DateLike | None = None, until: DateLike | None = None,
        doubtful: bool = False, extraction: str | None = None, *,
        sort: Sort = "stored", limit: int | None = None,
    ) -> pandas.DataFrame:
        """The matching articles (filters, `sort` and `limit` as in :meth:`articles`) as a pandas
        DataFrame, one row per article (needs pandas). `published` and `updated` are datetime
        columns in UTC (`.dt` works; a date given without a zone is taken as UTC)."""
        try:
            import pandas
        except ImportError:
            raise ImportError("to_dataframe needs pandas: pip install 'arabnews-archive[dataframe]'") from None
        frame = pandas.DataFrame.from_records(
            (article.to_dict() for article in self.articles(site, section, since, until, doubtful, extraction,
                                                             sort=sort, limit=limit)),
            columns=[*Article.__dataclass_fields__, "body"],
        )
        for column in ("published", "updated"):
            frame[column] = pandas.to_datetime(frame[column], utc=True, format="ISO8601")
        return frame

    def export(
        self, path: str | Path | IO[str], format: ExportFormat = "nl", *,  # noqa: A002 - the CLI's name
        site: str | None = None, section: str | None = None, since: DateLike | None = None,
        until: DateLike | None = None, doubtful: bool = False, extraction: str | None = None,
        sort: Sort = "stored", limit: int | None = None,
    ) -> int:
        """Write the matching articles (filters as in :meth:`articles`) to `path` (a file name
        or an open text stream) as JSON Lines ("nl", one article a line), "csv" (a header row,
        lists joined with "; ", a byte-order mark so Excel reads the Arabic) or "json" (one
        array); UTF-8, Arabic as text. Returns the number of articles written. The raw
        fetches go out as WARC with :meth:`export_warc`."""
        if format not in formats.FORMATS:
            raise ValueError(f"format must be one of {', '.join(formats.FORMATS)}, not {format!r}")
        articles = self.articles(site, section, since, until, doubtful, extraction, sort=sort, limit=limit)
        records = (article.to_dict() for article in articles)
        opened = nullcontext(path) if not isinstance(path, (str, Path)) else open(path, "w", encoding="utf-8",
                                                                                  newline="")
        with opened as stream:
            return formats.write(format, records, ARTICLE_COLUMNS, stream, bom=format == formats.CSV)

    # -- WARC (ISO 28500): the web-archiving standard, in and out ----------------------------

    def export_warc(
        self, path: str | Path, *, site: str | None = None, since: DateLike | None = None,
        until: DateLike | None = None,
    ) -> ExportSummary:
        """Write the stored fetches matching the filters (site; fetch time) to a gzipped WARC/1.1 file."""
        from arabnews_archive.warc.export import export_warc

        return export_warc(self.database, path, site=site, since=since, until=until)

    def import_warc(
        self, paths: Iterable[str | Path], *, progress: Callable[[ImportStatus], None] | None = None,
        max_payload: int = FetchSettings.max_bytes,
    ) -> ImportSummary:
        """Import WARC/ARC files: HTML responses become fetches, 200 pages parsed articles (see
        docs/warc.md). `progress` is called with an :class:`ImportStatus` as records are read; a
        record whose payload is over `max_payload` bytes once decoded is skipped and reported."""
        from arabnews_archive.warc.importer import import_warc

        return import_warc(self.database, paths, progress=progress, max_payload=max_payload)

    # -- the schema -----------------------------------------------------------------------

    def schema(self) -> Schema:
        """This archive's schema revision (opened, so up to date)."""
        return Schema(*inspect_database(self.database.url))

    @staticmethod
    def inspect(db: str | None = None) -> Schema:
        """The schema revision of `db` against this code's, changing nothing (`db current`):
        a SQLite file that does not exist raises :class:`ArchiveError`, an outdated one is not
        upgraded."""
        return Schema(*inspect_database(db))

    @staticmethod
    def upgrade(db: str | None = None) -> Schema:
        """Create or upgrade the schema of `db` to this code's head (`db upgrade`); what
        opening an archive does. Returns where it now stands."""
        with Archive(db) as archive:
            return archive.schema()


def _pages_of(articles: Iterator[Article]) -> Iterator[list[Article]]:
    """`articles` a page at a time, so that snippets are made as the articles are read."""
    while page := list(islice(articles, PAGE_SIZE)):
        yield page
