"""Pass 3, paragraphs: turn the story's elements into clean paragraphs.

Each rendered line is kept or dropped on its own evidence: how much of it is link
text, whether it opens like a teaser ("اقرأ أيضا") or closes like a footer, whether
it is a caption, a bare date or the headline repeated.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

from arabnews_archive.parse.tree import BLOCK_TAGS, tidy
from arabnews_archive.text import normalize_for_search


@dataclass
class Line:
    text: str
    link_chars: int

    @property
    def link_share(self) -> float:
        return self.link_chars / max(len(self.text), 1)


def rendered_lines(elements: list[etree._Element]) -> list[Line]:
    """Lines of text as a browser would break them, with how much of each is link text."""
    lines: list[Line] = []
    for el in elements:
        parts: list[str] = []
        link_chars = 0
        link_depth = 0

        def flush() -> None:
            nonlocal link_chars
            text = tidy(" ".join(parts))
            if text:
                lines.append(Line(text, min(link_chars, len(text))))
            parts.clear()
            link_chars = 0

        for event, node in etree.iterwalk(el, events=("start", "end")):
            tag = node.tag if isinstance(node.tag, str) else ""
            if event == "start":
                if tag in BLOCK_TAGS:
                    flush()
                if tag == "a":
                    link_depth += 1
                if node.text and tag:
                    parts.append(node.text)
                    if link_depth:
                        link_chars += len(node.text.strip())
            else:
                if tag == "a":
                    link_depth -= 1
                if tag in BLOCK_TAGS:
                    flush()
                if node is not el and node.tail:
                    parts.append(node.tail)
                    if link_depth:
                        link_chars += len(node.tail.strip())
        flush()
    return lines


# Matched against the line as normalised for search (so ة is ه, أ is ا, no tashkeel).
TEASER_START = re.compile(
    r"^\W*(?:(?:ا?قرا|طالع|شاهد|تابع|اطلع)\s*(?:ايضا|كذلك|المزيد|ايضًا)|(?:اخبار|مواضيع|مقالات|قصص)\s*(?:ذات صله|متعلقه|مشابهه)"
    r"|الاكثر\s*(?:قراءه|مشاهده|تداولا)|قد\s*يهمك|ربما\s*يهمك|قد\s*يعجبك|ربما\s*يعجبك|يهمك\s*ايضا|المزيد\s*من|للمزيد\s*(?:من|اضغط|اقرا)|"
    r"اضغط\s*هنا|لمتابعه\s*اخر|تابعونا|تابعوا|حمل\s*تطبيق|اشترك|read\s*(?:also|more)|see\s*also|related)",
    re.IGNORECASE,
)
FOOTER_LINE = re.compile(
    r"(?:جميع\s*الحقوق\s*محفوظه|كل\s*الحقوق\s*محفوظه|حقوق\s*النشر|©|copyright|all rights reserved|maintained and developed by"
    r"|powered by|الاشتراك\s*في\s*النشره|سياسه\s*الخصوصيه|شروط\s*الاستخدام)",
    re.IGNORECASE,
)
CAPTION_LINE = re.compile(r"(?:صوره\s*ارشيفيه|الصوره|صوره\s*من|\(?ارشيفيه\)?|getty|afp|reuters|epa|photo|مصدر\s*الصوره)", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!؟?:]\s*$")
_WORD = re.compile(r"\w+")


def keep_line(line: Line, title_key: str) -> bool:
    text = line.text
    folded = normalize_for_search(text)
    words = len(_WORD.findall(text))
    if words == 0:
        return False
    if line.link_share > 0.6 and len(text) < 300:
        return False
    if TEASER_START.match(folded) and (words < 25 or line.link_share > 0.3):
        return False
    if FOOTER_LINE.search(folded) and words < 30:
        return False
    if words <= 12 and CAPTION_LINE.search(folded) and not _SENTENCE_END.search(text):
        return False
    if title_key and line_key(text) == title_key:
        return False
    return True


def line_key(text: str) -> str:
    """A comparison key: normalised words only."""
    return " ".join(_WORD.findall(normalize_for_search(text)))


def extract_paragraphs(elements: list[etree._Element], title: str | None) -> list[str]:
    title_key = line_key(title) if title else ""
    seen: set[str] = set()
    paragraphs: list[str] = []
    for line in rendered_lines(elements):
        if not keep_line(line, title_key):
            continue
        key = line_key(line.text)
        if key in seen:
            continue
        seen.add(key)
        paragraphs.append(line.text)
    return paragraphs
