"""The story's paragraphs, and how they were found.

The main path is clean -> content -> body. When the page's own JSON-LD ``articleBody``
holds clearly more of the story than the main path found, it is used instead.
"""
from __future__ import annotations

import html as html_lib
from dataclasses import dataclass, field

from lxml import etree

from arabnews_archive.parse.body import extract_paragraphs, rendered_lines
from arabnews_archive.parse.clean import clean
from arabnews_archive.parse.content import find_main_content
from arabnews_archive.parse.metadata import Metadata
from arabnews_archive.parse.tree import build_tree, tidy


@dataclass
class Extraction:
    """The story as paragraphs; the elements it came from (empty when it did not come
    from the page's markup) and its own container; which path produced it."""

    paragraphs: list[str]
    content: list[etree._Element] = field(default_factory=list)
    story: etree._Element | None = None
    method: str = "main"


def extract_story(root: etree._Element, meta: Metadata, title: str | None) -> Extraction:
    """The story of the page ``root`` (cleaned in place)."""
    stats = clean(root, title)
    content, story = find_main_content(root, stats)
    found = Extraction(extract_paragraphs(content, title), content, story)
    return _fallback_to_article_body(found, meta)


def _fallback_to_article_body(found: Extraction, meta: Metadata) -> Extraction:
    """Use JSON-LD articleBody when the DOM pass found clearly less of the story than it."""
    if not meta.article_body:
        return found
    declared = _article_body_paragraphs(meta.article_body)
    declared_chars = sum(len(p) for p in declared)
    if declared_chars < 200 or sum(len(p) for p in found.paragraphs) >= declared_chars * 0.6:
        return found
    return Extraction(declared, found.content, found.story, "json-ld")


def _article_body_paragraphs(article_body: str) -> list[str]:
    """articleBody as paragraphs: plain text split on newlines, or markup (even escaped) rendered."""
    if "&lt;" in article_body:
        article_body = html_lib.unescape(article_body)
    if "<" in article_body:
        fragment = build_tree(f"<div>{article_body}</div>")
        return [line.text for line in rendered_lines([fragment])] if fragment is not None else []
    return [p for p in (tidy(p) for p in article_body.replace("\r", "").split("\n")) if p]
