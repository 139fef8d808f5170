"""Pass 3, paragraphs: turn the story's elements into clean paragraphs.

Each rendered line is kept or dropped on its own evidence: how much of it is link
text, whether it opens like a teaser ("اقرأ أيضا") or closes like a footer, whether
it is a caption, a bare date or the headline repeated.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from lxml import etree

from arabnews_archive.parse.tree import BLOCK_TAGS, join_inline, tidy_lines
from arabnews_archive.text import normalize_for_search


@dataclass
class Line:
    text: str
    link_chars: int

    @property
    def link_share(self) -> float:
        return self.link_chars / max(len(self.text), 1)


def rendered_lines(elements: list[etree._Element], stop_at: etree._Element | None = None) -> list[Line]:
    """Lines of text as a browser would break them, with how much of each is link text.

    With ``stop_at``, rendering ends where that element starts.
    """
    raw: list[str] = []
    link_counts: list[int] = []
    parts: list[str] = []
    link_chars = link_depth = 0

    def flush() -> None:
        nonlocal link_chars
        if parts:
            raw.append(join_inline(parts))
            link_counts.append(link_chars)
            parts.clear()
        link_chars = 0

    for el in elements:
        for event, node in etree.iterwalk(el, events=("start", "end")):
            tag = node.tag if isinstance(node.tag, str) else ""
            if event == "start":
                if node is stop_at:
                    break
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
        else:
            flush()
            continue
        break
    flush()
    return [Line(text, min(links, len(text))) for text, links in zip(tidy_lines(raw), link_counts) if text]


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


# Teasers, footers and captions are short; a line longer than this is story text.
MAX_BOILERPLATE_WORDS = 30


def keep_line(line: Line, title: str | None) -> bool:
    text = line.text
    if not _WORD.search(text):
        return False
    if line.link_share > 0.6 and len(text) < 300:
        return False
    words = text.count(" ") + 1
    if words > MAX_BOILERPLATE_WORDS and line.link_share <= 0.3:
        return True
    folded = normalize_for_search(text)
    if TEASER_START.match(folded) and (words < 25 or line.link_share > 0.3):
        return False
    if FOOTER_LINE.search(folded) and words < 30:
        return False
    if words <= 12 and CAPTION_LINE.search(folded) and not _SENTENCE_END.search(text):
        return False
    return not same_text(text, title)


@functools.lru_cache(maxsize=4096)
def line_key(text: str) -> str:
    """A comparison key: normalised words only. Cached: a page compares the same few lines
    (title, site names, bylines) with others dozens of times."""
    return " ".join(_WORD.findall(normalize_for_search(text)))


def same_text(a: str | None, b: str | None) -> bool:
    """Equal once normalised; the length check first spares the normalisation."""
    if not a or not b or abs(len(a) - len(b)) > max(len(a), len(b)) * 0.2 + 5:
        return False
    return line_key(a) == line_key(b)


def extract_paragraphs(elements: list[etree._Element], title: str | None) -> list[str]:
    seen: set[str] = set()
    paragraphs: list[str] = []
    for line in rendered_lines(elements):
        if line.text in seen or not keep_line(line, title):
            continue
        seen.add(line.text)
        paragraphs.append(line.text)
    return paragraphs
