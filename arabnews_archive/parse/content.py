"""Pass 2, find the main content: score text blocks and pick the story's container.

Readability's idea, tuned for Arabic: every paragraph-like block votes for its
parent and grandparents with a score that grows with its length and its commas
(Arabic ، and ؛ counted), and each candidate container is discounted by its link
density. The best container, plus siblings that look like story text, is the story.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

from arabnews_archive.parse.tree import Stats, text_of

# List items do not vote: a list of one-line items is a ticker or a related list far
# more often than a story (lists inside a story still come out with it).
PARAGRAPH_TAGS = frozenset({"p", "pre", "blockquote", "td", "h2", "h3", "h4", "h5", "h6"})
CONTAINER_TAGS = frozenset({"div", "article", "section", "main", "td", "span", "font", "body", "center"})
_COMMAS = re.compile("[،,؛;]")
MIN_PARAGRAPH_CHARS = 25
MOST = 0.8
# A lead or summary above the story's container needs this much prose to join it.
SIBLING_MIN_PROSE = 80
# A wrapper adding at most this much text to the story (a dateline, a label) is climbed out of.
WRAPPER_SLACK_CHARS = 40
# A parent adding at least this much prose, with few links, most of it in blocks like the
# best one or in its own text, is the story's container rather than a page region around it.
GROW_MIN_PROSE = 200
ITEM_HEADING_CHARS = 150
SMALL_ADDITION = 0.1
# A listing page's teasers: this many siblings alike, each with this share of the prose of
# the teaser chosen as the story, found within this many levels above it.
LISTING_MIN_KIN = 2
LISTING_KIN_PROSE = 0.3
# A story made of more than LISTING_MIN_KIN teasers alike holding this share of its prose.
LISTING_TEASER_SHARE = 0.6
LISTING_LEVELS = 4
# Rivals scoring below this share of the story are not worth comparing; a rival's opening
# this long found in the story marks it as a copy of the story.
RIVAL_FLOOR = 0.25
RIVAL_SAMPLE_CHARS = 80
GROW_ALIKE_SHARE = 0.6
GROW_MAX_LINKS = 0.3


def _direct_text(el: etree._Element) -> str:
    parts = [el.text or ""]
    parts.extend(child.tail or "" for child in el if child.tag not in ("p", "div"))
    return " ".join(parts)


def _paragraph_text(el: etree._Element) -> str | None:
    """The text an element contributes as a paragraph, or None if it is not one."""
    if el.tag in PARAGRAPH_TAGS:
        return "".join(el.itertext())
    if el.tag in CONTAINER_TAGS:
        direct = _direct_text(el).strip()
        if len(direct) >= MIN_PARAGRAPH_CHARS:
            return direct
    return None


def score_candidates(root: etree._Element, stats: dict[etree._Element, Stats]) -> dict[etree._Element, float]:
    scores: dict[etree._Element, float] = {}
    # Only these tags can be paragraphs; lxml skips the rest without a Python call each.
    for el in root.iter(*PARAGRAPH_TAGS, *CONTAINER_TAGS):
        if stats[el].link_density > 0.5:
            continue  # a link list: known from the totals, before its text is gathered
        text = _paragraph_text(el)
        if text is None:
            continue
        text = text.strip()
        if len(text) < MIN_PARAGRAPH_CHARS:
            continue
        points = 1 + len(_COMMAS.findall(text)) + min(len(text) / 100, 3)
        # A <p> votes for its parent and two more ancestors; a <div> with text of its own
        # also votes for itself, so a story that is one <div> of <br>-split text can win.
        if el.tag in CONTAINER_TAGS:
            scores[el] = scores.get(el, 0.0) + points
        ancestor, divider = el.getparent(), 1
        while ancestor is not None and divider <= 3:
            scores[ancestor] = scores.get(ancestor, 0.0) + points / divider
            ancestor, divider = ancestor.getparent(), divider + 1
    return {el: s * (1 - stats[el].link_density) for el, s in scores.items()}


@dataclass
class MainContent:
    """The story's elements in document order and its own container (the others are leads
    beside it); ``rival`` is the best score of a block outside the story as a share of the
    story's own best (near 1: two blocks compete, the choice is a guess)."""

    elements: list[etree._Element] = field(default_factory=list)
    container: etree._Element | None = None
    rival: float = 0.0


def find_main_content(root: etree._Element, stats: dict[etree._Element, Stats]) -> MainContent:
    """The story's elements; empty when nothing looks like a story.

    ``stats`` are the tree's text statistics, as :func:`clean` returns them.
    """
    scores = score_candidates(root, stats)
    if not scores:
        return MainContent()
    best = max(scores, key=scores.__getitem__)
    # A child holding most of the score and the text is the story itself; its parent only
    # adds a subtitle, a caption or a date line.
    while True:
        child = max((c for c in best if c in scores), key=scores.__getitem__, default=None)
        if child is None or scores[child] < scores[best] * MOST or stats[child].text < stats[best].text * MOST:
            break
        best = child
    top_score = scores[best]
    best = _grow(best, stats)
    parent = best.getparent()
    if parent is None:
        return MainContent([best], best, _rival(scores, [best]))
    threshold = max(10.0, top_score * 0.2)
    story_text = stats[best].text
    chosen = []
    before_best = True
    for sibling in parent:
        if not isinstance(sibling.tag, str):
            continue
        if sibling is best:
            before_best = False
            chosen.append(sibling)
        elif scores.get(sibling, 0.0) >= threshold or _is_lead(sibling, stats, story_text, before_best):
            chosen.append(sibling)
    return MainContent(chosen, best, _rival(scores, chosen))


def _rival(scores: dict[etree._Element, float], story: list[etree._Element]) -> float:
    inside = {el for part in story for el in part.iter()}
    around = set(story[0].iterancestors())
    own = max((s for el, s in scores.items() if el in inside), default=0.0)
    if not own:
        return 1.0
    outside = sorted(
        ((s, el) for el, s in scores.items() if el not in inside and el not in around and s > own * RIVAL_FLOOR),
        key=lambda pair: -pair[0],
    )
    story_text = " ".join(text_of(part) for part in story) if outside else ""
    for score, el in outside:
        # A second copy of the story (an AMP or print copy in the same page) is no rival.
        if text_of(el)[:RIVAL_SAMPLE_CHARS] not in story_text:
            return score / own
    return 0.0


def _grow(best: etree._Element, stats: dict[etree._Element, Stats]) -> etree._Element:
    """Climb from the best block to the story's container: out of wrappers that add nothing
    (so the story's real siblings, a lead above it say, are considered), and into a parent
    whose added prose is more of the same: blocks built like this one (testimonies, steps,
    the items of a list article, each voting for itself) or text of its own. A side column
    of prose beside the story is built differently and is not climbed into."""
    while True:
        parent = best.getparent()
        if parent is None or parent.tag in ("body", "html"):
            return best
        added = stats[parent].text - stats[best].text
        if added <= WRAPPER_SLACK_CHARS or _adds_same_prose(best, parent, stats):
            best = parent
            continue
        # A small addition (an item's heading, a short note) can sit between a block and its kin.
        kin = _kin_above(parent, stats) if added <= max(ITEM_HEADING_CHARS, stats[best].text * SMALL_ADDITION) else None
        if kin is None:
            return best
        best = kin


def _kin_above(el: etree._Element, stats: dict[etree._Element, Stats]) -> etree._Element | None:
    """Through wrappers above ``el``, the first parent adding prose built like it; else None."""
    while True:
        parent = el.getparent()
        if parent is None or parent.tag in ("body", "html"):
            return None
        if _adds_same_prose(el, parent, stats):
            return parent
        if stats[parent].text - stats[el].text > WRAPPER_SLACK_CHARS:
            return None
        el = parent


def _adds_same_prose(block: etree._Element, parent: etree._Element, stats: dict[etree._Element, Stats]) -> bool:
    inner, outer = stats[block], stats[parent]
    added_text = outer.text - inner.text
    added_prose = outer.prose - inner.prose
    if added_prose < GROW_MIN_PROSE or outer.link_text - inner.link_text > added_text * GROW_MAX_LINKS:
        return False
    kind = _block_kind(block)
    children_prose = alike_prose = 0
    for child in parent:
        child_stats = stats.get(child)
        if child_stats is None or child is block:
            continue
        children_prose += child_stats.prose
        # Blocks alike that each lead to a page of their own are a listing's teasers.
        if _block_kind(child) == kind and not _has_linked_heading(child):
            alike_prose += child_stats.prose
    own_prose = outer.prose - inner.prose - children_prose
    return alike_prose + own_prose >= added_prose * GROW_ALIKE_SHARE


def _block_kind(el: etree._Element) -> tuple[str, str]:
    """Tag and first class name: what repeated blocks of one kind share ("section steps
    steps_first", "section steps"), and grid columns do not ("col-8", "col-4")."""
    names = (el.get("class") or "").split()
    return el.tag, names[0] if names else ""


def is_listing(story: etree._Element, stats: dict[etree._Element, Stats]) -> bool:
    """Whether the chosen story is a listing page's teasers (a blog's front page, a tag
    archive) rather than a story: either it is one teaser, with siblings built like it
    near it, or it is made of them. A teaser is a block with a linked headline and prose of
    its own; a story's own blocks have no links to other pages in their headings."""
    return _is_one_teaser(story, stats) or _is_made_of_teasers(story, stats)


def _is_one_teaser(story: etree._Element, stats: dict[etree._Element, Stats]) -> bool:
    el = story
    for _ in range(LISTING_LEVELS):
        parent = el.getparent()
        if parent is None:
            return False
        kind = _block_kind(el)
        if kind[1]:
            prose = stats[el].prose * LISTING_KIN_PROSE
            kin = [
                c for c in parent
                if c is not el and isinstance(c.tag, str) and _block_kind(c) == kind
                and stats[c].prose >= prose and _has_linked_heading(c)
            ]
            if len(kin) >= LISTING_MIN_KIN:
                return True
        el = parent
    return False


def _is_made_of_teasers(story: etree._Element, stats: dict[etree._Element, Stats]) -> bool:
    el: etree._Element | None = story
    for _ in range(LISTING_LEVELS):
        if el is None:
            return False
        teasers: dict[tuple[str, str], list[int]] = {}
        for child in el:
            if isinstance(child.tag, str) and stats[child].prose and _has_linked_heading(child):
                teasers.setdefault(_block_kind(child), []).append(stats[child].prose)
        if any(len(p) > LISTING_MIN_KIN and sum(p) >= stats[el].prose * LISTING_TEASER_SHARE for p in teasers.values()):
            return True
        # Down through a wrapper holding nearly all of it.
        el = next((c for c in el if isinstance(c.tag, str) and stats[c].prose >= stats[el].prose * MOST), None)
    return False


def _has_linked_heading(el: etree._Element) -> bool:
    """A heading inside ``el`` links to another page (not an anchor within this one)."""
    return any(
        not (a.get("href") or "#").lstrip().startswith(("#", "javascript:"))
        for h in el.iter("h1", "h2", "h3", "h4") for a in h.iter("a")
    )


def _is_lead(el: etree._Element, stats: dict[etree._Element, Stats], story_text: int, before_story: bool) -> bool:
    """A paragraph beside the story's container that belongs to it: readability's rule for
    <p>, and for other elements a lead or summary just above the story, smaller than it."""
    s = stats[el]
    if s.link_density >= 0.25:
        return False
    if el.tag == "p":
        return s.text > 80
    return before_story and s.prose >= SIBLING_MIN_PROSE and s.text <= story_text * 0.5
