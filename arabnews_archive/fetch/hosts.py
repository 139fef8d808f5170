"""Who a URL belongs to: its site, and the server a crawl is polite to.

`site_host` is the site: articles are grouped by it, `--site` filters by it, a crawl
stays on it. `host_key` is the server: one request at a time and a delay between
requests hold per host and port.
"""
from __future__ import annotations

import functools
from urllib.parse import urlsplit


def idna_host(hostname: str) -> str:
    """A host name lower-cased, without a final dot, Unicode labels in punycode."""
    hostname = hostname.strip().rstrip(".").lower()
    try:
        return hostname.encode("idna").decode("ascii")
    except UnicodeError:
        return hostname


# Cached: a crawl asks for the site of the same menu links on every listing page.
@functools.lru_cache(maxsize=65536)
def site_host(url_or_host: str) -> str:
    """The site of a URL or a bare host: its host in punycode, without port or leading `www.`
    (example.com and www.example.com are one site)."""
    netloc = urlsplit(url_or_host).netloc if "://" in url_or_host else url_or_host
    host = idna_host(netloc.rsplit("@", 1)[-1].split(":")[0] if not netloc.startswith("[") else netloc)
    return host[4:] if host.startswith("www.") else host


def host_key(url_or_host: str) -> str:
    """The unit of politeness: host[:port], lower-cased, `www.` folded (same server)."""
    netloc = urlsplit(url_or_host).netloc if "://" in url_or_host else url_or_host
    netloc = netloc.lower().rsplit("@", 1)[-1]
    return netloc[4:] if netloc.startswith("www.") else netloc
