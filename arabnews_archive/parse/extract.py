"""The story's paragraphs, how they were found, and how sure the parser is of them.

A chain of paths, tried in order and chosen by evidence, as trafilatura does with its
fallbacks:

- ``main``: clean -> content -> body, the precise path;
- ``fallback``: when the main path finds no story or only a few lines, the page is read
  again without removing anything for its class or id names (a theme may call the
  story's wrapper anything), and its story is kept when it holds more;
- ``json-ld``: the page's own ``articleBody``, when it holds clearly more than the markup
  gave;
- ``none``: no story, or a listing page (a blog's front page, a tag archive) whose
  teasers are not one story.

The confidence (0 to 1) grows with the story's length and with the share of the page's
prose it holds, and with the page's own ``articleBody`` agreeing with it.
"""
from __future__ import annotations

import html as html_lib
from collections.abc import Callable
from dataclasses import dataclass, field

from lxml import etree

from arabnews_archive.parse.body import extract_paragraphs, line_key, rendered_lines
from arabnews_archive.parse.clean import clean, clean_markup_only
from arabnews_archive.parse.content import find_main_content, is_listing
from arabnews_archive.parse.metadata import Metadata
from arabnews_archive.parse.tree import Stats, build_tree, tidy

# A main-path story shorter than this is checked against the fallback path.
SHORT_STORY_CHARS = 400
# JSON-LD articleBody replaces the markup's story when that holds less than this share of it.
DECLARED_BODY_SHARE = 0.6
DECLARED_BODY_MIN_CHARS = 200
# Confidence: a story this long is long enough; one holding this share of the page's prose
# surely is the page's story (on the wild pages, 90% of the stories extracted right hold more
# than 0.59 of it, and 10 of the 12 extracted wrong less than 0.5).
CONFIDENT_CHARS = 600
CONFIDENT_PROSE_SHARE = 0.6
COVERAGE_WEIGHT = 0.4
# A rival block scoring up to this share of the story's best is usual (a lead, a related
# summary); from there confidence falls to nothing as the rival draws level. On the wild
# pages, 95% of the stories extracted right have a rival below 0.25.
RIVAL_TOLERATED = 0.25
# The weight of each path's word: the site's own articleBody is near-certain story text,
# the fallback is the lenient reading of a page the main path failed on.
PATH_TRUST = {"main": 1.0, "json-ld": 0.9, "fallback": 0.7, "none": 0.0}


@dataclass
class Extraction:
    """The story as paragraphs; the elements it came from (empty when it did not come
    from the page's markup) and its own container; which path produced it, and how sure."""

    paragraphs: list[str]
    content: list[etree._Element] = field(default_factory=list)
    story: etree._Element | None = None
    method: str = "main"
    confidence: float = 0.0
    rival: float = 0.0  # see MainContent.rival
    listing: bool = False  # no story because the page lists teasers of many

    @property
    def chars(self) -> int:
        return sum(len(p) for p in self.paragraphs)


def extract_story(
    root: etree._Element, meta: Metadata, title: str | None, reread: Callable[[], etree._Element | None]
) -> Extraction:
    """The story of the page ``root`` (cleaned in place). ``reread`` builds the page's tree
    again, for the fallback path: only pages whose main path finds little pay for it."""
    found, prose_share = _main_path(root, title)
    if not found.listing and found.chars < SHORT_STORY_CHARS:
        found = _better_of(found, _fallback_path(reread(), title))
    found = _prefer_declared_body(found, meta)
    found.confidence = _confidence(found, prose_share, meta)
    return found


def _read(
    root: etree._Element, cleaned: tuple[dict[etree._Element, Stats], int], title: str | None, method: str
) -> tuple[Extraction, float]:
    """The story of a cleaned tree, and the share of the page's prose (before cleaning) its
    container holds: a story that holds little of it may have left some behind."""
    stats, page_prose = cleaned
    main = find_main_content(root, stats)
    story = main.container
    if story is None:
        return Extraction([], method="none"), 0.0
    if is_listing(story, stats):
        return Extraction([], method="none", listing=True), 0.0
    share = min(1.0, stats[story].prose / page_prose) if page_prose > 0 else 0.0
    return Extraction(extract_paragraphs(main.elements, title), main.elements, story, method, rival=main.rival), share


def _main_path(root: etree._Element, title: str | None) -> tuple[Extraction, float]:
    return _read(root, clean(root, title), title, "main")


def _fallback_path(root: etree._Element | None, title: str | None) -> Extraction | None:
    if root is None:
        return None
    found, _ = _read(root, clean_markup_only(root), title, "fallback")
    return found if found.method != "none" else None


def _better_of(main: Extraction, fallback: Extraction | None) -> Extraction:
    """The fallback only when it holds clearly more story than the main path."""
    if fallback is None or fallback.chars <= max(main.chars * 1.5, main.chars + 100):
        return main
    return fallback


def _prefer_declared_body(found: Extraction, meta: Metadata) -> Extraction:
    """Use JSON-LD articleBody when the markup gave clearly less of the story than it (any
    less, after the lenient fallback: the site's own word beats it)."""
    if not meta.article_body:
        return found
    declared = _article_body_paragraphs(meta.article_body)
    declared_chars = sum(len(p) for p in declared)
    share = 1.0 if found.method == "fallback" else DECLARED_BODY_SHARE
    if declared_chars < DECLARED_BODY_MIN_CHARS or found.chars >= declared_chars * share:
        return found
    return Extraction(declared, found.content, found.story, "json-ld")


def _confidence(found: Extraction, prose_share: float, meta: Metadata) -> float:
    """How sure the story is the page's whole story and nothing else, from 0 to 1: below
    0.5 it is worth a look. Evidence, each a factor: the path; the length (a few lines may
    be a caption); the share of the page's prose the story holds (a story holding little of
    it may have left some behind, though tickers and comments hold prose too, so it weighs
    less); a rival block scoring near the story's own (the choice between them was a
    guess); the page's own articleBody agreeing or not."""
    if not found.paragraphs:
        return 0.0
    confidence = PATH_TRUST[found.method] * min(1.0, found.chars / CONFIDENT_CHARS) ** 0.5
    if found.method != "json-ld":
        confidence *= 1 - COVERAGE_WEIGHT * (1 - min(1.0, prose_share / CONFIDENT_PROSE_SHARE))
        confidence *= 1 - max(0.0, found.rival - RIVAL_TOLERATED) / (1 - RIVAL_TOLERATED)
        if meta.article_body:
            confidence *= 0.5 + 0.5 * _word_agreement(found.paragraphs, meta.article_body)
    return round(confidence, 2)


def _word_agreement(paragraphs: list[str], article_body: str) -> float:
    """Share of the declared articleBody's words that the extracted story holds."""
    declared = set(line_key(article_body).split())
    if not declared:
        return 1.0
    return len(declared & set(line_key(" ".join(paragraphs)).split())) / len(declared)


def _article_body_paragraphs(article_body: str) -> list[str]:
    """articleBody as paragraphs: plain text split on newlines, or markup (even escaped) rendered."""
    if "&lt;" in article_body:
        article_body = html_lib.unescape(article_body)
    if "<" in article_body:
        fragment = build_tree(f"<div>{article_body}</div>")
        return [line.text for line in rendered_lines([fragment])] if fragment is not None else []
    return [p for p in (tidy(p) for p in article_body.replace("\r", "").split("\n")) if p]
