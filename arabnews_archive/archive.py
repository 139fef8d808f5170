"""The archive's Python API: store pages, list, search, show, re-parse and export articles."""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from arabnews_archive.article import PARSER_VERSION, Article
from arabnews_archive.query.search import search_ids
from arabnews_archive.store import imports
from arabnews_archive.store.articles import Saved, is_doubtful, save_article, to_article
from arabnews_archive.store.database import open_database
from arabnews_archive.store.errors import ArchiveError
from arabnews_archive.store.fetches import Headers, StoredFetch, add_fetch
from arabnews_archive.store.filters import DateLike, article_filters
from arabnews_archive.store.models import DOUBTFUL, ArticleRevision, ArticleRow, Body, Fetch, Site
from arabnews_archive.store.reparse import ReparseSummary, reparse

if TYPE_CHECKING:
    import threading

    import pandas

    from arabnews_archive.crawl.single import FetchedPage
    from arabnews_archive.crawl.summary import CrawlSummary, Snapshot
    from arabnews_archive.warc.export import ExportSummary
    from arabnews_archive.warc.importer import ImportSummary

# Rows per query when iterating: large enough to be fast, small enough that memory
# stays flat however many articles there are.
PAGE_SIZE = 500


@dataclass(frozen=True)
class Revision:
    """A superseded version of an article and the fetch it came from."""

    article: Article
    fetch_id: int
    fetched_at: datetime
    superseded_at: datetime


@dataclass(frozen=True)
class Imported:
    """The outcome of importing one file: the stored article, or why it was not stored."""

    path: Path
    article: Article | None = None
    error: str | None = None


class Archive:
    """An archive database: ``Archive()`` opens the default one; usable as a context manager."""

    def __init__(self, db: str | None = None):
        self.database = open_database(db)

    @property
    def url(self) -> str:
        return self.database.url

    def close(self) -> None:
        self.database.close()

    def __enter__(self) -> "Archive":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- reading -------------------------------------------------------------------

    def articles(
        self, site: str | None = None, section: str | None = None,
        since: DateLike | None = None, until: DateLike | None = None,
        doubtful: bool = False, extraction: str | None = None,
    ) -> Iterator[Article]:
        """Every article matching the filters, in archive order, fetched lazily page by page.

        `doubtful`: only the articles worth checking, those whose parser found no story or
        is less than `DOUBTFUL_BELOW` (0.5) sure of the body (see :meth:`is_doubtful`);
        `extraction`: only those whose body came from that path ("main", "fallback", ...).
        """
        return self._pages(article_filters(site, section, since, until, doubtful, extraction))

    def _pages(self, filters: Sequence[Any]) -> Iterator[Article]:
        last_id = 0
        while True:
            with self.database.reading() as session:
                rows = session.scalars(
                    sa.select(ArticleRow).where(ArticleRow.id > last_id, *filters)
                    .order_by(ArticleRow.id).limit(PAGE_SIZE)
                )
                page = [to_article(row) for row in rows]
            yield from page
            if len(page) < PAGE_SIZE:
                return
            last_id = page[-1].id  # type: ignore[assignment]

    def search(
        self, query: str, site: str | None = None, section: str | None = None,
        since: DateLike | None = None, until: DateLike | None = None, limit: int | None = None,
    ) -> Iterator[Article]:
        """Articles matching `query` (see docs/archive.md), most relevant first, loaded lazily.

        A query with nothing to search for raises :class:`QueryError` at once.
        """
        with self.database.reading() as session:
            ids = search_ids(session, query, article_filters(site, section, since, until), limit)
        return self._by_ids(ids)

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

    # -- writing -------------------------------------------------------------------

    def add_fetch(
        self, requested_url: str, *, final_url: str | None = None, status: int | None = None,
        headers: Headers | None = None, body: bytes | None = None, fetched_at: datetime | None = None,
        redirects: list[str] | None = None, not_modified: bool = False, error: str | None = None,
        request_headers: Headers | None = None,
    ) -> int:
        """Store one raw response (or a failed attempt, with `error`); returns the fetch id."""
        with self.database.writing() as session:
            return add_fetch(
                session, requested_url, final_url=final_url, status=status, headers=headers, body=body,
                fetched_at=fetched_at, redirects=redirects, not_modified=not_modified, error=error,
                request_headers=request_headers,
            ).id

    def add_article(self, fetch_id: int, article: Article) -> tuple[Article, Saved]:
        """Store `article`, parsed from the stored fetch `fetch_id`; returns it with its id."""
        with self.database.writing() as session:
            fetch = session.get(Fetch, fetch_id)
            if fetch is None:
                raise ArchiveError(f"no fetch with id {fetch_id}")
            return self._save(session, StoredFetch.of(fetch), article)

    @staticmethod
    def _save(session: sa.orm.Session, fetch: StoredFetch, article: Article) -> tuple[Article, Saved]:
        if article.url is None:
            article = article.replace(url=fetch.final_url)
        article_id, saved = save_article(session, article, fetch)
        return article.replace(id=article_id), saved

    def _store_page(self, page: imports.Page) -> Article:
        # The raw page and its article are written in one transaction: both or neither.
        with self.database.writing() as session:
            fetch = add_fetch(session, page.url, headers=page.headers, body=page.body, fetched_at=page.fetched_at)
            return self._save(session, fetch, page.article)[0]

    def add_html(
        self, url: str, html: bytes | str, headers: Headers | None = None, fetched_at: datetime | None = None,
    ) -> Article:
        """Store a page fetched from `url`, parse it, and store the article; returns it with its id."""
        return self._store_page(imports.parse_page(url, html, headers, fetched_at or datetime.now(timezone.utc)))

    def import_files(self, paths: Iterable[str | Path], url: str | None = None) -> Iterator[Imported]:
        """Import saved HTML files and folders of them, yielding one outcome per file.

        A page's URL comes from a sidecar ``FILE.json`` ({"url": ...}, optionally
        "fetched_at" and "headers"), else a ``FILE.url`` text file, else the page's
        canonical link or og:url, else `url`. Its fetch time is the sidecar's, else
        the file's modification time.
        """
        for path in imports.html_files(paths):
            try:
                yield Imported(path, self._store_page(imports.read_page(path, url)))
            except (OSError, ValueError) as exc:
                yield Imported(path, error=str(exc))

    def reparse(
        self, every_version: bool = False, site: str | None = None, since: DateLike | None = None,
        workers: int = 1, progress: bool = True, doubtful: bool = False,
    ) -> ReparseSummary:
        """Re-parse stored pages whose article a different parser version made, and stored
        pages without an article (an article page the crawler found no story in becomes an
        article if the parser finds one now). `every_version`: every such page, whatever parser
        made it (the current one too); `doubtful`: only doubtful articles (see :meth:`articles`)."""
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
        doubtful: bool = False, extraction: str | None = None,
    ) -> "pandas.DataFrame":
        """The matching articles (filters as in :meth:`articles`) as a pandas DataFrame, one row
        per article (needs pandas)."""
        try:
            import pandas
        except ImportError:
            raise ImportError("to_dataframe needs pandas: pip install pandas") from None
        return pandas.DataFrame.from_records(
            (article.to_dict() for article in self.articles(site, section, since, until, doubtful, extraction)),
            columns=[*Article.__dataclass_fields__, "body"],
        )

    # -- crawling (imported on use: the network stack is not needed to read an archive) ----

    def crawl(
        self, url: str, *, stop: "threading.Event | None" = None,
        progress: "Callable[[Snapshot], None] | None" = None, **options: Any,
    ) -> "CrawlSummary":
        """Crawl the news section at `url` into the archive; running it again resumes it.

        Options: max_pages, max_depth, delay, since (date or "YYYY-MM-DD"), sitemaps, refresh,
        include, exclude, user_agent, and any other `CrawlSettings` or `FetchSettings` field.
        Setting `stop` ends the run after the pages in hand; `progress` gets a snapshot per page.
        """
        from arabnews_archive.crawl.engine import crawl
        from arabnews_archive.crawl.settings import crawl_settings

        return crawl(self.database, url, crawl_settings(**options), stop=stop, progress=progress)

    def fetch(self, urls: "Iterable[str] | str", **settings: Any) -> "list[FetchedPage]":
        """Fetch single pages (politely, robots.txt obeyed), store and parse them, in the order given.

        Options: any `FetchSettings` field (user_agent, delay, ...)."""
        from arabnews_archive.crawl.single import fetch_pages
        from arabnews_archive.fetch.settings import FetchSettings

        return fetch_pages(self.database, [urls] if isinstance(urls, str) else urls, FetchSettings(**settings))

    # -- WARC (ISO 28500): the web-archiving standard, in and out ----------------------------

    def export_warc(
        self, path: str | Path, *, site: str | None = None, since: DateLike | None = None,
        until: DateLike | None = None,
    ) -> "ExportSummary":
        """Write the stored fetches matching the filters (site; fetch time) to a gzipped WARC/1.1 file."""
        from arabnews_archive.warc.export import export_warc

        return export_warc(self.database, path, site=site, since=since, until=until)

    def import_warc(self, paths: Iterable[str | Path], *, progress: bool = False) -> "ImportSummary":
        """Import WARC/ARC files: HTML responses become fetches, 200 pages parsed articles (see docs/warc.md)."""
        from arabnews_archive.warc.importer import import_warc

        return import_warc(self.database, paths, progress=progress)
