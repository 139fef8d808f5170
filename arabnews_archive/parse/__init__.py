"""The extraction engine: raw page bytes in, a structured :class:`Article` out.

A chain of named passes, each in its own module and testable alone:
decode -> tree -> metadata -> clean -> content -> body -> dateline -> dates -> fields.
When the DOM pass finds little, the page's own JSON-LD ``articleBody`` is the fallback.
"""
from __future__ import annotations

import html as html_lib
from datetime import datetime
from typing import Mapping

from lxml import etree

from arabnews_archive.article import Article
from arabnews_archive.parse import fields
from arabnews_archive.parse.body import extract_paragraphs, rendered_lines, same_text
from arabnews_archive.parse.clean import clean
from arabnews_archive.parse.content import find_main_content
from arabnews_archive.parse.dateline import Dateline, parse_dateline
from arabnews_archive.parse.dates import find_dates
from arabnews_archive.parse.decode import decode_html, looks_binary
from arabnews_archive.parse.metadata import Metadata, read_metadata
from arabnews_archive.parse.pubdate import choose_date, split_update_lines
from arabnews_archive.parse.tree import build_tree, tidy

__all__ = ["ParseError", "parse_article"]

# Lines between the headline and the story that may hold the dateline, byline and date.
MAX_HEADER_LINES = 12
# Lines just above the headline that may hold the date (some sites print it first).
MAX_ABOVE_TITLE_LINES = 3
# A dateline line of its own can follow a subtitle, a date line and a caption.
DATELINE_SEARCH_PARAGRAPHS = 4


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
    stats = clean(root)
    content, story = find_main_content(root, stats)
    paragraphs = extract_paragraphs(content, title)
    above_title, header = _header_lines(story, title)
    paragraphs = _fallback_to_article_body(paragraphs, meta)
    opening, paragraphs = _split_opening_metadata(paragraphs)
    dateline, paragraphs = _take_dateline(header, paragraphs, names)
    more_opening, paragraphs = _split_opening_metadata(paragraphs)
    header += opening + more_opening
    body = "\n\n".join(paragraphs)
    # A byline box counts only when it is printed with the story, not in a list of columnists.
    bylines = [b for b in meta.bylines if any(b in line for line in above_title + header)]
    authors = list(meta.authors or bylines[:1])
    authors += [fields.clean_author(line, names) or "" for line in header if fields.is_byline(line)]
    published_lines, updated_lines = split_update_lines(above_title + header)
    if dateline and dateline.author:
        authors.append(dateline.author)
    canonical = fields.absolute(meta.canonical_url, url)
    images = [fields.absolute(i, url) for i in meta.images + _content_images(content)]
    images = [i for i in dict.fromkeys(images) if i]
    return Article(
        url=url,
        canonical_url=canonical,
        title=title,
        dateline=dateline.text if dateline else None,
        published=choose_date(meta.published, published_lines, canonical or url, fetched_at, reference),
        updated=choose_date(meta.updated, updated_lines, None, fetched_at, reference),
        authors=fields.choose_authors([a for a in authors if a], names),
        section=fields.choose_section(meta, title),
        tags=fields.choose_tags(meta),
        description=meta.description,
        image=images[0] if images else None,
        images=tuple(images),
        language=fields.choose_language(meta, body or (title or "")),
        site_name=meta.site_name or meta.publisher,
        paragraphs=tuple(paragraphs),
    )


def _header_lines(story: etree._Element | None, title: str | None) -> tuple[list[str], list[str]]:
    """Rendered lines just above the headline, and those between it and the story:
    where datelines, bylines and dates sit."""
    if story is None:
        return [], []
    region = story.getparent()
    for _ in range(4):
        if region is None or region.getparent() is None:
            break
        if any(same_text("".join(h.itertext()), title) for h in region.iter("h1")):
            break
        region = region.getparent()
    if region is None:
        return [], []
    above: list[str] = []
    lines: list[str] = []
    for line in rendered_lines([region], stop_at=story):
        if same_text(line.text, title):
            above, lines = lines[-MAX_ABOVE_TITLE_LINES:], []
            continue
        lines.append(line.text)
    return above, lines[-MAX_HEADER_LINES:]


def _fallback_to_article_body(paragraphs: list[str], meta: Metadata) -> list[str]:
    """Use JSON-LD articleBody when the DOM pass found clearly less of the story than it."""
    if not meta.article_body:
        return paragraphs
    declared = _article_body_paragraphs(meta.article_body)
    declared_chars = sum(len(p) for p in declared)
    if declared_chars < 200 or sum(len(p) for p in paragraphs) >= declared_chars * 0.6:
        return paragraphs
    return declared


def _article_body_paragraphs(article_body: str) -> list[str]:
    """articleBody as paragraphs: plain text split on newlines, or markup (even escaped) rendered."""
    if "&lt;" in article_body:
        article_body = html_lib.unescape(article_body)
    if "<" in article_body:
        fragment = build_tree(f"<div>{article_body}</div>")
        return [line.text for line in rendered_lines([fragment])] if fragment is not None else []
    return [p for p in (tidy(p) for p in article_body.replace("\r", "").split("\n")) if p]


def _take_dateline(header: list[str], paragraphs: list[str], names: set[str]) -> tuple[Dateline | None, list[str]]:
    """The dateline from a short line above the story, else from the story's opening."""
    for line in reversed(header):
        found = parse_dateline(line, names, whole_line=True)
        if found:
            # A lead beside the story may carry the same line: it is not story text.
            return found, [p for p in paragraphs[:DATELINE_SEARCH_PARAGRAPHS] if p != line] + paragraphs[DATELINE_SEARCH_PARAGRAPHS:]
    if not paragraphs:
        return None, paragraphs
    for i, paragraph in enumerate(paragraphs[:DATELINE_SEARCH_PARAGRAPHS]):
        found = parse_dateline(paragraph, names, whole_line=True)
        if found:
            return found, paragraphs[:i] + paragraphs[i + 1:]
    found = parse_dateline(paragraphs[0], names, whole_line=False)
    if found:
        return found, ([found.rest] if found.rest else []) + paragraphs[1:]
    return None, paragraphs


def _split_opening_metadata(paragraphs: list[str]) -> tuple[list[str], list[str]]:
    """Opening lines that are only a date or a byline are metadata, not story."""
    opening: list[str] = []
    rest = list(paragraphs)
    while rest:
        first = rest[0]
        date_chars = sum(m.end - m.start for m in find_dates(first))
        if date_chars >= len(first) * 0.5 or (fields.is_byline(first) and len(first) < 60):
            opening.append(rest.pop(0))
            continue
        break
    return opening, rest


def _content_images(content: list[etree._Element]) -> list[str]:
    return [img.get("src") for el in content for img in el.iter("img") if img.get("src")]
