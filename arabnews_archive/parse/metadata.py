"""Pass 0, metadata: read what the page says about itself before anything is removed.

Sources, most explicit first: JSON-LD (NewsArticle and its kin), OpenGraph and other
meta tags, microdata (itemprop), <time>, <link rel=canonical>, breadcrumbs and tag
lists. Each field keeps every candidate it found; later passes choose among them.
"""
from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass, field
from typing import Any, Iterator

from lxml import etree

from arabnews_archive.parse.clean import NAMES_CACHE_SIZE
from arabnews_archive.parse.pubdate import lines_after_headline, split_update_lines
from arabnews_archive.parse.tree import text_of, tidy

ARTICLE_TYPES = {
    "article", "newsarticle", "reportagenewsarticle", "analysisnewsarticle", "opinionnewsarticle",
    "backgroundnewsarticle", "reviewnewsarticle", "blogposting", "socialmediaposting", "liveblogposting",
    "scholarlyarticle", "techarticle", "report", "webpage", "videoobject",
}
PUBLISHED_META = (
    "article:published_time", "og:published_time", "og:article:published_time", "datepublished", "datecreated",
    "pubdate", "publishdate", "publishdt", "publish-date", "publish_date", "published", "published_date",
    "published_at", "date", "dc.date.issued", "dc.date", "dc.date.created", "dc.date.published", "dcterms.created",
    "dcterms.issued", "sailthru.date", "parsely-pub-date", "article.published", "published_time",
    "published_time_telegram", "original-publish-date", "cxenseparse:recs:publishtime",
)
UPDATED_META = (
    "article:modified_time", "og:updated_time", "og:update_time", "og:article:modified_time", "datemodified",
    "lastmod", "last-modified", "dcterms.modified", "updated_at",
)
_BYLINE_BOX = re.compile(r"(?:^|[\s_-])(?:author|authors|byline|by-line|writer|reporter|kateb)(?:$|[\s_-])")
_BYLINE_WORDS = ("author", "byline", "by-line", "writer", "reporter", "kateb")  # _BYLINE_BOX's, as substrings
MAX_BYLINE_CHARS = 80
MAX_H2S = 8
MAX_BYLINE_BOXES = 20
_TAG_BOX = re.compile(r"(?:^|[\s_-])(?:tags?|tagseo|tag[-_]?list|keywords|hashtags?|topics)(?:$|[\s_-])")
# A label that introduces the publication date in visible text ("تاريخ النشر: ...").
# The letters _DATE_LABEL's labels open with: most texts are turned away before the regex.
_LABEL_OPENINGS = frozenset("تانpPdD")
_DATE_LABEL = re.compile(r"^(?:تاريخ\s*النشر|التاريخ|تاريخ|نشر\s*(?:في|بتاريخ)?|نُشر\s*(?:في)?|published(?:\s*on)?|date)\s*:?$", re.I)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
# Compiled here rather than through re's 512-pattern cache, which other parsers in the
# same process can sweep (ours then recompile on every page).
_TRAILING_COMMA = re.compile(r",\s*([}\]])")
_LIST_SEPARATOR = re.compile(r"[,،]")


@dataclass(frozen=True)
class BylineBox:
    """A visible element naming a writer (by its class or id, itemprop="author" or
    rel="author"), with its ancestors as the page had them before cleaning: where it sits
    tells the story's byline from a list of columnists elsewhere on the page."""

    text: str
    ancestors: tuple[etree._Element, ...]


@dataclass
class Metadata:
    """Every candidate value the page offers, by field, in order of trust."""

    titles: list[str] = field(default_factory=list)
    published: list[tuple[str, str]] = field(default_factory=list)  # (source, raw value)
    updated: list[tuple[str, str]] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)
    bylines: list[BylineBox] = field(default_factory=list)  # visible byline boxes, in page order
    sections: list[str] = field(default_factory=list)
    breadcrumb: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    description: str | None = None
    images: list[str] = field(default_factory=list)
    canonical_url: str | None = None
    language: str | None = None
    site_name: str | None = None
    publisher: str | None = None
    article_body: str | None = None
    h1s: list[str] = field(default_factory=list)
    h2s: list[str] = field(default_factory=list)
    page_title: str | None = None


def _load_json(raw: str) -> Any:
    raw = _CONTROL.sub(" ", raw.strip().rstrip(";"))
    try:
        return json.loads(raw, strict=False)
    except ValueError:
        # Trailing commas are the commonest breakage in hand-written JSON-LD.
        try:
            return json.loads(_TRAILING_COMMA.sub(r"\1", raw), strict=False)
        except ValueError:
            return None


def _walk_jsonld(data: Any) -> Iterator[dict]:
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(reversed(item))
        elif isinstance(item, dict):
            yield item
            if "@graph" in item:
                stack.append(item["@graph"])


def _types(obj: dict) -> set[str]:
    t = obj.get("@type", [])
    return {str(x).lower() for x in (t if isinstance(t, list) else [t])}


def _names(value: Any) -> list[str]:
    """The names of the people in a JSON-LD author value: an item typed as anything but a
    Person (an Organization, a WebSite, a Brand) names no one; a URL is no name."""
    out = []
    for item in value if isinstance(value, list) else [value]:
        if isinstance(item, dict):
            types = _types(item)
            if types and "person" not in types:
                continue
            item = item.get("name")
        if isinstance(item, str) and item.strip() and "://" not in item:
            out.append(tidy(item))
    return out


def _urls(value: Any) -> list[str]:
    out = []
    for item in value if isinstance(value, list) else [value]:
        if isinstance(item, dict):
            item = item.get("url") or item.get("contentUrl") or item.get("@id")
        if isinstance(item, str) and item.strip():
            out.append(item.strip())
    return out


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [tidy(v) for v in _LIST_SEPARATOR.split(value) if v.strip()]
    if isinstance(value, list):
        return [tidy(v) for v in value if isinstance(v, str) and v.strip()]
    return []


def _read_jsonld(scripts: list[etree._Element], meta: Metadata) -> None:
    for script in scripts:
        if "ld+json" not in (script.get("type") or "").lower() or not script.text:
            continue
        for obj in _walk_jsonld(_load_json(script.text)):
            types = _types(obj)
            if "breadcrumblist" in types:
                items = sorted(
                    (i for i in obj.get("itemListElement") or [] if isinstance(i, dict)),
                    key=lambda i: i.get("position") if isinstance(i.get("position"), int) else 0,
                )
                names = [i.get("name") or (i.get("item") or {}).get("name") if isinstance(i.get("item"), dict) else i.get("name") for i in items]
                if not meta.breadcrumb:
                    meta.breadcrumb = [tidy(n) for n in names if isinstance(n, str) and n.strip()]
                continue
            if not types & ARTICLE_TYPES:
                if types & {"organization", "newsmediaorganization"} and isinstance(obj.get("name"), str):
                    meta.publisher = meta.publisher or tidy(obj["name"])
                continue
            weight = "jsonld" if types - {"webpage", "videoobject"} else "jsonld-page"
            if isinstance(obj.get("headline"), str):
                meta.titles.append(tidy(obj["headline"]))
            for key, target in (("datePublished", meta.published), ("dateCreated", meta.published), ("dateModified", meta.updated)):
                if isinstance(obj.get(key), str):
                    target.append((weight, obj[key]))
            meta.authors.extend(_names(obj.get("author") or obj.get("creator") or []))
            meta.sections.extend(_strings(obj.get("articleSection")))
            meta.tags.extend(_strings(obj.get("keywords")))
            meta.images.extend(_urls(obj.get("image") or obj.get("thumbnailUrl") or []))
            if isinstance(obj.get("description"), str) and not meta.description:
                meta.description = tidy(obj["description"])
            if isinstance(obj.get("articleBody"), str) and len(obj["articleBody"]) > len(meta.article_body or ""):
                meta.article_body = obj["articleBody"]
            publisher = obj.get("publisher")
            if isinstance(publisher, dict) and isinstance(publisher.get("name"), str):
                meta.publisher = meta.publisher or tidy(publisher["name"])
            if isinstance(obj.get("inLanguage"), str):
                meta.language = meta.language or obj["inLanguage"]


def _read_meta_tags(metas: list[etree._Element], meta: Metadata) -> None:
    head_titles: list[str] = []
    for el in metas:
        key = (el.get("property") or el.get("name") or el.get("itemprop") or el.get("http-equiv") or "").strip().lower()
        value = (el.get("content") or "").strip()
        if not key or not value:
            continue
        if key in ("og:title", "twitter:title", "title", "dc.title"):
            head_titles.append(tidy(value))
        elif key in PUBLISHED_META:
            meta.published.append((_date_source(el), value))
        elif key in UPDATED_META:
            meta.updated.append((_date_source(el), value))
        elif key in ("author", "article:author", "dc.creator", "byl", "sailthru.author", "parsely-author"):
            if not value.startswith("http"):
                meta.authors.extend(_strings(value))
        elif key in ("article:section", "section", "parsely-section", "category"):
            meta.sections.append(tidy(value))
        elif key in ("article:tag", "news_keywords", "keywords", "parsely-tags"):
            meta.tags.extend(_strings(value))
        elif key in ("og:description", "description", "twitter:description") and not meta.description:
            meta.description = tidy(value)
        elif key in ("og:image", "og:image:url", "twitter:image", "twitter:image:src", "thumbnail"):
            meta.images.append(value)
        elif key == "og:url" and not meta.canonical_url:
            meta.canonical_url = value
        elif key == "og:site_name":
            meta.site_name = tidy(value)
        elif key in ("og:locale", "content-language", "language", "dc.language") and not meta.language:
            meta.language = value
    meta.titles.extend(head_titles)


def _date_source(el: etree._Element) -> str:
    """A <meta> with only an itemprop is microdata: it dates whichever item holds it, a
    teaser's as often as the story's, so it counts as microdata, not as the page's own."""
    return "meta" if el.get("property") or el.get("name") else "itemprop"


def _read_microdata(itemprops: list[etree._Element], times: list[etree._Element], meta: Metadata) -> None:
    for el in itemprops:
        prop = el.get("itemprop", "").lower()
        if el.tag == "meta":
            continue
        value = el.get("content") or el.get("datetime") or text_of(el)
        if not value:
            continue
        if prop == "datepublished":
            meta.published.append(("itemprop", value))
        elif prop == "datemodified":
            meta.updated.append(("itemprop", value))
        elif prop == "headline":
            meta.titles.append(tidy(value))
        elif prop == "articlesection":
            meta.sections.append(tidy(value))
    for el in times:
        value = el.get("datetime") or text_of(el)
        if value:
            meta.published.append(("time", value))


def _read_byline_boxes(writers: list[etree._Element], meta: Metadata) -> None:
    """The writers' boxes in page order (by source line: close enough, and the only order
    the two lists share), each once: a box inside another (the writer's link in a byline
    box) is the same byline."""
    read: list[etree._Element] = []
    for el in sorted(writers, key=lambda el: el.sourceline or 0):
        if len(meta.bylines) >= MAX_BYLINE_BOXES:
            break
        ancestors = tuple(el.iterancestors())
        if any(box in ancestors for box in read):
            continue
        read.append(el)
        text = _box_name(el)
        if 0 < len(text) <= MAX_BYLINE_CHARS:
            meta.bylines.append(BylineBox(text, ancestors))


def _box_name(el: etree._Element) -> str:
    """The writer a box names: its microdata name, else its first link (the writer's page),
    else its own text."""
    for inner in el.iter():
        if inner is not el and (inner.get("itemprop") or "").lower() == "name" and text_of(inner):
            return text_of(inner)
    link = el if el.tag == "a" else next((a for a in el.iter("a") if text_of(a)), None)
    return text_of(link) if link is not None else text_of(el)


def _read_links(root: etree._Element, found: dict[str, list[etree._Element]], meta: Metadata) -> None:
    for el in found["link"]:
        rel = (el.get("rel") or "").lower().split()
        if "canonical" in rel and el.get("href"):
            meta.canonical_url = el.get("href").strip()
        elif "author" in rel and el.text:
            meta.authors.append(tidy(el.text))
    html_el = root if root.tag == "html" else next(iter(found["html"]), None)
    if html_el is not None:
        lang = html_el.get("lang") or html_el.get("{http://www.w3.org/XML/1998/namespace}lang")
        if lang:
            meta.language = lang


def _read_visible(found: dict[str, list[etree._Element]], meta: Metadata) -> list[etree._Element]:
    """The title, headings, breadcrumb, tags and date labels; returns the byline boxes named
    by class or id, for :func:`_read_byline_boxes`."""
    bylines = []
    if found["title"]:
        meta.page_title = text_of(found["title"][0])
    meta.h1s = [t for t in (text_of(h) for h in found["h1"]) if t]
    # A headline shown as an <h2> comes before the page's teasers: the first few are enough.
    meta.h2s = [t for t in (text_of(h) for h in found["h2"][:MAX_H2S]) if t]
    boxes = set()  # breadcrumb and tag boxes read as such: their own text is no date label
    for el in found["named"]:
        kind = _box_kind(f"{el.get('class') or ''} {el.get('id') or ''}")
        if kind == "breadcrumb" and not meta.breadcrumb:
            crumbs = [text_of(a) for a in el.iter("a", "span", "li") if not len(a) or a.tag == "a"]
            meta.breadcrumb = [c for c in dict.fromkeys(crumbs) if c and len(c) < 60]
            boxes.add(el)
        elif kind == "tags" and el.tag not in ("a", "body", "html"):
            meta.tags.extend(t for t in (text_of(a) for a in el.iter("a")) if t and len(t) < 60)
            boxes.add(el)
        elif kind == "byline":
            bylines.append(el)
    for el in found["labels"]:
        if el not in boxes and el.getparent() is not None:
            # From the label on: what precedes it in the box is not what it labels.
            text = text_of(el.getparent())
            start = max(text.find(el.text.strip()), 0)
            meta.published.append(("labelled", text[start:start + 120]))
    return bylines


# Microdata properties naming the writer (a <meta> one is read with the meta tags).
_WRITER_PROPS = frozenset({"author", "creator"})
# Tags whose elements the readers take from _gather's walk.
_GATHERED_TAGS = frozenset({"script", "meta", "link", "time", "title", "h1", "h2", "h3", "html"})


def _gather(root: etree._Element) -> dict[str, list[etree._Element]]:
    """The elements every reader needs, in document order, from one walk over the page: by
    tag, plus "itemprop" (microdata), "named" (a class or id), "labels" (own text that
    introduces a date) and "writers" (itemprop="author", rel="author"). A walk costs about
    the same whatever it looks for; a walk per reader cost a third of reading the metadata."""
    found: dict[str, list[etree._Element]] = {
        key: [] for key in (*_GATHERED_TAGS, "itemprop", "named", "labels", "writers")}
    # Every name looked up once per element: this loop runs over every element of every page.
    named, itemprops, labels, writers = found["named"], found["itemprop"], found["labels"], found["writers"]
    for el in root.iter(etree.Element):
        tag = el.tag
        if tag in _GATHERED_TAGS:
            found[tag].append(el)
        itemprop = el.get("itemprop")
        if itemprop is not None and el is not root:  # as ".//*[@itemprop]" found them
            itemprops.append(el)
        if el.get("class") or el.get("id"):
            named.append(el)
        if (itemprop and tag != "meta" and itemprop.lower() in _WRITER_PROPS) or (
                tag == "a" and "author" in (el.get("rel") or "").lower()):
            writers.append(el)
        text = el.text
        if text and len(text) < 60:
            text = text.strip()
            if text[:1] in _LABEL_OPENINGS and _DATE_LABEL.match(text):
                labels.append(el)
    return found


@functools.lru_cache(maxsize=NAMES_CACHE_SIZE)
def _box_kind(names: str) -> str | None:
    names = names.lower()
    if "bread" in names or "crumb" in names:  # any breadcrumb naming, "breadcru" included
        return "breadcrumb"
    # Substring tests first: most names hold none of the words the regexes look for.
    if ("tag" in names or "keywords" in names or "topics" in names) and _TAG_BOX.search(names):
        return "tags"
    if any(word in names for word in _BYLINE_WORDS) and _BYLINE_BOX.search(names):
        return "byline"
    return None


def read_metadata(root: etree._Element) -> Metadata:
    """All metadata candidates of a page, read before cleaning."""
    meta = Metadata()
    found = _gather(root)
    _read_jsonld(found["script"], meta)
    _read_meta_tags(found["meta"], meta)
    _read_microdata(found["itemprop"], found["time"], meta)
    _read_links(root, found, meta)
    named_bylines = _read_visible(found, meta)
    _read_byline_boxes(named_bylines + found["writers"], meta)
    # Sites print the story's date just under its headline, whatever the page's markup.
    headings = [*found["h1"], *(el for el in found["itemprop"] if el.get("itemprop") == "headline"), *found["h2"], *found["h3"]]
    published, updated = split_update_lines(lines_after_headline(headings, [*meta.titles, meta.page_title]))
    meta.published.extend(("headline", line) for line in published)
    meta.updated.extend(("headline", line) for line in updated)
    # Some sites stamp the date into the title ("Headline | DW | 25.12.2018"): weak evidence.
    meta.published.extend(("title", t) for t in [*meta.titles, meta.page_title] if t)
    return meta
