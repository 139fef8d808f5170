"""The extraction engine: raw page bytes in, a structured :class:`Article` out.

A chain of named passes, each in its own module and testable alone:
decode -> tree -> metadata -> story (clean -> content -> body, with its fallbacks)
-> header (dateline, bylines, date lines) -> dates -> fields.
"""
from __future__ import annotations

from datetime import datetime
from typing import Mapping

from lxml import etree

from arabnews_archive.article import Article
from arabnews_archive.parse import fields
from arabnews_archive.parse.decode import decode_html, looks_binary
from arabnews_archive.parse.extract import extract_story
from arabnews_archive.parse.header import read_header
from arabnews_archive.parse.metadata import read_metadata
from arabnews_archive.parse.pubdate import choose_date
from arabnews_archive.parse.tree import build_tree

__all__ = ["ParseError", "parse_article"]


class ParseError(ValueError):
    """The input is not an HTML page (empty, binary, or no markup at all)."""


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
    header, paragraphs = read_header(found.story, title, found.paragraphs, meta, names)
    body = "\n\n".join(paragraphs)
    canonical = fields.absolute(meta.canonical_url, url)
    images = [fields.absolute(i, url) for i in meta.images + _content_images(found.content)]
    images = [i for i in dict.fromkeys(images) if i]
    return Article(
        url=url,
        canonical_url=canonical,
        title=title,
        dateline=header.dateline.text if header.dateline else None,
        published=choose_date(meta.published, header.published_lines, canonical or url, fetched_at, reference),
        updated=choose_date(meta.updated, header.updated_lines, None, fetched_at, reference),
        authors=fields.choose_authors(header.authors, names),
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


def _content_images(content: list[etree._Element]) -> list[str]:
    return [img.get("src") for el in content for img in el.iter("img") if img.get("src")]
