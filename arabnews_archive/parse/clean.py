"""Pass 1, clean: remove what is never story text before looking for the story.

Removal is by tag (scripts, forms, embeds, figures), by ARIA role, and by class or id
naming a kind of boilerplate (share bars, comments, related lists, newsletters, ...).
A class, id or role match never removes an element holding a large share of the page's
prose (long runs of text outside links): a site that names its story wrapper
"new-ads-jquery-append" or marks it role="contentinfo" must not lose its story.
"""
from __future__ import annotations

import re

from lxml import etree

from arabnews_archive.parse.tree import attr_tokens, subtree_stats

# Never story text, whatever the page says.
DROP_TAGS = (
    "script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "canvas",
    "form", "button", "input", "select", "textarea", "label", "nav", "footer", "aside",
    "figure", "figcaption", "picture", "video", "audio", "map", "dialog", "menu", "link", "meta",
)
DROP_ROLES = {"navigation", "banner", "contentinfo", "complementary", "search", "dialog", "menu", "alert"}

# Whole class/id tokens (split on space, - and _) naming boilerplate.
BOILERPLATE_TOKENS = frozenset("""
    comment comments commentlist disqus respond reply replies
    share shares sharing sharebar sharethis addthis social socials socialmedia follow
    related relatedposts relatednews recommended recommendations suggested mostread mostviewed
    popular trending readmore readalso seealso alsoread
    newsletter subscribe subscription signup cookie cookies consent gdpr
    footer breadcrumb breadcrumbs crumbs tags tagcloud taglist keywords
    advert adverts advertisement ads adsbygoogle dfp banner sponsor sponsored promo outbrain taboola
    caption captions photocaption credit credits copyright
    sidebar widget widgets toolbar pagination pager
    navbar nav menu topbar masthead
    modal popup overlay gallery slideshow slider carousel jcarousel
""".split())
# Multi-word names that are only boilerplate as a whole ("read-more", not "more").
BOILERPLATE_PHRASES = re.compile(
    r"(?:^|[\s_-])(?:read[-_]?more|read[-_]?also|see[-_]?also|most[-_](?:read|viewed|popular)|"
    r"more[-_](?:news|stories|articles)|related[-_]\w+|author[-_]box|social[-_]\w+|share[-_]\w+|"
    r"embed(?:ded)?[-_]?(?:post|tweet)|twitter[-_]tweet|instagram[-_]media|fb[-_]post|"
    r"tiktok[-_]embed|wp[-_]caption)(?:$|[\s_-])"
)
_SPLIT = re.compile(r"[\s_-]+")

# An element holding more than this share of the page's prose is never removed by name or role.
MAX_PROSE_SHARE_REMOVED = 0.4


def is_boilerplate_name(el: etree._Element) -> bool:
    names = attr_tokens(el)
    if not names.strip():
        return False
    if BOILERPLATE_PHRASES.search(names):
        return True
    return any(tok in BOILERPLATE_TOKENS for tok in _SPLIT.split(names))


def clean(root: etree._Element) -> None:
    """Remove boilerplate elements from ``root`` in place."""
    etree.strip_elements(root, *DROP_TAGS, with_tail=False)
    stats = subtree_stats(root)
    limit = stats[root].prose * MAX_PROSE_SHARE_REMOVED
    doomed = []
    for el in root.iter(etree.Element):
        if el.tag in ("html", "body", "head"):
            continue
        role = (el.get("role") or "").lower()
        if role in DROP_ROLES or (el.get("aria-hidden") == "true" and el.tag != "span") or el.get("hidden") is not None:
            doomed.append(el)
        elif is_boilerplate_name(el):
            doomed.append(el)
    for el in doomed:
        parent = el.getparent()
        if parent is None:
            continue  # already gone with an ancestor
        if limit and stats[el].prose > limit:
            continue
        _drop_keep_tail(el)


def _drop_keep_tail(el: etree._Element) -> None:
    """Remove ``el`` but keep the text that follows it, which belongs to its parent."""
    parent = el.getparent()
    if el.tail:
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)
