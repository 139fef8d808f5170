"""Where a link sits on its page: in the page chrome or not, and in which repeated item.

Chrome is the site's frame around the page's own content. Menus (HARD): `nav`, `form`,
a site header/footer (not an `<article>`'s own), ARIA navigation roles, elements classed
as menus, breadcrumbs, share bars, footers: their links are the site's navigation.
Sidebars (SOFT): `aside`, `complementary`, elements classed `sidebar` or `widget`: they
hold the side blocks (latest, most read) beside the listing's own list.

A listing repeats one item block (card, `<li>`, table row) per story: a link's item
block is its nearest ancestor repeated among its siblings with the same tag and class
signature, and blocks are grouped by their parent's path and that signature.
"""
from __future__ import annotations

import re
from collections import Counter

from lxml import etree

_CHROME_TAGS = frozenset({"nav", "form"})
# A site header/footer is chrome; an <article>'s own header/footer is not.
_PAGE_TAGS = frozenset({"header", "footer"})
_CHROME_ROLES = frozenset({"navigation", "banner", "contentinfo", "menu", "menubar", "search"})
_CHROME_WORDS = frozenset({
    "nav", "navbar", "navigation", "menu", "submenu", "megamenu", "footer", "breadcrumb",
    "breadcrumbs", "share", "sharing", "social", "copyright", "masthead", "topbar",
})
_SOFT_WORDS = frozenset({"sidebar", "widget", "aside"})
_CHROME_TOKENS = frozenset({"header", "site-header", "main-header", "top-header", "header-top"})
# Wrapper classes that merely mention the chrome ("has-sidebar") say nothing about their content.
_WRAPPER_PREFIXES = ("has-", "no-", "with-", "without-")
_NEVER_CHROME = frozenset({"html", "body", "main", "article"})
_WORD_SPLIT = re.compile(r"[-_]+")
_DIGIT = re.compile(r"\d")
MIN_REPEATS = 3
_MAX_ITEM_DEPTH = 8

HARD, SOFT = 2, 1

GroupKey = tuple[str, str]  # (DOM path of the list, signature of its items)


class Layout:
    """Per-page caches of element signatures and chrome levels (pages have thousands of nodes)."""

    def __init__(self, root: etree._Element) -> None:
        self._signatures: dict[etree._Element, str] = {}
        self._paths: dict[etree._Element, str] = {}
        self._children: dict[etree._Element, Counter[str]] = {}
        self._chrome: dict[etree._Element, int] = {}
        # A "chrome" element holding most of the page's links is a layout wrapper
        # ("boxed sidebar-left" around everything, an ASP.NET page-wide <form>), not a menu.
        self._max_chrome_links = max(10, len(root.xpath("//a[@href]")) // 2)

    def signature(self, el: etree._Element) -> str:
        sig = self._signatures.get(el)
        if sig is None:
            # Digits in classes are item numbers ("post-123"), not structure.
            classes = sorted(c for c in (el.get("class") or "").split() if not _DIGIT.search(c))
            sig = self._signatures[el] = ".".join([str(el.tag), *classes])
        return sig

    def path(self, el: etree._Element) -> str:
        path = self._paths.get(el)
        if path is None:
            parent = el.getparent()
            own = self.signature(el)
            path = self._paths[el] = own if parent is None else f"{self.path(parent)}/{own}"
        return path

    def item_block(self, el: etree._Element) -> tuple[etree._Element | None, GroupKey | None]:
        """The nearest ancestor repeated among its siblings (a list item) and its group key."""
        node = el
        for _ in range(_MAX_ITEM_DEPTH):
            parent = node.getparent()
            if parent is None:
                break
            sig = self.signature(node)
            if self._child_signatures(parent)[sig] >= MIN_REPEATS:
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
        """HARD inside a menu, header or footer, SOFT inside a sidebar, else 0."""
        if el is None or not isinstance(el.tag, str):
            return 0
        cached = self._chrome.get(el)
        if cached is None:
            own = _own_chrome(el)
            if own and len(el.xpath(".//a[@href]")) > self._max_chrome_links:
                own = 0
            cached = self._chrome[el] = max(own, self.chrome(el.getparent()))
        return cached


def _own_chrome(el: etree._Element) -> int:
    tag = str(el.tag).lower()
    if tag in _NEVER_CHROME:
        return 0
    role = (el.get("role") or "").lower()
    if tag in _CHROME_TAGS or role in _CHROME_ROLES:
        return HARD
    if tag in _PAGE_TAGS:
        return 0 if next(el.iterancestors("article"), None) is not None else HARD
    level = SOFT if tag == "aside" or role == "complementary" else 0
    for token in f"{el.get('class') or ''} {el.get('id') or ''}".lower().split():
        words = set(_WORD_SPLIT.split(token))
        if token in _CHROME_TOKENS or (not token.startswith(_WRAPPER_PREFIXES) and _CHROME_WORDS & words):
            return HARD
        if _SOFT_WORDS & words:
            level = SOFT
    return level
