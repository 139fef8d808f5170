"""Pass 4, the story's header: the lines around the headline and the story's opening,
read for the dateline, the bylines and the printed dates.

Sites print these in three places: just above the headline, between the headline and
the story, and as the story's own first lines. Each is looked at; what is found there
is taken out of the story's paragraphs. The dateline nearest the story wins: a line of
the story's own beats one above it, which beats a ticker or a teaser further up.

The author comes from the most direct evidence the page gives, in this order: a byline
printed with the story ("كتب ...", a reporter beside the dateline), a byline box that sits
with the story (not a list of columnists elsewhere on the page), then the author the page
declares (JSON-LD, meta tags) when it is a person.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

from arabnews_archive.parse import fields
from arabnews_archive.parse.body import line_key, rendered_lines, same_text
from arabnews_archive.parse.bylines import (
    BYLINE_LABEL, dated_name, is_byline, is_name_line, is_signature_name, printed_byline, segments,
)
from arabnews_archive.parse.dateline import Dateline, parse_dateline
from arabnews_archive.parse.dates import find_dates
from arabnews_archive.parse.gazetteer import is_place, place_words
from arabnews_archive.parse.metadata import BylineBox, Metadata
from arabnews_archive.parse.pubdate import split_update_lines

# Lines between the headline and the story that may hold the dateline, byline and date.
MAX_HEADER_LINES = 12
# Lines just above the headline that may hold the date (some sites print it first).
MAX_ABOVE_TITLE_LINES = 3
# A dateline line of its own can follow a subtitle, a date line and a caption.
DATELINE_SEARCH_PARAGRAPHS = 4
# A dateline opening a paragraph of story opens one of its first, after a lead and a byline line.
OPENING_SEARCH_PARAGRAPHS = 3
# A place alone on the story's first line ("الرياض", "دبي، الإمارات العربية المتحدة"), when
# a paragraph of story follows, not a heading or a date line.
MAX_PLACE_LINE_WORDS = 5
MIN_STORY_WORDS = 12
# A byline printed as one of the story's first lines, after a lead or a caption.
BYLINE_SEARCH_PARAGRAPHS = 3
# A signature closing the story, before the writer's title and affiliation lines.
SIGNATURE_PARAGRAPHS = 6
# With no headline near the story, an author box must sit this close to it (its article).
MAX_BOX_LEVELS = 2
# Longer lines are story text, not a header line of parts ("date | byline").
MAX_SEGMENTED_CHARS = 160
# A byline that opens a paragraph of story ends with a colon this near its start.
MAX_OPENING_CHARS = 60


@dataclass
class Header:
    """What the header says: the dateline, the authors (chosen from the evidence, see
    :func:`_choose_authors`), the lines that date the publication and the update, and all
    its lines (above the headline, below it, and those taken from the story's opening),
    where a byline naming an agency sits too ("كتب: أ.ف.ب")."""

    dateline: Dateline | None = None
    authors: list[str] = field(default_factory=list)
    published_lines: list[str] = field(default_factory=list)
    updated_lines: list[str] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)


def read_header(
    story: etree._Element | None,
    title: str | None,
    paragraphs: list[str],
    meta: Metadata,
    names: set[str],
) -> tuple[Header, list[str]]:
    """The header around ``story``, and the paragraphs with the header lines taken out."""
    region, above_title, header = header_lines(story, title)
    opening, paragraphs = split_opening_metadata(paragraphs)
    first_lines = above_title + header + opening + paragraphs[:BYLINE_SEARCH_PARAGRAPHS]
    printed_boxes, region_boxes = _story_boxes(meta.bylines, story, region, first_lines)
    boxes = printed_boxes + region_boxes
    dateline, paragraphs = take_dateline(header + opening, paragraphs, names, boxes)
    more_opening, paragraphs = split_opening_metadata(paragraphs)
    header += opening + more_opening
    printed = _printed_bylines(header + paragraphs[:BYLINE_SEARCH_PARAGRAPHS], names, title)
    if dateline and dateline.author and not printed:  # one byline slot: the header's, if it has one
        printed.append(dateline.author)
    signed, signatures = _signatures(paragraphs, names, title)
    authors = _choose_authors([printed, signed], printed_boxes, region_boxes, meta.authors, names)
    # A byline printed as one of the story's own lines is no story text.
    count = len(paragraphs)
    paragraphs = [p for i, p in enumerate(paragraphs) if not _is_printed_byline(p, i, count, boxes, signatures, names)]
    published_lines, updated_lines = split_update_lines(above_title + header)
    return Header(dateline, list(authors), published_lines, updated_lines, above_title + header), paragraphs


def _story_boxes(
    boxes: list[BylineBox], story: etree._Element | None, region: etree._Element | None, lines: list[str]
) -> tuple[list[str], list[str]]:
    """The byline boxes that are the story's own: those printed among the header lines or
    the story's first lines, and those that sit in the story's region (an author box after
    the story). A list of columnists or "most read" writers elsewhere on the page is neither."""
    printed = [b.text for b in boxes if any(b.text in line for line in lines)]
    if printed:
        return printed, []
    if story is None:
        # No story found: the page's only byline box is its byline.
        return [], [boxes[0].text] if len({b.text for b in boxes}) == 1 else []
    if region is None or region.tag in ("body", "html"):
        # No headline near the story: its article is the story's nearest ancestors.
        near = [a for a in list(story.iterancestors())[:MAX_BOX_LEVELS] if a.tag not in ("body", "html")]
        if not near:
            return [], []
        region = near[-1]
    return [], [b.text for b in boxes if region in b.ancestors]


def _choose_authors(
    printed: list[list[str]], printed_boxes: list[str], region_boxes: list[str], declared: list[str], names: set[str]
) -> tuple[str, ...]:
    """The authors from the most direct evidence: bylines printed with the story, byline
    boxes printed with it, an author box in its region naming one person, the declared
    authors that are people. A declared name wins over the same name printed with more
    words around it ("ديما الحلوة" over "ديما الحلوة مقدمة برامج")."""
    declared_people = fields.choose_authors(declared, names, bare=True)
    region_people = {line_key(a): a for box in region_boxes if not BYLINE_LABEL.match(box)
                     for a in fields.choose_authors([box], names, bare=True)}
    found = next(filter(None, (fields.choose_authors(tier, names) for tier in (*printed, printed_boxes))), ())
    if not found and len(region_people) == 1:
        found = tuple(region_people.values())
    return tuple(next((d for d in declared_people if line_key(d) in line_key(a)), a) for a in found) or declared_people


def _printed_bylines(lines: list[str], names: set[str], title: str | None) -> list[str]:
    """Names printed in byline form in the header lines and the story's first lines: with a
    byline word ("كتب ...", or one alone on its line: "كتابة" then the name), a reporter's
    or a scholar's title, glued to a place or an outlet ("ثورة اون لاين – ميساء الجردي:"),
    or followed by the date ("حسين فاروق 15/02/2019")."""
    found = []
    for i, line in enumerate(lines):
        if len(line) > MAX_SEGMENTED_CHARS:
            line = line[: line.find(":", 0, MAX_OPENING_CHARS) + 1]  # "الكاتب - فلان: story..."
        if BYLINE_LABEL.match(line) and i + 1 < len(lines):
            line = f"{line} {lines[i + 1]}"
        found.append(printed_byline(line, names) or next(filter(None, (dated_name(s, names) for s in segments(line))), None))
    return _not_the_title(found, title)


def _signatures(paragraphs: list[str], names: set[str], title: str | None) -> tuple[list[str], list[str]]:
    """The names signing the story and the lines that print them: a byline ("د. فلان",
    "بقلم فلان") among the closing lines, or a name alone as one of the last two lines when
    it is the story's only line that is a name alone (a story listing people is unsigned)."""
    closing = paragraphs[-SIGNATURE_PARAGRAPHS:]
    lines = [line for line in closing if is_byline(line)]
    signed = [printed_byline(line, names) for line in lines]
    last = [p for p in closing[-2:] if is_signature_name(p, names)]
    if len(last) == 1 and not any(is_name_line(p, names) for p in paragraphs if p != last[0]):
        lines += last
        signed += last
    return _not_the_title(signed, title), lines


def _not_the_title(found: list[str | None], title: str | None) -> list[str]:
    """The names found, but the headline ("مغرس : فتاوى فقهية مفيدة": the site's name glued
    to the headline names no one)."""
    return [name for name in found if name and not (title and line_key(name) in line_key(title))]


def _is_printed_byline(
    paragraph: str, index: int, count: int, boxes: list[str], signatures: list[str], names: set[str]
) -> bool:
    """A story line that only prints its byline: among the first lines, a byline box's name
    ("سومية محمد علي*"), a byline ("كتب - فلان") or a name and the date; a signature among the last."""
    if index < BYLINE_SEARCH_PARAGRAPHS and (any(same_text(paragraph.rstrip("*"), b) for b in boxes)
                                             or is_byline(paragraph) or dated_name(paragraph, names)):
        return True
    return index >= count - SIGNATURE_PARAGRAPHS and paragraph in signatures


def header_lines(
    story: etree._Element | None, title: str | None
) -> tuple[etree._Element | None, list[str], list[str]]:
    """The story's region (the element holding the headline and the story), its rendered
    lines just above the headline, and those between it and the story: where datelines,
    bylines and dates sit."""
    if story is None:
        return None, [], []
    region = story.getparent()
    for _ in range(4):
        if region is None or region.getparent() is None:
            break
        if any(same_text("".join(h.itertext()), title) for h in region.iter("h1")):
            break
        region = region.getparent()
    if region is None:
        return None, [], []
    above: list[str] = []
    lines: list[str] = []
    for line in rendered_lines([region], stop_at=story):
        if same_text(line.text, title):
            above, lines = lines[-MAX_ABOVE_TITLE_LINES:], []
            continue
        lines.append(line.text)
    return region, above, lines[-MAX_HEADER_LINES:]


def take_dateline(
    header: list[str], paragraphs: list[str], names: set[str], bylines: list[str] = ()
) -> tuple[Dateline | None, list[str]]:
    """The dateline nearest the story: a short line among the story's first, else a line
    above the story (the nearest first), else the opening of one of the first paragraphs
    (after a lead and a byline line), else a place printed in the byline slot ("لندن – نوال كابوس")."""
    if (len(paragraphs) > 1 and is_place(paragraphs[0]) and len(paragraphs[0].split()) <= MAX_PLACE_LINE_WORDS
            and len(paragraphs[1].split()) >= MIN_STORY_WORDS):
        # The place alone on the story's first line, the story right after it ("السعودية").
        return Dateline(paragraphs[0], None, ""), paragraphs[1:]
    for i, paragraph in enumerate(paragraphs[:DATELINE_SEARCH_PARAGRAPHS]):
        found = _line_dateline(paragraph, names)
        if found:
            return found, paragraphs[:i] + paragraphs[i + 1:]
    for line in reversed(header):
        found = _line_dateline(line, names)
        if found:
            # A lead beside the story may carry the same line: it is not story text.
            return found, [p for p in paragraphs[:DATELINE_SEARCH_PARAGRAPHS] if p != line] + paragraphs[DATELINE_SEARCH_PARAGRAPHS:]
    for i, paragraph in enumerate(paragraphs[:OPENING_SEARCH_PARAGRAPHS]):
        found = parse_dateline(paragraph, names, whole_line=False)
        # After a lead, only a place opens the story: "ابنا: وعبر ..." there is a source's tag.
        if found and (i == 0 or place_words(found.text.lstrip("("))):
            return found, paragraphs[:i] + ([found.rest] if found.rest else []) + paragraphs[i + 1:]
    for byline in bylines:
        found = _line_dateline(byline, names)
        if found:
            return found, paragraphs
    return None, paragraphs


def _line_dateline(line: str, names: set[str]) -> Dateline | None:
    """A dateline that is a whole line, or a whole part of one ("القاهرة - بوابة الوسط | الجمعة ...")."""
    parts = segments(line) if len(line) <= MAX_SEGMENTED_CHARS else [line]
    return next((found for found in (parse_dateline(part, names, whole_line=True) for part in parts) if found), None)


def split_opening_metadata(paragraphs: list[str]) -> tuple[list[str], list[str]]:
    """Opening lines that are only a date or a byline are metadata, not story."""
    opening: list[str] = []
    rest = list(paragraphs)
    while rest:
        first = rest[0]
        date_chars = sum(m.end - m.start for m in find_dates(first))
        if date_chars >= len(first) * 0.5 or (is_byline(first) and len(first) < 60):
            opening.append(rest.pop(0))
            continue
        break
    return opening, rest
