"""Tell a listing page's article links from its navigation, by evidence that holds across sites.

Each URL is judged on what the page shows of it, never on one signal alone:
- its shape (`links.url_shape`): an id, a date or a long slug; or a listing word, which
  the page may overrule; or never (page numbers, files, calendars, the section itself);
- its text: headlines have several words, menu items and tags one to three;
- where it sits: inside the page chrome (menus, footers, sidebars) or the content;
- what the page repeats: item blocks of a list or grid (`layout.Layout.item_block`),
  and URL patterns (`links.url_pattern`).

A URL is an article when
1. it follows a URL pattern the page repeats for headlines (≥ 3 URLs, two thirds of them
   with headline text): a pattern learnt from the main list holds in the side blocks,
   the mega-menu and on image links too; only short menu labels are spared;
2. or it is the story of an item in a list whose items mostly carry headlines (the
   item's longest-titled link: not its category or author link), whatever its text;
3. or its own URL and text say so (article-shaped URL, headline text) outside menus and
   lists of short labels without pictures or dates.

Articles linked only from the chrome (menus, sidebars, footers: latest, most read) are
`side` articles: found, but not part of the listing's own list; the stories of the page's
main list (its list with the most headlines) in a sidebar-named column are its own.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from lxml import etree

from arabnews_archive.crawl.discover.layout import HARD, MIN_REPEATS, GroupKey, Layout
from arabnews_archive.crawl.discover.links import (
    ARTICLE, DATED, LISTING, NEVER, UNDECIDED, Link, Shape, is_headline, is_variable, says_next, url_pattern, url_shape,
    word_count,
)


@dataclass(frozen=True)
class Verdict:
    """One URL of the page: whether it is an article, and the evidence either way."""

    url: str
    text: str  # the longest text the page gives it
    article: bool
    side: bool  # an article linked only from the page chrome
    evidence: tuple[str, ...]


@dataclass(frozen=True)
class Classified:
    verdicts: list[Verdict]  # one per URL, in page order
    blocks: dict[str, etree._Element]  # article URL -> its item block, where it has one

    @property
    def articles(self) -> list[Verdict]:
        return [v for v in self.verdicts if v.article and not v.side]

    @property
    def side_articles(self) -> list[Verdict]:
        return [v for v in self.verdicts if v.article and v.side]


@dataclass
class _Url:
    """What the page shows of one URL, over all its links."""

    shape: Shape
    pattern: str
    text: str = ""
    chrome: int = HARD  # the least chrome-bound of its links
    block: etree._Element | None = None  # the item block of its first link that has one
    headline: bool = False  # set once all its links are in

    def add(self, link: Link, chrome: int, block: etree._Element | None) -> None:
        if len(link.text) > len(self.text):
            self.text = link.text
        self.chrome = min(self.chrome, chrome)
        if self.block is None:
            self.block = block


@dataclass(frozen=True)
class _Support:
    """How many URLs (or items) share a pattern (or list), how many carry headlines, and
    (items) how many show a picture or a date."""

    count: int
    headlines: int
    pictured: int = 0

    @property
    def strong(self) -> bool:
        """Most of them carry headlines: a list of stories, a story URL scheme."""
        return self.headlines >= MIN_REPEATS and 3 * self.headlines >= 2 * self.count

    @property
    def menu(self) -> bool:
        """Most of them carry short labels and no picture or date: a menu, a list of sections
        or tags (stories with short titles still show their picture or date)."""
        return self.count >= MIN_REPEATS and 2 * self.headlines < self.count and 2 * self.pictured < self.count


def classify(root: etree._Element, links: list[Link], section_path: str = "/") -> Classified:
    """Judge every URL `links` point to (see the module docstring)."""
    layout = Layout(root)
    urls: dict[str, _Url] = {}
    item_story: dict[etree._Element, tuple[int, str]] = {}  # item block -> (text length, its story URL)
    item_group: dict[etree._Element, GroupKey] = {}
    for link in links:
        seen = urls.get(link.url)
        if seen is None:
            seen = urls[link.url] = _Url(url_shape(link.url, section_path), url_pattern(link.url))
        # A page number, a file or the section itself is never an item's story.
        block, key = layout.item_block(link.element) if seen.shape.score != NEVER else (None, None)
        seen.add(link, layout.chrome(link.element), block)
        if block is not None and key is not None:
            item_group[block] = key
            if len(link.text) > item_story.get(block, (-1, ""))[0]:
                item_story[block] = (len(link.text), link.url)
    _title_by_heading(urls, item_story)
    for seen in urls.values():
        seen.headline = is_headline(seen.text)
    patterns = _pattern_support(urls)
    lists, main_list = _list_support(urls, item_story, item_group)
    verdicts = [_judge(url, seen, patterns.get(seen.pattern), lists.get(url), url in main_list)
                for url, seen in urls.items()]
    blocks = {v.url: urls[v.url].block for v in verdicts if v.article and urls[v.url].block is not None}
    return Classified(verdicts, blocks)


def _title_by_heading(urls: dict[str, _Url], item_story: dict[etree._Element, tuple[int, str]]) -> None:
    """An item whose link carries no headline (a card covered by one empty link, an image)
    is titled by its heading: the heading names the story the item links to."""
    for block, (_, url) in item_story.items():
        seen = urls[url]
        if is_headline(seen.text) or says_next(seen.text):
            continue
        for heading in block.iter("h1", "h2", "h3", "h4", "h5", "h6"):
            text = " ".join(heading.text_content().split())
            if is_headline(text) and next(heading.iter("a"), None) is None:
                seen.text = text
                break


def _pattern_support(urls: dict[str, _Url]) -> dict[str, _Support]:
    counts: Counter[str] = Counter()
    headlines: Counter[str] = Counter()
    for seen in urls.values():
        if seen.shape.score != NEVER and is_variable(seen.pattern):
            counts[seen.pattern] += 1
            headlines[seen.pattern] += seen.headline
    return {p: _Support(n, headlines[p]) for p, n in counts.items()}


def _list_support(urls: dict[str, _Url], item_story: dict[etree._Element, tuple[int, str]],
                  item_group: dict[etree._Element, GroupKey]) -> tuple[dict[str, _Support], set[str]]:
    """Per URL, the best-supported list in which it is an item's story (lists count their items
    and how many of those stories have headlines); and the stories of the page's main list,
    the one with the most headlines."""
    items: defaultdict[GroupKey, list[str]] = defaultdict(list)
    for block, (_, url) in item_story.items():
        items[item_group[block]].append(url)
    pictured: Counter[GroupKey] = Counter(
        item_group[block] for block in item_story
        if block.find(".//img") is not None or block.find(".//time") is not None)
    support = {key: _Support(len(stories), sum(urls[u].headline for u in stories), pictured[key])
               for key, stories in items.items()}
    best: dict[str, _Support] = {}
    for key, stories in items.items():
        for url in stories:
            if url not in best or support[key].headlines > best[url].headlines:
                best[url] = support[key]
    main = max((k for k in support if support[k].strong), key=lambda k: support[k].headlines, default=None)
    return best, set(items[main]) if main is not None else set()


def _judge(url: str, seen: _Url, pattern: _Support | None, in_list: _Support | None, in_main_list: bool) -> Verdict:
    shape = seen.shape
    evidence = [shape.reason] if shape.reason else []
    words = word_count(seen.text)
    counted = f"{words} word{'' if words == 1 else 's'}"
    evidence.append(f"headline text ({counted})" if seen.headline
                    else f"short text ({counted})" if words else "no text")
    if seen.chrome:
        evidence.append("in a menu, header or footer" if seen.chrome == HARD else "in a sidebar")
    if shape.score == NEVER:
        return Verdict(url, seen.text, False, False, tuple(evidence))
    menu = in_list is not None and in_list.menu and shape.score < DATED
    stories = in_list if in_list is not None and in_list.strong and not says_next(seen.text) else None
    votes = []
    # 1. The page's story pattern. Tags, authors and categories are named by slugs, stories
    # under such a word by ids (`/archives/48213`): only an id pattern overrules a listing
    # word. A short label in a menu is a section, even where the site numbers sections and
    # stories alike (`/page-24.html`, `/page-61234.html`).
    if pattern is not None and pattern.strong and (shape.score != LISTING or _has_id(seen.pattern)):
        evidence.append(f"follows {seen.pattern}, repeated by {pattern.count} links "
                        f"({pattern.headlines} with headlines)")
        votes.append((seen.chrome < HARD or seen.headline or stories is not None) and not (menu and not seen.headline))
    # 2. The story of an item in a list of stories. In a menu, a list of stories is all
    # headlines or links stories by their ids; its other lists name sections at length.
    if stories is not None:
        evidence.append(f"the story of an item in a list of {stories.count} ({stories.headlines} with headlines)")
        in_menu_ok = shape.score >= ARTICLE or stories.headlines == stories.count
        votes.append(shape.score >= UNDECIDED and (seen.chrome < HARD or in_menu_ok))
    # 3. Its own URL and headline, outside menus and menu-like lists.
    if menu:
        evidence.append("an item of a list of short labels without pictures or dates (a menu)")
    else:
        votes.append(shape.score >= ARTICLE and seen.headline and seen.chrome < HARD)
    article = any(votes)
    if not article and shape.score == LISTING:
        evidence.append("nothing on the page overrules its listing-like URL")
    # The page's main list is its own even in a column classed like a sidebar ("right-sidebar").
    side = seen.chrome == HARD or (seen.chrome > 0 and not in_main_list)
    return Verdict(url, seen.text, article, article and side, tuple(evidence))


def _has_id(pattern: str) -> bool:
    """Whether a URL pattern has a number or a code in its path (`/archives/N`, `/C`)."""
    return any(part == "C" or "N" in part for part in pattern.split("?", 1)[0].split("/"))
