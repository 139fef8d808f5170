"""The extraction engine: raw page bytes in, a structured :class:`Article` out.

A chain of named passes, each in its own module and testable alone:
decode -> tree -> metadata -> story (clean -> content -> body, with its fallbacks)
-> header (dateline, bylines, date lines) -> dates -> fields.

`parse_article` says what the parser found in any page, a story or none; `read_article`
is the archive's one rule for "this page holds an article", which every way a page
comes in (crawl, fetch, import, WARC import, re-parse) applies.
"""
from __future__ import annotations

from datetime import datetime
from typing import Mapping

from lxml import etree

from arabnews_archive.article import Article
from arabnews_archive.parse import fields
from arabnews_archive.parse.credits import credited_agencies, without_credit_lines
from arabnews_archive.parse.decode import decode_html, looks_binary
from arabnews_archive.parse.extract import Extraction, extract_story
from arabnews_archive.parse.header import read_header
from arabnews_archive.parse.metadata import read_metadata
from arabnews_archive.parse.pubdate import choose_date
from arabnews_archive.parse.tree import build_tree

__all__ = ["LISTING_PAGE", "NO_STORY", "NotAnArticle", "ParseError", "parse_article", "read_article"]

# Why a page holds no article, besides a ParseError's reason (not an HTML page).
NO_STORY = "no story text found"
LISTING_PAGE = "a listing page"


class ParseError(ValueError):
    """The input is not an HTML page (empty, binary, or no markup at all)."""


class NotAnArticle(ValueError):
    """The page holds no article (`read_article`): `reason` says why, in a few words.

    Also a value: a page read for its article gives the Article or this, so that the
    store records and reports the verdict alike on every path. `canonical_url` is the
    address the page gives itself, when it is an HTML page that gives one: a saved file
    without any other URL is still kept under it.
    """

    def __init__(self, reason: str, canonical_url: str | None = None) -> None:
        super().__init__(reason, canonical_url)  # both in args: it pickles (parser processes)
        self.reason = reason
        self.canonical_url = canonical_url

    def __str__(self) -> str:
        return f"not an article ({self.reason})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, NotAnArticle) and self.args == other.args

    def __hash__(self) -> int:
        return hash(self.args)


def read_article(
    html: bytes | str,
    url: str | None = None,
    headers: Mapping[str, str] | None = None,
    fetched_at: datetime | None = None,
) -> Article:
    """The article the page holds, or :class:`NotAnArticle` raised: the one rule.

    A page holds an article when it is an HTML page (else the ParseError's reason), the
    parser found its story, and it is not a listing page (teasers of many stories).
    Arguments as :func:`parse_article`'s.
    """
    try:
        article, found = _parse(html, url, headers, fetched_at)
    except ParseError as exc:
        raise NotAnArticle(str(exc)) from exc
    if found.listing:
        raise NotAnArticle(LISTING_PAGE, article.canonical_url)
    if not article.paragraphs:
        raise NotAnArticle(NO_STORY, article.canonical_url)
    return article


def parse_article(
    html: bytes | str,
    url: str | None = None,
    headers: Mapping[str, str] | None = None,
    fetched_at: datetime | None = None,
) -> Article:
    """Parse one article page.

    ``html`` is the raw response body (bytes, decoded here with ``headers``' charset
    and the page's own declarations) or already-decoded text. ``fetched_at`` bounds
    the dates: a page cannot be published after it was fetched.

    >>> parse_article(open("page.html", "rb").read(), url="https://example.com/a").title
    """
    return _parse(html, url, headers, fetched_at)[0]


def _parse(
    html: bytes | str, url: str | None, headers: Mapping[str, str] | None, fetched_at: datetime | None,
) -> tuple[Article, Extraction]:
    if isinstance(html, (bytes, bytearray)):
        if not html.strip():
            raise ParseError("empty document")
        if looks_binary(bytes(html[:4096])):
            raise ParseError("not an HTML page (binary content)")
    elif not html or not html.strip():
        raise ParseError("empty document")
    decoded = decode_html(html, headers)
    root = build_tree(decoded.text)
    if root is None:
        raise ParseError("no HTML markup found")
    # Relative dates ("منذ 3 ساعات") count back from the fetch, so only a known fetch time dates them.
    reference = fetched_at
    meta = read_metadata(root)
    names = fields.site_names(meta, url)
    title = fields.choose_title(meta, names)
    found = extract_story(root, meta, title, reread=lambda: build_tree(decoded.text))
    header, story = read_header(found.story, title, found.paragraphs, meta, names)
    dateline = header.dateline.text if header.dateline else None
    # The bylines an agency may sign: printed around the headline, or declared.
    agencies = credited_agencies(dateline, header.lines + meta.authors, story)
    paragraphs = without_credit_lines(story)
    body = "\n\n".join(paragraphs)
    canonical = fields.absolute(meta.canonical_url, url)
    images = [fields.absolute(i, url) for i in meta.images + _content_images(found.content)]
    images = [i for i in dict.fromkeys(images) if i]
    article = Article(
        url=url,
        canonical_url=canonical,
        title=title,
        dateline=dateline,
        published=choose_date(meta.published, header.published_lines, canonical or url, fetched_at, reference),
        updated=choose_date(meta.updated, header.updated_lines, None, fetched_at, reference),
        authors=fields.choose_authors(header.authors, names),
        agencies=agencies,
        section=fields.choose_section(meta, title),
        tags=fields.choose_tags(meta),
        description=meta.description,
        image=images[0] if images else None,
        images=tuple(images),
        language=fields.choose_language(meta, body or (title or "")),
        site_name=meta.site_name or meta.publisher,
        paragraphs=tuple(paragraphs),
        extraction=found.method,
        confidence=found.confidence,
    )
    return article, found


def _content_images(content: list[etree._Element]) -> list[str]:
    return [img.get("src") for el in content for img in el.iter("img") if img.get("src")]
