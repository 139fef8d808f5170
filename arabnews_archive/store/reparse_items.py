"""The two kinds of work a re-parse does, each claimed in batches and written back.

Both read pages by the one rule (`parse.read_article`) every way into the archive uses.
`ARTICLES`: stored articles, re-parsed from their own fetch and overwritten in place (one
whose page the rule now finds no article in is left as it is, and reported).
`PAGES`: stored pages without an article, as every path keeps a page that held none by
the parser of the day: where the current parser finds one, the article is saved as the
page's path would have saved it; where it does not, the page is marked done for this
parser version, with the reason, so a later run (or a killed one, resumed) skips it.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, NamedTuple, Optional, Protocol, Union

import sqlalchemy as sa
from sqlalchemy.orm import Session, aliased

from arabnews_archive.article import PARSER_VERSION, Article
from arabnews_archive.parse import NotAnArticle, read_article
from arabnews_archive.resemblance import Fingerprint, fingerprint
from arabnews_archive.store.articles import Saved, replace_parsed, save_article, to_article
from arabnews_archive.store.fetches import decompress
from arabnews_archive.store.filters import article_filters, fetch_filters
from arabnews_archive.store.frontier import ARTICLE
from arabnews_archive.store.models import DIALECT_INSERT, ArticleRow, Body, Fetch, FrontierRow, PageWithoutArticle
from arabnews_archive.store.reparse_summary import ReparseSummary

# (the id batches are ordered by: the article's, or for a page without one the fetch's; fetch id)
Item = tuple[int, int]


class Page(NamedTuple):
    """One item's stored page as read from the database (`data`: its body, compressed; None
    when it has none), sent as is to a parser process: decompressing is parsing's work."""

    key: int
    fetch_id: int
    url: Optional[str]
    headers: Optional[dict[str, Any]]
    fetched_at: datetime
    data: Optional[bytes]


class Parsed(NamedTuple):
    """One item's reading by the one rule: the Article or the NotAnArticle; or, when the page
    could not be read at all (no body, a parser failure), `error`."""

    key: int
    fetch_id: int
    url: Optional[str]
    reading: Union[Article, NotAnArticle, None] = None
    error: Optional[str] = None
    story_text: Optional[Fingerprint] = None  # an Article's, fingerprinted where it was parsed


def read_pages(session: Session, items: list[Item]) -> list[Page]:
    """The stored pages of the given fetches, in the items' order."""
    rows = {
        row[0]: row[1:]
        for row in session.execute(
            sa.select(Fetch.id, Fetch.final_url, Fetch.headers, Fetch.fetched_at, Body.data)
            .outerjoin(Body, Body.id == Fetch.body_id)
            .where(Fetch.id.in_([fetch_id for _, fetch_id in items]))
        )
    }
    return [Page(key, fetch_id, *rows[fetch_id]) for key, fetch_id in items]


def parse_pages(pages: list[Page]) -> list[Parsed]:
    """Read each page by the one rule (`parse.read_article`); in a parser process when the
    re-parse has several workers, so it takes and gives only what pickles."""
    results: list[Parsed] = []
    for page in pages:
        if page.data is None:
            results.append(Parsed(page.key, page.fetch_id, page.url, error=f"fetch {page.fetch_id} has no stored body"))
            continue
        try:
            reading: Article | NotAnArticle = read_article(decompress(page.data), url=page.url, headers=page.headers,
                                                           fetched_at=page.fetched_at)
        except NotAnArticle as verdict:
            reading = verdict
        except Exception as exc:  # noqa: BLE001 - one broken page must not stop the run
            results.append(Parsed(page.key, page.fetch_id, page.url, error=f"{page.url}: {type(exc).__name__}: {exc}"))
            continue
        story_text = fingerprint(reading.paragraphs) if isinstance(reading, Article) else None
        results.append(Parsed(page.key, page.fetch_id, page.url, reading, story_text=story_text))
    return results


@dataclass(frozen=True)
class Selection:
    """What to re-parse, as plain values so that worker processes can rebuild it.

    By default what the current parser has not done yet: articles another version made,
    pages without an article it has not tried. `every_version`: everything. `doubtful`: only the
    doubtful articles (no pages without one). `site`, `since` (fetch time) narrow both.
    """

    every_version: bool = False
    doubtful: bool = False
    site: str | None = None
    since: datetime | None = None


class Source(Protocol):
    def count(self, session: Session, selection: Selection) -> int: ...

    def claim(self, session: Session, selection: Selection, after: int, size: int) -> list[Item]: ...

    def write(self, session: Session, results: list[Parsed], summary: ReparseSummary) -> None: ...


class _Articles:
    @staticmethod
    def _conditions(selection: Selection) -> list[Any]:
        conditions: list[Any] = [*article_filters(site=selection.site, doubtful=selection.doubtful),
                                 *fetch_filters(since=selection.since)]
        if not selection.every_version:
            conditions.append(ArticleRow.parser_version != PARSER_VERSION)
        return conditions

    def count(self, session: Session, selection: Selection) -> int:
        return session.scalar(sa.select(sa.func.count()).select_from(ArticleRow)
                              .join(Fetch, Fetch.id == ArticleRow.fetch_id).where(*self._conditions(selection))) or 0

    def claim(self, session: Session, selection: Selection, after: int, size: int) -> list[Item]:
        """The next batch after article id `after`. On PostgreSQL the rows stay locked until
        the batch commits and rows other processes hold are skipped, so any number of
        re-parse processes, on any machines, share the work without a coordinator."""
        query = (
            sa.select(ArticleRow.id, ArticleRow.fetch_id)
            .join(Fetch, Fetch.id == ArticleRow.fetch_id)
            .where(ArticleRow.id > after, *self._conditions(selection))
            .order_by(ArticleRow.id).limit(size)
        )
        if session.get_bind().dialect.name == "postgresql":
            query = query.with_for_update(of=ArticleRow, skip_locked=True)
        return [(a, f) for a, f in session.execute(query)]

    def write(self, session: Session, results: list[Parsed], summary: ReparseSummary) -> None:
        rows = {row.id: row for row in session.scalars(
            sa.select(ArticleRow).where(ArticleRow.id.in_([r.key for r in results])))}
        for result in results:
            row = rows.get(result.key)
            if row is None or row.fetch_id != result.fetch_id:
                continue  # deleted or re-fetched meanwhile: the next run parses the new fetch
            if not isinstance(result.reading, Article):
                # Left as it is, for a later parser: a re-parse changes articles, never drops one.
                summary.error(result.error or f"{result.url}: {result.reading}")
                continue
            summary.count(to_article(row), result.reading)
            replace_parsed(session, row, result.reading, result.story_text)
            summary.pages += 1


_later = aliased(Fetch)
# A stored page that may be an article without one: a page the one rule reads
# (`FetchResult.read`: a 2xx response, or a saved page without status) kept with its body,
# no article made from it, not fetched by a crawl as a listing, feed or sitemap, and its
# URL's latest response: once a later one came, this copy is history, not a page to parse
# (for a listing re-fetched as 304 Not Modified, the frontier holds only the 304).
_WITHOUT_ARTICLE = (
    sa.or_(Fetch.status.is_(None), Fetch.status.between(200, 299)), Fetch.body_id.is_not(None), Fetch.error.is_(None),
    ~sa.exists().where(ArticleRow.fetch_id == Fetch.id),
    ~sa.exists().where(FrontierRow.fetch_id == Fetch.id, FrontierRow.kind != ARTICLE),
    ~sa.exists().where(
        _later.requested_url == Fetch.requested_url, _later.status.is_not(None),
        sa.or_(_later.fetched_at > Fetch.fetched_at,
               sa.and_(_later.fetched_at == Fetch.fetched_at, _later.id > Fetch.id)),
    ),
)


class _Pages:
    @staticmethod
    def _conditions(selection: Selection) -> list[Any]:
        conditions: list[Any] = [*_WITHOUT_ARTICLE, *fetch_filters(site=selection.site, since=selection.since)]
        if not selection.every_version:
            conditions.append(~sa.exists().where(PageWithoutArticle.fetch_id == Fetch.id,
                                                 PageWithoutArticle.parser_version == PARSER_VERSION))
        return conditions

    def count(self, session: Session, selection: Selection) -> int:
        return session.scalar(sa.select(sa.func.count()).select_from(Fetch).where(*self._conditions(selection))) or 0

    def claim(self, session: Session, selection: Selection, after: int, size: int) -> list[Item]:
        """The next batch after fetch id `after`, claimed as articles are (FOR NO KEY UPDATE:
        other re-parse processes skip these fetch rows, inserts that refer to them do not wait)."""
        query = (sa.select(Fetch.id).where(Fetch.id > after, *self._conditions(selection))
                 .order_by(Fetch.id).limit(size))
        if session.get_bind().dialect.name == "postgresql":
            query = query.with_for_update(of=Fetch, skip_locked=True, key_share=True)
        return [(fetch_id, fetch_id) for fetch_id in session.scalars(query)]

    def write(self, session: Session, results: list[Parsed], summary: ReparseSummary) -> None:
        """Save the stories found as a crawl would have; mark the pages still without an article."""
        fetch_ids = [r.fetch_id for r in results]
        # A page that got its article meanwhile (another process, a crawl) is done.
        taken = set(session.scalars(sa.select(ArticleRow.fetch_id).where(ArticleRow.fetch_id.in_(fetch_ids))))
        fetched_at = dict(session.execute(sa.select(Fetch.id, Fetch.fetched_at).where(Fetch.id.in_(fetch_ids))).all())
        marks: list[dict[str, Any]] = []
        articles_now: list[int] = []
        for result in results:
            if result.fetch_id in taken:
                continue
            if result.reading is None:
                summary.error(result.error or f"fetch {result.fetch_id}: not parsed")
                continue
            reason = _save_story(session, result, fetched_at[result.fetch_id], summary)
            if reason is None:
                articles_now.append(result.fetch_id)
            else:
                marks.append({"fetch_id": result.fetch_id, "parser_version": PARSER_VERSION, "reason": reason})
        if articles_now:  # an earlier parser's mark on them no longer holds
            session.execute(sa.delete(PageWithoutArticle).where(PageWithoutArticle.fetch_id.in_(articles_now)))
        if marks:
            insert = DIALECT_INSERT[session.get_bind().dialect.name](PageWithoutArticle.__table__)
            session.execute(insert.on_conflict_do_update(
                index_elements=["fetch_id"],
                set_={"parser_version": insert.excluded.parser_version, "reason": insert.excluded.reason},
            ), marks)


def _save_story(session: Session, result: Parsed, fetched_at: datetime, summary: ReparseSummary) -> str | None:
    """Save the page's article if it holds one; returns why the page still has no article of its own."""
    reading = result.reading
    if not isinstance(reading, Article):
        summary.storyless += 1
        return str(reading)
    stored = save_article(session, reading, result.fetch_id, fetched_at, result.story_text)
    if stored.saved is Saved.NEW:
        summary.new_articles += 1
        return None
    summary.joined += 1
    # An older copy than the stored article's fetch: kept as its history, the page stays without its own.
    return f"an older copy of article {stored.id}" if stored.saved is Saved.OLDER else None


ARTICLES, PAGES = _Articles(), _Pages()


def sources(selection: Selection) -> list[Source]:
    """The work `selection` asks for, in the order it is done."""
    return [ARTICLES] if selection.doubtful else [ARTICLES, PAGES]
