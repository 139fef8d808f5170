"""Pass 1, clean: remove what is never story text before looking for the story.

Removal is by tag (scripts, forms, embeds, figures), by ARIA role, and by class or id
naming a kind of boilerplate (share bars, comments, related lists, newsletters, ...).
A class, id or role match never removes an element holding a large share of the page's
prose (long runs of text outside links): a site that names its story wrapper
"new-ads-jquery-append" or marks it role="contentinfo" must not lose its story.
"""
from __future__ import annotations

import functools
import re
from collections.abc import Callable

from lxml import etree

from arabnews_archive.parse.body import same_text
from arabnews_archive.parse.tree import Stats, subtree_stats, text_of

# Never story text, whatever the page says.
DROP_TAGS = (
    "script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "canvas",
    "button", "input", "select", "textarea", "label", "figcaption", "picture", "video", "audio",
    "map", "link", "meta",
)
# Usually boilerplate, but judged like a boilerplate name, never dropped blindly: ASP.NET
# pages wrap the whole page in one <form>, and some themes put the story in an <aside>.
BOILERPLATE_TAGS = frozenset({"form", "nav", "footer", "aside", "figure", "dialog", "menu"})
DROP_ROLES = {"navigation", "banner", "contentinfo", "complementary", "search", "dialog", "menu", "alert"}

# Whole class/id tokens (split on space, - and _) naming boilerplate. Strong names are
# never a story's wrapper; weak ones ("ads", "banner", "nav") sometimes are, by accident
# of a site's naming ("new-ads-jquery-append" around the story), so they yield sooner.
STRONG_TOKENS = frozenset("""
    comment comments commentlist disqus respond replies
    share shares sharing sharebar sharethis addthis social socials socialmedia
    related relatedposts relatednews recommended recommendations mostread mostviewed
    readmore readalso seealso alsoread newsletter subscribe subscription cookie cookies consent gdpr
    footer breadcrumb breadcrumbs outbrain taboola gallery slideshow slider carousel jcarousel
    sidebar widget widgets
""".split())
WEAK_TOKENS = frozenset("""
    reply follow suggested popular trending signup crumbs tags tagcloud taglist keywords
    advert adverts advertisement ads adsbygoogle dfp banner sponsor sponsored promo
    caption captions photocaption credit credits copyright toolbar pagination pager
    navbar nav menu topbar masthead modal popup overlay
""".split())
# Multi-word names that are only boilerplate as a whole ("read-more", not "more").
BOILERPLATE_PHRASES = re.compile(
    r"(?:^|[\s_-])(?:read[-_]?more|read[-_]?also|see[-_]?also|most[-_](?:read|viewed|popular)|"
    r"more[-_](?:news|stories|articles)|related[-_]\w+|author[-_]box|social[-_]\w+|share[-_]\w+|"
    r"embed(?:ded)?[-_]?(?:post|tweet)|twitter[-_]tweet|instagram[-_]media|fb[-_]post|"
    r"tiktok[-_]embed|wp[-_]caption)(?:$|[\s_-])"
)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
# The attributes that can mark an element as boilerplate (by name, role or visibility).
# Where a displayed headline is looked for, most likely first.
HEADLINE_TAGS = ("h1", "h2", "h3")
NAMING_ATTRS = frozenset({"class", "id", "role", "hidden", "aria-hidden", "style"})
_SPLIT = re.compile(r"[\s_-]+")

# An element holding more than this share of the page's prose is kept whatever its name.
STRONG_KEEP_SHARE = 0.75
WEAK_KEEP_SHARE = 0.4


# Distinct "class id" strings: a page has a few hundred, a crawl of one site a few thousand
# (ids like "post-12345" never repeat). Too small a cache is swept by each page in turn.
NAMES_CACHE_SIZE = 16384


@functools.lru_cache(maxsize=NAMES_CACHE_SIZE)
def boilerplate_strength(names: str) -> float:
    """For an element's "class id" string: 0 when it names no boilerplate; else the prose
    share above which the element is kept anyway (it must be the story's wrapper, misnamed).
    Cached: a page repeats the same few class names thousands of times."""
    names = names.lower()
    tokens = _SPLIT.split(names)
    # The token set tests first: they are cheaper than the phrase regex and usually decide.
    if not STRONG_TOKENS.isdisjoint(tokens) or BOILERPLATE_PHRASES.search(names):
        return STRONG_KEEP_SHARE
    if not WEAK_TOKENS.isdisjoint(tokens):
        return WEAK_KEEP_SHARE
    return 0.0


def clean(root: etree._Element, title: str | None = None) -> tuple[dict[etree._Element, Stats], int]:
    """Remove boilerplate elements from ``root`` in place; returns the text statistics
    of what is left (kept up to date through the removals, to save a second pass) and
    the page's prose before anything was judged (what a story's share is measured against).

    The elements around the headline (``title`` as displayed) are never removed for their
    names: the story's wrapper is what holds its headline, whatever a theme calls it
    ("container sidebar-right", "widget Blog").
    """
    etree.strip_elements(root, *DROP_TAGS, with_tail=False)
    stats = subtree_stats(root)
    total_prose = stats[root].prose
    around_headline = _headline_ancestors(root, title)

    def is_boilerplate(el: etree._Element) -> bool:
        if el.tag in ("html", "body", "head") or el in around_headline:
            return False
        keep_share = _keep_share(el)
        return bool(keep_share) and not (total_prose and stats[el].prose > total_prose * keep_share)

    _sweep(root, stats, is_boilerplate)
    return stats, total_prose


def clean_markup_only(root: etree._Element) -> tuple[dict[etree._Element, Stats], int]:
    """The lenient clean of the fallback path: only what is never story text (scripts,
    embeds, form controls) and what the page hides; no judging by names or roles."""
    etree.strip_elements(root, *DROP_TAGS, with_tail=False)
    stats = subtree_stats(root)
    total_prose = stats[root].prose
    _sweep(root, stats, _is_hidden)
    return stats, total_prose


def _sweep(root: etree._Element, stats: dict[etree._Element, Stats], doomed: Callable[[etree._Element], bool]) -> None:
    """Remove every element below ``root`` that ``doomed`` judges so, with what is inside it.
    Only an element with a naming attribute or a boilerplate tag is judged at all."""
    found = []
    walker = etree.iterwalk(root, events=("start",), tag=etree.Element)
    for _, el in walker:
        # Testing attribute names here is three times faster than selecting the same elements
        # with XPath (libxml2 builds and sorts a node-set of every descendant for ".//*[...]").
        if NAMING_ATTRS.isdisjoint(el.keys()) and el.tag not in BOILERPLATE_TAGS:
            continue
        if el is not root and doomed(el):
            found.append(el)
            walker.skip_subtree()  # what is inside goes with it: no need to judge it
    # Removing after the walk is the same as removing during it: a removal changes only the
    # totals of the element's ancestors, and those come first in document order (already judged).
    for el in found:
        _remove(el, stats)


def _is_hidden(el: etree._Element) -> bool:
    return el.get("hidden") is not None or bool(_HIDDEN_STYLE.search(el.get("style") or ""))


def _headline_ancestors(root: etree._Element, title: str | None) -> set[etree._Element]:
    """The ancestors of the displayed headline: the first heading, not inside a link, that
    reads as ``title``. Empty when the page shows no such heading."""
    if not title:
        return set()
    for tag in HEADLINE_TAGS:
        for heading in root.iter(tag):
            if same_text(text_of(heading), title) and not any(a.tag == "a" for a in heading.iterancestors()):
                return set(heading.iterancestors())
    return set()


def _keep_share(el: etree._Element) -> float:
    """0 when nothing marks ``el`` as boilerplate; else the prose share that still keeps it."""
    if el.tag in BOILERPLATE_TAGS:
        return WEAK_KEEP_SHARE
    if _is_hidden(el) or (el.get("aria-hidden") == "true" and el.tag != "span"):
        return WEAK_KEEP_SHARE
    if (el.get("role") or "").lower() in DROP_ROLES:
        return WEAK_KEEP_SHARE
    return boilerplate_strength(f"{el.get('class') or ''} {el.get('id') or ''}")


def _remove(el: etree._Element, stats: dict[etree._Element, Stats]) -> None:
    """Remove ``el``, keeping the text after it (its parent's) and its ancestors' totals right."""
    gone = stats.get(el)
    parent = el.getparent()
    if gone is not None:
        link_text, prose = gone.link_text, gone.prose
        for ancestor in el.iterancestors():
            if ancestor.tag == "a":
                # Inside a link all text is link text and none is prose (see subtree_stats).
                link_text, prose = gone.text, 0
            totals = stats[ancestor]
            totals.text -= gone.text
            totals.link_text -= link_text
            totals.prose -= prose
    if el.tail:
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)
