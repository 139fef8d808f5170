"""URL canonicalisation and crawl scope.

One article must have one URL in the frontier however it was linked: raw Arabic or
percent-encoded, with or without tracking parameters, fragment or default port.
The canonical form is ASCII (percent-encoded UTF-8, upper-case hex, punycode host),
so it is a valid URI to request and a stable key to deduplicate on.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field, replace
from urllib.parse import parse_qsl, quote, quote_plus, unquote, unquote_plus, urljoin, urlsplit, urlunsplit

from arabnews_archive.fetch.hosts import idna_host, site_host
from arabnews_archive.fetch.policy import url_problem

_DEFAULT_PORTS = {"http": 80, "https": 443}
# Functions of a URL alone are cached: a site's menus repeat the same links on every
# page, and decoding long percent-encoded Arabic paths costs more than the lookups.
URL_CACHE = 65536
# RFC 3986 pchar minus the letters/digits quote() keeps anyway; "/" is not here because
# segments are handled one at a time, so an encoded %2F inside a segment stays encoded.
_PATH_SAFE = "!$&'()*+,;=:@-._~"
_QUERY_SAFE = "!$'()*,;:@/?-._~"
_TRACKING_PARAMS = frozenset({
    "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "igshid", "igsh",
    "mc_cid", "mc_eid", "ref", "ref_src", "ref_url", "_ga", "_gl", "twclid", "ttclid",
    "li_fat_id", "mkt_tok", "_hsenc", "_hsmi", "s_cid", "ncid", "cmpid", "spm", "ito",
    "__twitter_impression", "amp_js_v", "usqp", "fb_action_ids", "fb_action_types", "fb_source",
})
_TRACKING_PREFIXES = ("utm_", "pk_", "mtm_", "oly_")
# Directory index documents a server serves for "dir/" anyway.
_INDEX_FILES = frozenset({"index.php", "index.html", "index.htm", "index.asp", "index.aspx", "default.aspx", "default.asp"})


def is_tracking_param(name: str) -> bool:
    name = name.lower()
    return name in _TRACKING_PARAMS or name.startswith(_TRACKING_PREFIXES)


def _requote(text: str, safe: str, *, plus: bool = False) -> str:
    """Decode then re-encode, so %D8%B3 and "س" (and %d8%b3) end up identical.

    Text whose escapes are not UTF-8 (old windows-1256 links) is left with its
    escapes as they are, only upper-cased, rather than mangled.
    """
    try:
        decoded = (unquote_plus if plus else unquote)(text, errors="strict")
    except UnicodeDecodeError:
        return re.sub(r"%[0-9a-fA-F]{2}", lambda m: m.group(0).upper(), text)
    return quote_plus(decoded, safe=safe) if plus else quote(decoded, safe=safe)


def _path(path: str, has_query: bool) -> str:
    segments: list[str] = []
    for segment in path.split("/")[1:] if path.startswith("/") else path.split("/"):
        if segment == ".":
            continue
        if segment == "..":
            if segments:
                segments.pop()
            continue
        segments.append(_requote(segment, _PATH_SAFE))
    if path.endswith(("/.", "/..")):
        segments.append("")  # "a/b/.." means the directory "a/"
    if segments and segments[-1].lower() in _INDEX_FILES and not has_query:
        segments[-1] = ""
    return "/" + "/".join(segments)


def _query(query: str) -> str:
    pairs = [(k, v) for k, v in parse_qsl(query, keep_blank_values=True) if not is_tracking_param(k)]
    pairs.sort()
    return "&".join(f"{quote_plus(k, safe=_QUERY_SAFE)}={quote_plus(v, safe=_QUERY_SAFE)}" for k, v in pairs)


@functools.lru_cache(maxsize=URL_CACHE)
def canonicalize(url: str) -> str:
    """The canonical form of an absolute http(s) URL (other schemes, and text that is no
    URL at all, such as `http://[::1`: returned stripped).

    Cached: every listing page repeats the site's navigation links."""
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS or not parts.hostname:
        return url
    host = idna_host(parts.hostname)
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    try:
        port = parts.port
    except ValueError:
        port = None
    netloc = host if port in (None, _DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    query = _query(parts.query)
    return urlunsplit((scheme, netloc, _path(parts.path, bool(query)), query, ""))


def absolute(base: str, href: str) -> str | None:
    """The canonical URL `href` leads to from a page at `base`, or None when that is not a
    URL that can be fetched (another scheme, no host, `http://[::1`, a port out of range):
    what a page, a feed, a sitemap or robots.txt names is checked before it is queued."""
    try:
        url = canonicalize(urljoin(base, href))
    except ValueError:
        return None
    return None if url_problem(url) else url


@functools.lru_cache(maxsize=URL_CACHE)
def display(url: str) -> str:
    """The canonical URL with its path and query decoded, for people to read."""
    try:
        return unquote(url, errors="strict")
    except UnicodeDecodeError:
        return url


def same_site(a: str, b: str) -> bool:
    """Same host, counting example.com and www.example.com as one (URLs or bare hosts)."""
    return site_host(a) == site_host(b)


@dataclass(frozen=True)
class Scope:
    """What a crawl may follow: one site, listings under `path_prefix`, regex filters.

    Patterns are searched in both the canonical (percent-encoded) and the decoded
    URL, so they may be written with Arabic letters.
    """

    host: str
    path_prefix: str = "/"
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    _include_re: tuple[re.Pattern[str], ...] = field(init=False, repr=False, compare=False)
    _exclude_re: tuple[re.Pattern[str], ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_include_re", tuple(re.compile(p) for p in self.include))
        object.__setattr__(self, "_exclude_re", tuple(re.compile(p) for p in self.exclude))

    @classmethod
    def for_section(cls, section_url: str, include: tuple[str, ...] = (),
                    exclude: tuple[str, ...] = ()) -> Scope:
        """The scope of a crawl started at a section page: its site, its path."""
        canonical = urlsplit(canonicalize(section_url))
        return cls(canonical.netloc, canonical.path or "/", include, exclude)

    def site_wide(self) -> Scope:
        """The same site and filters without the path restriction (articles live elsewhere)."""
        return replace(self, path_prefix="/")

    def matches_filters(self, url: str) -> bool:
        forms = (url, display(url))
        if self._include_re and not any(p.search(f) for p in self._include_re for f in forms):
            return False
        return not any(p.search(f) for p in self._exclude_re for f in forms)


def in_scope(url: str, scope: Scope) -> bool:
    """Whether a (canonical or raw) http(s) URL belongs to the crawl's scope."""
    canonical = canonicalize(url)
    try:
        parts = urlsplit(canonical)
    except ValueError:  # not a URL (`http://[::1`): in no scope
        return False
    if parts.scheme not in _DEFAULT_PORTS or not same_site(parts.netloc, scope.host):
        return False
    prefix = _path(scope.path_prefix, False) if scope.path_prefix != "/" else "/"
    return parts.path.startswith(prefix) and scope.matches_filters(canonical)
