"""Pass 4, the story's header: the lines around the headline and the story's opening,
read for the dateline, the bylines and the printed dates.

Sites print these in three places: just above the headline, between the headline and
the story, and as the story's own first lines. Each is looked at; what is found there
is taken out of the story's paragraphs.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

from arabnews_archive.parse import fields
from arabnews_archive.parse.body import rendered_lines, same_text
from arabnews_archive.parse.dateline import Dateline, parse_dateline
from arabnews_archive.parse.dates import find_dates
from arabnews_archive.parse.metadata import Metadata
from arabnews_archive.parse.pubdate import split_update_lines

# Lines between the headline and the story that may hold the dateline, byline and date.
MAX_HEADER_LINES = 12
# Lines just above the headline that may hold the date (some sites print it first).
MAX_ABOVE_TITLE_LINES = 3
# A dateline line of its own can follow a subtitle, a date line and a caption.
DATELINE_SEARCH_PARAGRAPHS = 4


@dataclass
class Header:
    """What the header says: the dateline, author candidates (not yet chosen) and the
    lines that date the publication and the update."""

    dateline: Dateline | None = None
    authors: list[str] = field(default_factory=list)
    published_lines: list[str] = field(default_factory=list)
    updated_lines: list[str] = field(default_factory=list)


def read_header(
    story: etree._Element | None,
    title: str | None,
    paragraphs: list[str],
    meta: Metadata,
    names: set[str],
) -> tuple[Header, list[str]]:
    """The header around ``story``, and the paragraphs with the header lines taken out."""
    above_title, header = header_lines(story, title)
    opening, paragraphs = split_opening_metadata(paragraphs)
    dateline, paragraphs = take_dateline(header, paragraphs, names)
    more_opening, paragraphs = split_opening_metadata(paragraphs)
    header += opening + more_opening
    # A byline box counts only when it is printed with the story, not in a list of columnists.
    bylines = [b for b in meta.bylines if any(b in line for line in above_title + header)]
    authors = list(meta.authors or bylines[:1])
    authors += [fields.clean_author(line, names) or "" for line in header if fields.is_byline(line)]
    if dateline and dateline.author:
        authors.append(dateline.author)
    published_lines, updated_lines = split_update_lines(above_title + header)
    return Header(dateline, [a for a in authors if a], published_lines, updated_lines), paragraphs


def header_lines(story: etree._Element | None, title: str | None) -> tuple[list[str], list[str]]:
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


def take_dateline(header: list[str], paragraphs: list[str], names: set[str]) -> tuple[Dateline | None, list[str]]:
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


def split_opening_metadata(paragraphs: list[str]) -> tuple[list[str], list[str]]:
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
