"""Building the lxml tree and reading text from it without recursion.

Pages can nest thousands of levels deep; every walk here is iterative so that
no page can exhaust Python's stack.
"""
from __future__ import annotations

import threading
import unicodedata
from dataclasses import dataclass
from html.parser import HTMLParser

from lxml import etree

from arabnews_archive.text import BIDI_RE

# Elements that end a line of text when rendered; everything else is inline.
BLOCK_TAGS = frozenset(
    "address article aside blockquote body br dd details dialog div dl dt fieldset figcaption figure "
    "footer form h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section table tbody td tfoot th "
    "thead tr ul center".split()
)
_CLOSING_PUNCT = frozenset("،؛؟,.:;!?)]»")

# libxml2 stops at 2048 levels, even with huge_tree, and drops the rest of the page;
# such a page is flattened to this depth and parsed again, its text all kept.
FLATTENED_DEPTH = 256
_VOID_TAGS = frozenset("area base br col embed hr img input link meta param source track wbr".split())
_local = threading.local()


def _parser() -> etree.HTMLParser:
    # One per thread: an lxml parser must not be used by two threads at once. Plain
    # lxml elements, not lxml.html's: its per-element class lookup costs a third of a parse.
    # No table of id attributes (nothing looks elements up by id): 6% of a parse.
    parser = getattr(_local, "parser", None)
    if parser is None:
        parser = _local.parser = etree.HTMLParser(
            encoding="utf-8", remove_comments=True, remove_pis=True, huge_tree=True, default_doctype=False,
            collect_ids=False,
        )
    return parser


def build_tree(text: str) -> etree._Element | None:
    """Parse decoded HTML; None when there is no element at all."""
    parser = _parser()
    try:
        root = etree.fromstring(text.encode("utf-8", "replace"), parser=parser)
        if any("Excessive depth" in entry.message for entry in parser.error_log):
            root = etree.fromstring(flatten_deep_markup(text).encode("utf-8", "replace"), parser=parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        return None
    if root is None:
        return None
    # Markup after </html> can end up beside the root; fold it into the body so one
    # walk from the root sees the whole page.
    strays = [el for el in root.itersiblings() if isinstance(el.tag, str)]
    if strays:
        body = root.find("body")
        for el in strays:
            (body if body is not None else root).append(el)
    return root


class _DepthLimiter(HTMLParser):
    """Re-emits a page with every tag deeper than ``FLATTENED_DEPTH`` dropped, text kept."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.out: list[str] = []
        self.depth = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in _VOID_TAGS:
            if self.depth < FLATTENED_DEPTH:
                self.out.append(self.get_starttag_text() or "")
            return
        self.depth += 1
        if self.depth <= FLATTENED_DEPTH:
            self.out.append(self.get_starttag_text() or "")

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID_TAGS:
            return
        if self.depth <= FLATTENED_DEPTH:
            self.out.append(f"</{tag}>")
        self.depth = max(0, self.depth - 1)

    def handle_data(self, data: str) -> None:
        self.out.append(data)

    def handle_entityref(self, name: str) -> None:
        self.out.append(f"&{name};")

    def handle_charref(self, name: str) -> None:
        self.out.append(f"&#{name};")


def flatten_deep_markup(text: str) -> str:
    """The page with nesting capped at ``FLATTENED_DEPTH`` levels (the text is all kept)."""
    limiter = _DepthLimiter()
    limiter.feed(text)
    limiter.close()
    return "".join(limiter.out)


def tidy_lines(lines: list[str]) -> list[str]:
    """:func:`tidy` for many lines at once (one normalisation pass over their join)."""
    joined = "\n".join(line.replace("\n", " ") for line in lines)
    if not unicodedata.is_normalized("NFC", joined):
        joined = unicodedata.normalize("NFC", joined)
    if BIDI_RE.search(joined):
        joined = BIDI_RE.sub("", joined)
    # str.split() is C-fast on any Unicode whitespace; a regex is ten times slower on a 20 MB page.
    return [" ".join(line.split()) for line in joined.split("\n")]


def tidy(text: str) -> str:
    """NFC, bidi marks dropped, whitespace collapsed, ends stripped."""
    return tidy_lines([text])[0]


def join_inline(parts: list[str]) -> str:
    """Text pieces of one line joined by spaces, except before punctuation: the pieces
    meet at tag boundaries ("<a>ميغان ماركل</a>، دوقة"), where no space was written."""
    out: list[str] = []
    for part in parts:
        if out and not part.lstrip()[:1] in _CLOSING_PUNCT:
            out.append(" ")
        out.append(part)
    return "".join(out)


def text_of(el: etree._Element) -> str:
    """All text inside ``el`` (not its tail), tidied."""
    if not isinstance(el.tag, str):
        return ""
    return tidy(" ".join(el.itertext()))


# A run of text outside links at least this long, directly inside one element, reads as prose.
PROSE_MIN_CHARS = 60


@dataclass(slots=True)
class Stats:
    """Text totals of one subtree: all text, link text, and prose (long runs outside links)."""

    text: int = 0
    link_text: int = 0
    prose: int = 0

    @property
    def link_density(self) -> float:
        return self.link_text / self.text if self.text else 1.0


def subtree_stats(root: etree._Element) -> dict[etree._Element, Stats]:
    """Totals for every element's subtree, in one bottom-up pass (no recursion)."""
    stats: dict[etree._Element, Stats] = {}
    for el in reversed(list(root.iter(etree.Element))):
        s = stats.setdefault(el, Stats())
        own = len((el.text or "").strip())
        for child in el:
            own += len((child.tail or "").strip())
            cs = stats.get(child)
            if cs is not None:
                s.text += cs.text
                s.link_text += cs.link_text
                s.prose += cs.prose
        s.text += own
        if el.tag == "a":
            s.link_text, s.prose = s.text, 0
        elif own >= PROSE_MIN_CHARS:
            s.prose += own
    return stats
