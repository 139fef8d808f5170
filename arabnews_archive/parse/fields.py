"""Choosing each metadata field from the candidates the page offered."""
from __future__ import annotations

import re
from urllib.parse import urljoin

from arabnews_archive.parse.body import line_key
from arabnews_archive.parse.bylines import author_name
from arabnews_archive.parse.metadata import Metadata
from arabnews_archive.parse.tree import tidy

_TITLE_SEPARATORS = re.compile(r"\s+[|\-–—:«»·•]\s+|\s*[|•]\s*")
# Between names in a byline: commas, "و"/"and"/"&", "مع" ("with agencies"), bullets and bars.
_AUTHOR_SEPARATORS = re.compile(r"\s*(?:,|،|\s&\s|\sو\s|\sand\s|\sمع\s|•|\||/)\s*")
_HOME = {"الرئيسيه", "الرئيسية", "الصفحه الرئيسيه", "home", "accueil", "الرءيسيه"}
LANGUAGE_SAMPLE_CHARS = 5000
# A heading agrees with the declared titles when it shares this share of the shorter's words;
# an <h2> (teasers are <h2>s too) must agree more closely.
HEADING_AGREES = 0.6
SECOND_HEADING_AGREES = 0.8
# "الموضوع:", "خبر:", "عاجل:": a label before the headline is a word or two.
MAX_LABEL_WORDS = 2
# Runs, not single letters: counting by run lengths makes a list a word long, not a letter long.
_ARABIC_LETTERS = re.compile("[\u0621-\u064a]+")
_LATIN_LETTERS = re.compile("[A-Za-z]+")
# Compiled here rather than through re's 512-pattern cache, which other parsers in the
# same process can sweep (ours then recompile on every page).
_SCHEME = re.compile(r"^\w+://")
_WWW = re.compile(r"^www\.")
_HTTP_URL = re.compile(r"^https?://")


def _overlap(a: str, b: str) -> tuple[float, float]:
    """Shared words as a share of the shorter and of the longer of ``a`` and ``b``."""
    wa, wb = set(line_key(a).split()), set(line_key(b).split())
    if not wa or not wb:
        return 0.0, 0.0
    shared = len(wa & wb)
    return shared / min(len(wa), len(wb)), shared / max(len(wa), len(wb))


def strip_site_suffix(title: str, site_names: set[str]) -> str:
    """'Headline - Site' and 'Site | Headline' to 'Headline'."""
    parts = [p for p in _TITLE_SEPARATORS.split(title) if p.strip()]
    if len(parts) < 2:
        return title
    keep = [p for p in parts if not any(n and _overlap(p, n)[0] >= 0.8 for n in site_names)]
    if keep and len(keep) < len(parts):
        return tidy(" - ".join(keep))
    return tidy(max(parts, key=len))


def choose_title(meta: Metadata, site_names: set[str]) -> str | None:
    """The headline as displayed: the heading that agrees with the declared titles (an <h1>,
    else an <h2> that agrees closely), else a declared one."""
    declared = [t for t in meta.titles if t]
    if meta.page_title:
        declared.append(meta.page_title)
    shown = _agreeing_heading(meta.h1s, declared, site_names, HEADING_AGREES) or _agreeing_heading(
        meta.h2s, declared, site_names, SECOND_HEADING_AGREES)
    if shown:
        return _without_label(shown, declared, site_names)
    if not declared:
        return next((h1 for h1 in meta.h1s if len(h1) >= 8), None)
    for candidate in declared:
        title = strip_site_suffix(candidate, site_names)
        if title:
            return title
    return None


def _agreeing_heading(headings: list[str], declared: list[str], site_names: set[str], least: float) -> str | None:
    """The heading sharing most words with a declared title: of the shorter first, then of
    the longer (a logo heading printing the site's name shares all its few words with
    "Headline | Site", the headline shares more of it)."""
    best, best_score = None, (0.0, 0.0)
    for heading in headings:
        if any(n and line_key(heading) == line_key(n) for n in site_names) or len(heading) < 8:
            continue
        score = max((_overlap(heading, d) for d in declared), default=(0.0, 0.0))
        if score > best_score:
            best, best_score = heading, score
    return best if best_score[0] >= least else None


def _without_label(heading: str, declared: list[str], site_names: set[str]) -> str:
    """"الموضوع: Headline" shown, "Headline" declared: the label is not the headline's."""
    head, sep, rest = heading.partition(":")
    if sep and len(head.split()) <= MAX_LABEL_WORDS and rest.strip():
        if any(line_key(strip_site_suffix(d, site_names)) == line_key(rest) for d in declared):
            return tidy(rest)
    return heading


def site_names(meta: Metadata, url: str | None) -> set[str]:
    names = {meta.site_name, meta.publisher}
    if url:
        host = _WWW.sub("", _SCHEME.sub("", url).split("/")[0])
        names.add(host.split(".")[0])
    return {line_key(n) for n in names if n and line_key(n)}


def choose_authors(candidates: list[str], names: set[str], bare: bool = False) -> tuple[str, ...]:
    """The people among the candidates, each once: lists split ("أحمد وسارة"، "X, Y"), byline
    words, places, outlets and dates cut away, anything not a person's name dropped. ``bare``
    for names the page declares without printing them as a byline (see ``author_name``)."""
    out: dict[str, str] = {}
    for candidate in candidates:
        for part in _AUTHOR_SEPARATORS.split(candidate):
            author = author_name(part, names, bare)
            if author and line_key(author) not in out:
                out[line_key(author)] = author
    return tuple(out.values())


def choose_section(meta: Metadata, title: str | None) -> str | None:
    title_key = line_key(title or "")
    crumbs = [
        c for c in meta.breadcrumb
        if line_key(c) and line_key(c) not in _HOME and line_key(c) != title_key and len(c) < 50 and c not in ("»", "›", ">")
    ]
    if crumbs:
        return crumbs[-1]
    return next((s for s in meta.sections if s), None)


def choose_tags(meta: Metadata) -> tuple[str, ...]:
    out: dict[str, str] = {}
    for tag in meta.tags:
        tag = tidy(tag.strip("#"))
        if tag and len(tag) <= 60 and line_key(tag) not in out:
            out[line_key(tag)] = tag
    return tuple(out.values())


def choose_language(meta: Metadata, body: str) -> str | None:
    body = body[:LANGUAGE_SAMPLE_CHARS]
    arabic = sum(map(len, _ARABIC_LETTERS.findall(body)))
    latin = sum(map(len, _LATIN_LETTERS.findall(body)))
    if arabic and arabic >= latin:
        return "ar"
    declared = (meta.language or "").replace("_", "-").split("-")[0].strip().lower()
    return declared or ("en" if latin else None)


def absolute(url: str | None, base: str | None) -> str | None:
    if not url:
        return None
    url = url.strip()
    if base:
        url = urljoin(base, url)
    return url if _HTTP_URL.match(url) else (url if not base else None)
