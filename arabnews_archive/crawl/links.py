"""Tell a listing page's article links from its navigation.

Four signals, none decisive alone:
- URL shape: long slug, numeric id or date in the path vs. tag/category/page URLs;
- position: links in the page chrome (nav, aside, site header/footer, menus, share
  bars) are navigation;
- link text: headlines are several words, menu items one or two;
- repetition: a listing repeats one item block; links are grouped by their item
  block's DOM path and class signature, and the group with the most article-like
  links is taken as the article list, whose members need no headline text
  (image links, short titles).
"""
from __future__ import annotations

import functools
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from urllib.parse import parse_qsl, unquote, urljoin, urlsplit

from lxml import etree

from arabnews_archive.crawl.urls import URL_CACHE, canonicalize
from arabnews_archive.parse.pubdate import url_date

_CHROME_TAGS = frozenset({"nav", "aside", "form"})
# A site header/footer is chrome; an <article>'s own header/footer is not.
_PAGE_TAGS = frozenset({"header", "footer"})
_CHROME_ROLES = frozenset({"navigation", "banner", "contentinfo", "complementary", "menu", "menubar", "search"})
_CHROME_WORDS = frozenset({
    "nav", "navbar", "navigation", "menu", "submenu", "megamenu", "footer", "breadcrumb",
    "breadcrumbs", "share", "sharing", "social", "copyright", "masthead", "topbar",
})
# Themes name layout columns after their sidebar ("right-sidebar" around the main
# list), so these words only make a link suspect: it needs the article list's support.
_SOFT_WORDS = frozenset({"sidebar", "widget", "aside"})
_CHROME_TOKENS = frozenset({"header", "site-header", "main-header", "top-header", "header-top"})
# Wrapper classes that merely mention the chrome ("has-sidebar") say nothing about their content.
_WRAPPER_PREFIXES = ("has-", "no-", "with-", "without-")
_NEVER_CHROME = frozenset({"html", "body", "main", "article"})

_LISTING_SEGMENTS = frozenset({
    "tag", "tags", "category", "categories", "cat", "section", "sections", "author", "authors",
    "writer", "writers", "topic", "topics", "keyword", "keywords", "search", "archive",
    "archives", "date", "cat_show", "label", "feed", "rss", "login", "register", "contact",
    "contact-us", "about", "about-us", "privacy", "terms", "newsletter", "subscribe",
})
_LISTING_KEYS = frozenset({"page", "p", "pg", "paged", "tag", "cat", "category", "q", "s", "search", "date"})
_MEDIA_EXT = re.compile(r"\.(jpe?g|png|gif|webp|svg|pdf|mp4|mp3|zip|rar|docx?|xlsx?)$", re.I)
# "/page/3" is pagination, but "/page/<uuid>" is how some CMSs name articles.
_PAGED = re.compile(r"/page/\d+/?$", re.I)
_YEAR = re.compile(r"(19|20)\d\d")
_ID = re.compile(r"\d{4,}")
_WORD_SPLIT = re.compile(r"[-_+\s]+")
_MIN_GROUP = 3
_HEADLINE_WORDS = 4


@dataclass(frozen=True)
class Link:
    url: str  # canonical
    text: str
    element: etree._Element

    @property
    def words(self) -> int:
        return sum(1 for w in self.text.split() if any(ch.isalpha() for ch in w))


def extract_links(root: etree._Element, page_url: str) -> list[Link]:
    """Every http(s) <a href> resolved against <base>/the page URL, canonicalised; the page
    itself (and its fragments) excluded."""
    base = next(iter(root.xpath("//base/@href")), None)
    base_url = urljoin(page_url, str(base)) if base else page_url
    here = canonicalize(page_url)
    links = []
    for a in root.iter("a"):
        href = (a.get("href") or "").strip()
        if not href or href.startswith(("#", "javascript:", "mailto:", "tel:", "whatsapp:")):
            continue
        url = canonicalize(urljoin(base_url, href))
        if urlsplit(url).scheme not in ("http", "https") or url == here:
            continue
        text = " ".join(a.text_content().split()) or a.get("title") or " ".join(a.xpath(".//img/@alt"))
        links.append(Link(url, text.strip(), a))
    return links


@functools.lru_cache(maxsize=URL_CACHE)
def url_shape(url: str, section_path: str = "/") -> int:
    """+1 article-like, -1 listing/navigation-like, 0 undecided."""
    parts = urlsplit(url)
    path = unquote(parts.path)
    segments = [s for s in path.split("/") if s]
    keys = {k.lower() for k, _ in parse_qsl(parts.query, keep_blank_values=True)}
    if _MEDIA_EXT.search(path) or not segments and not keys:
        return -1
    if any(s.lower() in _LISTING_SEGMENTS for s in segments) or keys & _LISTING_KEYS or _PAGED.search(path):
        return -1
    if section_path.rstrip("/").startswith(path.rstrip("/")):
        return -1  # the section itself or one of its parents
    if url_date(url):
        return 1
    if is_date_archive(segments):
        return -1
    for segment in segments:
        if len(_WORD_SPLIT.split(segment)) >= 4 or len(segment) >= 30:
            return 1
        if _ID.search(segment) and not _YEAR.fullmatch(segment):
            return 1
    return 0


def is_date_archive(segments: list[str]) -> bool:
    """/2024/ or /2024/01/ or /2024/01/15/ with nothing after: a calendar, not an article."""
    for i, segment in enumerate(segments):
        if _YEAR.fullmatch(segment):
            rest = segments[i + 1:]
            return len(rest) <= 2 and all(s.isdigit() and len(s) <= 2 for s in rest)
    return False


class _Page:
    """Per-page caches of element signatures and chrome flags (pages have thousands of nodes)."""

    def __init__(self, root: etree._Element) -> None:
        self._signatures: dict[etree._Element, str] = {}
        self._children: dict[etree._Element, Counter[str]] = {}  # signatures of an element's children
        self._chrome: dict[etree._Element, int] = {}
        # A "chrome" element holding most of the page's links is a layout wrapper
        # ("boxed sidebar-left" around everything), not a menu.
        self._max_chrome_links = max(10, len(root.xpath("//a[@href]")) // 2)

    def signature(self, el: etree._Element) -> str:
        sig = self._signatures.get(el)
        if sig is None:
            # Digits in classes are item numbers ("post-123"), not structure.
            classes = sorted(c for c in (el.get("class") or "").split() if not any(ch.isdigit() for ch in c))
            sig = self._signatures[el] = ".".join([str(el.tag), *classes])
        return sig

    def path(self, el: etree._Element) -> str:
        return "/".join(self.signature(e) for e in reversed([el, *el.iterancestors()]))

    def item_block(self, el: etree._Element) -> tuple[etree._Element | None, tuple[str, str] | None]:
        """The nearest ancestor repeated among its siblings (a list item) and its group key."""
        node = el
        for _ in range(8):
            parent = node.getparent()
            if parent is None:
                break
            sig = self.signature(node)
            if self._child_signatures(parent)[sig] >= _MIN_GROUP:
                return node, (self.path(parent), sig)
            node = parent
        return None, None

    def _child_signatures(self, parent: etree._Element) -> Counter[str]:
        # Counted once per parent: the links of one list ask about the same siblings.
        counts = self._children.get(parent)
        if counts is None:
            counts = self._children[parent] = Counter(
                self.signature(child) for child in parent if isinstance(child.tag, str))
        return counts

    def chrome(self, el: etree._Element | None) -> int:
        """HARD inside page chrome, SOFT inside something only named like a sidebar, else 0."""
        if el is None or not isinstance(el.tag, str):
            return 0
        cached = self._chrome.get(el)
        if cached is None:
            own = _own_chrome(el)
            if own and len(el.xpath(".//a[@href]")) > self._max_chrome_links:
                own = 0
            cached = self._chrome[el] = max(own, self.chrome(el.getparent()))
        return cached


HARD, SOFT = 2, 1


def _own_chrome(el: etree._Element) -> int:
    tag = str(el.tag).lower()
    if tag in _NEVER_CHROME:
        return 0
    if tag in _CHROME_TAGS or (el.get("role") or "").lower() in _CHROME_ROLES:
        return HARD
    if tag in _PAGE_TAGS:
        return 0 if next(el.iterancestors("article"), None) is not None else HARD
    level = 0
    for token in f"{el.get('class') or ''} {el.get('id') or ''}".lower().split():
        words = set(re.split(r"[-_]+", token))
        if token in _CHROME_TOKENS or (not token.startswith(_WRAPPER_PREFIXES) and _CHROME_WORDS & words):
            return HARD
        if _SOFT_WORDS & words:
            level = SOFT
    return level


@dataclass(frozen=True)
class Classified:
    articles: list[Link]  # one per URL (its longest text), in page order
    other: list[Link]
    blocks: dict[str, etree._Element]  # article URL -> its item block, where it has one


def classify(root: etree._Element, links: list[Link], section_path: str = "/") -> Classified:
    """Split `root`'s links into articles and the rest (see the module docstring)."""
    page = _Page(root)
    shapes = {link.url: url_shape(link.url, section_path) for link in links}
    blocks: dict[Link, tuple[etree._Element | None, tuple[str, str] | None]] = {}
    groups: dict[tuple[str, str], set[str]] = defaultdict(set)
    for link in links:
        if page.chrome(link.element) == HARD or shapes[link.url] < 0:
            continue
        blocks[link] = block, key = page.item_block(link.element)
        if key and (shapes[link.url] > 0 or link.words >= _HEADLINE_WORDS):
            groups[key].add(link.url)
    main = max(groups, key=lambda k: len(groups[k]), default=None)
    if main is not None and len(groups[main]) < _MIN_GROUP:
        main = None

    article_urls: dict[str, Link] = {}
    found_blocks: dict[str, etree._Element] = {}
    for link, (block, key) in blocks.items():
        shape, in_main = shapes[link.url], key is not None and key == main
        headline = link.words >= _HEADLINE_WORDS and not page.chrome(link.element)
        if (shape > 0 and (headline or in_main)) or (in_main and link.words >= _HEADLINE_WORDS - 1):
            known = article_urls.get(link.url)
            if known is None or link.words > known.words:  # keep the headline, not the image link
                article_urls[link.url] = link
            if block is not None:
                found_blocks.setdefault(link.url, block)
    seen: set[str] = set()
    other = []
    for link in links:
        if link.url not in article_urls and link.url not in seen:
            seen.add(link.url)
            other.append(link)
    return Classified(list(article_urls.values()), other, found_blocks)
